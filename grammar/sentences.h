// The sentence splitter: sentences of extracted commentaries and drafts, and their quotable text.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "grammar/types.h"

namespace accord {

/// The sentences of `text`, as byte spans sorted by begin, robust to the artefacts of
/// extracted commentaries (running heads, footnote markers glued to words, page breaks inside
/// sentences, abbreviations such as "U.S." and "No."). A sentence broken by a page break spans
/// the artefacts between its halves (use sentenceText to quote it); those artefacts are also
/// sentences of their own, nested inside it. Blank lines, headings and list items end
/// sentences; a paragraph that ends without punctuation continues into the next prose
/// paragraph when that one starts in lower case.
std::vector<Span> splitSentences(std::string_view text);

/// The sentences of a draft: as splitSentences, but only footnotes are artefacts a sentence
/// runs on over, not running heads or pull quotes, which splitSentences finds by their text
/// repeating elsewhere. A draft is written, not extracted from pages, and with them its
/// sentences would depend on the whole text: typing in one of two equal paragraphs would
/// change sentences at the other, and an edit could not be analysed where it happened.
std::vector<Span> splitDraftSentences(std::string_view text);

/// Whether splitDraftSentences may carry a sentence from a paragraph that starts in
/// [from, to) of `text` (`from` a paragraph's start) over a footnote into a paragraph after
/// it, up to nine paragraphs on: where the incremental analysis must look that far around an
/// edit.
bool mayJoinAcrossArtefacts(std::string_view text, size_t from, size_t to);

/// The sentence that contains `offset` (a span of `text`).
Span sentenceAround(std::string_view text, uint32_t offset);
/// The same, looked up in the result of splitSentences(text): split once and use this when
/// asking about many offsets (each call of the overload above splits the whole text).
Span sentenceAround(const std::vector<Span>& sentences, uint32_t offset);

/// The words of `sentence` ready to quote in a hover: what a page break left between the two
/// halves of a sentence (running heads, footnotes, pull quotes) dropped, footnote markers
/// removed, white space and line breaks folded to single spaces.
std::string sentenceText(std::string_view text, Span sentence);

/// What a hover quotes for a definition at `focus` inside `sentence`: sentenceText of the
/// sentence when it is at most `limit` bytes long; otherwise of a window of about `limit`
/// bytes around `focus`, cut at clause or word boundaries and marked with "…" where it was
/// cut (a "sentence" of a table or a PDF page without full stops can run for pages).
std::string quoteText(std::string_view text, Span sentence, Span focus, size_t limit = 480);

} // namespace accord
