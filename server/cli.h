// The subcommands of accord-ls besides serving LSP; main.cpp dispatches to these.
#pragma once
#include <string>
#include <vector>

namespace accord::cli {

/// Options every subcommand understands, parsed by main.cpp.
struct CommonOptions {
  std::vector<std::string> corpusDirs;  ///< --corpus DIR (repeatable), added to the bundled one
  std::vector<std::string> lexiconDirs; ///< --lexicon DIR (repeatable)
  bool noBundled = false;               ///< --no-bundled-corpus
};

/// `accord-ls terms`: lists what is known. Returns the exit code.
int runTerms(const CommonOptions&, const std::vector<std::string>& args);
/// `accord-ls explain TERM`: prints the card a hover shows.
int runExplain(const CommonOptions&, const std::vector<std::string>& args);
/// `accord-ls index DIR…`: reads every source of the folders into the cache, with a progress
/// bar; 0 when every file was read, 1 when some were skipped, 2 on bad usage.
int runIndex(const CommonOptions&, const std::vector<std::string>& args);
/// `accord-ls check [--format text|json|sarif] FILE...`: 0 clean, 1 findings, 2 bad usage.
int runCheck(const CommonOptions&, const std::vector<std::string>& args);

} // namespace accord::cli
