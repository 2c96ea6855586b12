// The library snapshot: one file holding a finished Knowledge, keyed by the state of every file
// the build reads.
#include "grammar/library_snapshot.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "grammar/knowledge.h"
#include "grammar/source_cache.h"

namespace accord {

namespace fs = std::filesystem;

namespace {

/// Bumped whenever what is written changes.
constexpr uint32_t kSnapshotFormat = 2;
constexpr char kMagic[8] = {'A', 'C', 'C', 'S', 'N', 'A', 'P', '\n'};

/// A 64-bit checksum of `s` on four independent lanes (a damaged snapshot is a miss, never
/// trusted): about memory speed, a few milliseconds for the 100 MB of a 10,000-document library.
uint64_t checksum(std::string_view s, uint64_t seed = 0) {
  constexpr uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xBF58476D1CE4E5B9ull;
  uint64_t h[4] = {seed ^ k1, seed ^ k2, seed + k1, seed - k2};
  size_t i = 0;
  const char* p = s.data();
  for (; i + 32 <= s.size(); i += 32)
    for (int l = 0; l < 4; ++l) {
      uint64_t w;
      std::memcpy(&w, p + i + 8 * l, 8);
      h[l] = (h[l] ^ w) * k2;
      h[l] ^= h[l] >> 29;
    }
  uint64_t tail = 0;
  size_t rest = s.size() - i;
  for (size_t j = 0; j < rest; ++j)
    tail = (tail << 8) | static_cast<unsigned char>(p[i + j]);
  uint64_t out = s.size() * k1;
  for (uint64_t x : {h[0], h[1], h[2], h[3], tail}) {
    out = (out ^ x) * 0x94D049BB133111EBull;
    out ^= out >> 31;
  }
  return out;
}

/// The encoded Knowledge is checksummed in blocks of this size, chained, so that it can be
/// written out a block at a time instead of held whole (100 MB for 10,000 documents).
constexpr size_t kBlock = size_t{4} << 20;

uint64_t blockChecksum(std::string_view s) {
  uint64_t sum = 0;
  for (size_t at = 0; at < s.size(); at += kBlock)
    sum = checksum(s.substr(at, kBlock), sum);
  return sum;
}

struct Writer {
  std::string out;
  /// When set, spill() hands it every whole block (and finish() the rest), checksummed.
  std::function<bool(std::string_view)> sink;
  uint64_t sum = 0, written = 0;
  bool failed = false;
  void spill() {
    if (!sink || out.size() < kBlock)
      return;
    size_t whole = out.size() / kBlock * kBlock;
    for (size_t at = 0; at < whole; at += kBlock)
      put(std::string_view(out).substr(at, kBlock));
    out.erase(0, whole);
  }
  void finish() {
    if (!out.empty())
      put(out);
    out.clear();
  }
  void put(std::string_view block) {
    sum = checksum(block, sum);
    written += block.size();
    failed = failed || !sink(block);
  }
  void u8(uint8_t v) { out.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
  void u64(uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    out.append(s);
  }
  void span(Span s) {
    u32(s.begin);
    u32(s.end);
  }
  void strings(const std::vector<std::string>& v) {
    u64(v.size());
    for (const std::string& s : v)
      str(s);
  }
  template <class T> void raw(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(v.size());
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
};

struct Reader {
  const char* p;
  const char* end;
  [[noreturn]] static void bad() { throw std::runtime_error("damaged snapshot"); }
  void need(uint64_t n) const {
    if (n > static_cast<uint64_t>(end - p))
      bad();
  }
  uint8_t u8() {
    need(1);
    return static_cast<uint8_t>(*p++);
  }
  uint32_t u32() {
    uint32_t v;
    need(4);
    std::memcpy(&v, p, 4);
    p += 4;
    return v;
  }
  uint64_t u64() {
    uint64_t v;
    need(8);
    std::memcpy(&v, p, 8);
    p += 8;
    return v;
  }
  bool flag() {
    uint8_t v = u8();
    if (v > 1)
      bad();
    return v;
  }
  /// A count of items of at least `least` bytes each: never more than the bytes left.
  size_t count(size_t least) {
    uint64_t n = u64();
    if (n > static_cast<uint64_t>(end - p) / std::max<size_t>(1, least))
      bad();
    return static_cast<size_t>(n);
  }
  std::string str() {
    size_t n = count(1);
    std::string s(p, n);
    p += n;
    return s;
  }
  Span span() {
    Span s;
    s.begin = u32();
    s.end = u32();
    if (s.end < s.begin)
      bad();
    return s;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> v(count(8));
    for (std::string& s : v)
      s = str();
    return v;
  }
  template <class T> std::vector<T> raw() {
    size_t n = count(sizeof(T));
    std::vector<T> v(n);
    if (n > 0) // (an empty vector's data() may be null, which memcpy must not be given)
      std::memcpy(v.data(), p, n * sizeof(T));
    p += n * sizeof(T);
    return v;
  }
};

// --- the fingerprint ------------------------------------------------------------------------

int64_t nanoseconds(const struct timespec& t) {
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

/// What stat says of a file (after links) that a change of its content or readability changes.
void addStat(Writer& w, const struct stat& st, int64_t racyAfter, bool& racy) {
  w.u32(st.st_mode);
  w.u64(static_cast<uint64_t>(st.st_size));
  w.i64(nanoseconds(st.st_mtim));
  w.i64(nanoseconds(st.st_ctim));
  w.u64(st.st_ino);
  w.u64(st.st_dev);
  if (std::max(nanoseconds(st.st_mtim), nanoseconds(st.st_ctim)) > racyAfter)
    racy = true;
}

/// Every entry of `dir` (not recursive: neither corpus roots nor lexicon directories are read
/// further down), sorted by name.
void addDirectory(Writer& w, const std::string& dir, int64_t racyAfter, bool& racy) {
  w.str(dir);
  struct stat st {};
  if (dir.empty() || ::stat(dir.c_str(), &st) != 0) {
    w.u8(0); // missing
    return;
  }
  w.u8(S_ISDIR(st.st_mode) ? 1 : 2);
  std::error_code ec;
  w.str(fs::weakly_canonical(fs::absolute(dir, ec), ec).string());
  if (!S_ISDIR(st.st_mode)) {
    addStat(w, st, racyAfter, racy);
    return;
  }
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* d = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!d) {
    if (fd >= 0)
      ::close(fd);
    w.u8(0); // cannot be listed
    return;
  }
  w.u8(1);
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name != "." && name != "..")
      names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  w.u64(names.size());
  for (const std::string& name : names) {
    w.str(name);
    struct stat lst {};
    if (::fstatat(fd, name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) != 0) {
      w.u8(0);
      continue;
    }
    if (S_ISLNK(lst.st_mode)) {
      char target[4096];
      ssize_t n = ::readlinkat(fd, name.c_str(), target, sizeof target);
      w.u8(2);
      w.str(n > 0 ? std::string_view(target, static_cast<size_t>(n)) : std::string_view());
      addStat(w, lst, racyAfter, racy);
      if (::fstatat(fd, name.c_str(), &st, 0) != 0) {
        w.u8(0); // a dangling link
        continue;
      }
    } else {
      st = lst;
    }
    w.u8(1);
    addStat(w, st, racyAfter, racy);
  }
  ::closedir(d); // closes fd
}

// --- the Knowledge --------------------------------------------------------------------------

void writeCsl(Writer& w, const CslItem& c) {
  for (const std::string* s : {&c.id, &c.type, &c.title, &c.publisher, &c.collectionTitle,
                               &c.number, &c.note, &c.containerTitle, &c.url, &c.file})
    w.str(*s);
  w.u64(c.author.size());
  for (const CslName& n : c.author) {
    w.str(n.family);
    w.str(n.given);
  }
  w.u32(static_cast<uint32_t>(c.year));
  w.u32(static_cast<uint32_t>(c.month));
  w.u32(static_cast<uint32_t>(c.day));
  w.u8(c.circa);
}

CslItem readCsl(Reader& r) {
  CslItem c;
  for (std::string* s : {&c.id, &c.type, &c.title, &c.publisher, &c.collectionTitle, &c.number,
                         &c.note, &c.containerTitle, &c.url, &c.file})
    *s = r.str();
  c.author.resize(r.count(16));
  for (CslName& n : c.author) {
    n.family = r.str();
    n.given = r.str();
  }
  c.year = static_cast<int>(r.u32());
  c.month = static_cast<int>(r.u32());
  c.day = static_cast<int>(r.u32());
  c.circa = r.flag();
  return c;
}

void writeTerm(Writer& w, const Term& t) {
  w.str(t.id);
  w.u8(static_cast<uint8_t>(t.kind));
  w.str(t.shortForm);
  w.str(t.longForm);
  w.strings(t.aliases);
  w.strings(t.patterns);
  w.strings(t.contextPatterns);
  w.strings(t.contextTerms);
  w.str(t.gloss);
  w.u64(t.dates.size());
  for (const DatedEvent& d : t.dates) {
    w.str(d.event);
    w.str(d.date);
  }
  w.strings(t.parties);
  w.u8(t.wellKnown);
  w.u8(t.mined);
  w.str(t.origin.file);
  w.u32(t.origin.line);
  w.strings(t.sources);
  w.u64(t.names.size());
  for (const LocalName& n : t.names) {
    w.str(n.text);
    w.str(n.lang);
    w.str(n.form);
  }
}

Term readTerm(Reader& r) {
  Term t;
  t.id = r.str();
  uint8_t kind = r.u8();
  if (kind > static_cast<uint8_t>(TermKind::Other))
    Reader::bad();
  t.kind = static_cast<TermKind>(kind);
  t.shortForm = r.str();
  t.longForm = r.str();
  t.aliases = r.strings();
  t.patterns = r.strings();
  t.contextPatterns = r.strings();
  t.contextTerms = r.strings();
  t.gloss = r.str();
  t.dates.resize(r.count(16));
  for (DatedEvent& d : t.dates) {
    d.event = r.str();
    d.date = r.str();
  }
  t.parties = r.strings();
  t.wellKnown = r.flag();
  t.mined = r.flag();
  t.origin.file = r.str();
  t.origin.line = r.u32();
  t.sources = r.strings();
  t.names.resize(r.count(24));
  for (LocalName& n : t.names) {
    n.text = r.str();
    n.lang = r.str();
    n.form = r.str();
  }
  return t;
}

void writeDefinition(Writer& w, const MinedDefinition& d) {
  w.str(d.shortForm);
  w.str(d.longForm);
  w.span(d.shortSpan);
  w.span(d.longSpan);
  w.span(d.sentence);
  w.span(d.extent);
  w.u8(d.shortFirst);
  w.u8(d.clause);
}

MinedDefinition readDefinition(Reader& r) {
  MinedDefinition d;
  d.shortForm = r.str();
  d.longForm = r.str();
  d.shortSpan = r.span();
  d.longSpan = r.span();
  d.sentence = r.span();
  d.extent = r.span();
  d.shortFirst = r.flag();
  d.clause = r.flag();
  return d;
}

/// Everything but the texts, which follow it in the file (their sizes are written here).
void encode(const Knowledge& k, Writer& w) {
  w.u64(k.sourcesSkipped);
  w.u64(k.errors.size());
  for (const DataError& e : k.errors) {
    w.str(e.file);
    w.u32(e.line);
    w.str(e.message);
  }
  w.u64(k.terms.size());
  for (const Term& t : k.terms) {
    writeTerm(w, t);
    w.spill();
  }
  w.u64(k.sources.size());
  for (const Source& s : k.sources) {
    writeCsl(w, s.meta);
    w.str(s.path);
    w.str(s.original);
    w.u8(static_cast<uint8_t>(s.format));
    w.u64(s.anchors.size());
    for (const SourceAnchor& a : s.anchors) {
      w.u32(a.offset);
      w.u32(a.page);
      w.str(a.id);
      w.str(a.label);
    }
    w.u64(s.text.size());
    // The size of the text rendering at `path` (for a PDF or a web page), checked on loading.
    std::error_code ec;
    w.u64(s.path == s.original ? 0 : fs::file_size(s.path, ec));
    w.spill();
  }
  w.u64(k.index.size());
  for (const TermIndex& ti : k.index) {
    w.u64(ti.definitions.size());
    for (const SourceDefinition& d : ti.definitions) {
      w.u32(d.source);
      writeDefinition(w, d.definition);
    }
    w.raw(ti.mentions);
    w.u32(ti.sourcesMentioning);
    w.u32(ti.sourcesDefining);
    w.raw(ti.expansions);
    w.spill();
  }
}

/// Reads what encode wrote into `k`, checking every index and span against what it refers to.
/// Returns the size of each source's text, in order; throws on anything out of place.
std::vector<uint64_t> decode(std::string_view bytes, Knowledge& k) {
  Reader r{bytes.data(), bytes.data() + bytes.size()};
  k.sourcesSkipped = r.u64();
  k.errors.resize(r.count(20));
  for (DataError& e : k.errors) {
    e.file = r.str();
    e.line = r.u32();
    e.message = r.str();
  }
  k.terms.resize(r.count(64));
  for (Term& t : k.terms)
    t = readTerm(r);
  k.sources.resize(r.count(64));
  std::vector<uint64_t> sizes(k.sources.size());
  for (size_t i = 0; i < k.sources.size(); ++i) {
    Source& s = k.sources[i];
    s.meta = readCsl(r);
    s.path = r.str();
    s.original = r.str();
    uint8_t format = r.u8();
    if (format > static_cast<uint8_t>(SourceFormat::Pdf))
      Reader::bad();
    s.format = static_cast<SourceFormat>(format);
    s.anchors.resize(r.count(24));
    for (SourceAnchor& a : s.anchors) {
      a.offset = r.u32();
      a.page = r.u32();
      a.id = r.str();
      a.label = r.str();
    }
    sizes[i] = r.u64();
    for (const SourceAnchor& a : s.anchors)
      if (a.offset > sizes[i])
        Reader::bad();
    // A text rendering deleted or changed since (the cache folder cleaned by hand): a miss,
    // the build writes it again.
    uint64_t rendering = r.u64();
    if (s.path != s.original) {
      struct stat st {};
      if (::stat(s.path.c_str(), &st) != 0 || static_cast<uint64_t>(st.st_size) != rendering)
        Reader::bad();
    }
  }
  if (r.u64() != k.terms.size())
    Reader::bad();
  k.index.resize(k.terms.size());
  const size_t sources = k.sources.size();
  auto inText = [&](uint32_t source, Span span) {
    if (source >= sources || span.end > sizes[source])
      Reader::bad();
  };
  for (TermIndex& ti : k.index) {
    ti.definitions.resize(r.count(40));
    for (SourceDefinition& d : ti.definitions) {
      d.source = r.u32();
      d.definition = readDefinition(r);
      inText(d.source, d.definition.shortSpan);
      inText(d.source, d.definition.longSpan);
      inText(d.source, d.definition.sentence);
      inText(d.source, d.definition.extent);
    }
    ti.mentions = r.raw<SourceLocation>();
    for (const SourceLocation& m : ti.mentions)
      inText(m.source, m.span);
    ti.sourcesMentioning = r.u32();
    ti.sourcesDefining = r.u32();
    ti.expansions = r.raw<uint32_t>();
    for (uint32_t e : ti.expansions)
      if (e >= ti.definitions.size())
        Reader::bad();
  }
  if (r.p != r.end)
    Reader::bad();
  return sizes;
}

bool readAll(int fd, char* to, size_t n) {
  while (n > 0) {
    ssize_t got = ::read(fd, to, n);
    if (got <= 0) {
      if (got < 0 && errno == EINTR)
        continue;
      return false;
    }
    to += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

bool preadAll(int fd, char* to, size_t n, off_t at) {
  while (n > 0) {
    ssize_t got = ::pread(fd, to, n, at);
    if (got <= 0) {
      if (got < 0 && errno == EINTR)
        continue;
      return false;
    }
    to += got;
    at += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

bool writeAll(int fd, const char* from, size_t n) {
  while (n > 0) {
    ssize_t put = ::write(fd, from, n);
    if (put <= 0) {
      if (put < 0 && errno == EINTR)
        continue;
      return false;
    }
    from += put;
    n -= static_cast<size_t>(put);
  }
  return true;
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

/// The header: magic, format, fingerprint size; then the fingerprint; then the sizes and
/// checksums of the encoded Knowledge and of the texts.
struct Header {
  uint64_t metaSize = 0, metaSum = 0, textSize = 0, textSum = 0;
};

/// Snapshots not used for 30 days (a library or configuration given up: each is as large as
/// its library's text and index), and temporary files of writers that died an hour ago or
/// more, are removed from the cache folder. A snapshot's modification time is its last use
/// (load touches it).
void prune(const std::string& keep) {
  const fs::path dir = fs::path(keep).parent_path();
  const auto now = fs::file_time_type::clock::now();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("library-", 0) != 0 || e.path() == keep)
      continue;
    const bool temporary = name.find(".snapshot.tmp-") != std::string::npos;
    const bool snapshot = name.size() > 9 && name.compare(name.size() - 9, 9, ".snapshot") == 0;
    std::error_code stat;
    const auto age = now - fs::last_write_time(e.path(), stat);
    if (stat)
      continue;
    if ((temporary && age > std::chrono::hours(1)) ||
        (snapshot && age > std::chrono::hours(24 * 30)))
      fs::remove(e.path(), stat);
  }
}

} // namespace

LibrarySnapshot::LibrarySnapshot(const KnowledgeOptions& options) {
  if (options.cacheDir.empty())
    return;
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int64_t racyAfter = now - int64_t{racyWindowMs.load()} * 1000000;
  Writer w;
  w.u32(kSnapshotFormat);
  w.str(cacheBuildIdentity());
  w.str(options.cacheDir);
  // The options, which also name the file: one snapshot per configuration (the server's
  // interim build of the bundled corpus does not replace the library's).
  Writer config;
  config.strings(options.corpusRoots);
  config.strings(options.lexiconDirs);
  config.strings(options.wellKnown);
  // Relative roots are read from the working directory (and errors name them as given).
  bool relative = false;
  for (const auto* dirs : {&options.corpusRoots, &options.lexiconDirs})
    for (const std::string& dir : *dirs)
      relative = relative || (!dir.empty() && dir[0] != '/');
  std::error_code ec;
  config.str(relative ? fs::current_path(ec).string() : std::string());
  w.out += config.out;
  for (const std::string& dir : options.corpusRoots)
    addDirectory(w, dir, racyAfter, racy_);
  for (const std::string& dir : options.lexiconDirs)
    addDirectory(w, dir, racyAfter, racy_);
  fingerprint_ = std::move(w.out);
  char name[64];
  std::snprintf(name, sizeof name, "library-%016llx.snapshot",
                static_cast<unsigned long long>(checksum(config.out)));
  path_ = (fs::path(options.cacheDir) / name).string();
}

LibrarySnapshot::~LibrarySnapshot() = default;

std::shared_ptr<Knowledge>
LibrarySnapshot::load(const std::function<bool()>& cancelled,
                      const std::function<void(Knowledge&)>& whileTextsLoad) const {
  if (path_.empty())
    return nullptr;
  Fd file{::open(path_.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0)
    return nullptr;
  // The texts are read on a thread of their own while this one reads the index and runs
  // whileTextsLoad (the recogniser): half the time of a load on two cores.
  // What the reader thread uses lives until it is joined, however this function is left.
  Header h;
  std::vector<uint64_t> sizes;
  std::vector<std::string> texts;
  bool textsRead = false;
  std::atomic<bool> stop{false};
  std::thread reader;
  struct Join {
    std::thread& t;
    std::atomic<bool>& stop;
    ~Join() {
      stop = true;
      if (t.joinable())
        t.join();
    }
  } join{reader, stop};
  try {
    // magic, format, the fingerprint
    char head[8 + 4 + 8];
    if (!readAll(file.fd, head, sizeof head) || std::memcmp(head, kMagic, 8) != 0)
      return nullptr;
    uint32_t format;
    uint64_t fingerprintSize;
    std::memcpy(&format, head + 8, 4);
    std::memcpy(&fingerprintSize, head + 12, 8);
    if (format != kSnapshotFormat || fingerprintSize != fingerprint_.size())
      return nullptr;
    std::string fingerprint(fingerprintSize, '\0');
    if (!readAll(file.fd, fingerprint.data(), fingerprint.size()) || fingerprint != fingerprint_)
      return nullptr;
    uint64_t count = 0;
    struct stat st {};
    if (!readAll(file.fd, reinterpret_cast<char*>(&h), sizeof h) ||
        !readAll(file.fd, reinterpret_cast<char*>(&count), sizeof count) ||
        ::fstat(file.fd, &st) != 0)
      return nullptr;
    const uint64_t fileSize = static_cast<uint64_t>(st.st_size);
    if (h.metaSize > fileSize || h.textSize > fileSize || count > fileSize / 8)
      return nullptr;
    // The size of each text (also in the index, checked against it below).
    sizes.resize(count);
    if (!readAll(file.fd, reinterpret_cast<char*>(sizes.data()), count * 8))
      return nullptr;
    const uint64_t metaAt = sizeof head + fingerprintSize + sizeof h + 8 + count * 8;
    uint64_t total = 0;
    for (uint64_t n : sizes) {
      if (n > h.textSize)
        return nullptr;
      total += n;
    }
    if (fileSize != metaAt + h.metaSize + h.textSize || total != h.textSize)
      return nullptr; // truncated, or more than was written
    texts.resize(count);
    reader = std::thread([&, fd = file.fd, at = metaAt + h.metaSize] {
      try {
        uint64_t sum = 0;
        off_t offset = static_cast<off_t>(at);
        for (size_t i = 0; i < texts.size(); ++i) {
          std::string& text = texts[i];
          text.resize(sizes[i]);
          if (stop.load(std::memory_order_relaxed) ||
              !preadAll(fd, text.data(), text.size(), offset))
            return;
          offset += static_cast<off_t>(text.size());
          sum = checksum(text, sum);
        }
        textsRead = sum == h.textSum;
      } catch (const std::exception&) {
        // out of memory: textsRead stays false, a miss
      }
    });
    std::string meta(h.metaSize, '\0');
    if (!preadAll(file.fd, meta.data(), meta.size(), static_cast<off_t>(metaAt)) ||
        blockChecksum(meta) != h.metaSum)
      return nullptr;
    auto k = std::make_shared<Knowledge>();
    if (decode(meta, *k) != sizes)
      return nullptr;
    meta = {};
    if (cancelled && cancelled())
      return nullptr;
    if (whileTextsLoad)
      whileTextsLoad(*k);
    reader.join();
    if (!textsRead)
      return nullptr;
    for (size_t i = 0; i < texts.size(); ++i)
      k->sources[i].text = std::move(texts[i]);
    k->sourcesFromCache = k->sources.size();
    k->snapshot = path_;
    ::futimens(file.fd, nullptr); // its last use, for prune()
    return k;
  } catch (const std::exception&) {
    return nullptr; // damaged: never trusted
  }
}

bool LibrarySnapshot::save(const Knowledge& k) const {
  if (path_.empty() || racy_)
    return false;
  std::error_code ec;
  fs::create_directories(fs::path(path_).parent_path(), ec);
  // Unique among the processes and threads writing it at once; renamed over the snapshot whole.
  char suffix[64];
  Header h;
  std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%llx", static_cast<long>(::getpid()),
                static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(&h)));
  const std::string tmp = path_ + suffix;
  bool ok;
  {
    Fd file{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
    if (file.fd < 0)
      return false;
    // The header with its sizes and checksums left empty, written again at the end.
    Writer head;
    head.out.append(kMagic, 8);
    head.u32(kSnapshotFormat);
    head.str(fingerprint_);
    const size_t headerAt = head.out.size();
    head.out.append(reinterpret_cast<const char*>(&h), sizeof h);
    // The size of each text, for the reader of the texts to start before the index is read.
    head.u64(k.sources.size());
    for (const Source& src : k.sources)
      head.u64(src.text.size());
    ok = writeAll(file.fd, head.out.data(), head.out.size());
    Writer w;
    w.sink = [&](std::string_view block) { return writeAll(file.fd, block.data(), block.size()); };
    if (ok) {
      encode(k, w);
      w.finish();
      ok = !w.failed;
    }
    h.metaSize = w.written;
    h.metaSum = w.sum;
    for (size_t i = 0; ok && i < k.sources.size(); ++i) {
      const std::string& text = k.sources[i].text;
      h.textSize += text.size();
      h.textSum = checksum(text, h.textSum);
      ok = writeAll(file.fd, text.data(), text.size());
    }
    ok = ok && ::pwrite(file.fd, &h, sizeof h, static_cast<off_t>(headerAt)) ==
                   static_cast<ssize_t>(sizeof h);
    ok = ::close(file.fd) == 0 && ok;
    file.fd = -1;
  }
  if (ok)
    ok = ::rename(tmp.c_str(), path_.c_str()) == 0;
  if (!ok)
    ::unlink(tmp.c_str());
  if (ok)
    prune(path_);
  return ok;
}

} // namespace accord
