// The analysis of one draft: its mentions, its own definitions, its sections.
#pragma once
#include <memory>

#include "grammar/knowledge.h"

namespace accord {

/// A heading (Markdown #, LaTeX \section…) and the span it governs, up to the next heading
/// of the same or a higher level.
struct Section {
  Span heading;
  Span body;       ///< from the heading to the end of the section
  int level = 1;   ///< 1 for "#" and \section, 2 for "##" and \subsection …
  std::string title;
};

/// A definition the draft itself writes, tied to a term when one is known.
struct DraftDefinition {
  MinedDefinition definition;
  int32_t term = -1;  ///< index into Knowledge::terms, or into localTerms as -(i+2); -1 none
};

/// Immutable result of analysing one text against one Knowledge.
struct DraftAnalysis {
  std::vector<Mention> mentions;            ///< sorted by begin
  std::vector<DraftDefinition> definitions; ///< sorted by begin
  std::vector<Section> sections;
  /// Terms the draft defines that Knowledge does not know; mentions of them use term ids
  /// Knowledge::terms.size() + i.
  std::vector<Term> localTerms;

  /// The term at index `term` (Knowledge's or local).
  const Term& term(const Knowledge& knowledge, uint32_t term) const;
  /// The mention that contains `offset` (or ends exactly at it), if any.
  const Mention* mentionAt(uint32_t offset) const;
};

/// Analyses `text`. Pure; safe to run on a worker thread.
std::shared_ptr<const DraftAnalysis> analyzeDraft(const Knowledge& knowledge,
                                                  std::string_view text, Language language);

}  // namespace accord
