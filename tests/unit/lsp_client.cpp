// The in-process test client and the annotated-text parser.
#include "tests/unit/lsp_client.h"

#include <cstdlib>
#include <thread>

#include "server/log.h"

namespace accord::test {

Annotated::Annotated(std::string_view annotated, PositionEncoding encoding) {
  std::vector<size_t> open; // indices into spans of ranges not closed yet
  for (size_t i = 0; i < annotated.size();) {
    if (annotated.compare(i, 2, "[[") == 0) {
      open.push_back(spans.size());
      spans.push_back({static_cast<uint32_t>(text.size()), 0});
      i += 2;
    } else if (annotated.compare(i, 2, "]]") == 0 && !open.empty()) {
      spans[open.back()].end = static_cast<uint32_t>(text.size());
      open.pop_back();
      i += 2;
    } else if (annotated[i] == '^') {
      if (cursorOffset)
        throw std::invalid_argument("annotated text has two cursors (^)");
      cursorOffset = static_cast<uint32_t>(text.size());
      ++i;
    } else {
      text.push_back(annotated[i++]);
    }
  }
  if (!open.empty())
    throw std::invalid_argument("annotated text has an unclosed [[");
  LineIndex lines(text);
  for (const Span& s : spans)
    ranges.push_back(lines.range(text, s, encoding));
  if (cursorOffset)
    cursor = lines.position(text, *cursorOffset, encoding);
}

const lsp::Range& Annotated::range(size_t i) const {
  if (i >= ranges.size())
    throw std::out_of_range("no range #" + std::to_string(i) + " in the annotated text");
  return ranges[i];
}

const Span& Annotated::span(size_t i) const {
  if (i >= spans.size())
    throw std::out_of_range("no range #" + std::to_string(i) + " in the annotated text");
  return spans[i];
}

LspClient::LspClient(ServerOptions options) {
  // Quiet unless asked: the tests' output is their assertions.
  if (!std::getenv("ACCORD_TEST_LOG"))
    log::setLevel(log::Level::Error);
  server_ = std::make_unique<LanguageServer>(
      io_,
      [this](std::string body) {
        std::lock_guard<std::mutex> lock(outboxMutex_);
        outbox_.push_back(std::move(body));
      },
      std::move(options));
  onServerRequest("workspace/configuration", [this](const json& params) {
    json out = json::array();
    if (params.contains("items"))
      for (size_t i = 0; i < params["items"].size(); ++i)
        out.push_back(configuration);
    return out;
  });
  onServerRequest("workspace/applyEdit", [](const json&) { return json{{"applied", true}}; });
}

LspClient::~LspClient() {
  server_.reset(); // before io_, which its timers use
}

json LspClient::defaultCapabilities() {
  return {
      {"general", {{"positionEncodings", {"utf-16"}}}},
      {"textDocument",
       {{"synchronization", {{"didSave", true}, {"dynamicRegistration", false}}},
        {"hover", {{"contentFormat", {"markdown", "plaintext"}}}},
        {"definition", {{"linkSupport", true}}},
        {"completion",
         {{"completionItem",
           {{"snippetSupport", true}, {"documentationFormat", {"markdown", "plaintext"}}}}}},
        {"publishDiagnostics",
         {{"relatedInformation", true},
          {"versionSupport", true},
          {"codeDescriptionSupport", true},
          {"tagSupport", {{"valueSet", {1, 2}}}}}},
        {"codeAction",
         {{"codeActionLiteralSupport",
           {{"codeActionKind", {{"valueSet", {"", "quickfix", "refactor", "source"}}}}}}}},
        {"documentSymbol", {{"hierarchicalDocumentSymbolSupport", true}}},
        {"diagnostic", {{"dynamicRegistration", false}}}}},
      {"workspace",
       {{"applyEdit", true},
        {"workspaceEdit", {{"documentChanges", true}}},
        {"configuration", true},
        {"workspaceFolders", true},
        {"didChangeConfiguration", {{"dynamicRegistration", false}}},
        {"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}},
      {"window", {{"workDoneProgress", true}, {"showDocument", {{"support", true}}}}},
  };
}

json LspClient::initialize(json capabilities, json initializationOptions, json extra) {
  json params = {{"processId", nullptr},
                 {"clientInfo", {{"name", "accord-test-client"}}},
                 {"rootUri", nullptr},
                 {"capabilities", std::move(capabilities)}};
  if (!initializationOptions.is_null())
    params["initializationOptions"] = std::move(initializationOptions);
  for (auto it = extra.begin(); it != extra.end(); ++it)
    params[it.key()] = it.value();
  json result = request("initialize", std::move(params));
  notify("initialized", json::object());
  return result;
}

void LspClient::deliver(std::string_view body) {
  server_->handle(server_->parse(body));
}

void LspClient::sendRaw(std::string_view body) {
  deliver(body);
  sync();
}

int64_t LspClient::send(const std::string& method, json params) {
  int64_t id = nextId_++;
  json msg = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null())
    msg["params"] = std::move(params);
  deliver(msg.dump());
  return id;
}

json LspClient::waitFor(int64_t id) {
  std::string key = rpc::idKey(id);
  if (!runUntil([&] { return responses_.count(key) > 0; }))
    throw std::runtime_error("no answer to request " + key);
  json response = std::move(responses_[key]);
  responses_.erase(key);
  return response;
}

json LspClient::call(const std::string& method, json params) {
  return waitFor(send(method, std::move(params)));
}

json LspClient::request(const std::string& method, json params) {
  json response = call(method, std::move(params));
  if (response.contains("error"))
    throw ResponseError(response["error"].value("code", 0), response["error"].value("message", ""));
  return response.contains("result") ? response["result"] : json();
}

void LspClient::notify(const std::string& method, json params) {
  json msg = {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
  deliver(msg.dump());
  sync();
}

void LspClient::didOpen(const std::string& uri, const std::string& text,
                        const std::string& languageId, int version) {
  notify("textDocument/didOpen",
         {{"textDocument",
           {{"uri", uri}, {"languageId", languageId}, {"version", version}, {"text", text}}}});
}

void LspClient::didChange(const std::string& uri, int version, json contentChanges) {
  notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                    {"contentChanges", std::move(contentChanges)}});
}

void LspClient::didChangeFull(const std::string& uri, int version, const std::string& text) {
  didChange(uri, version, json::array({{{"text", text}}}));
}

void LspClient::didClose(const std::string& uri) {
  notify("textDocument/didClose", {{"textDocument", {{"uri", uri}}}});
}

json LspClient::at(const std::string& uri, const lsp::Position& position) {
  return {{"textDocument", {{"uri", uri}}}, {"position", position}};
}

void LspClient::pump() {
  for (;;) {
    std::string body;
    {
      std::lock_guard<std::mutex> lock(outboxMutex_);
      if (outbox_.empty())
        return;
      body = std::move(outbox_.front());
      outbox_.pop_front();
    }
    json msg = json::parse(body);
    transcript.push_back(msg);
    if (msg.contains("method") && msg.contains("id")) {
      serverRequests_.push_back(msg);
      const std::string& method = msg["method"].get_ref<const std::string&>();
      json params = msg.contains("params") ? msg["params"] : json();
      auto h = handlers_.find(method);
      json result = h == handlers_.end() ? json() : h->second(params);
      deliver(json{{"jsonrpc", "2.0"}, {"id", msg["id"]}, {"result", result}}.dump());
    } else if (msg.contains("method")) {
      notifications_.push_back(msg);
    } else if (msg.contains("id")) {
      responses_[rpc::idKey(msg["id"])] = msg;
    }
  }
}

void LspClient::sync() {
  for (int round = 0; round < 1000; ++round) {
    pump();
    io_.restart();
    if (io_.poll() == 0) {
      pump();
      std::lock_guard<std::mutex> lock(outboxMutex_);
      if (outbox_.empty())
        return;
    }
  }
}

bool LspClient::runUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    sync();
    if (done())
      return true;
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    io_.restart();
    if (io_.run_one_for(std::chrono::milliseconds(5)) == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(1)); // work is on another thread
  }
}

std::vector<json> LspClient::notifications(std::string_view method) const {
  std::vector<json> out;
  for (const auto& n : notifications_)
    if (n["method"] == method)
      out.push_back(n.contains("params") ? n["params"] : json());
  return out;
}

std::vector<json> LspClient::takeNotifications(std::string_view method) {
  std::vector<json> out = notifications(method);
  std::erase_if(notifications_, [&](const json& n) { return n["method"] == method; });
  return out;
}

std::optional<json> LspClient::diagnostics(std::string_view uri) const {
  std::optional<json> last;
  for (const auto& n : notifications_)
    if (n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
      last = n["params"];
  return last;
}

std::vector<json> LspClient::serverRequests(std::string_view method) const {
  std::vector<json> out;
  for (const auto& r : serverRequests_)
    if (r["method"] == method)
      out.push_back(r);
  return out;
}

void LspClient::onServerRequest(const std::string& method,
                                std::function<json(const json&)> handler) {
  handlers_[method] = std::move(handler);
}

} // namespace accord::test
