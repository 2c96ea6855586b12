// The one owner of the open drafts' analyses: per URI, the document version last analysed and
// its analysis against a Knowledge, computed once and read by every feature and the checks.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "grammar/analysis_incremental.h"
#include "server/documents.h"

namespace accord {

/// Analyses of open document versions. A version is analysed at most once per Knowledge:
/// incrementally from the previous version of the same URI when that was analysed against the
/// same Knowledge and language, else in full. Whoever asks first (a feature, the checks, the
/// didChange hook that warms it) computes it; everyone else reads the same result, so nothing
/// depends on the order in which hooks run. Server thread only; the results are immutable and
/// may be handed to workers.
class AnalysisStore {
public:
  /// The analysis of `doc` against `knowledge`; null when either is null.
  std::shared_ptr<const AnalysisState> get(const std::shared_ptr<const Document>& doc,
                                           const std::shared_ptr<const Knowledge>& knowledge);
  /// The document was closed: drop what was kept for it.
  void forget(std::string_view uri);

private:
  struct Entry {
    std::shared_ptr<const Document> doc; ///< the version analysed (its text feeds the next edit)
    std::shared_ptr<const AnalysisState> state;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

} // namespace accord
