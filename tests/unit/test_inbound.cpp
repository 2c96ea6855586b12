// The inbound queue: backpressure on the reader, edits coalesced, order kept.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "server/inbound.h"

using namespace accord;
using json = nlohmann::json;

namespace {

rpc::Incoming note(json message) {
  rpc::Incoming in;
  in.kind = rpc::Incoming::Kind::Notification;
  in.message = std::move(message);
  return in;
}

rpc::Incoming change(const std::string& uri, int version, const std::string& text) {
  return note({{"jsonrpc", "2.0"},
               {"method", "textDocument/didChange"},
               {"params",
                {{"textDocument", {{"uri", uri}, {"version", version}}},
                 {"contentChanges", json::array({{{"range",
                                                   {{"start", {{"line", 0}, {"character", 0}}},
                                                    {"end", {{"line", 0}, {"character", 0}}}}},
                                                  {"text", text}}})}}}});
}

struct Harness {
  std::vector<std::function<void()>> posted;
  std::vector<json> handled;
  InboundQueue queue{[this](std::function<void()> f) { posted.push_back(std::move(f)); },
                     [this](rpc::Incoming in) { handled.push_back(in.message); }, 4, 1000};
  void runAll() {
    while (!posted.empty()) {
      auto f = std::move(posted.front());
      posted.erase(posted.begin());
      f();
    }
  }
};

} // namespace

TEST_CASE("inbound: consecutive edits of one document are merged, in order") {
  Harness h;
  REQUIRE(h.queue.push(change("file:///a.md", 2, "x"), 10));
  REQUIRE(h.queue.push(change("file:///a.md", 3, "y"), 10));
  REQUIRE(h.queue.push(change("file:///b.md", 7, "z"), 10)); // another document: not merged
  REQUIRE(h.queue.push(note({{"method", "initialized"}}), 10));
  REQUIRE(h.queue.push(change("file:///b.md", 8, "w"), 10)); // not behind its own kind
  CHECK(h.queue.coalesced() == 1);
  h.runAll();
  REQUIRE(h.handled.size() == 4);
  const json& a = h.handled[0]["params"];
  CHECK(a["textDocument"]["version"] == 3);
  REQUIRE(a["contentChanges"].size() == 2);
  CHECK(a["contentChanges"][0]["text"] == "x");
  CHECK(a["contentChanges"][1]["text"] == "y");
  CHECK(h.handled[1]["params"]["textDocument"]["version"] == 7);
  CHECK(h.handled[3]["params"]["textDocument"]["version"] == 8);
}

TEST_CASE("inbound: the reader waits while the queue is full, and close() releases it") {
  Harness h;
  for (int i = 0; i < 4; ++i)
    REQUIRE(h.queue.push(note({{"method", "m"}, {"n", i}}), 10));
  std::atomic<bool> pushed{false};
  std::thread reader([&] {
    h.queue.push(note({{"method", "m"}, {"n", 4}}), 10);
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(pushed); // the fifth waits for room
  // the server thread takes one: room for the fifth
  auto f = std::move(h.posted.front());
  h.posted.erase(h.posted.begin());
  f();
  reader.join();
  CHECK(pushed);
  CHECK(h.queue.size() == 4);

  // full again: a waiting reader is let go when the session ends
  std::atomic<bool> refused{false};
  std::thread late([&] { refused = !h.queue.push(note({{"method", "m"}}), 10); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  h.queue.close();
  late.join();
  CHECK(refused);
}

TEST_CASE("inbound: a message larger than the byte budget still gets in alone") {
  Harness h;
  REQUIRE(h.queue.push(note({{"method", "big"}}), 5000));
  h.runAll();
  CHECK(h.handled.size() == 1);
}
