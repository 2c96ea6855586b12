// Document links: citations ([@key], \cite{key}) and mentions, to the commentary behind them.
#pragma once
#include "server/features/world.h"

namespace accord::features {

struct LinkHit {
  Span span;           ///< the citation key, or the mention, in the draft
  uint32_t source = 0; ///< index into Knowledge::sources
  uint32_t line = 0;   ///< 1-based line in the source to open at; 0 for the top of the file
  /// A PDF source: open the PDF itself (Source::original) at this 1-based page instead.
  uint32_t page = 0;
  std::string tooltip;
  friend bool operator==(const LinkHit&, const LinkHit&) = default;
};

/// Links from the draft to the corpus, sorted by span: every citation key the catalog knows
/// (Pandoc "[@key]", "[see @key, p. 3; @other]", "@key"; LaTeX \cite{a,b} and natbib/biblatex
/// variants), and every mention of a term the commentaries define (or, failing that, mention),
/// pointing at the first defining line.
std::vector<LinkHit> documentLinks(const Knowledge& knowledge, const DraftRef& draft);

/// The citation keys written in `text`, as spans (whether or not the catalog knows them).
std::vector<Span> citationKeys(std::string_view text);

} // namespace accord::features
