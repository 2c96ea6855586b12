// Definition mining: "long form (SF)" and "SF (long form)" with Schwartz–Hearst alignment.
#pragma once
#include "grammar/types.h"

namespace accord {

/// One definition found in running text. Spans are exact byte ranges into the mined text.
struct MinedDefinition {
  std::string shortForm; ///< as written, plural "s" kept ("FTAs"); full-width letters and digits in
                         ///< ASCII ("ＫＡＭＤ" is KAMD)
  std::string longForm;  ///< normalised: line breaks and runs of spaces folded to one space,
                         ///< footnote markers removed
  Span shortSpan;        ///< the short form inside the parentheses (or before them)
  Span longSpan;         ///< from the first to the last byte of the long form as written
  Span sentence;         ///< the sentence that holds the definition
  bool shortFirst = false; ///< "SF (long form)" rather than "long form (SF)"
  /// Definitions written without parentheses ("LF, or SF,", "LF — SF —", "SF, which stands
  /// for LF,"): the whole definition with its markers and the comma or dash that closes it,
  /// which is what a fix replaces. Empty for parenthesised definitions.
  Span extent;
  /// "SF stands for LF", "SF refers to LF", "the acronym stands for LF": a statement of its own,
  /// not an apposition; no fix may reduce it to the short or the long form.
  bool clause = false;

  /// From the first byte of either form to the last of either (what a quote centres on).
  Span forms() const {
    return {shortSpan.begin < longSpan.begin ? shortSpan.begin : longSpan.begin,
            shortSpan.end > longSpan.end ? shortSpan.end : longSpan.end};
  }
};

/// Finds every definition in `text` (UTF-8, any line ends). Never throws; invalid UTF-8
/// is treated as non-letters. Sorted by the position of the parenthesis.
///
/// The short form is 2–10 characters with a letter (or digits joined by + or &, "2+2"),
/// capitals in it ("FTA", "USF-J", "G7", "6PT"; "FTAs" is a plural), and no list marker
/// ("(i)", "(iv)") or number ("(2015)"). "long form (SF)" is tried first, with "(SF, or …)"
/// and "(hereafter SF)" accepted; then "SF (long form)" when SF looks like an acronym.
/// The long form is aligned right to left against the short form's letters (Schwartz and
/// Hearst 2003) within min(|SF|+5, 2·|SF|) words, without crossing a sentence end, a blank
/// line or another parenthesis; it may hold commas, "U.S.", hyphens, line breaks and footnote
/// markers. Digits align with digits or number words ("Six-Party Talks (6PT)"), "+" and "&"
/// with "plus" and "and". Among alignments the one that puts most short-form letters on word
/// starts wins, then the shorter one; a long form never starts with a function word
/// ("and Cross-Servicing Agreement" is not the long form of ACSA).
/// Korean and Japanese: parentheses may be full-width ("（GSOMIA）"). A Latin short form right
/// after Korean or Japanese text takes the long form before it, which no letter aligns with:
/// in Japanese the run of Han and Katakana up to Hiragana (particles), punctuation or a space;
/// in Korean the word before the parenthesis and up to three more before it, stopping at a
/// word ending in a particle or verb ending (정부는, 체결된), a stop word (및, 이번) or a number.
/// "GSOMIA(한일 군사정보보호협정)": a Korean or Japanese name in the parentheses is the long form.
std::vector<MinedDefinition> mineDefinitions(std::string_view text);
/// The same, leaving out definitions inside the non-prose ranges of `language` (code, URLs,
/// LaTeX commands).
std::vector<MinedDefinition> mineDefinitions(std::string_view text, Language language);
/// The same with what the caller has computed already: `nonProse` = nonProseRanges(text,
/// language) and, when not null, `sentences` = splitSentences(text). analyzeDraft needs both
/// for itself; computing them once matters on long drafts.
std::vector<MinedDefinition> mineDefinitions(std::string_view text,
                                             const std::vector<Span>& nonProse,
                                             const std::vector<Span>* sentences);

/// The short form without a plural or possessive ending: "FTAs" -> "FTA".
std::string singularShortForm(std::string_view shortForm);

/// The short form without the dots of initials, when it has two letters or more left:
/// "U.S." -> "US" (dotted and undotted acronyms are one term); otherwise as it is.
std::string undottedShortForm(std::string_view shortForm);

} // namespace accord
