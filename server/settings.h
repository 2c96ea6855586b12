// The user's settings (section "accord"), typed with their defaults and read tolerantly.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "server/features/checks.h"
#include "server/features/citations.h"

namespace accord {

// The settings' choices are the features' own types, declared once (features/checks.h,
// features/citations.h) and handed to the features as they are.
/// How a drafting check is reported; Off silences it.
using CheckLevel = features::Severity;
/// Where "first use" of an acronym is counted from.
using FirstUseScope = features::FirstUseScope;
/// How citations are inserted; Auto picks from the document's language.
using CitationStyle = features::CitationStyle;

/// The diagnostic codes of the drafting checks (source "accord").
inline constexpr std::array<std::string_view, 9> kCheckCodes = {
    "used-before-defined", "never-spelled-out", "defined-twice",
    "defined-two-ways",    "expansion-differs", "used-once",
    "fact-contradicts",    "undefined-acronym", "house-style"};

/// Everything under "accord". Each source (initializationOptions, workspace/configuration,
/// didChangeConfiguration) gives a complete picture: fields it leaves out take the default.
struct Settings {
  std::vector<std::string> corpus;  ///< extra corpus directories
  std::vector<std::string> lexicon; ///< extra lexicon directories
  std::vector<std::string> wellKnown = {"UN", "US",  "EU",
                                        "UK", "USA", "NATO"}; ///< need no spelling out
  FirstUseScope firstUseScope = FirstUseScope::Document;
  /// Level per check code; every code of kCheckCodes is present.
  std::map<std::string, CheckLevel, std::less<>> checks = defaultChecks();
  struct InlayHints {
    bool enabled = false;
    friend bool operator==(const InlayHints&, const InlayHints&) = default;
  } inlayHints;
  struct Workspace {
    std::vector<std::string> exclude; ///< globs of workspace files not to scan
    uint64_t maxFileSize = 2000000;   ///< bytes; larger workspace files are skipped
    friend bool operator==(const Workspace&, const Workspace&) = default;
  } workspace;
  struct Citations {
    CitationStyle style = CitationStyle::Auto;
    std::string bibFile = "references.bib";
    friend bool operator==(const Citations&, const Citations&) = default;
  } citations;
  /// accord.houseStyle.islets and .sea: the forms of contested names the writer's institution
  /// uses; "off" (the default) leaves the house-style check silent.
  features::HouseStyle houseStyle;
  struct Diagnostics {
    uint32_t debounceMs = 0; ///< delay before publishing diagnostics after an edit
    friend bool operator==(const Diagnostics&, const Diagnostics&) = default;
  } diagnostics;

  /// The level of a check; Off for codes that are not checks.
  CheckLevel check(std::string_view code) const;
  static std::map<std::string, CheckLevel, std::less<>> defaultChecks();
  friend bool operator==(const Settings&, const Settings&) = default;
};

/// Reads settings from `j`: the "accord" section itself, or an object that holds it under
/// "accord" (as initializationOptions and didChangeConfiguration often do). null or a
/// non-object gives the defaults. A field of the wrong type or with an unknown value keeps
/// its default and adds a warning naming it ("accord.checks.used-once: expected one of
/// off, error, warning, information, hint; got \"loud\""). Unknown fields are warned about.
Settings parseSettings(const nlohmann::json& j, std::vector<std::string>& warnings);

/// The settings as JSON (the "accord" section), e.g. for logging what is in effect.
nlohmann::json settingsToJson(const Settings&);

} // namespace accord
