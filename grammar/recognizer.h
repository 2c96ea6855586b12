// The recogniser: finds every mention of every known term in one pass over a text.
#pragma once
#include <memory>

#include "grammar/types.h"

namespace accord {

/// Which surface of a term matched.
enum class FormKind : uint8_t { Short, Long, Alias, Pattern };

/// One recognised mention. `term` indexes the term list the recogniser was built from.
struct Mention {
  uint32_t term = 0;
  Span span;
  FormKind form = FormKind::Short;
  friend bool operator==(const Mention&, const Mention&) = default;
};

/// Compiled from a term list once; immutable and safe to share between threads.
/// Rules: acronyms (short forms) match case-sensitively, long forms and aliases and
/// patterns case-insensitively; plurals and possessives (FTAs, GSOMIA's) match; the longest
/// match wins; nothing matches inside a longer word (PSIS, PSI-2 is fine), lower-case text
/// never matches an acronym, and ALL-CAPS runs of ordinary words (headings) are not
/// acronyms; non-prose ranges (code, LaTeX command names) are skipped.
class Recognizer {
public:
  Recognizer();
  ~Recognizer();
  Recognizer(Recognizer&&) noexcept;
  Recognizer& operator=(Recognizer&&) noexcept;

  /// Builds from `terms`. Patterns that fail to compile are reported in `errors` and left out.
  static Recognizer build(const std::vector<Term>& terms, std::vector<DataError>& errors);

  /// All mentions in `text`, sorted by begin, non-overlapping.
  std::vector<Mention> scan(std::string_view text, Language language) const;
  /// The same on a sub-range (for incremental re-analysis); spans are absolute offsets.
  std::vector<Mention> scan(std::string_view text, Language language, Span range) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace accord
