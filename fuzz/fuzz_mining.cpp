// libFuzzer target: definition mining, sentence splitting, the prose mask, recognition and
// draft analysis on arbitrary bytes, as raw bytes (invalid UTF-8 included) and repaired to
// valid UTF-8 (so that Hangul, kana and emoji paths are reached too).
//
// Besides "no crash, no UB, no hang", checks the contracts the headers state: spans inside
// the text, sorted and non-overlapping where promised, the short form exactly the bytes of
// its span, term indices in range.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_common.h"
#include "grammar/analysis.h"
#include "grammar/cjk.h"
#include "grammar/miner.h"
#include "grammar/recognizer.h"
#include "grammar/text.h"

using namespace accord;

namespace {

constexpr const char* kTarget = "fuzz_mining";

void inside(Span s, size_t size, const char* what) {
  if (s.begin > s.end || s.end > size)
    fuzz::fail(kTarget, std::string(what) + " span [" + std::to_string(s.begin) + "," +
                            std::to_string(s.end) + ") outside a text of " + std::to_string(size));
}

/// Replaces every byte that does not start a valid UTF-8 sequence with U+FFFD.
std::string repairUtf8(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(text, i, len);
    if (len == 0)
      break;
    appendUtf8(out, c);
    i += len;
  }
  return out;
}

void mine(std::string_view text, Language language) {
  for (int withLanguage = 0; withLanguage < 2; ++withLanguage) {
    auto defs = withLanguage ? mineDefinitions(text, language) : mineDefinitions(text);
    for (const auto& d : defs) {
      inside(d.shortSpan, text.size(), "shortSpan");
      inside(d.longSpan, text.size(), "longSpan");
      inside(d.sentence, text.size(), "sentence");
      // the text of its span, or its ASCII form when written in full-width letters ("ＫＡＭＤ")
      const std::string_view written = text.substr(d.shortSpan.begin, d.shortSpan.size());
      if (written != d.shortForm && foldFullWidth(written).text != d.shortForm)
        fuzz::fail(kTarget, "shortForm '" + d.shortForm + "' is not the text of its span");
      if (d.shortForm.empty() || d.longForm.empty())
        fuzz::fail(kTarget, "empty short or long form");
      singularShortForm(d.shortForm);
    }
  }
}

void sentences(std::string_view text) {
  auto spans = splitSentences(text);
  for (size_t i = 0; i < spans.size(); ++i) {
    inside(spans[i], text.size(), "sentence");
    if (i > 0 && spans[i].begin < spans[i - 1].begin)
      fuzz::fail(kTarget, "sentences not sorted");
    sentenceText(text, spans[i]);
  }
  // sentenceAround splits the whole text each time: a few probes are enough.
  for (uint32_t o = 0; o <= text.size(); o += 1 + static_cast<uint32_t>(text.size() / 3)) {
    Span s = sentenceAround(text, o);
    inside(s, text.size(), "sentenceAround");
  }
}

void prose(std::string_view text, Language language) {
  auto ranges = nonProseRanges(text, language);
  for (size_t i = 0; i < ranges.size(); ++i) {
    inside(ranges[i], text.size(), "nonProse");
    if (i > 0 && ranges[i].begin < ranges[i - 1].end)
      fuzz::fail(kTarget, "nonProse ranges overlap");
  }
}

void recognise(const Knowledge& k, std::string_view text, Language language, uint32_t cut) {
  auto check = [&](const std::vector<Mention>& mentions, Span range) {
    for (size_t i = 0; i < mentions.size(); ++i) {
      const Mention& m = mentions[i];
      inside(m.span, text.size(), "mention");
      if (m.span.empty())
        fuzz::fail(kTarget, "empty mention");
      if (m.span.begin < range.begin || m.span.end > range.end)
        fuzz::fail(kTarget, "mention outside the scanned range");
      if (m.term >= k.terms.size())
        fuzz::fail(kTarget, "mention of a term out of range");
      if (i > 0 && m.span.begin < mentions[i - 1].span.end)
        fuzz::fail(kTarget, "mentions overlap or are not sorted");
    }
  };
  auto size = static_cast<uint32_t>(text.size());
  check(k.recognizer.scan(text, language), Span{0, size});
  Span part{std::min(cut, size), size};
  check(k.recognizer.scan(text, language, part), part);

  auto analysis = analyzeDraft(k, text, language);
  const uint32_t known = static_cast<uint32_t>(k.terms.size() + analysis->localTerms.size());
  for (size_t i = 0; i < analysis->mentions.size(); ++i) {
    const Mention& m = analysis->mentions[i];
    inside(m.span, text.size(), "draft mention");
    if (m.term >= known)
      fuzz::fail(kTarget, "draft mention of a term out of range");
    if (i > 0 && m.span.begin < analysis->mentions[i - 1].span.begin)
      fuzz::fail(kTarget, "draft mentions not sorted");
    analysis->term(k, m.term);
  }
  for (const auto& d : analysis->definitions) {
    inside(d.definition.shortSpan, text.size(), "draft definition");
    if (d.term.isKnown() && d.term.index >= k.terms.size())
      fuzz::fail(kTarget, "draft definition of a term out of range");
    if (d.term.isLocal() && d.term.index >= analysis->localTerms.size())
      fuzz::fail(kTarget, "draft definition of a local term out of range");
  }
  for (const auto& s : analysis->sections) {
    inside(s.heading, text.size(), "section heading");
    inside(s.body, text.size(), "section body");
  }
  for (uint32_t o = 0; o <= size; o += 1 + size / 32)
    analysis->mentionAt(o);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quietLogs();
  fuzz::bundledKnowledge();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1)
    return 0;
  // First byte: the language (low 2 bits), whether to repair to valid UTF-8 (bit 2), and
  // where the partial scan starts (the rest).
  const uint8_t control = data[0];
  Language language = (control & 3) == 1   ? Language::Markdown
                      : (control & 3) == 2 ? Language::Latex
                                           : Language::PlainText;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (control & 4)
    text = repairUtf8(text);
  uint32_t cut = static_cast<uint32_t>(text.size() * (control >> 3) / 32);

  mine(text, language);
  sentences(text);
  prose(text, language);
  foldCase(text);
  recognise(*fuzz::bundledKnowledge(), text, language, cut);
  return 0;
}
