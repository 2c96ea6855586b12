// The bounded inbound queue: backpressure on the reader thread, edits coalesced.
#include "server/inbound.h"

namespace accord {

using json = nlohmann::json;

InboundQueue::InboundQueue(std::function<void(std::function<void()>)> schedule,
                           std::function<void(rpc::Incoming)> handle, size_t maxMessages,
                           size_t maxBytes)
    : schedule_(std::move(schedule)), handle_(std::move(handle)),
      maxMessages_(maxMessages ? maxMessages : 1), maxBytes_(maxBytes) {}

namespace {

bool isDidChange(const rpc::Incoming& in) {
  if (in.kind != rpc::Incoming::Kind::Notification || !in.message.is_object())
    return false;
  auto m = in.message.find("method");
  return m != in.message.end() && m->is_string() && *m == "textDocument/didChange";
}

/// The didChange's document URI and its contentChanges array, or null when malformed (a
/// malformed one is never merged: the server must answer it as it is).
const json* changesOf(const rpc::Incoming& in, const json** uri) {
  auto p = in.message.find("params");
  if (p == in.message.end() || !p->is_object())
    return nullptr;
  auto td = p->find("textDocument");
  auto cc = p->find("contentChanges");
  if (td == p->end() || !td->is_object() || cc == p->end() || !cc->is_array())
    return nullptr;
  auto u = td->find("uri");
  auto v = td->find("version");
  if (u == td->end() || !u->is_string() || v == td->end() || !v->is_number_integer())
    return nullptr;
  *uri = &*u;
  return &*cc;
}

} // namespace

bool InboundQueue::tryCoalesce(rpc::Incoming& message, size_t bytes) {
  if (items_.empty() || !isDidChange(message))
    return false;
  Item& last = items_.back();
  if (last.call || !isDidChange(last.message))
    return false;
  const json *newUri = nullptr, *oldUri = nullptr;
  const json* newChanges = changesOf(message, &newUri);
  const json* oldChanges = changesOf(last.message, &oldUri);
  if (!newChanges || !oldChanges || *newUri != *oldUri)
    return false;
  json& params = last.message.message["params"];
  json& changes = params["contentChanges"];
  for (const json& c : *newChanges) {
    if (c.is_object() && !c.contains("range"))
      changes = json::array(); // a whole-text change replaces what came before it
    changes.push_back(c);
  }
  params["textDocument"]["version"] = message.message["params"]["textDocument"]["version"];
  last.bytes += bytes;
  bytes_ += bytes;
  ++coalesced_;
  return true;
}

bool InboundQueue::push(rpc::Incoming message, size_t bytes) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (closed_)
    return false;
  if (tryCoalesce(message, bytes))
    return true;
  // Wait for room; one message is always let in, however large, so a lone 10 MB didOpen
  // is never refused.
  room_.wait(lock, [&] {
    return closed_ || items_.empty() ||
           (items_.size() < maxMessages_ && bytes_ + bytes <= maxBytes_);
  });
  if (closed_)
    return false;
  items_.push_back({std::move(message), bytes, {}});
  bytes_ += bytes;
  if (!scheduled_) {
    scheduled_ = true;
    lock.unlock();
    schedule_([this] { drainOne(); });
  }
  return true;
}

void InboundQueue::pushLast(std::function<void()> call) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (closed_)
    return;
  items_.push_back({{}, 0, std::move(call)});
  if (!scheduled_) {
    scheduled_ = true;
    lock.unlock();
    schedule_([this] { drainOne(); });
  }
}

void InboundQueue::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    items_.clear();
    bytes_ = 0;
  }
  room_.notify_all();
}

size_t InboundQueue::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return items_.size();
}

size_t InboundQueue::coalesced() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return coalesced_;
}

void InboundQueue::drainOne() {
  Item item;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_ || items_.empty()) {
      scheduled_ = false;
      return;
    }
    item = std::move(items_.front());
    items_.pop_front();
    bytes_ -= item.bytes;
  }
  room_.notify_one();
  if (item.call)
    item.call();
  else
    handle_(std::move(item.message));
  // One message per turn of the event loop: timers and workers' results get their turn.
  std::unique_lock<std::mutex> lock(mutex_);
  if (closed_ || items_.empty()) {
    scheduled_ = false;
    return;
  }
  lock.unlock();
  schedule_([this] { drainOne(); });
}

} // namespace accord
