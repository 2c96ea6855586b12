// The card shown for a term, as Markdown (hovers) or plain text (the CLI).
#include "grammar/card.h"

#include <filesystem>
#include <set>

#include "grammar/lexicon.h"
#include "grammar/text.h"

namespace accord {

namespace {

/// Markdown-escapes text we quote, leaving "\$" (already an escape in the commentaries) alone.
std::string escapeMarkdown(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && s[i + 1] == '$') {
      out += "\\$";
      ++i;
      continue;
    }
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
        c == '>' || c == '#' || c == '|' || c == '$')
      out += '\\';
    out += c;
  }
  return out;
}

std::string plain(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '$')
      continue; // "\$40" reads "$40"
    out += s[i];
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty())
      out += sep;
    out += p;
  }
  return out;
}

} // namespace

std::string localNamesLine(const Term& term) {
  std::string out;
  for (const auto& [lang, label] : {std::pair<const char*, const char*>{"ko", "Korean"},
                                    std::pair<const char*, const char*>{"ja", "Japanese"}}) {
    std::vector<std::string> texts;
    for (const LocalName& n : term.names)
      if (n.lang == lang)
        texts.push_back(n.text);
    if (texts.empty())
      continue;
    if (!out.empty())
      out += " \xC2\xB7 ";
    out += std::string(label) + ": " + join(texts, ", ");
  }
  return out;
}

std::string corpusPlace(const Knowledge& knowledge, const SourceLocation& where) {
  if (where.source >= knowledge.sources.size())
    return "?";
  const Source& s = knowledge.sources[where.source];
  // the file the user keeps (a PDF, a web page), not its text rendering in the cache
  std::string name =
      std::filesystem::path(s.original.empty() ? s.path : s.original).filename().string();
  if (s.format == SourceFormat::Pdf)
    if (std::string page = s.pageLabel(where.span.begin); !page.empty())
      return name + ", " + page;
  return name + ":" + std::to_string(lineOfOffset(s.text, where.span.begin));
}

std::string renderCard(const Knowledge& knowledge, uint32_t term, CardFormat format) {
  if (term >= knowledge.terms.size())
    return {};
  return renderCard(knowledge, knowledge.terms[term],
                    term < knowledge.index.size() ? &knowledge.index[term] : nullptr, format);
}

std::string renderCard(const Knowledge& knowledge, const Term& term, const TermIndex* index,
                       CardFormat format) {
  const bool md = format == CardFormat::Markdown;
  auto text = [&](std::string_view s) { return md ? escapeMarkdown(s) : plain(s); };
  std::string out;

  // names
  std::string head = term.shortForm.empty() ? term.longForm : term.shortForm;
  std::string second = term.shortForm.empty() ? std::string() : term.longForm;
  if (md) {
    out += "**" + text(head) + "**";
    if (!second.empty())
      out += " \xE2\x80\x94 " + text(second);
    out += "  \n*" + std::string(toString(term.kind)) + "*";
    if (term.mined)
      out += " \xC2\xB7 mined from the commentaries";
    if (term.wellKnown)
      out += " \xC2\xB7 well known, needs no spelling out";
    out += "\n";
  } else {
    out += head;
    if (!second.empty())
      out += " \xE2\x80\x94 " + second;
    out += "\nKind: " + std::string(toString(term.kind));
    if (term.mined)
      out += " (mined from the commentaries)";
    if (term.wellKnown)
      out += " (well known, needs no spelling out)";
    out += "\n";
  }
  // Names in the region's languages get their own line; "Also" keeps the other aliases.
  std::vector<std::string> also;
  for (const std::string& a : term.aliases) {
    bool local = false;
    for (const LocalName& n : term.names)
      local = local || n.text == a;
    if (!local)
      also.push_back(a);
  }
  if (!also.empty())
    out += md ? "\nAlso: " + text(join(also, ", ")) + "\n" : "Also: " + join(also, ", ") + "\n";
  if (std::string names = localNamesLine(term); !names.empty())
    out += md ? "\n" + text(names) + "\n" : names + "\n";
  if (!term.gloss.empty())
    out += md ? "\n" + text(term.gloss) + "\n" : "\n" + term.gloss + "\n";

  // the defining sentence, quoted with its citation
  if (index && !index->definitions.empty()) {
    const SourceDefinition& d = index->definitions.front();
    const Source* src =
        d.source < knowledge.sources.size() ? &knowledge.sources[d.source] : nullptr;
    const std::string quote = definitionQuote(knowledge, d);
    // the page of a PDF ("p. 7"), as a reader of the printed paper would cite it
    const std::string page = src ? src->pageLabel(d.definition.shortSpan.begin) : std::string();
    // the citation key as a Pandoc citation, so that a writer's own [@key] can be matched
    const std::string key = src && !src->meta.id.empty()
                                ? "[@" + src->meta.id + (page.empty() ? "" : ", " + page) + "]"
                                : std::string();
    if (md) {
      out += "\n> " + text(quote) + "\n>\n> \xE2\x80\x94 " +
             (src ? text(chicagoNote(src->meta, page)) : std::string()) +
             (key.empty() ? "" : " `" + key + "`") + "\n";
    } else {
      out += "\nDefined in " + (src ? shortCitation(src->meta) : std::string("?")) + " (" +
             corpusPlace(knowledge, {d.source, d.definition.shortSpan}) + "):\n  \xE2\x80\x9C" +
             plain(quote) + "\xE2\x80\x9D\n  " +
             (src ? chicagoNote(src->meta, page) : std::string()) + (key.empty() ? "" : " " + key) +
             "\n";
    }
    // The first few other commentaries by name and how many more: with a large corpus a
    // common term is defined in thousands, and listing them made hovers grow with it.
    constexpr size_t kNamed = 6;
    std::set<uint32_t> others;
    size_t otherCount = 0;
    if (index->sourcesDefining > 0) { // built by Knowledge::build: definitions in corpus order
      for (const SourceDefinition& o : index->definitions) {
        if (others.size() >= kNamed)
          break;
        if (o.source != d.source)
          others.insert(o.source);
      }
      otherCount = index->sourcesDefining - 1;
    } else {
      for (const SourceDefinition& o : index->definitions)
        if (o.source != d.source)
          others.insert(o.source);
      otherCount = others.size();
    }
    if (!others.empty()) {
      std::vector<std::string> names;
      for (uint32_t s : others) {
        if (names.size() >= kNamed)
          break;
        names.push_back(shortCitation(knowledge.sources[s].meta));
      }
      std::string list = join(names, "; ");
      if (otherCount > names.size())
        list += " and " + std::to_string(otherCount - names.size()) + " more commentar" +
                (otherCount - names.size() == 1 ? "y" : "ies");
      out += (md ? "\nAlso defined in " + text(list) : "Also defined in " + list) + ".\n";
    }
  } else if (!term.shortForm.empty() && !term.longForm.empty()) {
    out += "\nNot spelled out in the commentaries.\n";
  }

  // facts
  std::vector<std::string> facts;
  for (const DatedEvent& e : term.dates)
    facts.push_back(e.event + " " + e.date);
  std::string factLine;
  if (!facts.empty())
    factLine += (md ? "Dates: " : "Dates: ") + join(facts, "; ");
  if (!term.parties.empty()) {
    if (!factLine.empty())
      factLine += md ? " \xC2\xB7 " : "\n";
    factLine += "Parties: " + join(term.parties, ", ");
  }
  if (!factLine.empty())
    out += (md ? "\n" + text(factLine) : factLine) + "\n";

  // how widely the corpus uses it
  size_t total = knowledge.sources.size();
  if (index && index->sourcesMentioning > 0) {
    out += (md ? "\n" : "") + std::string("Mentioned in ") +
           std::to_string(index->sourcesMentioning) + " of " + std::to_string(total) +
           (total == 1 ? " commentary" : " commentaries") + " (" +
           std::to_string(index->mentions.size()) +
           (index->mentions.size() == 1 ? " mention" : " mentions") + ").\n";
  } else {
    out += (md ? "\n" : "") + std::string("Not mentioned in the commentaries.\n");
  }
  return out;
}

} // namespace accord
