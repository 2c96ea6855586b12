// Inlay hints: ": long form" after acronyms the draft uses without ever defining them.
#include "server/features/inlay_hints.h"

namespace accord::features {

std::vector<InlayHintItem> inlayHints(const Knowledge& k, const DraftRef& draft, Span range) {
  const DraftAnalysis& a = *draft.analysis;
  const uint32_t count = termCount(k, a);
  std::vector<bool> defined(count, false);
  for (const DraftDefinition& d : a.definitions) {
    int64_t t = definitionTermId(k, d);
    if (t >= 0 && t < count)
      defined[static_cast<size_t>(t)] = true;
  }
  std::vector<InlayHintItem> out;
  for (const Mention& m : a.mentions) {
    if (m.span.end < range.begin)
      continue;
    if (m.span.end > range.end)
      break;
    if (m.term >= count || defined[m.term] || m.form != FormKind::Short)
      continue;
    const Term& term = a.term(k, m.term);
    if (term.wellKnown || term.longForm.empty() || term.shortForm.empty())
      continue;
    InlayHintItem hint;
    hint.offset = m.span.end;
    hint.label = ": " + term.longForm;
    if (m.term < k.terms.size() && !k.index[m.term].definitions.empty()) {
      const SourceDefinition& sd = k.index[m.term].definitions.front();
      hint.tooltip = "Spelled out in " + shortCitation(k.sources[sd.source].meta) +
                     "; this draft never spells out " + term.shortForm + ".";
    } else {
      hint.tooltip = "This draft never spells out " + term.shortForm + ".";
    }
    out.push_back(std::move(hint));
  }
  return out;
}

} // namespace accord::features
