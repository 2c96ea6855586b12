// JSON-RPC 2.0 for LSP: message classification, dispatch, the error codes, cancellation, lifecycle.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace accord::rpc {

using json = nlohmann::json;

/// Every error code the server answers with. Chosen in rpc.cpp and nowhere else: handlers
/// throw InvalidParams or Error, or call Reply::error with one of these.
enum class ErrorCode : int {
  ParseError = -32700,           ///< the body is not JSON (or the frame was unusable); id null
  InvalidRequest = -32600,       ///< not a request object; a batch; a request after shutdown
  MethodNotFound = -32601,       ///< a request whose method is not bound
  InvalidParams = -32602,        ///< params that do not fit; the message names the field
  InternalError = -32603,        ///< a handler failed; the server keeps serving
  ServerNotInitialized = -32002, ///< a request before initialize
  UnknownErrorCode = -32001,
  RequestFailed = -32803, ///< the request was valid but could not be carried out
  ServerCancelled = -32802,
  ContentModified = -32801,  ///< the document changed under a request
  RequestCancelled = -32800, ///< $/cancelRequest arrived before the answer
};

/// A handler throws this to answer with a specific code.
class Error : public std::runtime_error {
public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code(code) {}
  ErrorCode code;
};

/// Thrown while reading params; answered with -32602 and a message that names the field
/// ("textDocument.position.line: expected a non-negative integer").
class InvalidParams : public std::exception {
public:
  InvalidParams(std::string field, std::string problem)
      : field_(std::move(field)), problem_(std::move(problem)) {
    render();
  }
  /// Prefixes the enclosing field: "position" then "textDocument" gives
  /// "textDocument.position". Indices ("[3]") attach without a dot.
  void within(std::string_view parent);
  const std::string& field() const { return field_; }
  const char* what() const noexcept override { return message_.c_str(); }

private:
  void render();
  std::string field_, problem_, message_;
};

namespace detail {
struct Pending;
struct Core;
} // namespace detail

/// Polled by long work: true once $/cancelRequest arrived for the request (the reader
/// thread sets it the moment it reads the cancellation). Copyable; thread-safe.
class CancelToken {
public:
  CancelToken() = default; ///< never cancelled
  bool cancelled() const { return flag_ && flag_->load(std::memory_order_relaxed); }

private:
  friend class Reply;
  friend class Endpoint;
  explicit CancelToken(std::shared_ptr<const std::atomic<bool>> flag) : flag_(std::move(flag)) {}
  std::shared_ptr<const std::atomic<bool>> flag_;
};

/// Answers one request exactly once (clangd's ReplyOnce). Copies share one answer: the
/// first call wins and later ones are logged and dropped; if the last copy is destroyed
/// unanswered, -32603 is sent. If the request was cancelled, the answer becomes -32800.
/// Thread-safe: a worker thread may answer.
class Reply {
public:
  void operator()(json result) const;
  void error(ErrorCode code, std::string message) const;
  bool done() const;
  CancelToken cancelToken() const;

private:
  friend class Endpoint;
  struct Once;
  std::shared_ptr<Once> once_;
};

/// What the server got back for a request it sent.
struct Response {
  bool ok = false;
  json result;         ///< when ok
  int code = 0;        ///< when !ok
  std::string message; ///< when !ok
};

/// One message read from the client, classified by Endpoint::parse (on the reader thread)
/// and carried out by Endpoint::dispatch (on the server thread).
struct Incoming {
  enum class Kind : uint8_t { Request, Notification, Response, Invalid, Dropped };
  Kind kind = Kind::Invalid;
  json message;                             ///< the whole message (request/notification/response)
  json id;                                  ///< Invalid: the id to answer with (null if unknown)
  ErrorCode code = ErrorCode::ParseError;   ///< Invalid: the answer's code
  std::string error;                        ///< Invalid/Dropped: why
  std::shared_ptr<detail::Pending> pending; ///< Request: its answer state
};

/// The JSON-RPC endpoint: method tables, the lifecycle state machine, pending requests,
/// requests the server sends and their callbacks.
///
/// Threads: parse(), notify(), request() and Reply are safe from any thread; everything
/// else (binding, dispatch, lifecycle queries) belongs to the server thread.
class Endpoint {
public:
  /// Writes one body (the carrier frames it). Called from any thread, one call per message.
  using Writer = std::function<void(std::string body)>;
  using RequestHandler = std::function<void(json params, Reply reply)>;
  using NotificationHandler = std::function<void(json params)>;
  using ResponseHandler = std::function<void(const Response&)>;

  explicit Endpoint(Writer writer);
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  void onRequest(std::string method, RequestHandler handler);
  void onNotification(std::string method, NotificationHandler handler);

  /// Parses one body once and classifies it. Requests are registered at once, and
  /// $/cancelRequest marks its target cancelled at once, so work already running sees it.
  Incoming parse(std::string_view body);
  /// A framing problem (bad header, oversized message), answered with `code` and id null.
  static Incoming framingError(ErrorCode code, std::string message);
  /// Carries out one message: lifecycle rules, then the bound handler.
  void dispatch(Incoming incoming);

  /// Sends a notification to the client.
  void notify(std::string_view method, json params);
  /// The same with params already written as JSON text (large notifications, where building a
  /// json tree costs more than the work that produced them).
  void notifyText(std::string_view method, std::string_view paramsJson);
  /// Sends a request to the client; `handler` runs on the server thread (in dispatch) when
  /// the answer comes. Returns the id used.
  int64_t request(std::string_view method, json params, ResponseHandler handler);

  enum class State : uint8_t { Uninitialized, Running, ShutDown, Exited };
  State state() const { return state_; }
  bool exited() const { return state_ == State::Exited; }
  /// 0 when the client sent shutdown before the end, 1 otherwise.
  int exitCode() const { return exitCode_; }
  /// The input ended: exit (code 1 when it ended inside a message or without shutdown).
  void inputClosed(bool midMessage);
  /// Ends the session for another reason (the client process died).
  void terminate(const std::string& reason);

  /// The cancellation token of the request being dispatched right now (empty otherwise).
  CancelToken currentCancelToken() const;

private:
  void dispatchRequest(Incoming& in);
  void dispatchNotification(Incoming& in);
  void dispatchResponse(Incoming& in);
  void exit(int code, const std::string& why);

  std::shared_ptr<detail::Core> core_;
  std::map<std::string, RequestHandler, std::less<>> requests_;
  std::map<std::string, NotificationHandler, std::less<>> notifications_;
  State state_ = State::Uninitialized;
  bool shutdownReceived_ = false;
  int exitCode_ = 1;
  std::shared_ptr<detail::Pending> current_; ///< the request whose handler is running
};

/// The exact text of an id as it goes on the wire ("7", "\"abc\"", "9007199254740993").
std::string idKey(const json& id);

} // namespace accord::rpc
