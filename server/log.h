// Logging to stderr (stdout belongs to the protocol), with levels and a hook for window/logMessage.
#pragma once
#include <functional>
#include <sstream>
#include <string>
#include <string_view>

namespace accord::log {

/// error: problems only; info: one line per message (`<-- textDocument/hover(7)`,
/// `--> reply(7) 0.2ms`); verbose: also every whole message as sent and received.
enum class Level : int { Error = 0, Info = 1, Verbose = 2 };

/// Parses "error", "info", "verbose"; returns false for anything else.
bool parseLevel(std::string_view name, Level& out);

/// Thread-safe. Default level: info.
void setLevel(Level);
Level level();
inline bool enabled(Level l) {
  return static_cast<int>(l) <= static_cast<int>(level());
}

/// Writes one line "E[12:00:00.123] message" to stderr. Thread-safe; lines never interleave.
void write(Level, std::string_view message);

/// Errors are also sent to this sink (the LanguageServer turns them into window/logMessage
/// once the client is initialized). Called on the logging thread; never re-entered from
/// itself (an error raised while sending is only written to stderr). Empty to remove.
void setErrorSink(std::function<void(const std::string&)> sink);

namespace detail {
template <class... Args> std::string concat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}
} // namespace detail

/// log::info("opened ", uri, " v", version): the pieces are only formatted when enabled.
template <class... Args> void error(const Args&... args) {
  write(Level::Error, detail::concat(args...));
}
template <class... Args> void info(const Args&... args) {
  if (enabled(Level::Info))
    write(Level::Info, detail::concat(args...));
}
template <class... Args> void verbose(const Args&... args) {
  if (enabled(Level::Verbose))
    write(Level::Verbose, detail::concat(args...));
}

} // namespace accord::log
