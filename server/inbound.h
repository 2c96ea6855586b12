// The bounded queue between the reader thread and the server thread: backpressure for a client
// that sends faster than the server answers, and coalescing of queued edits.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

#include "server/rpc.h"

namespace accord {

/// Messages read but not yet handled. The reader thread push()es and waits while the queue is
/// full, so it stops reading: the pipe (or socket) fills and the client blocks instead of the
/// server growing without bound. The server thread takes one message at a time, so timers and
/// workers' results interleave with a long queue.
///
/// A textDocument/didChange queued right behind a didChange of the same document (nothing
/// between them) is merged into it: its content changes are appended in order and its version
/// taken, so a burst of keystrokes costs one analysis. A $/cancelRequest takes effect when it
/// is read (rpc::Endpoint::parse marks the request), also for requests still queued.
///
/// Threads: push() and close() on any thread (the reader); the rest on the server thread.
class InboundQueue {
public:
  /// `schedule` posts a call of drainOne() to the server thread; `handle` carries out one
  /// message there. Limits: at most `maxMessages` messages and `maxBytes` body bytes waiting.
  InboundQueue(std::function<void(std::function<void()>)> schedule,
               std::function<void(rpc::Incoming)> handle, size_t maxMessages = 256,
               size_t maxBytes = 32u << 20);

  /// Reader thread: queues one message of `bytes` body bytes; blocks while the queue is full.
  /// Returns false (dropping the message) once close() was called.
  bool push(rpc::Incoming message, size_t bytes);
  /// Queues `call` (the end of input) behind everything read so far; never blocks.
  void pushLast(std::function<void()> call);
  /// Any thread: wakes a waiting reader and refuses everything afterwards (the session ended).
  void close();

  /// Messages and bytes waiting now (for tests and logs).
  size_t size() const;
  /// How many didChange messages were merged into the one before them.
  size_t coalesced() const;

private:
  struct Item {
    rpc::Incoming message;
    size_t bytes = 0;
    std::function<void()> call; ///< instead of a message (end of input)
  };
  void drainOne();
  bool tryCoalesce(rpc::Incoming& message, size_t bytes); // under mutex_

  std::function<void(std::function<void()>)> schedule_;
  std::function<void(rpc::Incoming)> handle_;
  const size_t maxMessages_;
  const size_t maxBytes_;

  mutable std::mutex mutex_; ///< guards everything below
  std::condition_variable room_;
  std::deque<Item> items_;
  size_t bytes_ = 0;
  size_t coalesced_ = 0;
  bool scheduled_ = false; ///< a drainOne() is posted and has not run yet
  bool closed_ = false;
};

} // namespace accord
