# Framing through the real binary: tolerant headers, resync after bad ones, oversized messages,
# and end of input in the middle of a message (exit code 1).
import json

import lsp
from lsp import Server, expect_error, frame

INIT = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": None, "capabilities": {}}})


def request(id, method, params=None):
    msg = {"jsonrpc": "2.0", "id": id, "method": method}
    if params is not None:
        msg["params"] = params
    return json.dumps(msg)


def test_tolerant_headers(binary):
    s = Server(binary)
    body = INIT.encode()
    s.send_raw(b"content-type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: %d\r\n\r\n" % len(body) + body)
    assert "result" in s.next_response()
    body = request(2, "accord/test/sleep", {"ms": 0}).encode()
    s.send_raw(b"CONTENT-LENGTH:%d\r\nContent-Type: application/json\r\n\r\n" % len(body) + body)
    assert s.next_response()["result"] == "done"
    assert s.shutdown_and_exit() == 0


def test_one_byte_at_a_time_and_two_in_one_write(binary):
    s = Server(binary)
    for b in frame(INIT):
        s.send_raw(bytes([b]), note="")
    assert "result" in s.next_response()
    s.send_raw(frame(request(2, "accord/test/sleep", {"ms": 0})) + frame(request(3, "accord/test/sleep", {"ms": 0})))
    assert s.next_response()["id"] == 2
    assert s.next_response()["id"] == 3
    assert s.shutdown_and_exit() == 0


def test_lengths_count_bytes(binary):
    s = Server(binary)
    s.initialize()
    text = "한국 😂 ¥ ↓ " * 100
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///u.md", "languageId": "markdown",
                                                       "version": 1, "text": text}})
    assert s.result("accord/test/document", {"uri": "file:///u.md"})["text"] == text
    assert s.shutdown_and_exit() == 0


def test_bad_header_then_resync(binary):
    s = Server(binary)
    s.send_raw(b"Content-Length: abc\r\n\r\n{\"jsonrpc\":\"2.0\"}" + frame(INIT))
    r = s.next_response()
    expect_error(r, -32700, "not a number")
    assert r["id"] is None
    assert "result" in s.next_response()
    s.send_raw(b"this is not a header\r\n\r\n" + frame(request(2, "accord/test/sleep", {"ms": 0})))
    expect_error(s.next_response(), -32700, "bad header")
    assert s.next_response()["result"] == "done"
    s.send_raw(b"Content-Type: application/json\r\n\r\n{}" + frame(request(3, "accord/test/sleep", {"ms": 0})))
    expect_error(s.next_response(), -32700, "Content-Length")
    assert s.next_response()["result"] == "done"
    assert s.shutdown_and_exit() == 0


def test_oversized_message_is_refused_and_skipped(binary):
    s = Server(binary, "--max-message-size", "1000")
    s.initialize()
    big = request(2, "accord/test/sleep", {"ms": 0, "padding": "x" * 5000})
    s.send_raw(frame(big) + frame(request(3, "accord/test/sleep", {"ms": 0})), note="<5 kB message>")
    r = s.next_response()
    expect_error(r, -32700, "exceeds")
    assert r["id"] is None
    r = s.next_response()
    assert r["id"] == 3 and r["result"] == "done", r
    assert s.shutdown_and_exit() == 0


def test_2_gib_length_is_not_allocated(binary):
    s = Server(binary)
    s.initialize()
    s.send_raw(b"Content-Length: 2147483648\r\n\r\n" + b"x" * (1 << 20), note="<2 GiB header, 1 MiB body>")
    expect_error(s.next_response(), -32700, "exceeds")
    s.close_input()  # ends inside the skipped message
    assert s.wait() == 1


def test_end_of_input_inside_a_body_is_code_1(binary):
    s = Server(binary)
    s.initialize()
    assert s.call("shutdown")["result"] is None
    s.send_raw(frame(json.dumps({"jsonrpc": "2.0", "method": "exit"}))[:-4])
    s.close_input()
    assert s.wait() == 1


def test_end_of_input_inside_headers_is_code_1(binary):
    s = Server(binary)
    s.initialize()
    assert s.call("shutdown")["result"] is None
    s.send_raw(b"Content-Length: 4")
    s.close_input()
    assert s.wait() == 1


if __name__ == "__main__":
    lsp.main([test_tolerant_headers, test_one_byte_at_a_time_and_two_in_one_write, test_lengths_count_bytes,
              test_bad_header_then_resync, test_oversized_message_is_refused_and_skipped,
              test_2_gib_length_is_not_allocated, test_end_of_input_inside_a_body_is_code_1,
              test_end_of_input_inside_headers_is_code_1])
