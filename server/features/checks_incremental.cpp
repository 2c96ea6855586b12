// Incremental checks: after an edit, re-check only the short forms and sentences of the
// paragraphs it changed, and move the other findings by the edit's byte delta.
//
// Why this equals a full run (runChecks). The findings fall into groups (checks_internal.h):
// those about one short-form key (first use, definitions, unknown acronyms), which read only
// that key's mentions, definitions and acronym-shaped tokens and the context of each (its line,
// its paragraph's quotations, the non-prose ranges and headings over it, the mention before
// it); and fact-contradicts findings, which read one sentence and the mentions in it. The
// window below is a run of whole paragraphs (text between "\n\n") that holds the edited bytes
// and every mention, definition, heading, non-prose range and sentence the analysis changed,
// and every sentence that reaches into it. Outside it the text and all of those are the same
// in the old and the new draft, only moved; so a key none of whose mentions, definitions or
// tokens is in the window has the same findings, moved, and so has a sentence outside it.
#include "server/features/checks_incremental.h"

#include "server/features/house_style.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

namespace accord::features {

namespace {

using detail::Group;
using detail::TaggedFinding;

bool sameLocalTerms(const std::vector<Term>& a, const std::vector<Term>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].id != b[i].id || a[i].shortForm != b[i].shortForm || a[i].longForm != b[i].longForm)
      return false;
  return true;
}

/// Where a paragraph starts: 0, or just after a "\n\n" (the largest such offset <= x).
uint32_t paragraphStart(std::string_view text, uint32_t x) {
  if (x < 2)
    return 0;
  size_t at = text.rfind("\n\n", x - 2);
  return at == std::string_view::npos ? 0 : static_cast<uint32_t>(at + 2);
}
/// Where a paragraph ends: the text's end, or a "\n\n" (the smallest such offset >= x).
uint32_t paragraphEnd(std::string_view text, uint32_t x) {
  size_t at = text.find("\n\n", x);
  return at == std::string_view::npos ? static_cast<uint32_t>(text.size())
                                      : static_cast<uint32_t>(at);
}

/// The edit as byte offsets: [s, oldEnd) of the old text became [s, newEnd) of the new one.
struct Edit {
  uint32_t s = 0, oldEnd = 0, newEnd = 0;
  int64_t delta = 0;
  /// An offset of the new text in the old one: inside the inserted bytes it maps to the
  /// start (low) or end (high) of the replaced ones.
  uint32_t toOldLow(uint32_t x) const {
    return x < s ? x : x >= newEnd ? static_cast<uint32_t>(x - delta) : s;
  }
  uint32_t toOldHigh(uint32_t x) const {
    return x <= s ? x : x >= newEnd ? static_cast<uint32_t>(x - delta) : oldEnd;
  }
};

Span shifted(Span x, int64_t delta) {
  return {static_cast<uint32_t>(x.begin + delta), static_cast<uint32_t>(x.end + delta)};
}

/// The window, in old offsets [lo, hi) (the new text's [lo, hi + delta)).
struct Window {
  uint32_t lo = 0, hi = 0;
  void take(uint32_t b, uint32_t e) {
    lo = std::min(lo, b);
    hi = std::max(hi, e);
  }
};

/// Widens `w` by the items of `a` (old) and `b` (new) that differ, after a common prefix of
/// equal items and a common suffix of items equal once moved by the edit. `spanOf` gives an
/// item's bytes; `same(x, y, delta)` says whether y is x moved by delta.
template <class T, class SpanOf, class Same>
bool takeChanged(Window& w, const Edit& edit, const std::vector<T>& a, const std::vector<T>& b,
                 SpanOf spanOf, Same same) {
  const size_t n = std::min(a.size(), b.size());
  size_t p = 0;
  while (p < n && same(a[p], b[p], 0))
    ++p;
  size_t q = 0;
  while (q < n - p && same(a[a.size() - 1 - q], b[b.size() - 1 - q], edit.delta))
    ++q;
  for (size_t i = p; i < a.size() - q; ++i) {
    Span x = spanOf(a[i]);
    w.take(x.begin, x.end);
  }
  for (size_t i = p; i < b.size() - q; ++i) {
    Span x = spanOf(b[i]);
    w.take(edit.toOldLow(x.begin), edit.toOldHigh(x.end));
  }
  return p + q < a.size() || p + q < b.size();
}

/// Widens `w` by the items of `items` that overlap [lo, hi) of their text, `toOld` mapping
/// their spans to old offsets. Every item is looked at: sentences may nest.
template <class T, class SpanOf, class ToOld>
bool takeOverlapping(Window& w, const std::vector<T>& items, uint32_t lo, uint32_t hi,
                     SpanOf spanOf, ToOld toOld) {
  bool grew = false;
  for (const T& item : items) {
    Span x = spanOf(item);
    if (x.end <= lo || x.begin >= hi)
      continue;
    Span o = toOld(x);
    if (o.begin < w.lo || o.end > w.hi) {
      w.take(o.begin, o.end);
      grew = true;
    }
  }
  return grew;
}

/// Every span a definition covers: the forms, the sentence, the extent, the span checks
/// underline (definitionSpan).
Span definitionBytes(std::string_view text, const MinedDefinition& d) {
  Span all = definitionSpan(text, d);
  for (Span x : {d.shortSpan, d.longSpan, d.sentence, d.extent})
    if (!x.empty()) {
      all.begin = std::min(all.begin, x.begin);
      all.end = std::max(all.end, x.end);
    }
  return all;
}

/// Moves the draft offsets of a finding found outside the window by the edit.
void move(TaggedFinding& t, uint32_t from, int64_t delta) {
  auto m = [&](Span& x) {
    if (!x.empty() && x.begin >= from)
      x = shifted(x, delta);
  };
  m(t.finding.span);
  for (RelatedSpan& r : t.finding.related)
    if (r.source < 0)
      m(r.span);
  for (FixData& f : t.finding.fixes) {
    m(f.target);
    m(f.drop);
  }
  m(t.sentence);
}

/// The findings in runChecks' order, from the tagged ones in emission order, with the
/// contested-name findings (house_style.h), which runChecks judges mention by mention outside
/// the groups and which are cheap: found again over the whole text.
std::vector<Finding> ordered(const std::vector<TaggedFinding>& tagged, const AnalysisState& a,
                             std::string_view text, const CheckOptions& options) {
  std::vector<Finding> out;
  out.reserve(tagged.size());
  for (const TaggedFinding& t : tagged)
    out.push_back(t.finding);
  houseStyleFindings(*a.knowledge, *a.analysis, text, options.houseStyle,
                     options[CheckCode::HouseStyle], out);
  detail::sortFindings(out);
  return out;
}

/// runChecks' emission order of the groups: Key findings by key (std::map order), each key's
/// in its own order; Fact findings by sentence; Undefined ones by token.
bool emittedBefore(const TaggedFinding& x, const TaggedFinding& y) {
  if (x.group != y.group)
    return x.group < y.group;
  switch (x.group) {
  case Group::Key:
    return x.key < y.key;
  case Group::Fact:
    return x.sentence.begin < y.sentence.begin;
  case Group::Undefined:
    return x.finding.span.begin < y.finding.span.begin;
  }
  return false;
}
void canonical(std::vector<TaggedFinding>& tagged) {
  std::stable_sort(tagged.begin(), tagged.end(), emittedBefore);
}

std::shared_ptr<const CheckState> checkAll(const std::shared_ptr<const AnalysisState>& analysis,
                                           std::string_view text, const CheckOptions& options) {
  auto state = std::make_shared<CheckState>();
  state->analysis = analysis;
  state->options = options;
  state->language = analysis->language;
  const Span all{0, static_cast<uint32_t>(text.size())};
  state->quotes = AcronymContext::quotations(text, all);
  state->tokens = AcronymContext(text, analysis->nonProse, {}, {}).tokens(all);
  detail::CheckScope scope;
  scope.nonProse = &analysis->nonProse;
  scope.quotes = &state->quotes;
  scope.tokens = &state->tokens;
  state->tagged = detail::runChecksTagged(*analysis->knowledge, *analysis->analysis, text,
                                          analysis->language, options, scope);
  state->findings = ordered(state->tagged, *analysis, text, options);
  canonical(state->tagged); // kept so: an edit merges into it
  return state;
}

} // namespace

std::shared_ptr<const CheckState> updateChecks(const std::shared_ptr<const CheckState>& previous,
                                               const std::shared_ptr<const AnalysisState>& analysis,
                                               std::string_view oldText, std::string_view newText,
                                               const CheckOptions& options, CheckUpdate* update) {
  CheckUpdate ignored;
  CheckUpdate& how = update ? *update : ignored;
  how = {};
  auto full = [&](const char* why) {
    how.why = why;
    return checkAll(analysis, newText, options);
  };
  if (!previous)
    return full("no earlier checks");
  if (previous->analysis->knowledge != analysis->knowledge)
    return full("another Knowledge");
  if (previous->options != options || previous->language != analysis->language)
    return full("other settings");
  if (oldText.size() > UINT32_MAX / 2 || newText.size() > UINT32_MAX / 2)
    return full("too large");
  const DraftAnalysis& a = *previous->analysis->analysis;
  const DraftAnalysis& b = *analysis->analysis;
  const Knowledge& k = *analysis->knowledge;
  // The draft's own terms are numbered after the Knowledge's, in the order of their first
  // definitions: when one comes or goes, the ids of those after it move. They are matched by
  // short form. One that came, went or is spelled out another way now ("changed") may have
  // different mentions anywhere: its key is checked again whole, and so is what its mentions
  // touch (the mention after each, the sentence of each); its mentions do not widen the window.
  const size_t known = k.terms.size();
  std::vector<int64_t> localMap(a.localTerms.size()); // old local index -> new, -1 when gone
  std::vector<char> changedOld(a.localTerms.size(), 0), changedNew(b.localTerms.size(), 0);
  std::unordered_set<std::string> changedKeys;
  const bool localTermsChanged = !sameLocalTerms(a.localTerms, b.localTerms);
  for (size_t i = 0; i < localMap.size(); ++i)
    localMap[i] = static_cast<int64_t>(i);
  if (localTermsChanged) {
    std::unordered_map<std::string_view, uint32_t> byShort;
    for (uint32_t j = 0; j < b.localTerms.size(); ++j)
      byShort.emplace(b.localTerms[j].shortForm, j);
    std::vector<char> matched(b.localTerms.size(), 0);
    for (size_t i = 0; i < a.localTerms.size(); ++i) {
      auto it = byShort.find(a.localTerms[i].shortForm);
      localMap[i] = it == byShort.end() ? -1 : it->second;
      if (it != byShort.end())
        matched[it->second] = 1;
      const bool same = it != byShort.end() && a.localTerms[i].id == b.localTerms[it->second].id &&
                        a.localTerms[i].longForm == b.localTerms[it->second].longForm;
      if (!same) {
        changedOld[i] = 1;
        changedKeys.insert(detail::termKey(a.localTerms[i]));
        if (it != byShort.end())
          changedNew[it->second] = 1;
      }
    }
    for (size_t j = 0; j < b.localTerms.size(); ++j)
      if (!matched[j] || changedNew[j]) {
        changedNew[j] = 1;
        changedKeys.insert(detail::termKey(b.localTerms[j]));
      }
  }
  auto changedMention = [&](const std::vector<char>& changed, const Mention& m) {
    return m.term >= known && m.term - known < changed.size() && changed[m.term - known];
  };
  // An old term id as the new analysis numbers it (-1: a term of the draft's own now gone).
  auto mapTerm = [&](uint32_t t) -> int64_t {
    if (t < known || t - known >= localMap.size())
      return t;
    const int64_t j = localMap[t - known];
    return j < 0 ? -1 : static_cast<int64_t>(known + j);
  };
  auto mapRef = [&](TermRef r) {
    if (!r.isLocal() || r.index >= localMap.size())
      return r;
    const int64_t j = localMap[r.index];
    return j < 0 ? TermRef{} : TermRef::local(static_cast<uint32_t>(j));
  };

  Edit edit;
  edit.s = static_cast<uint32_t>(commonPrefix(oldText, newText));
  const size_t suffix = commonSuffix(oldText.substr(edit.s), newText.substr(edit.s));
  edit.oldEnd = static_cast<uint32_t>(oldText.size() - suffix);
  edit.newEnd = static_cast<uint32_t>(newText.size() - suffix);
  edit.delta = static_cast<int64_t>(newText.size()) - static_cast<int64_t>(oldText.size());

  // The window: the edited bytes and whatever the analysis changed.
  Window w{edit.s, edit.oldEnd};
  {
    auto sameMention = [&](const Mention& x, const Mention& y, int64_t d) {
      return mapTerm(x.term) == y.term && x.form == y.form && shifted(x.span, d) == y.span;
    };
    auto mentionSpan = [](const Mention& m) { return m.span; };
    if (changedKeys.empty()) {
      takeChanged(w, edit, a.mentions, b.mentions, mentionSpan, sameMention);
    } else {
      auto without = [&](const std::vector<Mention>& all, const std::vector<char>& changed) {
        std::vector<Mention> out;
        out.reserve(all.size());
        for (const Mention& m : all)
          if (!changedMention(changed, m))
            out.push_back(m);
        return out;
      };
      takeChanged(w, edit, without(a.mentions, changedOld), without(b.mentions, changedNew),
                  mentionSpan, sameMention);
    }
  }
  const bool sectionsChanged = takeChanged(
      w, edit, a.sections, b.sections, [](const Section& x) { return x.heading; },
      [](const Section& x, const Section& y, int64_t d) {
        return x.level == y.level && shifted(x.heading, d) == y.heading;
      });
  // Sections decide the scopes of first use when there is one per section. A heading at the
  // very start opens no scope of its own (scopeStarts): text typed before it makes one, and
  // every finding may then say "in this section" (fuzz_edits).
  const bool headingLeftStart =
      !a.sections.empty() && !b.sections.empty() &&
      (a.sections.front().heading.begin == 0) != (b.sections.front().heading.begin == 0);
  if ((sectionsChanged || headingLeftStart) && options.scope == FirstUseScope::Section)
    return full("the sections changed");
  takeChanged(
      w, edit, previous->analysis->nonProse, analysis->nonProse, [](Span x) { return x; },
      [](Span x, Span y, int64_t d) { return shifted(x, d) == y; });
  takeChanged(
      w, edit, a.sentences, b.sentences, [](Span x) { return x; },
      [](Span x, Span y, int64_t d) { return shifted(x, d) == y; });
  // Every definition's bytes, in both texts (definitions are sorted by where their
  // parenthesis is, not by their whole extent).
  std::vector<Span> aDefs, bDefs;
  aDefs.reserve(a.definitions.size());
  for (const DraftDefinition& d : a.definitions)
    aDefs.push_back(definitionBytes(oldText, d.definition));
  bDefs.reserve(b.definitions.size());
  for (const DraftDefinition& d : b.definitions)
    bDefs.push_back(definitionBytes(newText, d.definition));
  {
    // Definitions are compared whole; their bytes are taken in both texts.
    auto same = [&](const DraftDefinition& x, const DraftDefinition& y, int64_t d) {
      const MinedDefinition &p = x.definition, &q = y.definition;
      return mapRef(x.term) == y.term && p.shortForm == q.shortForm && p.longForm == q.longForm &&
             shifted(p.shortSpan, d) == q.shortSpan && shifted(p.longSpan, d) == q.longSpan &&
             shifted(p.sentence, d) == q.sentence &&
             (p.extent.empty() ? q.extent.empty() : shifted(p.extent, d) == q.extent) &&
             p.shortFirst == q.shortFirst && p.clause == q.clause;
    };
    const size_t n = std::min(a.definitions.size(), b.definitions.size());
    size_t p = 0;
    while (p < n && same(a.definitions[p], b.definitions[p], 0))
      ++p;
    size_t q = 0;
    while (q < n - p && same(a.definitions[a.definitions.size() - 1 - q],
                             b.definitions[b.definitions.size() - 1 - q], edit.delta))
      ++q;
    for (size_t i = p; i < a.definitions.size() - q; ++i)
      w.take(aDefs[i].begin, aDefs[i].end);
    for (size_t i = p; i < b.definitions.size() - q; ++i)
      w.take(edit.toOldLow(bDefs[i].begin), edit.toOldHigh(bDefs[i].end));
  }
  // Whole paragraphs, and every sentence or definition that reaches into them (a sentence
  // may run across a blank line), until nothing more reaches in.
  const auto identity = [](Span x) { return x; };
  const auto fromNew = [&](Span x) { return Span{edit.toOldLow(x.begin), edit.toOldHigh(x.end)}; };
  const auto sentenceOf = [](Span x) { return x; };
  for (int round = 0;; ++round) {
    if (round == 16)
      return full("the edit reaches too far");
    w.lo = paragraphStart(newText, w.lo); // the bytes before it are the same in both texts
    w.hi = static_cast<uint32_t>(paragraphEnd(oldText, w.hi));
    const uint32_t hiNew = static_cast<uint32_t>(w.hi + edit.delta);
    bool grew = takeOverlapping(w, a.sentences, w.lo, w.hi, sentenceOf, identity);
    grew |= takeOverlapping(w, b.sentences, w.lo, hiNew, sentenceOf, fromNew);
    for (Span x : aDefs) {
      if (x.begin < w.hi && x.end > w.lo && (x.begin < w.lo || x.end > w.hi)) {
        w.take(x.begin, x.end);
        grew = true;
      }
    }
    for (Span x : bDefs) {
      if (x.begin < hiNew && x.end > w.lo) {
        Span o = fromNew(x);
        if (o.begin < w.lo || o.end > w.hi) {
          w.take(o.begin, o.end);
          grew = true;
        }
      }
    }
    if (!grew)
      break;
  }
  const uint32_t lo = w.lo, hiOld = w.hi, hiNew = static_cast<uint32_t>(w.hi + edit.delta);
  if (hiNew - lo > newText.size() / 2 + 4096)
    return full("most of the draft changed");

  auto state = std::make_shared<CheckState>();
  state->analysis = analysis;
  state->options = options;
  state->language = analysis->language;
  // Quotations and tokens: the window read again, the rest kept or moved.
  auto splice = [&](const auto& old, auto fresh, auto spanOf, auto moveBy) {
    std::decay_t<decltype(old)> out;
    out.reserve(old.size() + fresh.size());
    auto it = old.begin();
    for (; it != old.end() && spanOf(*it).begin < lo; ++it)
      out.push_back(*it);
    for (auto& x : fresh)
      out.push_back(std::move(x));
    for (; it != old.end(); ++it)
      if (spanOf(*it).begin >= hiOld)
        out.push_back(moveBy(*it));
    return out;
  };
  const Span fresh{lo, hiNew};
  state->quotes = splice(previous->quotes, AcronymContext::quotations(newText, fresh), identity,
                         [&](Span x) { return shifted(x, edit.delta); });
  AcronymContext reader(newText, analysis->nonProse, {}, {});
  state->tokens = splice(
      previous->tokens, reader.tokens(fresh), [](const AcronymToken& t) { return t.span; },
      [&](AcronymToken t) {
        t.span = shifted(t.span, edit.delta);
        return t;
      });

  // The keys to check again: of every mention, definition and token in the window (old and
  // new), and of the first mention after it, whose "introduced by" reads the mention before.
  std::unordered_set<std::string> keys;
  auto addKey = [&](std::string key) {
    if (!key.empty())
      keys.insert(std::move(key));
  };
  auto mentionKeys = [&](const DraftAnalysis& d, std::string_view text, uint32_t from,
                         uint32_t to) {
    auto it = std::partition_point(d.mentions.begin(), d.mentions.end(),
                                   [&](const Mention& m) { return m.span.end <= from; });
    bool after = false;
    for (; it != d.mentions.end() && !after; ++it) {
      after = it->span.begin >= to;
      if (it->term >= k.terms.size() + d.localTerms.size())
        continue;
      addKey(detail::termKey(d.term(k, it->term)));
      if (it->form == FormKind::Alias)
        addKey(detail::acronymAliasKey(k, text, *it));
    }
  };
  mentionKeys(a, oldText, lo, hiOld);
  mentionKeys(b, newText, lo, hiNew);
  auto definitionKeys = [&](const DraftAnalysis& d, const std::vector<Span>& bytes, uint32_t from,
                            uint32_t to) {
    for (size_t i = 0; i < d.definitions.size(); ++i)
      if (bytes[i].begin < to && bytes[i].end > from)
        addKey(detail::shortFormKey(d.definitions[i].definition.shortForm));
  };
  definitionKeys(a, aDefs, lo, hiOld);
  definitionKeys(b, bDefs, lo, hiNew);
  auto tokenKeys = [&](const std::vector<AcronymToken>& tokens, uint32_t from, uint32_t to) {
    auto it = std::partition_point(tokens.begin(), tokens.end(),
                                   [&](const AcronymToken& t) { return t.span.end <= from; });
    for (; it != tokens.end() && it->span.begin < to; ++it)
      addKey(it->key);
  };
  tokenKeys(previous->tokens, lo, hiOld);
  tokenKeys(state->tokens, lo, hiNew);
  // The draft's own terms that changed: their keys, and for each of their mentions outside the
  // window the key of the mention after it and the sentence holding it (new offsets).
  std::vector<Span> factSentences;
  if (!changedKeys.empty()) {
    for (const std::string& key : changedKeys)
      addKey(key);
    auto touched = [&](const DraftAnalysis& d, std::string_view text,
                       const std::vector<char>& changed, const std::vector<AcronymToken>& tokens,
                       bool old) {
      for (size_t i = 0; i < d.mentions.size(); ++i) {
        const Mention& m = d.mentions[i];
        if (!changedMention(changed, m))
          continue;
        // an acronym token it covers ("THAAD" in "THAADOK") is not unknown
        for (auto t = std::partition_point(
                 tokens.begin(), tokens.end(),
                 [&](const AcronymToken& x) { return x.span.end <= m.span.begin; });
             t != tokens.end() && t->span.begin < m.span.end; ++t)
          addKey(t->key);
        if (i + 1 < d.mentions.size()) {
          const Mention& after = d.mentions[i + 1];
          if (after.term < known + d.localTerms.size()) {
            addKey(detail::termKey(d.term(k, after.term)));
            if (after.form == FormKind::Alias)
              addKey(detail::acronymAliasKey(k, text, after));
          }
        }
        uint32_t at = m.span.begin;
        if (old) {
          if (at >= lo && at < hiOld)
            continue; // in the window: its sentences are checked again anyway
          at = at < lo ? at : static_cast<uint32_t>(at + edit.delta);
        } else if (at >= lo && at < hiNew) {
          continue;
        }
        auto it = std::partition_point(b.sentences.begin(), b.sentences.end(),
                                       [&](Span x) { return x.end <= at; });
        if (it != b.sentences.end() && it->begin <= at)
          factSentences.push_back(*it);
      }
    };
    touched(a, oldText, changedOld, previous->tokens, true);
    touched(b, newText, changedNew, state->tokens, false);
    std::sort(factSentences.begin(), factSentences.end(), [](Span x, Span y) {
      return x.begin != y.begin ? x.begin < y.begin : x.end < y.end;
    });
    factSentences.erase(std::unique(factSentences.begin(), factSentences.end()),
                        factSentences.end());
  }
  // The same sentences in old offsets (outside the window they only moved).
  std::vector<Span> factSentencesOld;
  for (Span x : factSentences)
    factSentencesOld.push_back(x.begin < lo ? x : shifted(x, -edit.delta));

  // Check those keys and the window's sentences on the new draft.
  std::vector<AcronymToken> keyTokens;
  for (const AcronymToken& t : state->tokens)
    if (keys.count(t.key))
      keyTokens.push_back(t);
  detail::CheckScope scope;
  scope.keys = &keys;
  scope.facts = fresh;
  scope.moreFacts = &factSentences;
  scope.nonProse = &analysis->nonProse;
  scope.quotes = &state->quotes;
  scope.tokens = &keyTokens;
  std::vector<TaggedFinding> found =
      detail::runChecksTagged(k, b, newText, analysis->language, options, scope);

  // The rest, moved.
  // (Moving keeps their order: those before the window stay, those after all move alike.)
  std::vector<TaggedFinding> kept;
  kept.reserve(previous->tagged.size());
  for (const TaggedFinding& t : previous->tagged) {
    auto overlapsFacts = [&](Span x) {
      for (Span f : factSentencesOld)
        if (x.end > f.begin && x.begin < f.end)
          return true;
      return false;
    };
    const bool again = t.group == Group::Fact ? (t.sentence.end > lo && t.sentence.begin < hiOld) ||
                                                    overlapsFacts(t.sentence)
                                              : keys.count(t.key) > 0;
    if (again)
      continue;
    kept.push_back(t);
    move(kept.back(), hiOld, edit.delta);
  }
  canonical(found);
  std::vector<TaggedFinding>& tagged = state->tagged;
  tagged.reserve(kept.size() + found.size());
  std::merge(std::make_move_iterator(kept.begin()), std::make_move_iterator(kept.end()),
             std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()),
             std::back_inserter(tagged), emittedBefore);
  state->findings = ordered(tagged, *analysis, newText, options);
  how.incremental = true;
  how.keys = keys.size();
  how.window = fresh;
  return state;
}

} // namespace accord::features
