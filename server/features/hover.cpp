// Hover: renders the term card (draft definition, commentary definition, citation) at a mention.
#include "server/features/hover.h"

#include <algorithm>

#include "grammar/card.h"
#include "server/positions.h"

namespace accord::features {

std::string escapeMarkdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
    case '\\':
    case '`':
    case '*':
    case '_':
    case '{':
    case '}':
    case '[':
    case ']':
    case '<':
    case '>':
    case '#':
    case '|':
    case '~':
    case '$':
      out += '\\';
      [[fallthrough]];
    default:
      out += c;
    }
  }
  return out;
}

namespace {

/// Accumulates a card either as Markdown or as plain text, so both come from one layout.
class Card {
public:
  explicit Card(bool markdown) : md_(markdown) {}
  std::string text(std::string_view s) const { return md_ ? escapeMarkdown(s) : std::string(s); }
  std::string bold(std::string_view s) const {
    return md_ ? "**" + escapeMarkdown(s) + "**" : std::string(s);
  }
  std::string italic(std::string_view s) const {
    return md_ ? "*" + escapeMarkdown(s) + "*" : std::string(s);
  }
  void paragraph(const std::string& p) {
    if (p.empty())
      return;
    if (!out_.empty())
      out_ += "\n\n";
    out_ += p;
  }
  std::string str() && { return std::move(out_); }

private:
  bool md_;
  std::string out_;
};

} // namespace

std::string termCard(const Knowledge& k, uint32_t termId, const DraftRef* draft, bool markdown) {
  const bool local = termId >= k.terms.size();
  if (local && (draft == nullptr || termId - k.terms.size() >= draft->analysis->localTerms.size()))
    return {};
  const Term& term = local ? draft->analysis->localTerms[termId - k.terms.size()] : k.terms[termId];
  const TermIndex* index = local ? nullptr : &k.index[termId];
  const CardFormat format = markdown ? CardFormat::Markdown : CardFormat::PlainText;
  Card card(markdown);

  // The draft's own definition comes first: it is what the reader of the draft sees.
  if (draft != nullptr) {
    auto defs = draftDefinitionsOf(k, *draft->analysis, termId);
    if (!defs.empty()) {
      const MinedDefinition& d = defs.front()->definition;
      Span written = definitionSpan(draft->text, d);
      const uint32_t line = draft->lines ? draft->lines->lineOf(written.begin) + 1
                                         : lineOf(draft->text, written.begin);
      std::string p = "Defined in this draft (line " + std::to_string(line) + "): “" +
                      foldSpaces(draft->text.substr(written.begin, written.size())) + "”";
      if (defs.size() > 1)
        p +=
            " and " + std::to_string(defs.size() - 1) + " more time" + (defs.size() > 2 ? "s" : "");
      card.paragraph(card.text(p + "."));
      // Say so when the commentaries expand it differently: the writer may have a typo, or
      // mean something else than the sources do.
      std::string commentaryLong, where;
      if (index != nullptr) {
        // The first commentary definition that expands it otherwise: only the first
        // definition of each distinct long form can be it (index->expansions, built with the
        // knowledge), so this does not grow with the corpus.
        auto differs = [&](const SourceDefinition& sd) {
          if (sameExpansion(sd.definition.longForm, d.longForm))
            return false;
          commentaryLong = sd.definition.longForm;
          where = shortCitation(k.sources[sd.source].meta);
          return true;
        };
        if (!index->expansions.empty() || index->definitions.empty()) {
          for (uint32_t e : index->expansions)
            if (e < index->definitions.size() && differs(index->definitions[e]))
              break;
        } else {
          for (const SourceDefinition& sd : index->definitions)
            if (differs(sd))
              break;
        }
        if (commentaryLong.empty() && index->definitions.empty() && !term.longForm.empty() &&
            !sameExpansion(term.longForm, d.longForm))
          commentaryLong = term.longForm;
      }
      if (!commentaryLong.empty()) {
        std::string note = "Note: the commentaries define " + std::string(displayName(term)) +
                           " differently, as “" + commentaryLong + "”";
        if (!where.empty())
          note += " (" + where + ")";
        card.paragraph(card.italic(note + "."));
      }
    }
  }
  // Then the card `accord-ls explain` prints, so the editor and the command line agree. A term
  // only this draft defines was mined from the draft, not from the commentaries.
  // Copy only a draft's own term: a corpus term's `sources` can list thousands of commentaries.
  std::string rest;
  if (local) {
    Term shown = term;
    shown.mined = false;
    rest = renderCard(k, shown, index, format);
  } else {
    rest = renderCard(k, term, index, format);
  }
  while (!rest.empty() && rest.back() == '\n')
    rest.pop_back();
  card.paragraph(rest);
  return std::move(card).str();
}

std::optional<HoverResult> hover(const Knowledge& k, const DraftRef& draft, uint32_t offset,
                                 bool markdown) {
  const Mention* m = draft.analysis->mentionAt(offset);
  if (m == nullptr)
    return std::nullopt;
  if (m->term >= termCount(k, *draft.analysis))
    return std::nullopt;
  std::string card = termCard(k, m->term, &draft, markdown);
  if (card.empty())
    return std::nullopt;
  return HoverResult{m->span, std::move(card)};
}

} // namespace accord::features
