// Microbenchmark of the grammar library: recogniser and miner throughput, start-up cost, mining
// precision/recall.
//
// usage: bench_grammar [--mb N] [--prose FILE] [--lexicon-10k DIR] [--runs N] [--only WHAT]
//                      [--json FILE] [--eval FILE]... [--eval-only] [--verbose]
// Prose is the five bundled commentaries repeated to about N MB (default 10), or --prose FILE
// (a .md file is scanned as Markdown, anything else as plain text). The 10,000-term lexicon is
// --lexicon-10k DIR (bench/gen.py lexicon) on top of the bundled one, else one made up here.
// Throughputs are the median of --runs runs (default 5; wall clock, so run it on a quiet
// machine); --only full|10k|miner|analyze|build|corpus runs one measure (for callgrind). --json
// writes them.
// --corpus DIR times Knowledge::build over DIR as well as the bundled corpus (indexing MB/s).
// --dump FILE writes every mention found (full lexicon, then 10,000 terms) as "term begin end
// form" lines: two builds must write the same file (a check that an optimisation changed nothing).
// --cjk-names adds the Korean and Japanese names of issue 18 to their terms (for drafts from
// bench/gen.py draft --language ko|ja).
// --eval may be given several times (the tuned set and the held-out set); --eval-only skips the
// timings and prints only precision and recall.

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

#include "grammar/analysis.h"
#include "grammar/files.h"
#include "grammar/knowledge.h"
#include "grammar/lexicon.h"
#include "grammar/miner.h"
#include "grammar/recognizer.h"

using namespace accord;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

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

/// Median wall time of `runs` calls of fn (after one untimed warm-up call), in milliseconds.
double median(int runs, const std::function<void()>& fn) {
  fn();
  std::vector<double> v;
  for (int i = 0; i < std::max(runs, 1); ++i) {
    auto t = Clock::now();
    fn();
    v.push_back(msSince(t));
  }
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string slurp(const std::string& path) {
  std::string text;
  readFile(path, text); // empty when unreadable, as the callers expect
  return text;
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
      if (word.size() >= 4)
        vocabulary.insert(word);
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
    for (size_t i = 0; i < len; ++i)
      sf += static_cast<char>('A' + rng() % 26);
    if (!shorts.insert(sf).second)
      continue;
    t.shortForm = sf;
    size_t n = 2 + rng() % 4;
    for (size_t i = 0; i < n; ++i)
      t.longForm += (i ? " " : "") + capital(pick());
    if (rng() % 5 == 0)
      t.aliases.push_back(pick() + " " + pick() + " " + pick());
    if (rng() % 50 == 0)
      t.patterns.push_back("(?:the\\s+)?" + pick() + "\\s+" + pick() +
                           "\\s+(?:agreement|accord|pact)");
    t.gloss = "generated";
    out.push_back(std::move(t));
  }
  return out;
}

/// Mining precision and recall on one evaluation set: exact short and long form per sentence.
void evaluate(const std::string& evalPath, bool verbose) {
  std::string evalText = slurp(evalPath);
  if (evalText.empty()) {
    row("mining precision / recall", "n/a", "no evaluation set at " + evalPath);
    return;
  }
  nlohmann::json eval = nlohmann::json::parse(evalText);
  size_t tp = 0, fp = 0, fn = 0, sentences = eval.size(), gold = 0;
  for (const auto& item : eval) {
    std::string t = item.at("text").get<std::string>();
    std::set<std::pair<std::string, std::string>> want, got;
    for (const auto& d : item.at("definitions"))
      want.insert({d.at("short").get<std::string>(), d.at("long").get<std::string>()});
    for (const MinedDefinition& d : mineDefinitions(t))
      got.insert({d.shortForm, d.longForm});
    gold += want.size();
    for (const auto& g : got) {
      if (want.count(g))
        ++tp;
      else {
        ++fp;
        if (verbose)
          std::printf("  false positive: %s = %s   in: %s\n", g.first.c_str(), g.second.c_str(),
                      t.c_str());
      }
    }
    for (const auto& w : want)
      if (!got.count(w)) {
        ++fn;
        if (verbose)
          std::printf("  missed: %s = %s   in: %s\n", w.first.c_str(), w.second.c_str(), t.c_str());
      }
  }
  double precision = tp + fp ? double(tp) / double(tp + fp) : 1.0;
  double recall = tp + fn ? double(tp) / double(tp + fn) : 1.0;
  char pr[64];
  std::snprintf(pr, sizeof pr, "%.3f / %.3f", precision, recall);
  row(("mining P / R, " + evalPath.substr(evalPath.find_last_of('/') + 1)).c_str(), pr,
      std::to_string(sentences) + " sentences, " + std::to_string(gold) + " definitions, " +
          std::to_string(fp) + " false, " + std::to_string(fn) + " missed");
}

} // namespace

int main(int argc, char** argv) {
  double targetMb = 10;
  int runs = 5;
  std::vector<std::string> evalPaths;
  std::string prosePath, lexicon10kDir, jsonPath, only, dumpPath, corpusDir;
  bool verbose = false, evalOnly = false, cjkNames = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--mb") && i + 1 < argc)
      targetMb = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--prose") && i + 1 < argc)
      prosePath = argv[++i];
    else if (!std::strcmp(argv[i], "--lexicon-10k") && i + 1 < argc)
      lexicon10kDir = argv[++i];
    else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc)
      only = argv[++i];
    else if (!std::strcmp(argv[i], "--json") && i + 1 < argc)
      jsonPath = argv[++i];
    else if (!std::strcmp(argv[i], "--dump") && i + 1 < argc)
      dumpPath = argv[++i];
    else if (!std::strcmp(argv[i], "--corpus") && i + 1 < argc)
      corpusDir = argv[++i];
    else if (!std::strcmp(argv[i], "--eval") && i + 1 < argc)
      evalPaths.push_back(argv[++i]);
    else if (!std::strcmp(argv[i], "--eval-only"))
      evalOnly = true;
    else if (!std::strcmp(argv[i], "--verbose"))
      verbose = true;
    else if (!std::strcmp(argv[i], "--cjk-names"))
      cjkNames = true;
    else {
      std::fprintf(stderr,
                   "usage: bench_grammar [--mb N] [--prose FILE] [--lexicon-10k DIR] [--runs N]\n"
                   "                     [--only full|10k|miner|analyze|build|corpus] [--json "
                   "FILE] [--dump FILE]\n"
                   "                     [--corpus DIR] [--cjk-names]\n"
                   "                     [--eval FILE]...\n"
                   "                     [--eval-only] [--verbose]\n");
      return 2;
    }
  }
  if (evalPaths.empty())
    evalPaths.push_back(std::string(ACCORD_SOURCE_DATA_DIR) + "/bench/data/mining-eval.json");
  auto want = [&](const char* what) { return only.empty() || only == what; };
  nlohmann::json results = nlohmann::json::object();

  KnowledgeOptions options;
  options.corpusRoots = {Knowledge::bundledCorpusDir()};
  options.lexiconDirs = {Knowledge::bundledLexiconDir()};
  options.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};

  std::printf("| %-52s | %14s | %s\n", "measure", "value", "notes");
  std::printf("|%s|%s|%s\n", std::string(54, '-').c_str(), std::string(16, '-').c_str(), "------");
  if (evalOnly) {
    for (const std::string& path : evalPaths)
      evaluate(path, verbose);
    return 0;
  }

  // Start-up: the first build in this process pays for compiling patterns and warming RE2.
  auto t0 = Clock::now();
  auto knowledge = Knowledge::build(options);
  double first = msSince(t0);
  results["knowledge_build_first_ms"] = first;
  row("Knowledge::build, bundled corpus, first", fmt(first, "ms"),
      std::to_string(knowledge->sources.size()) + " commentaries, " +
          std::to_string(knowledge->terms.size()) + " terms, " +
          std::to_string(knowledge->errors.size()) + " data errors");
  if (want("build")) {
    double again = median(runs, [&] { Knowledge::build(options); });
    results["knowledge_build_ms"] = again;
    row("Knowledge::build, bundled corpus, again (median)", fmt(again, "ms"),
        "patterns cached, RE2 warm");
  }

  if (!corpusDir.empty() && want("corpus")) {
    KnowledgeOptions big = options;
    big.corpusRoots.push_back(corpusDir);
    size_t bytes = 0, sources = 0;
    auto tc = Clock::now();
    auto k = Knowledge::build(big);
    double ms = msSince(tc);
    for (const Source& s : k->sources)
      bytes += s.text.size();
    sources = k->sources.size();
    results["corpus_bytes"] = bytes;
    results["corpus_index_ms"] = ms;
    results["corpus_index_mb_s"] = static_cast<double>(bytes) / 1e6 / (ms / 1e3);
    row("Knowledge::build with --corpus (once)",
        fmt(static_cast<double>(bytes) / 1e6 / (ms / 1e3), "MB/s"),
        std::to_string(sources) + " commentaries, " + fmt(static_cast<double>(bytes) / 1e6, "MB") +
            " in " + fmt(ms, "ms") + ", " + std::to_string(k->terms.size()) + " terms");
  }

  std::string prose;
  for (const Source& s : knowledge->sources)
    prose += s.text + "\n\n";
  std::string text;
  Language language = Language::PlainText;
  std::string textNote;
  if (!prosePath.empty()) {
    text = slurp(prosePath);
    if (text.empty()) {
      std::fprintf(stderr, "bench_grammar: cannot read %s\n", prosePath.c_str());
      return 1;
    }
    if (prosePath.size() > 3 && prosePath.compare(prosePath.size() - 3, 3, ".md") == 0)
      language = Language::Markdown;
    textNote = prosePath.substr(prosePath.find_last_of('/') + 1);
  } else {
    while (text.size() < targetMb * 1e6)
      text += prose;
    textNote = "commentaries repeated";
  }
  const double mb = static_cast<double>(text.size()) / 1e6;
  results["prose_bytes"] = text.size();
  results["runs"] = runs;

  std::vector<DataError> errors;
  std::vector<Term> lexicon = knowledge->terms;
  size_t mentions = 0;
  std::ofstream dump;
  if (!dumpPath.empty())
    dump.open(dumpPath);
  auto dumpMentions = [&](const char* what, const std::vector<Mention>& ms) {
    if (!dump.is_open())
      return;
    dump << "# " << what << "\n";
    for (const Mention& m : ms)
      dump << m.term << ' ' << m.span.begin << ' ' << m.span.end << ' ' << static_cast<int>(m.form)
           << '\n';
  };
  // --cjk-names: the Korean and Japanese names of issue 18 added to their terms as aliases, as
  // the lexicon's loader does with the names it reads, for scans of Korean and Japanese drafts
  // (bench/gen.py draft --language ko|ja) with the names they use.
  Recognizer withNames;
  const Recognizer* recognizer = &knowledge->recognizer;
  if (cjkNames) {
    static const std::pair<const char*, const char*> kNames[] = {
        {"gsomia", "지소미아"},
        {"gsomia", "한일 군사정보보호협정"},
        {"gsomia", "日韓秘密軍事情報保護協定"},
        {"normalization-treaty-1965", "한일기본조약"},
        {"normalization-treaty-1965", "日韓基本条約"},
        {"comfort-women-agreement-2015", "위안부 합의"},
        {"comfort-women-agreement-2015", "慰安婦合意"},
        {"thaad", "사드"},
        {"thaad", "고고도미사일방어체계"},
        {"thaad", "終末高高度防衛ミサイル"},
        {"six-party-talks", "6자회담"},
        {"six-party-talks", "6者協議"},
        {"korus-fta", "한미 FTA"},
        {"two-plus-two", "日米2+2"},
        {"rcep", "역내포괄적경제동반자협정"},
        {"rcep", "包括的経済連携協定"}};
    std::vector<Term> named = knowledge->terms;
    size_t added = 0;
    for (Term& t : named)
      for (const auto& [id, name] : kNames)
        if (t.id == id) {
          t.aliases.emplace_back(name);
          ++added;
        }
    withNames = Recognizer::build(named, errors);
    recognizer = &withNames;
    row("Korean and Japanese names (--cjk-names)", std::to_string(added), "aliases added");
  }
  if (want("full")) {
    double full = median(runs, [&] { mentions = recognizer->scan(text, language).size(); });
    dumpMentions("full lexicon", recognizer->scan(text, language));
    results["recognizer_full_mb_s"] = mb / (full / 1e3);
    results["recognizer_full_mentions"] = mentions;
    row("recogniser, full lexicon", fmt(mb / (full / 1e3), "MB/s"),
        std::to_string(lexicon.size()) + " terms, " + fmt(mb, "MB") + " " + textNote + ", " +
            std::to_string(mentions) + " mentions");
  }

  if (only.empty()) {
    std::vector<Term> literalsOnly = lexicon;
    size_t patternCount = 0;
    for (Term& t : literalsOnly) {
      patternCount += t.patterns.size();
      t.patterns.clear();
    }
    Recognizer lit = Recognizer::build(literalsOnly, errors);
    double litMs = median(runs, [&] { mentions = lit.scan(text, language).size(); });
    results["recognizer_literals_mb_s"] = mb / (litMs / 1e3);
    row("  literal forms only", fmt(mb / (litMs / 1e3), "MB/s"), "token trie");

    std::vector<Term> patternsOnly;
    for (const Term& t : lexicon) {
      if (t.patterns.empty())
        continue;
      Term p;
      p.id = t.id;
      p.kind = t.kind;
      p.patterns = t.patterns;
      patternsOnly.push_back(std::move(p));
    }
    Recognizer pat = Recognizer::build(patternsOnly, errors);
    double patMs = median(runs, [&] { mentions = pat.scan(text, language).size(); });
    results["recognizer_patterns_mb_s"] = mb / (patMs / 1e3);
    row("  patterns only, gated by required words", fmt(mb / (patMs / 1e3), "MB/s"),
        std::to_string(patternCount) + " patterns, " + std::to_string(mentions) + " matches");
  }

  // 10,000 generated terms on top of the lexicon.
  if (want("10k")) {
    std::vector<Term> big = lexicon;
    std::string source = "made up here";
    if (!lexicon10kDir.empty()) {
      std::vector<DataError> loadErrors;
      std::vector<Term> generated = loadLexiconDir(lexicon10kDir, loadErrors);
      if (generated.empty()) {
        std::fprintf(stderr, "bench_grammar: no terms in %s\n", lexicon10kDir.c_str());
        return 1;
      }
      mergeLexicon(big, std::move(generated), loadErrors);
      source = lexicon10kDir.substr(lexicon10kDir.find_last_of('/') + 1);
    } else {
      std::vector<Term> generated = generatedLexicon(prose, 10000, 42);
      big.insert(big.end(), generated.begin(), generated.end());
    }
    auto tb = Clock::now();
    Recognizer bigRec = Recognizer::build(big, errors);
    double bigBuild = msSince(tb);
    double bigMs = median(runs, [&] { mentions = bigRec.scan(text, language).size(); });
    dumpMentions("10,000 more terms", bigRec.scan(text, language));
    results["recognizer_10k_mb_s"] = mb / (bigMs / 1e3);
    results["recognizer_10k_terms"] = big.size();
    results["recognizer_10k_build_ms"] = bigBuild;
    results["recognizer_10k_mentions"] = mentions;
    row("recogniser, lexicon + 10,000 generated terms", fmt(mb / (bigMs / 1e3), "MB/s"),
        std::to_string(big.size()) + " terms (" + source + "), built in " + fmt(bigBuild, "ms") +
            ", " + std::to_string(mentions) + " mentions");
  }

  // A whole draft's analysis (what didOpen costs the server before its checks and JSON).
  if (want("analyze")) {
    size_t n = 0;
    double ms =
        median(runs, [&] { n = analyzeDraft(*knowledge, text, language)->mentions.size(); });
    results["analyze_draft_ms"] = ms;
    results["analyze_draft_mb_s"] = mb / (ms / 1e3);
    row("analyzeDraft (mentions, definitions, sections)", fmt(ms, "ms"),
        fmt(mb / (ms / 1e3), "MB/s") + ", " + std::to_string(n) + " mentions");
  }

  // Miner throughput.
  if (want("miner")) {
    size_t defs = 0;
    double mineMs = median(runs, [&] { defs = mineDefinitions(text).size(); });
    results["miner_mb_s"] = mb / (mineMs / 1e3);
    row("miner (mineDefinitions)", fmt(mb / (mineMs / 1e3), "MB/s"),
        std::to_string(defs) + " definitions");
  }

  if (!jsonPath.empty()) {
    std::ofstream out(jsonPath);
    out << results.dump(1) << "\n";
  }
  if (!only.empty())
    return 0;
  // Mining precision and recall on the evaluation sets.
  for (const std::string& path : evalPaths)
    evaluate(path, verbose);
  return 0;
}
