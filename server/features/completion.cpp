// Completion: terms by short form, long form or alias, and citation keys from the catalog.
#include "server/features/completion.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "grammar/text.h"
#include "server/features/hover.h"

namespace accord::features {

namespace {

bool isKeyChar(char c) {
  // Pandoc citation keys: alphanumerics, '_' and internal punctuation.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_:.#$%&-+?<>~/").find(c) != std::string_view::npos;
}

bool isAsciiAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Start of the code point that ends just before `pos`.
size_t previousStart(std::string_view text, size_t pos) {
  size_t p = pos - 1;
  while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80 && pos - p < 4)
    --p;
  return p;
}

bool isTokenCodePoint(char32_t c) {
  return isWordCodePoint(c) || c == '-' || c == '+' || c == '&' || c == '.' || c == '/';
}

/// Where the token (word, possibly with internal "-+&./") ending at `pos` starts.
size_t tokenStart(std::string_view text, size_t pos) {
  size_t start = pos;
  while (start > 0) {
    size_t p = previousStart(text, start);
    size_t len = 0;
    char32_t c = decodeUtf8(text, p, len);
    if (!isTokenCodePoint(c))
      break;
    start = p;
  }
  // A token starts with a word character: "(FTA" and "-FTA" complete "FTA".
  while (start < pos) {
    size_t len = 0;
    char32_t c = decodeUtf8(text, start, len);
    if (isWordCodePoint(c) || len == 0)
      break;
    start += len;
  }
  return start;
}

bool startsWithCI(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z')
      a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z')
      b = static_cast<char>(b - 'A' + 'a');
    if (a != b)
      return false;
  }
  return true;
}

/// A long form typed with a capital keeps it: "Free tr" completes to "Free trade agreement".
std::string matchCase(std::string form, std::string_view typed) {
  if (!typed.empty() && !form.empty() && typed[0] >= 'A' && typed[0] <= 'Z' && form[0] >= 'a' &&
      form[0] <= 'z')
    form[0] = static_cast<char>(form[0] - 'a' + 'A');
  return form;
}

std::string sortKey(bool exact, TermKind kind, uint32_t usage, int what, std::string_view label) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d%d%05u%d", exact ? 0 : 1, kindRank(kind),
                99999u - std::min<uint32_t>(usage, 99999u), what);
  return buf + asciiLower(label);
}

class Builder {
public:
  Builder(const Knowledge& k, const DraftRef& draft, uint32_t offset)
      : k_(k), draft_(draft), offset_(offset), usage_(termCount(k, *draft.analysis), 0) {
    for (const Mention& m : draft.analysis->mentions)
      if (m.term < usage_.size())
        ++usage_[m.term];
  }

  const Term& term(uint32_t t) const { return draft_.analysis->term(k_, t); }
  bool empty() const { return items_.empty(); }

  void add(uint32_t t, CompletionItem::What what, std::string_view alias, uint32_t start) {
    const Term& term = this->term(t);
    std::string_view typed = draft_.text.substr(start, offset_ - start);
    CompletionItem item;
    item.what = what;
    item.kind = term.kind;
    item.replace = Span{start, offset_};
    std::string_view form;
    switch (what) {
    case CompletionItem::What::ShortForm:
      form = term.shortForm;
      item.label = term.shortForm;
      item.detail = term.longForm;
      item.insertText = term.shortForm;
      break;
    case CompletionItem::What::LongForm: {
      form = term.longForm;
      std::string longForm = matchCase(term.longForm, typed);
      item.label = term.shortForm.empty() ? longForm : longForm + " (" + term.shortForm + ")";
      item.detail = std::string(toString(term.kind));
      item.insertText = item.label;
      break;
    }
    case CompletionItem::What::Alias:
      form = alias;
      item.label = std::string(alias);
      item.detail = term.shortForm.empty() ? term.longForm : term.shortForm + " — " + term.longForm;
      item.insertText = item.label;
      break;
    case CompletionItem::What::Citation:
      return;
    }
    if (item.label.empty())
      return;
    if (!seen_.insert(item.label + '\x1f' + std::to_string(start)).second)
      return;
    item.filterText = item.label;
    item.sortText =
        sortKey(form.starts_with(typed), term.kind, usage_[t], static_cast<int>(what), item.label);
    if (t < k_.terms.size()) {
      item.resolveId = "term:" + k_.terms[t].id;
    } // local terms cannot be resolved without the draft: their documentation is inline
    terms_.push_back(t);
    items_.push_back(std::move(item));
  }

  /// Adds every form of term `t` that starts with the typed text [start, offset).
  void match(uint32_t t, uint32_t start, bool longFormsOnly) {
    const Term& term = this->term(t);
    std::string_view typed = draft_.text.substr(start, offset_ - start);
    if (!longFormsOnly && !term.shortForm.empty() && startsWithCI(term.shortForm, typed))
      add(t, CompletionItem::What::ShortForm, {}, start);
    if (!term.longForm.empty() && startsWithCI(term.longForm, typed))
      add(t, CompletionItem::What::LongForm, {}, start);
    for (const std::string& alias : term.aliases)
      if (startsWithCI(alias, typed))
        add(t, CompletionItem::What::Alias, alias, start);
  }

  void matchAll(std::string_view typed, uint32_t start, bool longFormsOnly) {
    constexpr size_t kAsk = 200;
    std::vector<uint32_t> found = k_.complete(foldSpaces(typed), kAsk);
    if (found.size() >= kAsk)
      incomplete_ = true;
    for (uint32_t t : found)
      match(t, start, longFormsOnly);
    for (size_t i = 0; i < draft_.analysis->localTerms.size(); ++i)
      match(static_cast<uint32_t>(k_.terms.size() + i), start, longFormsOnly);
  }

  void addDraftTerms() {
    std::vector<uint32_t> used;
    for (uint32_t t = 0; t < usage_.size(); ++t)
      if (usage_[t] > 0)
        used.push_back(t);
    for (uint32_t t : used) {
      const Term& term = this->term(t);
      add(t,
          term.shortForm.empty() ? CompletionItem::What::LongForm : CompletionItem::What::ShortForm,
          {}, offset_);
    }
  }

  CompletionList finish(bool markdown) && {
    CompletionList list;
    std::vector<size_t> order(items_.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return items_[a].sortText < items_[b].sortText; });
    list.incomplete = incomplete_ || order.size() > kMaxCompletionItems;
    if (order.size() > kMaxCompletionItems)
      order.resize(kMaxCompletionItems);
    bool inlineDocs = order.size() <= kInlineDocumentationItems;
    for (size_t i : order) {
      CompletionItem& item = items_[i];
      bool local = item.resolveId.empty();
      if (inlineDocs || local)
        item.documentation = termCard(k_, terms_[i], &draft_, markdown);
      list.items.push_back(std::move(item));
    }
    return list;
  }

private:
  const Knowledge& k_;
  const DraftRef& draft_;
  uint32_t offset_;
  std::vector<uint32_t> usage_;
  std::vector<CompletionItem> items_;
  std::vector<uint32_t> terms_; // parallel to items_
  std::unordered_set<std::string> seen_;
  bool incomplete_ = false;
};

CompletionList completeCitation(const Knowledge& k, std::string_view text, uint32_t keyStart,
                                uint32_t offset, bool markdown) {
  CompletionList list;
  std::string_view typed = text.substr(keyStart, offset - keyStart);
  for (const Source& src : k.sources) {
    const CslItem& meta = src.meta;
    if (meta.id.empty() || !startsWithCI(meta.id, typed))
      continue;
    if (list.items.size() >= kMaxCompletionItems) {
      list.incomplete = true;
      break;
    }
    CompletionItem item;
    item.what = CompletionItem::What::Citation;
    item.label = meta.id;
    item.detail = shortCitation(meta);
    item.insertText = meta.id;
    item.filterText = meta.id;
    item.replace = Span{keyStart, offset};
    item.sortText = "0";
    item.sortText += asciiLower(meta.id);
    item.resolveId = "cite:" + meta.id;
    list.items.push_back(std::move(item));
  }
  std::sort(
      list.items.begin(), list.items.end(),
      [](const CompletionItem& a, const CompletionItem& b) { return a.sortText < b.sortText; });
  if (list.items.size() <= kInlineDocumentationItems)
    for (CompletionItem& item : list.items)
      item.documentation = completionDocumentation(k, item.resolveId, markdown);
  return list;
}

} // namespace

bool citationContext(std::string_view text, uint32_t offset, uint32_t& keyStart) {
  if (offset > text.size())
    return false;
  uint32_t i = offset;
  while (i > 0 && isKeyChar(text[i - 1]))
    --i;
  // Pandoc: "[@key", "[see @key", "; @key", "[-@key" and in-text "@key".
  if (i > 0 && text[i - 1] == '@') {
    uint32_t at = i - 1;
    char before = at > 0 ? text[at - 1] : ' ';
    if (before == '[' || before == ' ' || before == ';' || before == '-' || before == '\n' ||
        before == '\r' || before == '\t') {
      keyStart = i;
      return true;
    }
    return false;
  }
  // LaTeX: "\cite{key", "\citep[p.~3]{a, key", "\parencite*{key" …
  uint32_t j = i;
  while (j > 0 && (isKeyChar(text[j - 1]) || text[j - 1] == ',' || text[j - 1] == ' '))
    --j;
  if (j == 0 || text[j - 1] != '{')
    return false;
  uint32_t b = j - 1;
  for (int group = 0; group < 2 && b > 0 && text[b - 1] == ']'; ++group) {
    uint32_t open = b - 1;
    while (open > 0 && text[open] != '[' && b - open < 200)
      --open;
    if (text[open] != '[')
      return false;
    b = open;
  }
  if (b > 0 && text[b - 1] == '*')
    --b;
  uint32_t nameEnd = b;
  while (b > 0 && isAsciiAlpha(text[b - 1]))
    --b;
  if (b == 0 || text[b - 1] != '\\')
    return false;
  std::string_view name = text.substr(b, nameEnd - b);
  if (name.find("cite") == std::string_view::npos)
    return false;
  keyStart = i;
  return true;
}

CompletionList complete(const Knowledge& k, const DraftRef& draft, uint32_t offset, bool markdown) {
  std::string_view text = draft.text;
  if (offset > text.size())
    offset = static_cast<uint32_t>(text.size());
  uint32_t keyStart = 0;
  if (citationContext(text, offset, keyStart))
    return completeCitation(k, text, keyStart, offset, markdown);

  Builder builder(k, draft, offset);
  const uint32_t word = static_cast<uint32_t>(tokenStart(text, offset));
  // Long forms run over several words: try "General Security of" as well as "of".
  constexpr int kMaxWords = 8;
  std::vector<uint32_t> starts;
  uint32_t pos = word;
  for (int n = 0; n < kMaxWords; ++n) {
    uint32_t p = pos;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t'))
      --p;
    if (p == pos || p == 0)
      break;
    // A long form runs on within a sentence: "Dokdo. " ends the words to look back over.
    size_t len = 0;
    if (!isWordCodePoint(decodeUtf8(text, previousStart(text, p), len)))
      break;
    uint32_t s = static_cast<uint32_t>(tokenStart(text, p));
    if (s == p)
      break;
    starts.push_back(s);
    pos = s;
  }
  for (auto it = starts.rbegin(); it != starts.rend(); ++it)
    builder.matchAll(text.substr(*it, offset - *it), *it, true);
  if (word < offset) {
    builder.matchAll(text.substr(word, offset - word), word, false);
  } else if (builder.empty()) {
    // Nothing typed yet (completion invoked by hand): the terms this draft already uses.
    builder.addDraftTerms();
  }
  return std::move(builder).finish(markdown);
}

std::string completionDocumentation(const Knowledge& k, std::string_view resolveId, bool markdown) {
  if (resolveId.starts_with("term:")) {
    auto t = k.findId(resolveId.substr(5));
    if (!t)
      return {};
    return termCard(k, *t, nullptr, markdown);
  }
  if (resolveId.starts_with("cite:")) {
    const CslItem* item = k.findSource(resolveId.substr(5));
    if (item == nullptr)
      return {};
    std::string note = chicagoNote(*item);
    return markdown ? escapeMarkdown(note) : note;
  }
  return {};
}

} // namespace accord::features
