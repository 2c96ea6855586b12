// Completion of terms (short form, "Long Form (SF)", aliases) and citation keys, in bytes.
#pragma once
#include "server/features/world.h"

namespace accord::features {

struct CompletionItem {
  enum class What : uint8_t { ShortForm, LongForm, Alias, Citation };
  What what = What::ShortForm;
  TermKind kind = TermKind::Other; ///< for terms
  std::string label;
  std::string detail;
  std::string insertText;
  Span replace; ///< bytes of the draft the insert text replaces (prefix to cursor)
  std::string sortText;
  std::string filterText;    ///< what the client filters on (the typed prefix's form)
  std::string documentation; ///< empty when left to resolve
  std::string resolveId;     ///< "term:<id>" or "cite:<key>"; empty when nothing to resolve
};

struct CompletionList {
  std::vector<CompletionItem> items;
  bool incomplete = false; ///< more candidates than returned: ask again as the user types
};

inline constexpr size_t kMaxCompletionItems = 50;
/// Up to this many items carry their documentation; longer lists defer it to resolve.
inline constexpr size_t kInlineDocumentationItems = 15;

/// Completions at byte `offset` of `draft`: citation keys after "[@" or "@" and inside
/// "\cite{…}" (and natbib/biblatex variants), else terms matching the word (or words, for
/// long forms) before the cursor. Documentation is rendered as Markdown when `markdown`.
CompletionList complete(const Knowledge& knowledge, const DraftRef& draft, uint32_t offset,
                        bool markdown);

/// The documentation for an item's resolveId ("term:<id>" or "cite:<key>"); empty if unknown.
std::string completionDocumentation(const Knowledge& knowledge, std::string_view resolveId,
                                    bool markdown);

/// The citation key being typed at `offset`, if the cursor is in a citation: `keyStart`
/// receives where the key begins. Exposed for tests.
bool citationContext(std::string_view text, uint32_t offset, uint32_t& keyStart);

} // namespace accord::features
