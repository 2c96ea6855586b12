// Find references and document highlights: every mention of the term under the cursor.
#pragma once
#include "server/features/world.h"

namespace accord::features {

/// Every mention of the term under byte `offset` of world.drafts[0]: in every draft of the
/// world (in order), then in the corpus. When `includeDeclaration` is false, mentions that
/// are part of a definition ("long form (SF)") are left out. Corpus mentions are capped at
/// kMaxCorpusReferences so that a huge corpus cannot flood the editor.
std::vector<Place> findReferences(const World& world, uint32_t offset, bool includeDeclaration);

inline constexpr size_t kMaxCorpusReferences = 5000;

struct Highlight {
  Span span;
  bool write = false; ///< the mention is part of the draft's definition of the term
  friend bool operator==(const Highlight&, const Highlight&) = default;
};

/// The mentions, in `draft`, of the term under `offset`.
std::vector<Highlight> documentHighlights(const Knowledge& knowledge, const DraftRef& draft,
                                          uint32_t offset);

} // namespace accord::features
