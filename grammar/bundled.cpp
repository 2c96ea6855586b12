// Where the bundled data is read from, and its copy in the user's cache (see bundled.h).
#include "grammar/bundled.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <unistd.h>

#include "grammar/paths.h"

#ifndef ACCORD_SOURCE_DATA_DIR
#define ACCORD_SOURCE_DATA_DIR ""
#endif
#ifndef ACCORD_BUILD_DIR
#define ACCORD_BUILD_DIR ""
#endif
#ifndef ACCORD_INSTALL_DATA_DIR
#define ACCORD_INSTALL_DATA_DIR ""
#endif

namespace accord::bundled {

namespace fs = std::filesystem;

namespace {

fs::path executable() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

bool isDirectory(const fs::path& p) {
  std::error_code ec;
  return !p.empty() && fs::is_directory(p, ec);
}

/// The cache folders to try, in order: $XDG_CACHE_HOME, ~/.cache, then the temporary folder.
std::vector<fs::path> cacheRoots() {
  std::vector<fs::path> out;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    out.push_back(fs::path(xdg) / "accord");
  if (const char* home = std::getenv("HOME"); home && *home == '/')
    out.push_back(fs::path(home) / ".cache" / "accord");
  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  if (!ec)
    out.push_back(tmp / ("accord-" + std::to_string(::getuid())));
  return out;
}

} // namespace

std::string extract(const std::string& root) {
  fs::path dir = fs::path(root) / ("bundled-" + std::string(contentHash()));
  if (isDirectory(dir))
    return dir.string();
  std::error_code ec;
  fs::create_directories(root, ec);
  // Written whole beside it, then renamed: a reader never sees half the files, and two servers
  // starting at once both end with the same directory.
  std::random_device rd;
  fs::path tmp =
      fs::path(root) / (".bundled-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  bool ok = true;
  for (const File& f : files()) {
    fs::path p = tmp / f.path;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream out(p, std::ios::binary);
    out.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
    out.close();
    if (!out) {
      ok = false;
      break;
    }
  }
  if (ok) {
    fs::rename(tmp, dir, ec);
    if (!ec)
      return dir.string();
  }
  fs::remove_all(tmp, ec);
  return isDirectory(dir) ? dir.string() : std::string();
}

std::string directory(std::string_view what) {
  fs::path exe = executable();
  fs::path beside = exe.empty() ? fs::path() : exe.parent_path().parent_path() / "share" / "accord";
  if (isDirectory(beside / what))
    return (beside / what).string();

  // The source tree only for a binary of its own build tree: a copy elsewhere carries the data
  // it was built with, whatever the tree holds now (or whether it still exists).
  std::string source = ACCORD_SOURCE_DATA_DIR;
  std::string build = ACCORD_BUILD_DIR;
  if (!source.empty() && !build.empty() && !exe.empty() && insideDirectory(exe, build)) {
    fs::path p = fs::path(source) / (what == "lexicon" ? "grammar/lexicon" : std::string(what));
    if (isDirectory(p))
      return p.string();
  }
  if (std::string install = ACCORD_INSTALL_DATA_DIR; !install.empty()) {
    fs::path p = fs::path(install) / what;
    if (isDirectory(p))
      return p.string();
  }

  static std::mutex mutex;
  static std::string extracted; // guarded by mutex; written once per process
  std::lock_guard<std::mutex> lock(mutex);
  if (extracted.empty() || !isDirectory(extracted)) {
    extracted.clear();
    for (const fs::path& root : cacheRoots())
      if (std::string dir = extract(root.string()); !dir.empty()) {
        extracted = dir;
        break;
      }
  }
  return extracted.empty() ? std::string() : (fs::path(extracted) / what).string();
}

} // namespace accord::bundled
