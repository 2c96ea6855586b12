// JSON-RPC: each error code, exact ids, cancellation, answers exactly once, the lifecycle.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "server/protocol.h"
#include "server/rpc.h"
#include "tests/unit/lsp_client.h"

using accord::rpc::Endpoint;
using accord::rpc::ErrorCode;
using accord::rpc::Reply;
using json = nlohmann::json;

namespace {

/// An endpoint whose output is collected, already initialized unless asked not to be.
struct Harness {
  std::vector<std::string> out;
  Endpoint endpoint{[this](std::string body) { out.push_back(std::move(body)); }};
  int handled = 0;
  std::vector<Reply> parked;

  explicit Harness(bool initialize = true) {
    endpoint.onRequest("initialize", [](json, Reply r) {
      r(json{{"capabilities", json::object()}});
    });
    endpoint.onRequest("shutdown", [](json, Reply r) { r(nullptr); });
    endpoint.onRequest("echo", [this](json p, Reply r) {
      ++handled;
      r(std::move(p));
    });
    endpoint.onRequest("typed", [](json p, Reply r) {
      auto params = accord::lsp::readParams<accord::lsp::TextDocumentPositionParams>(p);
      r(params.position.line);
    });
    endpoint.onRequest("throws", [](json, Reply) { throw std::runtime_error("boom"); });
    endpoint.onRequest("fails", [](json, Reply) {
      throw accord::rpc::Error(ErrorCode::RequestFailed, "cannot do that");
    });
    endpoint.onRequest("park", [this](json, Reply r) { parked.push_back(r); });
    endpoint.onRequest("drop", [](json, Reply) {});
    endpoint.onRequest("twice", [](json, Reply r) {
      r(1);
      r(2);
      r.error(ErrorCode::InternalError, "three");
    });
    endpoint.onNotification("note", [this](json) { ++handled; });
    endpoint.onNotification("noteThrows", [](json) { throw std::runtime_error("boom"); });
    if (initialize) {
      send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})");
      out.clear();
    }
  }

  void send(std::string_view body) { endpoint.dispatch(endpoint.parse(body)); }
  json last() const { return json::parse(out.back()); }
  json only() const {
    REQUIRE(out.size() == 1);
    return json::parse(out[0]);
  }
  static json request(const json& id, const std::string& method, json params = json::object()) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
  }
};

int code(const json& response) {
  return response["error"]["code"].get<int>();
}

} // namespace

TEST_CASE("parse errors are -32700 with id null") {
  Harness h;
  h.send("{not json");
  json r = h.only();
  CHECK(code(r) == -32700);
  CHECK(r["id"].is_null());
  CHECK_FALSE(r.contains("result"));
}

TEST_CASE("batches and non-objects are -32600 with id null") {
  for (const char* body :
       {R"([{"jsonrpc":"2.0","id":1,"method":"echo"}])", "42", "\"text\"", "null"}) {
    Harness h;
    h.send(body);
    json r = h.only();
    INFO(body);
    CHECK(code(r) == -32600);
    CHECK(r["id"].is_null());
  }
}

TEST_CASE("malformed requests are -32600") {
  Harness h;
  h.send(R"({"id":3,"method":"echo"})"); // no jsonrpc
  CHECK(code(h.last()) == -32600);
  CHECK(h.last()["id"] == 3);
  h.send(R"({"jsonrpc":"1.0","id":4,"method":"echo"})");
  CHECK(code(h.last()) == -32600);
  h.send(R"({"jsonrpc":"2.0","id":{"a":1},"method":"echo"})");
  CHECK(code(h.last()) == -32600);
  CHECK(h.last()["id"].is_null());
  h.send(R"({"jsonrpc":"2.0","id":null,"method":"echo"})");
  CHECK(code(h.last()) == -32600);
  h.send(R"({"jsonrpc":"2.0","id":5,"method":7})");
  CHECK(code(h.last()) == -32600);
  CHECK(h.last()["id"] == 5);
  h.send(R"({"jsonrpc":"2.0","id":6})");
  CHECK(code(h.last()) == -32600);
  CHECK(h.handled == 0);
  // "params": null is tolerated as absent (some clients send it with shutdown).
  h.send(R"({"jsonrpc":"2.0","id":7,"method":"echo","params":null})");
  CHECK(h.last()["id"] == 7);
  CHECK(h.last().contains("result"));
}

TEST_CASE("an unknown request is -32601, unknown notifications, $/ ones included, are ignored") {
  Harness h;
  h.send(Harness::request(1, "no/such/method").dump());
  CHECK(code(h.only()) == -32601);
  CHECK(h.only()["id"] == 1);
  h.out.clear();
  h.send(R"({"jsonrpc":"2.0","method":"no/such/notification","params":{}})");
  h.send(R"({"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}})");
  h.send(R"({"jsonrpc":"2.0","method":"$/unknown"})");
  CHECK(h.out.empty());
  h.send(Harness::request(2, "$/unknown").dump());
  CHECK(code(h.only()) == -32601);
}

TEST_CASE("params that do not fit are -32602 naming the field") {
  Harness h;
  h.send(Harness::request(1, "typed",
                          {{"textDocument", {{"uri", "file:///a"}}},
                           {"position", {{"line", "x"}, {"character", 0}}}})
             .dump());
  json r = h.last();
  CHECK(code(r) == -32602);
  CHECK(r["error"]["message"].get<std::string>().find("position.line") != std::string::npos);

  h.send(Harness::request(2, "typed", {{"position", {{"line", 1}, {"character", 0}}}}).dump());
  CHECK(code(h.last()) == -32602);
  CHECK(h.last()["error"]["message"].get<std::string>().find("textDocument") != std::string::npos);

  h.send(Harness::request(3, "typed",
                          {{"textDocument", {{"uri", "file:///a"}}},
                           {"position", {{"line", -1}, {"character", 0}}}})
             .dump());
  CHECK(code(h.last()) == -32602);

  h.send(R"({"jsonrpc":"2.0","id":4,"method":"typed","params":17})");
  CHECK(code(h.last()) == -32602);
  CHECK(h.last()["id"] == 4);

  h.send(Harness::request(5, "typed",
                          {{"textDocument", {{"uri", "file:///a"}}},
                           {"position", {{"line", 3}, {"character", 0}}}})
             .dump());
  CHECK(h.last()["result"] == 3);
}

TEST_CASE("a failing handler is -32603 and the server keeps serving") {
  Harness h;
  h.send(Harness::request(1, "throws").dump());
  CHECK(code(h.last()) == -32603);
  CHECK(h.last()["error"]["message"].get<std::string>().find("boom") != std::string::npos);
  h.send(Harness::request(2, "fails").dump());
  CHECK(code(h.last()) == -32803);
  h.send(Harness::request(3, "echo", {{"ok", true}}).dump());
  CHECK(h.last()["result"]["ok"] == true);
  h.out.clear();
  h.send(R"({"jsonrpc":"2.0","method":"noteThrows"})"); // notifications are never answered
  CHECK(h.out.empty());
}

TEST_CASE("ids are echoed exactly") {
  Harness h;
  for (std::string id : {"7", "0", "-3", "2147483648", "9007199254740993", "9223372036854775807",
                         "18446744073709551615", "\"abc\"", "\"\"", "\"7\"", "\"한국😂\""}) {
    h.out.clear();
    h.send(R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"echo","params":{}})");
    INFO(id);
    REQUIRE(h.out.size() == 1);
    CHECK(h.out[0].find("\"id\":" + id) != std::string::npos);
  }
}

TEST_CASE("never both result and error, notifications never answered") {
  Harness h;
  std::vector<std::string> bodies = {
      Harness::request(1, "echo").dump(),     Harness::request(2, "throws").dump(),
      Harness::request(3, "nope").dump(),     R"({"jsonrpc":"2.0","method":"note"})",
      R"({"jsonrpc":"2.0","method":"nope"})", "garbage"};
  for (const auto& b : bodies)
    h.send(b);
  CHECK(h.out.size() == 4); // three requests and the garbage
  for (const auto& o : h.out) {
    json r = json::parse(o);
    CHECK(r["jsonrpc"] == "2.0");
    CHECK(r.contains("result") != r.contains("error"));
  }
  CHECK(h.handled == 2); // echo and note
}

TEST_CASE("every request is answered exactly once") {
  Harness h;
  h.send(Harness::request(1, "twice").dump());
  CHECK(h.out.size() == 1);
  CHECK(h.last()["result"] == 1);
  h.out.clear();
  h.send(Harness::request(2, "drop").dump()); // the handler forgot to answer
  REQUIRE(h.out.size() == 1);
  CHECK(code(h.last()) == -32603);
}

TEST_CASE("responses to the server's requests reach their callbacks, unknown ones are ignored") {
  Harness h;
  std::vector<accord::rpc::Response> got;
  int64_t id = h.endpoint.request("workspace/configuration", {{"items", json::array()}},
                                  [&](const accord::rpc::Response& r) { got.push_back(r); });
  json sent = h.last();
  CHECK(sent["method"] == "workspace/configuration");
  CHECK(sent["id"] == id);
  h.out.clear();
  h.send(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", {1, 2}}}.dump());
  REQUIRE(got.size() == 1);
  CHECK(got[0].ok);
  CHECK(got[0].result == json({1, 2}));
  h.send(
      json{{"jsonrpc", "2.0"}, {"id", id}, {"result", 3}}.dump()); // a second answer: unknown now
  h.send(R"({"jsonrpc":"2.0","id":999,"result":null})");
  CHECK(got.size() == 1);
  CHECK(h.out.empty());

  int64_t id2 =
      h.endpoint.request("x", nullptr, [&](const accord::rpc::Response& r) { got.push_back(r); });
  h.send(json{{"jsonrpc", "2.0"}, {"id", id2}, {"error", {{"code", -32601}, {"message", "no"}}}}
             .dump());
  REQUIRE(got.size() == 2);
  CHECK_FALSE(got[1].ok);
  CHECK(got[1].code == -32601);
}

TEST_CASE("a request cancelled before it runs gets -32800 and never runs") {
  Harness h;
  auto request = h.endpoint.parse(Harness::request(5, "echo").dump());
  auto cancel =
      h.endpoint.parse(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":5}})");
  h.endpoint.dispatch(std::move(request));
  h.endpoint.dispatch(std::move(cancel));
  CHECK(h.handled == 0);
  REQUIRE(h.out.size() == 1);
  CHECK(code(h.last()) == -32800);
  CHECK(h.last()["id"] == 5);
}

TEST_CASE("a running request sees its cancellation at once") {
  Harness h;
  bool sawCancel = false;
  h.endpoint.onRequest("long", [&](json, Reply r) {
    auto token = r.cancelToken();
    CHECK_FALSE(token.cancelled());
    CHECK_FALSE(h.endpoint.currentCancelToken().cancelled());
    // The reader thread reads $/cancelRequest while this runs.
    (void)h.endpoint.parse(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"L"}})");
    sawCancel = token.cancelled() && h.endpoint.currentCancelToken().cancelled();
    r(json("finished anyway"));
  });
  h.send(Harness::request("L", "long").dump());
  CHECK(sawCancel);
  REQUIRE(h.out.size() == 1);
  CHECK(code(h.last()) == -32800);
}

TEST_CASE("a parked request is answered -32800 when cancelled, and only once") {
  Harness h;
  h.send(Harness::request(8, "park").dump());
  CHECK(h.out.empty());
  h.send(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":8}})");
  REQUIRE(h.out.size() == 1);
  CHECK(code(h.last()) == -32800);
  REQUIRE(h.parked.size() == 1);
  h.parked[0](json("late")); // the worker finishes later: dropped
  CHECK(h.out.size() == 1);
  // Cancelling something already answered or unknown does nothing.
  h.send(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":8}})");
  h.send(R"({"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":12345}})");
  CHECK(h.out.size() == 1);
}

TEST_CASE("lifecycle: before initialize") {
  Harness h(false);
  h.send(Harness::request(1, "echo").dump());
  CHECK(code(h.last()) == -32002);
  h.send(Harness::request(2, "shutdown").dump());
  CHECK(code(h.last()) == -32002);
  h.out.clear();
  h.send(R"({"jsonrpc":"2.0","method":"note"})"); // dropped
  CHECK(h.handled == 0);
  CHECK(h.out.empty());
  h.send(Harness::request(3, "initialize").dump());
  CHECK(h.last().contains("result"));
  h.send(Harness::request(4, "initialize").dump());
  CHECK(code(h.last()) == -32600);
  h.send(R"({"jsonrpc":"2.0","method":"note"})");
  CHECK(h.handled == 1);
}

TEST_CASE("lifecycle: exit before initialize is code 1") {
  Harness h(false);
  h.send(R"({"jsonrpc":"2.0","method":"exit"})");
  CHECK(h.endpoint.exited());
  CHECK(h.endpoint.exitCode() == 1);
}

TEST_CASE("lifecycle: after shutdown every request is -32600, exit is code 0") {
  Harness h;
  h.send(Harness::request(1, "shutdown").dump());
  CHECK(h.last()["result"].is_null());
  for (const char* m : {"echo", "shutdown", "initialize", "nope"}) {
    h.send(Harness::request(2, m).dump());
    INFO(m);
    CHECK(code(h.last()) == -32600);
  }
  size_t before = h.out.size();
  h.send(R"({"jsonrpc":"2.0","method":"note"})");
  CHECK(h.out.size() == before);
  CHECK(h.handled == 0);
  h.send(R"({"jsonrpc":"2.0","method":"exit"})");
  CHECK(h.endpoint.exited());
  CHECK(h.endpoint.exitCode() == 0);
}

TEST_CASE("lifecycle: exit without shutdown is code 1, end of input decides too") {
  {
    Harness h;
    h.send(R"({"jsonrpc":"2.0","method":"exit"})");
    CHECK(h.endpoint.exitCode() == 1);
  }
  {
    Harness h;
    h.send(Harness::request(1, "shutdown").dump());
    h.endpoint.inputClosed(false);
    CHECK(h.endpoint.exitCode() == 0);
  }
  {
    Harness h;
    h.send(Harness::request(1, "shutdown").dump());
    h.endpoint.inputClosed(true); // truncated in the middle of a message
    CHECK(h.endpoint.exitCode() == 1);
  }
  {
    Harness h;
    h.endpoint.inputClosed(false);
    CHECK(h.endpoint.exitCode() == 1);
  }
}

TEST_CASE("the LanguageServer binds the lifecycle and advertises what it binds") {
  accord::test::LspClient client;
  CHECK_THROWS_AS(client.request("textDocument/hover", client.at("file:///a.md", {0, 0})),
                  accord::test::ResponseError);
  json init = client.initialize();
  json caps = init["capabilities"];
  CHECK(caps["positionEncoding"] == "utf-16");
  CHECK(caps["textDocumentSync"]["openClose"] == true);
  CHECK(caps["textDocumentSync"]["change"] == 2);
  CHECK(caps["workspace"]["workspaceFolders"]["supported"] == true);
  CHECK(init["serverInfo"]["name"] == "accord-ls");
  try {
    client.request("initialize", {{"capabilities", json::object()}, {"processId", nullptr}});
    FAIL("a second initialize must fail");
  } catch (const accord::test::ResponseError& e) {
    CHECK(e.code == -32600);
  }
  json r = client.call("no/such/request");
  CHECK(r["error"]["code"] == -32601);
  CHECK(client.request("shutdown", nullptr).is_null());
  CHECK(client.call("textDocument/hover", client.at("file:///a.md", {0, 0}))["error"]["code"] ==
        -32600);
  client.notify("exit");
  CHECK(client.server().exited());
  CHECK(client.server().exitCode() == 0);
}

TEST_CASE("initialize params that do not fit are -32602 and do not initialize") {
  accord::test::LspClient client;
  json r =
      client.call("initialize", {{"processId", "not a number"}, {"capabilities", json::object()}});
  CHECK(r["error"]["code"] == -32602);
  CHECK(r["error"]["message"].get<std::string>().find("processId") != std::string::npos);
  CHECK(client.call("shutdown", nullptr)["error"]["code"] == -32002);
  client.initialize();
  CHECK(client.request("shutdown", nullptr).is_null());
}

TEST_CASE("the position encoding is negotiated and used for edits") {
  accord::test::LspClient client;
  json caps = accord::test::LspClient::defaultCapabilities();
  caps["general"]["positionEncodings"] = {"utf-8", "utf-16"};
  json init = client.initialize(caps);
  CHECK(init["capabilities"]["positionEncoding"] == "utf-8");
  CHECK(client.server().encoding() == accord::PositionEncoding::Utf8);
  client.didOpen("file:///k.md", "한국 x");
  // In UTF-8, "x" is at byte 7.
  client.didChange("file:///k.md", 2,
                   json::array({{{"range",
                                  {{"start", {{"line", 0}, {"character", 7}}},
                                   {"end", {{"line", 0}, {"character", 8}}}}},
                                 {"text", "y"}}}));
  CHECK(client.server().document("file:///k.md")->text == "한국 y");
}

TEST_CASE("document notifications reach the store and the hooks") {
  accord::test::LspClient client;
  std::vector<std::string> changed, closed;
  client.server().onDocumentChanged([&](const std::string& uri) { changed.push_back(uri); });
  client.server().onDocumentClosed([&](const std::string& uri) { closed.push_back(uri); });
  client.initialize();
  client.didOpen("file:///a.md", "The 😂 GSOMIA\r\nsecond");
  client.didChange("file:///a.md", 2,
                   json::array({{{"range",
                                  {{"start", {{"line", 0}, {"character", 7}}},
                                   {"end", {{"line", 0}, {"character", 13}}}}},
                                 {"text", "PSI"}}}));
  auto doc = client.server().document("file:///a.md");
  REQUIRE(doc);
  CHECK(doc->text == "The 😂 PSI\r\nsecond");
  CHECK(doc->version == 2);
  CHECK(client.server().toRange(*doc, {9, 12}) == accord::lsp::Range{{0, 7}, {0, 10}});
  client.didChange("file:///unopened.md", 1, json::array({{{"text", "x"}}})); // logged, ignored
  client.notify("textDocument/didOpen", {{"textDocument", {{"uri", 5}}}});    // bad params: logged
  client.didClose("file:///a.md");
  CHECK(client.server().document("file:///a.md") == nullptr);
  CHECK(changed == std::vector<std::string>{"file:///a.md", "file:///a.md"});
  CHECK(closed == std::vector<std::string>{"file:///a.md"});
  CHECK(client.request("shutdown", nullptr).is_null());
}

TEST_CASE("requests the server sends and progress are matched to their answers") {
  accord::test::LspClient client;
  client.initialize();
  bool applied = false;
  std::string reason = "unset";
  accord::lsp::WorkspaceEdit edit;
  edit.changes.emplace();
  (*edit.changes)["file:///a.md"].push_back({{{0, 0}, {0, 0}}, "x"});
  client.server().applyEdit(edit, "Insert", [&](bool ok, const std::string& why) {
    applied = ok;
    reason = why;
  });
  client.sync();
  CHECK(applied);
  auto sent = client.serverRequests("workspace/applyEdit");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0]["params"]["label"] == "Insert");
  CHECK(sent[0]["params"]["edit"]["changes"]["file:///a.md"][0]["newText"] == "x");

  {
    auto progress = client.server().beginProgress("Indexing", "corpus");
    progress.report(50, "half");
  } // ended by its destructor
  client.sync();
  auto creates = client.serverRequests("window/workDoneProgress/create");
  REQUIRE(creates.size() == 1);
  auto reports = client.notifications("$/progress");
  REQUIRE(reports.size() == 3);
  CHECK(reports[0]["token"] == creates[0]["params"]["token"]);
  CHECK(reports[0]["value"]["kind"] == "begin");
  CHECK(reports[0]["value"]["title"] == "Indexing");
  CHECK(reports[1]["value"]["kind"] == "report");
  CHECK(reports[1]["value"]["percentage"] == 50);
  CHECK(reports[2]["value"]["kind"] == "end");
}
