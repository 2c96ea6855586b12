// Small helpers every editor feature shares: term identity across drafts, lines, quoting.
#include "server/features/world.h"

#include <cstring>

#include "grammar/line_index.h"
#include "grammar/text.h"

namespace accord::features {

uint32_t termCount(const Knowledge& knowledge, const DraftAnalysis& analysis) {
  return static_cast<uint32_t>(knowledge.terms.size() + analysis.localTerms.size());
}

int64_t definitionTermId(const Knowledge& knowledge, const DraftDefinition& definition) {
  if (definition.term >= 0)
    return definition.term;
  if (definition.term <= -2)
    return static_cast<int64_t>(knowledge.terms.size()) +
           (-static_cast<int64_t>(definition.term) - 2);
  return -1;
}

std::string asciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

static std::string localKey(const Term& term) {
  // Local terms carry the draft's own spelling; fold plural and case so that "WGs" in one draft
  // and "WG" in another are the same thing.
  if (!term.shortForm.empty())
    return "s:" + singularShortForm(term.shortForm);
  return "l:" + asciiLower(foldSpaces(term.longForm));
}

std::string termKey(const Knowledge& knowledge, const DraftAnalysis& analysis, uint32_t term) {
  if (term < knowledge.terms.size())
    return "k:" + std::to_string(term);
  size_t local = term - knowledge.terms.size();
  if (local >= analysis.localTerms.size())
    return {};
  return localKey(analysis.localTerms[local]);
}

int64_t findTermByKey(const Knowledge& knowledge, const DraftAnalysis& analysis,
                      std::string_view key) {
  if (key.starts_with("k:")) {
    uint64_t id = 0;
    for (char c : key.substr(2))
      id = id * 10 + static_cast<uint64_t>(c - '0');
    return id < knowledge.terms.size() ? static_cast<int64_t>(id) : -1;
  }
  for (size_t i = 0; i < analysis.localTerms.size(); ++i)
    if (localKey(analysis.localTerms[i]) == key)
      return static_cast<int64_t>(knowledge.terms.size() + i);
  return -1;
}

std::string_view displayName(const Term& term) {
  if (!term.shortForm.empty())
    return term.shortForm;
  if (!term.longForm.empty())
    return term.longForm;
  return term.id;
}

uint32_t lineOf(std::string_view text, uint32_t offset) {
  return lineNumberAt(text, offset);
}

Span definitionSpan(std::string_view text, const MinedDefinition& d) {
  Span s{std::min(d.shortSpan.begin, d.longSpan.begin), std::max(d.shortSpan.end, d.longSpan.end)};
  // Include the closing parenthesis of "long form (SF)" so the selection reads as written.
  size_t i = s.end;
  while (i < text.size() && (text[i] == ' '))
    ++i;
  if (i < text.size() && text[i] == ')')
    s.end = static_cast<uint32_t>(i + 1);
  return s;
}

std::string foldSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty())
      out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool sameExpansion(std::string_view a, std::string_view b) {
  // Compare the sequence of word code points only, case-folded for ASCII.
  auto normal = [](std::string_view s) {
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
      size_t len = 1;
      char32_t c = decodeUtf8(s, i, len);
      if (len == 0)
        break;
      if (isWordCodePoint(c)) {
        for (size_t j = i; j < i + len; ++j) {
          char ch = s[j];
          out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        }
      }
      i += len;
    }
    return out;
  };
  return normal(a) == normal(b);
}

int kindRank(TermKind kind) {
  return static_cast<int>(kind);
}

std::vector<const DraftDefinition*>
draftDefinitionsOf(const Knowledge& knowledge, const DraftAnalysis& analysis, uint32_t term) {
  std::vector<const DraftDefinition*> out;
  for (const DraftDefinition& d : analysis.definitions)
    if (definitionTermId(knowledge, d) == static_cast<int64_t>(term))
      out.push_back(&d);
  return out;
}

} // namespace accord::features
