// Hover: the card for the term under the cursor, the draft's own definition first.
#pragma once
#include <optional>

#include "server/features/world.h"

namespace accord::features {

struct HoverResult {
  Span range;           ///< the mention, in bytes of the draft
  std::string contents; ///< Markdown or plain text, as asked
};

/// The hover at byte `offset` of `draft`: null anywhere but on a recognised mention.
std::optional<HoverResult> hover(const Knowledge& knowledge, const DraftRef& draft, uint32_t offset,
                                 bool markdown);

/// The card of term `term` (a Knowledge index, or a local term of `draft` when given):
/// forms, kind, gloss, facts, the defining sentence with its citation, corpus coverage; with
/// the draft's own definition first when `draft` defines it. Also used by completion resolve.
std::string termCard(const Knowledge& knowledge, uint32_t term, const DraftRef* draft,
                     bool markdown);

/// Escapes Markdown punctuation so that quoted text renders literally.
std::string escapeMarkdown(std::string_view text);

} // namespace accord::features
