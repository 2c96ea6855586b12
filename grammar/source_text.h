// One source text from any file of a corpus (PDF, HTML, Markdown, plain text): the UTF-8 text
// that mining, the index and the checks read, its anchors (PDF pages, HTML headings) and the
// metadata the file carries itself.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/catalog.h"

namespace accord {

enum class SourceFormat : uint8_t { Text, Markdown, Html, Pdf };

/// The format of a corpus file by its name (".txt", ".md", ".html", ".pdf" …, any case), or
/// nothing when a corpus does not read such files.
std::optional<SourceFormat> sourceFormatOf(std::string_view fileName);
const char* sourceFormatName(SourceFormat);

/// A place a reader can be sent to: the start of a PDF page, an HTML or Markdown heading.
struct SourceAnchor {
  uint32_t offset = 0; ///< byte offset in SourceText::text where it begins
  uint32_t page = 0;   ///< 1-based page of a PDF; 0 for headings
  std::string id;      ///< the heading's fragment id ("#id"); empty for pages
  std::string label;   ///< the page label ("7", "iv") or the heading's text
};

struct SourceText {
  SourceFormat format = SourceFormat::Text;
  /// UTF-8. Plain text and Markdown: the file's bytes unchanged. HTML: the main text, one
  /// paragraph per block. PDF: the pages in reading order, each starting with a form feed
  /// (pdftotext's page marker), running heads and footers and footnote markers dropped,
  /// hyphenated line ends joined, ligatures unfolded.
  std::string text;
  std::vector<SourceAnchor> anchors; ///< sorted by offset
  /// What the file says about itself (PDF Info, HTML citation_/DC./og: meta tags, Markdown
  /// front matter); empty fields when it says nothing worth believing.
  CslItem meta;
};

/// Reads `bytes` (the whole file at `path`, whose name gives the format) into `out`. Returns
/// false with `error` set when the file cannot be read as its format (a damaged PDF, an
/// encrypted one). Never throws. Thread-safe.
bool extractSourceText(const std::filesystem::path& path, std::string_view bytes, SourceText& out,
                       std::string& error);

/// What a PDF's text rendering (the file go to definition opens) holds: the text with a
/// visible marker line after each page's form feed ("\f[p. 7]\n"), so that a reader sees where
/// every page begins and which it is. A text without pages is its own rendering (returned as
/// is).
std::string renderText(std::string_view text, const std::vector<SourceAnchor>& anchors);
/// Where byte `offset` of the text lies in renderText(text, anchors).
uint32_t renderedOffset(const std::vector<SourceAnchor>& anchors, uint32_t offset);

/// The PDF page that holds byte `offset` (1-based), or 0 when the text has no pages.
uint32_t pageAt(const std::vector<SourceAnchor>& anchors, uint32_t offset);

/// A title from a file name: "nishino-2017_security-relationship.pdf" → "Nishino 2017
/// security relationship".
std::string titleFromFileName(std::string_view fileName);

/// The first line of a plain text when it reads as a title (short, not a sentence, followed by
/// a blank line); empty otherwise.
std::string titleLine(std::string_view text);

/// Whether a title found in a file's metadata is junk ("Microsoft Word - draft3.docx",
/// "untitled", a file name).
bool isJunkTitle(std::string_view title);

/// Internal steps of the PDF reader, exposed for tests. One line of a page, top to bottom.
struct PageLine {
  std::string text;
  bool paragraphBefore = false; ///< a blank line (or a column change) before it
  double size = 0;              ///< the largest font size in it, in points
};
/// Drops running heads and footers (lines repeated, digits aside, at the top or bottom of most
/// pages, and bare page numbers), joins words hyphenated across line ends, and writes the pages
/// into `out` (form feed first on each page) with their anchors.
void assemblePages(std::vector<std::vector<PageLine>> pages, const std::vector<std::string>& labels,
                   SourceText& out);
/// Unfolds the Latin ligatures (U+FB00–FB06) into their letters.
std::string unfoldLigatures(std::string_view s);

} // namespace accord
