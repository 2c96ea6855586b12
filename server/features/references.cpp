// Find references and document highlights over drafts and corpus, in byte offsets.
#include "server/features/references.h"

namespace accord::features {

namespace {

bool overlaps(Span a, Span b) {
  return a.begin < b.end && b.begin < a.end;
}

bool insideDefinition(const MinedDefinition& d, Span s) {
  return overlaps(d.shortSpan, s) || overlaps(d.longSpan, s);
}

bool isDraftDefinitionSite(const Knowledge& k, const DraftAnalysis& a, uint32_t term, Span s) {
  for (const DraftDefinition& d : a.definitions) {
    if (d.definition.longSpan.begin > s.end && d.definition.shortSpan.begin > s.end)
      break;
    if (definitionTermId(k, d) == static_cast<int64_t>(term) && insideDefinition(d.definition, s))
      return true;
  }
  return false;
}

} // namespace

std::vector<Place> findReferences(const World& world, uint32_t offset, bool includeDeclaration) {
  std::vector<Place> out;
  if (world.drafts.empty())
    return out;
  const Knowledge& k = *world.knowledge;
  const Mention* m = world.drafts[0].analysis->mentionAt(offset);
  if (m == nullptr)
    return out;
  const std::string key = termKey(k, *world.drafts[0].analysis, m->term);
  if (key.empty())
    return out;

  for (uint32_t i = 0; i < world.drafts.size(); ++i) {
    const DraftAnalysis& a = *world.drafts[i].analysis;
    int64_t term = i == 0 ? m->term : findTermByKey(k, a, key);
    if (term < 0)
      continue;
    for (const Mention& mention : a.mentions) {
      if (mention.term != term)
        continue;
      if (!includeDeclaration &&
          isDraftDefinitionSite(k, a, static_cast<uint32_t>(term), mention.span))
        continue;
      Place p;
      p.where = Place::Where::Draft;
      p.index = i;
      p.span = p.context = mention.span;
      out.push_back(p);
    }
  }
  if (m->term < k.terms.size()) {
    const TermIndex& index = k.index[m->term];
    size_t added = 0;
    for (const SourceLocation& loc : index.mentions) {
      if (added >= kMaxCorpusReferences)
        break;
      if (!includeDeclaration) {
        bool definition = false;
        for (const SourceDefinition& sd : index.definitions)
          if (sd.source == loc.source && insideDefinition(sd.definition, loc.span))
            definition = true;
        if (definition)
          continue;
      }
      Place p;
      p.where = Place::Where::Corpus;
      p.index = loc.source;
      p.span = p.context = loc.span;
      out.push_back(p);
      ++added;
    }
  }
  return out;
}

std::vector<Highlight> documentHighlights(const Knowledge& k, const DraftRef& draft,
                                          uint32_t offset) {
  std::vector<Highlight> out;
  const DraftAnalysis& a = *draft.analysis;
  const Mention* m = a.mentionAt(offset);
  if (m == nullptr)
    return out;
  for (const Mention& mention : a.mentions)
    if (mention.term == m->term)
      out.push_back({mention.span, isDraftDefinitionSite(k, a, m->term, mention.span)});
  return out;
}

} // namespace accord::features
