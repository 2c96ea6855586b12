// The curated lexicon: grammar/lexicon/*.json and workspace .accord/lexicon/*.json.
#pragma once
#include "grammar/types.h"

namespace accord {

/// Parses one lexicon file (see grammar/lexicon/lexicon.schema.json). Entries that are
/// invalid (missing id or kind, unknown kind, a pattern RE2 rejects or that is too large,
/// a malformed date) are reported in `errors` with the file, the entry's line and the fix,
/// and skipped; the valid entries are returned.
std::vector<Term> parseLexicon(std::string_view json, const std::string& fileName,
                               std::vector<DataError>& errors);

/// Reads every *.json file in `dir` (sorted by name) except *.schema.json. A missing
/// directory yields nothing and no error (workspaces rarely have one).
std::vector<Term> loadLexiconDir(const std::string& dir, std::vector<DataError>& errors);

/// Appends `more` to `into`. A term whose id or short form is already taken is reported
/// (with both places) and skipped: the first one stays. A long form or alias that already
/// names another term is reported; the first term keeps it for recognition.
void mergeLexicon(std::vector<Term>& into, std::vector<Term> more, std::vector<DataError>& errors);

/// Byte offsets where the elements of a JSON array begin: the top-level array when `key` is
/// empty, else the array under the top-level object's `key`. nlohmann/json keeps no positions;
/// this is how errors name the line of an entry. Empty when the text is not shaped so.
std::vector<size_t> jsonArrayElementOffsets(std::string_view json, std::string_view key);

/// The 1-based line number of byte `offset` in `text` (grammar/line_index.h lineNumberAt: line
/// ends are "\n", "\r\n" and a lone "\r", as everywhere else).
uint32_t lineOfOffset(std::string_view text, size_t offset);

/// The 1-based line numbers of many offsets at once, from one line index (calling
/// lineOfOffset per catalog item or lexicon entry made loading quadratic in the file size).
/// Offsets need not be sorted; each result equals lineOfOffset(text, offset).
std::vector<uint32_t> linesOfOffsets(std::string_view text, const std::vector<size_t>& offsets);

} // namespace accord
