// Shared by the editor feature tests: an in-process client on a small corpus and lexicon of our
// own.
#pragma once
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lsp_client.h"
#include "server/positions.h"
#include "server/workspace.h"

namespace accord::test {

/// tests/unit/data/features: two commentaries with a catalog, and a lexicon written for these
/// tests, so that expectations do not move when the bundled data grows.
inline std::string featureData() {
  return std::filesystem::path(std::string(ACCORD_TEST_DATA_DIR) + "/unit/data/features")
      .lexically_normal()
      .string();
}

inline ServerOptions featureOptions() {
  ServerOptions o;
  o.noBundledCorpus = true;
  o.corpusDirs = {featureData() + "/corpus"};
  o.lexiconDirs = {featureData() + "/lexicon"};
  return o;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string corpusPath(const std::string& name) {
  return featureData() + "/corpus/" + name;
}
inline std::string corpusUri(const std::string& name) {
  return pathToFileUri(corpusPath(name));
}

/// The range of the `nth` occurrence of `needle` in the corpus file `name`, in `encoding`.
inline lsp::Range corpusRange(const std::string& name, std::string_view needle, int nth = 0,
                              PositionEncoding encoding = PositionEncoding::Utf16) {
  std::string text = slurp(corpusPath(name));
  size_t at = text.find(needle);
  for (int i = 0; i < nth && at != std::string::npos; ++i)
    at = text.find(needle, at + 1);
  REQUIRE(at != std::string::npos);
  LineIndex lines(text);
  return lines.range(
      text, Span{static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())}, encoding);
}

/// A client whose server reads the feature corpus. `settings` become initializationOptions.
struct FeatureClient : LspClient {
  explicit FeatureClient(json capabilities = defaultCapabilities(), json settings = nullptr,
                         json extra = json::object())
      : LspClient(featureOptions()) {
    initialize(std::move(capabilities), std::move(settings), std::move(extra));
  }

  /// Opens `doc` and returns its URI.
  std::string open(const Annotated& doc, const std::string& name = "draft.md",
                   const std::string& languageId = "markdown") {
    std::string uri = "file:///drafts/" + name;
    didOpen(uri, doc.text, languageId);
    return uri;
  }

  json at(const std::string& uri, const Annotated& doc) { return LspClient::at(uri, doc.cursor); }

  /// Asks until `done(answer)` holds (work on other threads, such as a workspace scan, lands
  /// asynchronously); a safety net of a few seconds, not an assertion on time.
  json askUntil(const std::string& method, const json& params,
                const std::function<bool(const json&)>& done) {
    json answer;
    for (int i = 0; i < 500; ++i) {
      answer = request(method, params);
      if (done(answer))
        return answer;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      sync();
    }
    return answer;
  }
};

inline json rangeJson(const lsp::Range& r) {
  return json(r);
}

/// A temporary directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("accord-features-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& relative, const std::string& text) const {
    std::filesystem::path p = path / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string uri() const { return pathToFileUri(path.string()); }
};

} // namespace accord::test
