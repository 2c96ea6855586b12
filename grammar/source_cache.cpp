// The SQLite cache of source texts and the definitions mined from them.
#include "grammar/source_cache.h"

#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "grammar/catalog.h"

namespace accord {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Bumped whenever extraction or mining changes what they make of a file: entries of another
/// version live in another file and are never read.
constexpr int kCacheVersion = 1;

uint64_t fnv1a(std::string_view s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// A second, independent 64-bit hash (wyhash-style multiply-mix over 8-byte words).
uint64_t mix(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    h ^= w;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  if (i < s.size()) // memcpy from a null pointer is undefined even for 0 bytes
    std::memcpy(&tail, s.data() + i, s.size() - i);
  h ^= tail;
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 29);
}

json spanJson(Span s) {
  return json::array({s.begin, s.end});
}
Span spanOf(const json& j) {
  return {j.at(0).get<uint32_t>(), j.at(1).get<uint32_t>()};
}

std::string encodeMined(const std::vector<MinedDefinition>& mined) {
  json a = json::array();
  for (const MinedDefinition& d : mined)
    a.push_back({d.shortForm, d.longForm, spanJson(d.shortSpan), spanJson(d.longSpan),
                 spanJson(d.sentence), d.shortFirst, spanJson(d.extent), d.clause});
  return a.dump();
}

std::vector<MinedDefinition> decodeMined(std::string_view s) {
  std::vector<MinedDefinition> out;
  json a = json::parse(s);
  for (const json& e : a) {
    MinedDefinition& d = out.emplace_back();
    d.shortForm = e.at(0).get<std::string>();
    d.longForm = e.at(1).get<std::string>();
    d.shortSpan = spanOf(e.at(2));
    d.longSpan = spanOf(e.at(3));
    d.sentence = spanOf(e.at(4));
    d.shortFirst = e.at(5).get<bool>();
    d.extent = spanOf(e.at(6));
    d.clause = e.at(7).get<bool>();
  }
  return out;
}

std::string encodeAnchors(const std::vector<SourceAnchor>& anchors) {
  json a = json::array();
  for (const SourceAnchor& x : anchors)
    a.push_back({x.offset, x.page, x.id, x.label});
  return a.dump();
}

std::vector<SourceAnchor> decodeAnchors(std::string_view s) {
  std::vector<SourceAnchor> out;
  for (const json& e : json::parse(s))
    out.push_back({e.at(0).get<uint32_t>(), e.at(1).get<uint32_t>(), e.at(2).get<std::string>(),
                   e.at(3).get<std::string>()});
  return out;
}

std::string column(sqlite3_stmt* st, int i) {
  const void* p = sqlite3_column_blob(st, i);
  int n = sqlite3_column_bytes(st, i);
  return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

} // namespace

std::string cacheBuildIdentity() {
  std::string id = "v" + std::to_string(kCacheVersion) + " " ACCORD_VERSION;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto size = fs::file_size(exe, ec);
    auto time = fs::last_write_time(exe, ec);
    if (!ec)
      id += " " + std::to_string(size) + " " + std::to_string(time.time_since_epoch().count());
  }
  return id;
}

std::string contentKey(std::string_view bytes, SourceFormat format) {
  char out[64];
  std::snprintf(out, sizeof out, "%016llx%016llx-%llx-%s",
                static_cast<unsigned long long>(fnv1a(bytes, 14695981039346656037ull)),
                static_cast<unsigned long long>(mix(bytes)),
                static_cast<unsigned long long>(bytes.size()), sourceFormatName(format));
  return out;
}

SourceCache::SourceCache(const std::string& dir) : dir_(dir) {
  if (dir.empty())
    return;
  std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path =
      (fs::path(dir) / ("index-v" + std::to_string(kCacheVersion) + ".sqlite")).string();
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    disable("cannot be opened");
    return;
  }
  sqlite3_busy_timeout(db_, 2000); // another accord-ls starting on the same library
  // A cache: losing the last writes to a crash costs a re-read, so no fsync per commit.
  const char* setup = "PRAGMA synchronous=OFF;"
                      "CREATE TABLE IF NOT EXISTS source(key TEXT PRIMARY KEY, text BLOB NOT NULL,"
                      " anchors TEXT NOT NULL, meta TEXT NOT NULL, mined TEXT NOT NULL);"
                      "CREATE TABLE IF NOT EXISTS info(name TEXT PRIMARY KEY, value TEXT);";
  if (sqlite3_exec(db_, setup, nullptr, nullptr, nullptr) != SQLITE_OK) {
    disable("cannot be read or created");
    return;
  }
  // Entries made by another build are dropped: a change to the extraction or the miner
  // changes what a file yields, and no version number kept by hand would follow every one.
  const std::string build = cacheBuildIdentity();
  std::string stored;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT value FROM info WHERE name = 'build'", -1, &st, nullptr) ==
      SQLITE_OK) {
    if (sqlite3_step(st) == SQLITE_ROW)
      stored = column(st, 0);
    sqlite3_finalize(st);
  }
  if (stored != build) {
    st = nullptr;
    bool ok = sqlite3_exec(db_, "DELETE FROM source", nullptr, nullptr, nullptr) == SQLITE_OK &&
              sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO info VALUES ('build', ?)", -1, &st,
                                 nullptr) == SQLITE_OK;
    if (ok) {
      sqlite3_bind_text(st, 1, build.data(), static_cast<int>(build.size()), SQLITE_STATIC);
      ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    if (!ok)
      disable("cannot be written");
  }
}

SourceCache::~SourceCache() {
  flush();
  std::lock_guard<std::mutex> lock(mutex_);
  if (db_)
    sqlite3_close(db_);
}

bool SourceCache::enabled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return db_ != nullptr;
}

void SourceCache::disable(const char* what) {
  std::fprintf(stderr, "accord: the index cache in %s %s (%s); working without it\n", dir_.c_str(),
               what, db_ ? sqlite3_errmsg(db_) : "no database");
  if (db_)
    sqlite3_close(db_);
  db_ = nullptr;
  inTransaction_ = false;
}

bool SourceCache::get(const std::string& key, Entry& out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_)
    return false;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT text, anchors, meta, mined FROM source WHERE key = ?", -1,
                         &st, nullptr) != SQLITE_OK) {
    disable("cannot be read");
    return false;
  }
  sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
  bool found = false;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    try {
      Entry e;
      e.source.text = column(st, 0);
      e.source.anchors = decodeAnchors(column(st, 1));
      std::vector<DataError> errors;
      std::string meta = "[" + column(st, 2) + "]";
      std::vector<CslItem> items = parseCatalog(meta, "cache", errors);
      if (items.size() == 1)
        e.source.meta = std::move(items[0]);
      e.mined = decodeMined(column(st, 3));
      for (const MinedDefinition& d : e.mined)
        if (d.sentence.end > e.source.text.size() || d.shortSpan.end > e.source.text.size())
          throw std::runtime_error("span out of range");
      out = std::move(e);
      found = true;
    } catch (const std::exception&) {
      found = false; // a damaged row: read the file again
    }
  } else if (rc != SQLITE_DONE) {
    sqlite3_finalize(st);
    disable("cannot be read");
    return false;
  }
  sqlite3_finalize(st);
  return found;
}

void SourceCache::put(const std::string& key, const Entry& e) {
  std::string anchors = encodeAnchors(e.source.anchors);
  CslItem meta = e.source.meta;
  if (meta.id.empty())
    meta.id = "-"; // parseCatalog wants an id; what the file says of itself has none
  std::string metaJson = cslJson(meta);
  std::string mined = encodeMined(e.mined);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_)
    return;
  if (!inTransaction_) {
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
      disable("cannot be written");
      return;
    }
    inTransaction_ = true;
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO source VALUES (?, ?, ?, ?, ?)", -1, &st,
                         nullptr) != SQLITE_OK) {
    disable("cannot be written");
    return;
  }
  sqlite3_bind_text(st, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
  sqlite3_bind_blob(st, 2, e.source.text.data(), static_cast<int>(e.source.text.size()),
                    SQLITE_STATIC);
  sqlite3_bind_text(st, 3, anchors.data(), static_cast<int>(anchors.size()), SQLITE_STATIC);
  sqlite3_bind_text(st, 4, metaJson.data(), static_cast<int>(metaJson.size()), SQLITE_STATIC);
  sqlite3_bind_text(st, 5, mined.data(), static_cast<int>(mined.size()), SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE)
    disable("cannot be written");
}

void SourceCache::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!db_ || !inTransaction_)
    return;
  inTransaction_ = false;
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    disable("cannot be written");
}

std::string SourceCache::writeRendering(const std::string& key, const std::string& name,
                                        std::string_view text, bool fresh) {
  if (dir_.empty())
    return {};
  std::error_code ec;
  fs::path dir = fs::path(dir_) / "text" / key;
  fs::path path = dir / (name + ".txt");
  if (!fresh && fs::exists(path, ec) && fs::file_size(path, ec) == text.size())
    return path.string();
  fs::create_directories(dir, ec);
  fs::path tmp = dir / (name + ".tmp" + std::to_string(reinterpret_cast<uintptr_t>(&text)));
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out.write(text.data(), static_cast<std::streamsize>(text.size())))
      return {};
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return {};
  }
  return path.string();
}

} // namespace accord
