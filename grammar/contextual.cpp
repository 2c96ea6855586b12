// Descriptive references that count only after their context (contextual.h).
#include "grammar/contextual.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "grammar/analysis.h"
#include "grammar/markup.h"

namespace accord {
namespace {

/// Whether a complement follows `end` ("the 2015 agreement on climate", "… with Iran"): the
/// reference then names what its complement says, not what the context brought up.
bool hasComplement(std::string_view text, size_t end) {
  size_t i = end;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n'))
    ++i;
  size_t w = i;
  while (w < text.size() && text[w] >= 'a' && text[w] <= 'z')
    ++w;
  if (w < text.size() && (std::isalnum(static_cast<unsigned char>(text[w])) || text[w] == '-'))
    return false; // not a whole lower-case word
  static constexpr std::string_view kHeads[] = {"on",        "with",     "over",  "concerning",
                                                "regarding", "about",    "among", "covering",
                                                "governing", "involving"};
  const std::string_view word = text.substr(i, w - i);
  for (std::string_view h : kHeads)
    if (word == h)
      return true;
  return false;
}

} // namespace

ContextualReferences ContextualReferences::build(const std::vector<Term>& terms,
                                                 std::vector<DataError>& errors) {
  ContextualReferences out;
  std::unordered_map<std::string_view, uint32_t> byId;
  for (size_t t = 0; t < terms.size(); ++t)
    byId.emplace(terms[t].id, static_cast<uint32_t>(t));
  std::vector<Term> pseudo;
  for (size_t t = 0; t < terms.size(); ++t) {
    const Term& term = terms[t];
    if (term.contextPatterns.empty())
      continue;
    const uint32_t rule = static_cast<uint32_t>(out.termOfRule_.size());
    out.termOfRule_.push_back(static_cast<uint32_t>(t));
    if (out.rulesOf_.empty())
      out.rulesOf_.resize(terms.size());
    out.rulesOf_[t].push_back(rule);
    for (const std::string& id : term.contextTerms) {
      auto it = byId.find(id);
      if (it == byId.end()) {
        errors.push_back({term.origin.file, term.origin.line,
                          "\"contextual\" of \"" + term.id + "\" names \"" + id +
                              "\", which no term has: that context is ignored"});
        continue;
      }
      std::vector<uint32_t>& rules = out.rulesOf_[it->second];
      if (std::find(rules.begin(), rules.end(), rule) == rules.end())
        rules.push_back(rule);
    }
    Term p;
    p.id = term.id;
    p.kind = term.kind;
    p.patterns = term.contextPatterns;
    p.origin = term.origin;
    pseudo.push_back(std::move(p));
  }
  if (!pseudo.empty())
    out.recognizer_ = Recognizer::build(pseudo, errors);
  return out;
}

void ContextualReferences::lowerThresholds(const Mention* begin, const Mention* end, int64_t shift,
                                           std::vector<uint32_t>& into) const {
  if (into.size() != termOfRule_.size())
    into.assign(termOfRule_.size(), kNever);
  size_t open = 0; // rules still without a threshold from this range
  std::vector<bool> done(termOfRule_.size(), false);
  for (const Mention* m = begin; m != end && open < termOfRule_.size(); ++m) {
    if (m->term >= rulesOf_.size())
      continue; // a draft's own term
    for (uint32_t r : rulesOf_[m->term]) {
      if (done[r])
        continue;
      done[r] = true;
      ++open;
      into[r] = std::min<uint32_t>(into[r], static_cast<uint32_t>(m->span.end + shift));
    }
  }
}

std::vector<uint32_t> ContextualReferences::thresholds(const std::vector<Mention>& mentions) const {
  std::vector<uint32_t> out;
  lowerThresholds(mentions.data(), mentions.data() + mentions.size(), 0, out);
  return out;
}

std::vector<Mention> ContextualReferences::find(std::string_view text,
                                                const std::vector<Span>& nonProse, Span range,
                                                const std::vector<uint32_t>& thresholds) const {
  std::vector<Mention> out;
  if (empty())
    return out;
  // Nothing can count before the earliest threshold: the scan starts there.
  uint32_t from = kNever;
  for (uint32_t t : thresholds)
    from = std::min(from, t);
  if (from >= range.end)
    return out;
  range.begin = std::max(range.begin, from);
  for (Mention m : recognizer_.scan(text, nonProse, range)) {
    if (m.span.begin < thresholds[m.term] || hasComplement(text, m.span.end))
      continue;
    m.term = termOfRule_[m.term];
    out.push_back(m);
  }
  return out;
}

void ContextualReferences::apply(std::string_view text, const std::vector<Span>& nonProse,
                                 std::vector<Mention>& mentions) const {
  if (empty())
    return;
  std::vector<Mention> found =
      find(text, nonProse, Span{0, static_cast<uint32_t>(text.size())}, thresholds(mentions));
  if (!found.empty())
    mentions = mergeMentions(std::move(mentions), found);
}

} // namespace accord
