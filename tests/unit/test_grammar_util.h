// Helpers shared by the grammar tests: reading fixtures and stripping [[gold|id]] markers.
#pragma once
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "grammar/types.h"

namespace accord::test {

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string grammarData(const std::string& name) {
  return std::string(ACCORD_TEST_DATA_DIR) + "/data/grammar/" + name;
}

/// A span marked in an annotated text: [[text]] or [[text|term-id]].
struct Gold {
  Span span;
  std::string id; ///< empty when the marker names no term
  friend bool operator==(const Gold&, const Gold&) = default;
};

/// Removes the [[…]] markers from `annotated`, returning the clean text and the marked spans
/// (byte offsets into the clean text).
inline std::string stripMarkers(const std::string& annotated, std::vector<Gold>& gold) {
  std::string out;
  size_t i = 0;
  while (i < annotated.size()) {
    size_t open = annotated.find("[[", i);
    if (open == std::string::npos) {
      out.append(annotated, i, std::string::npos);
      break;
    }
    out.append(annotated, i, open - i);
    size_t close = annotated.find("]]", open + 2);
    std::string inner = annotated.substr(open + 2, close - open - 2);
    std::string id;
    size_t bar = inner.rfind('|');
    if (bar != std::string::npos) {
      id = inner.substr(bar + 1);
      inner.resize(bar);
    }
    Gold g;
    g.span.begin = static_cast<uint32_t>(out.size());
    out += inner;
    g.span.end = static_cast<uint32_t>(out.size());
    g.id = id;
    gold.push_back(g);
    i = close + 2;
  }
  return out;
}

} // namespace accord::test
