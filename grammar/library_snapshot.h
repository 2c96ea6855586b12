// The library snapshot: a finished Knowledge (sources with their texts, terms, the index of
// definitions and mentions, the errors) kept in one file of the cache folder, so that a start
// on an unchanged library reads one file instead of reading, looking up and scanning every
// commentary again. Only the recogniser is rebuilt, from the terms.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace accord {

class Knowledge;
struct KnowledgeOptions;

/// One snapshot file, <cacheDir>/library-<hash of the options>.snapshot. Its key (the
/// fingerprint) is everything a build reads and everything that changes what it makes: every
/// entry of every corpus root and lexicon directory (name, type, size, modification and change
/// times in nanoseconds, inode, mode, link target), the roots, lexicon directories and
/// well-known list as given, the working directory, the cache folder, the snapshot format and
/// the binary (cacheBuildIdentity). A snapshot is used only when its fingerprint is the one of
/// now, byte for byte, its checksums hold and every text rendering it names is still there;
/// anything else (another fingerprint, a truncated, damaged or foreign file) is a miss, and
/// the normal build runs and writes a new one. Written to a temporary file renamed over the
/// old one: a server starting at the same time reads the old snapshot or the new, whole.
class LibrarySnapshot {
public:
  /// Computes the fingerprint now: call before the build reads anything, so that a file
  /// changed during the build makes the snapshot written after it a miss next time. Disabled
  /// when `options.cacheDir` is empty.
  explicit LibrarySnapshot(const KnowledgeOptions& options);
  ~LibrarySnapshot();

  bool enabled() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

  /// The Knowledge kept in the snapshot, without its recogniser, contextual references and
  /// lookup tables (the caller builds them from the terms); null on any miss. Counts every
  /// source as taken from the cache. `cancelled` is polled; a cancelled load is a miss.
  /// `whileTextsLoad`, when given, is called with everything but the texts (sources'
  /// `text` empty) while another thread reads them: the caller builds the recogniser there.
  std::shared_ptr<Knowledge>
  load(const std::function<bool()>& cancelled,
       const std::function<void(Knowledge&)>& whileTextsLoad = nullptr) const;

  /// Writes `k` under the fingerprint computed at construction, unless a file of the library
  /// was modified so recently (racyWindowMs) that a later write within the same timestamp
  /// could go unseen. Failures (a full disk, an unwritable folder) are silent: a cache.
  /// Returns whether the snapshot was written.
  bool save(const Knowledge& k) const;

  /// Files modified less than this long before the fingerprint was taken keep the snapshot
  /// from being written (the "racy" case: a second write in the same clock tick keeps size and
  /// times). Tests set 0.
  static inline std::atomic<int> racyWindowMs{2000};

private:
  std::string path_;
  std::string fingerprint_;
  bool racy_ = false;
};

} // namespace accord
