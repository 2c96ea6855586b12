// Incremental re-analysis: re-scan only the paragraphs an edit touched, or fall back to a full
// scan.
#include "grammar/analysis_incremental.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <span>

#include "grammar/text.h"

namespace accord {

namespace {

bool isBreak(char c) {
  return c == '\n' || c == '\r';
}
bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Paragraphs as the sentence splitter and the Markdown parser see them: lines end at LF (a
// CR before it, or a lone CR, is white space in the line), and a blank line holds only white
// space. (With a lone CR as a line end too, a window could split what the splitter reads as
// one paragraph: fuzz_edits, a plain-text draft with bare-CR lines.)
/// Start of the line that contains `pos`.
size_t lineStart(std::string_view text, size_t pos) {
  while (pos > 0 && text[pos - 1] != '\n')
    --pos;
  return pos;
}
/// End of the line that contains `pos` (the position of its LF, or the text's end).
size_t lineEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] != '\n')
    ++pos;
  return pos;
}
bool blank(std::string_view text, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r')
      return false;
  return true;
}

/// Where the paragraph holding `pos` starts: just after the nearest blank line before it.
size_t paragraphStart(std::string_view text, size_t pos) {
  size_t ls = lineStart(text, pos);
  while (ls > 0) {
    size_t prevBreak = ls - 1;
    size_t prevStart = lineStart(text, prevBreak);
    if (blank(text, prevStart, prevBreak))
      return ls;
    ls = prevStart;
  }
  return 0;
}

/// Where the paragraph holding `pos` ends: the line break before the next blank line.
size_t paragraphEnd(std::string_view text, size_t pos) {
  size_t le = lineEnd(text, pos);
  while (le < text.size()) {
    size_t next = le + 1;
    size_t nextEnd = lineEnd(text, next);
    if (blank(text, next, nextEnd))
      return le;
    le = nextEnd;
  }
  return text.size();
}

/// Text whose presence near an edit may change how text far from it reads: block
/// delimiters that span blank lines (code fences, math blocks, environments, HTML blocks).
/// Their occurrences in `window`, in order: (offset, length).
std::vector<Span> hazardsIn(std::string_view window, Language language) {
  static constexpr std::string_view kMarkdown[] = {
      "```",   "~~~",    "<!--",    "-->",      "$$",     "<pre",   "</pre",
      "<code", "</code", "<script", "</script", "<style", "</style"};
  static constexpr std::string_view kLatex[] = {"\\begin", "\\end",  "$$",        "\\[",
                                                "\\]",     "\\verb", "\\iffalse", "\\fi"};
  std::vector<Span> out;
  auto find = [&](std::string_view h) {
    for (size_t at = window.find(h); at != std::string_view::npos; at = window.find(h, at + 1))
      out.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + h.size())});
  };
  switch (language) {
  case Language::Markdown:
    for (std::string_view h : kMarkdown)
      find(h);
    // Indented lines may be (or continue) an indented code block.
    for (size_t i = 0; i < window.size(); ++i)
      if ((i == 0 || isBreak(window[i - 1])) &&
          (window[i] == '\t' || window.substr(i, 4) == "    "))
        out.push_back(
            {static_cast<uint32_t>(i), static_cast<uint32_t>(i + (window[i] == '\t' ? 1 : 4))});
    break;
  case Language::Latex:
    for (std::string_view h : kLatex)
      find(h);
    break;
  case Language::PlainText:
    break;
  }
  std::sort(out.begin(), out.end(),
            [](Span a, Span b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  return out;
}

/// The spans of `spans` (offsets in an old window) where they are in the new one, after the
/// bytes [b, e) of the old window became `delta` more or fewer; false when a span has an edge
/// in or touching the edited bytes (it may have changed, or pair with something else now).
bool moveThroughEdit(std::vector<Span>& spans, int64_t b, int64_t e, int64_t delta) {
  for (Span& x : spans)
    for (uint32_t* edge : {&x.begin, &x.end}) {
      const int64_t at = *edge;
      if (at >= b && at <= e)
        return false;
      if (at > e)
        *edge = static_cast<uint32_t>(at + delta);
    }
  return true;
}

/// Whether an edit left the blocks of a window with a delimiter in it (a fence, an indented
/// line, a math display) as they were, so that the window may still be analysed alone:
/// - the delimiters are the same, none of them in or beside the edited bytes (a "$$" typed
///   may pair with one paragraphs away, which the window alone cannot see);
/// - the old window alone gives the non-prose ranges the whole draft gave it (nothing before
///   it changes how it reads), and the new window alone the same ranges moved by the edit.
/// Typing next to a code block then costs a window, not the whole draft (it was the slowest
/// 1% of edits in a 1 MB draft, 20 ms against 5).
bool blocksKept(const std::vector<Span>& previous, std::string_view oldWindow,
                std::string_view newWindow, std::vector<Span> oldHazards,
                const std::vector<Span>& newHazards, uint32_t ps, size_t editBegin,
                size_t oldEditEnd, int64_t delta, Language language) {
  const int64_t b = static_cast<int64_t>(editBegin) - ps, e = static_cast<int64_t>(oldEditEnd) - ps;
  if (!moveThroughEdit(oldHazards, b, e, delta) || oldHazards != newHazards)
    return false;
  const size_t oldPe = ps + oldWindow.size();
  std::vector<Span> ranges; // the whole draft's non-prose ranges in the old window, from its start
  for (auto it = std::partition_point(previous.begin(), previous.end(),
                                      [&](Span x) { return x.end <= ps; });
       it != previous.end() && it->begin < oldPe; ++it) {
    if (it->begin < ps || it->end > oldPe)
      return false;
    ranges.push_back({it->begin - ps, it->end - ps});
  }
  if (nonProseRanges(oldWindow, language) != ranges)
    return false;
  return moveThroughEdit(ranges, b, e, delta) && nonProseRanges(newWindow, language) == ranges;
}

/// What a definition of the old text touches: its span (definitionSpan) and its sentence.
Span extent(std::string_view text, const MinedDefinition& d) {
  Span e = definitionSpan(text, d);
  if (!d.sentence.empty()) {
    e.begin = std::min(e.begin, d.sentence.begin);
    e.end = std::max(e.end, d.sentence.end);
  }
  return e;
}

Span shifted(Span s, int64_t delta) {
  return Span{static_cast<uint32_t>(s.begin + delta), static_cast<uint32_t>(s.end + delta)};
}

MinedDefinition shifted(MinedDefinition d, int64_t delta) {
  d.shortSpan = shifted(d.shortSpan, delta);
  d.longSpan = shifted(d.longSpan, delta);
  d.sentence = shifted(d.sentence, delta);
  return d;
}

/// analyzeDraft keys the draft's own terms by their (singular) short form.
const std::string& localKey(const Term& t) {
  return t.shortForm;
}

/// Mirrors the sentence splitter's rule (grammar/text.cpp): a paragraph that ends on a word or
/// a comma may continue into the next one when that starts in lower case, so a sentence, and
/// the definition quoting it, can reach across the blank line.
bool endsUnfinished(std::string_view text, size_t end) {
  size_t i = end;
  while (i > 0) {
    size_t p = i - 1;
    while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80)
      --p;
    size_t len = 0;
    char32_t c = decodeUtf8(text, p, len);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || isFootnoteMarker(c)) {
      i = p;
      continue;
    }
    return c == ',' || (isWordCodePoint(c) && !isCjkCodePoint(c));
  }
  return false;
}

} // namespace

std::shared_ptr<const AnalysisState> analyzeFull(std::shared_ptr<const Knowledge> knowledge,
                                                 std::string_view text, Language language) {
  auto state = std::make_shared<AnalysisState>();
  state->analysis =
      analyzeDraft(*knowledge, text, language, &state->nonProse, &state->knownMentions);
  state->knowledge = std::move(knowledge);
  state->language = language;
  return state;
}

std::shared_ptr<const AnalysisState> reanalyze(const std::shared_ptr<const AnalysisState>& previous,
                                               std::string_view oldText, std::string_view newText,
                                               UpdateKind* kind, const char** why) {
  UpdateKind ignored;
  UpdateKind& how = kind ? *kind : ignored;
  const char* ignoredWhy = nullptr;
  const char*& reason = why ? *why : ignoredWhy;
  const Knowledge& k = *previous->knowledge;
  const Language language = previous->language;
  auto full = [&](const char* because) {
    how = UpdateKind::Full;
    reason = because;
    return analyzeFull(previous->knowledge, newText, language);
  };
  if (oldText.size() > UINT32_MAX / 2 || newText.size() > UINT32_MAX / 2)
    return full("too large");

  // The changed bytes: [s, oldEnd) in the old text became [s, newEnd) in the new one.
  const size_t s = commonPrefix(oldText, newText);
  if (s == oldText.size() && s == newText.size()) {
    how = UpdateKind::Unchanged;
    return previous;
  }
  const size_t suffix = commonSuffix(oldText.substr(s), newText.substr(s));
  const size_t newEnd = newText.size() - suffix;
  const int64_t delta = static_cast<int64_t>(newText.size()) - static_cast<int64_t>(oldText.size());

  const size_t oldEditEnd = oldText.size() - suffix;
  const DraftAnalysis& prev = *previous->analysis;

  // Widen to whole paragraphs, then further until nothing the previous analysis found (mention,
  // code range, definition, sentence, heading) straddles the window's edges and no sentence can
  // run into or out of it (the sentence splitter follows an unfinished paragraph into the next).
  // Text before `ps` and from `pe` on (`oldPe` in the old text) is unchanged, only shifted.
  uint32_t ps = static_cast<uint32_t>(paragraphStart(newText, s));
  uint32_t pe = static_cast<uint32_t>(paragraphEnd(newText, newEnd));
  auto firstEndingAfter = [](const auto& items, uint32_t pos, auto spanOf) {
    return std::partition_point(items.begin(), items.end(),
                                [&](const auto& x) { return spanOf(x).end <= pos; });
  };
  auto mentionSpan = [](const Mention& m) { return m.span; };
  constexpr uint32_t kMaxWindow = 256 * 1024;
  // Nine paragraphs before and after: how far the sentence splitter may carry a sentence over
  // footnotes (mayJoinAcrossArtefacts).
  auto nineBefore = [&](size_t from) {
    for (int n = 0; n < 9 && from > 0; ++n) {
      size_t before = from;
      while (before > 0 && isSpace(newText[before - 1]))
        --before;
      from = before > 0 ? paragraphStart(newText, before - 1) : 0;
    }
    return static_cast<uint32_t>(from);
  };
  auto nineAfter = [&](size_t to) {
    for (int n = 0; n < 9 && to < newText.size(); ++n) {
      size_t after = to;
      while (after < newText.size() && isSpace(newText[after]))
        ++after;
      to = after < newText.size() ? paragraphEnd(newText, after) : newText.size();
    }
    return static_cast<uint32_t>(to);
  };
  bool farther = false; // the window took in the nine paragraphs around it
  for (int round = 0;; ++round) {
    if (round == 64 || pe - ps > kMaxWindow)
      return full("the edited paragraphs run on too far");
    const uint32_t oldPe = static_cast<uint32_t>(pe - delta);
    bool grew = false;
    // `x` is an old-text span that straddles an edge: take in the paragraphs it covers.
    auto cover = [&](Span x) {
      if (x.begin < ps && x.end > ps) {
        ps = static_cast<uint32_t>(paragraphStart(newText, x.begin));
        grew = true;
      }
      if (x.begin < oldPe && x.end > oldPe) {
        pe = static_cast<uint32_t>(paragraphEnd(newText, static_cast<size_t>(x.end + delta)));
        grew = true;
      }
    };
    for (uint32_t edge : {ps, oldPe}) {
      if (auto it = firstEndingAfter(prev.mentions, edge, mentionSpan); it != prev.mentions.end())
        cover(it->span);
      // (a known term's mention the draft's own terms won over may reach further)
      if (auto it = firstEndingAfter(previous->knownMentions, edge, mentionSpan);
          it != previous->knownMentions.end())
        cover(it->span);
      if (auto np = firstEndingAfter(previous->nonProse, edge, [](Span x) { return x; });
          np != previous->nonProse.end())
        cover(*np);
    }
    // An unclosed block (a fence, \begin{verbatim}) runs to the end of the text, and keeps
    // running over whatever is added there: a window at the end takes it in (fuzz-found).
    if (pe >= newText.size() && !previous->nonProse.empty() &&
        previous->nonProse.back().end >= oldText.size() && previous->nonProse.back().begin < ps) {
      ps = static_cast<uint32_t>(paragraphStart(newText, previous->nonProse.back().begin));
      grew = true;
    }
    for (const DraftDefinition& d : prev.definitions)
      cover(extent(oldText, d.definition));
    for (Span sentence : prev.sentences)
      cover(sentence);
    for (const Section& sec : prev.sections)
      cover(sec.heading);
    if (ps > 0 && endsUnfinished(newText, ps)) {
      size_t before = ps;
      while (before > 0 && isSpace(newText[before - 1]))
        --before;
      ps = static_cast<uint32_t>(paragraphStart(newText, before > 0 ? before - 1 : 0));
      grew = true;
    }
    if (pe < newText.size() && (endsUnfinished(newText, pe) || endsUnfinished(oldText, oldPe))) {
      size_t after = pe;
      while (after < newText.size() && isSpace(newText[after]))
        ++after;
      pe = static_cast<uint32_t>(after < newText.size() ? paragraphEnd(newText, after)
                                                        : newText.size());
      grew = true;
    }
    if (!grew && !farther) {
      // A sentence carried over a footnote into a paragraph up to nine on (text pasted from a
      // page) is split as one only with all of it in view: take in nine paragraphs each way.
      const uint32_t from = nineBefore(ps);
      const uint32_t oldPe = static_cast<uint32_t>(pe - delta);
      if (mayJoinAcrossArtefacts(newText, from, pe) ||
          mayJoinAcrossArtefacts(oldText, from, oldPe)) {
        farther = true;
        ps = from;
        pe = nineAfter(pe);
        grew = true;
      }
    }
    if (!grew)
      break;
  }
  const uint32_t oldPe = static_cast<uint32_t>(pe - delta);
  const std::string_view oldWindow = oldText.substr(ps, oldPe - ps);
  const std::string_view newWindow = newText.substr(ps, pe - ps);
  {
    std::vector<Span> oldHazards = hazardsIn(oldWindow, language),
                      newHazards = hazardsIn(newWindow, language);
    if ((!oldHazards.empty() || !newHazards.empty()) &&
        !blocksKept(previous->nonProse, oldWindow, newWindow, std::move(oldHazards), newHazards, ps,
                    s, oldEditEnd, delta, language))
      return full("a block delimiter near the edit");
  }
  // YAML front matter runs from a "---" first line to the next "---" or "..." line, however
  // far: adding or removing such a line anywhere remasks the draft from its start (found by
  // fuzz_edits).
  auto delimiter = [](std::string_view w) {
    return w.find("---") != w.npos || w.find("...") != w.npos;
  };
  if (language == Language::Markdown && (opensFrontMatter(oldText) || opensFrontMatter(newText)) &&
      (delimiter(oldWindow) || delimiter(newWindow)))
    return full("a front-matter delimiter near the edit");
  // A window analysed alone whose first line is "---" would open front matter there, where the
  // draft has a thematic break or a setext underline (fuzz-found: "x\n---" lost its heading).
  if (language == Language::Markdown && ps > 0 &&
      (opensFrontMatter(oldWindow) || opensFrontMatter(newWindow)))
    return full("a window that would open front matter");

  // Re-analyse the window alone; what it changes beyond the window (sections, the draft's own
  // terms) is worked out below.
  bool headingsChanged = false;
  std::vector<Span> winNonProse; // computed once for the window, used four times
  std::shared_ptr<const DraftAnalysis> win = analyzeDraft(k, newWindow, language, &winNonProse);
  const Span winAll{0, static_cast<uint32_t>(newWindow.size())};
  // Code or a command running to the window's end may run on past it in the whole text (a
  // LaTeX "\" at a paragraph's end takes the line break after it: fuzz_edits).
  if (!winNonProse.empty() && winNonProse.back().end >= newWindow.size() && pe < newText.size()) {
    size_t next = pe; // with the white space up to the next paragraph
    while (next < newText.size() && isSpace(newText[next]))
      ++next;
    const std::vector<Span> withBreak = nonProseRanges(newText.substr(ps, next - ps), language);
    if (!withBreak.empty() && withBreak.back().end > newWindow.size())
      return full("code or a command at the edge of the edited paragraphs");
  }
  {
    // Where an old position is now; positions inside the edited bytes have no counterpart.
    auto moved = [&](uint32_t x, bool& ok) {
      if (x < s)
        return x;
      if (x >= oldEditEnd)
        return static_cast<uint32_t>(x + delta);
      ok = false;
      return x;
    };
    // A heading that changed, appeared or went away reshapes the sections only: they are
    // found again over the whole new text at the end (a few hundred microseconds on 1 MB),
    // and the rest stays incremental (typing in a heading took a full analysis before).
    size_t n = 0;
    for (const Section& sec : prev.sections) {
      if (sec.heading.end <= ps || sec.heading.begin >= oldPe)
        continue;
      if (n >= win->sections.size()) {
        headingsChanged = true;
        break;
      }
      const Section& now = win->sections[n++];
      bool ok = sec.heading.end <= s || sec.heading.begin >= oldEditEnd;
      Span expected{moved(sec.heading.begin, ok), moved(sec.heading.end, ok)};
      if (!ok || now.level != sec.level || now.title != sec.title ||
          shifted(now.heading, ps) != expected) {
        headingsChanged = true;
        break;
      }
    }
    if (n != win->sections.size())
      headingsChanged = true;
  }
  // The definitions of the new text: those before the window, the window's, those after it
  // moved. Definitions of known terms only shape the window. Those of the draft's own terms
  // decide which terms the draft has: they are numbered again over the whole list (a few
  // hundred definitions in a long draft), as analyzeDraft numbers them.
  const uint32_t knownTerms = static_cast<uint32_t>(k.terms.size());
  std::vector<DraftDefinition> defs;
  size_t windowDefsBegin = 0;
  bool localDefs = false; // a definition of a term of the draft's own, in the old or new window
  {
    defs.reserve(prev.definitions.size() + win->definitions.size());
    for (const DraftDefinition& d : prev.definitions) {
      const Span e = extent(oldText, d.definition);
      if (e.begin < ps)
        defs.push_back(d);
      else if (e.begin < oldPe && !d.term.isKnown())
        localDefs = true;
    }
    windowDefsBegin = defs.size();
    for (const DraftDefinition& d : win->definitions) {
      DraftDefinition& now = defs.emplace_back(d);
      now.definition = shifted(now.definition, ps);
      localDefs |= !now.term.isKnown();
    }
    for (const DraftDefinition& d : prev.definitions) {
      if (extent(oldText, d.definition).begin < oldPe)
        continue;
      DraftDefinition& moved = defs.emplace_back(d);
      moved.definition = shifted(d.definition, delta);
    }
  }
  std::vector<Term> localTerms;
  bool localTermsChanged = false;
  if (localDefs) {
    localTerms = assignLocalTerms(defs);
    localTermsChanged = localTerms.size() != prev.localTerms.size();
    for (size_t i = 0; !localTermsChanged && i < localTerms.size(); ++i)
      localTermsChanged = localKey(localTerms[i]) != localKey(prev.localTerms[i]) ||
                          localTerms[i].longForm != prev.localTerms[i].longForm;
  }
  const std::span<const DraftDefinition> windowDefs(defs.data() + windowDefsBegin,
                                                    win->definitions.size());

  // Mentions in the window, as analyzeDraft finds them: the known terms, the draft's own
  // terms (a recogniser of them: the window alone does not know terms defined elsewhere), a
  // longer mention winning an overlap (the known one on a tie), then every definition's short
  // form as a mention of its term.
  std::vector<Mention> windowMentions = k.recognizer.scan(newWindow, winNonProse, winAll);
  for (Mention& m : windowMentions)
    m.span = shifted(m.span, ps);
  // The known terms' mentions of the new text, before anything is merged in.
  std::vector<Mention> knownMentions;
  {
    const std::vector<Mention>& was = previous->knownMentions;
    knownMentions.reserve(was.size() + windowMentions.size());
    auto firstAfter = firstEndingAfter(was, ps, mentionSpan);
    knownMentions.insert(knownMentions.end(), was.begin(), firstAfter);
    knownMentions.insert(knownMentions.end(), windowMentions.begin(), windowMentions.end());
    for (auto it = firstAfter; it != was.end(); ++it)
      if (it->span.begin >= oldPe)
        knownMentions.push_back({it->term, shifted(it->span, delta), it->form});
  }
  std::vector<Span> nonProse; // the new text's, spliced
  {
    nonProse.reserve(previous->nonProse.size() + 4);
    for (Span r : previous->nonProse)
      if (r.end <= ps)
        nonProse.push_back(r);
    for (Span r : winNonProse)
      nonProse.push_back(shifted(r, ps));
    for (Span r : previous->nonProse)
      if (r.begin >= oldPe)
        nonProse.push_back(shifted(r, delta));
  }
  std::shared_ptr<const Recognizer> localRecognizer = previous->localRecognizer;
  auto next = std::make_shared<DraftAnalysis>();
  if (localTermsChanged) {
    // The draft's own terms changed (one defined, undefined or spelled out another way): their
    // mentions may change anywhere, and with them the known mentions they overlap and the
    // contextual references. Everything that does not depend on them is kept (the known
    // terms' scan, sentences, sections, non-prose ranges); the rest is done over the whole
    // text as analyzeDraft does it (a fifth of a full analysis on 1 MB).
    std::vector<Mention> mentions = knownMentions;
    localRecognizer.reset();
    if (!localTerms.empty()) {
      std::vector<DataError> errors;
      localRecognizer = std::make_shared<const Recognizer>(Recognizer::build(localTerms, errors));
      mentions = mergeMentions(std::move(mentions),
                               scanLocalTerms(*localRecognizer, knownTerms, newText, nonProse,
                                              Span{0, static_cast<uint32_t>(newText.size())}));
    }
    k.contextual.apply(newText, nonProse, mentions);
    addDefinitionMentions(mentions, defs, knownTerms);
    next->mentions = std::move(mentions);
    next->localTerms = std::move(localTerms);
  } else {
    if (!prev.localTerms.empty()) {
      if (!localRecognizer) {
        std::vector<DataError> errors;
        localRecognizer =
            std::make_shared<const Recognizer>(Recognizer::build(prev.localTerms, errors));
      }
      std::vector<Mention> local =
          scanLocalTerms(*localRecognizer, knownTerms, newWindow, winNonProse, winAll);
      for (Mention& m : local)
        m.span = shifted(m.span, ps);
      windowMentions = mergeMentions(std::move(windowMentions), local);
    }
    // Contextual references count from the end of the first mention of their context on.
    // While that stays where it was for every reference outside the window, only the window's
    // need finding; when the edit moves it across the window's edges, any reference after may
    // change.
    if (!k.contextual.empty()) {
      const auto suffixBegin =
          std::partition_point(prev.mentions.begin(), prev.mentions.end(),
                               [&](const Mention& m) { return m.span.begin < oldPe; });
      const Mention* all = prev.mentions.data();
      const Mention* prefixEnd =
          all + (firstEndingAfter(prev.mentions, ps, mentionSpan) - prev.mentions.begin());
      const Mention* suffix = all + (suffixBegin - prev.mentions.begin());
      const Mention* end = all + prev.mentions.size();
      std::vector<uint32_t> was, now;
      k.contextual.lowerThresholds(all, end, 0, was);
      k.contextual.lowerThresholds(all, prefixEnd, 0, now);
      k.contextual.lowerThresholds(windowMentions.data(),
                                   windowMentions.data() + windowMentions.size(), 0, now);
      k.contextual.lowerThresholds(suffix, end, delta, now);
      constexpr uint32_t never = ContextualReferences::kNever;
      std::vector<uint32_t> inWindow(now.size());
      for (size_t r = 0; r < now.size(); ++r) {
        const uint32_t o = was[r], n = now[r];
        const bool same = (o == never || n == never) ? o == n
                          : (o <= oldPe && n <= pe)  ? true
                                                     : o > oldPe && n > pe && n == o + delta;
        if (!same)
          return full("the first mention a contextual reference leans on moved");
        inWindow[r] = n == never ? never : n <= ps ? 0 : n - ps;
      }
      std::vector<Mention> found = k.contextual.find(newWindow, winNonProse, winAll, inWindow);
      for (Mention& m : found)
        m.span = shifted(m.span, ps);
      windowMentions = mergeMentions(std::move(windowMentions), found);
    }
    addDefinitionMentions(windowMentions, {windowDefs.begin(), windowDefs.end()}, knownTerms);
    // Before the window unchanged, the window new, after it shifted.
    std::vector<Mention> mentions;
    mentions.reserve(prev.mentions.size() + windowMentions.size());
    auto firstAfter = firstEndingAfter(prev.mentions, ps, mentionSpan);
    mentions.insert(mentions.end(), prev.mentions.begin(), firstAfter);
    mentions.insert(mentions.end(), windowMentions.begin(), windowMentions.end());
    for (auto it = firstAfter; it != prev.mentions.end(); ++it)
      if (it->span.begin >= oldPe)
        mentions.push_back({it->term, shifted(it->span, delta), it->form});
    next->mentions = std::move(mentions);
    next->localTerms = prev.localTerms;
  }
  next->definitions = std::move(defs);
  DraftAnalysis* nextSections = next.get();
  {
    std::vector<Span> sentences;
    sentences.reserve(prev.sentences.size() + win->sentences.size());
    for (Span x : prev.sentences)
      if (x.end <= ps)
        sentences.push_back(x);
    for (Span x : win->sentences)
      sentences.push_back(shifted(x, ps));
    for (Span x : prev.sentences)
      if (x.begin >= oldPe)
        sentences.push_back(shifted(x, delta));
    next->sentences = std::move(sentences);
  }

  if (!headingsChanged) {
    next->sections = prev.sections;
    for (Section& sec : next->sections) {
      // Headings and the text's end are never inside the edited bytes (checked above).
      auto move = [&](uint32_t x) { return x < s ? x : static_cast<uint32_t>(x + delta); };
      sec.heading = Span{move(sec.heading.begin), move(sec.heading.end)};
      sec.body = Span{move(sec.body.begin), move(sec.body.end)};
    }
  }

  auto state = std::make_shared<AnalysisState>();
  state->knowledge = previous->knowledge;
  state->analysis = std::move(next);
  state->language = language;
  state->localRecognizer = std::move(localRecognizer);
  state->nonProse = std::move(nonProse);
  state->knownMentions = std::move(knownMentions);
  if (headingsChanged) // nobody has seen `next` yet: it is still ours to finish
    nextSections->sections = findSections(newText, language, state->nonProse);
  how = UpdateKind::Incremental;
  return state;
}

size_t commonPrefix(std::string_view a, std::string_view b) {
  constexpr size_t kBlock = 4096;
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i + kBlock <= n && std::memcmp(a.data() + i, b.data() + i, kBlock) == 0)
    i += kBlock;
  while (i < n && a[i] == b[i])
    ++i;
  return i;
}
size_t commonSuffix(std::string_view a, std::string_view b) {
  constexpr size_t kBlock = 4096;
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  while (i + kBlock <= n && std::memcmp(a.data() + a.size() - i - kBlock,
                                        b.data() + b.size() - i - kBlock, kBlock) == 0)
    i += kBlock;
  while (i < n && a[a.size() - 1 - i] == b[b.size() - 1 - i])
    ++i;
  return i;
}

} // namespace accord
