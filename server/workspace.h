// The workspace's drafts: .md/.markdown/.txt/.tex files under the folders, read and analysed.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/analysis_updater.h"
#include "server/positions.h"

namespace accord {

/// file:///a/b%20c -> /a/b c. Returns false for URIs that are not local files.
bool fileUriToPath(std::string_view uri, std::string& path);
/// /a/b c -> file:///a/b%20c (RFC 3986: unreserved characters and '/' kept, others escaped).
std::string pathToFileUri(std::string_view path);

/// Glob matching as editors write excludes: "*" and "?" within a path segment, "**" across
/// segments, "{a,b}" alternatives, "[abc]" classes. Matched against a '/'-separated path, as
/// bytes. Each pattern is translated to RE2 once (cached process-wide); thread-safe.
bool globMatch(std::string_view pattern, std::string_view path);

/// One draft of the workspace that is not open in the editor.
struct WorkspaceDraft {
  std::string path; ///< absolute
  std::string uri;
  Language language = Language::PlainText;
  std::string text;
  LineIndex lines; ///< of `text`, for positions in references and definitions
  std::shared_ptr<const AnalysisState> analysis; ///< null until a Knowledge exists
};

struct WorkspaceOptions {
  std::vector<std::string> folders; ///< absolute paths of the workspace folders
  std::vector<std::string> exclude; ///< globs, matched against the path relative to a folder
  uint64_t maxFileSize = 2000000;   ///< larger files are skipped
  /// Directories never scanned as drafts (the corpus roots: their texts are commentaries).
  std::vector<std::string> skipDirs;
  friend bool operator==(const WorkspaceOptions&, const WorkspaceOptions&) = default;
};

/// The drafts of the workspace, analysed against one Knowledge. Immutable once built; the
/// server swaps in a new snapshot when files change, so requests can hold one safely.
class WorkspaceSnapshot {
public:
  /// At most this many drafts are read: a huge folder must not stall the server.
  static constexpr size_t kMaxFiles = 5000;

  /// Whether `path` (absolute) is a workspace draft under `options`: the extension, inside a
  /// folder, not excluded, not in a hidden directory, node_modules or a skipped directory.
  /// The size limit is checked when reading.
  static bool isDraftPath(const WorkspaceOptions& options, std::string_view path);

  /// The draft files under the folders, sorted.
  static std::vector<std::string> listDrafts(const WorkspaceOptions& options);

  /// Reads and analyses every draft (knowledge may be null: read only). `cancelled` is
  /// polled between files; a cancelled build returns null.
  static std::shared_ptr<const WorkspaceSnapshot>
  build(const WorkspaceOptions& options, std::shared_ptr<const Knowledge> knowledge,
        const std::function<bool()>& cancelled = {});

  /// A copy with `path` re-read (or dropped when it is gone, too large or no longer a draft).
  std::shared_ptr<const WorkspaceSnapshot> withFile(const std::string& path) const;
  /// A copy with every draft re-analysed against `knowledge`.
  std::shared_ptr<const WorkspaceSnapshot>
  reanalyzed(std::shared_ptr<const Knowledge> knowledge) const;

  /// The drafts by URI.
  const std::map<std::string, std::shared_ptr<const WorkspaceDraft>>& drafts() const {
    return drafts_;
  }
  const WorkspaceOptions& options() const { return options_; }
  const std::shared_ptr<const Knowledge>& knowledge() const { return knowledge_; }
  /// The workspace lexicon directories (<folder>/.accord/lexicon) that exist.
  std::vector<std::string> lexiconDirs() const;

private:
  WorkspaceOptions options_;
  std::shared_ptr<const Knowledge> knowledge_;
  std::map<std::string, std::shared_ptr<const WorkspaceDraft>> drafts_;
};

} // namespace accord
