// Reading a whole file: the one helper the knowledge library, the workspace and the CLI share.
#pragma once
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>

namespace accord {

/// Reads the file at `path` whole into `out` and returns true. Returns false, with `*error` (when
/// given) saying why in a few words ("is a directory", "larger than N bytes", the system's
/// message), when it cannot be opened, is a directory, is larger than `maxSize` bytes when
/// opened, or a read fails. Binary: no conversion of line ends. Thread-safe.
bool readFile(const std::filesystem::path& path, std::string& out, std::string* error = nullptr,
              uint64_t maxSize = std::numeric_limits<uint64_t>::max());

} // namespace accord
