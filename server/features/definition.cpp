// Go to definition and declaration over the drafts and the corpus, in byte offsets.
#include "server/features/definition.h"

namespace accord::features {

namespace {

constexpr size_t kMaxCorpusDefinitions = 50;

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

  for (uint32_t i = 0; i < world.drafts.size(); ++i) {
    const DraftRef& draft = world.drafts[i];
    int64_t term = i == 0 ? m->term : findTermByKey(k, *draft.analysis, key);
    if (term < 0)
      continue;
    for (const DraftDefinition* d :
         draftDefinitionsOf(k, *draft.analysis, static_cast<uint32_t>(term)))
      out.push_back(draftPlace(draft, i, d->definition));
  }
  if (m->term < k.terms.size()) {
    const TermIndex& index = k.index[m->term];
    for (const SourceDefinition& sd : index.definitions) {
      if (out.size() >= kMaxCorpusDefinitions)
        break;
      const Source& src = k.sources[sd.source];
      Place p =
          draftPlace(DraftRef{src.text, Language::PlainText, nullptr}, sd.source, sd.definition);
      p.where = Place::Where::Corpus;
      out.push_back(p);
    }
    // Named agreements are often only described in the commentaries, never spelled out in
    // "long form (SF)" shape: the lexicon entry is then the best answer there is.
    const Term& term = k.terms[m->term];
    if (out.empty() && !term.origin.file.empty()) {
      Place p;
      p.where = Place::Where::Lexicon;
      p.file = term.origin.file;
      p.line = term.origin.line;
      out.push_back(p);
    }
  }
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
