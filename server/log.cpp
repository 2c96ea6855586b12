// stderr logging: one mutex so lines from the reader thread and the server thread never mix.
#include "server/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace accord::log {
namespace {

std::atomic<int> currentLevel{static_cast<int>(Level::Info)};
std::mutex writeMutex; // guards stderr writes and `errorSink`
std::function<void(const std::string&)> errorSink;
thread_local bool inSink = false; // an error while sending to the client must not recurse

char letter(Level l) {
  return l == Level::Error ? 'E' : l == Level::Info ? 'I' : 'V';
}

} // namespace

bool parseLevel(std::string_view name, Level& out) {
  if (name == "error")
    out = Level::Error;
  else if (name == "info")
    out = Level::Info;
  else if (name == "verbose")
    out = Level::Verbose;
  else
    return false;
  return true;
}

void setLevel(Level l) {
  currentLevel.store(static_cast<int>(l));
}
Level level() {
  return static_cast<Level>(currentLevel.load(std::memory_order_relaxed));
}

void write(Level l, std::string_view message) {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t t = system_clock::to_time_t(now);
  auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%c[%02d:%02d:%02d.%03d] ", letter(l), tm.tm_hour, tm.tm_min,
                tm.tm_sec, static_cast<int>(ms));
  std::function<void(const std::string&)> sink;
  {
    std::lock_guard<std::mutex> lock(writeMutex);
    std::string line = stamp;
    line.append(message);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    if (l == Level::Error && !inSink)
      sink = errorSink;
  }
  if (sink) {
    inSink = true;
    sink(std::string(message));
    inSink = false;
  }
}

void setErrorSink(std::function<void(const std::string&)> sink) {
  std::lock_guard<std::mutex> lock(writeMutex);
  errorSink = std::move(sink);
}

} // namespace accord::log
