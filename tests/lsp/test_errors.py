# Every error code of the protocol layer, through the real binary, with exact ids.
import json

import lsp
from lsp import Server, expect_error, frame


def started(binary):
    s = Server(binary)
    s.initialize()
    return s


def test_parse_error_is_32700_with_id_null(binary):
    s = started(binary)
    s.send_raw(frame('{"jsonrpc": "2.0", "id": 5, "method": '))
    r = s.next_response()
    expect_error(r, -32700)
    assert r["id"] is None, r
    s.send_raw(frame(b'\xff\xfe not utf-8'))
    expect_error(s.next_response(), -32700)
    assert s.shutdown_and_exit() == 0


def test_batches_and_non_objects_are_32600_with_id_null(binary):
    s = started(binary)
    for body in ['[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]', "[]", "42", '"hello"', "null", "true"]:
        s.send_raw(frame(body))
        r = s.next_response()
        expect_error(r, -32600)
        assert r["id"] is None, r
    s.send({"jsonrpc": "2.0", "id": 9})  # neither request nor notification nor response
    r = s.next_response()
    expect_error(r, -32600)
    s.send({"id": 10, "method": "shutdown"})  # no "jsonrpc": "2.0"
    r = s.next_response()
    expect_error(r, -32600)
    assert r["id"] == 10
    assert s.shutdown_and_exit() == 0


def test_unknown_request_is_32601_and_unknown_notifications_are_ignored(binary):
    s = started(binary)
    expect_error(s.call("textDocument/noSuchThing", {}), -32601)
    expect_error(s.call("$/noSuchThing", {}), -32601)
    s.notify("$/setTrace", {"value": "verbose"})
    s.notify("$/noSuchThing", {})
    s.notify("custom/notification", {"x": 1})
    s.expect_silence()
    assert s.shutdown_and_exit() == 0


def test_params_that_do_not_fit_are_32602_naming_the_field(binary):
    s = Server(binary)
    expect_error(s.call("initialize", {"processId": "me", "capabilities": {}}), -32602, "processId")
    expect_error(s.call("initialize", {"processId": None, "capabilities": 5}), -32602, "capabilities")
    expect_error(s.call("initialize", 7), -32602)
    s.initialize()  # still possible after the failed attempts
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///a.md", "languageId": "markdown",
                                                       "version": 1, "text": "x"}})
    expect_error(s.call("accord/test/document", {"uri": 42}), -32602, "uri")
    expect_error(s.call("accord/test/sleep", {}), -32602, "ms")
    # A notification with bad params is not answered (and changes nothing).
    s.notify("textDocument/didChange", {"textDocument": {"uri": "file:///a.md", "version": "two"},
                                        "contentChanges": [{"text": "y"}]})
    s.expect_silence()
    assert s.result("accord/test/document", {"uri": "file:///a.md"})["text"] == "x"
    assert s.shutdown_and_exit() == 0


def test_handler_failure_is_32603_and_the_server_keeps_serving(binary):
    s = started(binary)
    expect_error(s.call("accord/test/fail", {}), -32603, "on purpose")
    assert s.result("accord/test/sleep", {"ms": 1}) == "done"
    assert s.shutdown_and_exit() == 0


def test_before_initialize_32002_and_after_shutdown_32600(binary):
    s = Server(binary)
    expect_error(s.call("accord/test/sleep", {"ms": 1}), -32002)
    s.initialize()
    s.call("shutdown")
    expect_error(s.call("accord/test/sleep", {"ms": 1}), -32600)
    s.notify("exit")
    assert s.wait() == 0


def test_ids_are_echoed_exactly(binary):
    s = started(binary)
    for id in [0, 7, -1, 2147483648, 9007199254740993, 9223372036854775807, 18446744073709551615,
               "abc", "", "7", "한국😂"]:
        s.send({"jsonrpc": "2.0", "id": id, "method": "accord/test/sleep", "params": {"ms": 0}})
        r = s.next_response()
        assert r["id"] == id and type(r["id"]) == type(id), "sent id %r, got %s" % (id, json.dumps(r))
        assert r["result"] == "done"
        assert "error" not in r
    # Exactly, as text too: the large integer is not rounded through a double.
    s.send_raw(frame('{"jsonrpc":"2.0","id":9007199254740993,"method":"no/such"}'))
    expect_error(s.next_response(), -32601)
    assert any(d == "<--" and '"id":9007199254740993' in t for d, t in s.transcript), "id not exact"
    assert s.shutdown_and_exit() == 0


def test_responses_to_unknown_requests_are_ignored(binary):
    s = started(binary)
    s.send({"jsonrpc": "2.0", "id": 4242, "result": {"applied": True}})
    s.send({"jsonrpc": "2.0", "id": "nope", "error": {"code": -1, "message": "x"}})
    s.expect_silence()
    assert s.shutdown_and_exit() == 0


if __name__ == "__main__":
    lsp.main([test_parse_error_is_32700_with_id_null, test_batches_and_non_objects_are_32600_with_id_null,
              test_unknown_request_is_32601_and_unknown_notifications_are_ignored,
              test_params_that_do_not_fit_are_32602_naming_the_field,
              test_handler_failure_is_32603_and_the_server_keeps_serving,
              test_before_initialize_32002_and_after_shutdown_32600, test_ids_are_echoed_exactly,
              test_responses_to_unknown_requests_are_ignored])
