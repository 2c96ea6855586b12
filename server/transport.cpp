// The frame decoder and writer, and the carriers that move frames over stdio or one TCP client.
#include "server/transport.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>

#include "server/log.h"

namespace accord {

namespace {

/// A header line longer than this is not a header: the decoder reports it and resyncs.
constexpr size_t kMaxHeaderLine = 8192;
constexpr std::string_view kContentLength = "content-length";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

/// Position of "content-length" (any case) in `s` at or after `from`, or npos.
size_t findContentLength(std::string_view s, size_t from) {
  for (size_t i = from; i + kContentLength.size() <= s.size(); ++i) {
    if ((s[i] | 0x20) != 'c')
      continue;
    if (equalsIgnoreCase(s.substr(i, kContentLength.size()), kContentLength))
      return i;
  }
  return std::string_view::npos;
}

/// A printable excerpt of a bad header for the error message.
std::string excerpt(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 60))
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  if (s.size() > 60)
    out += "...";
  return out;
}

} // namespace

void FrameDecoder::feed(std::string_view bytes) {
  if (pos_ > 0) { // drop what was consumed; what remains is at most one partial message
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(bytes);
}

bool FrameDecoder::takeLine(std::string& line) {
  size_t nl = buffer_.find('\n', pos_);
  if (nl == std::string::npos)
    return false;
  line.assign(buffer_, pos_, nl - pos_);
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  pos_ = nl + 1;
  return true;
}

std::optional<Frame> FrameDecoder::badHeader(std::string message) {
  state_ = State::Resync;
  sawHeader_ = false;
  length_.reset();
  // Skip to the next "Content-Length" now, so junk is not held until the next call.
  size_t at = findContentLength(buffer_, pos_);
  if (at != std::string::npos)
    pos_ = at;
  else
    pos_ = buffer_.size() - std::min(buffer_.size() - pos_, kContentLength.size() - 1);
  return Frame{Frame::Kind::BadHeader, {}, std::move(message)};
}

std::optional<Frame> FrameDecoder::next() {
  for (;;) {
    switch (state_) {
    case State::Resync: {
      size_t at = findContentLength(buffer_, pos_);
      if (at == std::string::npos) {
        // Keep a tail that could be the start of a split "Content-Length".
        size_t keep = std::min(buffer_.size() - pos_, kContentLength.size() - 1);
        pos_ = buffer_.size() - keep;
        return std::nullopt;
      }
      pos_ = at;
      state_ = State::Headers;
      break;
    }
    case State::Skip: {
      uint64_t avail = buffer_.size() - pos_;
      uint64_t n = std::min(avail, skip_);
      pos_ += static_cast<size_t>(n);
      skip_ -= n;
      if (skip_ > 0)
        return std::nullopt;
      state_ = State::Headers;
      break;
    }
    case State::Body: {
      uint64_t length = *length_;
      if (buffer_.size() - pos_ < length) {
        if (buffer_.capacity() < pos_ + length)
          buffer_.reserve(pos_ + static_cast<size_t>(length));
        return std::nullopt;
      }
      Frame frame;
      if (pos_ == 0 && buffer_.size() == length) {
        frame.body = std::move(buffer_); // the common big-message case: no copy
        buffer_.clear();
      } else {
        frame.body.assign(buffer_, pos_, static_cast<size_t>(length));
        pos_ += static_cast<size_t>(length);
      }
      state_ = State::Headers;
      sawHeader_ = false;
      length_.reset();
      return frame;
    }
    case State::Headers: {
      std::string line;
      size_t start = pos_;
      bool complete = takeLine(line);
      // The raw length (before the '\n') decides, whether or not the line is complete yet,
      // so that the outcome does not depend on how the stream was split (fuzz_frame_decoder).
      size_t raw = complete ? pos_ - 1 - start : buffer_.size() - start;
      if (raw > kMaxHeaderLine) {
        std::string message = "header line longer than " + std::to_string(kMaxHeaderLine) +
                              " bytes: '" + excerpt(std::string_view(buffer_).substr(start)) + "'";
        // Resynchronise from the next byte: restarting at the line itself would find its
        // own "Content-Length" again and loop forever.
        pos_ = start + 1;
        return badHeader(std::move(message));
      }
      if (!complete)
        return std::nullopt;
      if (trim(line).empty()) {
        if (!sawHeader_)
          break; // stray blank line between messages
        if (!length_)
          return badHeader("headers without Content-Length");
        uint64_t length = *length_;
        sawHeader_ = false;
        length_.reset();
        if (length > maxMessageSize_) {
          state_ = State::Skip;
          skip_ = length;
          return Frame{Frame::Kind::TooLarge,
                       {},
                       "message of " + std::to_string(length) + " bytes exceeds the limit of " +
                           std::to_string(maxMessageSize_) + " bytes (--max-message-size)"};
        }
        length_ = length;
        state_ = State::Body;
        break;
      }
      sawHeader_ = true;
      size_t colon = line.find(':');
      if (colon == std::string::npos)
        return badHeader("bad header line '" + excerpt(line) + "'");
      std::string_view name = trim(std::string_view(line).substr(0, colon));
      std::string_view value = trim(std::string_view(line).substr(colon + 1));
      if (!equalsIgnoreCase(name, kContentLength))
        break; // Content-Type and the like
      if (value.empty() ||
          !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return badHeader("Content-Length is not a number: '" + excerpt(value) + "'");
      uint64_t length = 0;
      for (char c : value) {
        uint64_t digit = static_cast<uint64_t>(c - '0');
        // Saturate: any length this large is over every limit anyway.
        length = length > (UINT64_MAX - digit) / 10 ? UINT64_MAX : length * 10 + digit;
      }
      length_ = length;
      break;
    }
    }
  }
}

bool FrameDecoder::midMessage() const {
  switch (state_) {
  case State::Body:
  case State::Skip:
    return true;
  case State::Resync:
    return false;
  case State::Headers:
    break;
  }
  if (sawHeader_)
    return true;
  // Only line breaks and spaces after the last message are not a truncated message.
  return std::string_view(buffer_).substr(pos_).find_first_not_of("\r\n \t") != std::string::npos;
}

std::string encodeFrame(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Carriers

Carrier::Carrier(CarrierOptions options) : options_(std::move(options)) {}

Carrier::~Carrier() {
  stop();
}

void Carrier::start(CarrierCallbacks callbacks) {
  callbacks_ = std::move(callbacks);
  if (::pipe2(wakePipe_, O_CLOEXEC) != 0) {
    wakePipe_[0] = wakePipe_[1] = -1;
    log::error("transport: pipe2 failed: ", std::strerror(errno));
  }
  if (!options_.inputMirror.empty()) {
    mirror_ = std::fopen(options_.inputMirror.c_str(), "wb");
    if (!mirror_)
      log::error("transport: cannot write --input-mirror ", options_.inputMirror, ": ",
                 std::strerror(errno));
  }
  reader_ = std::thread([this] { readLoop(); });
}

void Carrier::stop() {
  if (stopping_.exchange(true)) {
    if (reader_.joinable() && reader_.get_id() != std::this_thread::get_id())
      reader_.join();
    return;
  }
  if (wakePipe_[1] >= 0) {
    char c = 0;
    [[maybe_unused]] auto r = ::write(wakePipe_[1], &c, 1);
  }
  onStop();
  if (reader_.joinable()) {
    if (reader_.get_id() == std::this_thread::get_id())
      reader_.detach();
    else
      reader_.join();
  }
  for (int& fd : wakePipe_)
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  if (mirror_) {
    std::fclose(mirror_);
    mirror_ = nullptr;
  }
}

long Carrier::readSome(char* buf, size_t size) {
  for (;;) {
    if (stopping_)
      return -1;
    pollfd fds[2] = {{readFd(), POLLIN, 0}, {wakePipe_[0], POLLIN, 0}};
    int n = ::poll(fds, wakePipe_[0] >= 0 ? 2 : 1, -1);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      log::error("transport: poll failed: ", std::strerror(errno));
      return -1;
    }
    if (stopping_ || (fds[1].revents & POLLIN))
      return -1;
    if (fds[0].revents == 0)
      continue;
    long r = rawRead(buf, size);
    if (r == -2)
      continue; // EAGAIN/EINTR: poll again
    return r;
  }
}

void Carrier::readLoop() {
  FrameDecoder decoder(options_.maxMessageSize);
  std::string buf(64 * 1024, '\0');
  for (;;) {
    long n = readSome(buf.data(), buf.size());
    if (stopping_)
      return;
    if (n <= 0) {
      if (n < 0)
        log::error("transport: reading the input failed; treating it as closed");
      callbacks_.closed(decoder.midMessage());
      return;
    }
    std::string_view chunk(buf.data(), static_cast<size_t>(n));
    if (mirror_) {
      std::fwrite(chunk.data(), 1, chunk.size(), mirror_);
      std::fflush(mirror_); // a crash right after must still leave a replayable file
    }
    decoder.feed(chunk);
    while (auto frame = decoder.next()) {
      if (stopping_)
        return;
      callbacks_.frame(std::move(*frame));
    }
  }
}

bool Carrier::send(std::string_view body) {
  std::string head = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  {
    std::lock_guard<std::mutex> lock(writeMutex_);
    if (broken_)
      return false;
    if (rawWrite(head, body))
      return true;
    broken_ = true;
  }
  // Logged outside the lock: the error sink may try to send (and will find broken_ set).
  log::error("transport: writing failed (", writeError_, "); dropping outgoing messages");
  return false;
}

namespace {

class StdioCarrier final : public Carrier {
public:
  explicit StdioCarrier(CarrierOptions options) : Carrier(std::move(options)) {}
  ~StdioCarrier() override { stop(); }

protected:
  int readFd() const override { return STDIN_FILENO; }

  long rawRead(char* buf, size_t size) override {
    ssize_t n = ::read(STDIN_FILENO, buf, size);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
      return -2;
    if (n < 0)
      log::error("transport: read(0) failed: ", std::strerror(errno));
    return static_cast<long>(n);
  }

  bool rawWrite(std::string_view head, std::string_view body) override {
    iovec iov[2] = {{const_cast<char*>(head.data()), head.size()},
                    {const_cast<char*>(body.data()), body.size()}};
    int first = 0;
    while (first < 2) {
      ssize_t n = ::writev(STDOUT_FILENO, iov + first, 2 - first);
      if (n < 0) {
        if (errno == EINTR)
          continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) { // stdout shared as non-blocking
          pollfd p{STDOUT_FILENO, POLLOUT, 0};
          ::poll(&p, 1, -1);
          continue;
        }
        writeError_ = std::strerror(errno);
        return false;
      }
      auto done = static_cast<size_t>(n);
      while (first < 2 && done >= iov[first].iov_len) {
        done -= iov[first].iov_len;
        ++first;
      }
      if (first < 2) {
        iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + done;
        iov[first].iov_len -= done;
      }
    }
    return true;
  }
};

namespace asio = boost::asio;
using asio::ip::tcp;

/// One accepted TCP client. Reads happen on the reader thread and writes under the write
/// mutex; both are plain blocking calls on the socket, which POSIX allows concurrently.
class TcpCarrier final : public Carrier {
public:
  TcpCarrier(CarrierOptions options, std::unique_ptr<asio::io_context> io, tcp::socket socket)
      : Carrier(std::move(options)), io_(std::move(io)), socket_(std::move(socket)) {}
  ~TcpCarrier() override {
    stop();
    boost::system::error_code ec;
    socket_.close(ec);
  }

protected:
  int readFd() const override { return const_cast<tcp::socket&>(socket_).native_handle(); }

  long rawRead(char* buf, size_t size) override {
    boost::system::error_code ec;
    size_t n = socket_.read_some(asio::buffer(buf, size), ec);
    if (ec == asio::error::eof)
      return 0;
    if (ec == asio::error::interrupted || ec == asio::error::would_block)
      return -2;
    if (ec) {
      log::error("transport: socket read failed: ", ec.message());
      return -1;
    }
    return static_cast<long>(n);
  }

  bool rawWrite(std::string_view head, std::string_view body) override {
    boost::system::error_code ec;
    std::array<asio::const_buffer, 2> bufs{asio::buffer(head.data(), head.size()),
                                           asio::buffer(body.data(), body.size())};
    asio::write(socket_, bufs, ec);
    if (ec)
      writeError_ = ec.message();
    return !ec;
  }

  void onStop() override {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_receive, ec);
  }

private:
  std::unique_ptr<asio::io_context> io_; // owns the socket's service; runs nothing
  tcp::socket socket_;
};

} // namespace

std::unique_ptr<Carrier> makeStdioCarrier(CarrierOptions options) {
  return std::make_unique<StdioCarrier>(std::move(options));
}

bool parseListenAddress(std::string_view spec, std::string& host, uint16_t& port,
                        std::string& error) {
  host = "127.0.0.1"; // loopback unless an address is given explicitly
  std::string_view portText = spec;
  if (!spec.empty() && spec.front() == '[') {
    size_t close = spec.find(']');
    if (close == std::string_view::npos || close + 1 >= spec.size() || spec[close + 1] != ':') {
      error = "expected [ADDRESS]:PORT, got '" + std::string(spec) + "'";
      return false;
    }
    host = std::string(spec.substr(1, close - 1));
    portText = spec.substr(close + 2);
  } else if (size_t colon = spec.rfind(':'); colon != std::string_view::npos) {
    if (colon > 0)
      host = std::string(spec.substr(0, colon));
    portText = spec.substr(colon + 1);
  }
  if (portText.empty() || portText.size() > 5 ||
      !std::all_of(portText.begin(), portText.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      std::stoul(std::string(portText)) > 65535) {
    error = "expected a port number (0-65535) in '" + std::string(spec) + "'";
    return false;
  }
  port = static_cast<uint16_t>(std::stoul(std::string(portText)));
  return true;
}

std::unique_ptr<Carrier> makeTcpCarrier(const std::string& host, uint16_t port,
                                        CarrierOptions options, std::string& error) {
  auto io = std::make_unique<asio::io_context>();
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, port);
  } else {
    tcp::resolver resolver(*io);
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec || results.empty()) {
      error = "cannot resolve '" + host + "': " + ec.message();
      return nullptr;
    }
    endpoint = results.begin()->endpoint();
  }
  tcp::acceptor acceptor(*io);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec)
    acceptor.bind(endpoint, ec);
  if (!ec)
    acceptor.listen(1, ec);
  if (ec) {
    error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
    return nullptr;
  }
  auto local = acceptor.local_endpoint(ec);
  // Always printed (whatever --log says): a client that asked for port 0 needs the real one.
  log::write(log::Level::Info,
             "listening on " + local.address().to_string() + ":" + std::to_string(local.port()));
  tcp::socket socket(*io);
  acceptor.accept(socket, ec);
  if (ec) {
    error = "accept failed: " + ec.message();
    return nullptr;
  }
  acceptor.close(ec); // one client per server
  auto peer = socket.remote_endpoint(ec);
  if (!ec)
    log::info("client connected from ", peer.address().to_string(), ":", peer.port());
  return std::make_unique<TcpCarrier>(std::move(options), std::move(io), std::move(socket));
}

} // namespace accord
