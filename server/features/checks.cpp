// Drafting checks: first use of acronyms, definitions against each other and the commentaries,
// and dates of agreements against the facts the lexicon and the commentaries give.
#include "server/features/checks.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "grammar/catalog.h"
#include "grammar/cjk.h"
#include "grammar/text.h"
#include "server/features/acronyms.h"
#include "server/features/checks_internal.h"
#include "server/features/house_style.h"
#include "server/features/world.h"

namespace accord::features {

namespace {

constexpr std::string_view kCodeNames[kCheckCount] = {
    "used-before-defined", "never-spelled-out", "defined-twice",
    "defined-two-ways",    "expansion-differs", "used-once",
    "fact-contradicts",    "undefined-acronym", "house-style"};

constexpr std::string_view kFixNames[] = {"spellOut",    "addShortForm",   "replaceExpansion",
                                          "useLongForm", "dropDefinition", "replaceYear",
                                          "useHouseName"};

bool isAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char lowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// The code point that ends just before `offset` (0 at the start of the text).
char32_t previousCodePoint(std::string_view text, size_t offset) {
  if (offset == 0)
    return 0;
  size_t start = offset - 1;
  while (start > 0 && offset - start < 4 &&
         (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
    --start;
  size_t len = 0;
  return decodeUtf8(text, start, len);
}
char32_t nextCodePoint(std::string_view text, size_t offset) {
  if (offset >= text.size())
    return 0;
  size_t len = 0;
  return decodeUtf8(text, offset, len);
}
bool wordBoundaryAt(std::string_view text, size_t begin, size_t end) {
  return !isWordCodePoint(previousCodePoint(text, begin)) &&
         !isWordCodePoint(nextCodePoint(text, end));
}

std::string_view slice(std::string_view text, Span s) {
  if (s.begin > text.size() || s.end > text.size() || s.end < s.begin)
    return {};
  return text.substr(s.begin, s.end - s.begin);
}

bool overlaps(Span a, Span b) {
  return a.begin < b.end && b.begin < a.end;
}

/// The entry key of a short form: singular, and undotted when the dots mark initials
/// ("U.S." and "US" are one acronym; "UNC-R" keeps its hyphen).
std::string singularKey(std::string_view shortForm) {
  std::string s = singularShortForm(shortForm);
  return s.empty() ? std::string(shortForm) : undottedShortForm(s);
}

std::string quote(std::string_view s) {
  return "\u201C" + std::string(s) + "\u201D";
}

/// "long form (SF)", or "긴 이름(SF)" after Korean or Japanese, which set the short form right
/// after the name (as the fix does, fixes.cpp openParen).
std::string withShortForm(std::string_view longForm, std::string_view key) {
  size_t start = 0;
  const bool cjk =
      !longForm.empty() && isCjkCodePoint(codePointBefore(longForm, longForm.size(), start));
  return std::string(longForm) + (cjk ? "(" : " (") + std::string(key) + ")";
}

size_t levenshtein(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

/// The script a long form is written in: 1 Korean (holds Hangul), 2 Japanese (holds Han or
/// Kana and no Hangul), 0 anything else (English).
int scriptOf(std::string_view s) {
  int script = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    const char32_t c = decodeUtf8(s, i, len);
    if (c >= 0xAC00 && c <= 0xD7A3)
      return 1;
    if (isCjkCodePoint(c))
      script = 2;
    i += len;
  }
  return script;
}

/// An alias written like an acronym: capitals (two or more), digits, dots, hyphens, "&".
bool isAcronymAlias(std::string_view alias) {
  int upper = 0;
  if (scriptOf(alias) != 0)
    return false; // "한미FTA", "日米2+2": a name in Korean or Japanese, not an acronym
  for (char c : alias) {
    if (c >= 'a' && c <= 'z')
      return false;
    upper += c >= 'A' && c <= 'Z';
    if (c == ' ')
      return false;
  }
  return upper >= 2;
}

/// The alias mention `span` of `term` is written like an acronym: as isAcronymAlias, or as one
/// of the lexicon's aliases written in capitals with spaces ("KORUS FTA"; not "NORTH KOREA" in
/// a capitalised dateline, which is "North Korea" in the lexicon).
bool acronymAliasMention(const Knowledge& k, std::string_view text, Span span, uint32_t term) {
  const std::string_view alias = slice(text, span);
  // Neither kind has a lower-case letter: "South Korea", most alias mentions of a draft, is
  // answered here, before the script is read (collect() asks for every alias mention).
  for (char c : alias)
    if (c >= 'a' && c <= 'z')
      return false;
  if (isAcronymAlias(alias))
    return true;
  if (alias.find(' ') == std::string_view::npos)
    return false;
  auto t = k.findAcronymAlias(alias);
  return t && *t == term;
}

// --- scopes ---------------------------------------------------------------------------------

/// Start offsets of the first-use scopes, ascending, the first always 0.
std::vector<uint32_t> scopeStarts(const DraftAnalysis& analysis, FirstUseScope scope) {
  std::vector<uint32_t> starts{0};
  if (scope == FirstUseScope::Document || analysis.sections.empty())
    return starts;
  int top = analysis.sections.front().level;
  for (const Section& s : analysis.sections)
    top = std::min(top, s.level);
  // A lone heading of the top level is the draft's title, not a section: use the next level.
  size_t atTop = 0;
  int next = 0;
  for (const Section& s : analysis.sections) {
    if (s.level == top)
      ++atTop;
    else if (next == 0 || s.level < next)
      next = s.level;
  }
  if (atTop == 1 && next != 0)
    top = next;
  for (const Section& s : analysis.sections)
    if (s.level == top && s.heading.begin > 0)
      starts.push_back(s.heading.begin);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  return starts;
}
size_t scopeOf(const std::vector<uint32_t>& starts, uint32_t offset) {
  return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), offset) -
                             starts.begin()) -
         1;
}

// --- the model the first-use checks work on ------------------------------------------------

struct Def {
  const DraftDefinition* d = nullptr;
  Span extent;
  std::string fold;
  size_t scope = 0;
};
struct Use {
  Span span;
  size_t scope = 0;
  bool inHeading = false;
  /// "South Korea (ROK)": the acronym in parentheses right after a common name or the long
  /// form of its term introduces it, as a definition would.
  bool introduces = false;
};
/// Everything the draft does with one short form (plural folded).
struct Entry {
  int64_t term = -1; ///< a Knowledge term when one is known, else a local term, else -1
  std::vector<Def> defs;
  std::vector<Use> uses;      ///< short-form mentions outside definitions, in order
  std::vector<Span> longUses; ///< mentions of the long form itself, in order
};

class Checker {
public:
  Checker(const Knowledge& k, const DraftAnalysis& a, std::string_view text, Language language,
          const CheckOptions& o, const detail::CheckScope& scope = {})
      : k_(k), a_(a), text_(text), language_(language), o_(o), scope_(scope),
        starts_(scopeStarts(a, o.scope)) {}

  std::vector<Finding> run() {
    runAll();
    // Contested names are judged mention by mention, outside the groups the incremental
    // update keeps: it adds them the same way (withHouseStyle).
    houseStyleFindings(k_, a_, text_, o_.houseStyle, o_[CheckCode::HouseStyle], out_);
    detail::sortFindings(out_);
    return std::move(out_);
  }

  /// The findings unsorted, each with the group that produced it (checks_internal.h).
  std::vector<detail::TaggedFinding> runTagged() {
    runAll();
    std::vector<detail::TaggedFinding> tagged(out_.size());
    for (size_t i = 0; i < out_.size(); ++i) {
      tagged[i].finding = std::move(out_[i]);
      tagged[i].group = tags_[i].group;
      tagged[i].key = std::move(tags_[i].key);
      tagged[i].sentence = tags_[i].sentence;
    }
    return tagged;
  }

private:
  void runAll() {
    collect();
    group_ = detail::Group::Key;
    for (auto& [key, entry] : entries_) {
      groupKey_ = key;
      firstUse(key, entry);
      definedTwoWays(key, entry);
      expansionDiffers(key, entry);
      usedOnce(key, entry);
    }
    group_ = detail::Group::Fact;
    groupKey_.clear();
    if (on(CheckCode::FactContradicts))
      facts();
    group_ = detail::Group::Undefined;
    if (on(CheckCode::UndefinedAcronym))
      undefinedAcronyms();
  }

  const Knowledge& k_;
  const DraftAnalysis& a_;
  std::string_view text_;
  Language language_;
  const CheckOptions& o_;
  const detail::CheckScope scope_; ///< a copy: runChecks passes a temporary
  /// What each finding of out_ came from (runTagged), and what is being checked now.
  struct Tag {
    detail::Group group;
    std::string key;
    Span sentence;
  };
  std::vector<Tag> tags_;
  detail::Group group_ = detail::Group::Key;
  std::string groupKey_;
  Span groupSentence_;
  /// collect(): whether scope_.keys holds a term's key, per term; -1 not looked up yet.
  std::vector<int8_t> wantedTerm_;
  std::vector<Span> nonProse_;
  std::unique_ptr<AcronymContext> acronymContext_; ///< built on first need
  std::vector<uint32_t> starts_;
  std::map<std::string, Entry> entries_;
  std::vector<Finding> out_;
  Entry* fallbackEntry_ = nullptr;         ///< collect(): for a term id beyond the known ones
  mutable std::vector<int8_t> classified_; ///< hasClassifiedEvents per term: -1 not yet known
  std::vector<const DraftDefinition*> quietExpansion_; ///< already told by defined-two-ways

  bool on(CheckCode c) const { return o_[c] != Severity::Off; }
  bool known(int64_t term) const {
    return term >= 0 && static_cast<size_t>(term) < k_.terms.size();
  }
  const Term* termOf(int64_t term) const {
    if (term < 0 || static_cast<size_t>(term) >= k_.terms.size() + a_.localTerms.size())
      return nullptr;
    return &a_.term(k_, static_cast<uint32_t>(term));
  }

  Finding& emit(CheckCode code, Span span, std::string message) {
    Finding f;
    f.code = code;
    f.severity = o_[code];
    f.span = span;
    f.message = std::move(message);
    out_.push_back(std::move(f));
    tags_.push_back(
        {group_, group_ == detail::Group::Fact ? std::string() : groupKey_, groupSentence_});
    return out_.back();
  }

  bool wellKnown(std::string_view key, int64_t term) const {
    if (const Term* t = termOf(term); t && t->wellKnown)
      return true;
    for (const std::string& w : o_.wellKnown)
      if (w == key || singularKey(w) == key)
        return true;
    return false;
  }

  /// "South Korea (ROK)", "North Korea (DPRK)": `m` is in parentheses right after `before`, a
  /// mention of the same term by its long form or a common name.
  bool introducedBy(const Mention& before, const Mention& m) const {
    if (before.term != m.term || (before.form != FormKind::Alias && before.form != FormKind::Long))
      return false;
    if (m.span.begin < 2 || m.span.end >= text_.size() || text_[m.span.end] != ')')
      return false;
    size_t open = m.span.begin - 1;
    if (text_[open] != '(')
      return false;
    size_t gap = open;
    while (gap > before.span.end && (text_[gap - 1] == ' ' || text_[gap - 1] == '\n'))
      --gap;
    return gap == before.span.end && open - gap <= 2;
  }

  bool acronymAlias(Span s, uint32_t term) const { return acronymAliasMention(k_, text_, s, term); }

  const AcronymContext& acronymContext() {
    if (!acronymContext_) {
      if (!scope_.nonProse)
        nonProse_ = nonProseRanges(text_, language_);
      const std::vector<Span>& nonProse = scope_.nonProse ? *scope_.nonProse : nonProse_;
      acronymContext_ =
          scope_.quotes
              ? std::make_unique<AcronymContext>(text_, nonProse, a_.sections, *scope_.quotes)
              : std::make_unique<AcronymContext>(text_, nonProse, a_.sections);
    }
    return *acronymContext_;
  }

  /// A Knowledge term that exists only because a commentary spells it out ("PM"): it does not
  /// make warnings on its own authority, only through the unknown-acronym check's rules.
  bool corpusOnly(int64_t term) const {
    const Term* t = known(term) ? termOf(term) : nullptr;
    return t && t->mined && !t->wellKnown;
  }

  bool wellKnownKey(const std::string& key) const {
    if (isCommonAcronym(key))
      return true;
    for (const std::string& w : o_.wellKnown)
      if (w == key || acronymKey(w) == key)
        return true;
    return false;
  }

  /// Acronym-shaped tokens that no term covers and the draft never spells out: "THAAD was
  /// deployed". One finding per acronym (per section with firstUseScope "section"), at its
  /// first use that counts; the quick fix offers an expansion only when one is known.
  void undefinedAcronyms() {
    const AcronymContext& ctx = acronymContext();
    // Mentions are sorted, and every definition's short form is a mention too (DraftAnalysis).
    const std::vector<Mention>& covered = a_.mentions;
    auto isCovered = [&](Span s) {
      auto it = std::upper_bound(covered.begin(), covered.end(), s.begin,
                                 [](uint32_t v, const Mention& m) { return v < m.span.begin; });
      if (it != covered.end() && overlaps(it->span, s))
        return true;
      for (int back = 0; it != covered.begin() && back < 4; ++back) {
        --it;
        if (overlaps(it->span, s))
          return true;
      }
      return false;
    };
    const bool perSection = starts_.size() > 1;
    std::set<std::pair<std::string, size_t>> told;
    // What is known of a key is looked up once, not once per use: a long draft has thousands
    // of acronym tokens and few distinct acronyms.
    struct KeyInfo {
      bool skip = false;
      int64_t term = -1;
    };
    std::unordered_map<std::string, KeyInfo> keys;
    std::vector<AcronymToken> all;
    if (!scope_.tokens)
      all = ctx.tokens();
    for (const AcronymToken& tok : scope_.tokens ? *scope_.tokens : all) {
      if (!scope_.tokens && !wanted(tok.key))
        continue;
      if (isCovered(tok.span))
        continue;
      auto [it, fresh] = keys.try_emplace(tok.key);
      KeyInfo& info = it->second;
      if (fresh) {
        info.skip = wellKnownKey(tok.key) || entries_.count(tok.key) > 0;
        if (!info.skip) {
          if (auto found = k_.findShort(tok.key))
            info.term = *found;
          const Term* t = termOf(info.term);
          info.skip = t && t->wellKnown;
        }
      }
      if (info.skip)
        continue;
      size_t scope = scopeOf(starts_, tok.span.begin);
      if (told.count({tok.key, scope}) || !ctx.countsAsUse(tok.span))
        continue;
      told.insert({tok.key, scope});
      groupKey_ = tok.key;
      emitUndefined(tok.key, tok.span, commentaryLongForm(info.term), info.term, perSection);
    }
  }

  void emitUndefined(const std::string& key, Span span, const std::string& expansion, int64_t term,
                     bool perSection) {
    std::string where = perSection ? " in this section" : "";
    std::string message =
        expansion.empty()
            ? key + " is never spelled out" + where +
                  ", and Accord does not know what it stands for; spell it out at its first use."
            : key + " is never spelled out" + where + "; if it means " + quote(expansion) +
                  ", write " + quote(withShortForm(expansion, key)) + " at its first use.";
    Finding& f = emit(CheckCode::UndefinedAcronym, span, std::move(message));
    RelatedSpan related;
    if (commentaryDefinition(term, related))
      f.related.push_back(std::move(related));
    if (expansion.empty())
      return;
    FixData spell;
    spell.kind = FixKind::SpellOut;
    spell.target = span;
    spell.text = expansion;
    spell.shortForm = key;
    f.fixes.push_back(std::move(spell));
  }

  /// Prefers a Knowledge term over a local one, so the commentaries can be consulted.
  void noteTerm(Entry& e, int64_t term) {
    if (term < 0)
      return;
    if (e.term < 0 || (!known(e.term) && known(term)))
      e.term = term;
  }

  bool wanted(const std::string& key) const { return !scope_.keys || scope_.keys->count(key) > 0; }
  bool wantedTerm(uint32_t term, const Term& t) {
    if (!scope_.keys)
      return true;
    if (term >= wantedTerm_.size())
      wantedTerm_.resize(term + 1, -1);
    if (wantedTerm_[term] < 0)
      wantedTerm_[term] = wanted(singularKey(t.shortForm)) ? 1 : 0;
    return wantedTerm_[term] == 1;
  }

  void collect() {
    std::vector<Span> defShorts;
    for (const DraftDefinition& d : a_.definitions) {
      std::string key = singularKey(d.definition.shortForm);
      if (key.empty())
        continue;
      // Inside a definition's short form nothing counts as a use: filed for every key.
      defShorts.push_back(d.definition.shortSpan);
      if (!wanted(key))
        continue;
      Entry& e = entries_[key];
      int64_t term = definitionTermId(k_, d);
      if (term < 0)
        if (auto found = k_.findShort(key))
          term = *found;
      noteTerm(e, term);
      Def def;
      def.d = &d;
      def.extent = definitionSpan(text_, d.definition);
      def.fold = foldExpansion(d.definition.longForm);
      def.scope = scopeOf(starts_, def.extent.begin);
      e.defs.push_back(std::move(def));
    }
    std::sort(defShorts.begin(), defShorts.end(), [](Span x, Span y) { return x.begin < y.begin; });
    auto insideDefinition = [&](Span s) {
      auto it = std::upper_bound(defShorts.begin(), defShorts.end(), s.begin,
                                 [](uint32_t v, Span x) { return v < x.begin; });
      if (it != defShorts.end() && overlaps(*it, s))
        return true;
      return it != defShorts.begin() && overlaps(*std::prev(it), s);
    };
    // Sections are sorted and their headings do not overlap: look the heading up, as a long
    // draft has hundreds of them and thousands of mentions.
    auto inHeading = [&](Span s) {
      auto it =
          std::upper_bound(a_.sections.begin(), a_.sections.end(), s.begin,
                           [](uint32_t v, const Section& sec) { return v < sec.heading.begin; });
      if (it != a_.sections.end() && overlaps(it->heading, s))
        return true;
      return it != a_.sections.begin() && overlaps(std::prev(it)->heading, s);
    };
    // The entry of each term, found by its key once rather than once per mention.
    std::vector<Entry*> entryOfTerm(k_.terms.size() + a_.localTerms.size(), nullptr);
    auto entryOf = [&](uint32_t term, const Term& t) -> Entry& {
      Entry*& e = term < entryOfTerm.size() ? entryOfTerm[term] : fallbackEntry_;
      if (!e || term >= entryOfTerm.size())
        e = &entries_[singularKey(t.shortForm)];
      return *e;
    };
    const Mention* previous = nullptr;
    for (const Mention& m : a_.mentions) {
      const Mention* before = previous;
      previous = &m;
      const Term* t = termOf(m.term);
      if (!t || t->shortForm.empty())
        continue; // known only by name: not an acronym
      if (m.form == FormKind::Short) {
        if (!wantedTerm(m.term, *t) || insideDefinition(m.span))
          continue;
        Entry& e = entryOf(m.term, *t);
        noteTerm(e, m.term);
        e.uses.push_back({m.span, scopeOf(starts_, m.span.begin), inHeading(m.span)});
        e.uses.back().introduces = before && introducedBy(*before, m);
      } else if (m.form == FormKind::Alias && acronymAlias(m.span, m.term)) {
        // "USFJ" for USF-J: an alias that is itself an acronym needs spelling out like one
        if (insideDefinition(m.span))
          continue;
        std::string key = acronymKey(slice(text_, m.span));
        if (!wanted(key))
          continue;
        Entry& e = entries_[key];
        noteTerm(e, m.term);
        e.uses.push_back({m.span, scopeOf(starts_, m.span.begin), inHeading(m.span)});
      } else if (m.form == FormKind::Long) {
        // Only the long form itself can take "(SF)" after it; an alias or a description
        // ("the intelligence-sharing pact") is not the expansion of the acronym.
        if (!wantedTerm(m.term, *t))
          continue;
        Entry& e = entryOf(m.term, *t);
        noteTerm(e, m.term);
        e.longUses.push_back(m.span);
      }
    }
  }

  /// The long form the commentaries (or the lexicon) give for a Knowledge term.
  std::string commentaryLongForm(int64_t term) const {
    if (!known(term))
      return {};
    const Term& t = k_.terms[static_cast<size_t>(term)];
    if (!t.longForm.empty())
      return t.longForm;
    const TermIndex& idx = k_.index[static_cast<size_t>(term)];
    if (!idx.definitions.empty())
      return idx.definitions.front().definition.longForm;
    return {};
  }

  /// The commentary passage that defines a Knowledge term, as related information.
  bool commentaryDefinition(int64_t term, RelatedSpan& out) const {
    if (!known(term) || static_cast<size_t>(term) >= k_.index.size())
      return false;
    const TermIndex& idx = k_.index[static_cast<size_t>(term)];
    if (idx.definitions.empty())
      return false;
    const SourceDefinition& sd = idx.definitions.front();
    if (sd.source >= k_.sources.size())
      return false;
    const Source& src = k_.sources[sd.source];
    out.source = static_cast<int32_t>(sd.source);
    out.span = definitionSpan(src.text, sd.definition);
    out.message = shortCitation(src.meta) + " spells it out as " + quote(sd.definition.longForm);
    return true;
  }

  RelatedSpan draftRelated(Span span, std::string message) const {
    RelatedSpan r;
    r.span = span;
    r.message = std::move(message);
    return r;
  }

  void firstUse(const std::string& key, const Entry& e) {
    const bool wk = wellKnown(key, e.term);
    size_t scopes = starts_.size();
    size_t di = 0, ui = 0;
    const bool perSection = scopes > 1;
    for (size_t s = 0; s < scopes; ++s) {
      std::vector<const Def*> defs;
      std::vector<const Use*> uses;
      while (di < e.defs.size() && e.defs[di].scope == s)
        defs.push_back(&e.defs[di++]);
      while (ui < e.uses.size() && e.uses[ui].scope == s)
        uses.push_back(&e.uses[ui++]);
      if (defs.empty()) {
        const Use* intro = nullptr;
        for (const Use* u : uses)
          if (u->introduces) {
            intro = u;
            break;
          }
        if (intro) {
          // introduced by its common name: only a use before that is a finding
          for (const Use* u : uses) {
            if (u == intro)
              break;
            if (u->inHeading || wk || !on(CheckCode::UsedBeforeDefined))
              continue;
            std::string where = perSection ? " in this section" : "";
            Finding& f = emit(CheckCode::UsedBeforeDefined, u->span,
                              key + " is used before the draft introduces it" + where +
                                  "; introduce it at its first use.");
            f.related.push_back(draftRelated(intro->span, "introduced here"));
            break;
          }
          continue;
        }
        if (!uses.empty() && !wk && corpusOnly(e.term)) {
          // learned from a commentary only: the unknown-acronym check's rules and code
          if (!on(CheckCode::UndefinedAcronym) || wellKnownKey(key))
            continue;
          for (const Use* u : uses)
            if (!u->inHeading && acronymContext().countsAsUse(u->span)) {
              emitUndefined(key, u->span, commentaryLongForm(e.term), e.term, perSection);
              break;
            }
          continue;
        }
        if (!uses.empty() && !wk && on(CheckCode::NeverSpelledOut))
          neverSpelledOut(key, e, s, uses, perSection);
        continue;
      }
      const Def& first = *defs.front();
      // Headings do not count as first use: style guides spell acronyms out in the text.
      const Use* early = nullptr;
      for (const Use* u : uses)
        if (!u->inHeading && u->span.begin < first.extent.begin) {
          early = u;
          break;
        }
      if (early && !wk && on(CheckCode::UsedBeforeDefined)) {
        std::string where = perSection ? " in this section" : "";
        Finding& f = emit(CheckCode::UsedBeforeDefined, early->span,
                          key + " is used before the draft spells it out" + where +
                              "; spell it out here, at its first use: " +
                              quote(withShortForm(first.d->definition.longForm, key)) + ".");
        f.related.push_back(draftRelated(first.extent, "spelled out here, after its first use"));
        FixData fix;
        fix.kind = FixKind::SpellOut;
        fix.target = early->span;
        fix.text = first.d->definition.longForm;
        // A plural definition ("free trade agreements (FTAs)") gives the singular long form;
        // inflectLongForm puts the plural back for a plural use.
        if (first.d->definition.shortForm != key && fix.text.size() > 1 && fix.text.back() == 's')
          fix.text.pop_back();
        if (!first.d->definition.clause) { // "THAAD stands for …" is a sentence: keep it
          fix.drop = first.extent;
          fix.dropText = std::string(slice(text_, first.d->definition.shortSpan));
        }
        fix.shortForm = key;
        f.fixes.push_back(std::move(fix));
      }
      if (on(CheckCode::DefinedTwice)) {
        for (size_t i = 1; i < defs.size(); ++i) {
          const Def* same = nullptr;
          for (size_t j = 0; j < i && !same; ++j)
            if (defs[j]->fold == defs[i]->fold)
              same = defs[j];
          if (!same)
            continue; // a different expansion: defined-two-ways speaks
          std::string sf(slice(text_, defs[i]->d->definition.shortSpan));
          Finding& f =
              emit(CheckCode::DefinedTwice, defs[i]->extent,
                   key + " is already spelled out above; write " + quote(sf) + " alone here.");
          f.related.push_back(draftRelated(same->extent, "first spelled out here"));
          if (defs[i]->d->definition.clause)
            continue; // a sentence of its own: the writer rewrites it
          FixData fix;
          fix.kind = FixKind::DropDefinition;
          fix.target = defs[i]->extent;
          fix.text = sf;
          fix.shortForm = key;
          f.fixes.push_back(std::move(fix));
        }
      }
    }
  }

  void neverSpelledOut(const std::string& key, const Entry& e, size_t scope,
                       const std::vector<const Use*>& uses, bool perSection) {
    const Use* first = uses.front();
    for (const Use* u : uses)
      if (!u->inHeading) {
        first = u;
        break;
      }
    std::string expansion = commentaryLongForm(e.term);
    if (expansion.empty() && !e.defs.empty())
      expansion = e.defs.front().d->definition.longForm;
    std::string where = perSection ? " in this section" : "";
    std::string message;
    if (!expansion.empty())
      message = key + " is never spelled out" + where + "; at its first use write " +
                quote(withShortForm(expansion, key)) + ".";
    else
      message = key + " is never spelled out" + where + "; spell it out at its first use.";
    Finding& f = emit(CheckCode::NeverSpelledOut, first->span, std::move(message));
    RelatedSpan related;
    if (commentaryDefinition(e.term, related))
      f.related.push_back(std::move(related));
    if (!e.defs.empty())
      f.related.push_back(
          draftRelated(e.defs.front().extent, "spelled out here, in another section"));
    if (expansion.empty())
      return;
    // The long form already written before the first use only needs the acronym after it.
    uint32_t scopeBegin = starts_[scope];
    for (Span l : e.longUses)
      if (l.begin >= scopeBegin && l.end <= first->span.begin) {
        FixData fix;
        fix.kind = FixKind::AddShortForm;
        fix.target = l;
        fix.shortForm = key;
        f.fixes.push_back(std::move(fix));
        break;
      }
    FixData spell;
    spell.kind = FixKind::SpellOut;
    spell.target = first->span;
    spell.text = expansion;
    spell.shortForm = key;
    f.fixes.push_back(std::move(spell));
    if (e.uses.size() == 1 && e.defs.empty()) {
      FixData lone;
      lone.kind = FixKind::UseLongForm;
      lone.target = first->span;
      lone.text = inflectLongForm(slice(text_, first->span), key, expansion);
      lone.shortForm = key;
      f.fixes.push_back(std::move(lone));
    }
  }

  /// The expansions the commentaries and the lexicon accept for a Knowledge term, folded.
  /// A corpus spelling within two edits of the lexicon's is a typo in the commentary
  /// ("Commnad"), not a variant, and is not accepted.
  std::vector<std::string> acceptedFolds(int64_t term) const {
    std::vector<std::string> out;
    if (!known(term))
      return out;
    const Term& t = k_.terms[static_cast<size_t>(term)];
    std::string canonical = t.longForm.empty() ? std::string() : foldExpansion(t.longForm);
    if (!canonical.empty())
      out.push_back(canonical);
    for (const std::string& alias : t.aliases)
      out.push_back(foldExpansion(alias));
    if (static_cast<size_t>(term) >= k_.index.size())
      return out;
    // Only membership counts: the first definition of each distinct long form will do
    // (`expansions`, filled by Knowledge::build). Folding every definition cost 150-250 ms of
    // the server thread on a 10,000-document library, where a term is defined thousands of
    // times, each time a new Knowledge came in.
    const TermIndex& index = k_.index[static_cast<size_t>(term)];
    auto add = [&](const SourceDefinition& sd) {
      std::string f = foldExpansion(sd.definition.longForm);
      if (!canonical.empty() && f != canonical && levenshtein(f, canonical) <= 2)
        return;
      out.push_back(std::move(f));
    };
    if (!index.expansions.empty() || index.definitions.empty()) {
      for (uint32_t d : index.expansions)
        if (d < index.definitions.size())
          add(index.definitions[d]);
    } else { // an index filled by hand
      for (const SourceDefinition& sd : index.definitions)
        add(sd);
    }
    return out;
  }
  bool accepted(const std::vector<std::string>& folds, const std::string& fold) const {
    return std::find(folds.begin(), folds.end(), fold) != folds.end();
  }

  void definedTwoWays(const std::string& key, const Entry& e) {
    if (!on(CheckCode::DefinedTwoWays) || e.defs.size() < 2)
      return;
    std::vector<std::string> known = acceptedFolds(e.term);
    std::vector<std::string> seen{e.defs.front().fold};
    // Long forms in English, Korean and Japanese are one term in three languages, not two ways
    // (the term's names in each language are its aliases): each long form is compared only
    // with the first of its own script (scriptOf).
    const Def* firstOf[3] = {nullptr, nullptr, nullptr};
    firstOf[scriptOf(e.defs.front().d->definition.longForm)] = &e.defs.front();
    for (size_t i = 1; i < e.defs.size(); ++i) {
      const Def& d = e.defs[i];
      if (std::find(seen.begin(), seen.end(), d.fold) != seen.end())
        continue;
      seen.push_back(d.fold);
      const Def*& base = firstOf[scriptOf(d.d->definition.longForm)];
      if (!base) {
        base = &d;
        continue;
      }
      const Def& first = *base;
      // When the first expansion is the commentaries', say so here and leave expansion-differs
      // quiet on this one: one finding, one fix.
      bool firstIsTheirs =
          !known.empty() && accepted(known, first.fold) && !accepted(known, d.fold);
      if (firstIsTheirs)
        quietExpansion_.push_back(d.d);
      Finding& f =
          emit(CheckCode::DefinedTwoWays, d.d->definition.longSpan,
               key + " is spelled out two ways in this draft: " + quote(d.d->definition.longForm) +
                   " here and " + quote(first.d->definition.longForm) + " above" +
                   (firstIsTheirs ? ", which is the commentaries' expansion; use that one"
                                  : "; use one expansion") +
                   " throughout.");
      f.related.push_back(
          draftRelated(first.d->definition.longSpan,
                       "spelled out as " + quote(first.d->definition.longForm) + " here"));
      FixData fix;
      fix.kind = FixKind::ReplaceExpansion;
      fix.shortForm = key;
      // Point the fix at the expansion the commentaries do not use, when only one is theirs.
      if (!known.empty() && accepted(known, d.fold) && !accepted(known, first.fold)) {
        fix.target = first.d->definition.longSpan;
        fix.text = d.d->definition.longForm;
      } else {
        fix.target = d.d->definition.longSpan;
        fix.text = first.d->definition.longForm;
      }
      f.fixes.push_back(std::move(fix));
    }
  }

  void expansionDiffers(const std::string& key, const Entry& e) {
    if (!on(CheckCode::ExpansionDiffers) || e.defs.empty() || !known(e.term))
      return;
    std::vector<std::string> folds = acceptedFolds(e.term);
    std::string canonical = commentaryLongForm(e.term);
    if (folds.empty() || canonical.empty())
      return;
    std::vector<std::string> flagged;
    const int canonicalScript = scriptOf(canonical);
    for (const Def& d : e.defs) {
      if (d.fold.empty() || accepted(folds, d.fold))
        continue;
      // a Korean or Japanese long form translates the commentaries' English one
      if (scriptOf(d.d->definition.longForm) != canonicalScript)
        continue;
      if (std::find(quietExpansion_.begin(), quietExpansion_.end(), d.d) != quietExpansion_.end())
        continue;
      if (std::find(flagged.begin(), flagged.end(), d.fold) != flagged.end())
        continue;
      flagged.push_back(d.fold);
      Finding& f = emit(CheckCode::ExpansionDiffers, d.d->definition.longSpan,
                        "The commentaries spell out " + key + " as " + quote(canonical) + ", not " +
                            quote(d.d->definition.longForm) + "; use their expansion.");
      RelatedSpan related;
      if (commentaryDefinition(e.term, related))
        f.related.push_back(std::move(related));
      FixData fix;
      fix.kind = FixKind::ReplaceExpansion;
      fix.target = d.d->definition.longSpan;
      fix.text = canonical;
      fix.shortForm = key;
      f.fixes.push_back(std::move(fix));
    }
  }

  /// The length of the opening parenthesis that ends at `at`: 1 for '(', 3 for the full-width
  /// '（' of Korean and Japanese text, else 0.
  uint32_t openParenBefore(uint32_t at) const {
    if (at >= 1 && text_[at - 1] == '(')
      return 1;
    return at >= 3 && text_.compare(at - 3, 3, "\xEF\xBC\x88") == 0 ? 3 : 0;
  }

  void usedOnce(const std::string& key, const Entry& e) {
    if (!on(CheckCode::UsedOnce))
      return;
    if (e.defs.size() == 1 && e.uses.empty()) {
      const MinedDefinition& d = e.defs.front().d->definition;
      // what follows the long form as written: "(KEDO)", "(also known as KEDO)"
      std::string paren;
      if (!d.shortFirst && d.extent.empty()) {
        uint32_t open = d.shortSpan.begin;
        while (open > d.longSpan.end && !openParenBefore(open))
          --open;
        if (open > d.longSpan.end)
          paren =
              std::string(slice(text_, {open - openParenBefore(open), e.defs.front().extent.end}));
      }
      Finding& f =
          emit(CheckCode::UsedOnce, d.shortSpan,
               paren.empty() ? key + " is spelled out but never used again; write the long form " +
                                   quote(d.longForm) + " alone."
                             : key + " is spelled out but never used again; drop " + quote(paren) +
                                   " and keep the long form.");
      if (d.clause)
        return; // "THAAD stands for …" is a sentence of its own: no mechanical fix
      FixData fix;
      fix.kind = FixKind::UseLongForm;
      fix.shortForm = key;
      if (!d.extent.empty()) {
        // "LF, or SF, was" -> "LF was"; "SF, which stands for LF, was" -> "LF was"
        fix.target = d.extent;
        fix.text = std::string(slice(text_, d.longSpan));
      } else if (!d.shortFirst) {
        // "long form (SF)" -> "long form": remove the parenthesis and the space before it.
        uint32_t open = d.shortSpan.begin;
        while (open > d.longSpan.end && !openParenBefore(open))
          --open;
        if (open > d.longSpan.end)
          open -= openParenBefore(open); // onto the '(' or '（'
        uint32_t begin = open;
        while (begin > d.longSpan.end && (text_[begin - 1] == ' ' || text_[begin - 1] == '\t'))
          --begin;
        fix.target = {begin, e.defs.front().extent.end};
        if (fix.target.end <= d.shortSpan.end)
          fix.target.end = d.shortSpan.end;
        fix.text.clear();
      } else {
        // "SF (long form)" -> "long form".
        fix.target = e.defs.front().extent;
        fix.text = std::string(slice(text_, d.longSpan));
      }
      f.fixes.push_back(std::move(fix));
      return;
    }
    // A lone use that is never defined: the never-spelled-out finding offers the long form
    // itself; speak here only when that check is off.
    if (e.defs.empty() && e.uses.size() == 1 && !on(CheckCode::NeverSpelledOut) &&
        !wellKnown(key, e.term)) {
      std::string expansion = commentaryLongForm(e.term);
      if (expansion.empty())
        return;
      const Use& u = e.uses.front();
      Finding& f =
          emit(CheckCode::UsedOnce, u.span,
               key + " is used only once; write the long form " + quote(expansion) + " instead.");
      FixData fix;
      fix.kind = FixKind::UseLongForm;
      fix.target = u.span;
      fix.text = inflectLongForm(slice(text_, u.span), key, expansion);
      fix.shortForm = key;
      f.fixes.push_back(std::move(fix));
    }
  }

  // --- fact-contradicts ---------------------------------------------------------------------

  struct Word {
    Span span;
    std::string lower;
  };

  /// A kind of dated event a draft can state, the words that state it and the lexicon's event
  /// names it is compared with ("signed in 2014" against {"event": "signed", "date": "2016"}).
  struct EventClass {
    std::vector<std::string_view> verbs;  ///< past tenses and participles: "signed"
    std::vector<std::string_view> nouns;  ///< "the signing of …": only with an explicit object
    std::vector<std::string_view> events; ///< lexicon event names
    bool negotiations = false; ///< "launched negotiations on X", "the launch of talks on X"
  };
  static const std::vector<EventClass>& eventClasses() {
    static const std::vector<EventClass> classes = {
        {{"signed", "inked", "sealed", "concluded", "reached", "struck"},
         {"signing", "signature", "conclusion"},
         {"signed", "concluded", "reached", "agreed"},
         false},
        {{"launched", "began", "begun", "opened", "started"},
         {"launch", "start", "opening"},
         {"negotiations launched", "negotiations began", "launched", "started", "began"},
         true},
        {{"collapsed"}, {"collapse"}, {"collapsed"}, false},
        {{"suspended"}, {"suspension"}, {"negotiations suspended", "suspended"}, true},
        {{"adopted", "issued", "unveiled"}, {"adoption"}, {"adopted"}, false},
        {{"founded", "established"},
         {"founding", "establishment"},
         {"founded", "established"},
         false},
    };
    return classes;
  }
  /// The class a word states, with whether it is the noun form; nullptr for other words.
  static const EventClass* eventClassOf(std::string_view w, bool& noun) {
    if (w.size() < 4 || w.size() > 13) // "start" … "establishment": skip other words at once
      return nullptr;
    for (const EventClass& c : eventClasses()) {
      if (std::find(c.verbs.begin(), c.verbs.end(), w) != c.verbs.end()) {
        noun = false;
        return &c;
      }
      if (std::find(c.nouns.begin(), c.nouns.end(), w) != c.nouns.end()) {
        noun = true;
        return &c;
      }
    }
    return nullptr;
  }
  static bool isEventWord(std::string_view w) {
    bool noun = false;
    return eventClassOf(w, noun) != nullptr;
  }
  static bool isMonth(std::string_view w) {
    static constexpr std::string_view months[] = {
        "january",   "february", "march",    "april",    "may",  "june", "july", "august",
        "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
        "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov",  "dec"};
    return std::find(std::begin(months), std::end(months), w) != std::end(months);
  }
  static bool isDay(std::string_view w) {
    if (w.empty() || w.size() > 4)
      return false;
    size_t digits = 0;
    while (digits < w.size() && w[digits] >= '0' && w[digits] <= '9')
      ++digits;
    if (digits == 0 || digits > 2)
      return false;
    std::string_view rest = w.substr(digits);
    return rest.empty() || rest == "st" || rest == "nd" || rest == "rd" || rest == "th";
  }
  static int yearOf(std::string_view w) {
    if (w.size() != 4)
      return 0;
    for (char c : w)
      if (c < '0' || c > '9')
        return 0;
    int y = std::stoi(std::string(w));
    return (y >= 1900 && y <= 2099) ? y : 0;
  }
  static bool isBreakWord(std::string_view w) {
    static constexpr std::string_view stops[] = {
        "and",   "but",  "which", "that", "while",  "before",   "after",  "until",
        "since", "when", "then",  "also", "though", "although", "whereas"};
    return std::find(std::begin(stops), std::end(stops), w) != std::end(stops);
  }

  /// Words of `span`: runs of ASCII letters, digits and apostrophes, plus single punctuation
  /// marks that matter for dates and clauses (",", ";", ":", "(", ")", dashes as "-").
  std::vector<Word> words(Span span) const {
    std::vector<Word> out;
    size_t i = span.begin;
    while (i < span.end) {
      unsigned char c = static_cast<unsigned char>(text_[i]);
      if (isAsciiAlnum(c)) {
        size_t j = i;
        while (j < span.end &&
               (isAsciiAlnum(static_cast<unsigned char>(text_[j])) || text_[j] == '\''))
          ++j;
        Word w{{static_cast<uint32_t>(i), static_cast<uint32_t>(j)}, {}};
        for (size_t x = i; x < j; ++x)
          w.lower += lowerAscii(text_[x]);
        out.push_back(std::move(w));
        i = j;
      } else if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')') {
        out.push_back({{static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)},
                       std::string(1, static_cast<char>(c))});
        ++i;
      } else if (c >= 0x80) {
        size_t len = 1;
        char32_t cp = decodeUtf8(text_, i, len);
        if (len == 0)
          len = 1;
        if (cp == U'\u2013' || cp == U'\u2014')
          out.push_back({{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)}, "-"});
        else if (isWordCodePoint(cp))
          out.push_back({{static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)}, "\x01"});
        i += len;
      } else {
        ++i;
      }
    }
    return out;
  }

  /// A date starting at words[i]: [early|late|mid] [Day] [Month] [Day[,]] Year. Returns the
  /// index of the year word, or -1. Requires a lead ("in", "on", "during") before it unless a
  /// month names it.
  static long dateAt(const std::vector<Word>& w, size_t i, bool needLead) {
    bool lead = false;
    if (i < w.size() && (w[i].lower == "in" || w[i].lower == "on" || w[i].lower == "during")) {
      lead = true;
      ++i;
    }
    if (i < w.size() && (w[i].lower == "early" || w[i].lower == "late" || w[i].lower == "mid"))
      ++i;
    bool month = false;
    if (i < w.size() && isDay(w[i].lower) && i + 1 < w.size() && isMonth(w[i + 1].lower))
      ++i;
    if (i < w.size() && isMonth(w[i].lower)) {
      month = true;
      ++i;
      if (i < w.size() && isDay(w[i].lower)) {
        ++i;
        if (i < w.size() && w[i].lower == ",")
          ++i;
      }
    }
    if (!lead && !month && needLead)
      return -1;
    if (i < w.size() && yearOf(w[i].lower))
      return static_cast<long>(i);
    return -1;
  }

  /// The year claimed after words[i] (the end of a verb or of its object): an optional
  /// "by <agent>" of up to five words, then a date.
  static long dateAfter(const std::vector<Word>& w, size_t i) {
    if (i < w.size() && w[i].lower == ",")
      ++i;
    if (long y = dateAt(w, i, true); y >= 0)
      return y;
    if (i < w.size() && w[i].lower == "by") {
      // "by Japan and the ROK in 1964" names who signed; a past participle ("and later
      // suspended in 2019") starts another clause whose date is not the signing's.
      for (size_t j = i + 1; j < w.size() && j <= i + 7; ++j) {
        const std::string& x = w[j].lower;
        if ((isBreakWord(x) && x != "and") || isEventWord(x) || yearOf(x) || x == ";" || x == "(" ||
            x == "-" || (x.size() > 3 && x.ends_with("ed")))
          break;
        if (w[j].lower == "in" || w[j].lower == "on" || w[j].lower == "during" || w[j].lower == ",")
          return dateAt(w, w[j].lower == "," ? j + 1 : j, true);
      }
    }
    return -1;
  }

  const Mention* mentionStartingAt(uint32_t offset) const {
    auto it = std::lower_bound(a_.mentions.begin(), a_.mentions.end(), offset,
                               [](const Mention& m, uint32_t v) { return m.span.begin < v; });
    return (it != a_.mentions.end() && it->span.begin == offset) ? &*it : nullptr;
  }

  /// The term's dated events of class `c`.
  std::vector<const DatedEvent*> eventsOf(uint32_t term, const EventClass& c) const {
    std::vector<const DatedEvent*> out;
    const Term* t = termOf(term);
    if (!t)
      return out;
    for (const DatedEvent& e : t->dates)
      if (std::find(c.events.begin(), c.events.end(), e.event) != c.events.end() && e.year() > 0)
        out.push_back(&e);
    return out;
  }
  bool hasClassifiedEvents(uint32_t term) const {
    // Asked once per mention: remembered per term (a long draft mentions a few terms often).
    if (term >= classified_.size())
      classified_.resize(term + 1, -1);
    if (classified_[term] < 0) {
      classified_[term] = 0;
      for (const EventClass& c : eventClasses())
        if (!eventsOf(term, c).empty())
          classified_[term] = 1;
    }
    return classified_[term] == 1;
  }
  bool agreementLike(uint32_t term) const {
    const Term* t = termOf(term);
    return t && (t->kind == TermKind::Agreement || !t->dates.empty());
  }

  /// Whether `span` holds a year (1900-2099) as a word of its own, the way words() and yearOf()
  /// read one. Every fact-contradicts finding names such a year, so a sentence without one
  /// need not be read word by word (most sentences of a long draft).
  bool holdsYear(Span span) const {
    const std::string_view s = slice(text_, span);
    auto wordByte = [](unsigned char c) { return isAsciiAlnum(c) || c == '\''; };
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '1' && s[i] != '2')
        continue;
      if (i > 0 && wordByte(static_cast<unsigned char>(s[i - 1])))
        continue;
      if (i + 4 > s.size() || (i + 4 < s.size() && wordByte(static_cast<unsigned char>(s[i + 4]))))
        continue;
      if (yearOf(s.substr(i, 4)))
        return true;
    }
    return false;
  }

  void facts() {
    std::unordered_set<uint32_t> doneSentences;
    // Split once: sentenceAround(text, offset) splits the whole draft on every call, which
    // made this loop quadratic (1.2 s on a 100 KB draft).
    // The analysis keeps them (spliced on edits); split here only for analyses made without.
    std::vector<Span> split;
    const std::vector<Span>* sentences = &a_.sentences;
    auto inRange = [&](Span range) {
      auto first = std::lower_bound(a_.mentions.begin(), a_.mentions.end(), range.begin,
                                    [](const Mention& m, uint32_t v) { return m.span.begin < v; });
      for (auto it = first; it != a_.mentions.end() && it->span.begin < range.end; ++it) {
        const Mention& m = *it;
        if (!hasClassifiedEvents(m.term))
          continue;
        if (sentences->empty() && split.empty()) {
          split = splitDraftSentences(text_);
          sentences = &split;
        }
        Span sentence = sentenceAround(*sentences, m.span.begin);
        if (!doneSentences.insert(sentence.begin).second)
          continue;
        groupSentence_ = sentence;
        if (holdsYear(sentence))
          factsInSentence(sentence);
      }
    };
    inRange(scope_.facts);
    if (scope_.moreFacts)
      for (Span range : *scope_.moreFacts)
        inRange(range);
  }

  void factsInSentence(Span sentence) {
    std::vector<Word> w = words(sentence);
    auto lo = std::lower_bound(a_.mentions.begin(), a_.mentions.end(), sentence.begin,
                               [](const Mention& m, uint32_t v) { return m.span.begin < v; });
    std::vector<const Mention*> inSentence;
    for (auto it = lo; it != a_.mentions.end() && it->span.end <= sentence.end; ++it)
      inSentence.push_back(&*it);
    // Words inside a mention belong to the name ("the 2015 comfort women agreement").
    auto insideMention = [&](Span s) {
      for (const Mention* m : inSentence)
        if (overlaps(m->span, s))
          return true;
      return false;
    };
    std::vector<uint32_t> reported;
    for (size_t vi = 0; vi < w.size(); ++vi) {
      bool noun = false;
      const EventClass* cls = eventClassOf(w[vi].lower, noun);
      if (!cls || insideMention(w[vi].span))
        continue;
      if (!wordBoundaryAt(text_, w[vi].span.begin, w[vi].span.end))
        continue;
      // "was not signed in 2012", "was almost signed" state no date of signing.
      bool negated = false;
      for (size_t b = vi >= 3 ? vi - 3 : 0; b < vi; ++b)
        if (w[b].lower == "not" || w[b].lower == "never" || w[b].lower == "almost" ||
            w[b].lower == "nearly" || w[b].lower.ends_with("n't") || w[b].lower == "failed")
          negated = true;
      if (negated)
        continue;

      const Mention* subject = nullptr;
      long year = -1;
      // (A) the object follows: "signed GSOMIA in 2014", "the signing of the GSOMIA in 2014",
      // "launched negotiations on a trilateral FTA in November 2013".
      size_t oi = vi + 1;
      if (noun && oi < w.size() && w[oi].lower == "of")
        ++oi;
      if (cls->negotiations && oi + 1 < w.size() &&
          (w[oi].lower == "negotiations" || w[oi].lower == "talks") &&
          (w[oi + 1].lower == "on" || w[oi + 1].lower == "for" || w[oi + 1].lower == "over" ||
           w[oi + 1].lower == "toward" || w[oi + 1].lower == "towards"))
        oi += 2;
      // A name may include its article ("a trilateral FTA") or not ("the GSOMIA").
      const Mention* obj = oi < w.size() ? mentionStartingAt(w[oi].span.begin) : nullptr;
      if (!obj && oi + 1 < w.size() &&
          (w[oi].lower == "the" || w[oi].lower == "a" || w[oi].lower == "an"))
        obj = mentionStartingAt(w[++oi].span.begin);
      if (obj && agreementLike(obj->term)) {
        subject = obj;
        size_t after = oi;
        while (after < w.size() && w[after].span.begin < obj->span.end)
          ++after;
        // Skip the short form in parentheses: "signed the General … Agreement (GSOMIA) in 2014".
        if (after < w.size() && w[after].lower == "(") {
          size_t close = after + 1;
          while (close < w.size() && close <= after + 4 && w[close].lower != ")")
            ++close;
          if (close < w.size() && w[close].lower == ")")
            after = close + 1;
        }
        year = dateAfter(w, after);
        // "In 2014, Japan and the ROK signed GSOMIA": a date that opens the sentence.
        if (year < 0 && vi > 0) {
          if (long y = dateAt(w, 0, true); y >= 0 && static_cast<size_t>(y) < vi) {
            bool clean = true;
            for (size_t x = static_cast<size_t>(y) + 1; x < vi; ++x)
              if (isEventWord(w[x].lower) || yearOf(w[x].lower))
                clean = false;
            if (clean)
              year = y;
          }
        }
      }
      // (B) the subject precedes a verb: "GSOMIA, signed in 2014", "GSOMIA was signed in 2014".
      // Not for nouns: "walked away from the signing in June 2012" names no agreement.
      if (!subject && !noun) {
        for (auto it = inSentence.rbegin(); it != inSentence.rend(); ++it) {
          const Mention* m = *it;
          if (m->span.end > w[vi].span.begin)
            continue;
          if (!agreementLike(m->term))
            continue;
          if (w[vi].span.begin - m->span.end <= 160)
            subject = m;
          break;
        }
        if (subject)
          year = dateAfter(w, vi + 1);
      }
      if (!subject || year < 0)
        continue;
      const Word& yw = w[static_cast<size_t>(year)];
      if (insideMention(yw.span))
        continue;
      if (std::find(reported.begin(), reported.end(), yw.span.begin) != reported.end())
        continue;
      std::vector<const DatedEvent*> events = eventsOf(subject->term, *cls);
      if (events.empty())
        continue; // the commentaries give no date for this: nothing to compare
      int claimed = yearOf(yw.lower);
      bool matches = false;
      for (const DatedEvent* e : events)
        if (e->year() == claimed)
          matches = true;
      if (matches)
        continue;
      // The fact to cite: the event the verb itself names, else the class's first.
      const DatedEvent* fact = events.front();
      for (const DatedEvent* e : events)
        if (e->event == w[vi].lower) {
          fact = e;
          break;
        }
      reported.push_back(yw.span.begin);
      const Term& t = *termOf(subject->term);
      std::string name = !t.shortForm.empty()  ? t.shortForm
                         : !t.longForm.empty() ? t.longForm
                                               : std::string(slice(text_, subject->span));
      std::string correct = std::to_string(fact->year());
      static constexpr std::string_view passive[] = {"signed",      "concluded", "agreed",
                                                     "reached",     "adopted",   "founded",
                                                     "established", "launched"};
      std::string claim;
      if (std::find(std::begin(passive), std::end(passive), fact->event) != std::end(passive))
        claim = name + " was " + fact->event + " in " + correct;
      else if (fact->event.find(' ') == std::string::npos)
        claim = name + " " + fact->event + " in " + correct;
      else
        claim = "For " + name + ", " + fact->event + " in " + correct;
      // Cite the commentaries only when one of them states the year; otherwise the date is
      // the lexicon's (public-record facts written by us).
      RelatedSpan related;
      const bool cited = commentarySentenceWithYear(subject->term, correct, related);
      Finding& f =
          emit(CheckCode::FactContradicts, yw.span,
               claim + (cited ? " according to the commentaries" : " according to the lexicon") +
                   ", not in " + yw.lower + "; correct the year.");
      if (cited)
        f.related.push_back(std::move(related));
      FixData fix;
      fix.kind = FixKind::ReplaceYear;
      fix.target = yw.span;
      fix.text = correct;
      fix.shortForm = name;
      f.fixes.push_back(std::move(fix));
    }
  }

  /// A corpus sentence that mentions `term` and states `year`.
  bool commentarySentenceWithYear(uint32_t term, const std::string& year, RelatedSpan& out) const {
    if (term >= k_.terms.size() || term >= k_.index.size())
      return false;
    std::map<uint32_t, std::vector<Span>> sentences; // per commentary, split once
    for (const SourceLocation& loc : k_.index[term].mentions) {
      if (loc.source >= k_.sources.size())
        continue;
      const Source& src = k_.sources[loc.source];
      auto [it, fresh] = sentences.try_emplace(loc.source);
      if (fresh)
        it->second = splitSentences(src.text);
      Span s = sentenceAround(it->second, loc.span.begin);
      std::string_view sv = slice(src.text, s);
      for (size_t at = sv.find(year); at != std::string_view::npos; at = sv.find(year, at + 1)) {
        if (!wordBoundaryAt(src.text, s.begin + at, s.begin + at + year.size()))
          continue;
        out.source = static_cast<int32_t>(loc.source);
        out.span = s;
        out.message = shortCitation(src.meta) + ": " + year;
        return true;
      }
    }
    return false;
  }
};

} // namespace

std::string_view toString(Severity s) {
  switch (s) {
  case Severity::Off:
    return "off";
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Information:
    return "information";
  case Severity::Hint:
    return "hint";
  }
  return "off";
}

bool parseSeverity(std::string_view s, Severity& out) {
  if (s == "off")
    out = Severity::Off;
  else if (s == "error")
    out = Severity::Error;
  else if (s == "warning")
    out = Severity::Warning;
  else if (s == "information" || s == "info")
    out = Severity::Information;
  else if (s == "hint")
    out = Severity::Hint;
  else
    return false;
  return true;
}

std::string_view toString(CheckCode c) {
  return kCodeNames[static_cast<size_t>(c)];
}

bool parseCheckCode(std::string_view s, CheckCode& out) {
  for (size_t i = 0; i < kCheckCount; ++i)
    if (kCodeNames[i] == s) {
      out = static_cast<CheckCode>(i);
      return true;
    }
  return false;
}

Severity defaultSeverity(CheckCode c) {
  return c == CheckCode::UsedOnce ? Severity::Hint : Severity::Warning;
}

CheckOptions::CheckOptions() : wellKnown{"UN", "US", "EU", "UK", "USA", "NATO"} {
  for (size_t i = 0; i < kCheckCount; ++i)
    severity[i] = defaultSeverity(static_cast<CheckCode>(i));
}

std::string_view toString(FixKind k) {
  return kFixNames[static_cast<size_t>(k)];
}

bool parseFixKind(std::string_view s, FixKind& out) {
  for (size_t i = 0; i < std::size(kFixNames); ++i)
    if (kFixNames[i] == s) {
      out = static_cast<FixKind>(i);
      return true;
    }
  return false;
}

namespace {
/// One spelling for the British and American forms of a (lower-case, singular) word:
/// Organisation/Organization, Defence/Defense, Centre/Center, Labour/Labor, Programme/Program.
void britishToAmerican(std::string& w) {
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"defence", "defense"},    {"offence", "offense"},       {"licence", "license"},
      {"pretence", "pretense"},  {"centre", "center"},         {"theatre", "theater"},
      {"programme", "program"},  {"catalogue", "catalog"},     {"dialogue", "dialog"},
      {"analyse", "analyze"},    {"labour", "labor"},          {"neighbour", "neighbor"},
      {"harbour", "harbor"},     {"honour", "honor"},          {"favour", "favor"},
      {"behaviour", "behavior"}, {"colour", "color"},          {"endeavour", "endeavor"},
      {"fulfil", "fulfill"},     {"enrol", "enroll"},          {"aluminium", "aluminum"},
      {"travelled", "traveled"}, {"counselling", "counseling"}};
  for (const auto& [gb, us] : kWords)
    if (w == gb) {
      w = us;
      return;
    }
  static constexpr std::pair<std::string_view, std::string_view> kEndings[] = {
      {"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"},
      {"iser", "izer"},       {"ise", "ize"},     {"yse", "yze"}};
  for (const auto& [gb, us] : kEndings)
    if (w.size() > gb.size() + 2 && w.ends_with(gb)) {
      w.replace(w.size() - gb.size(), gb.size(), us);
      return;
    }
}
} // namespace

std::string foldExpansion(std::string_view longForm) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty())
      words.push_back(std::move(cur));
    cur.clear();
  };
  size_t i = 0;
  while (i < longForm.size()) {
    size_t len = 1;
    char32_t c = decodeUtf8(longForm, i, len);
    if (len == 0)
      break;
    if (c == '.' || c == '\'' || c == U'\u2019') {
      // "U.S." is "US"; "Japan's" is "Japans", singularised below.
    } else if (c == '&') {
      flush();
      words.push_back("and");
    } else if (isWordCodePoint(c)) {
      for (size_t j = i; j < i + len; ++j)
        cur += lowerAscii(longForm[j]);
    } else {
      flush();
    }
    i += len;
  }
  flush();
  if (!words.empty() && words.front() == "the")
    words.erase(words.begin());
  std::string out;
  for (std::string& w : words) {
    if (w.size() > 4 && w.ends_with("ies"))
      w = w.substr(0, w.size() - 3) + "y";
    else if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's')
      w.pop_back();
    britishToAmerican(w);
    out += w; // no separator: "Co-operation", "Co operation" and "Cooperation" are one
  }
  return out;
}

std::string inflectLongForm(std::string_view use, std::string_view shortForm,
                            std::string_view longForm) {
  std::string out(longForm);
  std::string_view base = use;
  std::string possessive;
  for (std::string_view mark : {std::string_view("'s"), std::string_view("\u2019s")})
    if (base.size() > mark.size() && base.ends_with(mark)) {
      possessive = std::string(mark);
      base.remove_suffix(mark.size());
      break;
    }
  if (base.size() == shortForm.size() + 1 && base.starts_with(shortForm) && base.back() == 's' &&
      !out.empty() && out.back() != 's')
    out += 's';
  return out + possessive;
}

std::vector<Finding> runChecks(const Knowledge& knowledge, const DraftAnalysis& analysis,
                               std::string_view text, Language language,
                               const CheckOptions& options) {
  return Checker(knowledge, analysis, text, language, options).run();
}

namespace detail {

std::vector<TaggedFinding> runChecksTagged(const Knowledge& knowledge,
                                           const DraftAnalysis& analysis, std::string_view text,
                                           Language language, const CheckOptions& options,
                                           const CheckScope& scope) {
  return Checker(knowledge, analysis, text, language, options, scope).runTagged();
}

void sortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& x, const Finding& y) {
    if (x.span.begin != y.span.begin)
      return x.span.begin < y.span.begin;
    return x.code < y.code;
  });
}

std::string termKey(const Term& term) {
  return term.shortForm.empty() ? std::string() : singularKey(term.shortForm);
}

std::string shortFormKey(std::string_view shortForm) {
  return singularKey(shortForm);
}

std::string acronymAliasKey(const Knowledge& knowledge, std::string_view text,
                            const Mention& mention) {
  return acronymAliasMention(knowledge, text, mention.span, mention.term)
             ? acronymKey(slice(text, mention.span))
             : std::string();
}

} // namespace detail

} // namespace accord::features
