// The recogniser: finds every mention of every known term in one pass over a text.
#pragma once
#include <memory>

#include "grammar/types.h"

namespace re2 {
class RE2;
}

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
///
/// Details of those rules:
/// - Words are runs of letters and digits (text.h isWordCodePoint); every Han, Kana or Hangul
///   character is a word of its own, so "GSOMIA는" and "日本のGSOMIA" contain GSOMIA and a
///   Japanese alias matches inside a longer run of Han and Kana ("日韓基本条約締結").
/// - Korean (grammar/cjk.h): a surface that starts with a Hangul syllable does not match right
///   after another one ("사드" is not in "아사드"), and one that ends with a Hangul syllable
///   matches only when the Hangul after it is up to three particles of koreanParticles()
///   ("지소미아를", "한일기본조약에서는"; not "사드르"); the mention ends before the particles.
///   A space next to a Hangul token of an alias may be left out ("위안부합의"), and between a
///   Han, Kana or Hangul token and a Latin one there may be none or one ("한미FTA" for
///   "한미 FTA"); an alias of a single Han, Kana or Hangul character is never matched.
/// - Full-width forms (U+FF01–U+FF5E: "ＧＳＯＭＩＡ", "６者協議", "（") match as their ASCII forms
///   and the ideographic space as a space; spans are the text's own bytes.
/// - Short forms, and aliases written in capitals only ("U.S.", "KORUS FTA"), match exactly;
///   long forms and other aliases match case-folded, with a hyphen and white space taken as
///   the same ("Self Defense" = "Self-Defense") and a single line break as a space.
/// - A final "s" after a capital or digit is a plural ("FTAs"); for names "s", "es" and
///   "ies"->"y" on the last word. The plural is inside the mention, a possessive ('s, ’s) not.
/// - Heading rule: a line of at least three words, with at least 60% of its letters capitals
///   and at least two words in capitals that are not known short forms, is an ALL-CAPS
///   heading. In it, a short form that is also a common English word (ERA, US, IT, NEW …) is
///   not a mention; other acronyms (ROK, GSOMIA) and long forms still are.
/// - Longest match wins: literal matches are leftmost-longest; a pattern match replaces the
///   literal matches it overlaps only when it is longer than each of them.
/// - Patterns run case-insensitively at word boundaries, leftmost-longest, only near the
///   words they require (requiredLiterals); a match may reach at most 160 bytes beyond them,
///   and white space repeated between a pattern's words (\s+) counts as at most 16 bytes, as
///   between the words of a literal name: a match spread wider may be missed.
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
  /// The same with nonProse = nonProseRanges(text, language) computed by the caller (who
  /// needs them too: computing them once matters on long drafts).
  std::vector<Mention> scan(std::string_view text, const std::vector<Span>& nonProse,
                            Span range) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

namespace detail {
/// A lexicon pattern compiled the way the recogniser runs it (case-insensitive, leftmost-
/// longest, within a memory budget), shared through a process-wide cache so that validating
/// a lexicon and building a recogniser compile each pattern once. Null with `error` set
/// (what is wrong and how to fix it) when RE2 rejects it, it is too large, or it matches
/// empty text. Thread-safe.
std::shared_ptr<const re2::RE2> compiledPattern(const std::string& pattern, std::string& error);
} // namespace detail

/// The strings (lower case) one of which occurs in every match of the RE2 `pattern`, found by
/// a small analysis of its syntax; the recogniser runs a pattern only around them. Empty when
/// the pattern has none of at least three bytes (it is then run over the whole text).
std::vector<std::string> requiredLiterals(std::string_view pattern);

} // namespace accord
