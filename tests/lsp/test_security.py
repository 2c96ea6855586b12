# Security through the real binary: the server reads files only inside the corpus roots, the
# lexicon directories and the workspace folders (".." and links out of them, non-file schemes
# refused), confines the .bib file it edits, bounds user lexicon patterns, listens on loopback by
# default, runs no shell commands, and refuses oversized input with a clear error.
import json
import os
import shutil
import subprocess
import tempfile
import time

import lsp
from lsp import Server, expect_error

TIMEOUT = 60


class Tree:
    """A temporary tree: ws/ (the workspace folder), outside/ (must never be read), corpus/, lex/."""

    def __init__(self):
        self.root = os.path.realpath(tempfile.mkdtemp(prefix="accord-security-"))
        self.ws = self.path("ws")
        self.outside = self.path("outside")

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def write(self, rel, text):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def link(self, rel, target):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        os.symlink(target, p)

    def uri(self, *parts):
        return "file://" + self.path(*parts)

    def cleanup(self):
        shutil.rmtree(self.root, ignore_errors=True)


def workspace_tree():
    t = Tree()
    t.write("ws/draft.md", "# Inside\n\nGSOMIA inside-marker.\n")
    t.write("outside/secret.md", "GSOMIA secret-marker outside the workspace.\n")
    t.write("outside/dir/also.md", "GSOMIA also-outside.\n")
    t.link("ws/link.md", "../outside/secret.md")
    t.link("ws/linkdir", "../outside/dir")
    t.link("ws/abs-link.md", t.path("outside", "secret.md"))
    return t


def references_of_gsomia(s, uri):
    r = s.call("textDocument/references", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2},
                                           "context": {"includeDeclaration": True}})
    assert "result" in r, r
    return [loc["uri"] for loc in (r["result"] or [])]


def symbols(s, query):
    r = s.call("workspace/symbol", {"query": query})
    assert "result" in r, r
    return [sym["location"]["uri"] for sym in (r["result"] or []) if "location" in sym]


def wait_until(check, what, timeout=TIMEOUT):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def assert_nothing_from_outside(t, uris):
    for u in uris:
        assert "/outside/" not in u and "link" not in u, "read a file outside the workspace: %s" % u


def open_probe(s, t):
    uri = t.uri("ws", "probe.md")
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                       "text": "GSOMIA probe.\n"}})
    return uri


def test_workspace_scan_stays_inside_the_folders(binary):
    t = workspace_tree()
    try:
        s = Server(binary, bundled=True)
        s.initialize({}, workspaceFolders=[{"uri": t.uri("ws"), "name": "ws"}])
        probe = open_probe(s, t)
        wait_until(lambda: t.uri("ws", "draft.md") in references_of_gsomia(s, probe), "the workspace scan")
        assert_nothing_from_outside(t, references_of_gsomia(s, probe))
        assert_nothing_from_outside(t, symbols(s, "GSOMIA"))
        assert "outside the workspace folders" in s.stderr_text(), "no log line for the refused links"
        assert s.shutdown_and_exit() == 0
    finally:
        t.cleanup()


def test_watched_file_events_cannot_pull_files_from_outside(binary):
    t = workspace_tree()
    try:
        s = Server(binary, bundled=True)
        s.initialize({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}},
                     workspaceFolders=[{"uri": t.uri("ws"), "name": "ws"}])
        probe = open_probe(s, t)
        wait_until(lambda: t.uri("ws", "draft.md") in references_of_gsomia(s, probe), "the workspace scan")
        ws = t.uri("ws")
        bad = [ws + "/../outside/secret.md", ws + "/%2E%2E/outside/secret.md", ws + "/./../outside/dir/also.md",
               ws + "/link.md", ws + "/linkdir/also.md", ws + "/abs-link.md", t.uri("outside", "secret.md"),
               "file:///etc/passwd", "file://otherhost" + t.path("ws", "draft.md"), "http://example.com/ws/x.md",
               "untitled:Untitled-1", "file:" + t.path("outside", "secret.md"), ws + "/%00/../x.md", "", "file://"]
        for kind in (1, 2):
            s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": u, "type": kind} for u in bad]})
        # A legitimate event after them: once it is seen, the bad ones were handled too.
        t.write("ws/new.md", "GSOMIA new-marker.\n")
        s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": t.uri("ws", "new.md"), "type": 1}]})
        wait_until(lambda: t.uri("ws", "new.md") in references_of_gsomia(s, probe), "the new workspace file")
        assert_nothing_from_outside(t, references_of_gsomia(s, probe))
        assert_nothing_from_outside(t, symbols(s, "GSOMIA"))
        assert s.shutdown_and_exit() == 0
    finally:
        t.cleanup()


def test_corpus_and_lexicon_links_out_of_their_roots_are_refused(binary):
    t = Tree()
    try:
        t.write("corpus/real.txt", "A commentary. The Kilo Lima Mike Accord (KLMA) was signed.\n")
        t.write("outside/secret.txt", "A secret. The Zebra Quantum Xylophone Pact (ZQXP) exists.\n")
        t.link("corpus/evil.txt", "../outside/secret.txt")
        lexicon = {"terms": [{"id": "qqqx", "kind": "acronym", "short": "QQQX", "long": "Quiet Quebec Query Exchange",
                              "gloss": "Outside."}]}
        t.write("outside/lexicon.json", json.dumps(lexicon))
        t.write("lex/ok.json", json.dumps({"terms": [{"id": "rrrx", "kind": "acronym", "short": "RRRX",
                                                      "long": "Real Romeo Relay Exchange", "gloss": "Inside."}]}))
        t.link("lex/evil.json", "../outside/lexicon.json")
        # A workspace whose .accord is a link out of it (as a cloned repository could hold).
        t.write("outside/.accord/lexicon/ws.json", json.dumps({"terms": [{"id": "sssx", "kind": "acronym", "short": "SSSX",
                                                                         "long": "Sierra Sierra Sierra Exchange", "gloss": "x"}]}))
        os.makedirs(t.ws)
        t.link("ws/.accord", "../outside/.accord")
        s = Server(binary, "--no-bundled-corpus", "--corpus", t.path("corpus"), "--lexicon", t.path("lex"))
        s.initialize({}, workspaceFolders=[{"uri": t.uri("ws"), "name": "ws"}])
        uri = t.uri("ws", "d.md")
        text = "KLMA ZQXP QQQX RRRX SSSX\n"
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})

        def hover(word):
            r = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                              "position": {"line": 0, "character": text.index(word) + 1}})
            assert "result" in r, r
            return r["result"]

        wait_until(lambda: hover("KLMA") is not None, "the corpus to load")
        assert hover("RRRX") is not None, "the lexicon inside its directory was not loaded"
        for word in ("ZQXP", "QQQX", "SSSX"):
            assert hover(word) is None, "%s comes from a file outside the roots" % word
        assert "links to a file outside" in s.stderr_text() or "links to a file outside" in json.dumps(s.transcript)
        assert s.shutdown_and_exit() == 0
    finally:
        t.cleanup()


def test_bib_file_outside_the_workspace_is_refused(binary):
    t = Tree()
    try:
        t.write("ws/draft.md", "GSOMIA matters.\n")
        t.write("outside/victim.bib", "% not yours\n")
        s = Server(binary, bundled=True)
        plain = s.answer_server_request
        # The editor applies edits it is sent, so that the one inside the workspace can succeed.
        s.answer_server_request = lambda msg: (
            s.send({"jsonrpc": "2.0", "id": msg["id"], "result": {"applied": True}})
            if msg["method"] == "workspace/applyEdit" else plain(msg))
        s.initialize({"workspace": {"applyEdit": True, "workspaceEdit": {"documentChanges": True,
                                                                         "resourceOperations": ["create"]}}},
                     workspaceFolders=[{"uri": t.uri("ws"), "name": "ws"}])
        uri = t.uri("ws", "draft.md")
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                           "text": "GSOMIA matters.\n"}})
        cite = {"uri": uri, "position": {"line": 0, "character": 2}, "style": "latex"}  # latex: a .bib entry too
        wait_until(lambda: "result" in s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                                     "position": {"line": 0, "character": 2}}), "hover")
        for bib in ["../outside/victim.bib", t.path("outside", "victim.bib"), "/etc/accord-test.bib",
                    "sub/../../outside/victim.bib"]:
            r = s.call("workspace/executeCommand", {"command": "accord.citeCommentary",
                                                    "arguments": [dict(cite, bibFile=bib)]})
            expect_error(r, -32803, "outside the workspace")
        for not_bib in ["draft.md", "../outside/.bashrc", "refs.bib/.."]:
            r = s.call("workspace/executeCommand", {"command": "accord.citeCommentary",
                                                    "arguments": [dict(cite, bibFile=not_bib)]})
            expect_error(r, -32803)
        t.link("ws/linked.bib", "../outside/victim.bib")
        r = s.call("workspace/executeCommand", {"command": "accord.citeCommentary",
                                                "arguments": [dict(cite, bibFile="linked.bib")]})
        expect_error(r, -32803, "outside the workspace")
        # Inside the workspace it works (the edit goes to the client, which says it applied it).
        r = s.call("workspace/executeCommand", {"command": "accord.citeCommentary",
                                                "arguments": [dict(cite, bibFile="refs.bib")]})
        assert "result" in r, "citing into the workspace failed: %s" % json.dumps(r)
        with open(t.path("outside", "victim.bib")) as f:
            assert f.read() == "% not yours\n"
        assert s.shutdown_and_exit() == 0
    finally:
        t.cleanup()


def test_user_lexicon_patterns_are_bounded(binary):
    t = Tree()
    try:
        terms = [
            # Valid RE2, but its program is over the memory budget (a Unicode class 1000 times).
            {"id": "huge", "kind": "other", "long": "Huge Pattern Thing", "gloss": "x",
             "patterns": ["\\p{L}{1000}"]},
            {"id": "nested", "kind": "other", "long": "Nested Repeat Thing", "gloss": "x",
             "patterns": ["(?:\\p{L}|\\p{N}){2,900}x"]},
            {"id": "backtrack", "kind": "other", "long": "Backtracking Thing", "gloss": "x",
             "patterns": ["(?:a+)+b", "(?:a|aa)*c"]},
            {"id": "fine", "kind": "acronym", "short": "FNX", "long": "Fine Name Exchange", "gloss": "x"},
        ]
        t.write("ws/.accord/lexicon/user.json", json.dumps({"terms": terms}, indent=1))
        s = Server(binary, "--no-bundled-corpus")
        s.initialize({}, workspaceFolders=[{"uri": t.uri("ws"), "name": "ws"}])
        uri = t.uri("ws", "d.md")
        text = "FNX " + "a" * 200000 + " end\n"  # what a backtracking engine would never finish
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        wait_until(lambda: s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                         "position": {"line": 0, "character": 1}}).get("result"),
                   "the workspace lexicon")
        start = time.time()
        r = s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 5000}})
        assert "result" in r, r
        r = s.call("textDocument/semanticTokens/full", {"textDocument": {"uri": uri}})
        assert "result" in r, r
        assert time.time() - start < 30, "patterns made recognition slow"
        shown = json.dumps([m for m in s.pending if m.get("method") in ("window/showMessage", "window/logMessage")])
        err = s.stderr_text() + shown
        assert "too large" in err or "memory budget" in err, "an oversized pattern was not reported:\n" + err[-3000:]
        assert "user.json" in err, "the report does not name the file"
        assert s.shutdown_and_exit() == 0
    finally:
        t.cleanup()


def listening_address(s):
    line = s.wait_for_stderr("listening on")
    return line.strip().rsplit(" ", 1)[1]


def test_tcp_listens_on_loopback_by_default(binary):
    for spec in ["0", ":0"]:
        s = Server(binary, "--listen", spec)
        host, port = listening_address(s).rsplit(":", 1)
        assert host == "127.0.0.1", "listening on %s for --listen %s" % (host, spec)
        # The kernel agrees: a LISTEN socket bound to 127.0.0.1 on that port.
        with open("/proc/net/tcp") as f:
            rows = [line.split() for line in f.readlines()[1:]]
        local = "0100007F:%04X" % int(port)
        assert any(r[1] == local and r[3] == "0A" for r in rows), "no loopback listener %s" % local
        s.connect(int(port))
        s.initialize()
        assert s.shutdown_and_exit() == 0
    p = subprocess.run([binary, "--listen", "127.0.0.1:99999"], capture_output=True, timeout=30)
    assert p.returncode == 2 and b"port" in p.stderr, p


def test_no_shell_commands(binary):
    nm = shutil.which("nm")
    assert nm, "nm (binutils) is needed"
    out = subprocess.run([nm, "-D", "--undefined-only", binary], capture_output=True, text=True, timeout=60).stdout
    imported = {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}
    forbidden = {"system", "popen", "execl", "execlp", "execle", "execv", "execvp", "execvpe", "execve",
                 "posix_spawn", "posix_spawnp", "fork", "vfork", "wordexp"}
    assert not (imported & forbidden), "the binary can run commands: %s" % sorted(imported & forbidden)


def test_size_limits_have_clear_errors(binary):
    t = Tree()
    try:
        t.write("ws/small.md", "GSOMIA small-marker.\n")
        t.write("ws/big.md", "GSOMIA big-marker.\n" + ("filler words " * 30000))
        s = Server(binary, "--max-message-size", "100000", bundled=True)
        s.initialize({}, workspaceFolders=[{"uri": t.uri("ws"), "name": "ws"}],
                     initializationOptions={"workspace": {"maxFileSize": 50000}})
        uri = t.uri("ws", "open.md")
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                                           "text": "GSOMIA " * 20000}})
        r = s.next_response()
        expect_error(r, -32700, "exceeds the limit of 100000 bytes (--max-message-size)")
        assert r["id"] is None
        expect_error(s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
                     -32602, "not open")
        probe = open_probe(s, t)
        wait_until(lambda: t.uri("ws", "small.md") in references_of_gsomia(s, probe), "the workspace scan")
        assert t.uri("ws", "big.md") not in references_of_gsomia(s, probe), "a file over maxFileSize was read"
        # stderr is read by another thread, and the scan may log the skipped file after it
        # indexed the small one: wait for the message rather than race it.
        s.wait_for_stderr("over accord.workspace.maxFileSize")
        assert s.shutdown_and_exit() == 0
    finally:
        t.cleanup()


if __name__ == "__main__":
    lsp.main([test_workspace_scan_stays_inside_the_folders, test_watched_file_events_cannot_pull_files_from_outside,
              test_corpus_and_lexicon_links_out_of_their_roots_are_refused, test_bib_file_outside_the_workspace_is_refused,
              test_user_lexicon_patterns_are_bounded, test_tcp_listens_on_loopback_by_default, test_no_shell_commands,
              test_size_limits_have_clear_errors])
