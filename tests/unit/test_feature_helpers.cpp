// Unit tests of the editor features' pure helpers: fuzzy scores, globs, URIs, citation keys,
// tokens.
#include <catch2/catch.hpp>

#include "server/features/completion.h"
#include "server/features/hover.h"
#include "server/features/links.h"
#include "server/features/semantic_tokens.h"
#include "server/features/symbols.h"
#include "server/workspace.h"

using namespace accord;
using namespace accord::features;

TEST_CASE("fuzzyScore: subsequences match, word starts and prefixes rank first") {
  CHECK(fuzzyScore("gsm", "GSOMIA") > 0);
  CHECK(fuzzyScore("xyz", "GSOMIA") == -1);
  CHECK(fuzzyScore("", "GSOMIA") == 0);
  CHECK(fuzzyScore("gsomiax", "GSOMIA") == -1);
  // Initials of a long form beat a scattered match.
  CHECK(fuzzyScore("fta", "Free Trade Agreement") > fuzzyScore("fta", "Fortification Act"));
  // A prefix beats the same letters in the middle.
  CHECK(fuzzyScore("psi", "PSI") > fuzzyScore("psi", "Expansive Initiative"));
  // An exact match beats a longer candidate with the same prefix.
  CHECK(fuzzyScore("fta", "FTA") > fuzzyScore("fta", "FTAAP"));
  CHECK(fuzzyScore("six", "Six-Party Talks") > fuzzyScore("six", "Sino-Exchange"));
}

TEST_CASE("globMatch follows editor exclude globs") {
  CHECK(globMatch("**/node_modules", "a/b/node_modules"));
  CHECK(globMatch("**/node_modules", "node_modules"));
  CHECK(globMatch("*.tex", "paper.tex"));
  CHECK_FALSE(globMatch("*.tex", "dir/paper.tex"));
  CHECK(globMatch("**/*.tex", "dir/sub/paper.tex"));
  CHECK(globMatch("drafts/{old,archive}/**", "drafts/archive/x.md"));
  CHECK_FALSE(globMatch("drafts/{old,archive}/**", "drafts/new/x.md"));
  CHECK(globMatch("notes-?.md", "notes-1.md"));
  CHECK(globMatch("[ab]*.md", "b-draft.md"));
  CHECK_FALSE(globMatch("[!ab]*.md", "b-draft.md"));
}

TEST_CASE("file URIs round-trip with escapes, Korean and spaces") {
  std::string path;
  REQUIRE(fileUriToPath("file:///home/u/My%20Drafts/%ED%95%9C.md", path));
  CHECK(path == "/home/u/My Drafts/한.md");
  CHECK(pathToFileUri("/home/u/My Drafts/한.md") == "file:///home/u/My%20Drafts/%ED%95%9C.md");
  REQUIRE(fileUriToPath(pathToFileUri("/a/b#c?d.txt"), path));
  CHECK(path == "/a/b#c?d.txt");
  CHECK_FALSE(fileUriToPath("untitled:Untitled-1", path));
  CHECK_FALSE(fileUriToPath("file://server/share/x.md", path));
}

TEST_CASE("workspace draft paths: extensions, hidden dirs, excludes, corpus roots") {
  WorkspaceOptions o;
  o.folders = {"/ws"};
  o.exclude = {"**/archive", "*.tmp.md"};
  o.skipDirs = {"/ws/corpus"};
  CHECK(WorkspaceSnapshot::isDraftPath(o, "/ws/brief.md"));
  CHECK(WorkspaceSnapshot::isDraftPath(o, "/ws/sub/brief.MARKDOWN"));
  CHECK(WorkspaceSnapshot::isDraftPath(o, "/ws/paper.tex"));
  CHECK(WorkspaceSnapshot::isDraftPath(o, "/ws/notes.txt"));
  CHECK_FALSE(WorkspaceSnapshot::isDraftPath(o, "/ws/data.json"));
  CHECK_FALSE(WorkspaceSnapshot::isDraftPath(o, "/elsewhere/brief.md"));
  CHECK_FALSE(WorkspaceSnapshot::isDraftPath(o, "/ws/.git/x.md"));
  CHECK_FALSE(WorkspaceSnapshot::isDraftPath(o, "/ws/node_modules/p/readme.md"));
  CHECK_FALSE(WorkspaceSnapshot::isDraftPath(o, "/ws/old/archive/brief.md"));
  CHECK_FALSE(WorkspaceSnapshot::isDraftPath(o, "/ws/x.tmp.md"));
  CHECK_FALSE(WorkspaceSnapshot::isDraftPath(o, "/ws/corpus/akutsu.txt"));
}

TEST_CASE("citation context: Pandoc and LaTeX keys, not e-mail addresses") {
  uint32_t start = 0;
  std::string t = "as argued [@aku";
  REQUIRE(citationContext(t, static_cast<uint32_t>(t.size()), start));
  CHECK(t.substr(start) == "aku");
  t = "see [see @park2019, p. 3; @nish";
  REQUIRE(citationContext(t, static_cast<uint32_t>(t.size()), start));
  CHECK(t.substr(start) == "nish");
  t = "[@";
  REQUIRE(citationContext(t, 2, start));
  CHECK(start == 2);
  t = "mail me at x@exa";
  CHECK_FALSE(citationContext(t, static_cast<uint32_t>(t.size()), start));
  t = "\\cite{ak";
  REQUIRE(citationContext(t, static_cast<uint32_t>(t.size()), start));
  CHECK(t.substr(start) == "ak");
  t = "\\citep[p.~3]{park2019, nis";
  REQUIRE(citationContext(t, static_cast<uint32_t>(t.size()), start));
  CHECK(t.substr(start) == "nis");
  t = "\\parencite*{";
  REQUIRE(citationContext(t, static_cast<uint32_t>(t.size()), start));
  CHECK(start == t.size());
  t = "\\textbf{GSO";
  CHECK_FALSE(citationContext(t, static_cast<uint32_t>(t.size()), start));
}

TEST_CASE("citation keys in text") {
  std::string t = "Text [@akutsu2008; see @park2019, p. 3]. As @nishino2017. mail a@b.c "
                  "\\citep[p.~2]{ando2014, nishino2015} \\ref{x}";
  std::vector<std::string> keys;
  for (Span s : citationKeys(t))
    keys.push_back(t.substr(s.begin, s.size()));
  CHECK(keys == std::vector<std::string>{"akutsu2008", "park2019", "nishino2017", "ando2014",
                                         "nishino2015"});
}

TEST_CASE("semantic tokens: relative encoding, multi-line split, delta") {
  std::vector<PlacedToken> placed = {{0, 5, 3, 0, 1}, {0, 10, 4, 1, 0}, {2, 1, 6, 0, 4}};
  CHECK(encodeTokens(placed) == std::vector<uint32_t>{0, 5, 3, 0, 1, 0, 5, 4, 1, 0, 2, 1, 6, 0, 4});

  std::string text = "the General\r\nAssembly met";
  std::vector<SemanticToken> tokens = {{Span{4, 21}, 3, 2}};
  auto split = splitMultiline(text, tokens);
  REQUIRE(split.size() == 2);
  CHECK(text.substr(split[0].span.begin, split[0].span.size()) == "General");
  CHECK(text.substr(split[1].span.begin, split[1].span.size()) == "Assembly");
  CHECK(split[1].modifiers == 2);

  std::vector<uint32_t> before = {0, 1, 2, 0, 0, 1, 1, 2, 0, 0};
  std::vector<uint32_t> after = {0, 1, 2, 0, 0, 2, 1, 2, 0, 0};
  auto edit = diffTokens(before, after);
  REQUIRE(edit);
  CHECK(edit->start == 5);
  CHECK(edit->deleteCount == 1);
  CHECK(edit->data == std::vector<uint32_t>{2});
  CHECK_FALSE(diffTokens(after, after));
  auto grow = diffTokens(before, std::vector<uint32_t>{0, 1, 2, 0, 0});
  REQUIRE(grow);
  CHECK(grow->start == 5);
  CHECK(grow->deleteCount == 5);
  CHECK(grow->data.empty());
}

TEST_CASE("helpers: lines, definition spans, expansions, escaping") {
  CHECK(lineOf("a\nb\r\nc\rd", 0) == 1);
  CHECK(lineOf("a\nb\r\nc\rd", 2) == 2);
  CHECK(lineOf("a\nb\r\nc\rd", 5) == 3);
  CHECK(lineOf("a\nb\r\nc\rd", 7) == 4);
  std::string text = "the Free Trade Agreement (FTA) was";
  MinedDefinition d;
  d.longSpan = {4, 24};
  d.shortSpan = {26, 29};
  Span s = definitionSpan(text, d);
  CHECK(text.substr(s.begin, s.size()) == "Free Trade Agreement (FTA)");
  CHECK(sameExpansion("Free-Trade agreement", "free trade Agreement"));
  CHECK_FALSE(sameExpansion("Free Trade Agreement", "Fair Trade Agreement"));
  CHECK(escapeMarkdown("a*b_[c]") == "a\\*b\\_\\[c\\]");
  CHECK(foldSpaces("  a \r\n  b\tc ") == "a b c");
}
