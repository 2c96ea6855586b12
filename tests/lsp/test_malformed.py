# Malformed input through the real binary: every error case of the protocol layer in one session,
# invalid UTF-8, huge drafts, deep nesting, wrong types in every params field of every advertised
# method, unknown URIs, far positions, closed documents, disconnects. Each gets the right error or
# is ignored, and the server keeps serving (checked with a follow-up request after each).
import copy
import json
import os
import socket
import subprocess
import time

import lsp
from lsp import Server, error_code, expect_error, frame

HEAVY_TIMEOUT = float(os.environ.get("ACCORD_HEAVY_TIMEOUT", "180"))
URI = "file:///accord-malformed/draft.md"
DRAFT = ("# Brief\n\nThe General Security of Military Information Agreement (GSOMIA) is back.\n"
         "GSOMIA는 ties 😂 the ROK and Japan; the PSI too.\n\n## Next\nGSOMIA again.\n")


def started(binary, *args, capabilities=None, **kw):
    s = Server(binary, *args, **kw)
    s.initialize(capabilities or {})
    return s


def open_doc(s, uri=URI, text=DRAFT, version=1, language="markdown"):
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                       "version": version, "text": text}})


def text_of(s, uri=URI):
    return s.result("accord/test/document", {"uri": uri})["text"]


def alive(s, uri=None):
    """A follow-up request that must be answered normally."""
    if uri:
        r = s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
        assert "result" in r, "follow-up hover failed: %s" % json.dumps(r)
    assert s.result("accord/test/sleep", {"ms": 0}) == "done"


def check_clean_exit(s, code=0, shutdown=True):
    got = s.shutdown_and_exit() if shutdown and code == 0 else s.wait()
    assert got == code, "exit code %s, wanted %s" % (got, code)
    err = s.stderr_text()
    for bad in ("AddressSanitizer", "LeakSanitizer", "runtime error:", "Segmentation fault"):
        assert bad not in err, "the server's stderr reports %r" % bad


# --- the protocol layer's error cases, one session -------------------------------------------------

def test_every_core_error_case_in_one_session(binary):
    s = Server(binary, "--max-message-size", "4096")
    # Before initialize: requests -32002, notifications dropped.
    expect_error(s.call("accord/test/sleep", {"ms": 0}), -32002)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": "x"}})
    s.initialize()
    expect_error(s.call("accord/test/document", {"uri": URI}), -32602, "not open")
    open_doc(s)
    alive(s, URI)

    cases = [
        ("bad header line", b"this is not a header\r\n\r\n", -32700),
        ("non-numeric Content-Length", b"Content-Length: twelve\r\n\r\n{}", -32700),
        ("negative Content-Length", b"Content-Length: -5\r\n\r\n", -32700),
        ("headers without Content-Length", b"Content-Type: application/json\r\n\r\n", -32700),
        ("oversized message", frame('{"jsonrpc":"2.0","method":"x","params":"%s"}' % ("a" * 5000)), -32700),
        ("not JSON", frame('{"jsonrpc": "2.0", "id": 3, "method": '), -32700),
        ("a batch", frame('[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]'), -32600),
        ("an empty batch", frame("[]"), -32600),
        ("a number", frame("42"), -32600),
        ("a string", frame('"hello"'), -32600),
        ("null", frame("null"), -32600),
    ]
    for name, data, code in cases:
        s.send_raw(data, name)
        r = s.next_response()
        assert r["id"] is None, "%s: %s" % (name, json.dumps(r))
        assert error_code(r) == code, "%s: %s" % (name, json.dumps(r))
        if name == "oversized message":
            assert "4096" in r["error"]["message"] and "--max-message-size" in r["error"]["message"], r
        alive(s, URI)

    # Tolerated framing: Content-Type before or after, lower-case names, \n line ends.
    for head in [b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n",
                 b"content-length: %d\r\ncontent-type: x\r\n\r\n", b"CONTENT-LENGTH: %d\n\n"]:
        body = b'{"jsonrpc":"2.0","id":"tolerant","method":"accord/test/sleep","params":{"ms":0}}'
        s.send_raw(head % len(body) + body)
        assert s.response("tolerant")["result"] == "done"

    # JSON-RPC errors that keep the id.
    expect_error(s.call("no/such/method", {}), -32601)
    expect_error(s.call("$/no/such", {}), -32601)
    s.notify("$/setTrace", {"value": "off"})
    s.notify("no/such/notification", {"x": 1})
    s.expect_silence()
    expect_error(s.call("textDocument/hover", {"textDocument": {"uri": 5}, "position": {"line": 0, "character": 0}}),
                 -32602, "textDocument.uri")
    expect_error(s.call("textDocument/hover", {"textDocument": {"uri": URI}}), -32602, "position")
    expect_error(s.call("accord/test/fail", {}), -32603)
    s.send({"jsonrpc": "2.0", "id": 77})
    r = s.next_response()
    expect_error(r, -32600)
    s.send({"id": 78, "method": "accord/test/sleep", "params": {"ms": 0}})
    expect_error(s.next_response(), -32600)
    s.send({"jsonrpc": "2.0", "id": {"an": "object"}, "method": "accord/test/sleep"})
    r = s.next_response()
    expect_error(r, -32600)
    assert r["id"] is None
    s.send({"jsonrpc": "2.0", "id": 79, "method": "accord/test/sleep", "params": 5})
    expect_error(s.next_response(), -32602)
    expect_error(s.call("initialize", {"processId": None, "capabilities": {}}), -32600)
    # Ids echoed exactly.
    for id in [0, -1, 9007199254740993, "", "한국😂"]:
        r = s.call("accord/test/sleep", {"ms": 0}, id=id)
        assert r["id"] == id and type(r["id"]) == type(id) and r["result"] == "done", r
    # Responses the server did not ask for are ignored.
    s.send({"jsonrpc": "2.0", "id": 4242, "result": {"applied": True}})
    s.send({"jsonrpc": "2.0", "id": "nope", "error": {"code": -1, "message": "x"}})
    s.expect_silence()
    # Cancellation: a running request answers -32800; cancelling the unknown is ignored.
    slow = s.request("accord/test/sleep", {"ms": 20000})
    s.notify("$/cancelRequest", {"id": slow})
    expect_error(s.response(slow), -32800)
    s.notify("$/cancelRequest", {"id": 123456})
    s.notify("$/cancelRequest", {"id": [1, 2]})
    s.notify("$/cancelRequest", "nonsense")
    alive(s, URI)
    assert text_of(s) == DRAFT, "the document changed under the error cases"
    # After shutdown: -32600, then exit 0.
    assert s.call("shutdown").get("result", "missing") is None
    expect_error(s.call("accord/test/sleep", {"ms": 0}), -32600)
    expect_error(s.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}), -32600)
    s.notify("exit")
    check_clean_exit(s, code=0, shutdown=False)


def test_2_gib_length_then_end_of_input(binary):
    s = started(binary)
    s.send_raw(b"Content-Length: 2147483648\r\n\r\n{}")
    r = s.next_response()
    expect_error(r, -32700, "exceeds")
    assert r["id"] is None
    s.close_input()  # the server is still skipping the announced body: it ended mid-message
    assert s.wait() == 1


# --- invalid UTF-8 and deep nesting --------------------------------------------------------------

def test_invalid_utf8_in_bodies_and_document_text(binary):
    s = started(binary)
    open_doc(s)
    # Raw invalid bytes in a request body.
    s.send_raw(frame(b'{"jsonrpc":"2.0","id":1,"method":"accord/test/sleep","params":{"ms":0,"x":"\xff\xfe"}}'))
    r = s.next_response()
    expect_error(r, -32700)
    assert r["id"] is None
    # Invalid bytes inside the text of didOpen and didChange: the notification is refused as a
    # whole (never half applied), the document stays as it was.
    bad_open = (b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///bad.md",'
                b'"languageId":"markdown","version":1,"text":"GSOMIA \xc3\x28 \xed\xa0\x80 \xf0\x9f\x98"}}}')
    s.send_raw(frame(bad_open))
    expect_error(s.next_response(), -32700)
    expect_error(s.call("accord/test/document", {"uri": "file:///bad.md"}), -32602, "not open")
    bad_change = (b'{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"' + URI.encode() +
                  b'","version":2},"contentChanges":[{"text":"\x80\x80"}]}}')
    s.send_raw(frame(bad_change))
    expect_error(s.next_response(), -32700)
    assert text_of(s) == DRAFT
    # Lone surrogates escaped in JSON are not text either.
    s.send_raw(frame('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s",'
                     '"version":3},"contentChanges":[{"text":"\\udc00 \\ud83d"}]}}' % URI))
    r = s.next_response()
    expect_error(r, -32700)
    assert text_of(s) == DRAFT
    # Valid but unusual text: NUL, BOM, U+FFFF, lone CRs.
    odd = "\ufeffGSOMIA\u0000 PSI\uffff\r\rTCOG\r\n😂"
    open_doc(s, "file:///odd.md", odd)
    assert text_of(s, "file:///odd.md") == odd
    for line in range(4):
        for ch in range(0, 12, 3):
            r = s.call("textDocument/hover", {"textDocument": {"uri": "file:///odd.md"}, "position": {"line": line, "character": ch}})
            assert "result" in r, r
    alive(s, URI)
    check_clean_exit(s)


def test_100000_deep_json_nesting(binary):
    s = started(binary)
    open_doc(s)
    depth = 100000
    for body in ['{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":%s}}' % ("[" * depth + "]" * depth),
                 '{"jsonrpc":"2.0","id":2,"method":"workspace/symbol","params":{"query":"x","extra":%s}}' % ('{"a":' * depth + "1" + "}" * depth),
                 "[" * depth,
                 '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s","version":9},'
                 '"contentChanges":[{"text":"x","junk":%s}]}}' % (URI, "[" * depth + "]" * depth)]:
        s.send_raw(frame(body), "<%d-deep message>" % depth)
        r = s.next_response(timeout=60)
        expect_error(r, -32700, "nested")
        assert r["id"] is None
        alive(s, URI)
    assert text_of(s) == DRAFT
    # Nesting within the limit is read normally (and answered, here with an error for the type).
    r = s.call("textDocument/hover", {"textDocument": json.loads("[" * 400 + "]" * 400), "position": {"line": 0, "character": 0}})
    expect_error(r, -32602)
    check_clean_exit(s)


# --- huge drafts ------------------------------------------------------------------------------------

def test_10_mb_single_line(binary):
    s = started(binary, bundled=True)
    unit = "the allies talk about GSOMIA and the PSI while the ministers wait for a date ok "
    text = "The General Security of Military Information Agreement (GSOMIA) starts it. "
    text += unit * ((10 * 1024 * 1024 - len(text)) // len(unit))
    assert len(text.encode()) > 10_000_000 and "\n" not in text
    open_doc(s, text=text)
    far = len(text) - 10
    r = s.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 0, "character": far}}, timeout=HEAVY_TIMEOUT)
    assert "result" in r, r
    r = s.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 60}}, timeout=HEAVY_TIMEOUT)
    assert r.get("result") and "GSOMIA" in json.dumps(r["result"]), "no hover on GSOMIA in a 10 MB line: %s" % json.dumps(r)[:500]
    r = s.call("textDocument/semanticTokens/range", {"textDocument": {"uri": URI},
                                                      "range": {"start": {"line": 0, "character": far - 500},
                                                                "end": {"line": 0, "character": far}}}, timeout=HEAVY_TIMEOUT)
    assert "result" in r, r
    # An incremental edit in the middle of the line, then a hover after it.
    s.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2},
                                        "contentChanges": [{"range": {"start": {"line": 0, "character": 5_000_000},
                                                                      "end": {"line": 0, "character": 5_000_003}},
                                                            "text": "PSI"}]})
    r = s.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 5_000_001}}, timeout=HEAVY_TIMEOUT)
    assert "result" in r, r
    r = s.call("accord/test/document", {"uri": URI}, timeout=HEAVY_TIMEOUT)
    assert r["result"]["text"][5_000_000:5_000_003] == "PSI" and len(r["result"]["text"]) == len(text)
    alive(s, URI)
    s.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
    alive(s)
    check_clean_exit(s)


def test_100000_line_draft(binary):
    s = started(binary, bundled=True)
    lines = ["# Draft", "", "The Proliferation Security Initiative (PSI) opens the draft."]
    lines += ["Line %d mentions GSOMIA, the PSI and TCOG in passing." % i for i in range(100000 - len(lines))]
    text = "\n".join(lines)
    assert text.count("\n") == 99999
    open_doc(s, text=text)
    r = s.call("textDocument/hover", {"textDocument": {"uri": URI},
                                      "position": {"line": 99998, "character": lines[99998].index("PSI") + 1}},
               timeout=HEAVY_TIMEOUT)
    assert r.get("result") and "PSI" in json.dumps(r["result"]), "no hover near the end: %s" % json.dumps(r)[:300]
    s.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2},
                                        "contentChanges": [{"range": {"start": {"line": 50000, "character": 0},
                                                                      "end": {"line": 50001, "character": 0}},
                                                            "text": "## Middle\n"}]})
    r = s.call("textDocument/documentSymbol", {"textDocument": {"uri": URI}}, timeout=HEAVY_TIMEOUT)
    assert "result" in r, r
    r = s.call("textDocument/semanticTokens/range", {"textDocument": {"uri": URI},
                                                      "range": {"start": {"line": 99990, "character": 0},
                                                                "end": {"line": 99999, "character": 0}}}, timeout=HEAVY_TIMEOUT)
    assert "result" in r and r["result"]["data"], r
    got = s.call("accord/test/document", {"uri": URI}, timeout=HEAVY_TIMEOUT)["result"]
    assert got["lineCount"] == 100000 and got["text"].split("\n")[50000] == "## Middle"
    alive(s, URI)
    check_clean_exit(s)


# --- wrong types in every params field of every advertised method ---------------------------------

POS = {"line": 2, "character": 10}
RANGE = {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 5}}


def positional(extra=None):
    p = {"textDocument": {"uri": URI}, "position": dict(POS)}
    p.update(extra or {})
    return p


# Valid params per advertised capability: (method, params, required field paths). A required field
# that is missing or of the wrong type must be answered -32602; other fields may be tolerated
# (answered normally) or refused with -32602, never anything else.
POSITIONAL_REQUIRED = ["textDocument", "textDocument.uri", "position", "position.line", "position.character"]
TEMPLATES = {
    "hoverProvider": [("textDocument/hover", positional(), POSITIONAL_REQUIRED)],
    "definitionProvider": [("textDocument/definition", positional(), POSITIONAL_REQUIRED)],
    "declarationProvider": [("textDocument/declaration", positional(), POSITIONAL_REQUIRED)],
    "referencesProvider": [("textDocument/references", positional({"context": {"includeDeclaration": True}}),
                            POSITIONAL_REQUIRED)],
    "documentHighlightProvider": [("textDocument/documentHighlight", positional(), POSITIONAL_REQUIRED)],
    "completionProvider": [("textDocument/completion", positional({"context": {"triggerKind": 1}}), POSITIONAL_REQUIRED),
                           ("completionItem/resolve", {"label": "GSOMIA", "data": {"accord": "gsomia"}}, ["label"])],
    "semanticTokensProvider": [
        ("textDocument/semanticTokens/full", {"textDocument": {"uri": URI}}, ["textDocument", "textDocument.uri"]),
        ("textDocument/semanticTokens/full/delta", {"textDocument": {"uri": URI}, "previousResultId": "1"},
         ["textDocument", "textDocument.uri", "previousResultId"]),
        ("textDocument/semanticTokens/range", {"textDocument": {"uri": URI}, "range": copy.deepcopy(RANGE)},
         ["textDocument", "textDocument.uri", "range", "range.start", "range.end", "range.start.line"])],
    "documentSymbolProvider": [("textDocument/documentSymbol", {"textDocument": {"uri": URI}}, ["textDocument", "textDocument.uri"])],
    "workspaceSymbolProvider": [("workspace/symbol", {"query": "GS"}, ["query"])],
    "documentLinkProvider": [("textDocument/documentLink", {"textDocument": {"uri": URI}}, ["textDocument", "textDocument.uri"])],
    "inlayHintProvider": [("textDocument/inlayHint", {"textDocument": {"uri": URI}, "range": copy.deepcopy(RANGE)},
                           ["textDocument", "textDocument.uri", "range", "range.start", "range.end"])],
    "diagnosticProvider": [("textDocument/diagnostic", {"textDocument": {"uri": URI}}, ["textDocument", "textDocument.uri"])],
    "codeActionProvider": [("textDocument/codeAction", {"textDocument": {"uri": URI}, "range": copy.deepcopy(RANGE),
                                                        "context": {"diagnostics": []}},
                            ["textDocument", "textDocument.uri", "range", "range.start", "range.end"])],
    "executeCommandProvider": [("workspace/executeCommand", {"command": "accord.insertAbbreviationTable",
                                                             "arguments": [{"uri": URI}]}, ["command"]),
                               ("workspace/executeCommand", {"command": "accord.citeCommentary",
                                                             "arguments": [{"uri": URI, "position": dict(POS)}]}, ["command"])],
}
# Capabilities that are not a request method of their own (notifications are tested below).
NOT_REQUESTS = {"textDocumentSync", "workspace", "positionEncoding", "experimental"}


def wrong_values(value, key=None):
    if isinstance(value, bool):
        return ["true", 1, None, []]
    if isinstance(value, int):
        # A version is an LSP integer (negative allowed); lines, characters and kinds are not.
        return ["7", 1.5, 2 ** 40, None, [], {}, True] + ([] if key == "version" else [-1])
    if isinstance(value, str):
        return [5, None, [], {}, True]
    if isinstance(value, list):
        return [{}, "x", 5, None]
    if isinstance(value, dict):
        return [[], "x", 5, None, True]
    return [5]


def mutations(params, path=""):
    """(path, description, mutated params) for every field: each wrong type, and the field removed."""
    if isinstance(params, dict):
        items = list(params.items())
    elif isinstance(params, list):
        items = list(enumerate(params))
    else:
        return
    for key, value in items:
        p = "%s.%s" % (path, key) if path else str(key)
        for wrong in wrong_values(value, key):
            m = copy.deepcopy(params)
            m[key] = wrong
            yield p, "%s=%s" % (p, json.dumps(wrong)), m
        if isinstance(params, dict):
            m = copy.deepcopy(params)
            del m[key]
            yield p, "%s removed" % p, m
        for sub_path, desc, sub in mutations(value, p):
            m = copy.deepcopy(params)
            m[key] = sub
            yield sub_path, desc, m


def cooperative(s):
    """Makes the harness apply workspace edits, as an editor would, so commands can succeed."""
    plain = s.answer_server_request

    def answer(msg):
        if msg["method"] == "workspace/applyEdit":
            s.send({"jsonrpc": "2.0", "id": msg["id"], "result": {"applied": True}})
        else:
            plain(msg)
    s.answer_server_request = answer
    return s


def test_wrong_types_in_every_params_field_of_every_advertised_method(binary):
    s = cooperative(Server(binary, bundled=True))
    caps = s.initialize({"workspace": {"applyEdit": True, "workspaceEdit": {"documentChanges": True}}})["capabilities"]
    open_doc(s)
    methods = []
    for cap, value in caps.items():
        if cap in NOT_REQUESTS or value in (False, None):
            continue
        assert cap in TEMPLATES, "capability %s is advertised but test_malformed has no params template for it" % cap
        methods += TEMPLATES[cap]
    assert len(methods) >= 15, "only %d methods advertised?" % len(methods)
    count = 0
    for method, params, required in methods:
        r = s.call(method, params)
        assert "result" in r, "%s with valid params failed: %s" % (method, json.dumps(r))
        # Params of the wrong type as a whole.
        for whole in [None, [], "x", 5]:
            msg = {"jsonrpc": "2.0", "id": "whole", "method": method}
            if whole is not None:
                msg["params"] = whole
            s.send(msg)
            r = s.response("whole")
            assert error_code(r) in (-32602, -32600), "%s params=%r: %s" % (method, whole, json.dumps(r))
        for path, desc, mutated in mutations(params):
            r = s.call(method, mutated)
            count += 1
            if "error" in r:
                code = r["error"]["code"]
                assert code == -32602, "%s %s: expected -32602 (or a tolerant answer), got %s" % (method, desc, json.dumps(r))
                assert r["error"]["message"], r
            else:
                assert path not in required, "%s %s: a required field was accepted: %s" % (method, desc, json.dumps(r)[:300])
        alive(s, URI)
    assert count > 300, count
    assert text_of(s) == DRAFT, "a refused request changed the document"
    check_clean_exit(s)


def test_wrong_types_in_notifications_are_ignored_whole(binary):
    s = started(binary)
    caps_sync = {"uri": URI, "languageId": "markdown", "version": 1, "text": DRAFT}
    open_doc(s)
    change = {"textDocument": {"uri": URI, "version": 2},
              "contentChanges": [{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 3}}, "text": "A"},
                                 {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "B"}]}
    version = 2
    for path, desc, mutated in mutations(change):
        version += 1
        if "version" not in path and isinstance(mutated.get("textDocument"), dict):
            mutated["textDocument"]["version"] = version
        s.notify("textDocument/didChange", mutated)
        now = text_of(s)
        if now != DRAFT:
            # Only a change that is still well-formed may apply: a range removed (or null) makes
            # that entry a whole-text replacement, which is what LSP says it is.
            assert path.endswith(".range") or path.endswith("]") or "range" in desc, \
                "didChange %s was applied: %r" % (desc, now[:80])
            s.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": version},
                                                "contentChanges": [{"text": DRAFT}]})
            assert text_of(s) == DRAFT
    for path, desc, mutated in mutations({"textDocument": dict(caps_sync, uri="file:///other.md")}):
        s.notify("textDocument/didOpen", mutated)
        r = s.call("accord/test/document", {"uri": "file:///other.md"})
        if "result" in r:  # opened: then exactly as sent (a wrong uri type can't be, see above)
            assert r["result"]["text"] == DRAFT, desc
            s.notify("textDocument/didClose", {"textDocument": {"uri": "file:///other.md"}})
    for notification, params in [("textDocument/didClose", {"textDocument": {"uri": URI}}),
                                 ("textDocument/didSave", {"textDocument": {"uri": URI}}),
                                 ("workspace/didChangeConfiguration", {"settings": {"accord": {"firstUseScope": "section"}}}),
                                 ("workspace/didChangeWorkspaceFolders", {"event": {"added": [], "removed": []}}),
                                 ("workspace/didChangeWatchedFiles", {"changes": [{"uri": URI, "type": 2}]}),
                                 ("window/workDoneProgress/cancel", {"token": "t"}),
                                 ("$/cancelRequest", {"id": 1})]:
        for path, desc, mutated in mutations(params):
            s.notify(notification, mutated)
        alive(s)
    s.expect_silence()
    # didClose with wrong types did not close it.
    assert text_of(s) == DRAFT
    check_clean_exit(s)


# --- URIs, positions, closed and unopened documents ------------------------------------------------

def test_unknown_uris_far_positions_closed_and_unopened_documents(binary):
    s = started(binary, bundled=True)
    open_doc(s)
    # Unknown and odd URIs: an error naming the problem (-32602), or an empty answer; never -32603.
    for uri in ["file:///never/opened.md", "", "untitled:Untitled-1", "http://example.com/x.md",
                "file:///accord-malformed/../accord-malformed/draft.md", "file://%zz", "not a uri",
                "file:///" + "a" * 5000, "file:///dir/%00.md"]:
        for method, params in [("textDocument/hover", {"position": POS}), ("textDocument/definition", {"position": POS}),
                               ("textDocument/semanticTokens/full", {}), ("textDocument/documentSymbol", {}),
                               ("textDocument/diagnostic", {}), ("textDocument/documentLink", {})]:
            r = s.call(method, dict(params, textDocument={"uri": uri}))
            if "error" in r:
                assert r["error"]["code"] == -32602, "%s on %r: %s" % (method, uri, json.dumps(r))
        alive(s, URI)
    # Positions far out of range: clamped (an answer), or -32602 when not a uint32 at all.
    for line, ch in [(0, 10 ** 6), (10 ** 6, 0), (2 ** 31 - 1, 2 ** 31 - 1), (2 ** 32 - 1, 2 ** 32 - 1)]:
        for method in ["textDocument/hover", "textDocument/definition", "textDocument/references",
                       "textDocument/completion", "textDocument/documentHighlight"]:
            p = {"textDocument": {"uri": URI}, "position": {"line": line, "character": ch}}
            if method == "textDocument/references":
                p["context"] = {"includeDeclaration": True}
            r = s.call(method, p)
            assert "result" in r, "%s at %d:%d: %s" % (method, line, ch, json.dumps(r))
        r = s.call("textDocument/semanticTokens/range", {"textDocument": {"uri": URI},
                                                          "range": {"start": {"line": line, "character": ch},
                                                                    "end": {"line": 0, "character": 0}}})
        assert "result" in r, r
    for line, ch in [(-1, 0), (0, -5), (2 ** 32, 0), (0, 2 ** 53), (1.5, 0)]:
        r = s.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": line, "character": ch}})
        expect_error(r, -32602, "position")
    # Edits with far ranges clamp, never corrupt.
    s.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 2},
                                        "contentChanges": [{"range": {"start": {"line": 2 ** 32 - 1, "character": 0},
                                                                      "end": {"line": 2 ** 32 - 1, "character": 9}},
                                                            "text": "END"}]})
    assert text_of(s) == DRAFT + "END"
    s.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": 3},
                                        "contentChanges": [{"range": {"start": {"line": 3, "character": 10 ** 6},
                                                                      "end": {"line": 0, "character": 0}},
                                                            "text": "X"}]})
    # The start clamps to the end of line 3, the end (before the start) to the start: an insertion.
    lines = (DRAFT + "END").split("\n")
    lines[3] += "X"
    assert text_of(s) == "\n".join(lines), text_of(s)
    # Requests on a closed document, didChange on an unopened one, a duplicate didOpen.
    s.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
    for method, params in [("textDocument/hover", {"position": POS}), ("textDocument/completion", {"position": POS}),
                           ("textDocument/semanticTokens/full", {}), ("textDocument/diagnostic", {}),
                           ("textDocument/inlayHint", {"range": RANGE}), ("textDocument/documentSymbol", {})]:
        r = s.call(method, dict(params, textDocument={"uri": URI}))
        if "error" in r:
            expect_error(r, -32602, "not open")
        else:
            assert r["result"] in (None, [], {"kind": "full", "items": []}), "%s on a closed document: %s" % (method, json.dumps(r))
    s.notify("textDocument/didClose", {"textDocument": {"uri": URI}})  # a second close: ignored
    s.notify("textDocument/didChange", {"textDocument": {"uri": "file:///unopened.md", "version": 2},
                                        "contentChanges": [{"text": "GSOMIA"}]})
    expect_error(s.call("accord/test/document", {"uri": "file:///unopened.md"}), -32602, "not open")
    open_doc(s, text="first GSOMIA")
    open_doc(s, text="second PSI", version=5)
    got = s.result("accord/test/document", {"uri": URI})
    assert got["text"] == "second PSI" and got["version"] == 5, got
    alive(s, URI)
    check_clean_exit(s)


# --- a client that disconnects mid-message -----------------------------------------------------

def test_client_disconnects_mid_message_on_stdio(binary):
    for tail in [b"Content-Length: 100\r\n\r\n{\"jsonrpc\":", b"Content-Len", b"Content-Length: 5\r\n"]:
        s = started(binary)
        open_doc(s)
        alive(s, URI)
        s.send_raw(tail)
        s.close_input()
        check_clean_exit(s, code=1)


def test_client_disconnects_mid_message_over_tcp(binary):
    s = Server(binary, "--listen", "127.0.0.1:0")
    line = s.wait_for_stderr("listening on")
    port = int(line.strip().rsplit(":", 1)[1])
    s.connect(port)
    s.initialize()
    open_doc(s)
    alive(s, URI)
    s.send_raw(b"Content-Length: 50\r\n\r\n{\"jsonrpc\":\"2.0\",")
    s.sock.close()
    s.sock = None
    check_clean_exit(s, code=1)


if __name__ == "__main__":
    lsp.main([test_every_core_error_case_in_one_session, test_2_gib_length_then_end_of_input,
              test_invalid_utf8_in_bodies_and_document_text, test_100000_deep_json_nesting,
              test_10_mb_single_line, test_100000_line_draft,
              test_wrong_types_in_every_params_field_of_every_advertised_method,
              test_wrong_types_in_notifications_are_ignored_whole,
              test_unknown_uris_far_positions_closed_and_unopened_documents,
              test_client_disconnects_mid_message_on_stdio, test_client_disconnects_mid_message_over_tcp])
