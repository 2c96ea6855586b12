// Definition mining: "long form (SF)" and "SF (long form)" with Schwartz–Hearst alignment.
#pragma once
#include "grammar/types.h"

namespace accord {

/// One definition found in running text. Spans are exact byte ranges into the mined text.
struct MinedDefinition {
  std::string shortForm;  ///< as written, plural "s" kept ("FTAs")
  std::string longForm;   ///< normalised: line breaks and runs of spaces folded to one space,
                          ///< footnote markers removed
  Span shortSpan;         ///< the short form inside the parentheses (or before them)
  Span longSpan;          ///< from the first to the last byte of the long form as written
  Span sentence;          ///< the sentence that holds the definition
  bool shortFirst = false;  ///< "SF (long form)" rather than "long form (SF)"
};

/// Finds every definition in `text` (UTF-8, any line ends). Never throws; invalid UTF-8
/// is treated as non-letters.
std::vector<MinedDefinition> mineDefinitions(std::string_view text);

/// The short form without a plural or possessive ending: "FTAs" -> "FTA".
std::string singularShortForm(std::string_view shortForm);

}  // namespace accord
