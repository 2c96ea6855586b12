// `accord-ls terms`, `accord-ls explain TERM` and `accord-ls index DIR…`: what the server knows,
// on the command line.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <unistd.h>

#include "grammar/card.h"
#include "grammar/knowledge.h"
#include "grammar/text.h"
#include "server/cli.h"

namespace accord::cli {

namespace {

std::shared_ptr<const Knowledge> loadKnowledge(const CommonOptions& common) {
  KnowledgeOptions options;
  if (!common.noBundled) {
    std::string bundled = Knowledge::bundledCorpusDir();
    if (bundled.empty())
      std::cerr << "accord-ls: warning: the bundled corpus was not found\n";
    else
      options.corpusRoots.push_back(bundled);
  }
  options.corpusRoots.insert(options.corpusRoots.end(), common.corpusDirs.begin(),
                             common.corpusDirs.end());
  std::string lexicon = Knowledge::bundledLexiconDir();
  if (!lexicon.empty())
    options.lexiconDirs.push_back(lexicon);
  options.lexiconDirs.insert(options.lexiconDirs.end(), common.lexiconDirs.begin(),
                             common.lexiconDirs.end());
  options.wellKnown = {"UN", "US", "EU", "UK", "USA", "NATO"};
  auto knowledge = Knowledge::build(options);
  if (knowledge)
    for (const DataError& e : knowledge->errors)
      std::cerr << e.format() << "\n";
  return knowledge;
}

/// Drops a leading subcommand name if main.cpp passed it along.
std::vector<std::string> operands(const std::vector<std::string>& args, const char* command) {
  std::vector<std::string> out = args;
  if (!out.empty() && out.front() == command)
    out.erase(out.begin());
  return out;
}

size_t displayWidth(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    n += isCjkCodePoint(c) ? 2 : 1;
    i += len ? len : 1;
  }
  return n;
}

std::string pad(const std::string& s, size_t width) {
  size_t w = displayWidth(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string clip(const std::string& s, size_t width) {
  if (displayWidth(s) <= width)
    return s;
  std::string out;
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    size_t cw = isCjkCodePoint(c) ? 2 : 1;
    if (w + cw > width - 1)
      break;
    out.append(s, i, len ? len : 1);
    w += cw;
    i += len ? len : 1;
  }
  return out + "\xE2\x80\xA6";
}

} // namespace

int runTerms(const CommonOptions& common, const std::vector<std::string>& args) {
  std::vector<std::string> ops = operands(args, "terms");
  std::string kindFilter, textFilter;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i] == "--help" || ops[i] == "-h") {
      std::cout
          << "usage: accord-ls terms [--kind KIND] [FILTER]\n"
             "Lists every known term: id, kind, short and long form, and in how many commentaries\n"
             "it is defined and mentioned. FILTER keeps terms whose id or names contain it.\n";
      return 0;
    }
    if (ops[i] == "--kind" && i + 1 < ops.size()) {
      kindFilter = ops[++i];
      TermKind k;
      if (!parseTermKind(kindFilter, k)) {
        std::cerr << "accord-ls terms: unknown kind '" << kindFilter
                  << "' (acronym, agreement, initiative, forum, institution, place, other)\n";
        return 2;
      }
    } else if (!ops[i].empty() && ops[i][0] == '-') {
      std::cerr << "accord-ls terms: unknown option '" << ops[i] << "'\n";
      return 2;
    } else {
      textFilter = foldCase(ops[i]);
    }
  }
  auto knowledge = loadKnowledge(common);
  if (!knowledge)
    return 1;
  const Knowledge& k = *knowledge;
  std::cout << pad("ID", 34) << pad("KIND", 12) << pad("SHORT", 12) << pad("LONG", 56)
            << "DEFINED  MENTIONED\n";
  size_t shown = 0;
  for (uint32_t t = 0; t < k.terms.size(); ++t) {
    const Term& term = k.terms[t];
    if (!kindFilter.empty() && toString(term.kind) != kindFilter)
      continue;
    if (!textFilter.empty()) {
      bool hit = foldCase(term.id).find(textFilter) != std::string::npos ||
                 foldCase(term.shortForm).find(textFilter) != std::string::npos ||
                 foldCase(term.longForm).find(textFilter) != std::string::npos;
      for (const std::string& a : term.aliases)
        hit = hit || foldCase(a).find(textFilter) != std::string::npos;
      if (!hit)
        continue;
    }
    std::set<uint32_t> defining;
    for (const SourceDefinition& d : k.index[t].definitions)
      defining.insert(d.source);
    std::cout << pad(clip(term.id, 33), 34) << pad(std::string(toString(term.kind)), 12)
              << pad(clip(term.shortForm.empty() ? "-" : term.shortForm, 11), 12)
              << pad(clip(term.longForm.empty() ? "-" : term.longForm, 55), 56)
              << pad(std::to_string(defining.size()), 9) << k.index[t].sourcesMentioning << "\n";
    ++shown;
  }
  std::cout << shown << " terms (" << k.sources.size() << " commentaries)\n";
  return 0;
}

int runIndex(const CommonOptions& common, const std::vector<std::string>& args) {
  std::vector<std::string> dirs;
  for (const std::string& op : operands(args, "index")) {
    if (op == "--help" || op == "-h") {
      std::cout << "usage: accord-ls index DIR...\n"
                   "Reads every commentary in the folders (PDF, HTML, Markdown, text, with their\n"
                   "Zotero exports) into the cache, so that a server started on them is ready at\n"
                   "once. Files that cannot be read are named with the reason and skipped.\n";
      return 0;
    }
    if (!op.empty() && op[0] == '-') {
      std::cerr << "accord-ls index: unknown option '" << op << "'\n";
      return 2;
    }
    dirs.push_back(op);
  }
  dirs.insert(dirs.end(), common.corpusDirs.begin(), common.corpusDirs.end());
  if (dirs.empty()) {
    std::cerr << "usage: accord-ls index DIR...\n";
    return 2;
  }
  for (const std::string& d : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(d, ec)) {
      std::cerr << "accord-ls index: " << d << ": not a folder\n";
      return 2;
    }
  }
  KnowledgeOptions options;
  options.corpusRoots = dirs;
  std::string lexicon = Knowledge::bundledLexiconDir();
  if (!lexicon.empty())
    options.lexiconDirs.push_back(lexicon);
  options.lexiconDirs.insert(options.lexiconDirs.end(), common.lexiconDirs.begin(),
                             common.lexiconDirs.end());
  // A bar redrawn in place on a terminal; a line per step (and per tenth) in a log.
  const bool tty = ::isatty(2);
  int lastPercent = -1;
  std::string lastMessage;
  options.progress = [&](int percent, const std::string& message) {
    if (tty) {
      if (percent == lastPercent && message == lastMessage)
        return;
      constexpr int kWidth = 30;
      const int filled = std::clamp(percent, 0, 100) * kWidth / 100;
      std::cerr << "\r[" << std::string(static_cast<size_t>(filled), '#')
                << std::string(static_cast<size_t>(kWidth - filled), '.') << "] " << percent << "% "
                << message << "\x1b[K" << std::flush;
    } else if (message != lastMessage || percent / 10 != lastPercent / 10) {
      std::cerr << percent << "% " << message << "\n";
    }
    lastPercent = percent;
    lastMessage = message;
  };
  auto knowledge = Knowledge::build(options);
  if (tty)
    std::cerr << "\r\x1b[K";
  if (!knowledge)
    return 1;
  for (const DataError& e : knowledge->errors)
    std::cerr << e.format() << "\n";
  const Knowledge& k = *knowledge;
  std::cout << k.sources.size() << (k.sources.size() == 1 ? " source" : " sources") << " indexed ("
            << k.sourcesExtracted << " read, " << k.sourcesFromCache << " from the cache), "
            << k.sourcesSkipped << " skipped\n";
  if (options.cacheDir.empty())
    std::cout << "no cache folder (set XDG_CACHE_HOME or HOME): nothing was kept\n";
  else
    std::cout << "cache: " << options.cacheDir << "\n";
  if (!k.snapshot.empty())
    std::cout << "loaded whole from the library snapshot " << k.snapshot << "\n";
  return k.sourcesSkipped ? 1 : 0;
}

int runExplain(const CommonOptions& common, const std::vector<std::string>& args) {
  std::vector<std::string> ops = operands(args, "explain");
  if (ops.empty() || ops[0] == "--help" || ops[0] == "-h") {
    (ops.empty() ? std::cerr : std::cout)
        << "usage: accord-ls explain TERM\n"
           "Prints what a hover shows for TERM (an id, a short form, a long form or an alias).\n";
    return ops.empty() ? 2 : 0;
  }
  std::string query;
  for (const std::string& o : ops)
    query += (query.empty() ? "" : " ") + o;
  auto knowledge = loadKnowledge(common);
  if (!knowledge)
    return 1;
  const Knowledge& k = *knowledge;
  std::optional<uint32_t> found = k.findId(query);
  if (!found)
    found = k.findShort(query);
  if (!found) {
    std::string q = foldCase(query);
    for (uint32_t t = 0; t < k.terms.size() && !found; ++t) {
      const Term& term = k.terms[t];
      if (foldCase(term.longForm) == q || foldCase(term.id) == q || foldCase(term.shortForm) == q)
        found = t;
      for (const std::string& a : term.aliases)
        if (!found && foldCase(a) == q)
          found = t;
    }
  }
  if (!found) {
    // a form of the term as the recogniser reads it in running text ("FTAs", "the 1965 treaty")
    std::vector<Mention> ms = k.recognizer.scan(query, Language::PlainText);
    if (ms.size() == 1 && ms[0].span.size() == query.size())
      found = ms[0].term;
  }
  if (!found) {
    std::cerr << "accord-ls explain: unknown term '" << query << "'";
    std::vector<uint32_t> near = k.complete(query.substr(0, std::min<size_t>(query.size(), 2)), 5);
    if (!near.empty()) {
      std::cerr << "; known terms starting so:";
      for (uint32_t t : near)
        std::cerr << " " << (k.terms[t].shortForm.empty() ? k.terms[t].id : k.terms[t].shortForm);
    }
    std::cerr << " (see `accord-ls terms`)\n";
    return 1;
  }
  const Term& term = k.terms[*found];
  std::cout << renderCard(k, *found, CardFormat::PlainText);
  std::cout << "Id: " << term.id;
  if (!term.origin.file.empty())
    std::cout << " (" << term.origin.file << ":" << term.origin.line << ")";
  std::cout << "\n";
  const TermIndex& idx = k.index[*found];
  if (!idx.definitions.empty()) {
    std::cout << "Defined at:";
    for (const SourceDefinition& d : idx.definitions)
      std::cout << " " << corpusPlace(k, {d.source, d.definition.shortSpan});
    std::cout << "\n";
  }
  return 0;
}

} // namespace accord::cli
