// The analysis of one draft: its mentions, its own definitions, its sections.
#pragma once
#include <memory>
#include <string>

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
/// The same with nonProseRanges(text, language) computed already (the incremental update has
/// it spliced).
std::vector<Section> findSections(std::string_view text, Language language,
                                  const std::vector<Span>& nonProse);

/// Which term a draft's definition stands for: one of the Knowledge's, one the draft defines
/// itself (DraftAnalysis::localTerms), or none. The one place that knows how the two index
/// spaces meet in a mention's term id (known terms first, then the local ones).
struct TermRef {
  enum class Kind : uint8_t { None, Known, Local };
  Kind kind = Kind::None;
  uint32_t index = 0; ///< into Knowledge::terms (Known) or DraftAnalysis::localTerms (Local)

  static TermRef known(uint32_t i) { return {Kind::Known, i}; }
  static TermRef local(uint32_t i) { return {Kind::Local, i}; }
  bool isKnown() const { return kind == Kind::Known; }
  bool isLocal() const { return kind == Kind::Local; }
  explicit operator bool() const { return kind != Kind::None; }
  /// The term id mentions use (Mention::term): the Knowledge index, or knownCount + the local
  /// index; -1 for None.
  int64_t mentionId(size_t knownCount) const {
    switch (kind) {
    case Kind::Known:
      return index;
    case Kind::Local:
      return static_cast<int64_t>(knownCount) + index;
    case Kind::None:
      break;
    }
    return -1;
  }
  friend bool operator==(const TermRef&, const TermRef&) = default;
};

/// "known:3", "local:0" or "none"; for logs and test descriptions.
std::string toString(TermRef ref);

/// A definition the draft itself writes, tied to a term when one is known.
struct DraftDefinition {
  MinedDefinition definition;
  TermRef term;
};

/// The span of a whole definition in `text`, "long form (SF)" or "SF (long form)": from the
/// first byte of the first form to the closing parenthesis when there is one on the same line,
/// after more words too ("Republic of Korea (ROK, or South Korea)"); for a definition written
/// without parentheses ("LF, or SF,"), the extent the miner gives. The one definition of a
/// definition's extent: hovers quote it, symbols select it, checks underline it.
Span definitionSpan(std::string_view text, const MinedDefinition& definition);

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
/// The same, handing back nonProseRanges(text, language), which it computes anyway, and (when
/// `known` is not null) the mentions the Knowledge's recogniser found before the draft's own
/// terms, contextual references and definitions were merged in.
std::shared_ptr<const DraftAnalysis> analyzeDraft(const Knowledge& knowledge, std::string_view text,
                                                  Language language, std::vector<Span>* nonProse,
                                                  std::vector<Mention>* known = nullptr);

// --- The steps analyzeDraft and the incremental update (analysis_incremental.h) share --------

/// Ties every definition whose term is not a known one to a term of the draft's own, one per
/// singular short form, numbered in the order of their first definitions, whose long form
/// they give; returns those terms (DraftAnalysis::localTerms).
std::vector<Term> assignLocalTerms(std::vector<DraftDefinition>& definitions);
/// Mentions of a draft's own terms: `local` (built from DraftAnalysis::localTerms) scanned
/// over `scope`, with term ids moved past the `knownCount` known terms.
std::vector<Mention> scanLocalTerms(const Recognizer& local, size_t knownCount,
                                    std::string_view text, const std::vector<Span>& masked,
                                    Span scope);
/// Merges the mentions of the draft's own terms into those of known terms (both sorted): a
/// longer mention wins an overlap; on a tie the known term stays.
std::vector<Mention> mergeMentions(std::vector<Mention> known, const std::vector<Mention>& local);
/// Makes the short-form span of every definition a mention (form Short) of its term, replacing
/// whatever the recogniser read there. `mentions` stay sorted.
void addDefinitionMentions(std::vector<Mention>& mentions,
                           const std::vector<DraftDefinition>& definitions, size_t knownCount);

} // namespace accord
