// Plain value types shared by the whole knowledge library: spans, languages, terms.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace accord {

/// A half-open byte range [begin, end) into UTF-8 text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  bool contains(uint32_t offset) const { return offset >= begin && offset < end; }
  friend bool operator==(const Span&, const Span&) = default;
};

/// The markup a draft is written in; decides what counts as prose.
enum class Language : uint8_t { PlainText, Markdown, Latex };

/// Maps an LSP languageId ("markdown", "plaintext", "latex", "tex") or a file extension
/// (".md", ".txt", ".tex") to a Language; anything unknown is plain text.
Language languageFromId(std::string_view languageIdOrExtension);

enum class TermKind : uint8_t { Acronym, Agreement, Initiative, Forum, Institution, Place, Other };
std::string_view toString(TermKind);
/// "acronym", "agreement", …; returns false for an unknown name.
bool parseTermKind(std::string_view, TermKind&);

/// A dated event in a term's history, e.g. {"signed", "2016-11-23"}.
struct DatedEvent {
  std::string event; ///< "signed", "concluded", "collapsed", "announced", …
  std::string date;  ///< "YYYY", "YYYY-MM" or "YYYY-MM-DD"
  int year() const;  ///< the year part, or 0 when the date is malformed
};

/// Where a term came from, for messages ("grammar/lexicon/agreements.json:42").
struct Origin {
  std::string file;
  uint32_t line = 0; ///< 1-based; 0 when unknown
};

/// A name of a term in Korean or Japanese, as the region's press or officials write it.
struct LocalName {
  std::string text; ///< "지소미아", "日韓秘密軍事情報保護協定"
  std::string lang; ///< "ko" or "ja"
  std::string form; ///< "official", "press", "short", or empty when not said
  friend bool operator==(const LocalName&, const LocalName&) = default;
};

/// One thing the server knows: an acronym, a named agreement, a place …
struct Term {
  std::string id; ///< stable, lower-case, e.g. "gsomia"
  TermKind kind = TermKind::Acronym;
  std::string shortForm;             ///< "GSOMIA"; may be empty for things known only by name
  std::string longForm;              ///< "General Security of Military Information Agreement"
  std::vector<std::string> aliases;  ///< other literal names, matched case-insensitively; includes
                                     ///< the text of every entry of `names`
  std::vector<std::string> patterns; ///< RE2 patterns for descriptive variants (case-insensitive)
  /// Short descriptive references that name the term only once the text has brought it up
  /// ("the 2015 agreement" after the comfort women): RE2 patterns like `patterns`, matched
  /// only after a mention of one of `contextTerms` (term ids) or of the term itself.
  std::vector<std::string> contextPatterns;
  std::vector<std::string> contextTerms;
  std::string gloss; ///< one paragraph in our own words (may be empty for mined terms)
  std::vector<DatedEvent> dates;
  std::vector<std::string> parties;
  bool wellKnown = false; ///< needs no spelling out in a draft (UN, US)
  bool mined = false;     ///< true when the term exists only because the corpus defines it
  Origin origin;
  std::vector<std::string> sources; ///< catalog ids of the commentaries that discuss it
  std::vector<LocalName> names;     ///< Korean and Japanese names, in the lexicon's order
};

/// A problem in data the user edits (lexicon, catalog), reported like a compiler would.
struct DataError {
  std::string file;
  uint32_t line = 0;          ///< 1-based; 0 when the whole file is at fault
  std::string message;        ///< what is wrong and how to fix it
  std::string format() const; ///< "file:line: message"
};

} // namespace accord
