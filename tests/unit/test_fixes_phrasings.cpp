// Quick fixes on every definition phrasing the miner reads: each fix, applied, must give prose a
// careful editor would write (no nested parentheses, no doubled word, no stray comma or dash).
// The results live in tests/unit/golden/fixes_phrasings.txt; ACCORD_UPDATE_GOLDEN=1 rewrites it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "checks_fixture.h"
#include "server/features/fixes.h"

using namespace accord;
using namespace accord::features;

namespace {

struct Phrasing {
  const char* name;
  const char* subject; ///< the definition as the subject of a sentence; empty for clauses
  const char* clause;  ///< the definition as a sentence of its own; empty for appositions
  const char* shortForm;
};

constexpr Phrasing kPhrasings[] = {
    {"LF (SF)", "The Korean Peninsula Energy Development Organization (KEDO)", "", "KEDO"},
    {"LF, or SF,", "The Korean Peninsula Energy Development Organization, or KEDO,", "", "KEDO"},
    {"SF, or LF,", "KEDO, or the Korean Peninsula Energy Development Organization,", "", "KEDO"},
    {"LF \xE2\x80\x94 or SF \xE2\x80\x94",
     "The Korean Peninsula Energy Development Organization \xE2\x80\x94 or KEDO \xE2\x80\x94", "",
     "KEDO"},
    {"LF \xE2\x80\x94 SF \xE2\x80\x94",
     "The Korean Peninsula Energy Development Organization \xE2\x80\x94 KEDO \xE2\x80\x94", "",
     "KEDO"},
    {"SF, which stands for LF,",
     "KEDO, which stands for Korean Peninsula Energy Development Organization,", "", "KEDO"},
    {"SF stands for LF", "", "KEDO stands for Korean Peninsula Energy Development Organization.",
     "KEDO"},
    {"SF refers to LF", "", "KEDO refers to the Korean Peninsula Energy Development Organization.",
     "KEDO"},
    {"LF, SF for short,", "The Korean Peninsula Energy Development Organization, KEDO for short,",
     "", "KEDO"},
    {"LF, known as SF,", "The Korean Peninsula Energy Development Organization, known as KEDO,", "",
     "KEDO"},
    {"LF (also known as SF)",
     "The Korean Peninsula Energy Development Organization (also known as KEDO)", "", "KEDO"},
    {"LF (hereinafter the \xE2\x80\x9CSF\xE2\x80\x9D)",
     "The Korean Peninsula Energy Development Organization (hereinafter the \xE2\x80\x9CKEDO\xE2"
     "\x80\x9D)",
     "", "KEDO"},
    {"LF (\xE2\x80\x9CSF\xE2\x80\x9D)",
     "The Korean Peninsula Energy Development Organization (\xE2\x80\x9CKEDO\xE2\x80\x9D)", "",
     "KEDO"},
    {"LF (the SF)", "The Korean Peninsula Energy Development Organization (the KEDO)", "", "KEDO"},
    {"mixed case (Quad)", "The Quadrilateral Security Dialogue (Quad)", "", "Quad"},
    {"digits (2+2)", "The foreign and defense ministerial meeting (2+2)", "", "2+2"},
};

std::string drafts(const Phrasing& p, int kind) {
  const std::string sf = p.shortForm;
  const bool clause = *p.clause != 0;
  const std::string def = clause ? std::string(p.clause) + " It" : std::string(p.subject);
  switch (kind) {
  case 0: // used before defined
    return sf + " began work in 1995.\n\n" + def + " was wound up in 2006, and " + sf +
           " staff left.\n";
  case 1: // defined twice
    return def + " was founded in 1995.\n\n" + def + " was wound up in 2006, and " + sf +
           " staff left.\n";
  default: // used once
    return def + " was wound up in 2006.\n";
  }
}

std::string describe() {
  std::ostringstream out;
  static const char* const kKinds[] = {"used before defined", "defined twice", "used once"};
  for (const Phrasing& p : kPhrasings) {
    for (int kind = 0; kind < 3; ++kind) {
      std::string text = drafts(p, kind);
      auto c = testing::check(testing::checksKnowledge(), text, Language::PlainText);
      out << "## " << p.name << " / " << kKinds[kind] << "\n" << c.text;
      for (const Finding& f : c.findings) {
        out << "- " << toString(f.code) << ": " << f.message << "\n";
        for (const QuickFix& fix : quickFixes(f, c.text))
          out << "  fix " << fix.title << "\n    => " << applyEdits(c.text, fix.edits);
      }
      out << "\n";
    }
  }
  return out.str();
}

} // namespace

TEST_CASE("fixes: every fix on every definition phrasing (golden)", "[fixes]") {
  const std::string path = std::string(ACCORD_TEST_DATA_DIR) + "/unit/golden/fixes_phrasings.txt";
  const std::string got = describe();
  if (std::getenv("ACCORD_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << got;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream want;
  want << in.rdbuf();
  CHECK(got == want.str());
}
