// The frame decoder, fed byte by byte, at random split points, and with every bad case we know.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "server/transport.h"

using accord::Frame;
using accord::FrameDecoder;

namespace {

std::string frame(const std::string& body) {
  return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// Feeds `stream` in pieces of the given sizes (the rest at the end) and collects everything.
std::vector<Frame> decode(FrameDecoder& d, const std::string& stream,
                          const std::vector<size_t>& cuts = {}) {
  std::vector<Frame> out;
  size_t pos = 0;
  auto drain = [&] {
    while (auto f = d.next())
      out.push_back(std::move(*f));
  };
  for (size_t cut : cuts) {
    size_t n = std::min(cut, stream.size() - pos);
    d.feed(std::string_view(stream).substr(pos, n));
    pos += n;
    drain();
  }
  d.feed(std::string_view(stream).substr(pos));
  drain();
  return out;
}

std::vector<Frame> decode(const std::string& stream,
                          uint64_t limit = accord::kDefaultMaxMessageSize) {
  FrameDecoder d(limit);
  return decode(d, stream);
}

std::vector<std::string> bodies(const std::vector<Frame>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames)
    if (f.kind == Frame::Kind::Body)
      out.push_back(f.body);
  return out;
}

const std::string kA = R"({"jsonrpc":"2.0","id":1,"method":"a"})";
const std::string kB = R"({"jsonrpc":"2.0","method":"b","params":{"t":"한국 😂 ¥ ↓"}})";

} // namespace

TEST_CASE("a complete message decodes to its body") {
  auto frames = decode(frame(kA));
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].kind == Frame::Kind::Body);
  CHECK(frames[0].body == kA);
}

TEST_CASE("a message fed one byte at a time") {
  std::string stream = frame(kA) + frame(kB);
  FrameDecoder d;
  std::vector<Frame> frames;
  for (char c : stream) {
    CHECK(d.next() == std::nullopt);
    d.feed(std::string_view(&c, 1));
    while (auto f = d.next())
      frames.push_back(std::move(*f));
  }
  CHECK(bodies(frames) == std::vector<std::string>{kA, kB});
  CHECK_FALSE(d.midMessage());
}

TEST_CASE("messages split at random points") {
  std::string stream;
  std::vector<std::string> expected;
  for (int i = 0; i < 30; ++i) {
    std::string body = R"({"jsonrpc":"2.0","id":)" + std::to_string(i) +
                       R"(,"method":"m","params":")" +
                       std::string(static_cast<size_t>(i * 7), 'x') + "😂\"}";
    expected.push_back(body);
    stream += (i % 3 == 0 ? "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" : "") +
              frame(body);
  }
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    std::vector<size_t> cuts;
    for (size_t total = 0; total < stream.size();) {
      size_t n = std::uniform_int_distribution<size_t>(0, 40)(rng);
      cuts.push_back(n);
      total += n;
    }
    FrameDecoder d;
    auto frames = decode(d, stream, cuts);
    INFO("round " << round);
    REQUIRE(bodies(frames) == expected);
    CHECK(frames.size() == expected.size());
    CHECK_FALSE(d.midMessage());
  }
}

TEST_CASE("two messages in one chunk") {
  CHECK(bodies(decode(frame(kA) + frame(kB))) == std::vector<std::string>{kA, kB});
}

TEST_CASE("header names in any case, Content-Type before or after, bare newlines") {
  std::string b = std::to_string(kA.size());
  CHECK(bodies(decode("content-length: " + b + "\r\n\r\n" + kA)) == std::vector<std::string>{kA});
  CHECK(bodies(decode("CONTENT-LENGTH:" + b + "\r\n\r\n" + kA)) == std::vector<std::string>{kA});
  CHECK(
      bodies(decode("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: " +
                    b + "\r\n\r\n" + kA)) == std::vector<std::string>{kA});
  CHECK(bodies(decode("Content-Length: " + b + "\r\nContent-Type: application/json\r\n\r\n" +
                      kA)) == std::vector<std::string>{kA});
  CHECK(bodies(decode("Content-Length: " + b + "\n\n" + kA)) == std::vector<std::string>{kA});
  CHECK(bodies(decode("Content-Length:   " + b + "  \r\n\r\n" + kA)) ==
        std::vector<std::string>{kA});
}

TEST_CASE("blank lines between messages are tolerated") {
  auto frames = decode(frame(kA) + "\r\n\r\n" + frame(kB));
  CHECK(frames.size() == 2);
  CHECK(bodies(frames) == std::vector<std::string>{kA, kB});
}

TEST_CASE("a zero length body is a body") {
  auto frames = decode("Content-Length: 0\r\n\r\n" + frame(kA));
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].kind == Frame::Kind::Body);
  CHECK(frames[0].body.empty());
  CHECK(frames[1].body == kA);
}

TEST_CASE("a non-numeric length is reported and the next message still arrives") {
  for (std::string bad : {"abc", "-5", "12x", "", "0x10", "+3"}) {
    INFO("Content-Length: '" << bad << "'");
    auto frames = decode("Content-Length: " + bad + "\r\n\r\n" + kA + frame(kB));
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].kind == Frame::Kind::BadHeader);
    CHECK(frames[0].error.find("not a number") != std::string::npos);
    CHECK(frames[1].kind == Frame::Kind::Body);
    CHECK(frames[1].body == kB);
  }
}

TEST_CASE("a header line without a colon is reported and the decoder resyncs") {
  auto frames = decode("garbage line\r\nmore garbage {\"x\":1}" + frame(kA));
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].kind == Frame::Kind::BadHeader);
  CHECK(frames[0].error.find("bad header line") != std::string::npos);
  CHECK(frames[1].body == kA);
}

TEST_CASE("resync finds a Content-Length split across chunks") {
  std::string stream = "bogus\r\n" + frame(kA);
  for (size_t cut = 7; cut < 7 + 16; ++cut) {
    FrameDecoder d;
    auto frames = decode(d, stream, {cut});
    INFO("cut at " << cut);
    REQUIRE(frames.size() == 2);
    CHECK(frames[1].body == kA);
  }
}

TEST_CASE("headers without Content-Length are reported") {
  auto frames = decode("Content-Type: application/json\r\n\r\n" + kA + frame(kB));
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].kind == Frame::Kind::BadHeader);
  CHECK(frames[0].error.find("without Content-Length") != std::string::npos);
  CHECK(frames[1].body == kB);
}

TEST_CASE("an endless header line is cut off") {
  FrameDecoder d;
  std::string junk(20000, 'x');
  d.feed(junk);
  auto f = d.next();
  REQUIRE(f);
  CHECK(f->kind == Frame::Kind::BadHeader);
  CHECK(d.buffered() < 100);
  d.feed(frame(kA));
  auto g = d.next();
  REQUIRE(g);
  CHECK(g->body == kA);
}

TEST_CASE("a length over the limit is refused and its bytes skipped") {
  std::string big(100, 'z');
  auto frames = decode(frame(big) + frame(kA), 50);
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].kind == Frame::Kind::TooLarge);
  CHECK(frames[0].error.find("100 bytes") != std::string::npos);
  CHECK(frames[1].kind == Frame::Kind::Body);
  CHECK(frames[1].body == kA);
}

TEST_CASE("a 2 GiB length is not allocated") {
  FrameDecoder d; // default 64 MiB limit
  d.feed("Content-Length: 2147483648\r\n\r\n");
  auto f = d.next();
  REQUIRE(f);
  CHECK(f->kind == Frame::Kind::TooLarge);
  std::string chunk(1 << 20, 'a');
  for (int i = 0; i < 8; ++i) {
    d.feed(chunk);
    CHECK(d.next() == std::nullopt);
    CHECK(d.buffered() == 0); // skipped, not kept
  }
  CHECK(d.midMessage());
}

TEST_CASE("a length beyond 64 bits saturates and is refused") {
  FrameDecoder d;
  d.feed("Content-Length: 99999999999999999999999999\r\n\r\n");
  auto f = d.next();
  REQUIRE(f);
  CHECK(f->kind == Frame::Kind::TooLarge);
}

TEST_CASE("end of input in the middle of a message is detected") {
  SECTION("inside the body") {
    FrameDecoder d;
    d.feed(frame(kA).substr(0, frame(kA).size() - 3));
    CHECK(d.next() == std::nullopt);
    CHECK(d.midMessage());
  }
  SECTION("inside the headers") {
    FrameDecoder d;
    d.feed("Content-Len");
    CHECK(d.next() == std::nullopt);
    CHECK(d.midMessage());
  }
  SECTION("after a header line, before the blank line") {
    FrameDecoder d;
    d.feed("Content-Length: 10\r\n");
    CHECK(d.next() == std::nullopt);
    CHECK(d.midMessage());
  }
  SECTION("between messages") {
    FrameDecoder d;
    d.feed(frame(kA) + "\r\n");
    CHECK(d.next());
    CHECK(d.next() == std::nullopt);
    CHECK_FALSE(d.midMessage());
  }
  SECTION("nothing at all") {
    FrameDecoder d;
    CHECK_FALSE(d.midMessage());
  }
}

TEST_CASE("the frame writer counts bytes, not characters") {
  std::string body = R"({"t":"😂"})";
  std::string framed = accord::encodeFrame(body);
  CHECK(framed == "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  CHECK(body.size() == 12);
  CHECK(bodies(decode(framed)) == std::vector<std::string>{body});
}

TEST_CASE("listen addresses default to loopback") {
  std::string host, error;
  uint16_t port = 0;
  CHECK(accord::parseListenAddress("4389", host, port, error));
  CHECK(host == "127.0.0.1");
  CHECK(port == 4389);
  CHECK(accord::parseListenAddress(":0", host, port, error));
  CHECK(host == "127.0.0.1");
  CHECK(port == 0);
  CHECK(accord::parseListenAddress("0.0.0.0:80", host, port, error));
  CHECK(host == "0.0.0.0");
  CHECK(accord::parseListenAddress("[::1]:7000", host, port, error));
  CHECK(host == "::1");
  CHECK(port == 7000);
  CHECK_FALSE(accord::parseListenAddress("127.0.0.1:99999", host, port, error));
  CHECK_FALSE(accord::parseListenAddress("127.0.0.1:http", host, port, error));
  CHECK_FALSE(accord::parseListenAddress("", host, port, error));
}
