// Drafting checks: acronym first-use discipline and agreement facts, as findings in byte offsets.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/analysis.h"

namespace accord::features {

/// How loudly a check speaks; Off turns it off. Values match LSP's DiagnosticSeverity.
enum class Severity : uint8_t { Off = 0, Error = 1, Warning = 2, Information = 3, Hint = 4 };
std::string_view toString(Severity);
/// "off", "error", "warning", "information" (or "info"), "hint"; false for anything else.
bool parseSeverity(std::string_view, Severity&);

/// The checks, named by the diagnostic codes of the team brief.
enum class CheckCode : uint8_t {
  UsedBeforeDefined,
  NeverSpelledOut,
  DefinedTwice,
  DefinedTwoWays,
  ExpansionDiffers,
  UsedOnce,
  FactContradicts,
  /// An acronym that neither Accord's knowledge nor the draft spells out (or that only a
  /// commentary spells out): its own code, so a writer can make it a hint or turn it off.
  UndefinedAcronym,
  /// A contested name (the islets, the sea) in another form than the house style's
  /// (features/house_style.h); silent until a house style is set.
  HouseStyle,
};
inline constexpr size_t kCheckCount = 9;
/// "used-before-defined", "never-spelled-out", …
std::string_view toString(CheckCode);
bool parseCheckCode(std::string_view, CheckCode&);
Severity defaultSeverity(CheckCode);

/// Where a first use must be spelled out: once per document, or once per top-level section
/// (the headings of the lowest level the draft uses, or of the next level when that one is a
/// lone title; text before the first one is a scope too). Uses in headings never count as the
/// first use while the text below uses the acronym.
enum class FirstUseScope : uint8_t { Document, Section };

/// The forms of contested names the writer's institution uses (accord.houseStyle): one of
/// features/house_style.h's kIsletStyles and kSeaStyles; "off" or empty checks nothing.
struct HouseStyle {
  std::string islets = "off"; ///< "Dokdo/Takeshima", "Takeshima", … or "off"
  std::string sea = "off";    ///< "East Sea", "Sea of Japan/East Sea", … or "off"
  friend bool operator==(const HouseStyle&, const HouseStyle&) = default;
};

/// The settings the checks read (accord.checks, accord.wellKnown, accord.firstUseScope,
/// accord.houseStyle).
struct CheckOptions {
  CheckOptions();
  std::array<Severity, kCheckCount> severity; ///< indexed by CheckCode
  /// Short forms that need no spelling out; compared case-sensitively, plural tolerated.
  std::vector<std::string> wellKnown;
  FirstUseScope scope = FirstUseScope::Document;
  HouseStyle houseStyle;

  friend bool operator==(const CheckOptions&, const CheckOptions&) = default;
  Severity& operator[](CheckCode c) { return severity[static_cast<size_t>(c)]; }
  Severity operator[](CheckCode c) const { return severity[static_cast<size_t>(c)]; }
};

/// Another place involved in a finding: in the draft (source == -1) or in a commentary
/// (source = index into Knowledge::sources).
struct RelatedSpan {
  int32_t source = -1;
  Span span;
  std::string message;
};

/// What one quick fix needs, in byte offsets of the text the finding was computed on.
/// fixes.h turns it into edits; the server carries it in the diagnostic's data.
enum class FixKind : uint8_t {
  SpellOut,         ///< write `text` (the long form) before the use at `target`, as "long (SF)";
                    ///< when `drop` is not empty, reduce that later definition to `dropText`
  AddShortForm,     ///< the long form at `target` is already written: add " (`shortForm`)"
  ReplaceExpansion, ///< replace the long form at `target` with `text`
  UseLongForm,      ///< replace `target` with `text` (a lone use, or "long (SF)" -> "long")
  DropDefinition,   ///< reduce the redundant definition at `target` to `text` (its short form)
  ReplaceYear,      ///< replace the year at `target` with `text`
  UseHouseName,     ///< replace the name `shortForm` at `target` with the house style's `text`
};
std::string_view toString(FixKind);
bool parseFixKind(std::string_view, FixKind&);

struct FixData {
  FixKind kind = FixKind::SpellOut;
  Span target;
  std::string text;
  Span drop;             ///< SpellOut only; empty when there is nothing to drop
  std::string dropText;  ///< what `drop` becomes
  std::string shortForm; ///< the acronym concerned, for titles
  friend bool operator==(const FixData&, const FixData&) = default;
};

/// One problem in a draft.
struct Finding {
  CheckCode code = CheckCode::NeverSpelledOut;
  Severity severity = Severity::Warning;
  Span span;           ///< where the editor underlines
  std::string message; ///< says what is wrong and what to do
  std::vector<RelatedSpan> related;
  std::vector<FixData> fixes; ///< the quick fixes, the preferred one first
};

/// Runs every check that is not Off over one analysed draft. Pure; safe on a worker thread.
/// Findings are sorted by span begin, then code.
std::vector<Finding> runChecks(const Knowledge& knowledge, const DraftAnalysis& analysis,
                               std::string_view text, Language language,
                               const CheckOptions& options);

/// A long form folded for comparison: case, hyphens and dashes versus spaces, punctuation,
/// a leading "the", plural endings and "&"/"and" do not count.
std::string foldExpansion(std::string_view longForm);

/// The long form to write in place of the use `use` of `shortForm`: plural ("FTAs") and
/// possessive ("GSOMIA's") endings carried over to `longForm`.
std::string inflectLongForm(std::string_view use, std::string_view shortForm,
                            std::string_view longForm);

} // namespace accord::features
