// The analysis of one draft: its mentions, its own definitions, its sections.
#pragma once
#include <memory>

#include "grammar/knowledge.h"

namespace accord {

/// A heading (Markdown #, LaTeX \section…) and the span it governs, up to the next heading
/// of the same or a higher level.
struct Section {
  Span heading;
  Span body;     ///< from the heading to the end of the section
  int level = 1; ///< 1 for "#" and \section, 2 for "##" and \subsection …
  std::string title;
};

/// The sections of `text` (also part of analyzeDraft), sorted by begin.
std::vector<Section> findSections(std::string_view text, Language language);

/// A definition the draft itself writes, tied to a term when one is known.
struct DraftDefinition {
  MinedDefinition definition;
  int32_t term = -1; ///< index into Knowledge::terms, or into localTerms as -(i+2); -1 none
};

/// Immutable result of analysing one text against one Knowledge.
///
/// Mentions and definitions agree: the short-form span of every definition in `definitions`
/// is also a mention (form Short) of the same term, even where the recogniser alone would have
/// read it differently, so "first use", "used before defined" and "used once" checks can count
/// mentions without special cases. The long-form span of a definition is a mention (form Long)
/// only where the recogniser recognises it literally (the term's long form or an alias).
/// Terms the draft defines that Knowledge lacks become localTerms, and all their mentions in
/// the draft are found (before and after the definition).
struct DraftAnalysis {
  std::vector<Mention> mentions;            ///< sorted by begin
  std::vector<DraftDefinition> definitions; ///< sorted by begin
  std::vector<Section> sections;
  /// Terms the draft defines that Knowledge does not know; mentions of them use term ids
  /// Knowledge::terms.size() + i.
  std::vector<Term> localTerms;
  /// splitSentences(text), kept so that checks need not split a long draft again on every
  /// edit (the incremental update splices them like mentions).
  std::vector<Span> sentences;

  /// The term at index `term` (Knowledge's or local).
  const Term& term(const Knowledge& knowledge, uint32_t term) const;
  /// The mention that contains `offset` (or ends exactly at it), if any.
  const Mention* mentionAt(uint32_t offset) const;
};

/// Analyses `text`. Pure; safe to run on a worker thread. Sections: Markdown ATX ("#") and
/// Setext (underlined) headings, LaTeX \part … \subparagraph (\section is level 1, or 2 when
/// the document has \chapter), plain text underlined headings ("Title" over "=====" or
/// "-----"); headings inside code are ignored.
std::shared_ptr<const DraftAnalysis> analyzeDraft(const Knowledge& knowledge, std::string_view text,
                                                  Language language);
/// The same, handing back nonProseRanges(text, language), which it computes anyway.
std::shared_ptr<const DraftAnalysis> analyzeDraft(const Knowledge& knowledge, std::string_view text,
                                                  Language language, std::vector<Span>* nonProse);

} // namespace accord
