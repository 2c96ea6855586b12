// Keeps a draft's analysis current: a full analysis on open, paragraph-local re-analysis on
// edits. Beside analyzeDraft (analysis.h), whose steps (local terms, merging, definitions as
// mentions) it reuses on the re-analysed window.
#pragma once
#include <memory>
#include <string_view>

#include "grammar/analysis.h"

namespace accord {

/// The analysis of one text against one Knowledge, plus what re-analysing an edit needs.
/// Immutable; shared between the server's analysis store and requests.
struct AnalysisState {
  std::shared_ptr<const Knowledge> knowledge;    ///< what the analysis was computed against
  std::shared_ptr<const DraftAnalysis> analysis; ///< never null
  Language language = Language::PlainText;
  /// The non-prose ranges of the analysed text (code, LaTeX commands): an edit next to or
  /// inside one may change how the text around it reads, so it is analysed in full.
  std::vector<Span> nonProse;
  /// Finds the draft's own terms (DraftAnalysis::localTerms) when only part of the text is
  /// re-scanned; built on the first edit that needs it and handed on while they stay the same.
  std::shared_ptr<const Recognizer> localRecognizer;
  /// The Knowledge's recogniser's mentions of the text alone (analyzeDraft's `known`): when an
  /// edit changes the draft's own terms, their mentions are found again over the whole text and
  /// merged into these, which the edit changed only in its window.
  std::vector<Mention> knownMentions;
};

/// Analyses `text` in full.
std::shared_ptr<const AnalysisState> analyzeFull(std::shared_ptr<const Knowledge> knowledge,
                                                 std::string_view text, Language language);

/// What reanalyze did, for logs and tests.
enum class UpdateKind : uint8_t { Unchanged, Incremental, Full };

/// The analysis of `newText`, given `previous` (the analysis of `oldText`). Finds the changed
/// bytes (common prefix and suffix), widens them to whole paragraphs, and re-analyses only
/// those when that cannot change anything outside them: no code fence, math block or LaTeX
/// environment boundary near the edit. When the draft's own terms change (a definition of one
/// added, removed or spelled out otherwise), their mentions are found again over the whole
/// text; the known terms' mentions, sentences and sections are still taken from `previous`.
/// Otherwise, or when `previous` was computed against another Knowledge or language, analyses in
/// full. The result always equals analyzeFull(newText). `why` (optional) is set to why a full
/// analysis was needed, for logs.
std::shared_ptr<const AnalysisState> reanalyze(const std::shared_ptr<const AnalysisState>& previous,
                                               std::string_view oldText, std::string_view newText,
                                               UpdateKind* kind = nullptr,
                                               const char** why = nullptr);

/// Length of the common prefix of `a` and `b`, compared a block at a time (memcmp is
/// vectorised): where an edit starts.
size_t commonPrefix(std::string_view a, std::string_view b);
/// Length of the common suffix, the same way from the ends.
size_t commonSuffix(std::string_view a, std::string_view b);

} // namespace accord
