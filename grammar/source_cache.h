// The persistent index: what was read and mined from each corpus file, kept in SQLite under the
// cache folder and keyed by the file's content, so an unchanged library is not read again.
#pragma once
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/miner.h"
#include "grammar/source_text.h"

struct sqlite3;

namespace accord {

/// A key for `bytes` read as `format`: 128 bits of two 64-bit hashes and the length, in hex.
std::string contentKey(std::string_view bytes, SourceFormat format);

/// The running binary as the caches know it: the cache format version, accord's version and
/// the executable's size and modification time (a rebuild changes them). What a cache made by
/// another build holds is never read.
std::string cacheBuildIdentity();

/// One SQLite file, <dir>/index-v<N>.sqlite, emptied when another build of accord opens it.
/// A cache that cannot be opened, created, read or
/// written (corrupt, read-only, a full disk) is switched off with one line on stderr, never an
/// error: every get() then misses and every put() is dropped. Thread-safe (one mutex).
class SourceCache {
public:
  explicit SourceCache(const std::string& dir);
  ~SourceCache(); ///< commits what was put
  SourceCache(const SourceCache&) = delete;
  SourceCache& operator=(const SourceCache&) = delete;

  bool enabled() const;
  const std::string& dir() const { return dir_; }

  struct Entry {
    SourceText source;
    std::vector<MinedDefinition> mined;
  };
  /// The entry stored under `key`; false when there is none or it cannot be read.
  bool get(const std::string& key, Entry& out);
  /// Stores `entry` under `key` (in a transaction committed by flush() or the destructor).
  void put(const std::string& key, const Entry& entry);
  void flush();

  /// Writes `text` to <dir>/text/<key>/<name>.txt (unless `fresh` is false and it is there
  /// already) and returns its path; empty when it cannot be written. For go to definition
  /// into a PDF or a web page: the editor's tab then reads "report.pdf.txt".
  std::string writeRendering(const std::string& key, const std::string& name, std::string_view text,
                             bool fresh);

private:
  void disable(const char* what); // logs and closes; mutex_ held
  std::string dir_;
  mutable std::mutex mutex_;
  sqlite3* db_ = nullptr; // guarded by mutex_; null when disabled
  bool inTransaction_ = false;
};

} // namespace accord
