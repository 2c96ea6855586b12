// The lexicon loader: valid entries load, each bad entry is reported with file, line, reason and
// fix.
#include <catch2/catch.hpp>

#include <algorithm>

#include "grammar/lexicon.h"
#include "test_grammar_util.h"

using namespace accord;
using namespace accord::test;

namespace {

const DataError* errorAt(const std::vector<DataError>& errors, uint32_t line) {
  for (const DataError& e : errors)
    if (e.line == line)
      return &e;
  return nullptr;
}

} // namespace

TEST_CASE("lexicon: every bad entry is reported at its line and skipped") {
  std::vector<DataError> errors;
  std::vector<Term> terms =
      parseLexicon(readFile(grammarData("lexicon-bad/a-entries.json")), "a-entries.json", errors);
  std::vector<std::string> ids;
  for (const Term& t : terms)
    ids.push_back(t.id);
  CHECK(ids == std::vector<std::string>{"good-one", "good-two"});

  // line -> what the message must say
  const std::vector<std::pair<uint32_t, std::string>> expected = {
      {5, "missing \"id\""},
      {6, "is not valid: use lower-case"},
      {7, "missing \"kind\""},
      {8, "unknown kind \"treaty\""},
      {9, "neither \"short\" nor \"long\""},
      {10, "is not valid RE2"},
      {17, "capturing group"},
      {18, "at most 500"},
      {21, "matches empty text"},
      {22, "malformed"},
      {23, "malformed"},
      {24, "unknown field \"alias\""},
      {25, "already used at a-entries.json:4"},
      {26, "short form \"GO\" already belongs to 'good-one'"}};
  CHECK(errors.size() == expected.size());
  for (const auto& [line, text] : expected) {
    INFO("line " << line << ": " << text);
    const DataError* e = errorAt(errors, line);
    REQUIRE(e);
    CHECK(e->file == "a-entries.json");
    CHECK(e->message.find(text) != std::string::npos);
    CHECK(e->format().rfind("a-entries.json:" + std::to_string(line) + ": ", 0) == 0);
  }
  // the entry's id names it in the message when there is one
  CHECK(errorAt(errors, 8)->message.rfind("term 'odd-kind': ", 0) == 0);
  CHECK(errorAt(errors, 5)->message.rfind("entry 2: ", 0) == 0);
}

TEST_CASE("lexicon: a valid entry keeps every field") {
  std::vector<DataError> errors;
  std::vector<Term> terms =
      parseLexicon(readFile(grammarData("lexicon-bad/a-entries.json")), "a-entries.json", errors);
  auto it =
      std::find_if(terms.begin(), terms.end(), [](const Term& t) { return t.id == "good-two"; });
  REQUIRE(it != terms.end());
  CHECK(it->kind == TermKind::Agreement);
  CHECK(it->shortForm == "GT");
  CHECK(it->longForm == "Good Two");
  CHECK(it->aliases == std::vector<std::string>{"Second Good"});
  CHECK(it->patterns.size() == 1);
  REQUIRE(it->dates.size() == 2);
  CHECK(it->dates[1].event == "amended");
  CHECK(it->dates[1].date == "2018-03");
  CHECK(it->dates[1].year() == 2018);
  CHECK(it->parties == std::vector<std::string>{"A", "B"});
  CHECK(it->sources == std::vector<std::string>{"x2020"});
  CHECK(!it->wellKnown);
  CHECK(it->origin.file == "a-entries.json");
  CHECK(it->origin.line == 27);
}

TEST_CASE("lexicon: Korean and Japanese names load, become aliases, and bad ones are reported") {
  std::vector<DataError> errors;
  std::vector<Term> terms =
      parseLexicon(readFile(grammarData("lexicon-names/names.json")), "names.json", errors);
  std::vector<std::string> ids;
  for (const Term& t : terms)
    ids.push_back(t.id);
  CHECK(ids == std::vector<std::string>{"good", "fine-too"});

  const Term& good = terms[0];
  REQUIRE(good.names.size() == 3);
  CHECK(good.names[0] == LocalName{"좋은협정", "ko", "press"});
  CHECK(good.names[1] == LocalName{"良協定", "ja", "official"});
  CHECK(good.names[2] == LocalName{"좋은 협정 2+2", "ko", ""});
  // every name is an alias too, once: 좋은협정 was already one
  CHECK(good.aliases == std::vector<std::string>{"좋은협정", "良協定", "좋은 협정 2+2"});
  CHECK(terms[1].aliases == std::vector<std::string>{"괜찮다"});

  const std::vector<std::pair<uint32_t, std::string>> expected = {
      {6, "\"names\" must be an array"},
      {7, "name 1 must be {\"text\""},
      {8, "name 1 must be {\"text\""},
      {9, "\"lang\" \"zh\" must be \"ko\" (Korean) or \"ja\" (Japanese)"},
      {10, "\"form\" \"slang\" must be \"official\", \"press\" or \"short\""},
      {11, "unknown field \"note\""},
      {12, "has no Hangul, kana or kanji"},
      {13, "full-width letters or digits"},
      {14, "without leading or trailing white space"},
      {15, "lists \"두번\" twice"}};
  CHECK(errors.size() == expected.size());
  for (const auto& [line, text] : expected) {
    INFO("line " << line << ": " << text);
    const DataError* e = errorAt(errors, line);
    REQUIRE(e);
    CHECK(e->message.find(text) != std::string::npos);
    CHECK(e->message.find("the entry is skipped") != std::string::npos);
    CHECK(e->format().rfind("names.json:" + std::to_string(line) + ": term '", 0) == 0);
  }
}

TEST_CASE("lexicon: a name that another term already has is reported like an alias") {
  std::vector<DataError> errors;
  std::vector<Term> terms = parseLexicon(
      "{\"terms\": [\n"
      "{\"id\": \"a\", \"kind\": \"place\", \"long\": \"A\", \"names\": [{\"text\": \"독도\", "
      "\"lang\": \"ko\"}]},\n"
      "{\"id\": \"b\", \"kind\": \"place\", \"long\": \"B\", \"names\": [{\"text\": \"독도\", "
      "\"lang\": \"ko\"}]}\n]}",
      "dup.json", errors);
  CHECK(terms.size() == 2);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 3);
  CHECK(errors[0].message.find("\"독도\" already names 'a'") != std::string::npos);
}

TEST_CASE("lexicon: a directory, duplicates across files, broken JSON, the schema skipped") {
  std::vector<DataError> errors;
  std::vector<Term> terms = loadLexiconDir(grammarData("lexicon-bad"), errors);
  std::vector<std::string> ids;
  for (const Term& t : terms)
    ids.push_back(t.id);
  CHECK(ids == std::vector<std::string>{"good-one", "good-two", "third"});
  auto in = [&](const std::string& file, uint32_t line, const std::string& text) {
    for (const DataError& e : errors)
      if (e.file.size() >= file.size() &&
          e.file.compare(e.file.size() - file.size(), file.size(), file) == 0 && e.line == line &&
          e.message.find(text) != std::string::npos)
        return true;
    return false;
  };
  CHECK(in("b-duplicate.json", 3, "the id is already used at"));
  CHECK(in("b-duplicate.json", 4, "\"Good One\" already names 'good-one'"));
  CHECK(in("c-broken.json", 4, "not valid JSON"));
  for (const DataError& e : errors)
    CHECK(e.file.find("schema") == std::string::npos);
  // a missing directory is simply empty
  std::vector<DataError> none;
  CHECK(loadLexiconDir(grammarData("no-such-dir"), none).empty());
  CHECK(none.empty());
}

TEST_CASE("lexicon: not a lexicon at all") {
  std::vector<DataError> errors;
  CHECK(parseLexicon("[1, 2]", "x.json", errors).empty());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].format() ==
        "x.json:1: a lexicon file is an object with a \"terms\" array: {\"terms\": [ … ]}");
  errors.clear();
  CHECK(parseLexicon("{\"terms\": [], \"extra\": 1}", "y.json", errors).empty());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("\"extra\"") != std::string::npos);
}

TEST_CASE("lexicon: where array elements start") {
  std::string json = "{\n  \"a\": {\"terms\": [9]},\n  \"terms\": [\n    {\"x\": \"[\\\"}\"},\n    "
                     "3,\n    [1, {}]\n  ]\n}";
  std::vector<size_t> at = jsonArrayElementOffsets(json, "terms");
  REQUIRE(at.size() == 3);
  CHECK(lineOfOffset(json, at[0]) == 4);
  CHECK(lineOfOffset(json, at[1]) == 5);
  CHECK(lineOfOffset(json, at[2]) == 6);
  CHECK(jsonArrayElementOffsets("[ {}, {} ]", "") == std::vector<size_t>{2, 6});
  CHECK(jsonArrayElementOffsets("{}", "terms").empty());
}

TEST_CASE("lexicon: merging keeps the first of two terms with one id") {
  std::vector<DataError> errors;
  std::vector<Term> into(1), more(2);
  into[0].id = "a";
  into[0].shortForm = "AA";
  into[0].origin = {"first.json", 3};
  more[0].id = "a";
  more[0].origin = {"second.json", 5};
  more[1].id = "b";
  more[1].longForm = "Bee";
  mergeLexicon(into, more, errors);
  REQUIRE(into.size() == 2);
  CHECK(into[0].origin.file == "first.json");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].format().rfind("second.json:5: term 'a': the id is already used at first.json:3",
                                 0) == 0);
}

TEST_CASE("lexicon: line numbers of many offsets equal lineOfOffset, in any order") {
  std::string text = "a\nbb\n\nccc\nd";
  std::vector<size_t> offsets = {9, 0, 2, 5, 5, 100, 1, 6};
  std::vector<uint32_t> lines = linesOfOffsets(text, offsets);
  REQUIRE(lines.size() == offsets.size());
  for (size_t k = 0; k < offsets.size(); ++k)
    CHECK(lines[k] == lineOfOffset(text, offsets[k]));
  CHECK(linesOfOffsets(text, {}).empty());
}

TEST_CASE("lexicon: errors on entries deep in a long file name their line") {
  std::string json = "{\"terms\": [\n";
  for (int i = 0; i < 400; ++i)
    json += "  {\"id\": \"t" + std::to_string(i) + "\", \"kind\": \"acronym\",\n   \"short\": \"T" +
            std::to_string(i) + "X\", \"long\": \"Term number " + std::to_string(i) +
            "\"},\n"; // 2 lines each
  json += "  {\"id\": \"Bad Id\", \"kind\": \"acronym\", \"short\": \"BIX\", \"long\": \"Bad "
          "id\"},\n"; // line 802
  json += "\n  {\"id\": \"t5\", \"kind\": \"acronym\", \"short\": \"DUPX\", \"long\": "
          "\"Dup\"}\n]}\n"; // line 804
  std::vector<DataError> errors;
  std::vector<Term> terms = parseLexicon(json, "big.json", errors);
  CHECK(terms.size() == 400);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 802);
  CHECK(errors[1].line == 804);
  CHECK(errors[1].message.find("already used at big.json:12") != std::string::npos);
  REQUIRE(terms.size() > 399);
  CHECK(terms[399].origin.line == 800);
}
