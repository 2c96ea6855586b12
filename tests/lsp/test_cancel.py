# $/cancelRequest through the real binary: running work sees it at once, queued work never runs,
# every request is answered exactly once.
import time

import lsp
from lsp import Server, expect_error


def started(binary):
    s = Server(binary)
    s.initialize()
    return s


def test_running_request_is_cancelled_promptly(binary):
    s = started(binary)
    started_at = time.time()
    id = s.request("accord/test/sleep", {"ms": 20000})
    time.sleep(0.2)  # let it start
    s.notify("$/cancelRequest", {"id": id})
    r = s.response(id, timeout=10)
    expect_error(r, -32800)
    # The reader thread marked the token while the server thread was busy: no 20 s wait.
    assert time.time() - started_at < 10, "the cancellation was not seen while the work ran"
    assert s.shutdown_and_exit() == 0


def test_queued_request_is_cancelled_without_running(binary):
    s = started(binary)
    busy = s.request("accord/test/sleep", {"ms": 1500})
    queued = s.request("accord/test/sleep", {"ms": 20000}, id="queued")
    s.notify("$/cancelRequest", {"id": "queued"})
    t0 = time.time()
    assert s.response(busy)["result"] == "done"
    expect_error(s.response("queued"), -32800)
    assert time.time() - t0 < 10, "the queued request ran instead of being cancelled"
    assert s.shutdown_and_exit() == 0


def test_every_request_is_answered_exactly_once(binary):
    s = started(binary)
    ids = []
    for i in range(20):
        # The cancelled ones would run long, so a cancellation that is missed shows.
        ids.append(s.request("accord/test/sleep", {"ms": 5000 if i % 3 == 0 else 30}))
        if i % 3 == 0:
            s.notify("$/cancelRequest", {"id": ids[-1]})
    s.notify("$/cancelRequest", {"id": 999999})  # unknown: ignored
    s.notify("$/cancelRequest", {"id": ids[1]})
    end = s.request("shutdown")
    answers = {}
    while True:
        msg = s.read_message()
        if "method" in msg:
            continue
        answers.setdefault(msg["id"], []).append(msg)
        if msg["id"] == end:
            break
    s.expect_silence(0.5)
    for id in ids:
        assert len(answers.get(id, [])) == 1, "request %s answered %d times" % (id, len(answers.get(id, [])))
        r = answers[id][0]
        assert ("result" in r) != ("error" in r), r
        if "error" in r:
            assert r["error"]["code"] == -32800, r
        else:
            assert r["result"] == "done", r
    for i in range(0, 20, 3):  # cancelled before they ran, or while: never "done"
        r = answers[ids[i]][0]
        assert "error" in r, "request %s was cancelled but answered %s" % (ids[i], r)
    s.notify("exit")
    assert s.wait() == 0


def test_cancelling_an_answered_request_does_nothing(binary):
    s = started(binary)
    assert s.result("accord/test/sleep", {"ms": 0}) == "done"
    s.notify("$/cancelRequest", {"id": 1})
    s.notify("$/cancelRequest", {"id": 2})
    s.notify("$/cancelRequest", {})
    s.expect_silence()
    assert s.shutdown_and_exit() == 0


if __name__ == "__main__":
    lsp.main([test_running_request_is_cancelled_promptly, test_queued_request_is_cancelled_without_running,
              test_every_request_is_answered_exactly_once, test_cancelling_an_answered_request_does_nothing])
