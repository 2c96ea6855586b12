// libFuzzer target: incremental didChange edits on a document, checked against a naive
// reference model, and the incremental re-analysis checked against a full analysis.
//
// The input is a script: an encoding, a language, an initial text, then rounds of one to
// four changes (range replacements with positions anywhere, including far out of range, or
// whole-text replacements). After each round:
//  - the DocumentStore's text equals the reference model's (which applies each change by
//    walking the text character by character, clamping as the LSP spec says);
//  - the LineIndex agrees with the model on every offset (position) and position (offset);
//  - reanalyze(previous, old, new) equals analyzeFull(new), as analysis_incremental.h promises;
//  - updateChecks(previous checks, …) equals runChecks on the full analysis of the new text, as
//    checks_incremental.h promises (with first use per document or per section, by input).
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz/fuzz_common.h"
#include "grammar/analysis.h"
#include "grammar/analysis_incremental.h"
#include "server/documents.h"
#include "server/features/checks_incremental.h"
#include "server/positions.h"

using namespace accord;

namespace {

constexpr const char* kTarget = "fuzz_edits";

/// The reference: a text and its line starts, recomputed from scratch after every change.
/// Deliberately simple (linear scans everywhere) and written from the spec, not from
/// positions.cpp: line ends are \r\n, \r and \n; a byte that does not start a well-formed
/// UTF-8 sequence (Unicode table 3-7: no overlong forms, surrogates or code points past
/// U+10FFFF) is one unit; a 4-byte character is two UTF-16 units.
struct Model {
  std::string text;
  std::vector<uint32_t> starts;

  void reindex() {
    starts.assign(1, 0);
    for (size_t i = 0; i < text.size();) {
      if (text[i] == '\r') {
        i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        starts.push_back(static_cast<uint32_t>(i));
      } else if (text[i] == '\n') {
        ++i;
        starts.push_back(static_cast<uint32_t>(i));
      } else {
        ++i;
      }
    }
  }

  uint32_t contentEnd(size_t line) const {
    if (line + 1 >= starts.size())
      return static_cast<uint32_t>(text.size());
    uint32_t e = starts[line + 1];
    if (text[e - 1] == '\n' && e >= 2 + starts[line] && text[e - 2] == '\r')
      return e - 2;
    return e - 1;
  }

  size_t charLength(size_t i) const {
    auto c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80                 ? 1
               : c >= 0xC2 && c <= 0xDF ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 1;
    if (n == 1 || i + n > text.size())
      return 1;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
        return 1;
    // Unicode's well-formed sequences (table 3-7): no overlong forms (E0 80..9F, F0 80..8F),
    // no surrogates (ED A0..BF), nothing past U+10FFFF (F4 90..BF).
    auto c1 = static_cast<unsigned char>(text[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 > 0x8F))
      return 1;
    return n;
  }

  static uint32_t units(size_t length, PositionEncoding enc) {
    if (enc == PositionEncoding::Utf8)
      return static_cast<uint32_t>(length);
    return length == 4 ? 2 : 1;
  }

  uint32_t offset(lsp::Position pos, PositionEncoding enc) const {
    if (pos.line >= starts.size())
      return static_cast<uint32_t>(text.size());
    size_t i = starts[pos.line];
    size_t end = contentEnd(pos.line);
    uint64_t remaining = pos.character;
    while (i < end && remaining > 0) {
      size_t len = charLength(i);
      if (units(len, enc) > remaining)
        break;
      remaining -= units(len, enc);
      i += len;
    }
    return static_cast<uint32_t>(i);
  }

  lsp::Position position(uint32_t offset, PositionEncoding enc) const {
    offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
    size_t line = 0;
    while (line + 1 < starts.size() && starts[line + 1] <= offset)
      ++line;
    offset = std::min(offset, contentEnd(line));
    uint32_t count = 0;
    for (size_t i = starts[line]; i < offset;) {
      size_t len = charLength(i);
      if (i + len > offset)
        break;
      count += units(len, enc);
      i += len;
    }
    return {static_cast<uint32_t>(line), count};
  }

  void apply(const TextChange& change, PositionEncoding enc) {
    if (!change.range) {
      text = change.text;
    } else {
      uint32_t b = offset(change.range->start, enc);
      uint32_t e = std::max(b, offset(change.range->end, enc));
      text.replace(b, e - b, change.text);
    }
    reindex();
  }
};

uint32_t pickNumber(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 15)) {
  case 0:
    return UINT32_MAX;
  case 1:
    return 1u << 31;
  case 2:
    return in.ConsumeIntegral<uint32_t>();
  default:
    return in.ConsumeIntegralInRange<uint32_t>(0, 12);
  }
}

std::string show(const lsp::Position& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.character);
}

void checkIndex(const Document& doc, const Model& model, PositionEncoding enc) {
  if (doc.lines.lineCount() != model.starts.size())
    fuzz::fail(kTarget, "line count " + std::to_string(doc.lines.lineCount()) + ", model " +
                            std::to_string(model.starts.size()));
  size_t n = doc.text.size();
  // Every offset (and one past the end) when the text is small; a stride otherwise.
  size_t step = n <= 4096 ? 1 : n / 4096 + 1;
  for (size_t o = 0; o <= n + 1; o += step) {
    auto off = static_cast<uint32_t>(o);
    lsp::Position got = doc.position(off, enc);
    lsp::Position want = model.position(off, enc);
    if (got != want)
      fuzz::fail(kTarget,
                 "position(" + std::to_string(o) + ") = " + show(got) + ", model " + show(want));
    uint32_t back = doc.offset(want, enc);
    if (back != model.offset(want, enc))
      fuzz::fail(kTarget, "offset(" + show(want) + ") = " + std::to_string(back) + ", model " +
                              std::to_string(model.offset(want, enc)));
    if (doc.position(back, enc) != want)
      fuzz::fail(kTarget, "position(offset(" + show(want) + ")) does not round-trip");
  }
}

/// The text around [begin, end), C-escaped, for a failure report.
std::string escaped(std::string_view text, size_t begin, size_t end) {
  std::string out;
  const size_t from = begin > 80 ? begin - 80 : 0, to = std::min(text.size(), end + 80);
  for (size_t i = from; i < to; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    char buf[8];
    if (c >= 0x20 && c < 0x7F && c != '\\')
      out += static_cast<char>(c);
    else
      std::snprintf(buf, sizeof buf, "\\x%02x", c), out += buf;
  }
  return out;
}

/// The mentions one analysis has and the other lacks, for a failure report.
std::string mentionDiff(const std::vector<Mention>& a, const std::vector<Mention>& b,
                        std::string_view text) {
  std::string out;
  auto show = [&](const char* side, const Mention& m) {
    out += std::string("\n  ") + side + " term " + std::to_string(m.term) + " [" +
           std::to_string(m.span.begin) + "," + std::to_string(m.span.end) + ") '" +
           std::string(text.substr(std::min<size_t>(m.span.begin, text.size()),
                                   std::min<size_t>(m.span.end, text.size()) -
                                       std::min<size_t>(m.span.begin, text.size()))) +
           "' in \"" + escaped(text, m.span.begin, m.span.end) + "\"";
  };
  for (const Mention& m : a)
    if (std::find(b.begin(), b.end(), m) == b.end())
      show("incremental only:", m);
  for (const Mention& m : b)
    if (std::find(a.begin(), a.end(), m) == a.end())
      show("full only:", m);
  return out;
}

void sameAnalysis(const DraftAnalysis& a, const DraftAnalysis& b, UpdateKind kind,
                  std::string_view text) {
  const char* how = kind == UpdateKind::Incremental ? " (incremental)"
                    : kind == UpdateKind::Unchanged ? " (unchanged)"
                                                    : " (full)";
  if (a.mentions != b.mentions)
    fuzz::fail(kTarget, std::string("reanalyze mentions differ from a full analysis") + how +
                            mentionDiff(a.mentions, b.mentions, text));
  if (a.definitions.size() != b.definitions.size())
    fuzz::fail(kTarget, std::string("reanalyze definitions differ in number") + how);
  for (size_t i = 0; i < a.definitions.size(); ++i) {
    const auto& x = a.definitions[i];
    const auto& y = b.definitions[i];
    if (x.term != y.term || x.definition.shortForm != y.definition.shortForm ||
        x.definition.longForm != y.definition.longForm ||
        !(x.definition.shortSpan == y.definition.shortSpan) ||
        !(x.definition.longSpan == y.definition.longSpan) ||
        !(x.definition.sentence == y.definition.sentence) ||
        x.definition.shortFirst != y.definition.shortFirst)
      fuzz::fail(kTarget, "reanalyze definition " + std::to_string(i) + " differs" + how);
  }
  if (a.sections.size() != b.sections.size())
    fuzz::fail(kTarget, std::string("reanalyze sections differ in number") + how);
  for (size_t i = 0; i < a.sections.size(); ++i) {
    const auto& x = a.sections[i];
    const auto& y = b.sections[i];
    if (!(x.heading == y.heading) || !(x.body == y.body) || x.level != y.level ||
        x.title != y.title)
      fuzz::fail(kTarget, "reanalyze section " + std::to_string(i) + " differs" + how);
  }
  if (a.localTerms.size() != b.localTerms.size())
    fuzz::fail(kTarget, std::string("reanalyze local terms differ in number") + how);
  for (size_t i = 0; i < a.localTerms.size(); ++i) {
    const auto& x = a.localTerms[i];
    const auto& y = b.localTerms[i];
    if (x.id != y.id || x.shortForm != y.shortForm || x.longForm != y.longForm)
      fuzz::fail(kTarget, "reanalyze local term " + std::to_string(i) + " differs" + how);
  }
}

/// A finding as one line, for comparing and reporting.
std::string findingLine(const features::Finding& f) {
  auto span = [](Span s) { return std::to_string(s.begin) + "-" + std::to_string(s.end); };
  std::string out = std::string(features::toString(f.code)) + " " +
                    std::string(features::toString(f.severity)) + " " + span(f.span) + " " +
                    f.message;
  for (const features::RelatedSpan& r : f.related)
    out += " | related " + std::to_string(r.source) + " " + span(r.span) + " " + r.message;
  for (const features::FixData& x : f.fixes)
    out += " | fix " + std::string(features::toString(x.kind)) + " " + span(x.target) + " " +
           x.text + " " + span(x.drop) + " " + x.dropText + " " + x.shortForm;
  return out;
}

void sameFindings(const std::vector<features::Finding>& incremental,
                  const std::vector<features::Finding>& full, const features::CheckUpdate& how) {
  std::vector<std::string> a, b;
  for (const features::Finding& f : incremental)
    a.push_back(findingLine(f));
  for (const features::Finding& f : full)
    b.push_back(findingLine(f));
  if (a == b)
    return;
  std::string report = std::string("updateChecks differs from runChecks (") +
                       (how.incremental ? "incremental" : "full") + ")";
  for (const std::string& x : a)
    if (std::find(b.begin(), b.end(), x) == b.end())
      report += "\n  incremental only: " + x;
  for (const std::string& x : b)
    if (std::find(a.begin(), a.end(), x) == a.end())
      report += "\n  full only: " + x;
  if (a.size() == b.size())
    report += "\n  (the same findings in another order)";
  fuzz::fail(kTarget, report);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quietLogs();
  fuzz::bundledKnowledge();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  auto knowledge = fuzz::bundledKnowledge();
  PositionEncoding enc = in.ConsumeBool() ? PositionEncoding::Utf8 : PositionEncoding::Utf16;
  static const char* const kLanguages[] = {"markdown", "plaintext", "latex"};
  const char* languageId = kLanguages[in.ConsumeIntegralInRange<int>(0, 2)];

  DocumentStore store;
  const std::string uri = "file:///fuzz/draft";
  Model model;
  model.text = in.ConsumeRandomLengthString(2048);
  model.reindex();
  auto doc = store.open(uri, languageId, 1, model.text);
  auto state = analyzeFull(knowledge, doc->text, doc->language);
  // First use per section for odd-length texts; decided without consuming input, so the kept
  // regression inputs still replay the edits they were found with.
  features::CheckOptions options;
  if (model.text.size() % 2 == 1)
    options.scope = features::FirstUseScope::Section;
  auto checks = features::updateChecks(nullptr, state, {}, doc->text, options);

  for (int32_t version = 2; in.remaining_bytes() > 0 && version < 40; ++version) {
    std::vector<TextChange> changes(in.ConsumeIntegralInRange<size_t>(1, 4));
    for (auto& change : changes) {
      if (in.ConsumeIntegralInRange<int>(0, 15) != 0) {
        lsp::Range r;
        r.start = {pickNumber(in), pickNumber(in)};
        r.end = in.ConsumeBool() ? r.start : lsp::Position{pickNumber(in), pickNumber(in)};
        change.range = r;
      }
      change.text = in.ConsumeRandomLengthString(256);
      model.apply(change, enc);
    }
    std::string oldText = doc->text;
    doc = store.change(uri, version, std::move(changes), enc);
    if (!doc)
      fuzz::fail(kTarget, "didChange of an open document was refused");
    if (doc->text != model.text)
      fuzz::fail(kTarget,
                 "text after version " + std::to_string(version) + " differs from the model");
    if (doc->version != version)
      fuzz::fail(kTarget, "version not recorded");
    checkIndex(*doc, model, enc);

    UpdateKind kind = UpdateKind::Full;
    auto next = reanalyze(state, oldText, doc->text, &kind);
    auto full = analyzeFull(knowledge, doc->text, doc->language);
    if (const char* dump =
            std::getenv("ACCORD_FUZZ_DUMP")) { // the texts of a failing step, to debug it
      if (FILE* f = std::fopen((std::string(dump) + ".old").c_str(), "wb"))
        std::fwrite(oldText.data(), 1, oldText.size(), f), std::fclose(f);
      if (FILE* f = std::fopen((std::string(dump) + ".new").c_str(), "wb"))
        std::fwrite(doc->text.data(), 1, doc->text.size(), f), std::fclose(f);
      std::fprintf(stderr, "fuzz_edits: step %d, language %s\n", version, languageId);
    }
    sameAnalysis(*next->analysis, *full->analysis, kind, doc->text);
    if (next->knownMentions != full->knownMentions)
      fuzz::fail(kTarget, "reanalyze: the known terms' mentions differ from a full analysis" +
                              mentionDiff(next->knownMentions, full->knownMentions, doc->text));
    if (next->nonProse != full->nonProse)
      fuzz::fail(kTarget, "reanalyze: the non-prose ranges differ from a full analysis");
    features::CheckUpdate how;
    auto nextChecks = features::updateChecks(checks, next, oldText, doc->text, options, &how);
    sameFindings(
        nextChecks->findings,
        features::runChecks(*knowledge, *full->analysis, doc->text, doc->language, options), how);
    checks = std::move(nextChecks);
    state = std::move(next);
  }
  if (!store.close(uri) || store.get(uri))
    fuzz::fail(kTarget, "didClose left the document open");
  return 0;
}
