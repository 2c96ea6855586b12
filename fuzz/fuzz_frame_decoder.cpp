// libFuzzer target: the LSP frame decoder on arbitrary byte streams, split every which way.
//
// Properties checked (each failure aborts, so libFuzzer keeps the input):
//  - the frames found do not depend on how the stream is split (whole, one byte at a time,
//    and pseudo-random chunks give the same sequence, errors included);
//  - no body is longer than the limit, and the decoder never hangs (libFuzzer's -timeout);
//  - every body, framed again by encodeFrame, decodes back to itself.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "server/transport.h"

using accord::Frame;
using accord::FrameDecoder;

namespace {

struct Outcome {
  std::vector<Frame> frames;
  bool midMessage = false;
};

void drain(FrameDecoder& d, Outcome& out) {
  while (auto f = d.next())
    out.frames.push_back(std::move(*f));
}

/// Feeds `stream` in chunks whose sizes come from `sizes` (cycled); 0 means "all at once".
Outcome decode(std::string_view stream, uint64_t limit, const std::vector<size_t>& sizes) {
  FrameDecoder d(limit);
  Outcome out;
  size_t i = 0, k = 0;
  while (i < stream.size()) {
    size_t n = sizes.empty() ? stream.size() : sizes[k++ % sizes.size()];
    if (n > stream.size() - i)
      n = stream.size() - i;
    d.feed(stream.substr(i, n));
    i += n;
    drain(d, out);
  }
  drain(d, out);
  out.midMessage = d.midMessage();
  return out;
}

[[noreturn]] void fail(const char* what, size_t index) {
  std::fprintf(stderr, "fuzz_frame_decoder: %s (frame %zu)\n", what, index);
  std::abort();
}

void expectSame(const Outcome& a, const Outcome& b, const char* how) {
  if (a.frames.size() != b.frames.size()) {
    std::fprintf(stderr, "fuzz_frame_decoder: %zu frames whole, %zu %s\n", a.frames.size(),
                 b.frames.size(), how);
    std::abort();
  }
  for (size_t i = 0; i < a.frames.size(); ++i) {
    const Frame& x = a.frames[i];
    const Frame& y = b.frames[i];
    if (x.kind != y.kind)
      fail("frame kind depends on the split", i);
    if (x.body != y.body)
      fail("frame body depends on the split", i);
    if (x.error != y.error)
      fail("frame error depends on the split", i);
  }
  if (a.midMessage != b.midMessage)
    fail("midMessage depends on the split", a.frames.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2)
    return 0;
  // The first byte picks the size limit, so that TooLarge and the skipping after it are
  // reachable with small inputs; the second seeds the chunk sizes.
  uint64_t limit = data[0] < 16 ? accord::kDefaultMaxMessageSize : 1 + data[0] * 8u;
  uint32_t seed = data[1];
  std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  Outcome whole = decode(stream, limit, {});
  Outcome bytes = decode(stream, limit, {1});
  std::vector<size_t> sizes;
  for (int i = 0; i < 16; ++i) {
    seed = seed * 1103515245u + 12345u;
    sizes.push_back(1 + (seed >> 16) % 97);
  }
  Outcome chunks = decode(stream, limit, sizes);
  expectSame(whole, bytes, "one byte at a time");
  expectSame(whole, chunks, "in chunks");

  for (size_t i = 0; i < whole.frames.size(); ++i) {
    const Frame& f = whole.frames[i];
    if (f.kind == Frame::Kind::Body) {
      if (f.body.size() > limit)
        fail("a body over the limit was delivered", i);
      if (!f.error.empty())
        fail("a body frame carries an error", i);
      // Strict writing: what encodeFrame writes decodes back to exactly the body.
      FrameDecoder again(limit);
      again.feed(accord::encodeFrame(f.body));
      auto back = again.next();
      if (!back || back->kind != Frame::Kind::Body || back->body != f.body || again.next() ||
          again.midMessage())
        fail("encodeFrame output does not decode back to its body", i);
    } else if (f.error.empty()) {
      fail("an error frame without a message", i);
    }
  }
  return 0;
}
