// Document links: finds citation keys and term mentions and points them at the commentaries.
#include "server/features/links.h"

#include <algorithm>

namespace accord::features {

namespace {

bool isKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_:.#$%&-+?<>~/").find(c) != std::string_view::npos;
}
bool isKeyStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool isAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// A Pandoc key ends before trailing punctuation: "@akutsu2008." cites "akutsu2008".
uint32_t trimKeyEnd(std::string_view text, uint32_t begin, uint32_t end) {
  while (end > begin && !isKeyStart(text[end - 1]))
    --end;
  return end;
}

} // namespace

std::vector<Span> citationKeys(std::string_view text) {
  std::vector<Span> keys;
  const uint32_t size = static_cast<uint32_t>(text.size());
  for (uint32_t i = 0; i < size; ++i) {
    const char c = text[i];
    if (c == '@') {
      char before = i > 0 ? text[i - 1] : ' ';
      if (!(before == '[' || before == ' ' || before == ';' || before == '-' || before == '\n' ||
            before == '\r' || before == '\t'))
        continue;
      uint32_t b = i + 1;
      if (b >= size || !isKeyStart(text[b]))
        continue;
      uint32_t e = b;
      while (e < size && isKeyChar(text[e]))
        ++e;
      e = trimKeyEnd(text, b, e);
      keys.push_back({b, e});
      i = e - 1;
    } else if (c == '\\') {
      uint32_t n = i + 1;
      while (n < size && isAlpha(text[n]))
        ++n;
      std::string_view name = text.substr(i + 1, n - i - 1);
      if (name.find("cite") == std::string_view::npos)
        continue;
      uint32_t p = n;
      if (p < size && text[p] == '*')
        ++p;
      for (int group = 0; group < 2 && p < size && text[p] == '['; ++group) {
        while (p < size && text[p] != ']')
          ++p;
        if (p < size)
          ++p;
      }
      if (p >= size || text[p] != '{')
        continue;
      ++p;
      while (p < size && text[p] != '}') {
        while (p < size && (text[p] == ' ' || text[p] == ',' || text[p] == '\n'))
          ++p;
        uint32_t b = p;
        while (p < size && text[p] != ',' && text[p] != '}' && text[p] != ' ' && text[p] != '\n')
          ++p;
        if (p > b)
          keys.push_back({b, p});
      }
      i = p < size ? p : size - 1;
    }
  }
  return keys;
}

std::vector<LinkHit> documentLinks(const Knowledge& k, const DraftRef& draft) {
  std::vector<LinkHit> links;
  for (Span key : citationKeys(draft.text)) {
    std::string_view id = draft.text.substr(key.begin, key.size());
    for (uint32_t s = 0; s < k.sources.size(); ++s) {
      if (k.sources[s].meta.id != id)
        continue;
      const CslItem& meta = k.sources[s].meta;
      links.push_back({key, s, 0, 0, shortCitation(meta) + ", “" + meta.title + "”"});
      if (k.sources[s].format == SourceFormat::Pdf)
        links.back().page = 1;
      break;
    }
  }
  // One target per term, computed once: the first defining line, else the first mention.
  std::vector<int64_t> targetSource(k.terms.size(), -2);
  std::vector<uint32_t> targetLine(k.terms.size(), 0), targetPage(k.terms.size(), 0);
  for (const Mention& m : draft.analysis->mentions) {
    if (m.term >= k.terms.size())
      continue;
    if (targetSource[m.term] == -2) {
      const TermIndex& index = k.index[m.term];
      targetSource[m.term] = -1;
      if (!index.definitions.empty()) {
        const SourceDefinition& sd = index.definitions.front();
        targetSource[m.term] = sd.source;
        targetLine[m.term] =
            lineOf(k.sources[sd.source].text,
                   std::min(sd.definition.longSpan.begin, sd.definition.shortSpan.begin));
        targetPage[m.term] = k.sources[sd.source].pageAt(sd.definition.shortSpan.begin);
      } else if (!index.mentions.empty()) {
        const SourceLocation& loc = index.mentions.front();
        targetSource[m.term] = loc.source;
        targetLine[m.term] = lineOf(k.sources[loc.source].text, loc.span.begin);
        targetPage[m.term] = k.sources[loc.source].pageAt(loc.span.begin);
      }
    }
    if (targetSource[m.term] < 0)
      continue;
    const uint32_t source = static_cast<uint32_t>(targetSource[m.term]);
    links.push_back({m.span, source, targetLine[m.term], targetPage[m.term],
                     "Open “" + std::string(displayName(k.terms[m.term])) + "” in " +
                         shortCitation(k.sources[source].meta)});
  }
  std::sort(links.begin(), links.end(),
            [](const LinkHit& a, const LinkHit& b) { return a.span.begin < b.span.begin; });
  return links;
}

} // namespace accord::features
