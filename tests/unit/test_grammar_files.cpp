// The one readFile: whole files, and why one could not be read.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "grammar/files.h"

using namespace accord;

TEST_CASE("readFile reads a file whole and says why it could not") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "accord-test-files";
  fs::create_directories(dir);
  const fs::path file = dir / "a.txt";
  std::string bytes = "line\r\nnext\n";
  bytes += std::string("\0\xFF", 2);
  std::ofstream(file, std::ios::binary) << bytes;

  std::string out, error;
  REQUIRE(readFile(file, out, &error));
  CHECK(out == bytes);

  CHECK_FALSE(readFile(dir, out, &error));
  CHECK(error == "is a directory");
  CHECK_FALSE(readFile(dir / "missing.txt", out, &error));
  CHECK(error == "No such file or directory");
  CHECK_FALSE(readFile(file, out, &error, 4));
  CHECK(error == "larger than 4 bytes");
  CHECK(readFile(file, out, nullptr, bytes.size()));
  fs::remove_all(dir);
}
