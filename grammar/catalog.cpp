// The CSL-JSON catalog of the commentaries and the citations rendered from it.
#include "grammar/catalog.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "grammar/json_depth.h"
#include "grammar/lexicon.h"

namespace accord {

namespace {

using nlohmann::json;

/// A CSL field that may be written as a string or a number ("number": 28).
bool readScalar(const json& j, const char* field, std::string& into, std::string& why) {
  if (!j.contains(field))
    return true;
  const json& v = j[field];
  if (v.is_string())
    into = v.get<std::string>();
  else if (v.is_number_integer())
    into = std::to_string(v.get<long long>());
  else {
    why = std::string("\"") + field + "\" must be text";
    return false;
  }
  return true;
}

int datePart(const json& v) {
  if (v.is_number_integer())
    return static_cast<int>(v.get<long long>());
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos)
      return -1;
    return std::stoi(s);
  }
  return -1;
}

bool readItem(const json& j, CslItem& item, std::string& why) {
  if (!j.is_object()) {
    why = "an item must be an object";
    return false;
  }
  if (!j.contains("id") || !(j["id"].is_string() || j["id"].is_number_integer())) {
    why = "missing \"id\": every item needs a citation key such as \"akutsu2008\"";
    return false;
  }
  if (!readScalar(j, "id", item.id, why) || item.id.empty()) {
    why = "\"id\" must be a non-empty citation key";
    return false;
  }
  // Zotero and Better BibTeX write the citation key a writer types ("[@roe2019]") beside an
  // item URI as id: the key wins, so citations in drafts match.
  for (const char* field : {"citation-key", "citationKey"}) {
    std::string key;
    if (readScalar(j, field, key, why) && !key.empty()) {
      item.id = key;
      break;
    }
  }
  why.clear();
  if (!readScalar(j, "type", item.type, why) || !readScalar(j, "title", item.title, why) ||
      !readScalar(j, "publisher", item.publisher, why) ||
      !readScalar(j, "collection-title", item.collectionTitle, why) ||
      !readScalar(j, "number", item.number, why) || !readScalar(j, "note", item.note, why) ||
      !readScalar(j, "container-title", item.containerTitle, why) ||
      !readScalar(j, "URL", item.url, why) || !readScalar(j, "accord-file", item.file, why))
    return false;
  if (item.type.empty())
    item.type = "article";
  if (j.contains("author")) {
    if (!j["author"].is_array()) {
      why = "\"author\" must be an array of {\"family\": …, \"given\": …}";
      return false;
    }
    for (const json& a : j["author"]) {
      if (!a.is_object()) {
        why = "each author must be an object {\"family\": …, \"given\": …}";
        return false;
      }
      CslName n;
      std::string literal;
      if (!readScalar(a, "family", n.family, why) || !readScalar(a, "given", n.given, why) ||
          !readScalar(a, "literal", literal, why))
        return false;
      if (n.family.empty())
        n.family = literal;
      if (n.family.empty()) {
        why = "an author has neither \"family\" nor \"literal\"";
        return false;
      }
      item.author.push_back(std::move(n));
    }
  }
  if (j.contains("issued")) {
    const json& issued = j["issued"];
    if (!issued.is_object() || !issued.contains("date-parts") || !issued["date-parts"].is_array() ||
        issued["date-parts"].empty() || !issued["date-parts"][0].is_array() ||
        issued["date-parts"][0].empty()) {
      why = "\"issued\" must be {\"date-parts\": [[year, month, day]]}";
      return false;
    }
    const json& parts = issued["date-parts"][0];
    int values[3] = {0, 0, 0};
    for (size_t k = 0; k < parts.size() && k < 3; ++k) {
      values[k] = datePart(parts[k]);
      if (values[k] < 0) {
        why = "\"issued\" date part " + parts[k].dump() + " is not a number";
        return false;
      }
    }
    if (values[1] < 0 || values[1] > 12 || values[2] < 0 || values[2] > 31) {
      why = "\"issued\" has a month or day out of range";
      return false;
    }
    item.year = values[0];
    item.month = values[1];
    item.day = values[2];
    if (issued.contains("circa")) {
      const json& c = issued["circa"];
      item.circa = c.is_boolean()          ? c.get<bool>()
                   : c.is_number_integer() ? c.get<long long>() != 0
                                           : c.is_string() && !c.get<std::string>().empty();
    }
  }
  return true;
}

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
const char* const kBibMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};

std::string fullName(const CslName& n) {
  return n.given.empty() ? n.family : n.given + " " + n.family;
}

std::string dateText(const CslItem& item) {
  if (item.year <= 0)
    return "n.d.";
  if (item.circa)
    return "ca. " + std::to_string(item.year);
  if (item.month >= 1 && item.month <= 12) {
    std::string m = kMonths[item.month - 1];
    if (item.day > 0)
      return m + " " + std::to_string(item.day) + ", " + std::to_string(item.year);
    return m + " " + std::to_string(item.year);
  }
  return std::to_string(item.year);
}

std::string bibEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&':
      out += "\\&";
      break;
    case '%':
      out += "\\%";
      break;
    case '$':
      out += "\\$";
      break;
    case '#':
      out += "\\#";
      break;
    case '_':
      out += "\\_";
      break;
    case '{':
      out += "\\{";
      break;
    case '}':
      out += "\\}";
      break;
    case '~':
      out += "\\textasciitilde{}";
      break;
    case '^':
      out += "\\textasciicircum{}";
      break;
    case '\\':
      out += "\\textbackslash{}";
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace

std::vector<CslItem> parseCatalog(std::string_view text, const std::string& fileName,
                                  std::vector<DataError>& errors) {
  std::vector<CslItem> out;
  json doc;
  if (size_t deep = jsonTooDeepAt(text); deep != std::string_view::npos) {
    errors.push_back({fileName, lineOfOffset(text, deep),
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                          " levels; the catalog is ignored"});
    return out;
  }
  try {
    // nlohmann alone: the fast reader of client messages (wire/json_parse.h) belongs to the
    // server's wire layer, which the knowledge library does not depend on. What it saved here:
    // 11 vs 25 ms (median of 7) on the 3.9 MB catalog of 10,000 generated commentaries, about
    // 1% of indexing them; 6.6 vs 16 ms on a 10,000-term lexicon (2.8 MB, gen.py).
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    size_t cut = what.find("syntax error");
    errors.push_back({fileName, lineOfOffset(text, e.byte > 0 ? e.byte - 1 : 0),
                      "not valid JSON (" + (cut == std::string::npos ? what : what.substr(cut)) +
                          "); the catalog is ignored"});
    return out;
  }
  if (!doc.is_array()) {
    errors.push_back({fileName, 1, "a catalog is a CSL-JSON array of items: [ {\"id\": …}, … ]"});
    return out;
  }
  std::vector<uint32_t> lines = linesOfOffsets(text, jsonArrayElementOffsets(text, ""));
  std::unordered_set<std::string> ids; // a linear scan of `out` per item was quadratic too
  for (size_t k = 0; k < doc.size(); ++k) {
    uint32_t line = k < lines.size() ? lines[k] : 0;
    CslItem item;
    std::string why;
    if (!readItem(doc[k], item, why)) {
      errors.push_back(
          {fileName, line, "item " + std::to_string(k + 1) + ": " + why + "; the item is skipped"});
      continue;
    }
    if (!ids.insert(item.id).second) {
      errors.push_back({fileName, line,
                        "item '" + item.id + "': the id is used twice; the later item is skipped"});
      continue;
    }
    out.push_back(std::move(item));
  }
  return out;
}

namespace {

/// A BibTeX value with its braces, the common accents' and escapes' backslashes dropped.
std::string bibText(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '{' || c == '}')
      continue;
    if (c == '\\' && i + 1 < v.size()) {
      char n = v[i + 1];
      if (n == '&' || n == '%' || n == '$' || n == '#' || n == '_' || n == '{' || n == '}') {
        out += n;
        ++i;
        continue;
      }
      if (n == '\\') { // a line break
        out += ' ';
        ++i;
        continue;
      }
      // \textendash, \emph … : the command's name is dropped, its argument kept
      size_t j = i + 1;
      while (j < v.size() && std::isalpha(static_cast<unsigned char>(v[j])))
        ++j;
      std::string_view name = v.substr(i + 1, j - i - 1);
      if (name == "textendash")
        out += "\xE2\x80\x93";
      else if (name == "textemdash")
        out += "\xE2\x80\x94";
      i = j - 1;
      continue;
    }
    if (c == '~') {
      out += ' ';
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!out.empty() && out.back() != ' ')
        out += ' ';
      continue;
    }
    out += c;
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

std::vector<CslName> bibNames(const std::string& value) {
  std::vector<CslName> out;
  size_t i = 0;
  while (i <= value.size()) {
    size_t j = value.find(" and ", i);
    std::string one = value.substr(i, j == std::string::npos ? std::string::npos : j - i);
    // {Institution Name}: a literal
    size_t b = one.find_first_not_of(' ');
    if (b != std::string::npos) {
      one = one.substr(b);
      CslName n;
      if (one.front() == '{' && one.back() == '}') {
        n.family = bibText(one);
      } else if (size_t comma = one.find(','); comma != std::string::npos) {
        n.family = bibText(one.substr(0, comma));
        n.given = bibText(one.substr(comma + 1));
        size_t g = n.given.find_first_not_of(' ');
        n.given = g == std::string::npos ? "" : n.given.substr(g);
      } else {
        std::string t = bibText(one);
        size_t space = t.rfind(' ');
        if (space == std::string::npos)
          n.family = t;
        else {
          n.given = t.substr(0, space);
          n.family = t.substr(space + 1);
        }
      }
      if (!n.family.empty())
        out.push_back(std::move(n));
    }
    if (j == std::string::npos)
      break;
    i = j + 5;
  }
  return out;
}

int bibMonth(std::string m) {
  for (char& c : m)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int k = 0; k < 12; ++k)
    if (m.compare(0, 3, kBibMonths[k]) == 0)
      return k + 1;
  if (!m.empty() && m.size() <= 2 && m.find_first_not_of("0123456789") == std::string::npos) {
    int v = std::stoi(m);
    return v >= 1 && v <= 12 ? v : 0;
  }
  return 0;
}

/// The file name of the first document in a `file` field ("PDF:files/3/x.pdf:application/pdf;…").
std::string bibFile(const std::string& value) {
  std::string first = value.substr(0, value.find(';'));
  // Zotero writes "description:path:mime"; Better BibTeX may write just the path. A Windows
  // drive ("C:\\…") has a colon too: take the longest part that has a dot after a slash or
  // no slash at all.
  std::vector<std::string> parts;
  size_t i = 0;
  for (size_t j; (j = first.find(':', i)) != std::string::npos; i = j + 1)
    parts.push_back(first.substr(i, j - i));
  parts.push_back(first.substr(i));
  std::string path = parts.size() >= 3                           ? parts[parts.size() - 2]
                     : parts.size() == 2 && parts[0].size() == 1 ? first
                                                                 : parts.back();
  if (parts.size() >= 4 && parts[1].size() == 1) // description:C:\path:mime
    path = parts[1] + ":" + parts[2];
  size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

std::vector<CslItem> parseBibtex(std::string_view bib, const std::string& fileName,
                                 std::vector<DataError>& errors) {
  std::vector<CslItem> out;
  std::unordered_set<std::string> ids;
  size_t i = 0;
  while ((i = bib.find('@', i)) != std::string_view::npos) {
    const size_t at = i;
    size_t open = bib.find_first_of("{(", i);
    if (open == std::string_view::npos)
      break;
    std::string kind(bib.substr(i + 1, open - i - 1));
    for (char& c : kind)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    i = open + 1;
    if (kind == "comment" || kind == "preamble" || kind == "string") {
      int depth = 1;
      while (i < bib.size() && depth > 0) {
        if (bib[i] == '{' || bib[i] == '(')
          ++depth;
        else if (bib[i] == '}' || bib[i] == ')')
          --depth;
        ++i;
      }
      continue;
    }
    size_t comma = bib.find(',', i);
    if (comma == std::string_view::npos)
      break;
    CslItem item;
    item.id = std::string(bib.substr(i, comma - i));
    item.id.erase(0, item.id.find_first_not_of(" \t\r\n"));
    item.id.erase(item.id.find_last_not_of(" \t\r\n") + 1);
    item.type = kind == "techreport" || kind == "report" ? "report"
                : kind == "article"                      ? "article-journal"
                : kind == "online"                       ? "webpage"
                : kind == "book"                         ? "book"
                                                         : "article";
    i = comma + 1;
    std::map<std::string, std::string> fields;
    bool closed = false;
    while (i < bib.size()) {
      while (i < bib.size() && (std::isspace(static_cast<unsigned char>(bib[i])) || bib[i] == ','))
        ++i;
      if (i >= bib.size())
        break;
      if (bib[i] == '}' || bib[i] == ')') {
        ++i;
        closed = true;
        break;
      }
      size_t eq = bib.find('=', i);
      if (eq == std::string_view::npos)
        break;
      std::string name(bib.substr(i, eq - i));
      name.erase(name.find_last_not_of(" \t\r\n") + 1);
      for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      i = eq + 1;
      while (i < bib.size() && std::isspace(static_cast<unsigned char>(bib[i])))
        ++i;
      std::string value;
      if (i < bib.size() && (bib[i] == '{' || bib[i] == '"')) {
        char close = bib[i] == '{' ? '}' : '"';
        int depth = 0;
        size_t b = ++i;
        while (i < bib.size() && !(bib[i] == close && depth == 0)) {
          if (bib[i] == '{')
            ++depth;
          else if (bib[i] == '}')
            --depth;
          else if (bib[i] == '\\' && i + 1 < bib.size())
            ++i;
          ++i;
        }
        value = std::string(bib.substr(b, i - b));
        ++i;
      } else {
        size_t b = i;
        while (i < bib.size() && bib[i] != ',' && bib[i] != '}' && bib[i] != '\n')
          ++i;
        value = std::string(bib.substr(b, i - b));
        value.erase(value.find_last_not_of(" \t\r") + 1);
      }
      fields[name] = value;
    }
    const uint32_t line = lineOfOffset(bib, at);
    if (!closed) {
      errors.push_back({fileName, line,
                        "entry '" + item.id + "' is not closed; the rest of the file is skipped"});
      break;
    }
    auto get = [&](const char* name) {
      auto it = fields.find(name);
      return it == fields.end() ? std::string() : bibText(it->second);
    };
    item.title = get("title");
    if (item.id.empty() || item.title.empty()) {
      errors.push_back(
          {fileName, line,
           "entry '" + item.id + "' has no " + (item.id.empty() ? "key" : "title") + "; skipped"});
      continue;
    }
    if (!ids.insert(item.id).second) {
      errors.push_back(
          {fileName, line, "entry '" + item.id + "' is there twice; the later one is skipped"});
      continue;
    }
    if (auto it = fields.find("author"); it != fields.end())
      item.author = bibNames(it->second);
    std::string date = get("date");
    if (date.size() >= 4 && date.find_first_not_of("0123456789", 0) >= 4) {
      item.year = std::stoi(date.substr(0, 4));
      if (date.size() >= 7 && date[4] == '-')
        item.month = bibMonth(date.substr(5, 2));
      if (date.size() >= 10 && date[7] == '-' &&
          std::isdigit(static_cast<unsigned char>(date[8])) &&
          std::isdigit(static_cast<unsigned char>(date[9]))) {
        int d = std::stoi(date.substr(8, 2));
        item.day = d >= 1 && d <= 31 ? d : 0;
      }
    } else if (std::string year = get("year");
               !year.empty() && year.size() <= 4 &&
               year.find_first_not_of("0123456789") == std::string::npos) {
      item.year = std::stoi(year);
      item.month = bibMonth(get("month"));
      std::string day = get("day");
      if (!day.empty() && day.size() <= 2 &&
          day.find_first_not_of("0123456789") == std::string::npos)
        item.day = std::stoi(day);
    }
    item.publisher = get("publisher");
    if (item.publisher.empty())
      item.publisher = get("institution");
    if (item.publisher.empty())
      item.publisher = get("organization");
    item.containerTitle = get("journaltitle");
    if (item.containerTitle.empty())
      item.containerTitle = get("journal");
    item.collectionTitle = get("series");
    if (item.collectionTitle.empty() && kind == "techreport")
      item.collectionTitle = get("type");
    item.number = get("number");
    item.url = get("url");
    item.note = get("note");
    if (auto it = fields.find("file"); it != fields.end())
      item.file = bibFile(it->second);
    out.push_back(std::move(item));
  }
  return out;
}

std::string cslJson(const CslItem& item) {
  json j = json::object();
  j["id"] = item.id;
  j["type"] = item.type;
  auto put = [&](const char* name, const std::string& v) {
    if (!v.empty())
      j[name] = v;
  };
  put("title", item.title);
  if (!item.author.empty()) {
    json a = json::array();
    for (const CslName& n : item.author) {
      json o = {{"family", n.family}};
      if (!n.given.empty())
        o["given"] = n.given;
      a.push_back(std::move(o));
    }
    j["author"] = std::move(a);
  }
  if (item.year > 0) {
    json parts = json::array({item.year});
    if (item.month > 0) {
      parts.push_back(item.month);
      if (item.day > 0)
        parts.push_back(item.day);
    }
    j["issued"] = {{"date-parts", json::array({parts})}};
    if (item.circa)
      j["issued"]["circa"] = true;
  }
  put("publisher", item.publisher);
  put("container-title", item.containerTitle);
  put("collection-title", item.collectionTitle);
  put("number", item.number);
  put("URL", item.url);
  put("note", item.note);
  put("accord-file", item.file);
  return j.dump();
}

std::string chicagoNote(const CslItem& item, std::string_view locator) {
  std::string out;
  const auto& a = item.author;
  if (a.size() == 1)
    out = fullName(a[0]);
  else if (a.size() == 2)
    out = fullName(a[0]) + " and " + fullName(a[1]);
  else if (a.size() == 3)
    out = fullName(a[0]) + ", " + fullName(a[1]) + ", and " + fullName(a[2]);
  else if (a.size() > 3)
    out = fullName(a[0]) + " et al.";
  if (!out.empty())
    out += ", ";
  std::string title = item.title.empty() ? item.id : item.title;
  char last = title.empty() ? ' ' : title.back();
  bool ownPunctuation = last == '?' || last == '!';
  out += "\xE2\x80\x9C" + title + (ownPunctuation ? "" : ",") + "\xE2\x80\x9D";
  const std::string& series =
      item.collectionTitle.empty() ? item.containerTitle : item.collectionTitle;
  if (!series.empty()) {
    out += " " + series;
    if (!item.number.empty())
      out += " no. " + item.number;
  } else if (!item.number.empty()) {
    out += " no. " + item.number;
  }
  out += " (";
  if (!item.publisher.empty())
    out += item.publisher + ", ";
  out += dateText(item) + ")";
  if (!locator.empty())
    out += ", " + std::string(locator);
  if (!item.url.empty())
    out += ", " + item.url;
  out += ".";
  return out;
}

std::string bibtexEntry(const CslItem& item) {
  bool report = item.type == "report";
  bool article = item.type == "article" || item.type == "article-journal" ||
                 item.type == "article-magazine" || item.type == "article-newspaper";
  std::string kind = report                                     ? "techreport"
                     : article && !item.collectionTitle.empty() ? "article"
                                                                : "misc";
  std::string out = "@" + kind + "{" + item.id + ",\n";
  auto field = [&](const char* name, const std::string& value, bool braces = true) {
    if (value.empty())
      return;
    out += "  ";
    out += name;
    out += " = ";
    out += braces ? "{" + value + "}" : value;
    out += ",\n";
  };
  std::string authors;
  for (const CslName& n : item.author) {
    if (!authors.empty())
      authors += " and ";
    authors += bibEscape(n.family) + (n.given.empty() ? "" : ", " + bibEscape(n.given));
  }
  field("author", authors);
  // double braces keep the title's capitals (ROK, Japan) as written
  field("title", item.title.empty() ? "" : "{" + bibEscape(item.title) + "}");
  if (kind == "article") {
    field("journal",
          bibEscape(item.collectionTitle.empty() ? item.containerTitle : item.collectionTitle));
  } else if (kind == "techreport") {
    field("institution", bibEscape(item.publisher));
    field("type", bibEscape(item.collectionTitle));
  } else {
    field("howpublished", bibEscape(item.collectionTitle));
  }
  field("number", bibEscape(item.number));
  if (kind != "techreport")
    field("publisher", bibEscape(item.publisher));
  if (item.year > 0) {
    field("year", std::to_string(item.year));
    if (item.month >= 1 && item.month <= 12)
      field("month", kBibMonths[item.month - 1], false);
    char date[48]; // room for any int, so GCC -O3 sees no truncation
    if (item.month >= 1 && item.day >= 1)
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", item.year, item.month, item.day);
    else if (item.month >= 1)
      std::snprintf(date, sizeof date, "%04d-%02d", item.year, item.month);
    else
      std::snprintf(date, sizeof date, item.circa ? "%04d~" : "%04d", item.year); // EDTF
    field("date", date);
  }
  field("url", item.url);
  field("note", bibEscape(item.note));
  out += "}\n";
  return out;
}

std::string shortCitation(const CslItem& item) {
  std::string out;
  const auto& a = item.author;
  if (a.size() == 1)
    out = a[0].family;
  else if (a.size() == 2)
    out = a[0].family + " and " + a[1].family;
  else if (a.size() == 3)
    out = a[0].family + ", " + a[1].family + " and " + a[2].family;
  else if (a.size() > 3)
    out = a[0].family + " et al.";
  else
    out = item.publisher.empty() ? item.title : item.publisher;
  if (item.year > 0)
    out += (item.circa ? " ca. " : " ") + std::to_string(item.year);
  return out;
}

} // namespace accord
