// Document symbols (the draft's terms, grouped by kind) and fuzzy workspace symbols.
#pragma once
#include "server/features/world.h"

namespace accord::features {

struct TermSymbol {
  uint32_t term = 0; ///< term id in the draft's analysis
  TermKind kind = TermKind::Other;
  std::string name;   ///< the short form, else the long form
  std::string detail; ///< "long form · N mentions"
  uint32_t count = 0; ///< mentions in the draft
  Span range;         ///< the draft's definition of the term, else its first mention
  Span selection;     ///< the short form in that definition, else the first mention
};

struct SymbolGroup {
  TermKind kind = TermKind::Other;
  std::string name;              ///< "Acronyms", "Agreements", …
  Span range;                    ///< encloses every child's range
  std::vector<TermSymbol> terms; ///< in order of first appearance
};

/// The terms the draft mentions, grouped by kind (groups in kind order, empty ones left out).
std::vector<SymbolGroup> documentSymbols(const Knowledge& knowledge, const DraftRef& draft);

struct WorkspaceSymbolHit {
  std::string name;      ///< short form, else long form
  std::string container; ///< the long form, or the kind
  TermKind kind = TermKind::Other;
  Place place; ///< where the term is defined
  int score = 0;
};

/// Every known term (Knowledge and the drafts' own) whose short form, long form or an alias
/// fuzzily matches `query`, best first, at most `limit`. An empty query matches everything.
/// The place is the first draft definition, else the commentary's, else the lexicon entry.
std::vector<WorkspaceSymbolHit> workspaceSymbols(const World& world, std::string_view query,
                                                 size_t limit);

/// Subsequence score of `pattern` in `candidate`, case-insensitive: higher is better, with
/// bonuses for word starts, runs and prefixes; -1 when `pattern` is not a subsequence.
int fuzzyScore(std::string_view pattern, std::string_view candidate);

} // namespace accord::features
