// JSON conversions of the LSP structures: strict reading that names the field, sparse writing.
#include "server/protocol.h"

#include <limits>

#include "grammar/utf8.h"

namespace accord::lsp {

namespace {

std::string typeName(const json& j) {
  switch (j.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return "a boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "an integer";
  case json::value_t::number_float:
    return "a number";
  case json::value_t::string:
    return "a string";
  case json::value_t::array:
    return "an array";
  case json::value_t::object:
    return "an object";
  default:
    return "something else";
  }
}

[[noreturn]] void wrongType(const json& j, const char* expected) {
  throw rpc::InvalidParams("", std::string("expected ") + expected + ", got " + typeName(j));
}

/// Integers within [lo, hi]; JSON numbers like 3.0 are not integers here (LSP says integer).
int64_t readInteger(const json& j, int64_t lo, int64_t hi, const char* expected) {
  if (j.is_number_unsigned()) {
    auto v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(hi))
      wrongType(j, expected);
    return static_cast<int64_t>(v);
  }
  if (!j.is_number_integer())
    wrongType(j, expected);
  auto v = j.get<int64_t>();
  if (v < lo || v > hi)
    throw rpc::InvalidParams("", std::string("expected ") + expected + ", got " + j.dump());
  return v;
}

} // namespace

void read(const json& j, bool& out) {
  if (!j.is_boolean())
    wrongType(j, "a boolean");
  out = j.get<bool>();
}
void read(const json& j, int32_t& out) {
  out = static_cast<int32_t>(readInteger(j, std::numeric_limits<int32_t>::min(),
                                         std::numeric_limits<int32_t>::max(), "an integer"));
}
void read(const json& j, uint32_t& out) {
  out = static_cast<uint32_t>(
      readInteger(j, 0, std::numeric_limits<uint32_t>::max(), "a non-negative integer"));
}
void read(const json& j, int64_t& out) {
  out = readInteger(j, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                    "an integer");
}
void read(const json& j, double& out) {
  if (!j.is_number())
    wrongType(j, "a number");
  out = j.get<double>();
}
void read(const json& j, std::string& out) {
  if (!j.is_string())
    wrongType(j, "a string");
  out = j.get_ref<const std::string&>();
}
void read(const json& j, json& out) {
  out = j;
}
void expectObject(const json& j) {
  if (!j.is_object())
    wrongType(j, "an object");
}

// --- Basic structures ------------------------------------------------------------------------

void to_json(json& j, const Position& p) {
  j = {{"line", p.line}, {"character", p.character}};
}
void from_json(const json& j, Position& p) {
  expectObject(j);
  getRequired(j, "line", p.line);
  getRequired(j, "character", p.character);
}

void to_json(json& j, const Range& r) {
  j = {{"start", r.start}, {"end", r.end}};
}
void from_json(const json& j, Range& r) {
  expectObject(j);
  getRequired(j, "start", r.start);
  getRequired(j, "end", r.end);
}

void to_json(json& j, const Location& l) {
  j = {{"uri", l.uri}, {"range", l.range}};
}
void from_json(const json& j, Location& l) {
  expectObject(j);
  getRequired(j, "uri", l.uri);
  getRequired(j, "range", l.range);
}

void to_json(json& j, const LocationLink& l) {
  j = {{"targetUri", l.targetUri},
       {"targetRange", l.targetRange},
       {"targetSelectionRange", l.targetSelectionRange}};
  putOptional(j, "originSelectionRange", l.originSelectionRange);
}

void to_json(json& j, const TextDocumentIdentifier& t) {
  j = {{"uri", t.uri}};
}
void from_json(const json& j, TextDocumentIdentifier& t) {
  expectObject(j);
  getRequired(j, "uri", t.uri);
}

void from_json(const json& j, VersionedTextDocumentIdentifier& t) {
  expectObject(j);
  getRequired(j, "uri", t.uri);
  getRequired(j, "version", t.version);
}

void to_json(json& j, const OptionalVersionedTextDocumentIdentifier& t) {
  j = {{"uri", t.uri}, {"version", t.version ? json(*t.version) : json(nullptr)}};
}

void from_json(const json& j, TextDocumentItem& t) {
  expectObject(j);
  getRequired(j, "uri", t.uri);
  getRequired(j, "languageId", t.languageId);
  getRequired(j, "version", t.version);
  getRequired(j, "text", t.text);
}

void from_json(const json& j, TextDocumentPositionParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getRequired(j, "position", p.position);
}

void to_json(json& j, const TextEdit& e) {
  j = {{"range", e.range}, {"newText", e.newText}};
}
void from_json(const json& j, TextEdit& e) {
  expectObject(j);
  getRequired(j, "range", e.range);
  getRequired(j, "newText", e.newText);
}

void to_json(json& j, const TextDocumentEdit& e) {
  j = {{"textDocument", e.textDocument}, {"edits", e.edits}};
}

void to_json(json& j, const WorkspaceEdit& e) {
  j = json::object();
  putOptional(j, "changes", e.changes);
  putOptional(j, "documentChanges", e.documentChanges);
}

void to_json(json& j, const Command& c) {
  j = {{"title", c.title}, {"command", c.command}};
  putOptional(j, "arguments", c.arguments);
}
void from_json(const json& j, Command& c) {
  expectObject(j);
  getRequired(j, "title", c.title);
  getRequired(j, "command", c.command);
  getOptional(j, "arguments", c.arguments);
}

void to_json(json& j, const MarkupContent& m) {
  j = {{"kind", m.kind}, {"value", m.value}};
}
void from_json(const json& j, MarkupContent& m) {
  expectObject(j);
  getRequired(j, "kind", m.kind);
  getRequired(j, "value", m.value);
}

void to_json(json& j, const StringOrMarkup& v) {
  if (const auto* s = std::get_if<std::string>(&v))
    j = *s;
  else
    j = std::get<MarkupContent>(v);
}
void from_json(const json& j, StringOrMarkup& v) {
  if (j.is_string())
    v = j.get<std::string>();
  else {
    MarkupContent m;
    from_json(j, m);
    v = std::move(m);
  }
}

// --- Diagnostics -----------------------------------------------------------------------------

void to_json(json& j, const DiagnosticRelatedInformation& d) {
  j = {{"location", d.location}, {"message", d.message}};
}
void from_json(const json& j, DiagnosticRelatedInformation& d) {
  expectObject(j);
  getRequired(j, "location", d.location);
  getRequired(j, "message", d.message);
}

void to_json(json& j, const Diagnostic& d) {
  j = {{"range", d.range}, {"message", d.message}};
  putOptional(j, "severity", d.severity);
  putOptional(j, "code", d.code);
  if (d.codeDescription)
    j["codeDescription"] = {{"href", d.codeDescription->href}};
  putOptional(j, "source", d.source);
  putOptional(j, "tags", d.tags);
  putOptional(j, "relatedInformation", d.relatedInformation);
  putOptional(j, "data", d.data);
}
void from_json(const json& j, Diagnostic& d) {
  expectObject(j);
  getRequired(j, "range", d.range);
  getRequired(j, "message", d.message);
  getOptional(j, "severity", d.severity);
  // The code may be an integer (other servers' diagnostics); keep its text.
  if (auto it = j.find("code"); it != j.end() && !it->is_null())
    d.code = it->is_string() ? it->get<std::string>() : it->dump();
  if (auto it = j.find("codeDescription"); it != j.end() && it->is_object()) {
    CodeDescription cd;
    try {
      getRequired(*it, "href", cd.href);
    } catch (rpc::InvalidParams& e) {
      e.within("codeDescription");
      throw;
    }
    d.codeDescription = cd;
  }
  getOptional(j, "source", d.source);
  getOptional(j, "tags", d.tags);
  getOptional(j, "relatedInformation", d.relatedInformation);
  if (auto it = j.find("data"); it != j.end())
    d.data = *it;
}

void to_json(json& j, const PublishDiagnosticsParams& p) {
  j = {{"uri", p.uri}, {"diagnostics", p.diagnostics}};
  putOptional(j, "version", p.version);
}

namespace {

/// Appends JSON text the way nlohmann's dump(-1, ' ', false, replace) writes it.
struct TextWriter {
  std::string& out;

  void str(std::string_view s) {
    out += '"';
    size_t run = 0; // start of the bytes copied as they are
    for (size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
        ++i;
        continue;
      }
      if (c >= 0x80) {
        size_t len = validUtf8Length(s, i);
        if (len) {
          i += len;
          continue;
        }
        out.append(s.substr(run, i - run));
        out += "\xEF\xBF\xBD"; // one U+FFFD for the longest start of a sequence, as nlohmann
        i += invalidUtf8Length(s, i);
        run = i;
        continue;
      }
      out.append(s.substr(run, i - run));
      switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static const char hex[] = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
      }
      }
      run = ++i;
    }
    out.append(s.substr(run));
    out += '"';
  }

  void num(int64_t v) { out += std::to_string(v); }
  void key(const char* k) {
    out += '"';
    out += k;
    out += "\":";
  }
  void position(const Position& p) {
    out += "{\"character\":";
    num(p.character);
    out += ",\"line\":";
    num(p.line);
    out += '}';
  }
  void range(const Range& r) {
    out += "{\"end\":";
    position(r.end);
    out += ",\"start\":";
    position(r.start);
    out += '}';
  }
  void diagnostic(const Diagnostic& d) {
    // Keys in the order nlohmann writes them (sorted).
    out += '{';
    if (d.code)
      key("code"), str(*d.code), out += ',';
    if (d.codeDescription)
      key("codeDescription"), out += "{\"href\":", str(d.codeDescription->href), out += "},";
    if (d.data)
      key("data"), out += d.data->dump(-1, ' ', false, json::error_handler_t::replace), out += ',';
    key("message"), str(d.message);
    out += ',';
    key("range"), range(d.range);
    if (d.relatedInformation) {
      out += ',';
      key("relatedInformation");
      out += '[';
      bool first = true;
      for (const DiagnosticRelatedInformation& r : *d.relatedInformation) {
        if (!first)
          out += ',';
        first = false;
        out += "{\"location\":{\"range\":";
        range(r.location.range);
        out += ",\"uri\":";
        str(r.location.uri);
        out += "},\"message\":";
        str(r.message);
        out += '}';
      }
      out += ']';
    }
    if (d.severity)
      out += ',', key("severity"), num(static_cast<int>(*d.severity));
    if (d.source)
      out += ',', key("source"), str(*d.source);
    if (d.tags) {
      out += ',';
      key("tags");
      out += '[';
      for (size_t i = 0; i < d.tags->size(); ++i) {
        if (i)
          out += ',';
        num(static_cast<int>((*d.tags)[i]));
      }
      out += ']';
    }
    out += '}';
  }
};

} // namespace

std::string toJsonText(const PublishDiagnosticsParams& p) {
  std::string out;
  out.reserve(256 + p.diagnostics.size() * 512);
  TextWriter w{out};
  out += "{\"diagnostics\":[";
  for (size_t i = 0; i < p.diagnostics.size(); ++i) {
    if (i)
      out += ',';
    w.diagnostic(p.diagnostics[i]);
  }
  out += "],\"uri\":";
  w.str(p.uri);
  if (p.version)
    out += ",\"version\":", w.num(*p.version);
  out += '}';
  return out;
}

void from_json(const json& j, DocumentDiagnosticParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getOptional(j, "identifier", p.identifier);
  getOptional(j, "previousResultId", p.previousResultId);
}

void to_json(json& j, const FullDocumentDiagnosticReport& r) {
  j = {{"kind", "full"}, {"items", r.items}};
  putOptional(j, "resultId", r.resultId);
}
void to_json(json& j, const UnchangedDocumentDiagnosticReport& r) {
  j = {{"kind", "unchanged"}, {"resultId", r.resultId}};
}

// --- Document synchronisation ----------------------------------------------------------------

void from_json(const json& j, DidOpenTextDocumentParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
}
void from_json(const json& j, TextDocumentContentChangeEvent& e) {
  expectObject(j);
  getOptional(j, "range", e.range);
  getRequired(j, "text", e.text);
}
void from_json(const json& j, DidChangeTextDocumentParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getRequired(j, "contentChanges", p.contentChanges);
}
namespace {
/// Moves the string at obj[key] out (leaving "" so that validation still sees a string).
std::optional<std::string> stealString(json& obj, const char* key) {
  if (!obj.is_object())
    return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string())
    return std::nullopt;
  std::string out = std::move(it->get_ref<std::string&>());
  *it = std::string();
  return out;
}
} // namespace

template <> DidOpenTextDocumentParams takeParams<DidOpenTextDocumentParams>(json&& params) {
  std::optional<std::string> text;
  if (params.is_object())
    if (auto it = params.find("textDocument"); it != params.end())
      text = stealString(*it, "text");
  auto p = readParams<DidOpenTextDocumentParams>(params);
  if (text)
    p.textDocument.text = std::move(*text);
  return p;
}

template <> DidChangeTextDocumentParams takeParams<DidChangeTextDocumentParams>(json&& params) {
  std::vector<std::optional<std::string>> texts;
  if (params.is_object())
    if (auto it = params.find("contentChanges"); it != params.end() && it->is_array())
      for (auto& change : *it)
        texts.push_back(stealString(change, "text"));
  auto p = readParams<DidChangeTextDocumentParams>(params);
  for (size_t i = 0; i < texts.size() && i < p.contentChanges.size(); ++i)
    if (texts[i])
      p.contentChanges[i].text = std::move(*texts[i]);
  return p;
}

void from_json(const json& j, DidCloseTextDocumentParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
}
void from_json(const json& j, DidSaveTextDocumentParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getOptional(j, "text", p.text);
}

// --- Language features -----------------------------------------------------------------------

void to_json(json& j, const Hover& h) {
  j = {{"contents", h.contents}};
  putOptional(j, "range", h.range);
}

void from_json(const json& j, ReferenceParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getRequired(j, "position", p.position);
  // context is required by the spec, but some clients leave it out: default it.
  if (auto it = j.find("context"); it != j.end() && !it->is_null()) {
    try {
      expectObject(*it);
      if (it->contains("includeDeclaration"))
        getRequired(*it, "includeDeclaration", p.context.includeDeclaration);
    } catch (rpc::InvalidParams& e) {
      e.within("context");
      throw;
    }
  }
}

void to_json(json& j, const DocumentHighlight& h) {
  j = {{"range", h.range}};
  putOptional(j, "kind", h.kind);
}

void from_json(const json& j, CompletionParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getRequired(j, "position", p.position);
  if (auto it = j.find("context"); it != j.end() && !it->is_null()) {
    try {
      expectObject(*it);
      CompletionContext c;
      getRequired(*it, "triggerKind", c.triggerKind);
      getOptional(*it, "triggerCharacter", c.triggerCharacter);
      p.context = c;
    } catch (rpc::InvalidParams& e) {
      e.within("context");
      throw;
    }
  }
}

void to_json(json& j, const CompletionItem& c) {
  j = {{"label", c.label}};
  if (c.labelDetails) {
    json d = json::object();
    putOptional(d, "detail", c.labelDetails->detail);
    putOptional(d, "description", c.labelDetails->description);
    j["labelDetails"] = std::move(d);
  }
  putOptional(j, "kind", c.kind);
  putOptional(j, "detail", c.detail);
  putOptional(j, "documentation", c.documentation);
  putOptional(j, "preselect", c.preselect);
  putOptional(j, "sortText", c.sortText);
  putOptional(j, "filterText", c.filterText);
  putOptional(j, "insertText", c.insertText);
  putOptional(j, "insertTextFormat", c.insertTextFormat);
  putOptional(j, "textEdit", c.textEdit);
  putOptional(j, "additionalTextEdits", c.additionalTextEdits);
  putOptional(j, "command", c.command);
  putOptional(j, "data", c.data);
}
void from_json(const json& j, CompletionItem& c) {
  // For completionItem/resolve: the client sends back an item we produced.
  expectObject(j);
  getRequired(j, "label", c.label);
  getOptional(j, "kind", c.kind);
  getOptional(j, "detail", c.detail);
  getOptional(j, "documentation", c.documentation);
  getOptional(j, "preselect", c.preselect);
  getOptional(j, "sortText", c.sortText);
  getOptional(j, "filterText", c.filterText);
  getOptional(j, "insertText", c.insertText);
  getOptional(j, "insertTextFormat", c.insertTextFormat);
  if (auto it = j.find("textEdit"); it != j.end() && it->is_object() && it->contains("range")) {
    c.textEdit.emplace();
    try {
      from_json(*it, *c.textEdit);
    } catch (rpc::InvalidParams& e) {
      e.within("textEdit");
      throw;
    }
  }
  getOptional(j, "additionalTextEdits", c.additionalTextEdits);
  getOptional(j, "command", c.command);
  if (auto it = j.find("data"); it != j.end())
    c.data = *it;
}

void to_json(json& j, const CompletionList& c) {
  j = {{"isIncomplete", c.isIncomplete}, {"items", c.items}};
}

void from_json(const json& j, SemanticTokensParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
}
void from_json(const json& j, SemanticTokensRangeParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getRequired(j, "range", p.range);
}
void to_json(json& j, const SemanticTokensLegend& l) {
  j = {{"tokenTypes", l.tokenTypes}, {"tokenModifiers", l.tokenModifiers}};
}
void to_json(json& j, const SemanticTokens& t) {
  j = {{"data", t.data}};
  putOptional(j, "resultId", t.resultId);
}

void from_json(const json& j, DocumentSymbolParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
}

void to_json(json& j, const DocumentSymbol& s) {
  j = {
      {"name", s.name}, {"kind", s.kind}, {"range", s.range}, {"selectionRange", s.selectionRange}};
  putOptional(j, "detail", s.detail);
  if (s.children) {
    json children = json::array();
    for (const auto& c : *s.children)
      children.push_back(c);
    j["children"] = std::move(children);
  }
}

void to_json(json& j, const SymbolInformation& s) {
  j = {{"name", s.name}, {"kind", s.kind}, {"location", s.location}};
  putOptional(j, "containerName", s.containerName);
}

void from_json(const json& j, WorkspaceSymbolParams& p) {
  expectObject(j);
  getRequired(j, "query", p.query);
}

void to_json(json& j, const WorkspaceSymbol& s) {
  j = {{"name", s.name}, {"kind", s.kind}, {"location", s.location}};
  putOptional(j, "containerName", s.containerName);
  putOptional(j, "data", s.data);
}

void from_json(const json& j, DocumentLinkParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
}
void to_json(json& j, const DocumentLink& l) {
  j = {{"range", l.range}};
  putOptional(j, "target", l.target);
  putOptional(j, "tooltip", l.tooltip);
  putOptional(j, "data", l.data);
}

void from_json(const json& j, InlayHintParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getRequired(j, "range", p.range);
}
void to_json(json& j, const InlayHintLabelPart& p) {
  j = {{"value", p.value}};
  putOptional(j, "tooltip", p.tooltip);
  putOptional(j, "location", p.location);
  putOptional(j, "command", p.command);
}
void to_json(json& j, const InlayHint& h) {
  j = {{"position", h.position}};
  if (const auto* s = std::get_if<std::string>(&h.label))
    j["label"] = *s;
  else
    j["label"] = std::get<std::vector<InlayHintLabelPart>>(h.label);
  putOptional(j, "kind", h.kind);
  putOptional(j, "textEdits", h.textEdits);
  putOptional(j, "tooltip", h.tooltip);
  putOptional(j, "paddingLeft", h.paddingLeft);
  putOptional(j, "paddingRight", h.paddingRight);
  putOptional(j, "data", h.data);
}

void from_json(const json& j, CodeActionParams& p) {
  expectObject(j);
  getRequired(j, "textDocument", p.textDocument);
  getRequired(j, "range", p.range);
  auto it = j.find("context");
  if (it == j.end())
    throw rpc::InvalidParams("context", "is missing");
  try {
    expectObject(*it);
    getRequired(*it, "diagnostics", p.context.diagnostics);
    getOptional(*it, "only", p.context.only);
    getOptional(*it, "triggerKind", p.context.triggerKind);
  } catch (rpc::InvalidParams& e) {
    e.within("context");
    throw;
  }
}
void to_json(json& j, const CodeAction& a) {
  j = {{"title", a.title}};
  putOptional(j, "kind", a.kind);
  putOptional(j, "diagnostics", a.diagnostics);
  putOptional(j, "isPreferred", a.isPreferred);
  putOptional(j, "edit", a.edit);
  putOptional(j, "command", a.command);
  putOptional(j, "data", a.data);
}

void from_json(const json& j, ExecuteCommandParams& p) {
  expectObject(j);
  getRequired(j, "command", p.command);
  std::optional<std::vector<json>> args;
  getOptional(j, "arguments", args);
  p.arguments = args ? std::move(*args) : std::vector<json>{};
}

void to_json(json& j, const ApplyWorkspaceEditParams& p) {
  j = {{"edit", p.edit}};
  putOptional(j, "label", p.label);
}
void from_json(const json& j, ApplyWorkspaceEditResult& r) {
  expectObject(j);
  getRequired(j, "applied", r.applied);
  getOptional(j, "failureReason", r.failureReason);
}

// --- Window ----------------------------------------------------------------------------------

void to_json(json& j, const LogMessageParams& p) {
  j = {{"type", p.type}, {"message", p.message}};
}

void to_json(json& j, const WorkDoneProgressBegin& p) {
  j = {{"kind", "begin"}, {"title", p.title}};
  putOptional(j, "cancellable", p.cancellable);
  putOptional(j, "message", p.message);
  putOptional(j, "percentage", p.percentage);
}
void to_json(json& j, const WorkDoneProgressReport& p) {
  j = {{"kind", "report"}};
  putOptional(j, "cancellable", p.cancellable);
  putOptional(j, "message", p.message);
  putOptional(j, "percentage", p.percentage);
}
void to_json(json& j, const WorkDoneProgressEnd& p) {
  j = {{"kind", "end"}};
  putOptional(j, "message", p.message);
}

// --- Workspace -------------------------------------------------------------------------------

void to_json(json& j, const WorkspaceFolder& f) {
  j = {{"uri", f.uri}, {"name", f.name}};
}
void from_json(const json& j, WorkspaceFolder& f) {
  expectObject(j);
  getRequired(j, "uri", f.uri);
  getRequired(j, "name", f.name);
}
void from_json(const json& j, DidChangeWorkspaceFoldersParams& p) {
  expectObject(j);
  auto it = j.find("event");
  if (it == j.end())
    throw rpc::InvalidParams("event", "is missing");
  try {
    expectObject(*it);
    getRequired(*it, "added", p.event.added);
    getRequired(*it, "removed", p.event.removed);
  } catch (rpc::InvalidParams& e) {
    e.within("event");
    throw;
  }
}

void from_json(const json& j, DidChangeConfigurationParams& p) {
  expectObject(j);
  auto it = j.find("settings");
  p.settings = it == j.end() ? json() : *it;
}

void to_json(json& j, const ConfigurationItem& i) {
  j = json::object();
  putOptional(j, "scopeUri", i.scopeUri);
  putOptional(j, "section", i.section);
}

void from_json(const json& j, FileEvent& e) {
  expectObject(j);
  getRequired(j, "uri", e.uri);
  getRequired(j, "type", e.type);
}
void from_json(const json& j, DidChangeWatchedFilesParams& p) {
  expectObject(j);
  getRequired(j, "changes", p.changes);
}

void to_json(json& j, const Registration& r) {
  j = {{"id", r.id}, {"method", r.method}};
  putOptional(j, "registerOptions", r.registerOptions);
}

// --- Initialization --------------------------------------------------------------------------

void from_json(const json& j, InitializeParams& p) {
  expectObject(j);
  getOptional(j, "processId", p.processId);
  if (auto it = j.find("clientInfo"); it != j.end() && it->is_object()) {
    if (auto n = it->find("name"); n != it->end() && n->is_string())
      p.clientName = n->get<std::string>();
  }
  getOptional(j, "rootPath", p.rootPath);
  getOptional(j, "rootUri", p.rootUri);
  if (auto it = j.find("initializationOptions"); it != j.end())
    p.initializationOptions = *it;
  if (auto it = j.find("capabilities"); it != j.end()) {
    if (!it->is_object())
      throw rpc::InvalidParams("capabilities", "expected an object, got " + typeName(*it));
    p.capabilities = *it;
  } else {
    p.capabilities = json::object();
  }
  getOptional(j, "workspaceFolders", p.workspaceFolders);
}

namespace {

/// The value at a path of object keys, or null when any step is missing or not an object.
const json& at(const json& root, std::initializer_list<const char*> path) {
  static const json null;
  const json* cur = &root;
  for (const char* key : path) {
    if (!cur->is_object())
      return null;
    auto it = cur->find(key);
    if (it == cur->end())
      return null;
    cur = &*it;
  }
  return *cur;
}

bool flag(const json& root, std::initializer_list<const char*> path) {
  const json& v = at(root, path);
  return v.is_boolean() && v.get<bool>();
}

bool lists(const json& root, std::initializer_list<const char*> path, std::string_view value) {
  const json& v = at(root, path);
  if (!v.is_array())
    return false;
  for (const auto& e : v)
    if (e.is_string() && e.get_ref<const std::string&>() == value)
      return true;
  return false;
}

} // namespace

ClientCapabilities parseClientCapabilities(const json& c) {
  ClientCapabilities caps;
  caps.raw = c;
  const json& enc = at(c, {"general", "positionEncodings"});
  if (enc.is_array())
    for (const auto& e : enc)
      if (e.is_string())
        caps.positionEncodings.push_back(e.get<std::string>());
  caps.hoverMarkdown = lists(c, {"textDocument", "hover", "contentFormat"}, MarkupKind::Markdown);
  caps.completionMarkdown =
      lists(c, {"textDocument", "completion", "completionItem", "documentationFormat"},
            MarkupKind::Markdown);
  caps.completionSnippets =
      flag(c, {"textDocument", "completion", "completionItem", "snippetSupport"});
  caps.locationLinks = flag(c, {"textDocument", "definition", "linkSupport"});
  caps.pullDiagnostics = at(c, {"textDocument", "diagnostic"}).is_object();
  caps.diagnosticRelatedInformation =
      flag(c, {"textDocument", "publishDiagnostics", "relatedInformation"});
  caps.diagnosticTags = at(c, {"textDocument", "publishDiagnostics", "tagSupport"}).is_object();
  caps.codeDescription = flag(c, {"textDocument", "publishDiagnostics", "codeDescriptionSupport"});
  caps.codeActionLiterals =
      at(c, {"textDocument", "codeAction", "codeActionLiteralSupport"}).is_object();
  caps.hierarchicalDocumentSymbols =
      flag(c, {"textDocument", "documentSymbol", "hierarchicalDocumentSymbolSupport"});
  caps.applyEdit = flag(c, {"workspace", "applyEdit"});
  caps.documentChanges = flag(c, {"workspace", "workspaceEdit", "documentChanges"});
  caps.configuration = flag(c, {"workspace", "configuration"});
  caps.didChangeConfigurationDynamic =
      flag(c, {"workspace", "didChangeConfiguration", "dynamicRegistration"});
  caps.watchedFilesDynamic = flag(c, {"workspace", "didChangeWatchedFiles", "dynamicRegistration"});
  caps.workspaceFolders = flag(c, {"workspace", "workspaceFolders"});
  caps.workDoneProgress = flag(c, {"window", "workDoneProgress"});
  caps.showDocument = flag(c, {"window", "showDocument", "support"});
  caps.semanticTokensRefresh = flag(c, {"workspace", "semanticTokens", "refreshSupport"});
  caps.inlayHintRefresh = flag(c, {"workspace", "inlayHint", "refreshSupport"});
  caps.diagnosticRefresh = flag(c, {"workspace", "diagnostics", "refreshSupport"});
  return caps;
}

} // namespace accord::lsp
