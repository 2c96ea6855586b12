// The lexicon loader: validates each entry of grammar/lexicon/*.json and reports bad ones by line.
#include "grammar/lexicon.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "grammar/files.h"
#include "grammar/json_depth.h"
#include "grammar/line_index.h"
#include "grammar/paths.h"
#include "grammar/recognizer.h"
#include "grammar/text.h"

namespace accord {

namespace {

using nlohmann::json;

// -- a small scanner that finds where array elements start ------------------------------

size_t skipWs(std::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
    ++i;
  return i;
}

/// The end of the JSON string starting at `i` (a quote), or npos.
size_t stringEnd(std::string_view s, size_t i) {
  for (size_t k = i + 1; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
    } else if (s[k] == '"') {
      return k + 1;
    }
  }
  return std::string_view::npos;
}

/// The end of the JSON value starting at `i`, or npos.
size_t valueEnd(std::string_view s, size_t i) {
  if (i >= s.size())
    return std::string_view::npos;
  if (s[i] == '"')
    return stringEnd(s, i);
  if (s[i] == '{' || s[i] == '[') {
    int depth = 0;
    for (size_t k = i; k < s.size(); ++k) {
      char c = s[k];
      if (c == '"') {
        k = stringEnd(s, k);
        if (k == std::string_view::npos)
          return k;
        --k;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0)
          return k + 1;
      }
    }
    return std::string_view::npos;
  }
  size_t k = i;
  while (k < s.size() && s[k] != ',' && s[k] != '}' && s[k] != ']' && s[k] != ' ' && s[k] != '\n' &&
         s[k] != '\r' && s[k] != '\t')
    ++k;
  return k;
}

std::vector<size_t> elementsOfArrayAt(std::string_view s, size_t open) {
  std::vector<size_t> out;
  size_t i = skipWs(s, open + 1);
  if (i < s.size() && s[i] == ']')
    return out;
  while (i < s.size()) {
    out.push_back(i);
    size_t e = valueEnd(s, i);
    if (e == std::string_view::npos)
      break;
    i = skipWs(s, e);
    if (i >= s.size() || s[i] != ',')
      break;
    i = skipWs(s, i + 1);
  }
  return out;
}

} // namespace

std::vector<size_t> jsonArrayElementOffsets(std::string_view s, std::string_view key) {
  size_t i = skipWs(s, 0);
  if (s.substr(i, 3) == "\xEF\xBB\xBF")
    i = skipWs(s, i + 3);
  if (i >= s.size())
    return {};
  if (key.empty())
    return s[i] == '[' ? elementsOfArrayAt(s, i) : std::vector<size_t>{};
  if (s[i] != '{')
    return {};
  i = skipWs(s, i + 1);
  while (i < s.size() && s[i] == '"') {
    size_t ke = stringEnd(s, i);
    if (ke == std::string_view::npos)
      return {};
    std::string_view k = s.substr(i + 1, ke - i - 2);
    i = skipWs(s, ke);
    if (i >= s.size() || s[i] != ':')
      return {};
    i = skipWs(s, i + 1);
    if (k == key)
      return i < s.size() && s[i] == '[' ? elementsOfArrayAt(s, i) : std::vector<size_t>{};
    size_t ve = valueEnd(s, i);
    if (ve == std::string_view::npos)
      return {};
    i = skipWs(s, ve);
    if (i >= s.size() || s[i] != ',')
      return {};
    i = skipWs(s, i + 1);
  }
  return {};
}

uint32_t lineOfOffset(std::string_view text, size_t offset) {
  return lineNumberAt(text, offset);
}

std::vector<uint32_t> linesOfOffsets(std::string_view text, const std::vector<size_t>& offsets) {
  const LineStarts lines(text);
  std::vector<uint32_t> out;
  out.reserve(offsets.size());
  for (size_t offset : offsets)
    out.push_back(lines.lineOf(static_cast<uint32_t>(std::min(offset, text.size()))) + 1);
  return out;
}

namespace {

bool validId(const std::string& id) {
  if (id.empty())
    return false;
  auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && c == '-');
  };
  for (size_t i = 0; i < id.size(); ++i)
    if (!ok(id[i], i == 0))
      return false;
  return true;
}

bool validText(const std::string& s) {
  if (s.empty())
    return false;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  return !space(s.front()) && !space(s.back());
}

bool validDate(const std::string& d) {
  auto digits = [&](size_t b, size_t n) {
    for (size_t k = b; k < b + n; ++k)
      if (k >= d.size() || d[k] < '0' || d[k] > '9')
        return false;
    return true;
  };
  if (d.size() != 4 && d.size() != 7 && d.size() != 10)
    return false;
  if (!digits(0, 4))
    return false;
  if (d.size() == 4)
    return true;
  if (d[4] != '-' || !digits(5, 2))
    return false;
  int month = std::stoi(d.substr(5, 2));
  if (month < 1 || month > 12)
    return false;
  if (d.size() == 7)
    return true;
  if (d[7] != '-' || !digits(8, 2))
    return false;
  int year = std::stoi(d.substr(0, 4));
  int day = std::stoi(d.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day < 1 || day > kDays[month - 1])
    return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

/// "(" that is not "(?…", outside a character class and not escaped.
bool hasCapturingGroup(std::string_view p) {
  bool inClass = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      if (i + 1 < p.size() && p[i + 1] == 'Q') {
        size_t e = p.find("\\E", i + 2);
        if (e == std::string_view::npos)
          return false;
        i = e + 1;
      } else {
        ++i;
      }
      continue;
    }
    if (inClass) {
      if (c == ']')
        inClass = false;
      continue;
    }
    if (c == '[') {
      inClass = true;
      if (i + 1 < p.size() && p[i + 1] == '^')
        ++i;
      if (i + 1 < p.size() && p[i + 1] == ']')
        ++i; // "[]…]" starts with a literal ]
      continue;
    }
    if (c == '(') {
      if (i + 1 >= p.size() || p[i + 1] != '?')
        return true;
      if (i + 2 < p.size() && (p[i + 2] == 'P' || p[i + 2] == '<'))
        return true; // named group
    }
  }
  return false;
}

const char* const kFields[] = {"id",       "kind",       "short", "long",    "aliases",
                               "patterns", "gloss",      "dates", "parties", "wellKnown",
                               "sources",  "contextual", "names"};

/// Whether `s` holds a code point of Hangul, kana or CJK ideographs (a name in the region's
/// languages must: a Latin "name" belongs in `aliases`).
bool hasCjk(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    if (len == 0)
      return false;
    if (isCjkCodePoint(c))
      return true;
    i += len;
  }
  return false;
}

/// Whether `s` holds a full-width Latin letter or digit (U+FF10–U+FF5A): the recogniser folds
/// those to ASCII before matching, so a name must be written with ASCII ones.
bool hasFullWidthAlnum(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    if (len == 0)
      return false;
    if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
        (c >= 0xFF41 && c <= 0xFF5A))
      return true;
    i += len;
  }
  return false;
}

/// Reads "names": [{"text": …, "lang": "ko"|"ja", "form": …}]. Appends each text to
/// `t.aliases` (unless already there) so the recogniser matches it like any alias.
bool readNames(const json& j, Term& t, std::string& why) {
  if (!j.contains("names"))
    return true;
  if (!j["names"].is_array()) {
    why = "\"names\" must be an array of {\"text\": \"지소미아\", \"lang\": \"ko\"}";
    return false;
  }
  std::set<std::string> seen;
  int n = 0;
  for (const json& v : j["names"]) {
    ++n;
    const std::string which = "name " + std::to_string(n);
    if (!v.is_object() || !v.contains("text") || !v.contains("lang")) {
      why = which +
            " must be {\"text\": …, \"lang\": \"ko\" or \"ja\"} with an optional "
            "\"form\"; got " +
            v.dump();
      return false;
    }
    for (auto it = v.begin(); it != v.end(); ++it)
      if (it.key() != "text" && it.key() != "lang" && it.key() != "form") {
        why = which + " has an unknown field \"" + it.key() + "\": the fields are text, lang, form";
        return false;
      }
    if (!v["text"].is_string() || !validText(v["text"].get<std::string>())) {
      why = which + ": \"text\" must be non-empty text without leading or trailing white space";
      return false;
    }
    LocalName name;
    name.text = v["text"].get<std::string>();
    if (!v["lang"].is_string() ||
        (v["lang"].get<std::string>() != "ko" && v["lang"].get<std::string>() != "ja")) {
      why = which + " " + v["text"].dump() + ": \"lang\" " + v["lang"].dump() +
            " must be \"ko\" (Korean) or \"ja\" (Japanese)";
      return false;
    }
    name.lang = v["lang"].get<std::string>();
    if (v.contains("form")) {
      const json& f = v["form"];
      if (!f.is_string() || (f.get<std::string>() != "official" &&
                             f.get<std::string>() != "press" && f.get<std::string>() != "short")) {
        why = which + " " + v["text"].dump() + ": \"form\" " + f.dump() +
              " must be \"official\", \"press\" or \"short\"";
        return false;
      }
      name.form = f.get<std::string>();
    }
    if (!hasCjk(name.text)) {
      why = which + " " + v["text"].dump() +
            " has no Hangul, kana or kanji: put a Latin name in \"aliases\"";
      return false;
    }
    if (hasFullWidthAlnum(name.text)) {
      why = which + " " + v["text"].dump() +
            " has full-width letters or digits: write them in ASCII (the recogniser folds "
            "full-width forms)";
      return false;
    }
    if (!seen.insert(name.text).second) {
      why = "\"names\" lists " + v["text"].dump() + " twice: remove one";
      return false;
    }
    t.names.push_back(std::move(name));
  }
  for (const LocalName& name : t.names)
    if (std::find(t.aliases.begin(), t.aliases.end(), name.text) == t.aliases.end())
      t.aliases.push_back(name.text);
  return true;
}

/// Reads one entry; returns false (with `why` set to the reason and the fix) when it is bad.
bool readEntry(const json& j, Term& t, std::string& why) {
  if (!j.is_object()) {
    why = "an entry must be an object {\"id\": …, \"kind\": …}";
    return false;
  }
  if (j.contains("id") && j["id"].is_string())
    t.id = j["id"].get<std::string>();
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* f : kFields)
      known = known || it.key() == f;
    if (!known) {
      why = "unknown field \"" + it.key() +
            "\": the fields are id, kind, short, long, aliases, names, patterns, contextual, "
            "gloss, dates, parties, wellKnown, sources";
      return false;
    }
  }
  if (!j.contains("id")) {
    why = "missing \"id\": add a stable lower-case id such as \"gsomia\"";
    return false;
  }
  if (!j["id"].is_string() || !validId(t.id)) {
    why = "id " + j["id"].dump() +
          " is not valid: use lower-case letters, digits and hyphens ([a-z0-9][a-z0-9-]*)";
    return false;
  }
  if (!j.contains("kind")) {
    why = "missing \"kind\": add one of acronym, agreement, initiative, forum, institution, place, "
          "other";
    return false;
  }
  if (!j["kind"].is_string() || !parseTermKind(j["kind"].get<std::string>(), t.kind)) {
    why = "unknown kind " + j["kind"].dump() +
          ": use one of acronym, agreement, initiative, forum, institution, place, other";
    return false;
  }
  auto text = [&](const char* field, std::string& into) {
    if (!j.contains(field))
      return true;
    if (!j[field].is_string() || !validText(j[field].get<std::string>())) {
      why = std::string("\"") + field +
            "\" must be non-empty text without leading or trailing white space";
      return false;
    }
    into = j[field].get<std::string>();
    return true;
  };
  auto texts = [&](const char* field, std::vector<std::string>& into) {
    if (!j.contains(field))
      return true;
    if (!j[field].is_array()) {
      why = std::string("\"") + field + "\" must be an array of strings";
      return false;
    }
    std::set<std::string> seen;
    for (const json& v : j[field]) {
      if (!v.is_string() || !validText(v.get<std::string>())) {
        why = std::string("\"") + field +
              "\" must hold non-empty strings without leading or trailing white space";
        return false;
      }
      if (!seen.insert(v.get<std::string>()).second) {
        why = std::string("\"") + field + "\" lists " + v.dump() + " twice: remove one";
        return false;
      }
      into.push_back(v.get<std::string>());
    }
    return true;
  };
  if (!text("short", t.shortForm) || !text("long", t.longForm) || !text("gloss", t.gloss))
    return false;
  if (t.shortForm.empty() && t.longForm.empty()) {
    why = "neither \"short\" nor \"long\": give the acronym, the full name, or both";
    return false;
  }
  if (!t.shortForm.empty()) {
    bool word = false;
    for (size_t i = 0; i < t.shortForm.size();) {
      size_t len = 0;
      char32_t c = decodeUtf8(t.shortForm, i, len);
      word = word || isWordCodePoint(c);
      i += len;
    }
    if (!word) {
      why = "\"short\" " + j["short"].dump() + " has no letter or digit";
      return false;
    }
  }
  if (!texts("aliases", t.aliases) || !texts("parties", t.parties) || !texts("sources", t.sources))
    return false;
  if (!readNames(j, t, why))
    return false;
  // A list of RE2 patterns, each checked and compiled as the recogniser will run it (the
  // compiled pattern is cached and reused); `what` names the list in messages.
  auto patternList = [&](const json& list, const std::string& what,
                         std::vector<std::string>& into) {
    if (!list.is_array()) {
      why = what + " must be an array of RE2 patterns";
      return false;
    }
    int n = 0;
    for (const json& v : list) {
      ++n;
      if (!v.is_string() || v.get<std::string>().empty()) {
        why = what + " pattern " + std::to_string(n) + " must be a non-empty string";
        return false;
      }
      std::string p = v.get<std::string>();
      if (p.size() > 500) {
        why = what + " pattern " + std::to_string(n) + " is " + std::to_string(p.size()) +
              " characters long (at most 500): split it into several patterns";
        return false;
      }
      if (hasCapturingGroup(p)) {
        why = what + " pattern " + std::to_string(n) + " " + v.dump() +
              " has a capturing group: write (?:…) instead of (…)";
        return false;
      }
      std::string error;
      if (!detail::compiledPattern(p, error)) {
        why =
            what + " pattern " + std::to_string(n) + " " + v.dump() + ": " + error +
            (error.find("not valid") != std::string::npos ? " (in JSON a backslash is written \\\\)"
                                                          : "");
        return false;
      }
      into.push_back(std::move(p));
    }
    return true;
  };
  if (j.contains("patterns") && !patternList(j["patterns"], "\"patterns\"", t.patterns))
    return false;
  if (j.contains("contextual")) {
    const json& c = j["contextual"];
    if (!c.is_object() || !c.contains("patterns") || c.size() > 2 ||
        (c.size() == 2 && !c.contains("after"))) {
      why = "\"contextual\" must be {\"after\": [term ids], \"patterns\": [RE2 patterns]}";
      return false;
    }
    if (!patternList(c["patterns"], "\"contextual\"", t.contextPatterns))
      return false;
    if (c.contains("after")) {
      if (!c["after"].is_array()) {
        why = "\"contextual\".\"after\" must be an array of term ids";
        return false;
      }
      for (const json& v : c["after"]) {
        if (!v.is_string() || !validId(v.get<std::string>())) {
          why = "\"contextual\".\"after\" holds " + v.dump() + ", which is not a term id";
          return false;
        }
        t.contextTerms.push_back(v.get<std::string>());
      }
    }
  }
  if (j.contains("dates")) {
    if (!j["dates"].is_array()) {
      why = "\"dates\" must be an array of {\"event\": …, \"date\": …}";
      return false;
    }
    for (const json& v : j["dates"]) {
      if (!v.is_object() || !v.contains("event") || !v.contains("date") ||
          !v["event"].is_string() || !v["date"].is_string() ||
          !validText(v["event"].get<std::string>()) || v.size() != 2) {
        why = "each date must be {\"event\": \"signed\", \"date\": \"YYYY-MM-DD\"} and nothing "
              "else; got " +
              v.dump();
        return false;
      }
      if (!validDate(v["date"].get<std::string>())) {
        why = "date " + v["date"].dump() +
              " is malformed: write YYYY, YYYY-MM or YYYY-MM-DD (a real date)";
        return false;
      }
      t.dates.push_back({v["event"].get<std::string>(), v["date"].get<std::string>()});
    }
  }
  if (j.contains("wellKnown")) {
    if (!j["wellKnown"].is_boolean()) {
      why = "\"wellKnown\" must be true or false";
      return false;
    }
    t.wellKnown = j["wellKnown"].get<bool>();
  }
  return true;
}

/// Compiles (into detail::compiledPattern's cache) every pattern of the file on two threads
/// when the machine has them: compiling is most of the cost of loading a lexicon.
void precompile(const json& terms) {
  std::vector<std::string> patterns;
  for (const json& t : terms)
    if (t.is_object() && t.contains("patterns") && t["patterns"].is_array())
      for (const json& p : t["patterns"])
        if (p.is_string() && p.get<std::string>().size() <= 500)
          patterns.push_back(p.get<std::string>());
  if (patterns.size() < 8 || std::thread::hardware_concurrency() < 2)
    return;
  auto work = [&](size_t from, size_t step) {
    std::string ignored;
    for (size_t k = from; k < patterns.size(); k += step)
      detail::compiledPattern(patterns[k], ignored);
  };
  std::thread helper(work, 1, 2);
  work(0, 2);
  helper.join();
}

std::string where(const Term& t) {
  return t.origin.file + ":" + std::to_string(t.origin.line);
}

} // namespace

std::vector<Term> parseLexicon(std::string_view text, const std::string& fileName,
                               std::vector<DataError>& errors) {
  std::vector<Term> out;
  json doc;
  if (size_t deep = jsonTooDeepAt(text); deep != std::string_view::npos) {
    errors.push_back({fileName, lineOfOffset(text, deep),
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                          " levels; the whole file is skipped"});
    return out;
  }
  try {
    // nlohmann alone: the fast reader of client messages (wire/json_parse.h) belongs to the
    // server's wire layer, which the knowledge library does not depend on. What it saved here:
    // 11 vs 25 ms (median of 7) on the 3.9 MB catalog of 10,000 generated commentaries, about
    // 1% of indexing them; 6.6 vs 16 ms on a 10,000-term lexicon (2.8 MB, gen.py).
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    size_t at = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    size_t cut = what.find("syntax error");
    errors.push_back({fileName, lineOfOffset(text, at),
                      "not valid JSON (" + (cut == std::string::npos ? what : what.substr(cut)) +
                          "); the whole file is skipped"});
    return out;
  }
  if (!doc.is_object() || !doc.contains("terms") || !doc["terms"].is_array()) {
    errors.push_back(
        {fileName, 1, "a lexicon file is an object with a \"terms\" array: {\"terms\": [ … ]}"});
    return out;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "terms" && it.key() != "$schema")
      errors.push_back({fileName, 1,
                        "unknown top-level field \"" + it.key() +
                            "\" is ignored (only \"$schema\" and \"terms\")"});
  }
  std::vector<uint32_t> lines = linesOfOffsets(text, jsonArrayElementOffsets(text, "terms"));
  const json& terms = doc["terms"];
  precompile(terms);
  for (size_t k = 0; k < terms.size(); ++k) {
    uint32_t line = k < lines.size() ? lines[k] : 0;
    Term t;
    t.origin = {fileName, line};
    std::string why;
    if (!readEntry(terms[k], t, why)) {
      std::string who = t.id.empty() ? "entry " + std::to_string(k + 1) : "term '" + t.id + "'";
      errors.push_back({fileName, line, who + ": " + why + "; the entry is skipped"});
      continue;
    }
    out.push_back(std::move(t));
  }
  // duplicates inside the file
  std::vector<Term> unique;
  mergeLexicon(unique, std::move(out), errors);
  return unique;
}

std::vector<Term> loadLexiconDir(const std::string& dir, std::vector<DataError>& errors) {
  namespace fs = std::filesystem;
  std::vector<Term> out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec))
    return out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    std::string name = p.filename().string();
    bool schema = name.size() >= 12 && name.compare(name.size() - 12, 12, ".schema.json") == 0;
    if (p.extension() != ".json" || schema)
      continue;
    if (!entry.is_regular_file(ec))
      continue;
    if (!insideDirectory(p, dir)) { // a link out of the lexicon directory
      errors.push_back({p.string(), 0, "links to a file outside " + dir + "; skipped"});
      continue;
    }
    files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::string text;
    if (!readFile(p, text)) {
      errors.push_back({p.string(), 0, "cannot be read; skipped"});
      continue;
    }
    mergeLexicon(out, parseLexicon(text, p.string(), errors), errors);
  }
  return out;
}

void mergeLexicon(std::vector<Term>& into, std::vector<Term> more, std::vector<DataError>& errors) {
  std::unordered_map<std::string, size_t> ids, shorts, names;
  for (size_t k = 0; k < into.size(); ++k) {
    ids.emplace(into[k].id, k);
    if (!into[k].shortForm.empty())
      shorts.emplace(into[k].shortForm, k);
    if (!into[k].longForm.empty())
      names.emplace(foldCase(into[k].longForm), k);
    for (const std::string& a : into[k].aliases)
      names.emplace(foldCase(a), k);
  }
  for (Term& t : more) {
    if (auto it = ids.find(t.id); it != ids.end()) {
      errors.push_back({t.origin.file, t.origin.line,
                        "term '" + t.id + "': the id is already used at " +
                            where(into[it->second]) +
                            "; this entry is skipped: give it another id or remove one of them"});
      continue;
    }
    if (!t.shortForm.empty()) {
      if (auto it = shorts.find(t.shortForm); it != shorts.end()) {
        errors.push_back({t.origin.file, t.origin.line,
                          "term '" + t.id + "': short form \"" + t.shortForm +
                              "\" already belongs to '" + into[it->second].id + "' (" +
                              where(into[it->second]) +
                              "); this entry is skipped: merge the two entries"});
        continue;
      }
    }
    std::vector<std::string> surfaces;
    if (!t.longForm.empty())
      surfaces.push_back(t.longForm);
    surfaces.insert(surfaces.end(), t.aliases.begin(), t.aliases.end());
    for (const std::string& s : surfaces) {
      if (auto it = names.find(foldCase(s)); it != names.end()) {
        errors.push_back({t.origin.file, t.origin.line,
                          "term '" + t.id + "': \"" + s + "\" already names '" +
                              into[it->second].id + "' (" + where(into[it->second]) +
                              "); the text will be recognised as '" + into[it->second].id +
                              "': remove it from one of them"});
      }
    }
    size_t k = into.size();
    ids.emplace(t.id, k);
    if (!t.shortForm.empty())
      shorts.emplace(t.shortForm, k);
    for (const std::string& s : surfaces)
      names.emplace(foldCase(s), k);
    into.push_back(std::move(t));
  }
}

} // namespace accord
