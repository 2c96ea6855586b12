// Semantic tokens: one token per mention, typed by term kind, with drafting modifiers.
#pragma once
#include <array>
#include <optional>

#include "server/features/world.h"

namespace accord::features {

/// Token types, indexed by TermKind (acronym, agreement, initiative, forum, institution,
/// place, other). Standard LSP types only, chosen because every common theme colours them
/// and editors without our extension have no fallback for custom types:
///  - acronym → "macro": an abbreviation that expands, like a macro; themes give macros a
///    colour distinct from prose (Dark+/Light+, Monokai, Solarized, GitHub, Neovim's @macro);
///  - agreement → "class": a named, defined thing with parties and dates;
///  - initiative → "function": a programme that acts; function is coloured by every theme;
///  - forum → "namespace": a gathering that groups its members;
///  - institution → "type": a body (ministry, court, force); type is always coloured;
///  - place → "enumMember": a fixed, named location, coloured as a constant;
///  - other → "variable".
inline constexpr std::array<std::string_view, 7> kTokenTypes = {
    "macro", "class", "function", "namespace", "type", "enumMember", "variable"};

/// Modifiers (bit i is kTokenModifiers[i]). "definition" is standard; the two others are
/// ours: themes ignore them unless told, the VS Code extension styles them.
inline constexpr std::array<std::string_view, 3> kTokenModifiers = {"definition", "firstUse",
                                                                    "undefined"};
enum TokenModifier : uint32_t {
  kModDefinition = 1u << 0, ///< the mention is part of the draft's definition of the term
  kModFirstUse = 1u << 1,   ///< the first mention of the term in the draft
  kModUndefined = 1u << 2,  ///< a short form used before the draft spells it out
};

struct SemanticToken {
  Span span;
  uint32_t type = 0;      ///< index into kTokenTypes
  uint32_t modifiers = 0; ///< TokenModifier bits
  friend bool operator==(const SemanticToken&, const SemanticToken&) = default;
};

/// The tokens of the mentions that overlap `range` (bytes), sorted. A term the draft never
/// spells out, that is well known, or has no long form, is never "undefined".
std::vector<SemanticToken> semanticTokens(const Knowledge& knowledge, const DraftRef& draft,
                                          Span range);

/// Splits tokens that cross line ends into one token per line (for clients without
/// multilineTokenSupport); the line break bytes belong to no token.
std::vector<SemanticToken> splitMultiline(std::string_view text,
                                          const std::vector<SemanticToken>& tokens);

/// A token placed in the client's coordinates (line, character and length in its encoding).
struct PlacedToken {
  uint32_t line = 0, character = 0, length = 0, type = 0, modifiers = 0;
};

/// The LSP relative encoding: five integers per token, positions relative to the previous.
std::vector<uint32_t> encodeTokens(const std::vector<PlacedToken>& tokens);

/// One edit that turns `before` into `after` (common prefix and suffix kept), or nothing when
/// they are equal. Offsets count integers, as SemanticTokensEdit does.
struct TokensEdit {
  uint32_t start = 0, deleteCount = 0;
  std::vector<uint32_t> data;
};
std::optional<TokensEdit> diffTokens(const std::vector<uint32_t>& before,
                                     const std::vector<uint32_t>& after);

} // namespace accord::features
