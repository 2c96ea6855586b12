// Go to definition and declaration: where a term is spelled out (draft, workspace, commentary).
#pragma once
#include "server/features/world.h"

namespace accord::features {

/// The definition of the term under byte `offset` of world.drafts[0], as one place: the
/// draft's own "long form (SF)"; else the first commentary that spells it out; else, for a
/// lexicon term no commentary spells out, the first sentence mentioning it in a commentary
/// its gloss draws on (its `sources`), else in any commentary. Never another draft (other
/// drafts are references) and never the lexicon file. Empty when no term is under the cursor.
/// The place's span is the exact "long form (SF)" (or the mention); its context the sentence.
std::vector<Place> findDefinitions(const World& world, uint32_t offset);

/// The declaration: the first mention in world.drafts[0] of the term under `offset`.
std::vector<Place> findDeclaration(const World& world, uint32_t offset);

} // namespace accord::features
