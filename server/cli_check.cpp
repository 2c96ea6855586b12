// `accord-ls check`: the drafting checks on files, for CI, as compiler-style text, JSON or SARIF.
//
// Lines and columns are 1-based; columns count Unicode code points (characters), the unit a
// reader counts in and SARIF's "unicodeCodePoints" column kind. Exit codes: 0 clean (hints and
// information only), 1 when a warning or an error is found, 2 on bad usage or a file that
// cannot be read (the readable files are still checked and printed).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "grammar/analysis.h"
#include "grammar/files.h"
#include "grammar/line_index.h"
#include "server/cli.h"
#include "server/features/checks.h"
#include "server/features/fixes.h"
#include "server/features/house_style.h"

namespace accord::cli {

namespace {

using features::CheckCode;
using features::CheckOptions;
using features::Finding;
using features::Severity;
using json = nlohmann::json;

constexpr const char* kUsage =
    "usage: accord-ls check [--format text|json|sarif] [--first-use-scope document|section]\n"
    "                       [--well-known LIST] [--check CODE=off|error|warning|information|hint]\n"
    "                       [--house-style islets=FORM|sea=FORM]\n"
    "                       [--corpus DIR] [--lexicon DIR] [--no-bundled-corpus] FILE...\n"
    "\n"
    "Runs the drafting checks on each FILE (Markdown .md, LaTeX .tex, anything else as plain\n"
    "text) and prints file:line:column: severity: message [code], one finding a line, with the\n"
    "other places involved as 'note' lines. Lines and columns are 1-based; columns count\n"
    "characters (Unicode code points).\n"
    "  --format json   one JSON object: files, findings with ranges, related places and fixes\n"
    "  --format sarif  SARIF 2.1.0 for code-scanning tools\n"
    "  --well-known    comma-separated acronyms that need no spelling out (default\n"
    "                  UN,US,EU,UK,USA,NATO)\n"
    "  --check         a check's severity, or off; repeatable. Checks: used-before-defined,\n"
    "                  never-spelled-out, defined-twice, defined-two-ways, expansion-differs,\n"
    "                  used-once, fact-contradicts, undefined-acronym, house-style\n"
    "  --house-style   the form of a contested name the house uses; repeatable. islets=\n"
    "                  Dokdo/Takeshima, Takeshima/Dokdo, Dokdo, Takeshima or Liancourt Rocks;\n"
    "                  sea=East Sea, Sea of Japan, East Sea/Sea of Japan or Sea of Japan/East Sea\n"
    "Exit status: 0 clean, 1 a warning or error was found, 2 bad usage or an unreadable file.\n";

enum class Format { Text, Json, Sarif };

int usageError(const std::string& message) {
  std::cerr << "accord-ls check: " << message << "\n" << kUsage;
  return 2;
}

/// 1-based line and code-point column of byte offsets in the texts findings point into (the
/// checked files and the commentaries): one line index per text, built when it is first asked
/// about, so a file's many findings cost a binary search and a walk along one line each.
class Lines {
public:
  std::pair<uint32_t, uint32_t> at(std::string_view text, uint32_t offset) {
    auto [it, added] = index_.try_emplace({text.data(), text.size()});
    if (added)
      it->second = LineStarts(text);
    return it->second.lineColumn1(text, offset, ColumnUnit::CodePoints);
  }

private:
  std::map<std::pair<const char*, size_t>, LineStarts> index_;
};

struct CheckedFile {
  std::string path;
  Language language = Language::PlainText;
  std::string text;
  std::shared_ptr<const DraftAnalysis> analysis;
  std::vector<Finding> findings;
};

std::string languageName(Language l) {
  switch (l) {
  case Language::Markdown:
    return "markdown";
  case Language::Latex:
    return "latex";
  case Language::PlainText:
    return "plaintext";
  }
  return "plaintext";
}

/// The file a related place lives in, its text as the file holds it (a PDF's rendering, with
/// page markers) and the place's span in that text.
struct Where {
  std::string file;
  std::string_view text;
  Span span;
};
Where whereOf(const Knowledge& k, const CheckedFile& f, const features::RelatedSpan& r) {
  if (r.source < 0 || static_cast<size_t>(r.source) >= k.sources.size())
    return {f.path, f.text, r.span};
  const Source& src = k.sources[static_cast<size_t>(r.source)];
  if (src.path == src.original || src.format != SourceFormat::Pdf)
    return {src.path, src.text, r.span};
  // One rendering per source for the whole run: Lines keys its line indexes by the text.
  static std::map<const Source*, std::string> renderings;
  auto [it, fresh] = renderings.try_emplace(&src);
  if (fresh)
    it->second = renderText(src.text, src.anchors);
  return {src.path, it->second, src.renderedSpan(r.span)};
}

json region(Lines& lines, std::string_view text, Span span) {
  auto [l1, c1] = lines.at(text, span.begin);
  auto [l2, c2] = lines.at(text, span.end);
  return {{"startLine", l1}, {"startColumn", c1}, {"endLine", l2}, {"endColumn", c2}};
}

/// A relative or absolute path as a URI reference (percent-encoded; file:// when absolute).
std::string pathUri(const std::string& path) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return (!path.empty() && path[0] == '/') ? "file://" + out : out;
}

std::string sarifLevel(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  default:
    return "note";
  }
}

std::string ruleDescription(CheckCode c) {
  switch (c) {
  case CheckCode::UsedBeforeDefined:
    return "An acronym is used before the draft spells it out.";
  case CheckCode::NeverSpelledOut:
    return "An acronym is used but never spelled out.";
  case CheckCode::DefinedTwice:
    return "An acronym is spelled out more than once.";
  case CheckCode::DefinedTwoWays:
    return "An acronym is spelled out two different ways.";
  case CheckCode::ExpansionDiffers:
    return "An expansion differs from the commentaries'.";
  case CheckCode::UsedOnce:
    return "An acronym is used only once; the long form reads better.";
  case CheckCode::FactContradicts:
    return "A fact about an agreement contradicts the commentaries.";
  case CheckCode::UndefinedAcronym:
    return "An acronym Accord does not know is used but never spelled out.";
  case CheckCode::HouseStyle:
    return "A contested name is not in the form the house style names.";
  }
  return {};
}

/// A file named on the command line, or standard input for "-" (checked as plain text).
bool readInput(const std::string& path, std::string& out, std::string& error) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  return readFile(path, out, &error);
}

} // namespace

int runCheck(const CommonOptions& common, const std::vector<std::string>& args) {
  Format format = Format::Text;
  CheckOptions options;
  std::vector<std::string> files;
  bool endOfOptions = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view name, std::string& out) {
      if (a == name) {
        if (i + 1 >= args.size())
          return false;
        out = args[++i];
        return true;
      }
      out = a.substr(name.size() + 1);
      return true;
    };
    auto is = [&](std::string_view name) {
      return a == name || (a.size() > name.size() && a.starts_with(name) && a[name.size()] == '=');
    };
    if (endOfOptions || a == "-" || a.empty() || a[0] != '-') {
      files.push_back(a);
    } else if (a == "--") {
      endOfOptions = true;
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (is("--format")) {
      std::string v;
      if (!value("--format", v))
        return usageError("--format needs a value");
      if (v == "text")
        format = Format::Text;
      else if (v == "json")
        format = Format::Json;
      else if (v == "sarif")
        format = Format::Sarif;
      else
        return usageError("unknown format '" + v + "' (use text, json or sarif)");
    } else if (is("--first-use-scope")) {
      std::string v;
      if (!value("--first-use-scope", v))
        return usageError("--first-use-scope needs a value");
      if (v == "document")
        options.scope = features::FirstUseScope::Document;
      else if (v == "section")
        options.scope = features::FirstUseScope::Section;
      else
        return usageError("unknown first-use scope '" + v + "' (use document or section)");
    } else if (is("--house-style")) {
      std::string v;
      if (!value("--house-style", v))
        return usageError("--house-style needs a value");
      const size_t eq = v.find('=');
      const std::string which = v.substr(0, eq),
                        form = eq == std::string::npos ? "" : v.substr(eq + 1);
      auto known = [&](const auto& forms) {
        return std::find(forms.begin(), forms.end(), form) != forms.end();
      };
      if (which == "islets" && known(features::kIsletStyles))
        options.houseStyle.islets = form;
      else if (which == "sea" && known(features::kSeaStyles))
        options.houseStyle.sea = form;
      else
        return usageError("unknown house style '" + v +
                          "' (islets=Dokdo/Takeshima|Takeshima/Dokdo|Dokdo|Takeshima|Liancourt "
                          "Rocks, sea=East Sea|Sea of Japan|East Sea/Sea of Japan|Sea of "
                          "Japan/East Sea)");
    } else if (is("--well-known")) {
      std::string v;
      if (!value("--well-known", v))
        return usageError("--well-known needs a value");
      options.wellKnown.clear();
      std::stringstream ss(v);
      for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty())
          options.wellKnown.push_back(item);
    } else if (is("--check")) {
      std::string v;
      if (!value("--check", v))
        return usageError("--check needs CODE=SEVERITY");
      size_t eq = v.find('=');
      CheckCode code;
      Severity severity;
      if (eq == std::string::npos || !features::parseCheckCode(v.substr(0, eq), code))
        return usageError("unknown check in '--check " + v + "'");
      if (!features::parseSeverity(v.substr(eq + 1), severity))
        return usageError("unknown severity in '--check " + v +
                          "' (off, error, warning, information, hint)");
      options[code] = severity;
    } else {
      return usageError("unknown option '" + a + "'");
    }
  }
  if (files.empty())
    return usageError("no files to check");

  KnowledgeOptions ko;
  if (!common.noBundled) {
    if (std::string dir = Knowledge::bundledCorpusDir(); !dir.empty())
      ko.corpusRoots.push_back(dir);
    if (std::string dir = Knowledge::bundledLexiconDir(); !dir.empty())
      ko.lexiconDirs.push_back(dir);
  }
  for (const std::string& d : common.corpusDirs)
    ko.corpusRoots.push_back(d);
  for (const std::string& d : common.lexiconDirs)
    ko.lexiconDirs.push_back(d);
  // The workspace lexicon of the directory the check runs in, as the server reads it.
  std::error_code ec;
  if (std::filesystem::is_directory(".accord/lexicon", ec))
    ko.lexiconDirs.push_back(".accord/lexicon");
  ko.wellKnown = options.wellKnown;
  std::shared_ptr<const Knowledge> knowledge = Knowledge::build(ko);
  if (!knowledge) {
    std::cerr << "accord-ls check: could not load the knowledge base\n";
    return 2;
  }
  for (const DataError& e : knowledge->errors)
    std::cerr << "accord-ls: " << e.format() << "\n";

  std::vector<CheckedFile> checked;
  std::vector<std::pair<std::string, std::string>> unreadable;
  for (const std::string& path : files) {
    CheckedFile f;
    f.path = path;
    std::string error;
    if (!readInput(path, f.text, error)) {
      std::cerr << "accord-ls check: cannot read " << path << ": " << error << "\n";
      unreadable.emplace_back(path, error);
      continue;
    }
    f.language = languageFromId(std::filesystem::path(path).extension().string());
    f.analysis = analyzeDraft(*knowledge, f.text, f.language);
    f.findings = features::runChecks(*knowledge, *f.analysis, f.text, f.language, options);
    checked.push_back(std::move(f));
  }

  size_t counts[5] = {0, 0, 0, 0, 0};
  for (const CheckedFile& f : checked)
    for (const Finding& x : f.findings)
      ++counts[static_cast<size_t>(x.severity)];

  Lines lines; // every line and column printed below comes from its one index per text
  if (format == Format::Text) {
    for (const CheckedFile& f : checked) {
      for (const Finding& x : f.findings) {
        auto [line, col] = lines.at(f.text, x.span.begin);
        std::cout << f.path << ':' << line << ':' << col << ": " << features::toString(x.severity)
                  << ": " << x.message << " [" << features::toString(x.code) << "]\n";
        for (const features::RelatedSpan& r : x.related) {
          Where w = whereOf(*knowledge, f, r);
          auto [rl, rc] = lines.at(w.text, w.span.begin);
          std::cout << w.file << ':' << rl << ':' << rc << ": note: " << r.message << "\n";
        }
      }
    }
    std::cerr << checked.size() << (checked.size() == 1 ? " file" : " files")
              << " checked: " << counts[1] << " errors, " << counts[2] << " warnings, " << counts[3]
              << " information, " << counts[4] << " hints\n";
  } else if (format == Format::Json) {
    json out = json::object();
    out["version"] = ACCORD_VERSION;
    out["columns"] = "unicodeCodePoints";
    json jfiles = json::array();
    for (const CheckedFile& f : checked) {
      json jf = {
          {"file", f.path}, {"language", languageName(f.language)}, {"findings", json::array()}};
      for (const Finding& x : f.findings) {
        json jx = {{"code", features::toString(x.code)},
                   {"severity", features::toString(x.severity)},
                   {"message", x.message},
                   {"range", region(lines, f.text, x.span)},
                   {"related", json::array()},
                   {"fixes", json::array()}};
        for (const features::RelatedSpan& r : x.related) {
          Where w = whereOf(*knowledge, f, r);
          jx["related"].push_back(
              {{"file", w.file}, {"range", region(lines, w.text, w.span)}, {"message", r.message}});
        }
        for (const features::QuickFix& q : features::quickFixes(x, f.text)) {
          json edits = json::array();
          for (const features::TextEdit& e : q.edits)
            edits.push_back({{"range", region(lines, f.text, e.span)}, {"newText", e.newText}});
          jx["fixes"].push_back({{"title", q.title}, {"edits", edits}});
        }
        jf["findings"].push_back(std::move(jx));
      }
      jfiles.push_back(std::move(jf));
    }
    out["files"] = std::move(jfiles);
    json jerr = json::array();
    for (auto& [path, error] : unreadable)
      jerr.push_back({{"file", path}, {"message", "cannot read: " + error}});
    out["errors"] = std::move(jerr);
    out["summary"] = {{"error", counts[1]},
                      {"warning", counts[2]},
                      {"information", counts[3]},
                      {"hint", counts[4]}};
    std::cout << out.dump(2) << "\n";
  } else {
    json rules = json::array();
    for (size_t i = 0; i < features::kCheckCount; ++i) {
      CheckCode c = static_cast<CheckCode>(i);
      rules.push_back(
          {{"id", features::toString(c)},
           {"shortDescription", {{"text", ruleDescription(c)}}},
           {"defaultConfiguration", {{"level", sarifLevel(features::defaultSeverity(c))}}}});
    }
    json results = json::array();
    for (const CheckedFile& f : checked) {
      for (const Finding& x : f.findings) {
        json result = {
            {"ruleId", features::toString(x.code)},
            {"ruleIndex", static_cast<int>(x.code)},
            {"level", sarifLevel(x.severity)},
            {"message", {{"text", x.message}}},
            {"locations", json::array({{{"physicalLocation",
                                         {{"artifactLocation", {{"uri", pathUri(f.path)}}},
                                          {"region", region(lines, f.text, x.span)}}}}})}};
        if (!x.related.empty()) {
          json related = json::array();
          int id = 1;
          for (const features::RelatedSpan& r : x.related) {
            Where w = whereOf(*knowledge, f, r);
            related.push_back({{"id", id++},
                               {"message", {{"text", r.message}}},
                               {"physicalLocation",
                                {{"artifactLocation", {{"uri", pathUri(w.file)}}},
                                 {"region", region(lines, w.text, w.span)}}}});
          }
          result["relatedLocations"] = std::move(related);
        }
        json fixes = json::array();
        for (const features::QuickFix& q : features::quickFixes(x, f.text)) {
          json replacements = json::array();
          for (const features::TextEdit& e : q.edits)
            replacements.push_back({{"deletedRegion", region(lines, f.text, e.span)},
                                    {"insertedContent", {{"text", e.newText}}}});
          fixes.push_back(
              {{"description", {{"text", q.title}}},
               {"artifactChanges", json::array({{{"artifactLocation", {{"uri", pathUri(f.path)}}},
                                                 {"replacements", replacements}}})}});
        }
        if (!fixes.empty())
          result["fixes"] = std::move(fixes);
        results.push_back(std::move(result));
      }
    }
    json notifications = json::array();
    for (auto& [path, error] : unreadable)
      notifications.push_back(
          {{"level", "error"},
           {"message", {{"text", "cannot read " + path + ": " + error}}},
           {"locations", json::array({{{"physicalLocation",
                                        {{"artifactLocation", {{"uri", pathUri(path)}}}}}}})}});
    json invocation = {{"executionSuccessful", unreadable.empty()}};
    if (!notifications.empty())
      invocation["toolExecutionNotifications"] = std::move(notifications);
    json sarif = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs",
         json::array({{{"tool",
                        {{"driver",
                          {{"name", "accord-ls"}, {"version", ACCORD_VERSION}, {"rules", rules}}}}},
                       {"columnKind", "unicodeCodePoints"},
                       {"invocations", json::array({invocation})},
                       {"results", results}}})}};
    std::cout << sarif.dump(2) << "\n";
  }
  if (!unreadable.empty())
    return 2;
  return (counts[1] + counts[2]) > 0 ? 1 : 0;
}

} // namespace accord::cli
