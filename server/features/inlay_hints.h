// Inlay hints: the long form after an acronym the draft never spells out.
#pragma once
#include "server/features/world.h"

namespace accord::features {

struct InlayHintItem {
  uint32_t offset = 0; ///< where the hint sits: right after the acronym
  std::string label;   ///< ": long form"
  std::string tooltip; ///< where the long form comes from
  friend bool operator==(const InlayHintItem&, const InlayHintItem&) = default;
};

/// Hints for the short-form mentions in `range` (bytes) of terms that the draft never spells
/// out, that have a long form and are not well known.
std::vector<InlayHintItem> inlayHints(const Knowledge& knowledge, const DraftRef& draft,
                                      Span range);

} // namespace accord::features
