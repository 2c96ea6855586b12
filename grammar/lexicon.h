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

/// Reads every *.json file in `dir` (sorted by name) except *.schema.json.
std::vector<Term> loadLexiconDir(const std::string& dir, std::vector<DataError>& errors);

}  // namespace accord
