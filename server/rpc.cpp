// JSON-RPC 2.0: every error code is chosen here, and every request is answered exactly once.
#include "server/rpc.h"

#include <chrono>
#include <cstdio>

#include "grammar/json_depth.h"
#include "server/log.h"
#include "wire/json_parse.h"

namespace accord::rpc {

using Clock = std::chrono::steady_clock;

std::string idKey(const json& id) {
  return id.dump();
}

void InvalidParams::within(std::string_view parent) {
  if (field_.empty())
    field_ = std::string(parent);
  else if (field_.front() == '[')
    field_ = std::string(parent) + field_;
  else
    field_ = std::string(parent) + "." + field_;
  render();
}

void InvalidParams::render() {
  message_ = field_.empty() ? problem_ : field_ + ": " + problem_;
}

namespace detail {

/// The answer state of one request, shared by the pending table, its Reply and its token.
struct Pending {
  json id;
  std::string key; ///< idKey(id)
  std::string method;
  Clock::time_point received;
  std::atomic<bool> cancelled{false}; ///< set by the reader thread on $/cancelRequest
  std::atomic<bool> replied{false};   ///< the first answer flips it; later ones are dropped
  std::function<void()> onSuccess;    ///< lifecycle hook (initialize); server thread only
};

/// What outlives the Endpoint: the writer and the tables that Replies on other threads touch.
struct Core {
  Endpoint::Writer writer;
  std::atomic<bool> closed{false}; ///< the Endpoint is gone: write nothing more
  std::mutex mutex;                ///< guards the three members below
  std::map<std::string, std::shared_ptr<Pending>, std::less<>> pending;
  std::map<std::string, Endpoint::ResponseHandler, std::less<>> outgoing;
  int64_t nextId = 1;

  void write(const json& message) {
    // Text from the corpus may carry invalid UTF-8; replace it rather than fail the answer.
    std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
    log::verbose(">>> ", body);
    if (!closed)
      writer(std::move(body));
  }

  void answer(const std::shared_ptr<Pending>& p, bool ok, json result, ErrorCode code,
              std::string message) {
    if (p->replied.exchange(true)) {
      log::error("a second answer to ", p->method, "(", p->key, ") was dropped");
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = pending.find(p->key);
      if (it != pending.end() && it->second == p)
        pending.erase(it);
    }
    if (p->cancelled) { // the client no longer wants it, whatever the handler found
      ok = false;
      code = ErrorCode::RequestCancelled;
      message = "request cancelled by the client";
    }
    json out = {{"jsonrpc", "2.0"}, {"id", p->id}};
    if (ok)
      out["result"] = std::move(result);
    else
      out["error"] = {{"code", static_cast<int>(code)}, {"message", std::move(message)}};
    if (log::enabled(log::Level::Info)) {
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - p->received).count();
      char elapsed[32];
      std::snprintf(elapsed, sizeof elapsed, "%.2fms", ms);
      if (ok)
        log::info("--> reply(", p->key, ") ", elapsed);
      else
        log::info("--> reply(", p->key, ") error ", static_cast<int>(code), " ", elapsed);
    }
    if (ok && p->onSuccess)
      p->onSuccess();
    write(out);
  }
};

} // namespace detail

// --- Reply ---------------------------------------------------------------------------------

struct Reply::Once {
  Once() = default;
  Once(const Once&) = delete; // a copy's destructor would answer on the original's behalf
  Once& operator=(const Once&) = delete;
  std::shared_ptr<detail::Pending> pending;
  std::shared_ptr<detail::Core> core;
  ~Once() {
    if (pending && core && !pending->replied)
      core->answer(pending, false, nullptr, ErrorCode::InternalError,
                   "internal error: " + pending->method + " was dropped without an answer");
  }
};

void Reply::operator()(json result) const {
  once_->core->answer(once_->pending, true, std::move(result), ErrorCode::InternalError, {});
}

void Reply::error(ErrorCode code, std::string message) const {
  once_->core->answer(once_->pending, false, nullptr, code, std::move(message));
}

bool Reply::done() const {
  return once_->pending->replied;
}

CancelToken Reply::cancelToken() const {
  return CancelToken(
      std::shared_ptr<const std::atomic<bool>>(once_->pending, &once_->pending->cancelled));
}

const json& Reply::id() const {
  return once_->pending->id;
}

// --- Endpoint ------------------------------------------------------------------------------

Endpoint::Endpoint(Writer writer) : core_(std::make_shared<detail::Core>()) {
  core_->writer = std::move(writer);
}

Endpoint::~Endpoint() {
  core_->closed = true;
}

void Endpoint::onRequest(std::string method, RequestHandler handler) {
  requests_[std::move(method)] = std::move(handler);
}

void Endpoint::onNotification(std::string method, NotificationHandler handler) {
  notifications_[std::move(method)] = std::move(handler);
}

bool Endpoint::isBound(std::string_view method) const {
  return requests_.find(method) != requests_.end() ||
         notifications_.find(method) != notifications_.end();
}

Incoming Endpoint::framingError(ErrorCode code, std::string message) {
  Incoming in;
  in.kind = Incoming::Kind::Invalid;
  in.code = code;
  in.error = std::move(message);
  return in;
}

Incoming Endpoint::parse(std::string_view body) {
  log::verbose("<<< ", body);
  Incoming in;
  json msg;
  if (jsonTooDeepAt(body) != std::string_view::npos)
    return framingError(ErrorCode::ParseError, "parse error: JSON nested deeper than " +
                                                   std::to_string(kMaxJsonDepth) + " levels");
  try {
    // The fast reader builds the same value; whatever it refuses, nlohmann reads or rejects
    // with its own message.
    if (!fastParseJson(body, msg))
      msg = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {
    return framingError(ErrorCode::ParseError, std::string("parse error: ") + e.what());
  }
  if (msg.is_array())
    return framingError(ErrorCode::InvalidRequest,
                        "batches are not supported (LSP does not use them)");
  if (!msg.is_object())
    return framingError(ErrorCode::InvalidRequest, "a message must be a JSON object");

  auto idIt = msg.find("id");
  bool hasId = idIt != msg.end();
  bool goodId = hasId && (idIt->is_number() || idIt->is_string());
  if (goodId)
    in.id = *idIt;
  auto methodIt = msg.find("method");

  if (methodIt == msg.end()) {
    if (goodId && (msg.contains("result") || msg.contains("error"))) {
      in.kind = Incoming::Kind::Response;
      in.message = std::move(msg);
      return in;
    }
    in.kind = Incoming::Kind::Invalid;
    in.code = ErrorCode::InvalidRequest;
    in.error = "neither a request, a notification nor a response";
    return in;
  }

  // A bad request is answered; a bad notification is only logged (notifications never are).
  auto invalid = [&](ErrorCode code, std::string why) {
    in.kind = hasId ? Incoming::Kind::Invalid : Incoming::Kind::Dropped;
    in.code = code;
    in.error = std::move(why);
    return std::move(in);
  };
  if (hasId && !goodId) {
    in.id = nullptr;
    return invalid(ErrorCode::InvalidRequest, "id must be an integer or a string");
  }
  if (!methodIt->is_string())
    return invalid(ErrorCode::InvalidRequest, "method must be a string");
  auto versionIt = msg.find("jsonrpc");
  if (versionIt == msg.end() || *versionIt != "2.0")
    return invalid(ErrorCode::InvalidRequest, "jsonrpc must be \"2.0\"");
  auto paramsIt = msg.find("params");
  if (paramsIt != msg.end() && paramsIt->is_null()) {
    // Not allowed by JSON-RPC, but some clients send "params": null for shutdown: absent.
    msg.erase(paramsIt);
    paramsIt = msg.end();
  }
  if (paramsIt != msg.end() && !paramsIt->is_object() && !paramsIt->is_array())
    return invalid(ErrorCode::InvalidParams, "params: must be an object or an array");

  const std::string& method = methodIt->get_ref<const std::string&>();
  if (hasId) {
    auto p = std::make_shared<detail::Pending>();
    p->id = in.id;
    p->key = idKey(in.id);
    p->method = method;
    p->received = Clock::now();
    {
      std::lock_guard<std::mutex> lock(core_->mutex);
      if (!core_->pending.emplace(p->key, p).second)
        log::error("request id ", p->key,
                   " reused while the first is pending; "
                   "$/cancelRequest will reach the first");
    }
    in.kind = Incoming::Kind::Request;
    in.pending = std::move(p);
  } else {
    in.kind = Incoming::Kind::Notification;
    if (method == "$/cancelRequest" && paramsIt != msg.end() && paramsIt->is_object()) {
      auto target = paramsIt->find("id");
      if (target != paramsIt->end()) {
        std::lock_guard<std::mutex> lock(core_->mutex);
        auto it = core_->pending.find(idKey(*target));
        if (it != core_->pending.end())
          it->second->cancelled = true;
      }
    }
  }
  in.message = std::move(msg);
  return in;
}

void Endpoint::dispatch(Incoming in) {
  if (state_ == State::Exited)
    return;
  switch (in.kind) {
  case Incoming::Kind::Request:
    dispatchRequest(in);
    break;
  case Incoming::Kind::Notification:
    dispatchNotification(in);
    break;
  case Incoming::Kind::Response:
    dispatchResponse(in);
    break;
  case Incoming::Kind::Dropped:
    log::error("dropped a bad notification: ", in.error);
    break;
  case Incoming::Kind::Invalid: {
    log::error("<-- bad message (", idKey(in.id), "): ", in.error);
    json out = {{"jsonrpc", "2.0"}, {"id", in.id}};
    out["error"] = {{"code", static_cast<int>(in.code)}, {"message", in.error}};
    log::info("--> reply(", idKey(in.id), ") error ", static_cast<int>(in.code));
    core_->write(out);
    break;
  }
  }
}

void Endpoint::dispatchRequest(Incoming& in) {
  std::shared_ptr<detail::Pending> p = in.pending;
  log::info("<-- ", p->method, "(", p->key, ")");
  Reply reply;
  reply.once_ = std::make_shared<Reply::Once>(); // built in place: a temporary would answer
  reply.once_->pending = p;
  reply.once_->core = core_;
  if (p->replied)
    return; // cancelled while it waited in the queue, already answered
  if (p->cancelled)
    return reply.error(ErrorCode::RequestCancelled, "request cancelled by the client");

  const std::string& method = p->method;
  if (method == "initialize") {
    if (state_ != State::Uninitialized)
      return reply.error(ErrorCode::InvalidRequest, "initialize may only be sent once");
    p->onSuccess = [this] {
      if (state_ == State::Uninitialized)
        state_ = State::Running;
    };
  } else if (state_ == State::Uninitialized) {
    return reply.error(ErrorCode::ServerNotInitialized,
                       "the server is not initialized yet: send initialize first");
  } else if (state_ == State::ShutDown) {
    return reply.error(ErrorCode::InvalidRequest,
                       "the server is shut down: only the exit notification is accepted");
  } else if (method == "shutdown") {
    state_ = State::ShutDown;
    shutdownReceived_ = true;
  }

  auto handler = requests_.find(method);
  if (handler == requests_.end()) {
    if (method == "shutdown")
      return reply(nullptr);
    return reply.error(ErrorCode::MethodNotFound, "unknown method " + method);
  }
  json params;
  if (auto it = in.message.find("params"); it != in.message.end())
    params = std::move(*it);
  current_ = p;
  try {
    handler->second(std::move(params), reply);
  } catch (const InvalidParams& e) {
    reply.error(ErrorCode::InvalidParams, std::string("invalid params: ") + e.what());
  } catch (const Error& e) {
    reply.error(e.code, e.what());
  } catch (const std::exception& e) {
    log::error("the handler of ", method, "(", p->key, ") failed: ", e.what());
    reply.error(ErrorCode::InternalError, "internal error in " + method + ": " + e.what());
  }
  current_.reset();
}

void Endpoint::dispatchNotification(Incoming& in) {
  const std::string& method = in.message["method"].get_ref<const std::string&>();
  log::info("<-- ", method);
  json params;
  if (auto it = in.message.find("params"); it != in.message.end())
    params = std::move(*it);
  auto call = [&](const NotificationHandler& handler) {
    try {
      handler(std::move(params));
    } catch (const std::exception& e) {
      // Notifications are never answered; the failure is logged and serving goes on.
      log::error("the handler of ", method, " failed: ", e.what());
    }
  };

  if (method == "exit") {
    if (auto h = notifications_.find(method); h != notifications_.end())
      call(h->second);
    exit(shutdownReceived_ ? 0 : 1,
         shutdownReceived_ ? "exit after shutdown" : "exit without shutdown");
    return;
  }
  if (state_ != State::Running) {
    log::info("dropped ", method,
              state_ == State::Uninitialized ? " (before initialize)" : " (after shutdown)");
    return;
  }
  if (method == "$/cancelRequest") {
    // The reader thread already set the flag; answer now if the request is parked.
    std::shared_ptr<detail::Pending> target;
    if (params.is_object() && params.contains("id")) {
      std::lock_guard<std::mutex> lock(core_->mutex);
      auto it = core_->pending.find(idKey(params["id"]));
      if (it != core_->pending.end())
        target = it->second;
    }
    if (target && !target->replied)
      core_->answer(target, false, nullptr, ErrorCode::RequestCancelled,
                    "request cancelled by the client");
    return;
  }
  auto handler = notifications_.find(method);
  if (handler == notifications_.end()) {
    log::verbose("ignored notification ", method);
    return;
  }
  call(handler->second);
}

void Endpoint::dispatchResponse(Incoming& in) {
  std::string key = idKey(in.message["id"]);
  ResponseHandler handler;
  {
    std::lock_guard<std::mutex> lock(core_->mutex);
    auto it = core_->outgoing.find(key);
    if (it != core_->outgoing.end()) {
      handler = std::move(it->second);
      core_->outgoing.erase(it);
    }
  }
  if (!handler) {
    log::info("<-- reply(", key, ") to no request of ours: ignored");
    return;
  }
  Response response;
  if (auto err = in.message.find("error"); err != in.message.end() && !err->is_null()) {
    response.ok = false;
    if (err->is_object()) {
      if (auto c = err->find("code"); c != err->end() && c->is_number_integer())
        response.code = c->get<int>();
      if (auto m = err->find("message"); m != err->end() && m->is_string())
        response.message = m->get<std::string>();
    }
    log::info("<-- reply(", key, ") error ", response.code, " ", response.message);
  } else {
    response.ok = true;
    if (auto r = in.message.find("result"); r != in.message.end())
      response.result = std::move(*r);
    log::info("<-- reply(", key, ")");
  }
  try {
    handler(response);
  } catch (const std::exception& e) {
    log::error("the handler of the reply to ", key, " failed: ", e.what());
  }
}

void Endpoint::notify(std::string_view method, json params) {
  json out = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null())
    out["params"] = std::move(params);
  log::info("--> ", method);
  core_->write(out);
}

void Endpoint::notifyText(std::string_view method, std::string_view paramsJson) {
  // The keys in the order dump() writes them, as notify() would.
  std::string body;
  body.reserve(paramsJson.size() + method.size() + 48);
  body += "{\"jsonrpc\":\"2.0\",\"method\":";
  body += json(method).dump();
  body += ",\"params\":";
  body += paramsJson;
  body += '}';
  log::info("--> ", method);
  log::verbose(">>> ", body);
  if (!core_->closed)
    core_->writer(std::move(body));
}

int64_t Endpoint::request(std::string_view method, json params, ResponseHandler handler) {
  int64_t id;
  {
    std::lock_guard<std::mutex> lock(core_->mutex);
    id = core_->nextId++;
    core_->outgoing[std::to_string(id)] = std::move(handler);
  }
  json out = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null())
    out["params"] = std::move(params);
  log::info("--> ", method, "(", id, ")");
  core_->write(out);
  return id;
}

void Endpoint::inputClosed(bool midMessage) {
  if (midMessage) {
    log::error("the input ended in the middle of a message");
    exit(1, "input truncated");
  } else {
    exit(shutdownReceived_ ? 0 : 1, "input closed");
  }
}

void Endpoint::terminate(const std::string& reason) {
  exit(shutdownReceived_ ? 0 : 1, reason);
}

void Endpoint::exit(int code, const std::string& why) {
  if (state_ == State::Exited)
    return;
  state_ = State::Exited;
  exitCode_ = code;
  log::info("exiting with code ", code, ": ", why);
}

CancelToken Endpoint::currentCancelToken() const {
  if (!current_)
    return {};
  return CancelToken(std::shared_ptr<const std::atomic<bool>>(current_, &current_->cancelled));
}

} // namespace accord::rpc
