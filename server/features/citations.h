// Citations: a table of abbreviations for a draft, and citing the commentary behind a term.
#pragma once
#include <optional>

#include "server/features/fixes.h"

namespace accord::features {

/// accord.citations.style: "auto" picks \cite for LaTeX and a footnote otherwise.
enum class CitationStyle : uint8_t { Auto, Footnote, Pandoc, Latex };
std::string_view toString(CitationStyle);
bool parseCitationStyle(std::string_view, CitationStyle&);
CitationStyle resolveStyle(CitationStyle, Language);

struct AbbreviationRow {
  std::string shortForm;
  std::string longForm; ///< the draft's own expansion when it gives one, else the commentaries'
  friend bool operator==(const AbbreviationRow&, const AbbreviationRow&) = default;
};

/// Every acronym the draft uses or defines, once, sorted by short form (case-insensitive).
/// Acronyms with no known expansion are left out.
std::vector<AbbreviationRow> abbreviationRows(const Knowledge& knowledge,
                                              const DraftAnalysis& analysis);

/// The table as a Markdown table (under "## Abbreviations"), a LaTeX description list (under
/// \section*{Abbreviations}) or aligned plain text (under "Abbreviations"), with `eol` line ends.
std::string renderAbbreviations(const std::vector<AbbreviationRow>& rows, Language language,
                                std::string_view eol = "\n");

/// The edit that inserts the table: after the title (Markdown "# " heading, LaTeX \maketitle or
/// \begin{document}), else at the top; an existing table of abbreviations is replaced in place.
/// Returns false with `error` set when the draft has no abbreviations.
bool abbreviationTableEdit(const Knowledge& knowledge, const DraftAnalysis& analysis,
                           std::string_view text, Language language, TextEdit& out,
                           std::string& error);

/// The commentary to cite for a Knowledge term: the first that defines it, else the one that
/// mentions it most often. Nothing for local terms and terms the corpus never mentions.
std::optional<uint32_t> commentaryFor(const Knowledge& knowledge, uint32_t term);

/// A citation ready to apply.
struct Citation {
  uint32_t term = 0;
  uint32_t source = 0;                           ///< index into Knowledge::sources
  CitationStyle style = CitationStyle::Footnote; ///< resolved, never Auto
  std::string key;                               ///< the citation key (catalog id)
  std::vector<TextEdit> draftEdits; ///< the marker after the mention, the footnote text
  std::string bibEntry;             ///< Latex only: the BibTeX entry for the .bib file
};

/// Cites the commentary behind the term mentioned at byte `offset` of the draft (or the term
/// with id `termId` when given; the marker then goes after its mention at `offset`, or at
/// `offset` itself). Footnote: "[^key]" after the mention and "[^key]: <Chicago note>" at the
/// end (once per key); Pandoc: " [@key]"; Latex: "~\cite{key}" plus `bibEntry`. A PDF is
/// cited at the page that defines (else first mentions) the term: "[@key, p. 7]", "\cite[p.~7]".
/// Returns false with `error` saying why when there is nothing to cite.
bool citeCommentary(const Knowledge& knowledge, const DraftAnalysis& analysis,
                    std::string_view text, Language language, uint32_t offset, CitationStyle style,
                    std::string_view termId, Citation& out, std::string& error);

/// What to append to a .bib file whose content is `bib` so that it holds `entry` (keyed
/// `key`): empty when the file already has that key.
std::string bibAppendText(std::string_view bib, std::string_view key, std::string_view entry);

} // namespace accord::features
