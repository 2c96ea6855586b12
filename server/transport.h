// Bytes <-> JSON bodies: the pure frame decoder, the frame writer, and the stdio and TCP carriers.
#pragma once
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace accord {

/// Default for --max-message-size: a body longer than this is refused unread.
inline constexpr uint64_t kDefaultMaxMessageSize = 64ull << 20;

/// One thing the decoder found in the byte stream.
struct Frame {
  enum class Kind : uint8_t {
    Body,      ///< a complete body (`body`)
    BadHeader, ///< a header the decoder could not use (`error`); it resynchronises
    TooLarge,  ///< Content-Length over the limit (`error`); the body is skipped unread
  };
  Kind kind = Kind::Body;
  std::string body;
  std::string error;
};

/// Splits a byte stream into LSP messages ("Content-Length: N\r\n\r\n" + N bytes).
/// Pure: no I/O, no threads; feed it any split of the stream, including one byte at a time.
/// Tolerant: header names in any case, other headers (Content-Type) before or after, "\n"
/// accepted for "\r\n". A header line without ':' or a Content-Length that is not a number
/// is reported and the decoder skips to the next "Content-Length" it sees. A length over
/// the limit is reported without allocating it, and that many bytes are skipped.
class FrameDecoder {
public:
  explicit FrameDecoder(uint64_t maxMessageSize = kDefaultMaxMessageSize)
      : maxMessageSize_(maxMessageSize) {}

  /// Appends bytes from the stream.
  void feed(std::string_view bytes);
  /// The next complete frame or error, or nullopt when more bytes are needed.
  std::optional<Frame> next();
  /// True when the stream stopped inside a message (headers started or body incomplete):
  /// at EOF this means the last message was truncated.
  bool midMessage() const;
  /// Bytes held in memory now; stays small while an oversized body is skipped.
  size_t buffered() const { return buffer_.size() - pos_; }

private:
  enum class State : uint8_t { Headers, Body, Skip, Resync };
  bool takeLine(std::string& line); // one header line from buffer_, without its line end
  std::optional<Frame> badHeader(std::string message);

  uint64_t maxMessageSize_;
  std::string buffer_; ///< bytes fed but not consumed yet (from `pos_`)
  size_t pos_ = 0;     ///< consumed prefix of buffer_, dropped lazily to avoid O(n^2)
  State state_ = State::Headers;
  bool sawHeader_ = false;         ///< a header line was read for the current message
  std::optional<uint64_t> length_; ///< Content-Length of the current message
  uint64_t skip_ = 0;              ///< bytes still to skip (State::Skip)
};

/// "Content-Length: N\r\n\r\n" followed by the body: what every outgoing message looks like.
std::string encodeFrame(std::string_view body);

/// Where a carrier delivers what it reads. Called on the reader thread.
struct CarrierCallbacks {
  std::function<void(Frame&&)> frame;
  /// The input ended (or failed). `midMessage`: it ended inside a message.
  std::function<void(bool midMessage)> closed;
};

/// Options shared by the carriers.
struct CarrierOptions {
  uint64_t maxMessageSize = kDefaultMaxMessageSize;
  std::string inputMirror; ///< --input-mirror FILE: raw input bytes are appended here
};

/// A two-way byte stream carrying framed messages: a blocking reader thread that decodes,
/// and `send`, safe from any thread (one mutex makes it the single writer).
class Carrier {
public:
  virtual ~Carrier();
  /// Starts the reader thread.
  void start(CarrierCallbacks callbacks);
  /// Stops and joins the reader thread; idempotent. Callbacks are not called afterwards.
  void stop();
  /// Writes one framed body. Thread-safe. Returns false when the peer is gone.
  bool send(std::string_view body);

protected:
  explicit Carrier(CarrierOptions options);
  virtual int readFd() const = 0;
  /// One read(2)-like call: >0 bytes, 0 end of input, <0 error; -2 means "try again".
  virtual long rawRead(char* buf, size_t size) = 0;
  /// Writes all of `head` then all of `body`; false when the peer is gone (then sets
  /// writeError_). Called under the write mutex: must not log.
  virtual bool rawWrite(std::string_view head, std::string_view body) = 0;
  /// Called once when the carrier stops, before joining (e.g. to close a socket).
  virtual void onStop() {}

  std::string writeError_; ///< why the last rawWrite failed; guarded by writeMutex_

private:
  /// Blocks until bytes are available (or stop() was called): >0 bytes read, 0 end of
  /// input, <0 error or stopped.
  long readSome(char* buf, size_t size);
  void readLoop();

  CarrierOptions options_;
  CarrierCallbacks callbacks_;
  std::thread reader_;
  std::atomic<bool> stopping_{false};
  int wakePipe_[2] = {-1, -1}; ///< written by stop() so the reader's poll() returns
  std::mutex writeMutex_;      ///< guards rawWrite, `broken_` and writeError_
  bool broken_ = false;
  std::FILE* mirror_ = nullptr; ///< only touched by the reader thread (and stop())
};

/// stdin/stdout. Reads fd 0 with read(2) on a thread of its own: Asio stream descriptors
/// misbehave on stdio (O_NONBLOCK is shared with the parent, epoll rejects regular files).
std::unique_ptr<Carrier> makeStdioCarrier(CarrierOptions options);

/// Parses "--listen" values: "PORT", ":PORT", "HOST:PORT", "[v6]:PORT". The host defaults to
/// 127.0.0.1 (loopback) unless given. Returns false with a message on a bad value.
bool parseListenAddress(std::string_view spec, std::string& host, uint16_t& port,
                        std::string& error);

/// Listens on host:port with Boost.Asio, logs "listening on HOST:PORT" (the real port when
/// 0 was asked), accepts one client and carries its connection. Returns null with a
/// message in `error` when it cannot listen or accept.
std::unique_ptr<Carrier> makeTcpCarrier(const std::string& host, uint16_t port,
                                        CarrierOptions options, std::string& error);

} // namespace accord
