// What checks.cpp shares with the incremental checks (checks_incremental.cpp) only: a run of
// the checks over part of a draft, each finding tagged with the group that produced it.
#pragma once
#include <string>
#include <unordered_set>
#include <vector>

#include "server/features/acronyms.h"
#include "server/features/checks.h"

namespace accord::features::detail {

/// What a partial run computes, and the parts of the draft it is handed instead of computing
/// them (pointers may be null: computed from the text, as runChecks does).
struct CheckScope {
  /// Only the findings about these short-form keys (first use, definitions, unknown
  /// acronyms); null: every key.
  const std::unordered_set<std::string>* keys = nullptr;
  /// fact-contradicts only for the sentences that hold a mention starting in this range.
  Span facts{0, UINT32_MAX};
  /// More ranges like `facts` (null: none).
  const std::vector<Span>* moreFacts = nullptr;
  const std::vector<Span>* nonProse = nullptr;       ///< nonProseRanges(text, language)
  const std::vector<Span>* quotes = nullptr;         ///< AcronymContext::quotations(text, all)
  const std::vector<AcronymToken>* tokens = nullptr; ///< tokens of the keys asked for, in order
};

/// Which part of the checks produced a finding. runChecks emits every Key finding (keys in
/// std::map order, each key's in the order its checks run), then the Fact findings (sentence
/// by sentence), then the Undefined ones (token by token), and sorts them stably by
/// (span.begin, code): sortFindings on the same sequence gives the same order.
enum class Group : uint8_t { Key, Fact, Undefined };
struct TaggedFinding {
  Finding finding;
  Group group = Group::Key;
  std::string key; ///< Key and Undefined: the short form the finding is about
  Span sentence;   ///< Fact: the sentence it was found in
};

std::vector<TaggedFinding> runChecksTagged(const Knowledge& knowledge,
                                           const DraftAnalysis& analysis, std::string_view text,
                                           Language language, const CheckOptions& options,
                                           const CheckScope& scope);

/// runChecks' order: stable by span begin, then code.
void sortFindings(std::vector<Finding>& findings);

/// The key collect() files a mention of a term under (singular short form), "" for a term
/// known only by name; the key of an alias written like an acronym is acronymAliasKey's.
std::string termKey(const Term& term);
/// The key of a draft definition's short form ("FTAs" -> "FTA", "U.S." -> "US").
std::string shortFormKey(std::string_view shortForm);
/// "USFJ": an alias mention written like an acronym is its own key; "" for other aliases.
std::string acronymAliasKey(const Knowledge& knowledge, std::string_view text,
                            const Mention& mention);

} // namespace accord::features::detail
