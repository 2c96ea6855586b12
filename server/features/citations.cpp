// Citations: the table of abbreviations in the draft's own markup, and citations of the
// commentary behind a term as a Chicago footnote, a Pandoc key or \cite with a BibTeX entry.
#include "server/features/citations.h"

#include <algorithm>
#include <map>

#include "grammar/catalog.h"
#include "grammar/text.h"

namespace accord::features {

namespace {

char lowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = lowerAscii(c);
  return out;
}

std::string_view lineEnding(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r')
    return "\r\n";
  return "\n";
}

size_t codePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80)
      ++n;
  return n;
}

std::string escapeLatex(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&':
    case '%':
    case '$':
    case '#':
    case '_':
    case '{':
    case '}':
      out += '\\';
      out += c;
      break;
    case '~':
      out += "\\textasciitilde{}";
      break;
    case '^':
      out += "\\textasciicircum{}";
      break;
    case '\\':
      out += "\\textbackslash{}";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string escapeTableCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += '\\';
    out += c;
  }
  return out;
}

/// Lines of `text` as [begin, end) without their line break, with the offset after the break.
struct Line {
  size_t begin, end, next;
};
std::vector<Line> lines(std::string_view text) {
  std::vector<Line> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t e = i;
    while (e < text.size() && text[e] != '\n' && text[e] != '\r')
      ++e;
    size_t n = e;
    if (n < text.size() && text[n] == '\r')
      ++n;
    if (n < text.size() && text[n] == '\n' && (n == e || text[n - 1] == '\r'))
      ++n;
    out.push_back({i, e, n});
    i = n;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// An existing table of abbreviations (one this feature wrote, or looks like it), to replace.
std::optional<Span> existingTable(std::string_view text, Language language) {
  std::vector<Line> ls = lines(text);
  for (size_t i = 0; i < ls.size(); ++i) {
    std::string_view l = trim(text.substr(ls[i].begin, ls[i].end - ls[i].begin));
    size_t last = i;
    if (language == Language::Latex) {
      if (l != "\\section*{Abbreviations}")
        continue;
      size_t j = i + 1;
      while (j < ls.size() && trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)).empty())
        ++j;
      if (j >= ls.size() ||
          trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)) != "\\begin{description}")
        continue;
      while (j < ls.size() &&
             trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)) != "\\end{description}")
        ++j;
      if (j >= ls.size())
        continue;
      last = j;
    } else if (language == Language::Markdown) {
      std::string_view h = l;
      size_t hashes = 0;
      while (hashes < h.size() && h[hashes] == '#')
        ++hashes;
      if (hashes == 0 || trim(h.substr(hashes)) != "Abbreviations")
        continue;
      size_t j = i + 1;
      while (j < ls.size() && trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)).empty())
        ++j;
      if (j >= ls.size() ||
          !trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)).starts_with("|"))
        continue;
      while (j < ls.size() &&
             trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)).starts_with("|"))
        ++j;
      last = j - 1;
    } else {
      if (l != "Abbreviations")
        continue;
      size_t j = i + 1;
      while (j < ls.size() && trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)).empty())
        ++j;
      if (j >= ls.size())
        continue;
      while (j < ls.size() && !trim(text.substr(ls[j].begin, ls[j].end - ls[j].begin)).empty())
        ++j;
      last = j - 1;
    }
    // Take one blank line after the table with it, as the rendering writes one.
    size_t end = ls[last].next;
    if (last + 1 < ls.size() && ls[last + 1].begin == ls[last + 1].end)
      end = ls[last + 1].next;
    return Span{static_cast<uint32_t>(ls[i].begin), static_cast<uint32_t>(end)};
  }
  return std::nullopt;
}

/// Where a new table goes: after the title, or at the top.
uint32_t tableInsertionPoint(std::string_view text, Language language) {
  std::vector<Line> ls = lines(text);
  auto lineText = [&](size_t i) { return trim(text.substr(ls[i].begin, ls[i].end - ls[i].begin)); };
  auto afterBlank = [&](size_t i) {
    size_t j = i + 1;
    while (j < ls.size() && lineText(j).empty())
      ++j;
    return j < ls.size() ? ls[j].begin : text.size();
  };
  if (language == Language::Latex) {
    for (std::string_view marker :
         {std::string_view("\\maketitle"), std::string_view("\\begin{document}")})
      for (size_t i = 0; i < ls.size(); ++i)
        if (lineText(i).starts_with(marker))
          return static_cast<uint32_t>(afterBlank(i));
    return 0;
  }
  if (language == Language::Markdown) {
    size_t i = 0;
    if (!ls.empty() && lineText(0) == "---") { // YAML front matter
      for (size_t j = 1; j < ls.size(); ++j)
        if (lineText(j) == "---" || lineText(j) == "...") {
          i = j + 1;
          break;
        }
    }
    while (i < ls.size() && lineText(i).empty())
      ++i;
    if (i < ls.size() && lineText(i).starts_with("# "))
      return static_cast<uint32_t>(afterBlank(i));
    return i < ls.size() ? static_cast<uint32_t>(ls[i].begin) : static_cast<uint32_t>(text.size());
  }
  return 0;
}

} // namespace

std::string_view toString(CitationStyle s) {
  switch (s) {
  case CitationStyle::Auto:
    return "auto";
  case CitationStyle::Footnote:
    return "footnote";
  case CitationStyle::Pandoc:
    return "pandoc";
  case CitationStyle::Latex:
    return "latex";
  }
  return "auto";
}

bool parseCitationStyle(std::string_view s, CitationStyle& out) {
  if (s == "auto")
    out = CitationStyle::Auto;
  else if (s == "footnote")
    out = CitationStyle::Footnote;
  else if (s == "pandoc")
    out = CitationStyle::Pandoc;
  else if (s == "latex")
    out = CitationStyle::Latex;
  else
    return false;
  return true;
}

CitationStyle resolveStyle(CitationStyle s, Language language) {
  if (s != CitationStyle::Auto)
    return s;
  return language == Language::Latex ? CitationStyle::Latex : CitationStyle::Footnote;
}

std::vector<AbbreviationRow> abbreviationRows(const Knowledge& knowledge,
                                              const DraftAnalysis& analysis) {
  // Keyed by the singular short form; the draft's first definition wins over the commentaries.
  std::map<std::string, AbbreviationRow> rows;
  for (const DraftDefinition& d : analysis.definitions) {
    std::string key = singularShortForm(d.definition.shortForm);
    if (key.empty())
      key = d.definition.shortForm;
    if (key.empty() || d.definition.longForm.empty() || rows.count(key))
      continue;
    std::string longForm = d.definition.longForm;
    rows[key] = {key, longForm};
  }
  for (const Mention& m : analysis.mentions) {
    if (m.form != FormKind::Short)
      continue;
    const Term& t = analysis.term(knowledge, m.term);
    if (t.shortForm.empty() || rows.count(t.shortForm))
      continue;
    std::string longForm = t.longForm;
    if (longForm.empty() && m.term < knowledge.index.size() &&
        !knowledge.index[m.term].definitions.empty())
      longForm = knowledge.index[m.term].definitions.front().definition.longForm;
    if (longForm.empty())
      continue;
    rows[t.shortForm] = {t.shortForm, longForm};
  }
  std::vector<AbbreviationRow> out;
  for (auto& [key, row] : rows)
    out.push_back(std::move(row));
  std::stable_sort(out.begin(), out.end(), [](const AbbreviationRow& a, const AbbreviationRow& b) {
    return lower(a.shortForm) < lower(b.shortForm);
  });
  return out;
}

std::string renderAbbreviations(const std::vector<AbbreviationRow>& rows, Language language,
                                std::string_view eol) {
  std::string out;
  auto line = [&](std::string_view s) {
    out += s;
    out += eol;
  };
  switch (language) {
  case Language::Markdown:
    line("## Abbreviations");
    line("");
    line("| Abbreviation | Meaning |");
    line("|---|---|");
    for (const AbbreviationRow& r : rows)
      line("| " + escapeTableCell(r.shortForm) + " | " + escapeTableCell(r.longForm) + " |");
    line("");
    break;
  case Language::Latex:
    line("\\section*{Abbreviations}");
    line("\\begin{description}");
    for (const AbbreviationRow& r : rows) {
      std::string label = escapeLatex(r.shortForm);
      if (label.find(']') != std::string::npos)
        label = "{" + label + "}";
      line("  \\item[" + label + "] " + escapeLatex(r.longForm));
    }
    line("\\end{description}");
    line("");
    break;
  case Language::PlainText: {
    size_t width = 0;
    for (const AbbreviationRow& r : rows)
      width = std::max(width, codePoints(r.shortForm));
    line("Abbreviations");
    line("");
    for (const AbbreviationRow& r : rows)
      line(r.shortForm + std::string(width - codePoints(r.shortForm) + 2, ' ') + r.longForm);
    line("");
    break;
  }
  }
  return out;
}

bool abbreviationTableEdit(const Knowledge& knowledge, const DraftAnalysis& analysis,
                           std::string_view text, Language language, TextEdit& out,
                           std::string& error) {
  std::vector<AbbreviationRow> rows = abbreviationRows(knowledge, analysis);
  if (rows.empty()) {
    error = "This draft uses no abbreviations that Accord knows; there is no table to insert.";
    return false;
  }
  std::string_view eol = lineEnding(text);
  std::string table = renderAbbreviations(rows, language, eol);
  if (auto old = existingTable(text, language)) {
    out = {*old, table};
    return true;
  }
  uint32_t at = tableInsertionPoint(text, language);
  // Keep a blank line between what comes before and the table.
  if (at > 0 && at == text.size() && text.back() != '\n' && text.back() != '\r')
    table = std::string(eol) + std::string(eol) + table;
  else if (at > 0 && at == text.size() &&
           !(at >= 2 * eol.size() &&
             text.substr(at - 2 * eol.size()) == std::string(eol) + std::string(eol)))
    table = std::string(eol) + table;
  out = {{at, at}, table};
  return true;
}

std::optional<uint32_t> commentaryFor(const Knowledge& knowledge, uint32_t term) {
  if (term >= knowledge.terms.size() || term >= knowledge.index.size())
    return std::nullopt;
  const TermIndex& idx = knowledge.index[term];
  if (!idx.definitions.empty())
    return idx.definitions.front().source;
  std::map<uint32_t, size_t> counts;
  for (const SourceLocation& loc : idx.mentions)
    ++counts[loc.source];
  std::optional<uint32_t> best;
  size_t bestCount = 0;
  for (auto [source, count] : counts)
    if (count > bestCount) {
      best = source;
      bestCount = count;
    }
  return best;
}

bool citeCommentary(const Knowledge& knowledge, const DraftAnalysis& analysis,
                    std::string_view text, Language language, uint32_t offset, CitationStyle style,
                    std::string_view termId, Citation& out, std::string& error) {
  out = Citation{};
  const Mention* mention = analysis.mentionAt(offset);
  std::optional<uint32_t> term;
  if (!termId.empty()) {
    term = knowledge.findId(termId);
    if (!term) {
      error = "Accord knows no term with id \u201C" + std::string(termId) + "\u201D.";
      return false;
    }
    if (mention && mention->term != *term)
      mention = nullptr;
  } else if (mention) {
    term = mention->term;
  } else {
    error = "There is no recognised term here to cite.";
    return false;
  }
  const Term& t = analysis.term(knowledge, *term);
  std::string name(t.shortForm.empty() ? t.longForm : t.shortForm);
  std::optional<uint32_t> source = commentaryFor(knowledge, *term);
  if (!source || *source >= knowledge.sources.size()) {
    error = "No commentary discusses " + name + "; there is nothing to cite.";
    return false;
  }
  const CslItem& item = knowledge.sources[*source].meta;
  if (item.id.empty()) {
    error = "The commentary on " + name + " has no citation key in the catalog.";
    return false;
  }
  // A PDF is cited at its page: where the term is defined in it, else first mentioned.
  std::string page;
  if (knowledge.sources[*source].format == SourceFormat::Pdf) {
    const TermIndex& idx = knowledge.index[*term];
    for (const SourceDefinition& sd : idx.definitions)
      if (sd.source == *source && page.empty())
        page = knowledge.sources[*source].pageLabel(sd.definition.shortSpan.begin);
    for (const SourceLocation& loc : idx.mentions)
      if (loc.source == *source && page.empty())
        page = knowledge.sources[*source].pageLabel(loc.span.begin);
  }
  out.term = *term;
  out.source = *source;
  out.style = resolveStyle(style, language);
  out.key = item.id;
  uint32_t at =
      mention ? mention->span.end : std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  // "Long Form (SF)": the citation marks the whole phrase, after its closing parenthesis, not
  // inside it ("(PSI)[^akutsu2008]", not "(PSI[^akutsu2008])").
  if (mention && at < text.size() && text[at] == ')' && mention->span.begin > 0 &&
      text[mention->span.begin - 1] == '(')
    ++at;
  switch (out.style) {
  case CitationStyle::Auto:
  case CitationStyle::Footnote: {
    std::string label = "[^" + item.id + "]";
    if (text.substr(at).starts_with(label)) {
      error = name + " is already cited here.";
      return false;
    }
    out.draftEdits.push_back({{at, at}, label});
    if (text.find(label + ":") == std::string_view::npos) {
      std::string_view eol = lineEnding(text);
      std::string note;
      // The footnote goes at the end, after a blank line.
      if (!text.empty() && text.back() != '\n' && text.back() != '\r')
        note += eol;
      if (!text.empty() && !(text.ends_with(std::string(eol) + std::string(eol))))
        note += eol;
      note += label + ": " + chicagoNote(item, page) + std::string(eol);
      uint32_t end = static_cast<uint32_t>(text.size());
      out.draftEdits.push_back({{end, end}, note});
    }
    break;
  }
  case CitationStyle::Pandoc: {
    std::string cite = " [@" + item.id + (page.empty() ? "" : ", " + page) + "]";
    if (text.substr(at).starts_with(cite)) {
      error = name + " is already cited here.";
      return false;
    }
    out.draftEdits.push_back({{at, at}, cite});
    break;
  }
  case CitationStyle::Latex: {
    std::string cite = "~\\cite" +
                       (page.empty() ? "" : "[p.~" + page.substr(page.find(' ') + 1) + "]") + "{" +
                       item.id + "}";
    if (text.substr(at).starts_with(cite)) {
      error = name + " is already cited here.";
      return false;
    }
    out.draftEdits.push_back({{at, at}, cite});
    out.bibEntry = bibtexEntry(item);
    break;
  }
  }
  return true;
}

std::string bibAppendText(std::string_view bib, std::string_view key, std::string_view entry) {
  // An entry "@type{key," is present when its key follows an opening brace.
  for (size_t at = bib.find(key); at != std::string_view::npos; at = bib.find(key, at + 1)) {
    size_t b = at;
    while (b > 0 && (bib[b - 1] == ' ' || bib[b - 1] == '\t'))
      --b;
    size_t e = at + key.size();
    while (e < bib.size() && (bib[e] == ' ' || bib[e] == '\t'))
      ++e;
    if (b > 0 && bib[b - 1] == '{' && e < bib.size() && bib[e] == ',')
      return {};
  }
  std::string out;
  if (!bib.empty() && bib.back() != '\n')
    out += '\n';
  if (!bib.empty())
    out += '\n';
  out += entry;
  if (!entry.empty() && entry.back() != '\n')
    out += '\n';
  return out;
}

} // namespace accord::features
