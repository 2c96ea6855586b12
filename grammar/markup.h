// Markup: the ranges of a Markdown, LaTeX or plain text draft that are not prose (code, commands,
// link targets, URLs and e-mail addresses).
#pragma once
#include <string_view>
#include <vector>

#include "grammar/types.h"

namespace accord {

/// Whether `text` opens with a YAML front matter delimiter line ("---").
bool opensFrontMatter(std::string_view text);

/// Ranges that are not prose for `language` and must not yield mentions or definitions:
/// Markdown code spans, fenced and indented code blocks, link targets; LaTeX comments,
/// command names and the arguments of non-prose commands (\cite, \ref, \label, \url,
/// \begin/\end environment names…). Arguments of \textbf, \emph, \section … are prose.
/// Sorted, non-overlapping.
std::vector<Span> nonProseRanges(std::string_view text, Language language);

} // namespace accord
