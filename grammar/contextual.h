// Descriptive references that lean on context: "the 2015 agreement" names the comfort women
// agreement only in a text that has already brought up the comfort women; in any other text
// it names nothing. Lexicon entries declare them ("contextual": {"after": […], "patterns":
// […]}); this finds them once the ordinary mentions of a text are known.
#pragma once
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "grammar/recognizer.h"

namespace accord {

class ContextualReferences {
public:
  /// No rule: apply() changes nothing.
  static constexpr uint32_t kNever = std::numeric_limits<uint32_t>::max();

  /// One rule per term with contextPatterns; its context is the terms named by contextTerms
  /// (ids of `terms`) and the term itself. An id no term has is reported in `errors` (with the
  /// entry's file and line) and left out.
  static ContextualReferences build(const std::vector<Term>& terms, std::vector<DataError>& errors);

  bool empty() const { return termOfRule_.empty(); }

  /// Per rule, from where its references count: the end of the first mention in [begin, end)
  /// of one of its context terms, plus `shift`; kNever when there is none. Mentions sorted by
  /// begin. Lowers what `into` holds already (sized to the rules on first use).
  void lowerThresholds(const Mention* begin, const Mention* end, int64_t shift,
                       std::vector<uint32_t>& into) const;
  std::vector<uint32_t> thresholds(const std::vector<Mention>& mentions) const;

  /// The references in `range` of `text` that count under `thresholds` (a reference counts
  /// when it begins at or after its rule's threshold), as mentions (FormKind::Pattern) of the
  /// terms they name, sorted.
  std::vector<Mention> find(std::string_view text, const std::vector<Span>& nonProse, Span range,
                            const std::vector<uint32_t>& thresholds) const;

  /// The whole step on a whole text: merges the references that count into `mentions` (sorted,
  /// the text's ordinary mentions), a longer mention winning an overlap and the one there
  /// staying on a tie.
  void apply(std::string_view text, const std::vector<Span>& nonProse,
             std::vector<Mention>& mentions) const;

private:
  Recognizer recognizer_;                      ///< pseudo-term i holds rule i's patterns
  std::vector<uint32_t> termOfRule_;           ///< the term rule i's references name
  std::vector<std::vector<uint32_t>> rulesOf_; ///< by term: the rules it is context for
};

} // namespace accord
