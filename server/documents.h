// The open drafts: immutable snapshots of each document (text, lines, version, language) and the
// store that applies didOpen/didChange/didClose to them. Their analyses: server/analyses.h.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/types.h"
#include "server/positions.h"

namespace accord {

/// One version of one open draft. Immutable once the store publishes it: hand it to worker
/// threads as std::shared_ptr<const Document>. Offsets are bytes into `text`.
struct Document {
  std::string uri;
  int32_t version = 0;
  std::string languageId; ///< as the client sent it
  Language language = Language::PlainText;
  std::string text; ///< UTF-8
  LineIndex lines;  ///< line starts of `text`

  lsp::Position position(uint32_t offset, PositionEncoding enc) const {
    return lines.position(text, offset, enc);
  }
  uint32_t offset(lsp::Position pos, PositionEncoding enc) const {
    return lines.offset(text, pos, enc);
  }
  lsp::Range range(Span span, PositionEncoding enc) const { return lines.range(text, span, enc); }
  Span span(const lsp::Range& range, PositionEncoding enc) const {
    return lines.span(text, range, enc);
  }
};

/// One entry of didChange's contentChanges: a range replacement, or the whole text when
/// `range` is absent.
struct TextChange {
  std::optional<lsp::Range> range;
  std::string text;
};

/// Applies `changes` in order, each to the result of the previous one, to `text`.
/// Positions are in `enc` units and are clamped (past the end of a line or of the text,
/// inside a character); a range whose end is before its start is treated as empty at its
/// start. Returns the number of ranges that had to be clamped (0 for a well-formed edit).
size_t applyChanges(std::string& text, const LineIndex& index, std::vector<TextChange>& changes,
                    PositionEncoding enc);

/// The open documents by URI. Written on the server thread; get()/all() may be called
/// from any thread (one mutex guards the map; the snapshots themselves are immutable).
class DocumentStore {
public:
  /// didOpen. A second didOpen of an open URI replaces it (logged: the client is confused).
  std::shared_ptr<const Document> open(std::string uri, std::string languageId, int32_t version,
                                       std::string text);
  /// didChange. Null (and logged) when the document is not open. A version that does not
  /// increase is logged and accepted: the text is what the client says it is.
  std::shared_ptr<const Document> change(std::string_view uri, int32_t version,
                                         std::vector<TextChange> changes, PositionEncoding enc);
  /// didClose. False (and logged) when it was not open.
  bool close(std::string_view uri);

  std::shared_ptr<const Document> get(std::string_view uri) const;
  std::vector<std::shared_ptr<const Document>> all() const;
  size_t size() const;

private:
  mutable std::mutex mutex_; ///< guards docs_
  std::map<std::string, std::shared_ptr<const Document>, std::less<>> docs_;
};

/// The Language of a document: the URI's extension when it names one (".tex", ".latex", ".md",
/// ".markdown", ".txt": eglot 1.9 sends one languageId per server, "markdown" for a .tex
/// file too), else its languageId when Accord knows it, else plain text.
Language languageOf(std::string_view languageId, std::string_view uri);

} // namespace accord
