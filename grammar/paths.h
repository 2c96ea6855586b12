// Path confinement: whether a path, with ".." and symbolic links resolved, lies inside a
// directory. The server reads files only inside the corpus roots, the lexicon directories and
// the workspace folders; a link or a "../" in a URI must not take it elsewhere.
#pragma once
#include <filesystem>
#include <string>
#include <system_error>

namespace accord {

/// True when `path` lies strictly inside `dir`, both taken with ".", ".." and the symbolic
/// links of their existing parts resolved (so `path` need not exist yet: a file to create is
/// judged by its existing parent). Relative paths are resolved against the working directory.
inline bool insideDirectory(const std::filesystem::path& path, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::path real =
      std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  if (ec)
    return false;
  std::filesystem::path root =
      std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec), ec);
  if (ec)
    return false;
  std::string r = root.string();
  while (r.size() > 1 && r.back() == '/')
    r.pop_back();
  std::string p = real.string();
  if (r == "/")
    return p.size() > 1 && p[0] == '/';
  return p.size() > r.size() + 1 && p.compare(0, r.size(), r) == 0 && p[r.size()] == '/';
}

} // namespace accord
