// UTF-8 helpers, sentence splitting and the prose mask shared by the miner and the recogniser.
#pragma once
#include "grammar/types.h"

namespace accord {

/// Decodes one code point at `offset`; invalid bytes decode as U+FFFD of length 1.
/// `length` receives the byte length consumed (>= 1 unless offset is at the end).
char32_t decodeUtf8(std::string_view text, size_t offset, size_t& length);

/// True for code points that are part of a word: letters and digits of any script.
bool isWordCodePoint(char32_t c);

/// True for superscript digits (¹²³⁴…⁰), the footnote markers of extracted commentaries.
/// They are not word code points, so "United States.¹" ends with a word boundary.
bool isFootnoteMarker(char32_t c);

/// True for Han, Kana and Hangul. These scripts are matched one character at a time (a
/// script change such as "GSOMIA는" is a word boundary; see recognizer.h).
bool isCjkCodePoint(char32_t c);

/// Simple one-to-one case folding (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic);
/// other code points are returned unchanged.
char32_t foldCase(char32_t c);
/// `text` folded with foldCase(char32_t); invalid bytes are copied unchanged.
std::string foldCase(std::string_view text);
/// Appends the UTF-8 encoding of `c` to `out`.
void appendUtf8(std::string& out, char32_t c);
/// An id made of `s`: ASCII letters lower-cased and digits, other runs as one '-' ("term" when
/// nothing is left). Term ids of the lexicon, the corpus and the draft's own terms.
std::string slug(std::string_view s);
/// Whether `text` opens with a YAML front matter delimiter line ("---").
bool opensFrontMatter(std::string_view text);

/// The sentences of `text`, as byte spans sorted by begin, robust to the artefacts of
/// extracted commentaries (running heads, footnote markers glued to words, page breaks inside
/// sentences, abbreviations such as "U.S." and "No."). A sentence broken by a page break spans
/// the artefacts between its halves (use sentenceText to quote it); those artefacts are also
/// sentences of their own, nested inside it. Blank lines, headings and list items end
/// sentences; a paragraph that ends without punctuation continues into the next prose
/// paragraph when that one starts in lower case.
std::vector<Span> splitSentences(std::string_view text);

/// The sentence that contains `offset` (a span of `text`).
Span sentenceAround(std::string_view text, uint32_t offset);
/// The same, looked up in the result of splitSentences(text): split once and use this when
/// asking about many offsets (each call of the overload above splits the whole text).
Span sentenceAround(const std::vector<Span>& sentences, uint32_t offset);

/// The words of `sentence` ready to quote in a hover: what a page break left between the two
/// halves of a sentence (running heads, footnotes, pull quotes) dropped, footnote markers
/// removed, white space and line breaks folded to single spaces.
std::string sentenceText(std::string_view text, Span sentence);

/// Ranges that are not prose for `language` and must not yield mentions or definitions:
/// Markdown code spans, fenced and indented code blocks, link targets; LaTeX comments,
/// command names and the arguments of non-prose commands (\cite, \ref, \label, \url,
/// \begin/\end environment names…). Arguments of \textbf, \emph, \section … are prose.
/// Sorted, non-overlapping.
std::vector<Span> nonProseRanges(std::string_view text, Language language);

} // namespace accord
