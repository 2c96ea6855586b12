// LSP 3.17 structures the server uses, spelled as the spec spells them, with their JSON forms.
//
// Reading (from_json) is strict about types and names the field that does not fit, by
// throwing rpc::InvalidParams ("textDocument.position.line: expected a non-negative
// integer"), which the dispatcher answers with -32602. Writing (to_json) leaves optional
// fields out when they are empty: absent is not null (nlohmann 3.11.2 has no std::optional
// support, so getOptional/putOptional do it by hand).
#pragma once
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "server/positions.h"
#include "server/rpc.h"

namespace accord::lsp {

using json = nlohmann::json;
using DocumentUri = std::string;

// ---------------------------------------------------------------------------------------------
// Reading and writing helpers

/// Strict readers: the value must have the JSON type; otherwise rpc::InvalidParams.
void read(const json& j, bool& out);
void read(const json& j, int32_t& out);
void read(const json& j, uint32_t& out);
void read(const json& j, int64_t& out);
void read(const json& j, double& out);
void read(const json& j, std::string& out);
void read(const json& j, json& out);
/// Throws unless `j` is an object (every struct reader starts with this).
void expectObject(const json& j);

template <class T>
requires std::is_enum_v<T>
void read(const json& j, T& out) {
  int32_t v = 0;
  read(j, v);
  out = static_cast<T>(v);
}
template <class T> auto read(const json& j, T& out) -> decltype(from_json(j, out), void()) {
  from_json(j, out);
}
template <class T> void read(const json& j, std::vector<T>& out) {
  if (!j.is_array())
    throw rpc::InvalidParams("", "expected an array");
  out.clear();
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    try {
      read(j[i], out.emplace_back());
    } catch (rpc::InvalidParams& e) {
      e.within("[" + std::to_string(i) + "]");
      throw;
    }
  }
}

/// Reads the required member `key` of object `obj`.
template <class T> void getRequired(const json& obj, const char* key, T& out) {
  auto it = obj.find(key);
  if (it == obj.end())
    throw rpc::InvalidParams(key, "is missing");
  try {
    read(*it, out);
  } catch (rpc::InvalidParams& e) {
    e.within(key);
    throw;
  }
}

/// Reads the optional member `key`: absent or null leaves `out` empty.
template <class T> void getOptional(const json& obj, const char* key, std::optional<T>& out) {
  out.reset();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null())
    return;
  try {
    read(*it, out.emplace());
  } catch (rpc::InvalidParams& e) {
    e.within(key);
    throw;
  }
}

/// Writes `key` only when `value` is set.
template <class T> void putOptional(json& obj, const char* key, const std::optional<T>& value) {
  if (value)
    obj[key] = *value;
}

/// Reads a whole params object into T; a problem is reported under the field's path.
template <class T> T readParams(const json& params) {
  T out;
  try {
    read(params, out);
  } catch (rpc::InvalidParams& e) {
    if (e.field().empty())
      e.within("params");
    throw;
  }
  return out;
}

/// Like readParams, but may move big strings out of `params` (the dispatcher owns it):
/// a 1 MB didOpen is not copied on its way into the document store.
template <class P> P takeParams(json&& params) {
  if constexpr (std::is_same_v<P, json>)
    return std::move(params);
  else
    return readParams<P>(params);
}
struct DidOpenTextDocumentParams;
struct DidChangeTextDocumentParams;
template <> DidOpenTextDocumentParams takeParams<DidOpenTextDocumentParams>(json&& params);
template <> DidChangeTextDocumentParams takeParams<DidChangeTextDocumentParams>(json&& params);

// ---------------------------------------------------------------------------------------------
// Basic structures (Position and Range live in positions.h)

void to_json(json& j, const Position& p);
void from_json(const json& j, Position& p);
void to_json(json& j, const Range& r);
void from_json(const json& j, Range& r);

/// Represents a location inside a resource, such as a line inside a text file.
struct Location {
  DocumentUri uri;
  Range range;
  friend bool operator==(const Location&, const Location&) = default;
};
void to_json(json& j, const Location& l);
void from_json(const json& j, Location& l);

/// Represents a link between a source and a target location.
struct LocationLink {
  std::optional<Range> originSelectionRange; ///< span of the origin of this link (the mention)
  DocumentUri targetUri;                     ///< the target resource identifier of this link
  Range targetRange;                         ///< the full target range (e.g. the defining sentence)
  Range targetSelectionRange; ///< the part to select and reveal (e.g. the defined name)
};
void to_json(json& j, const LocationLink& l);

/// Text documents are identified using a URI.
struct TextDocumentIdentifier {
  DocumentUri uri; ///< the text document's URI
};
void to_json(json& j, const TextDocumentIdentifier& t);
void from_json(const json& j, TextDocumentIdentifier& t);

/// An identifier to denote a specific version of a text document.
struct VersionedTextDocumentIdentifier {
  DocumentUri uri;
  int32_t version = 0; ///< the version number of this document
};
void from_json(const json& j, VersionedTextDocumentIdentifier& t);

/// An identifier which optionally denotes a specific version of a text document.
struct OptionalVersionedTextDocumentIdentifier {
  DocumentUri uri;
  std::optional<int32_t> version; ///< null when the version is not known (written as null)
};
void to_json(json& j, const OptionalVersionedTextDocumentIdentifier& t);

/// An item to transfer a text document from the client to the server.
struct TextDocumentItem {
  DocumentUri uri;
  std::string languageId; ///< the text document's language identifier
  int32_t version = 0;    ///< increases after each change, including undo/redo
  std::string text;       ///< the content of the opened text document
};
void from_json(const json& j, TextDocumentItem& t);

/// A parameter literal used in requests to pass a text document and a position inside it.
struct TextDocumentPositionParams {
  TextDocumentIdentifier textDocument;
  Position position; ///< the position inside the text document
};
void from_json(const json& j, TextDocumentPositionParams& p);

/// A textual edit applicable to a text document.
struct TextEdit {
  Range range;         ///< the range to replace; make it empty to insert
  std::string newText; ///< the string to be inserted; empty to delete
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};
void to_json(json& j, const TextEdit& e);
void from_json(const json& j, TextEdit& e);

/// Describes textual changes on a single text document, at a known version.
struct TextDocumentEdit {
  OptionalVersionedTextDocumentIdentifier textDocument; ///< the text document to change
  std::vector<TextEdit> edits;                          ///< the edits to be applied
};
void to_json(json& j, const TextDocumentEdit& e);

/// Create file operation.
struct CreateFile {
  DocumentUri uri;             ///< the resource to create
  bool ignoreIfExists = false; ///< options.ignoreIfExists: an existing file is left as it is
};
void to_json(json& j, const CreateFile& c);

/// One entry of documentChanges: a text document edit or a resource operation.
using DocumentChange = std::variant<TextDocumentEdit, CreateFile>;

/// A workspace edit represents changes to many resources managed in the workspace.
struct WorkspaceEdit {
  std::optional<std::map<DocumentUri, std::vector<TextEdit>>> changes; ///< edits per document
  std::optional<std::vector<DocumentChange>> documentChanges; ///< versioned edits (preferred)
};
void to_json(json& j, const WorkspaceEdit& e);

/// Represents a reference to a command: a title and the command's identifier.
struct Command {
  std::string title;             ///< title of the command, like `save`
  std::string command;           ///< the identifier of the actual command handler
  std::optional<json> arguments; ///< arguments that the command handler should be invoked with
};
void to_json(json& j, const Command& c);
void from_json(const json& j, Command& c);

/// Describes the content type that a client supports in various result literals.
namespace MarkupKind {
inline constexpr const char* PlainText = "plaintext";
inline constexpr const char* Markdown = "markdown";
} // namespace MarkupKind

/// A `MarkupContent` literal represents a string value whose content is interpreted based on
/// its kind flag ("plaintext" or "markdown").
struct MarkupContent {
  std::string kind = MarkupKind::PlainText;
  std::string value;
};
void to_json(json& j, const MarkupContent& m);
void from_json(const json& j, MarkupContent& m);

/// Fields that are a string or a MarkupContent (documentation, tooltips).
using StringOrMarkup = std::variant<std::string, MarkupContent>;
void to_json(json& j, const StringOrMarkup& v);
void from_json(const json& j, StringOrMarkup& v);

// ---------------------------------------------------------------------------------------------
// Diagnostics

enum class DiagnosticSeverity : int { Error = 1, Warning = 2, Information = 3, Hint = 4 };
/// The diagnostic tags.
enum class DiagnosticTag : int { Unnecessary = 1, Deprecated = 2 };

/// Represents a related message and source code location for a diagnostic.
struct DiagnosticRelatedInformation {
  Location location;   ///< the location of this related diagnostic information
  std::string message; ///< the message of this related diagnostic information
};
void to_json(json& j, const DiagnosticRelatedInformation& d);
void from_json(const json& j, DiagnosticRelatedInformation& d);

/// Structure to capture a description for an error code.
struct CodeDescription {
  std::string href; ///< a URI to open with more information about the diagnostic error
};

/// Represents a diagnostic, such as a compiler error or warning.
struct Diagnostic {
  Range range;                                ///< the range at which the message applies
  std::optional<DiagnosticSeverity> severity; ///< the diagnostic's severity
  std::optional<std::string> code;            ///< the diagnostic's code ("used-before-defined" …)
  std::optional<CodeDescription> codeDescription; ///< describes the error code
  std::optional<std::string> source; ///< a human-readable string describing the source ("accord")
  std::string message;               ///< the diagnostic's message
  std::optional<std::vector<DiagnosticTag>> tags; ///< additional metadata about the diagnostic
  /// Related diagnostic information, e.g. where an acronym was first defined.
  std::optional<std::vector<DiagnosticRelatedInformation>> relatedInformation;
  std::optional<json> data; ///< preserved between publishDiagnostics and codeAction
};
void to_json(json& j, const Diagnostic& d);
void from_json(const json& j, Diagnostic& d);

/// Diagnostics notification are sent from the server to the client to signal results of
/// validation runs.
struct PublishDiagnosticsParams {
  DocumentUri uri;                ///< the URI for which diagnostic information is reported
  std::optional<int32_t> version; ///< the version number of the document the diagnostics are for
  std::vector<Diagnostic> diagnostics; ///< an array of diagnostic information items
};
void to_json(json& j, const PublishDiagnosticsParams& p);
/// The same JSON text as json(p).dump() (keys in order, invalid UTF-8 replaced by U+FFFD),
/// written directly: a long draft has hundreds of diagnostics, and building the json tree for
/// them cost more than running the checks (send it with rpc::Endpoint::notifyText).
std::string toJsonText(const PublishDiagnosticsParams& p);

/// Parameters of the document diagnostic request (pull diagnostics).
struct DocumentDiagnosticParams {
  TextDocumentIdentifier textDocument;
  std::optional<std::string> identifier; ///< the additional identifier provided during registration
  std::optional<std::string> previousResultId; ///< the result id of a previous response if provided
};
void from_json(const json& j, DocumentDiagnosticParams& p);

/// A diagnostic report with a full set of problems.
struct FullDocumentDiagnosticReport {
  std::optional<std::string> resultId; ///< an optional result id, sent back on the next request
  std::vector<Diagnostic> items;       ///< the actual items
};
void to_json(json& j, const FullDocumentDiagnosticReport& r); // writes kind: "full"

/// A diagnostic report indicating that the last returned report is still accurate.
struct UnchangedDocumentDiagnosticReport {
  std::string resultId; ///< a result id which will be sent on the next diagnostic request
};
void to_json(json& j, const UnchangedDocumentDiagnosticReport& r); // writes kind: "unchanged"

// ---------------------------------------------------------------------------------------------
// Document synchronisation

/// Defines how the host (editor) should sync document changes to the language server.
enum class TextDocumentSyncKind : int { None = 0, Full = 1, Incremental = 2 };

struct DidOpenTextDocumentParams {
  TextDocumentItem textDocument; ///< the document that was opened
};
void from_json(const json& j, DidOpenTextDocumentParams& p);

/// An event describing a change to a text document. Without a range, the whole text.
struct TextDocumentContentChangeEvent {
  std::optional<Range> range; ///< the range of the document that changed
  std::string text;           ///< the new text for the range (or the whole document)
};
void from_json(const json& j, TextDocumentContentChangeEvent& e);

struct DidChangeTextDocumentParams {
  VersionedTextDocumentIdentifier textDocument;               ///< the document that did change
  std::vector<TextDocumentContentChangeEvent> contentChanges; ///< applied in order
};
void from_json(const json& j, DidChangeTextDocumentParams& p);

struct DidCloseTextDocumentParams {
  TextDocumentIdentifier textDocument; ///< the document that was closed
};
void from_json(const json& j, DidCloseTextDocumentParams& p);

struct DidSaveTextDocumentParams {
  TextDocumentIdentifier textDocument; ///< the document that was saved
  std::optional<std::string> text;     ///< the content when saved, if includeText was true
};
void from_json(const json& j, DidSaveTextDocumentParams& p);

// ---------------------------------------------------------------------------------------------
// Language features

/// The result of a hover request.
struct Hover {
  MarkupContent contents;     ///< the hover's content
  std::optional<Range> range; ///< an optional range, e.g. the mention under the cursor
};
void to_json(json& j, const Hover& h);

/// Value-object that contains additional information when requesting references.
struct ReferenceContext {
  bool includeDeclaration = false; ///< include the declaration of the current symbol
};
struct ReferenceParams {
  TextDocumentIdentifier textDocument;
  Position position;
  ReferenceContext context;
};
void from_json(const json& j, ReferenceParams& p);

/// A document highlight kind.
enum class DocumentHighlightKind : int { Text = 1, Read = 2, Write = 3 };
/// A range inside a text document which deserves special attention.
struct DocumentHighlight {
  Range range;                               ///< the range this highlight applies to
  std::optional<DocumentHighlightKind> kind; ///< the highlight kind, default Text
};
void to_json(json& j, const DocumentHighlight& h);

/// How a completion was triggered.
enum class CompletionTriggerKind : int {
  Invoked = 1,
  TriggerCharacter = 2,
  TriggerForIncompleteCompletions = 3
};
/// Contains additional information about the context in which a completion request is triggered.
struct CompletionContext {
  CompletionTriggerKind triggerKind = CompletionTriggerKind::Invoked; ///< how it was triggered
  std::optional<std::string> triggerCharacter; ///< the trigger character, if that is the kind
};
struct CompletionParams {
  TextDocumentIdentifier textDocument;
  Position position;
  std::optional<CompletionContext> context; ///< the completion context, if the client sends it
};
void from_json(const json& j, CompletionParams& p);

/// The kind of a completion entry.
enum class CompletionItemKind : int {
  Text = 1,
  Method = 2,
  Function = 3,
  Constructor = 4,
  Field = 5,
  Variable = 6,
  Class = 7,
  Interface = 8,
  Module = 9,
  Property = 10,
  Unit = 11,
  Value = 12,
  Enum = 13,
  Keyword = 14,
  Snippet = 15,
  Color = 16,
  File = 17,
  Reference = 18,
  Folder = 19,
  EnumMember = 20,
  Constant = 21,
  Struct = 22,
  Event = 23,
  Operator = 24,
  TypeParameter = 25,
};
/// Defines whether the insert text in a completion item should be interpreted as plain text or a
/// snippet.
enum class InsertTextFormat : int { PlainText = 1, Snippet = 2 };

/// Additional details for a completion item label.
struct CompletionItemLabelDetails {
  std::optional<std::string> detail;      ///< rendered less prominently directly after the label
  std::optional<std::string> description; ///< rendered less prominently after detail
};

/// A completion item.
struct CompletionItem {
  std::string label; ///< the label of this completion item; also the text inserted by default
  std::optional<CompletionItemLabelDetails> labelDetails; ///< additional details for the label
  std::optional<CompletionItemKind> kind;                 ///< the kind of this completion item
  std::optional<std::string> detail; ///< a human-readable string with additional information
  std::optional<StringOrMarkup>
      documentation;                     ///< a human-readable string that represents a doc-comment
  std::optional<bool> preselect;         ///< select this item when showing
  std::optional<std::string> sortText;   ///< a string used when comparing this item with others
  std::optional<std::string> filterText; ///< a string used when filtering a set of items
  std::optional<std::string> insertText; ///< a string inserted when selecting this completion
  std::optional<InsertTextFormat> insertTextFormat; ///< the format of the insert text
  std::optional<TextEdit> textEdit; ///< an edit applied when selecting this completion
  std::optional<std::vector<TextEdit>> additionalTextEdits; ///< edits elsewhere (e.g. a definition)
  std::optional<Command> command;                           ///< a command executed after inserting
  std::optional<json> data; ///< preserved between completion and completionItem/resolve
};
void to_json(json& j, const CompletionItem& c);
void from_json(const json& j, CompletionItem& c);

/// Represents a collection of completion items to be presented in the editor.
struct CompletionList {
  bool isIncomplete = false;         ///< further typing should result in recomputing this list
  std::vector<CompletionItem> items; ///< the completion items
};
void to_json(json& j, const CompletionList& c);

struct SemanticTokensParams {
  TextDocumentIdentifier textDocument;
};
void from_json(const json& j, SemanticTokensParams& p);
struct SemanticTokensRangeParams {
  TextDocumentIdentifier textDocument;
  Range range; ///< the range the semantic tokens are requested for
};
void from_json(const json& j, SemanticTokensRangeParams& p);
/// The legend the server declares in its capabilities: token types and modifiers by index.
struct SemanticTokensLegend {
  std::vector<std::string> tokenTypes;     ///< the token types a server uses
  std::vector<std::string> tokenModifiers; ///< the token modifiers a server uses
};
void to_json(json& j, const SemanticTokensLegend& l);
/// Semantic tokens: five integers per token, relative to the previous one.
struct SemanticTokens {
  std::optional<std::string> resultId; ///< an optional result id, for delta requests
  std::vector<uint32_t> data;          ///< the actual tokens
};
void to_json(json& j, const SemanticTokens& t);

/// A symbol kind.
enum class SymbolKind : int {
  File = 1,
  Module = 2,
  Namespace = 3,
  Package = 4,
  Class = 5,
  Method = 6,
  Property = 7,
  Field = 8,
  Constructor = 9,
  Enum = 10,
  Interface = 11,
  Function = 12,
  Variable = 13,
  Constant = 14,
  String = 15,
  Number = 16,
  Boolean = 17,
  Array = 18,
  Object = 19,
  Key = 20,
  Null = 21,
  EnumMember = 22,
  Struct = 23,
  Event = 24,
  Operator = 25,
  TypeParameter = 26,
};

struct DocumentSymbolParams {
  TextDocumentIdentifier textDocument;
};
void from_json(const json& j, DocumentSymbolParams& p);

/// Represents programming constructs like variables, classes, interfaces etc. that appear in
/// a document. Document symbols can be hierarchical.
struct DocumentSymbol {
  std::string name;                     ///< the name of this symbol
  std::optional<std::string> detail;    ///< more detail for this symbol
  SymbolKind kind = SymbolKind::String; ///< the kind of this symbol
  Range range;          ///< the range enclosing this symbol (e.g. the whole section)
  Range selectionRange; ///< the range to select and reveal (e.g. the heading)
  std::optional<std::vector<DocumentSymbol>> children; ///< children of this symbol
};
void to_json(json& j, const DocumentSymbol& s);

/// Represents information about programming constructs (flat document symbols).
struct SymbolInformation {
  std::string name;                         ///< the name of this symbol
  SymbolKind kind = SymbolKind::String;     ///< the kind of this symbol
  Location location;                        ///< the location of this symbol
  std::optional<std::string> containerName; ///< the name of the symbol containing this symbol
};
void to_json(json& j, const SymbolInformation& s);

/// The parameters of a Workspace Symbol Request.
struct WorkspaceSymbolParams {
  std::string query; ///< a query string to filter symbols by; empty means all
};
void from_json(const json& j, WorkspaceSymbolParams& p);

/// A special workspace symbol that supports locations without a range.
struct WorkspaceSymbol {
  std::string name;                         ///< the name of this symbol
  SymbolKind kind = SymbolKind::String;     ///< the kind of this symbol
  std::optional<std::string> containerName; ///< the name of the symbol containing this symbol
  Location location;                        ///< the location of this symbol
  std::optional<json> data;                 ///< preserved between workspace symbol and resolve
};
void to_json(json& j, const WorkspaceSymbol& s);

struct DocumentLinkParams {
  TextDocumentIdentifier textDocument; ///< the document to provide document links for
};
void from_json(const json& j, DocumentLinkParams& p);
/// A document link is a range in a text document that links to an internal or external resource.
struct DocumentLink {
  Range range;                        ///< the range this link applies to
  std::optional<DocumentUri> target;  ///< the uri this link points to
  std::optional<std::string> tooltip; ///< the tooltip text when you hover over this link
  std::optional<json> data;           ///< preserved between documentLink and documentLink/resolve
};
void to_json(json& j, const DocumentLink& l);

/// A parameter literal used in inlay hint requests.
struct InlayHintParams {
  TextDocumentIdentifier textDocument;
  Range range; ///< the visible document range for which inlay hints should be computed
};
void from_json(const json& j, InlayHintParams& p);
/// Inlay hint kinds.
enum class InlayHintKind : int { Type = 1, Parameter = 2 };
/// An inlay hint label part allows for interactive and composite labels of inlay hints.
struct InlayHintLabelPart {
  std::string value;                     ///< the value of this label part
  std::optional<StringOrMarkup> tooltip; ///< the tooltip text when you hover over this part
  std::optional<Location> location;      ///< an optional source code location
  std::optional<Command> command;        ///< an optional command for this label part
};
void to_json(json& j, const InlayHintLabelPart& p);
/// Inlay hint information.
struct InlayHint {
  Position position;                                                ///< the position of this hint
  std::variant<std::string, std::vector<InlayHintLabelPart>> label; ///< the label of this hint
  std::optional<InlayHintKind> kind;                                ///< the kind of this hint
  std::optional<std::vector<TextEdit>> textEdits; ///< edits performed when accepting the hint
  std::optional<StringOrMarkup> tooltip; ///< the tooltip text when you hover over this item
  std::optional<bool> paddingLeft;       ///< render padding before the hint
  std::optional<bool> paddingRight;      ///< render padding after the hint
  std::optional<json> data;              ///< preserved between inlayHint and inlayHint/resolve
};
void to_json(json& j, const InlayHint& h);

/// The kind of a code action (hierarchical strings, e.g. "quickfix", "refactor.extract").
namespace CodeActionKind {
inline constexpr const char* QuickFix = "quickfix";
inline constexpr const char* Refactor = "refactor";
inline constexpr const char* RefactorRewrite = "refactor.rewrite";
inline constexpr const char* Source = "source";
} // namespace CodeActionKind
/// The reason why code actions were requested.
enum class CodeActionTriggerKind : int { Invoked = 1, Automatic = 2 };
/// Contains additional diagnostic information about the context in which a code action is run.
struct CodeActionContext {
  std::vector<Diagnostic> diagnostics;          ///< the diagnostics the client sees at the range
  std::optional<std::vector<std::string>> only; ///< requested kinds of actions to return
  std::optional<CodeActionTriggerKind> triggerKind; ///< the reason why code actions were requested
};
/// The parameters of a CodeActionRequest.
struct CodeActionParams {
  TextDocumentIdentifier textDocument; ///< the document in which the command was invoked
  Range range;                         ///< the range for which the command was invoked
  CodeActionContext context;           ///< context carrying additional information
};
void from_json(const json& j, CodeActionParams& p);
/// A code action represents a change that can be performed in code, e.g. to fix a problem.
struct CodeAction {
  std::string title;               ///< a short, human-readable title for this code action
  std::optional<std::string> kind; ///< the kind of the code action ("quickfix" …)
  std::optional<std::vector<Diagnostic>> diagnostics; ///< the diagnostics this action resolves
  std::optional<bool> isPreferred;   ///< marks this as a preferred action (auto fix)
  std::optional<WorkspaceEdit> edit; ///< the workspace edit this code action performs
  std::optional<Command> command;    ///< a command this code action executes (after the edit)
  std::optional<json> data;          ///< preserved between codeAction and codeAction/resolve
};
void to_json(json& j, const CodeAction& a);

/// The parameters of a workspace/executeCommand request.
struct ExecuteCommandParams {
  std::string command; ///< the identifier of the actual command handler
  std::vector<json>
      arguments; ///< arguments that the command should be invoked with (absent: empty)
};
void from_json(const json& j, ExecuteCommandParams& p);

/// The parameters passed via an apply workspace edit request.
struct ApplyWorkspaceEditParams {
  std::optional<std::string> label; ///< an optional label of the workspace edit (for undo)
  WorkspaceEdit edit;               ///< the edits to apply
};
void to_json(json& j, const ApplyWorkspaceEditParams& p);
/// The result returned from the apply workspace edit request.
struct ApplyWorkspaceEditResult {
  bool applied = false;                     ///< indicates whether the edit was applied or not
  std::optional<std::string> failureReason; ///< an optional textual description for why it failed
};
void from_json(const json& j, ApplyWorkspaceEditResult& r);

// ---------------------------------------------------------------------------------------------
// Window: messages and progress

/// The message type.
enum class MessageType : int { Error = 1, Warning = 2, Info = 3, Log = 4 };
/// The parameters of window/logMessage and window/showMessage.
struct LogMessageParams {
  MessageType type = MessageType::Log; ///< the message type
  std::string message;                 ///< the actual message
};
void to_json(json& j, const LogMessageParams& p);
using ShowMessageParams = LogMessageParams;

/// A token (integer or string) naming one progress report.
using ProgressToken = json;
/// Begins a work done progress report.
struct WorkDoneProgressBegin {
  std::string title;                  ///< mandatory title of the progress operation
  std::optional<bool> cancellable;    ///< show a cancel button (window/workDoneProgress/cancel)
  std::optional<std::string> message; ///< optional, more detailed progress message
  std::optional<uint32_t> percentage; ///< optional progress percentage, 0..100
};
void to_json(json& j, const WorkDoneProgressBegin& p); // writes kind: "begin"
/// Reports progress of a work done progress.
struct WorkDoneProgressReport {
  std::optional<bool> cancellable;
  std::optional<std::string> message;
  std::optional<uint32_t> percentage;
};
void to_json(json& j, const WorkDoneProgressReport& p); // writes kind: "report"
/// Signals the end of a work done progress.
struct WorkDoneProgressEnd {
  std::optional<std::string> message; ///< optional, a final message
};
void to_json(json& j, const WorkDoneProgressEnd& p); // writes kind: "end"

// ---------------------------------------------------------------------------------------------
// Workspace

/// A workspace folder as the client reports it.
struct WorkspaceFolder {
  DocumentUri uri;  ///< the associated URI for this workspace folder
  std::string name; ///< the name of the workspace folder, used to refer to it in the UI
  friend bool operator==(const WorkspaceFolder&, const WorkspaceFolder&) = default;
};
void to_json(json& j, const WorkspaceFolder& f);
void from_json(const json& j, WorkspaceFolder& f);
/// The workspace folder change event.
struct WorkspaceFoldersChangeEvent {
  std::vector<WorkspaceFolder> added;   ///< the array of added workspace folders
  std::vector<WorkspaceFolder> removed; ///< the array of the removed workspace folders
};
struct DidChangeWorkspaceFoldersParams {
  WorkspaceFoldersChangeEvent event; ///< the actual workspace folder change event
};
void from_json(const json& j, DidChangeWorkspaceFoldersParams& p);

struct DidChangeConfigurationParams {
  json settings; ///< the actual changed settings (null in the pull model)
};
void from_json(const json& j, DidChangeConfigurationParams& p);

/// One item of a workspace/configuration request.
struct ConfigurationItem {
  std::optional<DocumentUri> scopeUri; ///< the scope to get the configuration section for
  std::optional<std::string> section;  ///< the configuration section asked for
};
void to_json(json& j, const ConfigurationItem& i);

/// The file event type.
enum class FileChangeType : int { Created = 1, Changed = 2, Deleted = 3 };
/// An event describing a file change.
struct FileEvent {
  DocumentUri uri;                               ///< the file's URI
  FileChangeType type = FileChangeType::Changed; ///< the change type
};
void from_json(const json& j, FileEvent& e);
struct DidChangeWatchedFilesParams {
  std::vector<FileEvent> changes; ///< the actual file events
};
void from_json(const json& j, DidChangeWatchedFilesParams& p);

/// General parameters to register for a capability.
struct Registration {
  std::string id;     ///< the id used to register the request; can be used to deregister
  std::string method; ///< the method / capability to register for
  std::optional<json> registerOptions; ///< options necessary for the registration
};
void to_json(json& j, const Registration& r);

// ---------------------------------------------------------------------------------------------
// Initialization

/// What the server reads of InitializeParams.
struct InitializeParams {
  std::optional<int64_t> processId;      ///< the process id of the parent process (null: none)
  std::optional<std::string> clientName; ///< clientInfo.name
  std::optional<std::string> rootPath;   ///< deprecated in favour of rootUri
  std::optional<DocumentUri> rootUri;    ///< deprecated in favour of workspaceFolders
  json initializationOptions;            ///< user provided initialization options (null if none)
  json capabilities;                     ///< the capabilities provided by the client
  std::optional<std::vector<WorkspaceFolder>> workspaceFolders; ///< null: no folder open
};
void from_json(const json& j, InitializeParams& p);

/// The client capabilities the server acts on, read tolerantly (a malformed capability is
/// treated as absent; it never fails initialize).
struct ClientCapabilities {
  std::vector<std::string> positionEncodings; ///< general.positionEncodings, in preference order
  bool hoverMarkdown = false;                 ///< textDocument.hover.contentFormat lists markdown
  bool completionMarkdown = false;            ///< completionItem.documentationFormat lists markdown
  bool locationLinks = false;                 ///< textDocument.definition.linkSupport
  bool declarationLinks = false;              ///< textDocument.declaration.linkSupport
  bool semanticTokensMultiline = false;       ///< textDocument.semanticTokens.multilineTokenSupport
  bool pullDiagnostics = false;               ///< textDocument.diagnostic is present
  bool diagnosticRelatedInformation = false;  ///< publishDiagnostics.relatedInformation
  bool diagnosticTags = false;                ///< publishDiagnostics.tagSupport
  bool codeActionLiterals = false;            ///< textDocument.codeAction.codeActionLiteralSupport
  bool hierarchicalDocumentSymbols = false;   ///< documentSymbol.hierarchicalDocumentSymbolSupport
  bool applyEdit = false;                     ///< workspace.applyEdit
  bool documentChanges = false;               ///< workspace.workspaceEdit.documentChanges
  bool createFiles = false;   ///< workspace.workspaceEdit.resourceOperations lists create
  bool configuration = false; ///< workspace.configuration
  bool didChangeConfigurationDynamic =
      false;                        ///< workspace.didChangeConfiguration.dynamicRegistration
  bool watchedFilesDynamic = false; ///< workspace.didChangeWatchedFiles.dynamicRegistration
  /// workspace.didChangeWatchedFiles.relativePatternSupport
  bool watchedFilesRelativePatterns = false;
  bool workDoneProgress = false;      ///< window.workDoneProgress
  bool semanticTokensRefresh = false; ///< workspace.semanticTokens.refreshSupport
  bool inlayHintRefresh = false;      ///< workspace.inlayHint.refreshSupport
  bool diagnosticRefresh = false;     ///< workspace.diagnostics.refreshSupport
};
ClientCapabilities parseClientCapabilities(const json& capabilities);

} // namespace accord::lsp
