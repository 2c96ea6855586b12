// libFuzzer target: the whole LanguageServer (rpc dispatch, protocol conversions, every bound
// method and feature) fed arbitrary messages after initialize, in process. Nothing is
// written to stdout: the server's writer collects the bodies here.
//
// The input is one message body per line (JSON needs no raw line breaks, and a line-based
// input lets libFuzzer cut and splice messages). One server lives for the whole run (the
// bundled knowledge is built once); each input starts from no open documents and default
// settings. Properties checked for every input:
//  - everything the server writes is a JSON-RPC 2.0 object;
//  - every request gets exactly one answer (within a few seconds), and nothing that was not
//    a request is answered, except framing and parse errors (id null);
//  - requests the server sends (workspace/applyEdit, registrations …) are answered by this
//    harness like a client would, so those paths run too;
//  - the server's fast JSON reader (wire/json_parse.h) reads each line exactly as
//    nlohmann::json::parse does: same acceptance, value, types and dump.
// `exit` and `shutdown` are not passed on (they would end the one server); settings that
// name corpus or lexicon directories and added workspace folders are dropped (they would
// make the server index the file system: test_security.py covers those paths).
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_common.h"
#include "grammar/json_depth.h"
#include "server/language_server.h"
#include "wire/json_parse.h"

using namespace accord;
using json = nlohmann::json;

namespace {

constexpr const char* kTarget = "fuzz_rpc";

struct Harness {
  boost::asio::io_context io;
  std::mutex mutex; ///< guards `written` (workers answer from their threads)
  std::vector<std::string> written;
  std::unique_ptr<LanguageServer> server;
  std::map<std::string, int> answers; ///< answers seen per idKey, for the current input
};

Harness* harness = nullptr;

void deliver(std::string_view body) {
  rpc::Incoming in = harness->server->parse(body);
  harness->server->handle(std::move(in));
  harness->io.poll();
}

/// Reads what the server wrote; answers its requests like a cooperative client.
void pump() {
  for (;;) {
    std::vector<std::string> bodies;
    {
      std::lock_guard<std::mutex> lock(harness->mutex);
      bodies.swap(harness->written);
    }
    if (bodies.empty())
      return;
    static const bool echo = std::getenv("ACCORD_FUZZ_ECHO") != nullptr; // to debug a crash
    for (const std::string& body : bodies) {
      if (echo)
        std::fprintf(stderr, "server> %s\n", body.substr(0, 300).c_str());
      json msg = json::parse(body, nullptr, false);
      if (msg.is_discarded() || !msg.is_object())
        fuzz::fail(kTarget, "the server wrote invalid JSON: " + body.substr(0, 200));
      if (msg.value("jsonrpc", "") != "2.0")
        fuzz::fail(kTarget, "a message without jsonrpc 2.0: " + body.substr(0, 200));
      auto method = msg.find("method");
      auto id = msg.find("id");
      if (method != msg.end()) {
        if (!method->is_string())
          fuzz::fail(kTarget, "the server sent a method that is not a string");
        if (id == msg.end())
          continue; // a notification to the client
        // A request to the client: answer it.
        json result = nullptr;
        const std::string& m = method->get_ref<const std::string&>();
        if (m == "workspace/applyEdit")
          result = {{"applied", true}};
        else if (m == "workspace/configuration")
          result = json::array({nullptr});
        json answer = {{"jsonrpc", "2.0"}, {"id", *id}, {"result", result}};
        deliver(answer.dump());
        continue;
      }
      if (id == msg.end())
        fuzz::fail(kTarget, "an answer without an id: " + body.substr(0, 200));
      bool ok = msg.contains("result");
      bool err = msg.contains("error");
      if (ok == err)
        fuzz::fail(kTarget,
                   "an answer needs exactly one of result and error: " + body.substr(0, 200));
      if (err) {
        const json& e = msg["error"];
        if (!e.is_object() || !e.contains("code") || !e["code"].is_number_integer() ||
            !e.contains("message") || !e["message"].is_string())
          fuzz::fail(kTarget, "a malformed error: " + body.substr(0, 200));
      }
      if (id->is_null())
        continue; // parse errors and framing errors
      ++harness->answers[rpc::idKey(*id)];
    }
  }
}

/// The types of every node in document order: `==` says 1 == 1.0 and 1u == 1.
void shape(const json& j, std::string& out) {
  out += std::to_string(static_cast<int>(j.type()));
  if (!j.is_structured())
    return;
  out += '(';
  for (const json& child : j)
    shape(child, out);
  out += ')';
}

/// fastParseJson against nlohmann's reading of the same line (`reference`, discarded when
/// nlohmann rejects it). The fast reader may leave two corners to nlohmann: a leading byte
/// order mark and a NUL byte (nlohmann's end of input).
void checkFastParse(std::string_view line, const json& reference) {
  json fast;
  if (!fastParseJson(line, fast)) {
    bool corner = line.substr(0, 3) == "\xEF\xBB\xBF" || line.find('\0') != std::string_view::npos;
    if (!reference.is_discarded() && !corner)
      fuzz::fail(kTarget,
                 "fastParseJson refused what nlohmann reads: " + std::string(line.substr(0, 200)));
    return;
  }
  if (reference.is_discarded())
    fuzz::fail(kTarget,
               "fastParseJson read what nlohmann rejects: " + std::string(line.substr(0, 200)));
  std::string fastShape, referenceShape;
  shape(fast, fastShape);
  shape(reference, referenceShape);
  if (!(fast == reference) || fastShape != referenceShape ||
      fast.dump(-1, ' ', false, json::error_handler_t::replace) !=
          reference.dump(-1, ' ', false, json::error_handler_t::replace))
    fuzz::fail(kTarget,
               "fastParseJson and nlohmann read differently: " + std::string(line.substr(0, 200)));
}

/// Drops what would make the server read the file system outside the test.
bool sanitize(json& msg, const std::string& method) {
  if (method == "exit" || method == "shutdown")
    return false;
  if (method == "workspace/didChangeConfiguration" && msg.contains("params") &&
      msg["params"].is_object()) {
    json& settings = msg["params"]["settings"];
    for (json* s :
         {&settings,
          settings.is_object() && settings.contains("accord") ? &settings["accord"] : nullptr})
      if (s && s->is_object()) {
        s->erase("corpus");
        s->erase("lexicon");
      }
  }
  if (method == "workspace/didChangeWorkspaceFolders" && msg.contains("params") &&
      msg["params"].is_object()) {
    json& event = msg["params"]["event"];
    if (event.is_object())
      event.erase("added");
  }
  return true;
}

void waitFor(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < until) {
    harness->io.run_for(std::chrono::milliseconds(2));
    harness->io.restart();
    pump();
  }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::quietLogs();
  harness = new Harness; // lives until the process ends
  ServerOptions options;
  harness->server = std::make_unique<LanguageServer>(
      harness->io,
      [](std::string body) {
        std::lock_guard<std::mutex> lock(harness->mutex);
        harness->written.push_back(std::move(body));
      },
      options);
  json caps = {{"general", {{"positionEncodings", {"utf-16"}}}},
               {"workspace", {{"applyEdit", true}, {"workspaceEdit", {{"documentChanges", true}}}}},
               {"textDocument",
                {{"hover", {{"contentFormat", {"markdown", "plaintext"}}}},
                 {"completion", {{"completionItem", {{"snippetSupport", true}}}}},
                 {"publishDiagnostics", {{"relatedInformation", true}}},
                 {"diagnostic", {{"dynamicRegistration", false}}}}}};
  json init = {{"jsonrpc", "2.0"},
               {"id", "init"},
               {"method", "initialize"},
               {"params", {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", caps}}}};
  deliver(init.dump());
  deliver(R"({"jsonrpc":"2.0","method":"initialized","params":{}})");
  pump();
  waitFor([] { return harness->server->knowledge != nullptr; }, std::chrono::minutes(5));
  if (!harness->server->knowledge)
    fuzz::fail(kTarget, "the knowledge was not built in time");
  harness->answers.clear();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::map<std::string, int> wanted;
  harness->answers.clear();

  int count = 0;
  while (!input.empty() && count++ < 64) {
    size_t nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    if (line.empty())
      continue;

    // Our own reading of the message, to know what must be answered; the server reads the
    // bytes itself. Deeply nested input is the server's to refuse, not ours to parse.
    json msg = json::parse(line, nullptr, false);
    std::string body(line);
    // Nesting past the limit is refused as a parse error (id null) before it is read.
    bool tooDeep = jsonTooDeepAt(line) != std::string_view::npos;
    if (!tooDeep)
      checkFastParse(line, msg); // the server refuses deeper nesting unread
    if (!tooDeep && !msg.is_discarded() && msg.is_object()) {
      auto method = msg.find("method");
      if (method != msg.end() && method->is_string()) {
        std::string m = method->get<std::string>();
        if (!sanitize(msg, m))
          continue;
        if (m == "workspace/didChangeConfiguration" || m == "workspace/didChangeWorkspaceFolders")
          body = msg.dump();
      }
      // A request, or a message with a usable id that is neither a request nor a response
      // (answered -32600 with its id), must be answered once.
      auto id = msg.find("id");
      bool response = method == msg.end() && (msg.contains("result") || msg.contains("error"));
      if (!response && id != msg.end() && (id->is_number() || id->is_string()))
        ++wanted[rpc::idKey(*id)];
    }
    deliver(body);
    pump();
  }

  auto allAnswered = [&] {
    for (const auto& [key, n] : wanted)
      if (harness->answers[key] < n)
        return false;
    return true;
  };
  waitFor(allAnswered, std::chrono::seconds(10));
  for (const auto& [key, n] : harness->answers) {
    int want = wanted.count(key) ? wanted[key] : 0;
    if (n > want)
      fuzz::fail(kTarget, "request " + key + " answered " + std::to_string(n) +
                              " time(s), expected " + std::to_string(want));
  }
  if (!allAnswered())
    fuzz::fail(kTarget, "a request was not answered within 10 s");

  // Back to a clean session: no open documents, default settings.
  for (const auto& doc : harness->server->documents().all()) {
    json close = {{"jsonrpc", "2.0"},
                  {"method", "textDocument/didClose"},
                  {"params", {{"textDocument", {{"uri", doc->uri}}}}}};
    deliver(close.dump());
  }
  deliver(
      R"({"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"accord":{}}}})");
  pump();
  if (harness->server->documents().size() != 0)
    fuzz::fail(kTarget, "didClose left documents open");
  if (harness->server->exited())
    fuzz::fail(kTarget, "the server exited");
  return 0;
}
