// The bundled commentaries must keep their bytes: definitions point at their lines and columns.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

static std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("bundled corpus files are present and non-empty") {
  for (const char* f :
       {"akutsu-2008-new-era.txt", "park-2019-directions.txt",
        "nishino-2017-security-relationship.txt", "ando-chou-fujita-2014-future-partnership.txt",
        "nishino-2015-political-leaders.txt"}) {
    auto text = slurp(std::string(ACCORD_SOURCE_DATA_DIR) + "/corpus/" + f);
    INFO(f);
    CHECK(text.size() > 2000);
  }
}
