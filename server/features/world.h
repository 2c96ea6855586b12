// What the editor features query: the Knowledge, the drafts (current, open, workspace) and places.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "grammar/analysis.h"

namespace accord {
class LineIndex;
}

namespace accord::features {

/// One analysed draft as features see it. Borrowed: the caller keeps text and analysis alive
/// for the duration of the call.
struct DraftRef {
  std::string_view text;
  Language language = Language::PlainText;
  const DraftAnalysis* analysis = nullptr; ///< never null
  /// The line index of `text` when the caller has one (open documents do): line numbers are
  /// then a lookup instead of a count from the start of a long draft.
  const LineIndex* lines = nullptr;
};

/// Everything a cross-document feature may look at. drafts[0] is the draft the request is
/// about; then the other open drafts; then the workspace drafts that are not open.
struct World {
  const Knowledge* knowledge = nullptr; ///< never null
  std::vector<DraftRef> drafts;
};

/// A place a feature points at, in byte offsets of the text it lives in.
struct Place {
  enum class Where : uint8_t { Draft, Corpus, Lexicon };
  Where where = Where::Draft;
  uint32_t index = 0; ///< Draft: index into World::drafts; Corpus: index into Knowledge::sources
  Span span;          ///< what to select, e.g. "long form (SF)"
  Span context;       ///< what encloses it (the sentence); equals span when there is none
  std::string file;   ///< Lexicon only: the lexicon file
  uint32_t line = 0;  ///< Lexicon only: 1-based line of the entry
  friend bool operator==(const Place&, const Place&) = default;
};

/// The term id a mention or a definition in `analysis` refers to, for mentions of local terms
/// as well (Knowledge::terms.size() + i).
uint32_t termCount(const Knowledge& knowledge, const DraftAnalysis& analysis);
/// The term id (as mentions have it) of a draft definition, or -1 when the definition is tied
/// to no term: DraftDefinition::term (a TermRef) resolved against `knowledge`.
int64_t definitionTermId(const Knowledge& knowledge, const DraftDefinition& definition);

/// A key that is equal for the same term across drafts: the Knowledge index for known terms,
/// the folded short (or long) form for terms a draft defines itself.
std::string termKey(const Knowledge& knowledge, const DraftAnalysis& analysis, uint32_t term);

/// The name to show for a term: its short form, else its long form, else its id.
std::string_view displayName(const Term& term);

/// 1-based line of `offset` in `text`; \n, \r\n and a lone \r end lines.
uint32_t lineOf(std::string_view text, uint32_t offset);

/// (definitionSpan, the extent of a definition in its text, is in grammar/analysis.h.)

/// Folds whitespace runs (line breaks included) to one space and trims; for quoting.
std::string foldSpaces(std::string_view text);

/// Case- and punctuation-insensitive comparison of two long forms ("Free-trade agreement"
/// equals "free trade agreement"); for noticing that two expansions really differ.
bool sameExpansion(std::string_view a, std::string_view b);

/// ASCII lower case; other bytes unchanged.
std::string asciiLower(std::string_view text);

/// Rank of a kind for sorting (acronyms first).
int kindRank(TermKind kind);

/// The draft definitions of term `term` in `analysis`, in draft order.
std::vector<const DraftDefinition*>
draftDefinitionsOf(const Knowledge& knowledge, const DraftAnalysis& analysis, uint32_t term);

/// The term a draft definition stands for, matched by key: used to find the same term in another
/// draft. Returns the term id in `analysis`, or -1.
int64_t findTermByKey(const Knowledge& knowledge, const DraftAnalysis& analysis,
                      std::string_view key);

} // namespace accord::features
