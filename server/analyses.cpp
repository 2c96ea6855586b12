// AnalysisStore: one analysis per document version and Knowledge, incremental when it can be.
#include "server/analyses.h"

#include <chrono>

#include "server/log.h"

namespace accord {

std::shared_ptr<const AnalysisState>
AnalysisStore::get(const std::shared_ptr<const Document>& doc,
                   const std::shared_ptr<const Knowledge>& knowledge) {
  if (!knowledge || !doc)
    return nullptr;
  auto it = entries_.find(doc->uri);
  if (it != entries_.end() && it->second.doc == doc && it->second.state->knowledge == knowledge)
    return it->second.state;
  std::shared_ptr<const AnalysisState> state;
  auto start = std::chrono::steady_clock::now();
  UpdateKind how = UpdateKind::Full;
  const char* why = nullptr;
  if (it != entries_.end() && it->second.state->knowledge == knowledge &&
      it->second.state->language == doc->language) {
    state = reanalyze(it->second.state, it->second.doc->text, doc->text, &how, &why);
  } else {
    state = analyzeFull(knowledge, doc->text, doc->language);
  }
  if (log::enabled(log::Level::Verbose)) {
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    log::verbose("analysis: ", doc->uri, " v", doc->version, " ",
                 how == UpdateKind::Incremental ? "incremental"
                 : how == UpdateKind::Full      ? "full"
                                                : "unchanged",
                 why ? std::string(" (") + why + ")" : std::string(), " in ", ms, " ms, ",
                 state->analysis->mentions.size(), " mentions");
  }
  entries_[doc->uri] = {doc, state};
  return state;
}

void AnalysisStore::forget(std::string_view uri) {
  if (auto it = entries_.find(uri); it != entries_.end())
    entries_.erase(it);
}

} // namespace accord
