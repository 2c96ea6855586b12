// An in-process LSP client for tests: drives a LanguageServer as an editor would, synchronously,
// plus annotated text ("[[GSOMIA]] was ^signed") for writing expectations.
//
//   accord::test::LspClient client;
//   client.initialize();
//   accord::test::Annotated doc("The [[GSOMIA]] was ^signed.");
//   client.didOpen("file:///d.md", doc.text);
//   json hover = client.request("textDocument/hover", client.at("file:///d.md", doc.cursor));
//   CHECK(hover["range"] == json(doc.range(0)));
#pragma once
#include <boost/asio/io_context.hpp>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "server/language_server.h"

namespace accord::test {

using json = nlohmann::json;

/// Text with markers: "[[" … "]]" marks a range (nesting allowed; numbered by where they
/// open), "^" marks the cursor. `text` is the text without the markers.
struct Annotated {
  explicit Annotated(std::string_view annotated,
                     PositionEncoding encoding = PositionEncoding::Utf16);

  std::string text;
  std::vector<Span> spans;              ///< byte spans of the [[ ]] ranges
  std::vector<lsp::Range> ranges;       ///< the same, as LSP ranges in `encoding`
  std::optional<uint32_t> cursorOffset; ///< byte offset of "^"
  lsp::Position cursor;                 ///< position of "^" (0:0 when there is none)

  /// The i-th range; fails the test (throws) when there is no such range.
  const lsp::Range& range(size_t i = 0) const;
  const Span& span(size_t i = 0) const;
};

/// The server answered a request with an error.
struct ResponseError : std::runtime_error {
  ResponseError(int code, const std::string& message)
      : std::runtime_error("error " + std::to_string(code) + ": " + message), code(code) {}
  int code;
};

class LspClient {
public:
  explicit LspClient(ServerOptions options = {});
  ~LspClient();

  LanguageServer& server() { return *server_; }
  boost::asio::io_context& io() { return io_; }

  /// Capabilities like a current VS Code: UTF-16 positions, markdown, LocationLinks,
  /// applyEdit, workspace/configuration, work done progress, pull diagnostics.
  static json defaultCapabilities();
  /// Sends initialize then initialized; returns the InitializeResult. `rootUri`,
  /// `workspaceFolders`, `processId` … go in `extra`.
  json initialize(json capabilities = defaultCapabilities(), json initializationOptions = nullptr,
                  json extra = json::object());

  /// Sends a request and runs the server until it answers; returns the result, or throws
  /// ResponseError.
  json request(const std::string& method, json params = json::object());
  /// The same, returning the whole response message (to look at errors).
  json call(const std::string& method, json params = json::object());
  /// Sends a request without waiting; returns its id. Then use waitFor(id).
  int64_t send(const std::string& method, json params = json::object());
  json waitFor(int64_t id);
  void notify(const std::string& method, json params = json::object());
  /// Feeds one body as if it came framed from the editor (any bytes, even invalid JSON).
  void sendRaw(std::string_view body);

  void didOpen(const std::string& uri, const std::string& text,
               const std::string& languageId = "markdown", int version = 1);
  /// contentChanges as the editor would send them.
  void didChange(const std::string& uri, int version, json contentChanges);
  void didChangeFull(const std::string& uri, int version, const std::string& text);
  void didClose(const std::string& uri);
  /// {textDocument: {uri}, position}.
  static json at(const std::string& uri, const lsp::Position& position);

  /// Runs the server's ready work (posted handlers, due timers) and answers its requests.
  void sync();
  /// Runs the server until `done()` or `timeout` (a safety net, not an assertion on time).
  bool runUntil(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(30));

  /// Notifications from the server, in order (method and params).
  std::vector<json> notifications(std::string_view method) const;
  std::vector<json> takeNotifications(std::string_view method);
  /// The params of the last textDocument/publishDiagnostics for `uri`.
  std::optional<json> diagnostics(std::string_view uri) const;
  /// Requests the server sent to the client (whole messages), in order.
  std::vector<json> serverRequests(std::string_view method) const;

  /// How the client answers the server's requests. Defaults: workspace/configuration answers
  /// `configuration` for each item; workspace/applyEdit answers {applied: true};
  /// everything else answers null.
  void onServerRequest(const std::string& method, std::function<json(const json& params)> handler);
  json configuration = nullptr; ///< the "accord" section workspace/configuration returns

  /// Every body the server wrote, in order.
  std::vector<json> transcript;

private:
  void deliver(std::string_view body);
  void pump();

  boost::asio::io_context io_;
  std::mutex outboxMutex_; ///< guards outbox_ (the server may write from workers)
  std::deque<std::string> outbox_;
  std::unique_ptr<LanguageServer> server_;
  int64_t nextId_ = 1;
  std::map<std::string, json> responses_; ///< by id key
  std::vector<json> notifications_;
  std::vector<json> serverRequests_;
  std::map<std::string, std::function<json(const json&)>, std::less<>> handlers_;
};

} // namespace accord::test
