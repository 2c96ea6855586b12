// Tolerant settings parsing: a bad field keeps its default and yields a warning that names it.
#include "server/settings.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "server/features/house_style.h"

namespace accord {

using json = nlohmann::json;

std::map<std::string, CheckLevel, std::less<>> Settings::defaultChecks() {
  std::map<std::string, CheckLevel, std::less<>> checks;
  for (std::string_view code : kCheckCodes)
    checks.emplace(code, CheckLevel::Warning);
  checks["used-once"] = CheckLevel::Hint;
  return checks;
}

CheckLevel Settings::check(std::string_view code) const {
  auto it = checks.find(code);
  return it == checks.end() ? CheckLevel::Off : it->second;
}

namespace {

/// Reads one section, collecting warnings with the field's full name.
class Reader {
public:
  explicit Reader(std::vector<std::string>& warnings) : warnings_(warnings) {}

  void warn(const std::string& field, const std::string& problem) {
    warnings_.push_back("accord." + field + ": " + problem);
  }

  void strings(const json& obj, const char* key, const std::string& field,
               std::vector<std::string>& out) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
      return;
    if (!it->is_array())
      return warn(field, "expected an array of strings; using the default");
    std::vector<std::string> values;
    for (const auto& v : *it) {
      if (!v.is_string())
        return warn(field, "expected an array of strings; using the default");
      values.push_back(v.get<std::string>());
    }
    out = std::move(values);
  }

  void boolean(const json& obj, const char* key, const std::string& field, bool& out) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
      return;
    if (!it->is_boolean())
      return warn(field, "expected true or false; using the default");
    out = it->get<bool>();
  }

  template <class T>
  void number(const json& obj, const char* key, const std::string& field, T& out, uint64_t max) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
      return;
    // Editors' settings UIs may store 300.0 for 300: accept whole non-negative numbers.
    double v = it->is_number() ? it->get<double>() : -1;
    if (!it->is_number() || v < 0 || v > static_cast<double>(max) || v != std::floor(v))
      return warn(field, "expected a whole number from 0 to " + std::to_string(max) +
                             "; using the default");
    out = static_cast<T>(v);
  }

  void string(const json& obj, const char* key, const std::string& field, std::string& out) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
      return;
    if (!it->is_string())
      return warn(field, "expected a string; using the default");
    out = it->get<std::string>();
  }

  /// One of `names` (whose index is the enum value).
  template <class E, size_t N>
  void choice(const json& obj, const char* key, const std::string& field, E& out,
              const std::array<std::string_view, N>& names) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
      return;
    if (it->is_string()) {
      const auto& s = it->get_ref<const std::string&>();
      for (size_t i = 0; i < N; ++i)
        if (names[i] == s) {
          out = static_cast<E>(i);
          return;
        }
    }
    std::string list;
    for (size_t i = 0; i < N; ++i)
      list += (i ? ", " : "") + std::string(names[i]);
    warn(field, "expected one of " + list + "; got " + it->dump() + "; using the default");
  }

  /// One of `names`, kept as the string itself (a house style names a spelling).
  template <size_t N>
  void style(const json& obj, const char* key, const std::string& field, std::string& out,
             const std::array<std::string_view, N>& names) {
    size_t index = 0;
    for (size_t i = 0; i < N; ++i)
      if (names[i] == out)
        index = i;
    choice(obj, key, field, index, names);
    out = std::string(names[index]);
  }

  /// Returns the sub-object `key`, or null (and a warning) when it is not an object.
  const json* section(const json& obj, const char* key, const std::string& field) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
      return nullptr;
    if (!it->is_object()) {
      warn(field, "expected an object; using the defaults");
      return nullptr;
    }
    return &*it;
  }

  void unknownKeys(const json& obj, const std::string& prefix,
                   std::initializer_list<std::string_view> known) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (auto k : known)
        ok = ok || it.key() == k;
      if (!ok)
        warn(prefix + it.key(), "unknown setting (ignored)");
    }
  }

private:
  std::vector<std::string>& warnings_;
};

constexpr std::array<std::string_view, 5> kLevelNames = {"off", "error", "warning", "information",
                                                         "hint"};
constexpr std::array<std::string_view, 2> kScopeNames = {"document", "section"};
constexpr std::array<std::string_view, 4> kStyleNames = {"auto", "footnote", "pandoc", "latex"};

} // namespace

Settings parseSettings(const json& input, std::vector<std::string>& warnings) {
  Settings s;
  if (!input.is_object())
    return s;
  const json* root = &input;
  if (auto it = input.find("accord"); it != input.end() && it->is_object())
    root = &*it;
  const json& j = *root;
  Reader r(warnings);

  r.strings(j, "corpus", "corpus", s.corpus);
  r.strings(j, "lexicon", "lexicon", s.lexicon);
  r.strings(j, "wellKnown", "wellKnown", s.wellKnown);
  r.choice(j, "firstUseScope", "firstUseScope", s.firstUseScope, kScopeNames);
  if (const json* checks = r.section(j, "checks", "checks")) {
    for (auto it = checks->begin(); it != checks->end(); ++it) {
      if (!s.checks.count(it.key())) {
        r.warn("checks." + it.key(), "unknown check (the checks are used-before-defined, "
                                     "never-spelled-out, defined-twice, defined-two-ways, "
                                     "expansion-differs, used-once, fact-contradicts, "
                                     "undefined-acronym, house-style)");
        continue;
      }
      r.choice(*checks, it.key().c_str(), "checks." + it.key(), s.checks[it.key()], kLevelNames);
    }
  }
  if (const json* hints = r.section(j, "inlayHints", "inlayHints")) {
    r.boolean(*hints, "enabled", "inlayHints.enabled", s.inlayHints.enabled);
    r.unknownKeys(*hints, "inlayHints.", {"enabled"});
  }
  if (const json* ws = r.section(j, "workspace", "workspace")) {
    r.strings(*ws, "exclude", "workspace.exclude", s.workspace.exclude);
    r.number(*ws, "maxFileSize", "workspace.maxFileSize", s.workspace.maxFileSize, UINT32_MAX);
    r.unknownKeys(*ws, "workspace.", {"exclude", "maxFileSize"});
  }
  if (const json* cit = r.section(j, "citations", "citations")) {
    r.choice(*cit, "style", "citations.style", s.citations.style, kStyleNames);
    r.string(*cit, "bibFile", "citations.bibFile", s.citations.bibFile);
    r.unknownKeys(*cit, "citations.", {"style", "bibFile"});
  }
  if (const json* house = r.section(j, "houseStyle", "houseStyle")) {
    r.style(*house, "islets", "houseStyle.islets", s.houseStyle.islets, features::kIsletStyles);
    r.style(*house, "sea", "houseStyle.sea", s.houseStyle.sea, features::kSeaStyles);
    r.unknownKeys(*house, "houseStyle.", {"islets", "sea"});
  }
  if (const json* diag = r.section(j, "diagnostics", "diagnostics")) {
    r.number(*diag, "debounceMs", "diagnostics.debounceMs", s.diagnostics.debounceMs, 60000);
    r.unknownKeys(*diag, "diagnostics.", {"debounceMs"});
  }
  // "trace" is the client library's own setting (accord.trace.server in VS Code).
  r.unknownKeys(j, "",
                {"corpus", "lexicon", "wellKnown", "firstUseScope", "checks", "inlayHints",
                 "workspace", "citations", "houseStyle", "diagnostics", "trace"});
  return s;
}

json settingsToJson(const Settings& s) {
  json checks = json::object();
  for (const auto& [code, level] : s.checks)
    checks[code] = toString(level);
  return {
      {"corpus", s.corpus},
      {"lexicon", s.lexicon},
      {"wellKnown", s.wellKnown},
      {"firstUseScope", kScopeNames[static_cast<size_t>(s.firstUseScope)]},
      {"checks", checks},
      {"inlayHints", {{"enabled", s.inlayHints.enabled}}},
      {"workspace", {{"exclude", s.workspace.exclude}, {"maxFileSize", s.workspace.maxFileSize}}},
      {"citations",
       {{"style", kStyleNames[static_cast<size_t>(s.citations.style)]},
        {"bibFile", s.citations.bibFile}}},
      {"houseStyle", {{"islets", s.houseStyle.islets}, {"sea", s.houseStyle.sea}}},
      {"diagnostics", {{"debounceMs", s.diagnostics.debounceMs}}}};
}

} // namespace accord
