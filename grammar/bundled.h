// The bundled commentaries and lexicon, compiled into the binary (cmake/embed.cmake), and where
// they are read from: an install's share/accord, the source tree of a build, or else a copy the
// binary writes once to the user's cache, so that a copied accord-ls knows as much as an
// installed one and go to definition still opens real files.
#pragma once
#include <span>
#include <string>
#include <string_view>

namespace accord::bundled {

/// One bundled file, its bytes as in the source tree.
struct File {
  std::string_view path;  ///< "corpus/<name>" or "lexicon/<name>.json"
  std::string_view bytes; ///< static storage
};

/// Every bundled file, sorted by path (generated).
std::span<const File> files();
/// 16 hex digits of a SHA-256 over the paths and contents (generated).
std::string_view contentHash();

/// The directory of the bundled `what` ("corpus" or "lexicon"), the first that exists of:
/// `<binary>/../share/accord/<what>` (a relocated install); the source tree, when this binary
/// runs from its build tree (`corpus`, `grammar/lexicon`); `<prefix>/share/accord/<what>`;
/// `$XDG_CACHE_HOME/accord/bundled-<contentHash>/<what>` (default `~/.cache`), written from
/// the compiled-in bytes on first use. Empty when none could be found or written.
/// Thread-safe.
std::string directory(std::string_view what);

/// Writes the compiled-in files under `root`/bundled-<contentHash> unless that directory is
/// already there (written whole into a temporary sibling, then renamed). Returns the directory,
/// or an empty string when it could not be written.
std::string extract(const std::string& root);

} // namespace accord::bundled
