// A fast JSON reader for incoming messages that builds exactly the value nlohmann::json::parse
// would.
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

namespace accord {

/// Parses `text` (one strict JSON value, surrounded only by space, tab, CR or LF) into `out`
/// and returns true; the value is identical to `nlohmann::json::parse(text)`: same types
/// (unsigned, integer, float), same numbers, same strings, the last of duplicate keys.
/// Returns false on anything it does not accept (every syntax error, invalid UTF-8, lone
/// surrogate escapes, a number that overflows a double, a leading byte order mark, a NUL
/// byte after the value, which nlohmann takes for the end of the input); `out`
/// is then unspecified and the caller must ask nlohmann, which either parses the text too
/// or throws its own error. Why it exists: nlohmann's lexer appends a string one byte at a
/// time, which made parsing a 1 MB didOpen cost ~13 ms on the critical path to diagnostics.
///
/// Iterative (no recursion), but the caller still runs jsonTooDeepAt first: copying,
/// comparing and destroying the result recurse. Thread-safe.
bool fastParseJson(std::string_view text, nlohmann::json& out);

} // namespace accord
