// Go to definition and declaration: where a term is spelled out (draft, workspace, commentary).
#pragma once
#include "server/features/world.h"

namespace accord::features {

/// The definitions of the term under byte `offset` of world.drafts[0], best first: the draft's
/// own "long form (SF)", then the other drafts', then the commentaries'; when nobody spells
/// it out, the lexicon entry that introduces it. Empty when no term is under the cursor.
/// Each place's span is the exact "long form (SF)"; its context is the enclosing sentence.
std::vector<Place> findDefinitions(const World& world, uint32_t offset);

/// The declaration: the first mention in world.drafts[0] of the term under `offset`.
std::vector<Place> findDeclaration(const World& world, uint32_t offset);

} // namespace accord::features
