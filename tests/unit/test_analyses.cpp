// AnalysisStore: one analysis per document version and Knowledge, shared by every reader.
#include <catch2/catch.hpp>

#include "server/analyses.h"

using namespace accord;

namespace {

std::shared_ptr<const Knowledge> buildKnowledge() {
  KnowledgeOptions o;
  o.corpusRoots = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/features/corpus"};
  o.lexiconDirs = {std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/features/lexicon"};
  return Knowledge::build(o);
}

TextChange replace(uint32_t line, uint32_t from, uint32_t to, std::string text) {
  return {lsp::Range{{line, from}, {line, to}}, std::move(text)};
}

} // namespace

TEST_CASE("analyses: computed once per version and Knowledge, whoever asks") {
  auto k = buildKnowledge();
  DocumentStore docs;
  AnalysisStore store;
  auto v1 = docs.open("file:///a.md", "markdown", 1, "The GSOMIA was signed.\n\nThen PSI.\n");
  CHECK(store.get(v1, nullptr) == nullptr);
  auto a1 = store.get(v1, k);
  REQUIRE(a1);
  CHECK(a1->knowledge == k);
  CHECK(store.get(v1, k) == a1); // a second reader (the checks after a feature) reads the same

  auto v2 = docs.change("file:///a.md", 2, {replace(2, 0, 4, "And")}, PositionEncoding::Utf16);
  REQUIRE(v2);
  auto a2 = store.get(v2, k);
  REQUIRE(a2);
  CHECK(a2 != a1);
  CHECK(store.get(v2, k) == a2);
  // The incremental result equals a full analysis of the new text.
  auto full = analyzeFull(k, v2->text, v2->language);
  CHECK(a2->analysis->mentions == full->analysis->mentions);

  // Another Knowledge: analysed again, against it.
  auto k2 = buildKnowledge();
  auto a3 = store.get(v2, k2);
  REQUIRE(a3);
  CHECK(a3->knowledge == k2);
  CHECK(a3->analysis->mentions.size() == a2->analysis->mentions.size());

  store.forget("file:///a.md");
  CHECK(store.get(v2, k2) != a3); // forgotten: computed anew
}
