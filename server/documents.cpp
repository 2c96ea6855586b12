// Applying didOpen/didChange/didClose to immutable document snapshots.
#include "server/documents.h"

#include <cctype>

#include "server/log.h"

namespace accord {

size_t applyChanges(std::string& text, const LineIndex& index, std::vector<TextChange>& changes,
                    PositionEncoding enc) {
  size_t clamped = 0;
  LineIndex local;
  const LineIndex* lines = &index; // describes `text` while `fresh` is true
  bool fresh = true;
  for (auto& change : changes) {
    if (!change.range) {
      text = std::move(change.text);
      fresh = false;
      continue;
    }
    if (!fresh) {
      local = LineIndex(text);
      lines = &local;
      fresh = true;
    }
    const lsp::Range& r = *change.range;
    uint32_t begin = lines->offset(text, r.start, enc);
    uint32_t end = lines->offset(text, r.end, enc);
    // A position that does not map back to itself was clamped.
    if (lines->position(text, begin, enc) != r.start || lines->position(text, end, enc) != r.end)
      ++clamped;
    if (end < begin) {
      end = begin;
      ++clamped;
    }
    text.replace(begin, end - begin, change.text);
    fresh = false;
  }
  return clamped;
}

std::shared_ptr<const Document> DocumentStore::open(std::string uri, std::string languageId,
                                                    int32_t version, std::string text) {
  auto doc = std::make_shared<Document>();
  doc->uri = std::move(uri);
  doc->version = version;
  doc->language = languageOf(languageId, doc->uri);
  doc->languageId = std::move(languageId);
  doc->text = std::move(text);
  doc->lines = LineIndex(doc->text);
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = docs_.try_emplace(doc->uri, doc);
  if (!inserted) {
    log::error("didOpen of ", doc->uri, ", which is already open: replacing it");
    it->second = doc;
  }
  return doc;
}

std::shared_ptr<const Document> DocumentStore::change(std::string_view uri, int32_t version,
                                                      std::vector<TextChange> changes,
                                                      PositionEncoding enc) {
  std::shared_ptr<const Document> old = get(uri);
  if (!old) {
    log::error("didChange of ", uri, ", which is not open: ignored");
    return nullptr;
  }
  if (version <= old->version)
    log::error("didChange of ", uri, ": version ", version, " does not follow ", old->version,
               "; applied anyway");
  auto doc = std::make_shared<Document>();
  doc->uri = old->uri;
  doc->version = version;
  doc->languageId = old->languageId;
  doc->language = old->language;
  // Start from the last whole-text change, if any: what came before it does not matter,
  // and a full-sync client then costs no copy of the old text.
  size_t first = 0;
  for (size_t i = changes.size(); i-- > 0;)
    if (!changes[i].range) {
      first = i;
      break;
    }
  size_t clamped = 0;
  const bool whole = first > 0 || (!changes.empty() && !changes[0].range);
  if (whole) {
    doc->text = std::move(changes[first].text);
    std::vector<TextChange> rest(
        std::make_move_iterator(changes.begin() + static_cast<ptrdiff_t>(first) + 1),
        std::make_move_iterator(changes.end()));
    clamped = applyChanges(doc->text, LineIndex(doc->text), rest, enc);
  } else {
    doc->text = old->text;
    clamped = applyChanges(doc->text, old->lines, changes, enc);
  }
  if (clamped)
    log::error("didChange of ", uri, " v", version, ": ", clamped,
               " range(s) outside the text were clamped");
  // After range edits only the edited lines are read again (a 1 MB draft has 6,000 lines).
  doc->lines = whole ? LineIndex(doc->text) : LineIndex(old->lines, old->text, doc->text);
  std::lock_guard<std::mutex> lock(mutex_);
  docs_[doc->uri] = doc;
  return doc;
}

bool DocumentStore::close(std::string_view uri) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(uri);
  if (it == docs_.end()) {
    log::error("didClose of ", uri, ", which is not open: ignored");
    return false;
  }
  docs_.erase(it);
  return true;
}

std::shared_ptr<const Document> DocumentStore::get(std::string_view uri) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const Document>> DocumentStore::all() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<const Document>> out;
  out.reserve(docs_.size());
  for (const auto& [uri, doc] : docs_)
    out.push_back(doc);
  return out;
}

size_t DocumentStore::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return docs_.size();
}

Language languageOf(std::string_view languageId, std::string_view uri) {
  std::string_view path = uri.substr(0, uri.find_first_of("?#"));
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  // The extension decides when it is one Accord knows: a client's languageId is per server in
  // some editors, and reading LaTeX as Markdown would check its comments and maths as prose.
  if (dot != std::string_view::npos) {
    std::string ext(name.substr(dot));
    for (char& c : ext)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Language byExtension = languageFromId(ext);
    if (byExtension != Language::PlainText || ext == ".txt" || ext == ".text")
      return byExtension;
  }
  return languageFromId(languageId);
}

} // namespace accord
