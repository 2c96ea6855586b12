// Settings: defaults, tolerant parsing with warnings that name the field, and the three ways
// they reach the server (initializationOptions, workspace/configuration, didChangeConfiguration).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "server/settings.h"
#include "tests/unit/lsp_client.h"

using accord::CheckLevel;
using accord::Settings;
using json = nlohmann::json;

namespace {
bool mentions(const std::vector<std::string>& warnings, const std::string& text) {
  for (const auto& w : warnings)
    if (w.find(text) != std::string::npos)
      return true;
  return false;
}
} // namespace

TEST_CASE("defaults are the brief's") {
  Settings s;
  CHECK(s.wellKnown == std::vector<std::string>{"UN", "US", "EU", "UK", "USA", "NATO"});
  CHECK(s.firstUseScope == accord::FirstUseScope::Document);
  CHECK(s.check("used-before-defined") == CheckLevel::Warning);
  CHECK(s.check("never-spelled-out") == CheckLevel::Warning);
  CHECK(s.check("defined-twice") == CheckLevel::Warning);
  CHECK(s.check("defined-two-ways") == CheckLevel::Warning);
  CHECK(s.check("expansion-differs") == CheckLevel::Warning);
  CHECK(s.check("fact-contradicts") == CheckLevel::Warning);
  CHECK(s.check("used-once") == CheckLevel::Hint);
  CHECK(s.check("no-such-check") == CheckLevel::Off);
  CHECK(s.checks.size() == accord::kCheckCodes.size());
  CHECK_FALSE(s.inlayHints.enabled);
  CHECK(s.workspace.maxFileSize == 2000000);
  CHECK(s.workspace.exclude.empty());
  CHECK(s.citations.style == accord::CitationStyle::Auto);
  CHECK(s.citations.bibFile == "references.bib");
  CHECK(s.diagnostics.debounceMs == 0);
  std::vector<std::string> warnings;
  CHECK(accord::parseSettings(nullptr, warnings) == Settings{});
  CHECK(accord::parseSettings(json::object(), warnings) == Settings{});
  CHECK(accord::parseSettings("nonsense", warnings) == Settings{});
  CHECK(warnings.empty());
}

TEST_CASE("every field is read") {
  json j = {{"corpus", {"/c"}},
            {"lexicon", {"/l1", "/l2"}},
            {"wellKnown", {"UN"}},
            {"firstUseScope", "section"},
            {"checks", {{"used-once", "off"}, {"defined-twice", "error"}}},
            {"inlayHints", {{"enabled", true}}},
            {"workspace", {{"exclude", {"**/drafts/old/**"}}, {"maxFileSize", 1000}}},
            {"citations", {{"style", "pandoc"}, {"bibFile", "refs.bib"}}},
            {"diagnostics", {{"debounceMs", 250}}},
            {"trace", {{"server", "verbose"}}}};
  std::vector<std::string> warnings;
  Settings s = accord::parseSettings(j, warnings);
  CHECK(warnings.empty());
  CHECK(s.corpus == std::vector<std::string>{"/c"});
  CHECK(s.lexicon.size() == 2);
  CHECK(s.wellKnown == std::vector<std::string>{"UN"});
  CHECK(s.firstUseScope == accord::FirstUseScope::Section);
  CHECK(s.check("used-once") == CheckLevel::Off);
  CHECK(s.check("defined-twice") == CheckLevel::Error);
  CHECK(s.check("never-spelled-out") == CheckLevel::Warning); // not listed: default
  CHECK(s.inlayHints.enabled);
  CHECK(s.workspace.exclude == std::vector<std::string>{"**/drafts/old/**"});
  CHECK(s.workspace.maxFileSize == 1000);
  CHECK(s.citations.style == accord::CitationStyle::Pandoc);
  CHECK(s.citations.bibFile == "refs.bib");
  CHECK(s.diagnostics.debounceMs == 250);
  // The same wrapped in {"accord": …}, as initializationOptions often are.
  CHECK(accord::parseSettings({{"accord", j}}, warnings) == s);
  // And back.
  CHECK(accord::parseSettings(accord::settingsToJson(s), warnings) == s);
}

TEST_CASE("a bad field keeps its default and the warning names it") {
  json j = {{"wellKnown", "UN"},
            {"firstUseScope", "chapter"},
            {"checks", {{"used-once", "loud"}, {"made-up", "error"}, {"defined-twice", "hint"}}},
            {"inlayHints", {{"enabled", "yes"}}},
            {"workspace", {{"maxFileSize", -5}}},
            {"citations", "pandoc"},
            {"diagnostics", {{"debounceMs", 1.5}}},
            {"corpusDirs", {"/x"}}};
  std::vector<std::string> warnings;
  Settings s = accord::parseSettings(j, warnings);
  CHECK(s.wellKnown == Settings{}.wellKnown);
  CHECK(s.firstUseScope == accord::FirstUseScope::Document);
  CHECK(s.check("used-once") == CheckLevel::Hint);
  CHECK(s.check("defined-twice") == CheckLevel::Hint); // the good one next to bad ones is read
  CHECK_FALSE(s.inlayHints.enabled);
  CHECK(s.workspace.maxFileSize == 2000000);
  CHECK(s.citations.style == accord::CitationStyle::Auto);
  CHECK(s.diagnostics.debounceMs == 0);
  for (const char* field :
       {"accord.wellKnown", "accord.firstUseScope", "accord.checks.used-once",
        "accord.checks.made-up", "accord.inlayHints.enabled", "accord.workspace.maxFileSize",
        "accord.citations", "accord.diagnostics.debounceMs", "accord.corpusDirs"}) {
    INFO(field);
    CHECK(mentions(warnings, field));
  }
  CHECK(warnings.size() == 9);
}

TEST_CASE("whole numbers written as 300.0 are accepted") {
  std::vector<std::string> warnings;
  Settings s = accord::parseSettings(json{{"diagnostics", {{"debounceMs", 300.0}}}}, warnings);
  CHECK(s.diagnostics.debounceMs == 300);
  CHECK(warnings.empty());
}

TEST_CASE("settings reach the server from initializationOptions, configuration and "
          "didChangeConfiguration") {
  accord::test::LspClient client;
  int changes = 0;
  client.server().onSettingsChanged([&] { ++changes; });
  client.configuration = nullptr; // the client has no "accord" section at first
  client.initialize(accord::test::LspClient::defaultCapabilities(),
                    {{"accord", {{"inlayHints", {{"enabled", true}}}}}});
  CHECK(client.server().settings().inlayHints.enabled);
  // After initialized the server asked for the "accord" section.
  auto asked = client.serverRequests("workspace/configuration");
  REQUIRE(asked.size() == 1);
  CHECK(asked[0]["params"]["items"][0]["section"] == "accord");
  CHECK(changes == 0); // null answer: initializationOptions stay

  client.configuration = {{"firstUseScope", "section"}};
  client.notify("workspace/didChangeConfiguration", {{"settings", nullptr}});
  CHECK(client.serverRequests("workspace/configuration").size() == 2);
  CHECK(client.server().settings().firstUseScope == accord::FirstUseScope::Section);
  CHECK_FALSE(client.server().settings().inlayHints.enabled); // a complete picture each time
  CHECK(changes == 1);

  client.notify("workspace/didChangeConfiguration", {{"settings", nullptr}});
  CHECK(changes == 1); // nothing changed, no hook

  client.configuration = {{"checks", {{"used-once", "shout"}}}};
  client.notify("workspace/didChangeConfiguration", {{"settings", nullptr}});
  auto shown = client.notifications("window/showMessage");
  REQUIRE_FALSE(shown.empty());
  CHECK(shown.back()["type"] == 2);
  CHECK(shown.back()["message"].get<std::string>().find("accord.checks.used-once") !=
        std::string::npos);
}

TEST_CASE("without workspace/configuration, didChangeConfiguration carries the settings") {
  accord::test::LspClient client;
  json caps = accord::test::LspClient::defaultCapabilities();
  caps["workspace"]["configuration"] = false;
  int changes = 0;
  client.server().onSettingsChanged([&] { ++changes; });
  client.initialize(caps);
  CHECK(client.serverRequests("workspace/configuration").empty());
  client.notify("workspace/didChangeConfiguration",
                {{"settings", {{"accord", {{"wellKnown", {"UN"}}}}}}});
  CHECK(client.server().settings().wellKnown == std::vector<std::string>{"UN"});
  CHECK(changes == 1);
}

TEST_CASE("workspace folders from initialize and didChangeWorkspaceFolders") {
  {
    accord::test::LspClient client;
    client.initialize(accord::test::LspClient::defaultCapabilities(), nullptr,
                      {{"workspaceFolders", {{{"uri", "file:///w/one"}, {"name", "one"}}}}});
    REQUIRE(client.server().workspaceFolders().size() == 1);
    CHECK(client.server().workspaceFolderPaths() == std::vector<std::string>{"/w/one"});
    int changes = 0;
    client.server().onWorkspaceFoldersChanged([&] { ++changes; });
    client.notify("workspace/didChangeWorkspaceFolders",
                  {{"event",
                    {{"added", {{{"uri", "file:///w/two%20words"}, {"name", "two words"}}}},
                     {"removed", {{{"uri", "file:///w/one"}, {"name", "one"}}}}}}});
    CHECK(changes == 1);
    CHECK(client.server().workspaceFolderPaths() == std::vector<std::string>{"/w/two words"});
  }
  {
    accord::test::LspClient client;
    client.initialize(accord::test::LspClient::defaultCapabilities(), nullptr,
                      {{"rootUri", "file:///r/root"}});
    REQUIRE(client.server().workspaceFolders().size() == 1);
    CHECK(client.server().workspaceFolders()[0].name == "root");
  }
  {
    accord::test::LspClient client;
    client.initialize(accord::test::LspClient::defaultCapabilities(), nullptr,
                      {{"rootUri", nullptr}, {"rootPath", "/p/path"}});
    CHECK(client.server().workspaceFolderPaths() == std::vector<std::string>{"/p/path"});
  }
  {
    accord::test::LspClient client;
    client.initialize();
    CHECK(client.server().workspaceFolders().empty());
  }
}
