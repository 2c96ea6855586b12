// Building the recogniser: the token tries, the Bloom filters, the start and gate tables, and
// the compiled patterns with their gates (see recognizer_internal.h).
#include <mutex>

#include "grammar/recognizer_internal.h"

namespace accord {

Recognizer::Recognizer() : impl_(std::make_unique<Impl>()) {}
Recognizer::~Recognizer() = default;
Recognizer::Recognizer(Recognizer&&) noexcept = default;
Recognizer& Recognizer::operator=(Recognizer&&) noexcept = default;

namespace {

/// An alias written in capitals ("U.S.", "KORUS FTA", "G-20") is matched like a short form.
bool capitalsOnly(std::string_view s) {
  if (hasFullWidth(s, 0, s.size()))
    return capitalsOnly(foldFullWidth(s).text); // "ＫＯＲＵＳ ＦＴＡ" as "KORUS FTA"
  int upper = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = decodeUtf8(s, i, len);
    if (isWordCodePoint(c)) {
      if (foldCase(c) != c)
        ++upper;
      else if (!(c >= '0' && c <= '9') && !isCjkCodePoint(c))
        return false;
    }
    i += len;
  }
  return upper >= 2;
}

/// An alias of one Han, Kana or Hangul character ("韓", "日") is an ordinary word or part of
/// thousands of them in Korean and Japanese text: it is never matched.
bool singleCjkCharacter(std::string_view s) {
  size_t len = 0;
  const char32_t c = decodeUtf8(s, 0, len);
  return len == s.size() && isCjkCodePoint(c);
}

RE2::Options patternOptions() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_longest_match(true);
  o.set_log_errors(false);
  o.set_never_capture(true);
  o.set_max_mem(2 << 20);
  return o;
}

} // namespace

std::shared_ptr<const RE2> detail::compiledPattern(const std::string& pattern, std::string& error) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const RE2>> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(pattern); // only good patterns are cached
    if (it != cache.end())
      return it->second;
  }
  auto re = std::make_shared<const RE2>(pattern, patternOptions());
  std::shared_ptr<const RE2> result;
  if (!re->ok()) {
    error =
        re->error_code() == RE2::ErrorPatternTooLarge
            ? std::string("it is too large for RE2's memory budget: split it into simpler patterns")
            : "it is not valid RE2 (" + re->error() + "): fix it";
    return nullptr;
  }
  if (RE2::FullMatch("", *re)) {
    error = "it matches empty text: make a part of it required";
    return nullptr;
  }
  result = re;
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() > 4096)
    cache.clear(); // edited lexicons must not grow it without bound
  cache.emplace(pattern, result);
  return result;
}

Recognizer Recognizer::build(const std::vector<Term>& terms, std::vector<DataError>& errors) {
  Recognizer r;
  Impl& im = *r.impl_;
  std::vector<std::string> setPatterns;
  for (uint32_t t = 0; t < terms.size(); ++t) {
    const Term& term = terms[t];
    if (!term.shortForm.empty())
      im.addSurface(term.shortForm, t, FormKind::Short, true);
    if (!term.longForm.empty()) {
      // a long form written in capitals only ("NATO" as a name) is still a name
      im.addSurface(term.longForm, t, FormKind::Long, false);
    }
    for (const std::string& a : term.aliases)
      if (!singleCjkCharacter(a))
        im.addSurface(a, t, FormKind::Alias, capitalsOnly(a));
  }
  im.exactFilter.finish();
  im.foldedFilter.finish();
  // A token starts a form as written or as a plural whose stem does: "FTAs", "taxes",
  // "strategies" (see forEachStem; a token's key differs from its stem's when the stem is
  // shorter than four bytes or ends in y).
  std::vector<uint32_t> formKeys, gateKeys; // start keys, set once the tables are sized
  for (const std::string& f : im.rootTokens) {
    size_t len = 0;
    if (const char32_t c = decodeUtf8(f, 0, len); isCjkCodePoint(c))
      im.setCjkStart(c);
    formKeys.push_back(Impl::startOf(f));
    formKeys.push_back(Impl::startOf(f + "s"));
    formKeys.push_back(Impl::startOf(f + "es"));
    if (!f.empty() && (f.back() == 'y' || f.back() == 'Y'))
      formKeys.push_back(Impl::startOf(f.substr(0, f.size() - 1) + "ies"));
  }
  std::vector<std::string>().swap(im.rootTokens);
  // Patterns: one RE2 each (leftmost-longest: it compiles ten times faster than
  // leftmost-first and is what "longest match wins" wants), gated by required strings.
  std::vector<std::string> ungated;
  std::vector<std::vector<Req>> gateGroups; // per pattern
  for (uint32_t t = 0; t < terms.size(); ++t) {
    for (const std::string& p : terms[t].patterns) {
      std::string error;
      std::shared_ptr<const RE2> re = detail::compiledPattern(p, error);
      if (!re) {
        const std::string where =
            terms[t].origin.file.empty() ? std::string("<terms>") : terms[t].origin.file;
        errors.push_back(
            {where, terms[t].origin.line,
             "term '" + terms[t].id + "': pattern \"" + p + "\" is left out: " + error});
        continue;
      }
      uint32_t index = static_cast<uint32_t>(im.patterns.size());
      im.patterns.push_back(std::move(re));
      im.patternTerm.push_back(t);
      std::vector<Req> groups = analyzePattern(p);
      if (groups.size() > 5)
        groups.resize(5);
      if (groups.empty()) {
        im.setPattern.push_back(index);
        ungated.push_back(p);
      }
      gateGroups.push_back(std::move(groups));
    }
  }
  // One gate per distinct string, however many patterns require it: the scan verifies each
  // occurrence once. A string that always starts at a word start is looked for only where a
  // token of the text starts (by the token loop, at no extra pass); leading punctuation
  // ("“comfort") is left off so that it does; the rest needs the byte scan.
  {
    auto gateOf = [](const std::string& text, bool atWordStart) {
      size_t lead = 0;
      while (lead < text.size()) {
        size_t len = 0;
        char32_t c = decodeUtf8(text, lead, len);
        if (isWordCodePoint(c))
          break;
        lead += std::max<size_t>(len, 1);
      }
      Impl::Gate g{0, text, false, 0};
      if (lead > 0 && lead < 16 && text.size() - lead >= 3) {
        g.text = text.substr(lead);
        g.atWordStart = true;
        g.lead = static_cast<uint8_t>(lead);
      } else if (lead == 0) {
        size_t len = 0;
        g.atWordStart = atWordStart || isCjkCodePoint(decodeUtf8(text, 0, len));
      }
      g.key = gateKey(reinterpret_cast<const unsigned char*>(g.text.data()));
      return g;
    };
    auto idOf = [](const Impl::Gate& g) { return std::string(1, char(g.atWordStart)) + g.text; };
    std::unordered_map<std::string, uint32_t> id;
    for (const auto& groups : gateGroups) {
      auto& out = im.patternGates.emplace_back();
      for (const Req& r : groups) {
        auto& group = out.emplace_back();
        group.before = std::min<uint32_t>(r.before, kMargin);
        group.after = std::min<uint32_t>(r.after, kMargin);
        auto& ids = group.gates;
        for (const std::string& t : r.strings) {
          Impl::Gate g = gateOf(t, r.atWordStart);
          auto [it, added] = id.emplace(idOf(g), static_cast<uint32_t>(im.gates.size()));
          if (added)
            im.gates.push_back(std::move(g));
          else
            im.gates[it->second].lead = std::max(im.gates[it->second].lead, g.lead);
          if (std::find(ids.begin(), ids.end(), it->second) == ids.end())
            ids.push_back(it->second);
        }
      }
    }
    // A requirement that needs the byte scan is dropped when the pattern has another that
    // does not (fewer requirements only mean more windows): most lexicons then need no byte scan.
    for (auto& groups : im.patternGates) {
      auto byToken = [&](const Impl::GateGroup& g) {
        return std::all_of(g.gates.begin(), g.gates.end(),
                           [&](uint32_t k) { return im.gates[k].atWordStart; });
      };
      if (std::any_of(groups.begin(), groups.end(), byToken))
        groups.erase(std::remove_if(groups.begin(), groups.end(),
                                    [&](const auto& g) { return !byToken(g); }),
                     groups.end());
    }
    std::vector<uint8_t> used(im.gates.size(), 0);
    for (const auto& groups : im.patternGates)
      for (const auto& g : groups)
        for (uint32_t k : g.gates)
          used[k] = 1;
    im.byteSlots.assign(size_t{1} << 16, 0);
    std::vector<std::pair<uint32_t, uint32_t>> atTokens; // key, gate
    for (uint32_t k = 0; k < im.gates.size(); ++k) {
      if (!used[k])
        continue;
      const Impl::Gate& g = im.gates[k];
      const auto* text = reinterpret_cast<const unsigned char*>(g.text.data());
      if (!g.atWordStart) {
        im.byteGates.push_back(k);
        im.byteSlots[gateSlot(g.key)] = 1;
      } else {
        atTokens.emplace_back(tokenKey3(text), k);
      }
    }
    std::stable_sort(im.byteGates.begin(), im.byteGates.end(),
                     [&](uint32_t a, uint32_t b) { return im.gates[a].key < im.gates[b].key; });
    for (uint32_t k : im.byteGates)
      im.byteKeys.push_back(im.gates[k].key);
    auto fill = [](const std::vector<std::pair<uint32_t, uint32_t>>& from, Impl::GateTable& table) {
      if (from.empty())
        return;
      unsigned bits = 10;
      while (bits < 16 && (size_t{1} << bits) < from.size() * 8)
        ++bits;
      table.shift = 32 - bits;
      std::vector<std::pair<uint32_t, uint32_t>> bySlot(from);
      std::stable_sort(bySlot.begin(), bySlot.end(), [&](const auto& a, const auto& b) {
        return table.slot(a.first) < table.slot(b.first);
      });
      table.first.assign((size_t{1} << bits) + 1, 0);
      for (const auto& e : bySlot)
        ++table.first[table.slot(e.first) + 1];
      for (size_t k = 1; k < table.first.size(); ++k)
        table.first[k] += table.first[k - 1];
      table.entries = std::move(bySlot);
    };
    fill(atTokens, im.tokenGates);
    for (Impl::Gate& g : im.gates)
      for (size_t q = 0; q < g.text.size() && q < 16; ++q) {
        g.word[q / 8] |= static_cast<uint64_t>(static_cast<unsigned char>(g.text[q]) | 0x20)
                         << (8 * (q % 8));
        g.mask[q / 8] |= uint64_t{0xFF} << (8 * (q % 8));
      }
    for (const Impl::Gate& g : im.gates)
      im.gateLength.push_back(static_cast<uint32_t>(g.text.size()));
    std::vector<std::pair<uint32_t, uint32_t>> nextFrom, prefixFrom; // key, gate
    for (const auto& e : im.tokenGates.entries) {
      const Impl::Gate& g = im.gates[e.second];
      im.tokenGates.heads.emplace_back(g.word[0], g.mask[0]);
      size_t len = 0;
      if (const char32_t c = decodeUtf8(g.text, 0, len); isCjkCodePoint(c)) {
        im.setCjkStart(c); // the token loop looks a CJK character's gates up only then
        im.setCjkSolo(c);  // (gates are not in the pair filter)
      }
      // the token where the gate starts: its leading ASCII letters and digits (a token with
      // other bytes is not filtered)
      size_t run = 0;
      while (run < g.text.size() && (kClass[static_cast<unsigned char>(g.text[run])] & kWord))
        ++run;
      // A token that holds the gate's run and ends where the gate has a non-word byte is
      // exactly that long; a gate of letters and digits only may be the start of a longer
      // token ("normali" of "normalization"): every length from its own (of four bytes or
      // more: a token of fewer bytes is keyed by all of them, as before).
      const std::string_view head = std::string_view(g.text).substr(0, run);
      if (run < g.text.size() || run < 4)
        gateKeys.push_back(Impl::startOf(head));
      else
        for (size_t n = run; n <= std::max(run, kStartLengths); ++n)
          gateKeys.push_back(Impl::startOf(head, std::min(n, kStartLengths)));
      if (run == 0)
        continue; // (starts with a byte of 0x80 or above: never at an ASCII token)
      if (run < g.text.size())
        nextFrom.emplace_back(
            Impl::withNext(Impl::startOf(head), static_cast<unsigned char>(g.text[run])), e.second);
      else if (run < 4)
        prefixFrom.emplace_back(Impl::startOf(head), e.second);
      else
        for (size_t n = run; n <= std::max(run, kStartLengths); ++n)
          prefixFrom.emplace_back(Impl::startOf(head, std::min(n, kStartLengths)), e.second);
    }
    for (auto [from, table] :
         {std::make_pair(&nextFrom, &im.nextGates), std::make_pair(&prefixFrom, &im.prefixGates)}) {
      fill(*from, *table);
      for (const auto& e : table->entries)
        table->heads.emplace_back(im.gates[e.second].word[0], im.gates[e.second].mask[0]);
    }
  }
  for (StartTable* t : {&im.formStarts, &im.gateStarts, &im.anyStarts})
    t->resize(formKeys.size() + gateKeys.size());
  for (uint32_t k : formKeys) {
    im.formStarts.set(k);
    im.anyStarts.set(k);
  }
  for (uint32_t k : gateKeys) {
    im.gateStarts.set(k);
    im.anyStarts.set(k);
  }
  if (!ungated.empty()) {
    RE2::Options setOptions = patternOptions();
    setOptions.set_max_mem(int64_t{32} << 20);
    auto set = std::make_unique<RE2::Set>(setOptions, RE2::UNANCHORED);
    for (const std::string& p : ungated)
      set->Add(p, nullptr);
    if (set->Compile())
      im.set = std::move(set);
  }
  return r;
}
} // namespace accord
