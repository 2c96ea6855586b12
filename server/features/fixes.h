// Quick fixes: the FixData of a finding turned into byte-range edits of the draft.
#pragma once
#include "server/features/checks.h"

namespace accord::features {

/// Replace `span` (bytes of the draft) with `newText`; an empty span inserts.
struct TextEdit {
  Span span;
  std::string newText;
  friend bool operator==(const TextEdit&, const TextEdit&) = default;
};

struct QuickFix {
  std::string title;           ///< what the editor lists, e.g. "Spell out GSOMIA at its first use"
  std::vector<TextEdit> edits; ///< non-overlapping, ascending
  bool preferred = false;
};

/// The edits of one fix against `text`. Returns false (and no edits) when the fix no longer
/// fits the text: offsets out of range, or the target is not what the fix expects there.
bool buildFix(const FixData& fix, std::string_view text, QuickFix& out);

/// Every fix of `finding` that fits `text`; the first one is marked preferred.
std::vector<QuickFix> quickFixes(const Finding& finding, std::string_view text);

/// `text` with `edits` applied (non-overlapping; any order). For tests and the CLI.
std::string applyEdits(std::string_view text, std::vector<TextEdit> edits);

/// True when `offset` starts a sentence: at the start of the text, after ".", "!" or "?",
/// after a blank line, or at the start of a heading or list item (markup skipped).
bool startsSentence(std::string_view text, uint32_t offset);

} // namespace accord::features
