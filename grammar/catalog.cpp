// The CSL-JSON catalog of the commentaries and the citations rendered from it.
#include "grammar/catalog.h"

#include <cstdio>
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

std::string chicagoNote(const CslItem& item) {
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
  if (!item.collectionTitle.empty()) {
    out += " " + item.collectionTitle;
    if (!item.number.empty())
      out += " no. " + item.number;
  } else if (!item.number.empty()) {
    out += " no. " + item.number;
  }
  out += " (";
  if (!item.publisher.empty())
    out += item.publisher + ", ";
  out += dateText(item) + ").";
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
    field("journal", bibEscape(item.collectionTitle));
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
      std::snprintf(date, sizeof date, "%04d", item.year);
    field("date", date);
  }
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
    out += " " + std::to_string(item.year);
  return out;
}

} // namespace accord
