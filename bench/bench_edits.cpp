// The per-edit path of the server without the protocol: apply a didChange, re-analyse, run the
// checks, convert the findings' spans to LSP ranges, for the edit kinds of issue 20.
//
//   bench_edits --draft FILE [--count N] [--only KIND] [--verify] [--full] [--why]
//
// Kinds (as bench/lsp_driver.py makes them, each edit undone by the next): word (a letter
// typed inside a word), line_start, blank_line, heading, definition, table, join, split.
// Prints per kind the p50/p99/max of each step and of the whole path, in milliseconds.
// --verify also runs the checks from scratch after every edit and fails when they differ;
// --full runs them from scratch instead of incrementally (what the server did before);
// --why prints each edit that needed a full analysis or full checks, and why.
// Instruction counts of the edits, one callgrind dump per kind (its description names the kind):
//   valgrind --tool=callgrind --toggle-collect='*editOnce*' build-perf/bench/bench_edits \
//       --draft /tmp/draft-1m.md --count 20 [--full]
//   grep -H -e '^desc: Trigger' -e '^summary' callgrind.out.*
#include <re2/re2.h>
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(what) (void)(what)
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "grammar/analysis_incremental.h"
#include "grammar/files.h"
#include "server/documents.h"
#include "server/features/checks.h"
#include "server/features/checks_incremental.h"

using namespace accord;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

/// Offsets where an edit of `kind` happens (the regular expressions of lsp_driver.py).
std::vector<uint32_t> sites(const std::string& text, const std::string& kind) {
  std::string pattern;
  size_t add = 0;
  if (kind == "word")
    pattern = "[^A-Za-z]([a-z]{4,}) ", add = 3;
  else if (kind == "line_start")
    pattern = "(?m)^([A-Za-z])";
  else if (kind == "blank_line")
    pattern = "\n(\n)";
  else if (kind == "heading")
    pattern = "(?m)^(#+ [A-Za-z])", add = 2;
  else if (kind == "definition")
    pattern = "([A-Z][a-z]+ [A-Za-z ]+ \\([A-Z]{2,}\\))", add = 3;
  else if (kind == "table")
    pattern = "(?m)^(\\| [A-Za-z])", add = 2;
  else if (kind == "join" || kind == "split")
    pattern = "(\\.\n\n[A-Z])";
  RE2 re(pattern);
  std::vector<uint32_t> out;
  re2::StringPiece in(text), m;
  const char* base = text.data();
  while (RE2::FindAndConsume(&in, re, &m))
    out.push_back(static_cast<uint32_t>(m.data() - base + add - (kind == "word" ? 1 : 0)));
  return out;
}

struct Sample {
  double change = 0, analysis = 0, checks = 0, ranges = 0, total = 0;
  bool fullAnalysis = false, fullChecks = false;
  const char* why = nullptr; ///< why the analysis or the checks were done in full
};

std::shared_ptr<const AnalysisState> gState;
std::shared_ptr<const features::CheckState> gChecks;
std::shared_ptr<const Document> gDoc;
size_t gFindings = 0;
bool gFull = false; ///< --full: runChecks from scratch after every edit (the server before)

/// One edit through the whole path (a function of its own for callgrind's --toggle-collect).
__attribute__((noinline)) Sample editOnce(DocumentStore& store, const std::string& uri,
                                          int32_t version, TextChange change,
                                          const features::CheckOptions& options) {
  Sample s;
  auto t0 = Clock::now();
  std::vector<TextChange> changes;
  changes.push_back(std::move(change));
  auto old = gDoc;
  gDoc = store.change(uri, version, std::move(changes), PositionEncoding::Utf16);
  s.change = msSince(t0);
  auto t1 = Clock::now();
  UpdateKind kind = UpdateKind::Full;
  gState = reanalyze(gState, old->text, gDoc->text, &kind, &s.why);
  s.fullAnalysis = kind == UpdateKind::Full;
  s.analysis = msSince(t1);
  auto t2 = Clock::now();
  if (gFull) {
    auto st = std::make_shared<features::CheckState>();
    st->findings = features::runChecks(*gState->knowledge, *gState->analysis, gDoc->text,
                                       gDoc->language, options);
    gChecks = std::move(st);
  } else {
    features::CheckUpdate how;
    gChecks = features::updateChecks(gChecks, gState, old->text, gDoc->text, options, &how);
    s.fullChecks = !how.incremental;
    if (!s.why)
      s.why = how.why;
  }
  s.checks = msSince(t2);
  auto t3 = Clock::now();
  size_t lines = 0;
  for (const features::Finding& f : gChecks->findings) {
    lsp::Range r = gDoc->range(f.span, PositionEncoding::Utf16);
    lines += r.start.line;
    for (const features::RelatedSpan& rel : f.related)
      if (rel.source < 0)
        lines += gDoc->range(rel.span, PositionEncoding::Utf16).start.line;
  }
  gFindings = gChecks->findings.size() + (lines == 0 ? 1 : 0);
  s.ranges = msSince(t3);
  s.total = msSince(t0);
  return s;
}

double pct(std::vector<double> v, double p) {
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

bool sameFindings(const std::vector<features::Finding>& a,
                  const std::vector<features::Finding>& b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto &x = a[i], &y = b[i];
    if (x.code != y.code || x.severity != y.severity || x.span != y.span ||
        x.message != y.message || x.fixes != y.fixes || x.related.size() != y.related.size())
      return false;
    for (size_t j = 0; j < x.related.size(); ++j)
      if (x.related[j].source != y.related[j].source || x.related[j].span != y.related[j].span ||
          x.related[j].message != y.related[j].message)
        return false;
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  std::string draft, only;
  int count = 100;
  bool verify = false, verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--draft" && i + 1 < argc)
      draft = argv[++i];
    else if (a == "--count" && i + 1 < argc)
      count = std::atoi(argv[++i]);
    else if (a == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (a == "--verify")
      verify = true;
    else if (a == "--full")
      gFull = true;
    else if (a == "--why")
      verbose = true;
    else {
      std::fprintf(stderr, "usage: bench_edits --draft FILE [--count N] [--only KIND] [--verify] "
                           "[--full] [--why]\n");
      return 2;
    }
  }
  std::string text;
  if (draft.empty() || !readFile(draft, text)) {
    std::fprintf(stderr, "bench_edits: cannot read the draft '%s'\n", draft.c_str());
    return 2;
  }
  KnowledgeOptions ko;
  ko.corpusRoots = {Knowledge::bundledCorpusDir()};
  ko.lexiconDirs = {Knowledge::bundledLexiconDir()};
  ko.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};
  std::shared_ptr<const Knowledge> k = Knowledge::build(ko);
  features::CheckOptions options;

  DocumentStore store;
  const std::string uri = "file:///bench/draft.md";
  gDoc = store.open(uri, "markdown", 1, text);
  auto t0 = Clock::now();
  gState = analyzeFull(k, gDoc->text, gDoc->language);
  double open = msSince(t0);
  auto t1 = Clock::now();
  gChecks = features::updateChecks(nullptr, gState, {}, gDoc->text, options);
  double checks = msSince(t1);
  std::printf("open: analysis %.2f ms, checks %.2f ms, %zu findings, %zu mentions\n", open, checks,
              gChecks->findings.size(), gState->analysis->mentions.size());

  std::mt19937 rng(8);
  int32_t version = 1;
  int failures = 0;
  for (std::string kind :
       {"word", "line_start", "blank_line", "heading", "definition", "table", "join", "split"}) {
    if (!only.empty() && kind != only)
      continue;
    std::vector<uint32_t> at = sites(gDoc->text, kind);
    if (at.empty())
      continue;
    std::vector<Sample> samples;
    uint32_t site = 0;
    CALLGRIND_ZERO_STATS;
    for (int i = 0; i < count; ++i) {
      if (i % 2 == 0)
        site = at[std::uniform_int_distribution<size_t>(0, at.size() - 1)(rng)];
      uint32_t b = site, e = site;
      std::string insert;
      if (kind == "join") {
        b = site + 1, e = i % 2 == 0 ? site + 2 : site + 1, insert = i % 2 == 0 ? "" : "\n";
      } else if (kind == "split") {
        b = site + 1, e = i % 2 == 0 ? site + 1 : site + 6, insert = i % 2 == 0 ? "\n\nSo." : "";
      } else {
        e = i % 2 == 0 ? site : site + 1, insert = i % 2 == 0 ? "x" : "";
      }
      TextChange change;
      change.range = lsp::Range{gDoc->position(b, PositionEncoding::Utf16),
                                gDoc->position(e, PositionEncoding::Utf16)};
      change.text = insert;
      samples.push_back(editOnce(store, uri, ++version, std::move(change), options));
      if ((samples.back().fullAnalysis || (samples.back().fullChecks && !gFull)) && verbose) {
        const std::string& t = gDoc->text;
        size_t ls = t.rfind('\n', b == 0 ? 0 : b - 1);
        ls = ls == std::string::npos ? 0 : ls + 1;
        std::printf("  full at %u (%s): %.70s\n", b, samples.back().why ? samples.back().why : "",
                    t.substr(ls, 70).c_str());
      }
      if (verify) {
        auto full = analyzeFull(k, gDoc->text, gDoc->language);
        auto want = features::runChecks(*k, *full->analysis, gDoc->text, gDoc->language, options);
        if (!sameFindings(gChecks->findings, want)) {
          std::fprintf(stderr, "bench_edits: %s edit %d: incremental findings differ (%zu, %zu)\n",
                       kind.c_str(), i, gChecks->findings.size(), want.size());
          ++failures;
        }
      }
    }
    CALLGRIND_DUMP_STATS_AT(kind.c_str());
    auto col = [&](double Sample::*field, const char* name) {
      std::vector<double> v;
      for (const Sample& s : samples)
        v.push_back(s.*field);
      std::printf("  %-9s p50 %7.3f  p99 %7.3f  max %7.3f\n", name, pct(v, 50), pct(v, 99),
                  *std::max_element(v.begin(), v.end()));
    };
    size_t fullAnalyses = 0, fullChecks = 0;
    for (const Sample& s : samples) {
      fullAnalyses += s.fullAnalysis;
      fullChecks += s.fullChecks;
    }
    std::printf("%s (%zu sites, %d edits, %zu findings; full analyses %zu, full checks %zu)\n",
                kind.c_str(), at.size(), count, gFindings, fullAnalyses,
                gFull ? samples.size() : fullChecks);
    col(&Sample::change, "change");
    col(&Sample::analysis, "analysis");
    col(&Sample::checks, "checks");
    col(&Sample::ranges, "ranges");
    col(&Sample::total, "total");
  }
  return failures == 0 ? 0 : 1;
}
