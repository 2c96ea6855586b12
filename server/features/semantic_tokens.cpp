// Semantic tokens: mentions to typed tokens, line splitting, relative encoding and deltas.
#include "server/features/semantic_tokens.h"

#include <algorithm>
#include <limits>

namespace accord::features {

std::vector<SemanticToken> semanticTokens(const Knowledge& k, const DraftRef& draft, Span range) {
  const DraftAnalysis& a = *draft.analysis;
  const uint32_t count = termCount(k, a);
  constexpr uint32_t kNever = std::numeric_limits<uint32_t>::max();
  // Where the draft first spells each term out; mentions before that are "undefined".
  std::vector<uint32_t> firstDefinition(count, kNever);
  for (const DraftDefinition& d : a.definitions) {
    int64_t t = definitionTermId(k, d);
    if (t < 0 || t >= count)
      continue;
    uint32_t begin = std::min(d.definition.longSpan.begin, d.definition.shortSpan.begin);
    firstDefinition[t] = std::min(firstDefinition[t], begin);
  }
  // The spans of the draft's definitions, sorted, swept alongside the (sorted) mentions.
  struct DefSpan {
    Span span;
    int64_t term;
  };
  std::vector<DefSpan> defSpans;
  for (const DraftDefinition& d : a.definitions) {
    int64_t t = definitionTermId(k, d);
    defSpans.push_back({d.definition.shortSpan, t});
    defSpans.push_back({d.definition.longSpan, t});
  }
  std::sort(defSpans.begin(), defSpans.end(),
            [](const DefSpan& x, const DefSpan& y) { return x.span.begin < y.span.begin; });
  size_t sweep = 0;
  std::vector<bool> seen(count, false);
  std::vector<SemanticToken> out;
  for (const Mention& m : a.mentions) {
    if (m.span.begin >= range.end)
      break;
    if (m.term >= count)
      continue;
    const bool first = !seen[m.term];
    seen[m.term] = true;
    if (m.span.end <= range.begin)
      continue;
    const Term& term = a.term(k, m.term);
    SemanticToken token;
    token.span = m.span;
    token.type = std::min<uint32_t>(static_cast<uint32_t>(term.kind), kTokenTypes.size() - 1);
    if (first)
      token.modifiers |= kModFirstUse;
    while (sweep < defSpans.size() && defSpans[sweep].span.end <= m.span.begin &&
           defSpans[sweep].span.begin < m.span.begin)
      ++sweep;
    for (size_t j = sweep; j < defSpans.size() && defSpans[j].span.begin < m.span.end; ++j) {
      if (defSpans[j].term == m.term && defSpans[j].span.begin < m.span.end &&
          m.span.begin < defSpans[j].span.end) {
        token.modifiers |= kModDefinition;
        break;
      }
    }
    const bool spelledOutBefore = firstDefinition[m.term] <= m.span.begin;
    if (m.form == FormKind::Short && !term.wellKnown && !term.longForm.empty() &&
        !term.shortForm.empty() && !spelledOutBefore && !(token.modifiers & kModDefinition))
      token.modifiers |= kModUndefined;
    out.push_back(token);
  }
  return out;
}

std::vector<SemanticToken> splitMultiline(std::string_view text,
                                          const std::vector<SemanticToken>& tokens) {
  std::vector<SemanticToken> out;
  out.reserve(tokens.size());
  for (const SemanticToken& t : tokens) {
    uint32_t begin = t.span.begin;
    const uint32_t end = std::min<uint32_t>(t.span.end, static_cast<uint32_t>(text.size()));
    for (uint32_t i = begin; i < end; ++i) {
      if (text[i] != '\n' && text[i] != '\r')
        continue;
      if (i > begin)
        out.push_back({Span{begin, i}, t.type, t.modifiers});
      begin = i + 1;
    }
    if (end > begin)
      out.push_back({Span{begin, end}, t.type, t.modifiers});
  }
  return out;
}

std::vector<uint32_t> encodeTokens(const std::vector<PlacedToken>& tokens) {
  std::vector<uint32_t> data;
  data.reserve(tokens.size() * 5);
  uint32_t line = 0, character = 0;
  for (const PlacedToken& t : tokens) {
    if (t.length == 0)
      continue; // an empty token is meaningless to every client
    const uint32_t deltaLine = t.line - line;
    data.push_back(deltaLine);
    data.push_back(deltaLine == 0 ? t.character - character : t.character);
    data.push_back(t.length);
    data.push_back(t.type);
    data.push_back(t.modifiers);
    line = t.line;
    character = t.character;
  }
  return data;
}

std::optional<TokensEdit> diffTokens(const std::vector<uint32_t>& before,
                                     const std::vector<uint32_t>& after) {
  if (before == after)
    return std::nullopt;
  size_t prefix = 0;
  const size_t common = std::min(before.size(), after.size());
  while (prefix < common && before[prefix] == after[prefix])
    ++prefix;
  size_t suffix = 0;
  while (suffix < common - prefix &&
         before[before.size() - 1 - suffix] == after[after.size() - 1 - suffix])
    ++suffix;
  TokensEdit edit;
  edit.start = static_cast<uint32_t>(prefix);
  edit.deleteCount = static_cast<uint32_t>(before.size() - prefix - suffix);
  edit.data.assign(after.begin() + static_cast<std::ptrdiff_t>(prefix),
                   after.end() - static_cast<std::ptrdiff_t>(suffix));
  return edit;
}

} // namespace accord::features
