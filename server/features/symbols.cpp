// Document and workspace symbols: grouping the draft's terms and fuzzy search over all terms.
#include "server/features/symbols.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace accord::features {

namespace {

std::string groupName(TermKind kind) {
  switch (kind) {
  case TermKind::Acronym:
    return "Acronyms";
  case TermKind::Agreement:
    return "Agreements";
  case TermKind::Initiative:
    return "Initiatives";
  case TermKind::Forum:
    return "Forums";
  case TermKind::Institution:
    return "Institutions";
  case TermKind::Place:
    return "Places";
  case TermKind::Other:
    break;
  }
  return "Other terms";
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool isAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (static_cast<unsigned char>(c) >= 0x80);
}

} // namespace

std::vector<SymbolGroup> documentSymbols(const Knowledge& k, const DraftRef& draft) {
  const DraftAnalysis& a = *draft.analysis;
  const uint32_t count = termCount(k, a);
  std::vector<uint32_t> mentions(count, 0);
  std::vector<int64_t> firstMention(count, -1);
  std::vector<uint32_t> order;
  for (size_t i = 0; i < a.mentions.size(); ++i) {
    const Mention& m = a.mentions[i];
    if (m.term >= count)
      continue;
    if (mentions[m.term]++ == 0) {
      firstMention[m.term] = static_cast<int64_t>(i);
      order.push_back(m.term);
    }
  }
  std::vector<SymbolGroup> groups;
  for (uint32_t t : order) {
    const Term& term = a.term(k, t);
    TermSymbol s;
    s.term = t;
    s.kind = term.kind;
    s.name = std::string(displayName(term));
    s.count = mentions[t];
    std::string forms = term.shortForm.empty() ? std::string() : term.longForm;
    s.detail = (forms.empty() ? "" : forms + " · ") + std::to_string(s.count) + " mention" +
               (s.count == 1 ? "" : "s");
    auto defs = draftDefinitionsOf(k, a, t);
    if (!defs.empty()) {
      const MinedDefinition& d = defs.front()->definition;
      s.range = definitionSpan(draft.text, d);
      s.selection = term.shortForm.empty() ? d.longSpan : d.shortSpan;
    } else {
      s.range = s.selection = a.mentions[static_cast<size_t>(firstMention[t])].span;
    }
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const SymbolGroup& g) { return g.kind == term.kind; });
    if (group == groups.end()) {
      groups.push_back(SymbolGroup{term.kind, groupName(term.kind), s.range, {}});
      group = groups.end() - 1;
    }
    group->range.begin = std::min(group->range.begin, s.range.begin);
    group->range.end = std::max(group->range.end, s.range.end);
    group->terms.push_back(std::move(s));
  }
  std::sort(groups.begin(), groups.end(), [](const SymbolGroup& x, const SymbolGroup& y) {
    return kindRank(x.kind) < kindRank(y.kind);
  });
  return groups;
}

int fuzzyScore(std::string_view pattern, std::string_view candidate) {
  const size_t m = pattern.size(), n = candidate.size();
  if (m == 0)
    return 0;
  if (m > n)
    return -1;
  // Cheap rejection before the alignment: is it a subsequence at all?
  {
    size_t j = 0;
    for (size_t i = 0; i < n && j < m; ++i)
      if (lower(candidate[i]) == lower(pattern[j]))
        ++j;
    if (j < m)
      return -1;
  }
  auto wordStart = [&](size_t i) {
    if (i == 0)
      return true;
    char prev = candidate[i - 1], c = candidate[i];
    if (!isAlnum(prev) && isAlnum(c))
      return true;
    return prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z';
  };
  constexpr int kNone = -1000000;
  // best[j][i]: best score with pattern[0..j] matched, pattern[j] at candidate[i].
  std::vector<int> prev(n, kNone), cur(n, kNone);
  for (size_t j = 0; j < m; ++j) {
    int runningBest = kNone; // max of prev[0..i-2]
    for (size_t i = 0; i < n; ++i) {
      cur[i] = kNone;
      if (j > 0 && i >= 2)
        runningBest = std::max(runningBest, prev[i - 2]);
      if (lower(candidate[i]) != lower(pattern[j]))
        continue;
      int gain = 1 + (wordStart(i) ? 8 : 0) + (candidate[i] == pattern[j] ? 1 : 0);
      if (j == 0) {
        cur[i] = gain - static_cast<int>(std::min<size_t>(i, 10)) / 2;
        continue;
      }
      int best = runningBest == kNone ? kNone : runningBest + gain;
      if (i >= 1 && prev[i - 1] != kNone)
        best = std::max(best, prev[i - 1] + gain + 5);
      cur[i] = best;
    }
    std::swap(prev, cur);
  }
  int best = *std::max_element(prev.begin(), prev.end());
  if (best == kNone)
    return -1;
  bool prefix = true;
  for (size_t i = 0; i < m; ++i)
    if (lower(candidate[i]) != lower(pattern[i]))
      prefix = false;
  if (prefix)
    best += m == n ? 30 : 15;
  best -= static_cast<int>(std::min<size_t>(n - m, 40)) / 8; // shorter candidates first
  return std::max(best, 0);
}

std::vector<WorkspaceSymbolHit> workspaceSymbols(const World& world, std::string_view query,
                                                 size_t limit) {
  const Knowledge& k = *world.knowledge;
  std::vector<WorkspaceSymbolHit> hits;
  auto score = [&](const Term& t) {
    int best = fuzzyScore(query, t.shortForm);
    best = std::max(best, fuzzyScore(query, t.longForm));
    for (const std::string& alias : t.aliases)
      best = std::max(best, fuzzyScore(query, alias) - 1);
    return best;
  };
  auto makeHit = [](const Term& t, int s) {
    WorkspaceSymbolHit hit;
    hit.name = std::string(displayName(t));
    hit.container = t.shortForm.empty() ? std::string(toString(t.kind)) : t.longForm;
    hit.kind = t.kind;
    hit.score = s;
    return hit;
  };

  // The first draft definition of each known term, and the drafts' own terms (deduplicated).
  std::unordered_map<uint32_t, Place> draftDefinition;
  std::unordered_set<std::string> localSeen;
  for (uint32_t i = 0; i < world.drafts.size(); ++i) {
    const DraftRef& draft = world.drafts[i];
    for (const DraftDefinition& d : draft.analysis->definitions) {
      int64_t t = definitionTermId(k, d);
      if (t < 0)
        continue;
      Place p;
      p.where = Place::Where::Draft;
      p.index = i;
      p.span = definitionSpan(draft.text, d.definition);
      p.context = p.span;
      if (static_cast<uint64_t>(t) < k.terms.size()) {
        draftDefinition.emplace(static_cast<uint32_t>(t), p);
        continue;
      }
      const Term& local = draft.analysis->term(k, static_cast<uint32_t>(t));
      if (!localSeen.insert(termKey(k, *draft.analysis, static_cast<uint32_t>(t))).second)
        continue;
      int s = score(local);
      if (s < 0)
        continue;
      WorkspaceSymbolHit hit = makeHit(local, s);
      hit.place = p;
      hits.push_back(std::move(hit));
    }
  }
  for (uint32_t t = 0; t < k.terms.size(); ++t) {
    const Term& term = k.terms[t];
    int s = score(term);
    if (s < 0)
      continue;
    WorkspaceSymbolHit hit = makeHit(term, s);
    if (auto it = draftDefinition.find(t); it != draftDefinition.end()) {
      hit.place = it->second;
    } else if (!k.index[t].definitions.empty()) {
      const SourceDefinition& sd = k.index[t].definitions.front();
      hit.place.where = Place::Where::Corpus;
      hit.place.index = sd.source;
      hit.place.span = definitionSpan(k.sources[sd.source].text, sd.definition);
      hit.place.context = hit.place.span;
    } else if (!term.origin.file.empty()) {
      hit.place.where = Place::Where::Lexicon;
      hit.place.file = term.origin.file;
      hit.place.line = term.origin.line;
    } else if (!k.index[t].mentions.empty()) {
      const SourceLocation& loc = k.index[t].mentions.front();
      hit.place.where = Place::Where::Corpus;
      hit.place.index = loc.source;
      hit.place.span = hit.place.context = loc.span;
    } else {
      continue; // nowhere to point at
    }
    hits.push_back(std::move(hit));
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const WorkspaceSymbolHit& x, const WorkspaceSymbolHit& y) {
                     if (x.score != y.score)
                       return x.score > y.score;
                     return x.name < y.name;
                   });
  if (hits.size() > limit)
    hits.resize(limit);
  return hits;
}

} // namespace accord::features
