// The workspace's drafts: finding them (extensions, excludes, size limit), reading and analysing.
#include "server/workspace.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <unordered_map>

#include "grammar/files.h"
#include "grammar/paths.h"
#include "server/log.h"

namespace accord {

namespace fs = std::filesystem;

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool hasDraftExtension(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return false;
  std::string ext(path.substr(dot));
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return ext == ".md" || ext == ".markdown" || ext == ".txt" || ext == ".tex";
}

/// "a/b/" stripped of trailing slashes, so prefix tests are exact.
std::string trimSlash(std::string s) {
  while (s.size() > 1 && s.back() == '/')
    s.pop_back();
  return s;
}

bool under(std::string_view path, std::string_view dir) {
  return path.size() > dir.size() && path.starts_with(dir) &&
         (dir.back() == '/' || path[dir.size()] == '/');
}

/// Expands the first {a,b} group; patterns without braces come back alone.
void expandBraces(std::string_view pattern, std::vector<std::string>& out) {
  if (out.size() >= 1024)
    return; // "{a,b}" twenty times over is a million patterns: stop
  size_t open = pattern.find('{');
  if (open == std::string_view::npos) {
    out.emplace_back(pattern);
    return;
  }
  int depth = 0;
  size_t close = std::string_view::npos;
  std::vector<size_t> commas;
  for (size_t i = open; i < pattern.size(); ++i) {
    if (pattern[i] == '{')
      ++depth;
    else if (pattern[i] == '}' && --depth == 0) {
      close = i;
      break;
    } else if (pattern[i] == ',' && depth == 1)
      commas.push_back(i);
  }
  if (close == std::string_view::npos) {
    out.emplace_back(pattern);
    return;
  }
  size_t begin = open + 1;
  commas.push_back(close);
  for (size_t comma : commas) {
    std::string alt(pattern.substr(0, open));
    alt += pattern.substr(begin, comma - begin);
    alt += pattern.substr(close + 1);
    expandBraces(alt, out);
    begin = comma + 1;
  }
}

/// One alternative of a glob (braces expanded) as RE2 syntax over bytes (RE2 runs in Latin-1):
/// "**/" is any run of whole segments or none, "**" any bytes, "*" any bytes but '/', "?" one
/// byte but '/', "[a-z]" / "[!a-z]" / "[^a-z]" one byte of (not of) the class and never '/', an
/// unclosed "[" itself; every other byte stands for itself.
std::string globToRegex(std::string_view p) {
  std::string re;
  auto byte = [&](unsigned char c) {
    static const char* kHex = "0123456789abcdef";
    re += "\\x";
    re += kHex[c >> 4];
    re += kHex[c & 15];
  };
  for (size_t i = 0; i < p.size();) {
    if (p.compare(i, 2, "**") == 0) {
      i += 2;
      if (i < p.size() && p[i] == '/') {
        re += "(?:.*/)?";
        ++i;
      } else {
        re += ".*";
      }
    } else if (p[i] == '*') {
      re += "[^/]*";
      ++i;
    } else if (p[i] == '?') {
      re += "[^/]";
      ++i;
    } else if (size_t close = p[i] == '[' ? p.find(']', i + 1) : std::string_view::npos;
               close != std::string_view::npos) {
      std::string_view set = p.substr(i + 1, close - i - 1);
      bool negate = !set.empty() && (set[0] == '!' || set[0] == '^');
      if (negate)
        set.remove_prefix(1);
      std::string members;
      for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b); // compared as char, signed, as editors' globs were
        bool found = false;
        for (size_t k = 0; k < set.size(); ++k) {
          if (k + 2 < set.size() && set[k + 1] == '-') {
            found = found || (c >= set[k] && c <= set[k + 2]);
            k += 2;
          } else {
            found = found || set[k] == c;
          }
        }
        if (found != negate && c != '/')
          members += c;
      }
      if (members.empty()) {
        re += "[^\\x00-\\xff]"; // matches nothing
      } else {
        re += '[';
        for (char c : members)
          byte(static_cast<unsigned char>(c));
        re += ']';
      }
      i = close + 1;
    } else {
      byte(static_cast<unsigned char>(p[i]));
      ++i;
    }
  }
  return re;
}

/// `pattern` compiled once (a process-wide cache: excludes are asked about every file of a
/// workspace). Null when RE2 refuses it (a brace expansion too large for its memory budget):
/// such a glob matches nothing, as the step budget of the backtracking matcher RE2 replaced
/// made it. RE2 replaced that matcher: no exponential case ("*a*a*a*a*a*a*a*b" on 200 bytes:
/// 77 us instead of 3.1 ms) and no slower on ordinary excludes (8 globs x 10,000 path prefixes:
/// 0.07-0.11 us a match against the matcher's 0.08-0.13, cache lookup included); both give the
/// same answer on 200,000 random glob/path pairs (BENCHMARKS.md, issue 15).
std::shared_ptr<const RE2> compiledGlob(std::string_view pattern) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const RE2>> cache;
  std::string key(pattern);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end())
      return it->second;
  }
  std::vector<std::string> alternatives;
  expandBraces(pattern, alternatives);
  std::string re;
  for (const std::string& alt : alternatives) {
    if (!re.empty())
      re += '|';
    re += "(?:" + globToRegex(alt) + ")";
  }
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_dot_nl(true);
  options.set_never_capture(true);
  options.set_log_errors(false);
  auto compiled = std::make_shared<const RE2>(re, options);
  std::shared_ptr<const RE2> result = compiled->ok() ? compiled : nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() > 256)
    cache.clear(); // settings edited many times must not grow it without bound
  cache.emplace(std::move(key), result);
  return result;
}

bool loadDraft(const std::string& path, const WorkspaceOptions& options,
               const std::shared_ptr<const Knowledge>& knowledge, WorkspaceDraft& draft) {
  // The path may come from the client (didChangeWatchedFiles) or be a link: read it only when,
  // resolved, it is inside a workspace folder.
  if (std::none_of(options.folders.begin(), options.folders.end(),
                   [&](const std::string& folder) { return insideDirectory(path, folder); })) {
    log::info("workspace: ", path,
              " is outside the workspace folders (a link or \"..\"); not read");
    return false;
  }
  std::error_code ec;
  if (auto size = fs::file_size(path, ec); !ec && size > options.maxFileSize) {
    log::info("workspace: ", path, " is ", size, " bytes, over accord.workspace.maxFileSize (",
              options.maxFileSize, "); not read");
    return false;
  }
  if (!readFile(path, draft.text, nullptr, options.maxFileSize))
    return false;
  draft.path = path;
  draft.uri = pathToFileUri(path);
  draft.lines = LineIndex(draft.text);
  draft.language = languageFromId(fs::path(path).extension().string());
  if (knowledge)
    draft.analysis = analyzeFull(knowledge, draft.text, draft.language);
  return true;
}

} // namespace

bool fileUriToPath(std::string_view uri, std::string& path) {
  if (!uri.starts_with("file://"))
    return false;
  std::string_view rest = uri.substr(7);
  if (rest.starts_with("localhost/"))
    rest.remove_prefix(9);
  if (!rest.starts_with("/"))
    return false; // another host: not a local file
  path.clear();
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size()) {
      int hi = hexValue(rest[i + 1]), lo = hexValue(rest[i + 2]);
      if (hi >= 0 && lo >= 0) {
        path += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    if (rest[i] == '?' || rest[i] == '#')
      break;
    path += rest[i];
  }
  if (path.find('\0') != std::string::npos)
    return false; // "%00": no such file name
  // "/a/./b/../c" -> "/a/c", so that the same file has one path (and one URI).
  path = fs::path(path).lexically_normal().string();
  return true;
}

std::string pathToFileUri(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string uri = "file://";
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

bool globMatch(std::string_view pattern, std::string_view path) {
  std::shared_ptr<const RE2> re = compiledGlob(pattern);
  return re && RE2::FullMatch(re2::StringPiece(path.data(), path.size()), *re);
}

bool WorkspaceSnapshot::isDraftPath(const WorkspaceOptions& options, std::string_view path) {
  if (!hasDraftExtension(path))
    return false;
  for (const std::string& skip : options.skipDirs)
    if (!skip.empty() && under(path, trimSlash(skip)))
      return false;
  for (const std::string& folderRaw : options.folders) {
    std::string folder = trimSlash(folderRaw);
    if (!under(path, folder))
      continue;
    std::string_view rel = path.substr(folder.size() + (folder.back() == '/' ? 0 : 1));
    // Hidden directories (.git, .accord, .vscode) and node_modules hold no drafts.
    size_t start = 0;
    bool hidden = false;
    while (start < rel.size()) {
      size_t slash = rel.find('/', start);
      if (slash == std::string_view::npos)
        break;
      std::string_view segment = rel.substr(start, slash - start);
      if (segment.starts_with(".") || segment == "node_modules")
        hidden = true;
      start = slash + 1;
    }
    if (hidden)
      return false;
    for (const std::string& pattern : options.exclude) {
      // An excluded directory excludes what is inside it.
      for (size_t cut = 0; cut != std::string_view::npos;) {
        size_t slash = rel.find('/', cut);
        std::string_view prefix = slash == std::string_view::npos ? rel : rel.substr(0, slash);
        if (globMatch(pattern, prefix))
          return false;
        cut = slash == std::string_view::npos ? slash : slash + 1;
      }
    }
    return true;
  }
  return false;
}

std::vector<std::string> WorkspaceSnapshot::listDrafts(const WorkspaceOptions& options) {
  std::vector<std::string> out;
  for (const std::string& folderRaw : options.folders) {
    std::string folder = trimSlash(folderRaw);
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec)
      continue;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec)
        break;
      const fs::directory_entry& entry = *it;
      std::string path = entry.path().string();
      std::string name = entry.path().filename().string();
      std::error_code typeEc;
      if (entry.is_directory(typeEc)) {
        bool skip = name.starts_with(".") || name == "node_modules";
        for (const std::string& s : options.skipDirs)
          if (trimSlash(s) == path)
            skip = true;
        if (skip)
          it.disable_recursion_pending();
        continue;
      }
      if (!entry.is_regular_file(typeEc))
        continue;
      if (!isDraftPath(options, path))
        continue;
      out.push_back(std::move(path));
      if (out.size() >= kMaxFiles) {
        log::info("workspace: more than ", kMaxFiles, " drafts; the rest are not indexed");
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::shared_ptr<const WorkspaceSnapshot>
WorkspaceSnapshot::build(const WorkspaceOptions& options,
                         std::shared_ptr<const Knowledge> knowledge,
                         const std::function<bool()>& cancelled) {
  auto snapshot = std::make_shared<WorkspaceSnapshot>();
  snapshot->options_ = options;
  snapshot->knowledge_ = knowledge;
  for (const std::string& path : listDrafts(options)) {
    if (cancelled && cancelled())
      return nullptr;
    auto draft = std::make_shared<WorkspaceDraft>();
    if (!loadDraft(path, options, knowledge, *draft))
      continue;
    std::string uri = draft->uri;
    snapshot->drafts_.emplace(std::move(uri), std::move(draft));
  }
  return snapshot;
}

std::shared_ptr<const WorkspaceSnapshot>
WorkspaceSnapshot::withFile(const std::string& path) const {
  auto copy = std::make_shared<WorkspaceSnapshot>(*this);
  std::string uri = pathToFileUri(path);
  copy->drafts_.erase(uri);
  auto draft = std::make_shared<WorkspaceDraft>();
  if (isDraftPath(options_, path) && loadDraft(path, options_, knowledge_, *draft))
    copy->drafts_.emplace(uri, std::move(draft));
  return copy;
}

std::shared_ptr<const WorkspaceSnapshot>
WorkspaceSnapshot::reanalyzed(std::shared_ptr<const Knowledge> knowledge) const {
  auto copy = std::make_shared<WorkspaceSnapshot>(*this);
  copy->knowledge_ = knowledge;
  for (auto& [uri, draft] : copy->drafts_) {
    auto again = std::make_shared<WorkspaceDraft>(*draft);
    again->analysis = knowledge ? analyzeFull(knowledge, again->text, again->language) : nullptr;
    draft = std::move(again);
  }
  return copy;
}

std::vector<std::string> WorkspaceSnapshot::lexiconDirs() const {
  std::vector<std::string> out;
  for (const std::string& folder : options_.folders) {
    std::string dir = trimSlash(folder) + "/.accord/lexicon";
    std::error_code ec;
    if (fs::is_directory(dir, ec))
      out.push_back(dir);
  }
  return out;
}

} // namespace accord
