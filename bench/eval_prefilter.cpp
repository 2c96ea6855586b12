// re2::FilteredRE2's prefilter against the recogniser's own required-literal analysis: how long
// each takes, how many patterns each finds a requirement for, and what scanning the way
// FilteredRE2 is meant to be used (atoms found anywhere select patterns, which run over the whole
// text) costs. The figures are quoted in grammar/recognizer_literals.cpp.
//
// usage: eval_prefilter LEXICON_DIR... [-- DRAFT]
//   e.g. build/bench/eval_prefilter grammar/lexicon build/bench-data/lexicon-10k \
//          -- build/bench-data/draft-10m.md
#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "grammar/files.h"
#include "grammar/lexicon.h"
#include "grammar/recognizer.h"
#include "grammar/utf8.h"

using Clock = std::chrono::steady_clock;
static double ms(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}
static RE2::Options opts() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_longest_match(true);
  o.set_log_errors(false);
  o.set_never_capture(true);
  o.set_max_mem(2 << 20);
  return o;
}
template <class F> double median(int n, F f) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) {
    auto t = Clock::now();
    f();
    v.push_back(ms(t));
  }
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int main(int argc, char** argv) {
  std::vector<std::string> dirs;
  std::string draftPath;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      draftPath = argv[i + 1];
      break;
    }
    dirs.push_back(argv[i]);
  }
  for (const std::string& dir : dirs) {
    std::vector<accord::DataError> errors;
    std::vector<std::string> patterns;
    for (const accord::Term& t : accord::loadLexiconDir(dir, errors))
      for (const std::string& p : t.patterns)
        patterns.push_back(p);
    std::printf("== %s: %zu patterns\n", dir.c_str(), patterns.size());
    size_t withReq = 0;
    double analysis = median(7, [&] {
      withReq = 0;
      for (const std::string& p : patterns)
        withReq += !accord::requiredLiterals(p).empty();
    });
    double compileOnly = median(7, [&] {
      for (const std::string& p : patterns)
        RE2 re(p, opts());
    });
    std::vector<std::string> atoms;
    size_t unfiltered = 0;
    double filtered = median(7, [&] {
      re2::FilteredRE2 f(3);
      for (const std::string& p : patterns) {
        int id;
        f.Add(p, opts(), &id);
      }
      atoms.clear();
      f.Compile(&atoms);
      std::vector<int> none, potentials;
      f.AllPotentials(none, &potentials);
      unfiltered = potentials.size();
    });
    std::printf("requiredLiterals: %.2f ms for all, %zu of %zu patterns with a requirement\n",
                analysis, withReq, patterns.size());
    std::printf("FilteredRE2(min_atom_len 3): %.2f ms for all (RE2 compiles alone %.2f ms: "
                "prefilter ~%.2f ms), %zu atoms, %zu of %zu patterns with a prefilter\n",
                filtered, compileOnly, filtered - compileOnly, atoms.size(),
                patterns.size() - unfiltered, patterns.size());
    if (draftPath.empty())
      continue;
    // FilteredRE2's use: atoms found anywhere in the text select the patterns, which then run
    // over the whole text (it has no positions to run them near).
    std::string text;
    accord::readFile(draftPath, text);
    const std::string folded = accord::foldCase(text);
    re2::FilteredRE2 f(3);
    for (const std::string& p : patterns) {
      int id;
      f.Add(p, opts(), &id);
    }
    atoms.clear();
    f.Compile(&atoms);
    std::vector<int> matched;
    auto ta = Clock::now();
    for (size_t a = 0; a < atoms.size(); ++a)
      if (folded.find(atoms[a]) != std::string::npos)
        matched.push_back(static_cast<int>(a));
    double atomMs = ms(ta);
    std::vector<int> run;
    f.AllPotentials(matched, &run);
    size_t found = 0;
    auto tr = Clock::now();
    for (int id : run) {
      re2::StringPiece in(text);
      while (RE2::FindAndConsume(&in, f.GetRE2(id))) {
        ++found;
        if (in.empty())
          break;
      }
    }
    double runMs = ms(tr);
    const double mb = static_cast<double>(text.size()) / 1e6;
    std::printf("on %s (%.1f MB): %zu of %zu atoms occur (%.0f ms, one find each); %zu of %zu "
                "patterns then run over the whole text: %.0f ms, %.1f MB/s for the pattern "
                "stage alone, %zu matches\n",
                draftPath.c_str(), mb, matched.size(), atoms.size(), atomMs, run.size(),
                patterns.size(), runMs, mb / ((atomMs + runMs) / 1e3), found);
  }
}
