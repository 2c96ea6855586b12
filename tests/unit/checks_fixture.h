// Shared by the checks, fixes and citations tests: a small test Knowledge and gold-annotated
// drafts.
#pragma once
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "grammar/analysis.h"
#include "server/features/checks.h"

namespace accord::testing {

/// The Knowledge of tests/unit/checks-data: a lexicon written for these tests and one short
/// commentary, so that gold findings do not move when the bundled data grows.
inline const Knowledge& checksKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/checks-data/corpus"};
    o.lexiconDirs = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/checks-data/lexicon"};
    o.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};
    return Knowledge::build(o);
  }();
  return *k;
}

/// The bundled corpus and lexicon, as the binary loads them.
inline const Knowledge& bundledKnowledge() {
  static std::shared_ptr<const Knowledge> k = [] {
    KnowledgeOptions o;
    o.corpusRoots = {Knowledge::bundledCorpusDir()};
    o.lexiconDirs = {Knowledge::bundledLexiconDir()};
    o.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};
    return Knowledge::build(o);
  }();
  return *k;
}

/// A finding reduced to what gold annotations state: where and which check.
using Gold = std::tuple<uint32_t, uint32_t, std::string>;

/// A draft with its gold: "[[text|code]]" or "[[text|code1,code2]]" marks where each check must
/// fire; the markers are removed from `text`.
struct Annotated {
  std::string text;
  std::vector<Gold> gold; ///< sorted
};

inline Annotated annotate(std::string_view source) {
  Annotated out;
  size_t i = 0;
  while (i < source.size()) {
    size_t open = source.find("[[", i);
    if (open == std::string_view::npos) {
      out.text.append(source.substr(i));
      break;
    }
    out.text.append(source.substr(i, open - i));
    size_t bar = source.find('|', open + 2);
    size_t close = source.find("]]", open + 2);
    if (bar == std::string_view::npos || close == std::string_view::npos || bar > close) {
      out.text.append("[["); // not a marker
      i = open + 2;
      continue;
    }
    uint32_t begin = static_cast<uint32_t>(out.text.size());
    out.text.append(source.substr(open + 2, bar - open - 2));
    uint32_t end = static_cast<uint32_t>(out.text.size());
    std::string_view codes = source.substr(bar + 1, close - bar - 1);
    while (!codes.empty()) {
      size_t comma = codes.find(',');
      out.gold.emplace_back(begin, end, std::string(codes.substr(0, comma)));
      codes = comma == std::string_view::npos ? std::string_view() : codes.substr(comma + 1);
    }
    i = close + 2;
  }
  std::sort(out.gold.begin(), out.gold.end());
  return out;
}

/// Converts "\n" to "\r\n" (for the CRLF variants of drafts).
inline std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += '\r';
    out += c;
  }
  return out;
}

struct Checked {
  std::string text;
  std::shared_ptr<const DraftAnalysis> analysis;
  std::vector<features::Finding> findings;
};

inline Checked check(const Knowledge& k, std::string text, Language language,
                     const features::CheckOptions& options = {}) {
  Checked c;
  c.text = std::move(text);
  c.analysis = analyzeDraft(k, c.text, language);
  c.findings = features::runChecks(k, *c.analysis, c.text, language, options);
  return c;
}

inline std::vector<Gold> asGold(const std::vector<features::Finding>& findings) {
  std::vector<Gold> out;
  for (const features::Finding& f : findings)
    out.emplace_back(f.span.begin, f.span.end, std::string(features::toString(f.code)));
  std::sort(out.begin(), out.end());
  return out;
}

/// Gold as readable lines ("12-18 never-spelled-out "DPRK"") so that a failure shows the text.
inline std::string describe(const std::string& text, const std::vector<Gold>& gold) {
  std::string out;
  for (const auto& [b, e, code] : gold)
    out += std::to_string(b) + "-" + std::to_string(e) + " " + code + " \"" +
           text.substr(b, e - b) + "\"\n";
  return out;
}

} // namespace accord::testing
