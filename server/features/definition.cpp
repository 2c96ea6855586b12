// Go to definition and declaration over the drafts and the corpus, in byte offsets.
#include "server/features/definition.h"

#include <algorithm>

#include "grammar/text.h"

namespace accord::features {

namespace {

Place draftPlace(const DraftRef& draft, uint32_t index, const MinedDefinition& d) {
  Place p;
  p.where = Place::Where::Draft;
  p.index = index;
  p.span = definitionSpan(draft.text, d);
  p.context = d.sentence.empty() ? p.span : d.sentence;
  // The sentence must enclose the selection (LocationLink requires it).
  p.context.begin = std::min(p.context.begin, p.span.begin);
  p.context.end = std::max(p.context.end, p.span.end);
  return p;
}

} // namespace

std::vector<Place> findDefinitions(const World& world, uint32_t offset) {
  std::vector<Place> out;
  if (world.drafts.empty())
    return out;
  const Knowledge& k = *world.knowledge;
  const DraftRef& current = world.drafts[0];
  const Mention* m = current.analysis->mentionAt(offset);
  if (m == nullptr)
    return out;
  const std::string key = termKey(k, *current.analysis, m->term);
  if (key.empty())
    return out;

  // One place, so that the editor jumps: the draft's own definition first (other drafts,
  // open or not, are references, not definitions) …
  for (const DraftDefinition* d : draftDefinitionsOf(k, *current.analysis, m->term)) {
    out.push_back(draftPlace(current, 0, d->definition));
    return out;
  }
  if (m->term >= k.terms.size() || m->term >= k.index.size())
    return out;
  // … then the first commentary that spells it out …
  const TermIndex& index = k.index[m->term];
  if (!index.definitions.empty()) {
    const SourceDefinition& sd = index.definitions.front();
    const Source& src = k.sources[sd.source];
    Place p =
        draftPlace(DraftRef{src.text, Language::PlainText, nullptr}, sd.source, sd.definition);
    p.where = Place::Where::Corpus;
    out.push_back(p);
    return out;
  }
  // … then, for a lexicon term no commentary spells out (named agreements are often only
  // described), the first sentence that mentions it in a commentary its gloss draws on, else
  // in any commentary. Never the lexicon's JSON file.
  const Term& term = k.terms[m->term];
  const SourceLocation* best = nullptr;
  for (const SourceLocation& loc : index.mentions) {
    if (loc.source >= k.sources.size())
      continue;
    bool cited = std::find(term.sources.begin(), term.sources.end(),
                           k.sources[loc.source].meta.id) != term.sources.end();
    if (cited) {
      best = &loc;
      break;
    }
    if (!best)
      best = &loc;
  }
  if (best) {
    const Source& src = k.sources[best->source];
    Place p;
    p.where = Place::Where::Corpus;
    p.index = best->source;
    p.span = best->span;
    p.context = sentenceAround(src.text, best->span.begin);
    p.context.begin = std::min(p.context.begin, p.span.begin);
    p.context.end = std::max(p.context.end, p.span.end);
    out.push_back(p);
  }
  (void)key;
  return out;
}

std::vector<Place> findDeclaration(const World& world, uint32_t offset) {
  std::vector<Place> out;
  if (world.drafts.empty())
    return out;
  const DraftAnalysis& a = *world.drafts[0].analysis;
  const Mention* m = a.mentionAt(offset);
  if (m == nullptr)
    return out;
  for (const Mention& other : a.mentions) {
    if (other.term != m->term)
      continue;
    Place p;
    p.where = Place::Where::Draft;
    p.index = 0;
    p.span = p.context = other.span;
    out.push_back(p);
    break;
  }
  return out;
}

} // namespace accord::features
