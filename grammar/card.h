// The card shown for a term (hover, `accord-ls explain`): names, kind, gloss, the defining sentence
// and its citation.
#pragma once
#include <string>

#include "grammar/knowledge.h"

namespace accord {

enum class CardFormat : uint8_t { Markdown, PlainText };

/// The card for Knowledge::terms[term].
std::string renderCard(const Knowledge& knowledge, uint32_t term, CardFormat format);

/// The card for any term, e.g. one a draft defines (DraftAnalysis::localTerms); `index` is
/// what the corpus says about it, or null when nothing.
std::string renderCard(const Knowledge& knowledge, const Term& term, const TermIndex* index,
                       CardFormat format);

/// The term's Korean and Japanese names, one language after the other:
/// "Korean: 지소미아, 한일 군사정보보호협정 · Japanese: 日韓秘密軍事情報保護協定"; empty when none.
std::string localNamesLine(const Term& term);

/// The "file:line" of a place in the corpus, for messages and plain-text cards.
std::string corpusPlace(const Knowledge& knowledge, const SourceLocation& where);

} // namespace accord
