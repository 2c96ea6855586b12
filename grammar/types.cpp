// Plain value types of the knowledge library: languages, term kinds, dates, data errors.
#include "grammar/types.h"

#include <array>
#include <cctype>

namespace accord {

namespace {
std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
} // namespace

Language languageFromId(std::string_view idOrExtension) {
  std::string id = lowerAscii(idOrExtension);
  if (!id.empty() && id[0] == '.')
    id.erase(0, 1);
  if (id == "markdown" || id == "md" || id == "markdn" || id == "mdown" || id == "mkd" ||
      id == "rmd" || id == "qmd" || id == "quarto" || id == "rmarkdown")
    return Language::Markdown;
  if (id == "latex" || id == "tex" || id == "ltx" || id == "sty" || id == "cls")
    return Language::Latex;
  return Language::PlainText;
}

namespace {
constexpr std::array<std::pair<TermKind, std::string_view>, 7> kKindNames{{
    {TermKind::Acronym, "acronym"},
    {TermKind::Agreement, "agreement"},
    {TermKind::Initiative, "initiative"},
    {TermKind::Forum, "forum"},
    {TermKind::Institution, "institution"},
    {TermKind::Place, "place"},
    {TermKind::Other, "other"},
}};
} // namespace

std::string_view toString(TermKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind)
      return name;
  return "other";
}

bool parseTermKind(std::string_view name, TermKind& kind) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) {
      kind = k;
      return true;
    }
  }
  return false;
}

int DatedEvent::year() const {
  if (date.size() < 4)
    return 0;
  int y = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(date[i])))
      return 0;
    y = y * 10 + (date[i] - '0');
  }
  if (date.size() > 4 && date[4] != '-')
    return 0;
  return y;
}

std::string DataError::format() const {
  std::string out = file;
  if (line > 0)
    out += ":" + std::to_string(line);
  out += ": ";
  out += message;
  return out;
}

} // namespace accord
