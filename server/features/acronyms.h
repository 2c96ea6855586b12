// Acronyms the draft uses that no term covers: the tokens the unknown-acronym check reads, and
// the context rules that keep it quiet where a careful editor would not ask for an expansion.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "grammar/analysis.h"

namespace accord::features {

/// An acronym-shaped token of the draft's prose: two or more capitals with optional digits,
/// hyphens, dots and "&", or one capital with a digit (G7, P5), and an optional plural "s"
/// (NGOs). `key` is its singular form with dots removed ("U.S." -> "US", "NGOs" -> "NGO").
struct AcronymToken {
  Span span;
  std::string key;
};

/// True for the acronyms any reader of English policy prose knows (GDP, CEO, COVID-19, …),
/// currency codes (USD, KRW) and units (GW, kWh): the documented default list
/// (README, "Acronyms that need no spelling out"). accord.wellKnown adds to it.
bool isCommonAcronym(std::string_view key);

/// The short form with dots removed and a plural or possessive ending dropped: "U.S." -> "US",
/// "NGOs" -> "NGO", "GSOMIA's" -> "GSOMIA".
std::string acronymKey(std::string_view token);

/// Where a token of the draft counts as a use that needs an expansion. Built once per draft.
class AcronymContext {
public:
  /// `nonProse`: nonProseRanges(text, language), sorted.
  AcronymContext(std::string_view text, const std::vector<Span>& nonProse,
                 const std::vector<Section>& sections);
  /// The same with the quotations known already (quotations(text, whole text)).
  AcronymContext(std::string_view text, const std::vector<Span>& nonProse,
                 const std::vector<Section>& sections, std::vector<Span> quotes);

  /// The quotations of `text` (paired quotes within a paragraph, block quote lines) that start
  /// in `range`, sorted. Paired quotes never reach across "\n\n", so for a range that starts
  /// just after one (or at 0) and ends where one starts (or at the end) this is exactly the
  /// part of the whole text's quotations that lies in it: the incremental checks re-read only
  /// the paragraphs an edit touched.
  static std::vector<Span> quotations(std::string_view text, Span range);

  /// False where no editor would ask for an expansion: code, URLs, LaTeX commands, citation
  /// keys and footnote labels; headings and all-capital lines (titles, memo headers, cable
  /// captions); datelines ("SEOUL, Dec. 3 —") and labels ("TO:"); Roman numerals; a currency
  /// or unit next to a number ("USD 1.2 bn", "3 PM"); quotations, whose words are the quoted
  /// writer's; the first word of a name ("SK Hynix"); designations with a hyphen and digits
  /// (PAC-3, KN-23) and paths or document symbols with a slash (A/HRC/51/28).
  bool countsAsUse(Span token) const;

  /// Every acronym-shaped token of the prose, in order (before countsAsUse).
  std::vector<AcronymToken> tokens() const;
  /// The tokens that start in `range`. A token never reaches across a line break, so for a
  /// range of whole lines this is exactly the part of tokens() that lies in it.
  std::vector<AcronymToken> tokens(Span range) const;

private:
  bool inRanges(const std::vector<Span>& ranges, Span s) const;
  std::string_view text_;
  const std::vector<Span>& nonProse_;
  std::vector<Span> headings_;
  std::vector<Span> quotes_;
};

} // namespace accord::features
