// Microbenchmark of the grammar library: recogniser and miner throughput, start-up cost, mining precision/recall.
//
// usage: bench_grammar [--mb N] [--eval FILE] [--verbose]
// Prose is the five bundled commentaries repeated to about N MB (default 10). Numbers are the
// best of several runs (wall clock); run it on a quiet machine.
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "grammar/knowledge.h"
#include "grammar/lexicon.h"
#include "grammar/miner.h"
#include "grammar/recognizer.h"

using namespace accord;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

/// Best wall time of `runs` calls of fn, in milliseconds.
double best(int runs, const std::function<void()>& fn) {
  double b = 1e300;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    fn();
    b = std::min(b, msSince(t));
  }
  return b;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void row(const char* what, const std::string& value, const std::string& note = "") {
  std::printf("| %-52s | %14s | %s\n", what, value.c_str(), note.c_str());
}

std::string fmt(double v, const char* unit) {
  char b[64];
  std::snprintf(b, sizeof b, "%.1f %s", v, unit);
  return b;
}

/// 10,000 made-up terms over the corpus vocabulary: acronyms, capitalised names, aliases, and
/// one pattern in fifty, so that literal forms and patterns both grow.
std::vector<Term> generatedLexicon(const std::string& prose, size_t count, unsigned seed) {
  std::set<std::string> vocabulary;
  std::string word;
  for (char c : prose) {
    if ((c >= 'a' && c <= 'z')) {
      word += c;
    } else {
      if (word.size() >= 4) vocabulary.insert(word);
      word.clear();
    }
  }
  std::vector<std::string> words(vocabulary.begin(), vocabulary.end());
  std::mt19937 rng(seed);
  auto pick = [&] { return words[rng() % words.size()]; };
  auto capital = [](std::string w) {
    w[0] = static_cast<char>(w[0] - 32);
    return w;
  };
  std::vector<Term> out;
  std::set<std::string> shorts;
  while (out.size() < count) {
    Term t;
    t.id = "gen-" + std::to_string(out.size());
    t.kind = TermKind::Acronym;
    std::string sf;
    size_t len = 3 + rng() % 4;
    for (size_t i = 0; i < len; ++i) sf += static_cast<char>('A' + rng() % 26);
    if (!shorts.insert(sf).second) continue;
    t.shortForm = sf;
    size_t n = 2 + rng() % 4;
    for (size_t i = 0; i < n; ++i) t.longForm += (i ? " " : "") + capital(pick());
    if (rng() % 5 == 0) t.aliases.push_back(pick() + " " + pick() + " " + pick());
    if (rng() % 50 == 0) t.patterns.push_back("(?:the\\s+)?" + pick() + "\\s+" + pick() + "\\s+(?:agreement|accord|pact)");
    t.gloss = "generated";
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  double targetMb = 10;
  std::string evalPath = std::string(ACCORD_SOURCE_DATA_DIR) + "/bench/data/mining-eval.json";
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--mb") && i + 1 < argc) targetMb = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--eval") && i + 1 < argc) evalPath = argv[++i];
    else if (!std::strcmp(argv[i], "--verbose")) verbose = true;
    else {
      std::fprintf(stderr, "usage: bench_grammar [--mb N] [--eval FILE] [--verbose]\n");
      return 2;
    }
  }

  KnowledgeOptions options;
  options.corpusRoots = {Knowledge::bundledCorpusDir()};
  options.lexiconDirs = {Knowledge::bundledLexiconDir()};
  options.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};

  std::printf("| %-52s | %14s | %s\n", "measure", "value", "notes");
  std::printf("|%s|%s|%s\n", std::string(54, '-').c_str(), std::string(16, '-').c_str(), "------");

  // Start-up: the first build in this process pays for compiling patterns and warming RE2.
  auto t0 = Clock::now();
  auto knowledge = Knowledge::build(options);
  double first = msSince(t0);
  double again = best(10, [&] { Knowledge::build(options); });
  row("Knowledge::build, bundled corpus, first", fmt(first, "ms"),
      std::to_string(knowledge->sources.size()) + " commentaries, " + std::to_string(knowledge->terms.size()) +
          " terms, " + std::to_string(knowledge->errors.size()) + " data errors");
  row("Knowledge::build, bundled corpus, again (best of 10)", fmt(again, "ms"), "patterns cached, RE2 warm");

  std::string prose;
  for (const Source& s : knowledge->sources) prose += s.text + "\n\n";
  std::string text;
  while (text.size() < targetMb * 1e6) text += prose;
  const double mb = static_cast<double>(text.size()) / 1e6;

  std::vector<DataError> errors;
  std::vector<Term> lexicon = knowledge->terms;
  size_t mentions = 0;
  double full = best(3, [&] { mentions = knowledge->recognizer.scan(text, Language::PlainText).size(); });
  row("recogniser, full lexicon", fmt(mb / (full / 1e3), "MB/s"),
      std::to_string(lexicon.size()) + " terms, " + fmt(mb, "MB").c_str() + ", " + std::to_string(mentions) + " mentions");

  std::vector<Term> literalsOnly = lexicon;
  size_t patternCount = 0;
  for (Term& t : literalsOnly) {
    patternCount += t.patterns.size();
    t.patterns.clear();
  }
  Recognizer lit = Recognizer::build(literalsOnly, errors);
  double litMs = best(3, [&] { mentions = lit.scan(text, Language::PlainText).size(); });
  row("  literal forms only", fmt(mb / (litMs / 1e3), "MB/s"), "token trie");

  std::vector<Term> patternsOnly;
  std::vector<std::string> patterns;
  for (const Term& t : lexicon) {
    if (t.patterns.empty()) continue;
    Term p;
    p.id = t.id;
    p.kind = t.kind;
    p.patterns = t.patterns;
    patterns.insert(patterns.end(), t.patterns.begin(), t.patterns.end());
    patternsOnly.push_back(std::move(p));
  }
  Recognizer pat = Recognizer::build(patternsOnly, errors);
  double patMs = best(3, [&] { mentions = pat.scan(text, Language::PlainText).size(); });
  row("  patterns only, gated by required words", fmt(mb / (patMs / 1e3), "MB/s"),
      std::to_string(patternCount) + " patterns, " + std::to_string(mentions) + " matches");

  // The alternatives the gate replaced, measured on the same text.
  {
    RE2::Options o;
    o.set_case_sensitive(false);
    o.set_longest_match(true);
    o.set_never_capture(true);
    o.set_max_mem(int64_t{64} << 20);
    RE2::Set set(o, RE2::UNANCHORED);
    std::string alternation;
    for (const std::string& p : patterns) {
      set.Add(p, nullptr);
      alternation += (alternation.empty() ? "" : "|") + ("(?:" + p + ")");
    }
    set.Compile();
    std::vector<int> hits;
    double setMs = best(2, [&] {
      // chunks of 64 KB, as a Set tells only which patterns occur, not where
      for (size_t pos = 0; pos < text.size(); pos += 65536) {
        hits.clear();
        set.Match(re2::StringPiece(text.data() + pos, std::min<size_t>(65536, text.size() - pos)), &hits);
      }
    });
    row("  (RE2::Set, detection only, 64 KB chunks)", fmt(mb / (setMs / 1e3), "MB/s"), "before locating anything");
    RE2 combined(alternation, o);
    size_t n = 0;
    double combMs = best(2, [&] {
      re2::StringPiece in(text);
      n = 0;
      while (RE2::FindAndConsume(&in, combined)) ++n;
    });
    row("  (one combined alternation, FindAndConsume)", fmt(mb / (combMs / 1e3), "MB/s"),
        std::to_string(n) + " matches, no word boundaries");
  }

  // 10,000 generated terms on top of the lexicon.
  std::vector<Term> big = lexicon;
  std::vector<Term> generated = generatedLexicon(prose, 10000, 42);
  big.insert(big.end(), generated.begin(), generated.end());
  auto tb = Clock::now();
  Recognizer bigRec = Recognizer::build(big, errors);
  double bigBuild = msSince(tb);
  double bigMs = best(3, [&] { mentions = bigRec.scan(text, Language::PlainText).size(); });
  row("recogniser, lexicon + 10,000 generated terms", fmt(mb / (bigMs / 1e3), "MB/s"),
      std::to_string(big.size()) + " terms, built in " + fmt(bigBuild, "ms") + ", " + std::to_string(mentions) +
          " mentions");

  // Miner throughput.
  size_t defs = 0;
  double mineMs = best(3, [&] { defs = mineDefinitions(text).size(); });
  row("miner (mineDefinitions)", fmt(mb / (mineMs / 1e3), "MB/s"), std::to_string(defs) + " definitions");

  // Mining precision and recall on the evaluation set.
  std::string evalText = slurp(evalPath);
  if (evalText.empty()) {
    row("mining precision / recall", "n/a", "no evaluation set at " + evalPath);
    return 0;
  }
  nlohmann::json eval = nlohmann::json::parse(evalText);
  size_t tp = 0, fp = 0, fn = 0, sentences = eval.size(), gold = 0;
  for (const auto& item : eval) {
    std::string t = item.at("text").get<std::string>();
    std::set<std::pair<std::string, std::string>> want, got;
    for (const auto& d : item.at("definitions")) want.insert({d.at("short").get<std::string>(), d.at("long").get<std::string>()});
    for (const MinedDefinition& d : mineDefinitions(t)) got.insert({d.shortForm, d.longForm});
    gold += want.size();
    for (const auto& g : got) {
      if (want.count(g)) ++tp;
      else {
        ++fp;
        if (verbose) std::printf("  false positive: %s = %s   in: %s\n", g.first.c_str(), g.second.c_str(), t.c_str());
      }
    }
    for (const auto& w : want)
      if (!got.count(w)) {
        ++fn;
        if (verbose) std::printf("  missed: %s = %s   in: %s\n", w.first.c_str(), w.second.c_str(), t.c_str());
      }
  }
  double precision = tp + fp ? double(tp) / double(tp + fp) : 1.0;
  double recall = tp + fn ? double(tp) / double(tp + fn) : 1.0;
  char pr[64];
  std::snprintf(pr, sizeof pr, "%.3f / %.3f", precision, recall);
  row("mining precision / recall (exact short and long form)", pr,
      std::to_string(sentences) + " sentences, " + std::to_string(gold) + " definitions, " + std::to_string(fp) +
          " false, " + std::to_string(fn) + " missed");
  return 0;
}
