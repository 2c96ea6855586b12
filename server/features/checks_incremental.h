// The checks of one draft kept current across edits: the findings runChecks (checks.h) gives,
// with what the next edit needs to re-run only the checks it can change.
#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include "grammar/analysis_incremental.h"
#include "server/features/acronyms.h"
#include "server/features/checks.h"
#include "server/features/checks_internal.h"

namespace accord::features {

/// The findings of one analysed text under one set of options, and what re-checking an edit
/// of that text needs. Immutable; shared.
struct CheckState {
  std::vector<Finding>
      findings; ///< exactly runChecks(knowledge, analysis, text, language, options)

  // What the next edit needs (checks_incremental.cpp):
  std::shared_ptr<const AnalysisState> analysis; ///< the analysis checked
  CheckOptions options;
  Language language = Language::PlainText;
  std::vector<Span> quotes;         ///< AcronymContext::quotations of the whole text
  std::vector<AcronymToken> tokens; ///< AcronymContext::tokens of the whole text
  /// The findings in the order runChecks emits them (checks_internal.h), with their groups.
  std::vector<detail::TaggedFinding> tagged;
};

/// What updateChecks did, for logs and tests.
struct CheckUpdate {
  bool incremental = false;
  size_t keys = 0;           ///< short forms re-checked (incremental only)
  Span window;               ///< the re-checked bytes of the new text (incremental only)
  const char* why = nullptr; ///< why everything was checked again
};

/// The findings of `analysis` (the analysis of `newText`), given `previous` (the checks of
/// `oldText`, or null). Always equal to runChecks on `newText`; computed incrementally when
/// `previous` was checked against the same Knowledge, options and language: only the short
/// forms with a mention, a definition or an acronym-shaped token in the paragraphs the edit
/// changed are checked again (with the sentences of those paragraphs for fact-contradicts),
/// and those of the draft's own terms the edit defined, undefined or spelled out otherwise,
/// wherever their mentions are; the other findings are moved by the edit's byte delta.
std::shared_ptr<const CheckState> updateChecks(const std::shared_ptr<const CheckState>& previous,
                                               const std::shared_ptr<const AnalysisState>& analysis,
                                               std::string_view oldText, std::string_view newText,
                                               const CheckOptions& options,
                                               CheckUpdate* update = nullptr);

} // namespace accord::features
