// analyzeDraft: a draft's mentions, its own definitions (tied to terms) and its sections.
#include "grammar/analysis.h"

#include <algorithm>
#include <future>
#include <map>
#include <system_error>

#include "grammar/text.h"

namespace accord {

namespace {

bool inRanges(const std::vector<Span>& ranges, uint32_t offset) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), offset,
                             [](uint32_t o, const Span& s) { return o < s.end; });
  return it != ranges.end() && it->begin <= offset;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos)
    return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

struct Line {
  uint32_t begin, end; // end excludes the line break
};

std::vector<Line> linesOf(std::string_view t) {
  std::vector<Line> out;
  size_t i = 0;
  while (i <= t.size()) {
    size_t nl = t.find('\n', i);
    size_t e = nl == std::string_view::npos ? t.size() : nl;
    size_t ce = e > i && t[e - 1] == '\r' ? e - 1 : e;
    out.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(ce)});
    if (nl == std::string_view::npos)
      break;
    i = nl + 1;
  }
  return out;
}

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

/// "=====" or "-----" (at least three, trailing spaces allowed); returns '=' or '-' or 0.
char underline(std::string_view s) {
  std::string t = trim(s);
  if (t.size() < 3)
    return 0;
  char c = t[0];
  if (c != '=' && c != '-')
    return 0;
  return t.find_first_not_of(c) == std::string::npos ? c : 0;
}

void closeSections(std::vector<Section>& sections, size_t textSize) {
  for (size_t k = 0; k < sections.size(); ++k) {
    uint32_t end = static_cast<uint32_t>(textSize);
    for (size_t n = k + 1; n < sections.size(); ++n) {
      if (sections[n].level <= sections[k].level) {
        end = sections[n].heading.begin;
        break;
      }
    }
    sections[k].body = {sections[k].heading.begin, end};
  }
}

std::vector<Section> markdownSections(std::string_view t, const std::vector<Span>& masked) {
  std::vector<Section> out;
  std::vector<Line> lines = linesOf(t);
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string_view line = t.substr(lines[k].begin, lines[k].end - lines[k].begin);
    if (inRanges(masked, lines[k].begin))
      continue;
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || indent > 3)
      continue;
    size_t hashes = 0;
    while (indent + hashes < line.size() && line[indent + hashes] == '#')
      ++hashes;
    if (hashes >= 1 && hashes <= 6 &&
        (indent + hashes == line.size() || line[indent + hashes] == ' ' ||
         line[indent + hashes] == '\t')) {
      std::string title = trim(line.substr(indent + hashes));
      // closing sequence: "## Title ##"
      size_t close = title.find_last_not_of('#');
      if (close != std::string::npos && close + 1 < title.size() && title[close] == ' ')
        title = trim(title.substr(0, close));
      else if (close == std::string::npos)
        title.clear();
      out.push_back({{lines[k].begin, lines[k].end}, {}, static_cast<int>(hashes), title});
      continue;
    }
    // Setext: a paragraph line over "===" or "---"
    if (k + 1 < lines.size() && !blank(line)) {
      std::string_view next = t.substr(lines[k + 1].begin, lines[k + 1].end - lines[k + 1].begin);
      char u = underline(next);
      bool listItem =
          line[indent] == '-' || line[indent] == '*' || line[indent] == '+' || line[indent] == '>';
      if (u && !listItem && (next.find_first_not_of(' ') <= 3)) {
        out.push_back({{lines[k].begin, lines[k + 1].end}, {}, u == '=' ? 1 : 2, trim(line)});
        ++k;
      }
    }
  }
  closeSections(out, t.size());
  return out;
}

std::vector<Section> plainSections(std::string_view t) {
  std::vector<Section> out;
  std::vector<Line> lines = linesOf(t);
  for (size_t k = 0; k + 1 < lines.size(); ++k) {
    std::string_view line = t.substr(lines[k].begin, lines[k].end - lines[k].begin);
    std::string_view next = t.substr(lines[k + 1].begin, lines[k + 1].end - lines[k + 1].begin);
    char u = underline(next);
    std::string title = trim(line);
    if (!u || title.empty() || title.size() > 120)
      continue;
    // the underline should roughly span the title
    if (trim(next).size() * 2 < title.size())
      continue;
    out.push_back({{lines[k].begin, lines[k + 1].end}, {}, u == '=' ? 1 : 2, title});
    ++k;
  }
  closeSections(out, t.size());
  return out;
}

/// Whether a blank line starts at the line break `t[q]` (a paragraph ends there).
bool blankLineAt(std::string_view t, size_t q) {
  if (t[q] != '\n')
    return false;
  for (++q; q < t.size() && (t[q] == ' ' || t[q] == '\t' || t[q] == '\r'); ++q) {
  }
  return q < t.size() && t[q] == '\n';
}

std::vector<Section> latexSections(std::string_view t, const std::vector<Span>& masked) {
  static const std::pair<const char*, int> kCommands[] = {
      {"part", 0},          {"chapter", 1},   {"section", 2},     {"subsection", 3},
      {"subsubsection", 4}, {"paragraph", 5}, {"subparagraph", 6}};
  struct Raw {
    Section s;
    int rank;
  };
  std::vector<Raw> raw;
  bool chapters = false;
  for (size_t i = t.find('\\'); i != std::string_view::npos; i = t.find('\\', i + 1)) {
    size_t e = i + 1;
    while (e < t.size() && ((t[e] >= 'a' && t[e] <= 'z') || (t[e] >= 'A' && t[e] <= 'Z')))
      ++e;
    std::string_view name = t.substr(i + 1, e - i - 1);
    int rank = -1;
    for (const auto& [cmd, r] : kCommands)
      if (name == cmd)
        rank = r;
    if (rank < 0)
      continue;
    // a comment hides it; the command name itself is masked, so look at the byte before
    size_t ls = t.rfind('\n', i);
    ls = ls == std::string_view::npos ? 0 : ls + 1;
    std::string_view before = t.substr(ls, i - ls);
    bool commented = false;
    for (size_t q = 0; q < before.size(); ++q)
      if (before[q] == '%' && (q == 0 || before[q - 1] != '\\'))
        commented = true;
    if (commented)
      continue;
    size_t k = e;
    if (k < t.size() && t[k] == '*')
      ++k;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t'))
      ++k;
    // A sectioning command's arguments end with its paragraph: TeX stops at a blank line
    // ("Paragraph ended before \@sect was complete"), and so does this (an unclosed
    // \section{ took in the paragraphs after it up to any later '}': fuzz_edits).
    if (k < t.size() && t[k] == '[') {
      int depth = 0;
      for (; k < t.size() && !blankLineAt(t, k); ++k) {
        if (t[k] == '[')
          ++depth;
        if (t[k] == ']' && --depth == 0) {
          ++k;
          break;
        }
      }
    }
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n') &&
           !blankLineAt(t, k))
      ++k;
    if (k >= t.size() || t[k] != '{')
      continue;
    int depth = 0;
    size_t close = std::string_view::npos;
    for (size_t q = k; q < t.size() && !blankLineAt(t, q); ++q) {
      if (t[q] == '\\') {
        if (q + 1 < t.size() && blankLineAt(t, q + 1))
          break;
        ++q;
        continue;
      }
      if (t[q] == '{')
        ++depth;
      if (t[q] == '}' && --depth == 0) {
        close = q;
        break;
      }
    }
    if (close == std::string_view::npos)
      continue;
    if (rank == 1)
      chapters = true;
    std::string title = trim(t.substr(k + 1, close - k - 1));
    raw.push_back(
        {{{static_cast<uint32_t>(i), static_cast<uint32_t>(close + 1)}, {}, 1, title}, rank});
    i = close;
  }
  (void)masked;
  std::vector<Section> out;
  for (Raw& r : raw) {
    // \section is level 1 unless the document has chapters; \part sits above everything
    int level = chapters ? r.rank : r.rank - 1;
    r.s.level = std::max(1, level + (r.rank == 0 ? 1 : 0));
    out.push_back(std::move(r.s));
  }
  closeSections(out, t.size());
  return out;
}

} // namespace

namespace {
std::vector<Section> sectionsOf(std::string_view text, Language language,
                                const std::vector<Span>& masked) {
  switch (language) {
  case Language::Markdown:
    return markdownSections(text, masked);
  case Language::Latex:
    return latexSections(text, masked);
  case Language::PlainText:
    return plainSections(text);
  }
  return {};
}
} // namespace

std::vector<Section> findSections(std::string_view text, Language language,
                                  const std::vector<Span>& nonProse) {
  return sectionsOf(text, language, nonProse);
}

std::vector<Section> findSections(std::string_view text, Language language) {
  return sectionsOf(text, language,
                    language == Language::PlainText ? std::vector<Span>{}
                                                    : nonProseRanges(text, language));
}

const Term& DraftAnalysis::term(const Knowledge& knowledge, uint32_t index) const {
  if (index < knowledge.terms.size())
    return knowledge.terms[index];
  return localTerms.at(index - knowledge.terms.size());
}

const Mention* DraftAnalysis::mentionAt(uint32_t offset) const {
  auto it = std::upper_bound(mentions.begin(), mentions.end(), offset,
                             [](uint32_t o, const Mention& m) { return o < m.span.begin; });
  if (it == mentions.begin())
    return nullptr;
  --it;
  return offset <= it->span.end ? &*it : nullptr;
}

Span definitionSpan(std::string_view text, const MinedDefinition& d) {
  if (!d.extent.empty() && d.extent.end <= text.size()) // written without parentheses
    return d.extent;
  Span s{std::min(d.shortSpan.begin, d.longSpan.begin), std::max(d.shortSpan.end, d.longSpan.end)};
  // The closing parenthesis may follow after more words: "(ROK, or South Korea)"; it is
  // full-width in Korean and Japanese text: "（GSOMIA）".
  for (size_t i = s.end; i < text.size() && i < s.end + 200u; ++i) {
    char c = text[i];
    if (c == ')') {
      s.end = static_cast<uint32_t>(i + 1);
      break;
    }
    if (c == '\xEF' && text.compare(i, 3, "\xEF\xBC\x89") == 0) {
      s.end = static_cast<uint32_t>(i + 3);
      break;
    }
    if (c == '(' || c == '\n' || c == '\r' ||
        (c == '\xEF' && text.compare(i, 3, "\xEF\xBC\x88") == 0))
      break;
  }
  if (s.end > text.size())
    s.end = static_cast<uint32_t>(text.size());
  return s;
}

std::string toString(TermRef ref) {
  switch (ref.kind) {
  case TermRef::Kind::Known:
    return "known:" + std::to_string(ref.index);
  case TermRef::Kind::Local:
    return "local:" + std::to_string(ref.index);
  case TermRef::Kind::None:
    break;
  }
  return "none";
}

std::vector<Mention> scanLocalTerms(const Recognizer& local, size_t knownCount,
                                    std::string_view text, const std::vector<Span>& masked,
                                    Span scope) {
  std::vector<Mention> out = local.scan(text, masked, scope);
  for (Mention& m : out)
    m.term += static_cast<uint32_t>(knownCount);
  return out;
}

std::vector<Mention> mergeMentions(std::vector<Mention> known, const std::vector<Mention>& local) {
  if (local.empty())
    return known;
  std::vector<Mention> merged;
  merged.reserve(known.size() + local.size());
  size_t i = 0, j = 0;
  while (i < known.size() || j < local.size()) {
    bool takeKnown =
        j >= local.size() || (i < known.size() && known[i].span.begin <= local[j].span.begin);
    const Mention& m = takeKnown ? known[i++] : local[j++];
    if (!merged.empty() && merged.back().span.end > m.span.begin) {
      if (m.span.size() > merged.back().span.size())
        merged.back() = m;
      continue;
    }
    merged.push_back(m);
  }
  return merged;
}

void addDefinitionMentions(std::vector<Mention>& mentions,
                           const std::vector<DraftDefinition>& definitions, size_t knownCount) {
  for (const DraftDefinition& d : definitions) {
    const int64_t id = d.term.mentionId(knownCount);
    if (id < 0)
      continue;
    const Span& s = d.definition.shortSpan;
    auto it = std::lower_bound(mentions.begin(), mentions.end(), s.begin,
                               [](const Mention& m, uint32_t o) { return m.span.end <= o; });
    if (it != mentions.end() && it->span == s && it->term == id)
      continue;
    while (it != mentions.end() && it->span.begin < s.end)
      it = mentions.erase(it);
    mentions.insert(it, Mention{static_cast<uint32_t>(id), s, FormKind::Short});
  }
}

std::vector<Term> assignLocalTerms(std::vector<DraftDefinition>& definitions) {
  std::vector<Term> terms;
  std::map<std::string, uint32_t, std::less<>> bySf;
  for (DraftDefinition& dd : definitions) {
    if (dd.term.isKnown())
      continue;
    const MinedDefinition& d = dd.definition;
    std::string sf = singularShortForm(d.shortForm);
    auto it = bySf.find(sf);
    if (it == bySf.end()) {
      Term t;
      t.id = "draft-" + slug(sf);
      t.kind = TermKind::Acronym;
      t.shortForm = sf;
      t.longForm = d.longForm;
      if (sf != d.shortForm && t.longForm.size() > 1 && t.longForm.back() == 's')
        t.longForm.pop_back();
      t.mined = true;
      it = bySf.emplace(std::move(sf), static_cast<uint32_t>(terms.size())).first;
      terms.push_back(std::move(t));
    }
    dd.term = TermRef::local(it->second);
  }
  return terms;
}

std::shared_ptr<const DraftAnalysis> analyzeDraft(const Knowledge& knowledge, std::string_view text,
                                                  Language language) {
  return analyzeDraft(knowledge, text, language, nullptr);
}

std::shared_ptr<const DraftAnalysis> analyzeDraft(const Knowledge& knowledge, std::string_view text,
                                                  Language language, std::vector<Span>* nonProseOut,
                                                  std::vector<Mention>* knownOut) {
  auto a = std::make_shared<DraftAnalysis>();
  if (text.size() >= 0xFFFFFFFFu)
    return a;
  // The non-prose ranges and the sentences serve the recogniser, the miner and the sections:
  // computed once here (each took as long as the recogniser's scan of a long draft).
  const std::vector<Span> masked = nonProseRanges(text, language);
  const Span whole{0, static_cast<uint32_t>(text.size())};
  // On a long draft the scan for known terms (over half of the work) runs on a second thread
  // while this one splits sentences, mines the draft's definitions and scans for its own terms:
  // didOpen of a 1 MB draft waits for the longer of the two, not their sum. Short texts (the
  // windows of incremental edits) are not worth a thread.
  constexpr size_t kParallelFrom = 64 << 10;
  std::future<std::vector<Mention>> knownScan;
  if (text.size() >= kParallelFrom) {
    try {
      knownScan = std::async(std::launch::async,
                             [&] { return knowledge.recognizer.scan(text, masked, whole); });
    } catch (const std::system_error&) {
      // no thread to be had: scan below, on this one
    }
  }
  a->sentences = splitDraftSentences(text);
  const uint32_t known = static_cast<uint32_t>(knowledge.terms.size());

  // The draft's own definitions, tied to a known term by short form, else to a local term.
  for (MinedDefinition& d : mineDefinitions(text, masked, &a->sentences)) {
    DraftDefinition dd;
    // a known term by its short form, else by an alias written as an acronym ("한미
    // 자유무역협정(KORUS FTA)", "在日米軍（USFJ）" define KORUS and USF-J, not terms of their own)
    auto known = knowledge.findShort(singularShortForm(d.shortForm));
    if (!known)
      known = knowledge.findAcronymAlias(d.shortForm);
    if (known)
      dd.term = TermRef::known(static_cast<uint32_t>(*known));
    dd.definition = std::move(d);
    a->definitions.push_back(std::move(dd));
  }
  a->localTerms = assignLocalTerms(a->definitions);

  // Mentions of local terms anywhere in the draft, by a small recogniser of their own.
  std::vector<Mention> extra;
  if (!a->localTerms.empty()) {
    std::vector<DataError> ignored;
    Recognizer local = Recognizer::build(a->localTerms, ignored);
    extra = scanLocalTerms(local, known, text, masked, whole);
  }
  a->sections = sectionsOf(text, language, masked);
  std::vector<Mention> mentions =
      knownScan.valid() ? knownScan.get() : knowledge.recognizer.scan(text, masked, whole);
  if (knownOut)
    *knownOut = mentions;
  if (!extra.empty())
    mentions = mergeMentions(std::move(mentions), extra);
  knowledge.contextual.apply(text, masked, mentions);
  addDefinitionMentions(mentions, a->definitions, known);
  a->mentions = std::move(mentions);
  if (nonProseOut)
    *nonProseOut = masked;
  return a;
}

} // namespace accord
