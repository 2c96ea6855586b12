// UTF-8 helpers, sentence splitting and the prose mask shared by the miner and the recogniser.
#pragma once
#include "grammar/types.h"

namespace accord {

/// Decodes one code point at `offset`; invalid bytes decode as U+FFFD of length 1.
/// `length` receives the byte length consumed (>= 1 unless offset is at the end).
char32_t decodeUtf8(std::string_view text, size_t offset, size_t& length);

/// True for code points that are part of a word: letters and digits of any script.
bool isWordCodePoint(char32_t c);

/// The sentences of `text`, as byte spans, robust to the artefacts of extracted commentaries
/// (running heads, footnote markers glued to words, page breaks inside sentences,
/// abbreviations such as "U.S." and "No.").
std::vector<Span> splitSentences(std::string_view text);

/// The sentence that contains `offset` (a span of `text`).
Span sentenceAround(std::string_view text, uint32_t offset);

/// Ranges that are not prose for `language` and must not yield mentions or definitions:
/// Markdown code spans, fenced and indented code blocks, link targets; LaTeX comments,
/// command names and the arguments of non-prose commands (\cite, \ref, \label, \url,
/// \begin/\end environment names…). Arguments of \textbf, \emph, \section … are prose.
/// Sorted, non-overlapping.
std::vector<Span> nonProseRanges(std::string_view text, Language language);

}  // namespace accord
