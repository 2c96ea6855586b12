# Soak: 100,000 mixed requests and edits in one session against the real binary. Every request is
# answered exactly once, the documents never drift from a model of them, RSS stays flat after
# warm-up (under 10% growth, from /proc/PID/status VmRSS), and LeakSanitizer finds nothing at exit
# when the binary is built with ASan.
#
# ACCORD_SOAK_OPS sets the number of operations (default 100000; CI may lower it when a
# sanitizer build is slow); ACCORD_SOAK_SEED the random seed.
import json
import os
import random
import time

import lsp
from lsp import Server, frame

OPS = int(os.environ.get("ACCORD_SOAK_OPS", "100000"))
SEED = int(os.environ.get("ACCORD_SOAK_SEED", "9"))
BATCH = 100          # messages written at once before reading the answers (pipelining)
WARMUP = 0.2         # fraction of the run after which RSS must stay flat
MAX_GROWTH = 0.10
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

INSERTS = ["GSOMIA ", "the PSI ", "Zeta Omega Accord (ZOA) ", "ZOA ", "한국 GSOMIA는 ", "😂 ", "TCOG and HADR ",
           "\n## Interlude\n", "\n\nThe Trilateral Coordination and Oversight Group (TCOG) met.\n", "x"]


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for %d" % pid)


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class Doc:
    """A document and the model of its text; insertions are undone last-in first-out, so that
    the text stays the same size over the run and RSS can be compared."""

    def __init__(self, uri, language, text):
        self.uri, self.language, self.text, self.version = uri, language, text, 1
        self.stack = []  # (line, inserted text) still in the text

    def lines(self):
        return self.text.split("\n")

    def insert(self, rnd):
        lines = self.lines()
        line = rnd.randrange(len(lines))
        word = rnd.choice(INSERTS)
        offset = sum(len(l) + 1 for l in lines[:line])
        self.text = self.text[:offset] + word + self.text[offset:]
        self.stack.append((line, word))
        pos = {"line": line, "character": 0}
        return {"range": {"start": pos, "end": pos}, "text": word}

    def undo(self):
        line, word = self.stack.pop()
        lines = self.lines()
        offset = sum(len(l) + 1 for l in lines[:line])
        assert self.text[offset:offset + len(word)] == word
        self.text = self.text[:offset] + self.text[offset + len(word):]
        parts = word.split("\n")
        end = {"line": line + len(parts) - 1, "character": utf16_len(parts[-1])}
        return {"range": {"start": {"line": line, "character": 0}, "end": end}, "text": ""}


def test_soak(binary):
    # A small quarantine: freed memory held by ASan would otherwise look like growth. Leaks are
    # reported at exit (and make the exit code non-zero).
    opts = os.environ.get("ASAN_OPTIONS", "")
    os.environ["ASAN_OPTIONS"] = ":".join(o for o in [opts, "detect_leaks=1", "quarantine_size_mb=16"] if o)
    rnd = random.Random(SEED)
    s = Server(binary, "--log=error", bundled=True)
    s.initialize({"general": {"positionEncodings": ["utf-16"]},
                  "workspace": {"applyEdit": True, "workspaceEdit": {"documentChanges": True}},
                  "textDocument": {"hover": {"contentFormat": ["markdown"]},
                                   "publishDiagnostics": {"relatedInformation": True}}})
    docs = []
    for name, language in [("gsomia-brief.md", "markdown"), ("normalization-note.tex", "latex"),
                           ("trilateral-memo.txt", "plaintext")]:
        with open(os.path.join(ROOT, "examples", name), encoding="utf-8") as f:
            d = Doc("file:///soak/" + name, language, f.read())
        s.notify("textDocument/didOpen", {"textDocument": {"uri": d.uri, "languageId": language,
                                                           "version": 1, "text": d.text}})
        docs.append(d)

    def position(d):
        lines = d.lines()
        line = rnd.randrange(len(lines))
        return {"line": line, "character": rnd.randrange(0, max(1, utf16_len(lines[line])) + 3)}

    def request_params(d):
        td = {"uri": d.uri}
        kind = rnd.randrange(14)
        if kind == 0: return "textDocument/hover", {"textDocument": td, "position": position(d)}
        if kind == 1: return "textDocument/definition", {"textDocument": td, "position": position(d)}
        if kind == 2: return "textDocument/references", {"textDocument": td, "position": position(d),
                                                          "context": {"includeDeclaration": True}}
        if kind == 3: return "textDocument/completion", {"textDocument": td, "position": position(d)}
        if kind == 4: return "textDocument/documentHighlight", {"textDocument": td, "position": position(d)}
        if kind == 5: return "textDocument/semanticTokens/full", {"textDocument": td}
        if kind == 6: return "textDocument/semanticTokens/range", {"textDocument": td, "range": {"start": {"line": 0, "character": 0}, "end": position(d)}}
        if kind == 7: return "textDocument/documentSymbol", {"textDocument": td}
        if kind == 8: return "textDocument/diagnostic", {"textDocument": td}
        if kind == 9: return "textDocument/codeAction", {"textDocument": td, "range": {"start": position(d), "end": position(d)},
                                                          "context": {"diagnostics": []}}
        if kind == 10: return "textDocument/inlayHint", {"textDocument": td, "range": {"start": {"line": 0, "character": 0}, "end": position(d)}}
        if kind == 11: return "textDocument/documentLink", {"textDocument": td}
        if kind == 12: return "workspace/symbol", {"query": rnd.choice(["GS", "P", "T", "", "zo"])}
        return "textDocument/hover", {"textDocument": {"uri": "file:///soak/not-open.md"}, "position": position(d)}

    answers = {}      # id -> number of answers
    sent_ids = set()
    next_id = [1000]  # the harness's own calls use small ids and strings
    rss = []
    start = time.time()

    def read_answers(waiting):
        while waiting:
            msg = s.read_message(timeout=120)
            if "method" in msg:
                if "id" in msg:  # a request from the server (applyEdit, registrations)
                    result = {"applied": False} if msg["method"] == "workspace/applyEdit" else None
                    s.send_raw(frame(json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": result})))
                continue
            rid = msg.get("id")
            assert rid in sent_ids, "an answer to something never sent: %s" % json.dumps(msg)[:300]
            answers[rid] = answers.get(rid, 0) + 1
            assert answers[rid] == 1, "request %r answered twice" % rid
            if "error" in msg:
                assert msg["error"]["code"] in (-32602, -32800, -32803), "unexpected error: %s" % json.dumps(msg)[:300]
            waiting.discard(rid)

    done = 0
    while done < OPS:
        chunk = bytearray()
        waiting = set()
        for _ in range(min(BATCH, OPS - done)):
            done += 1
            d = rnd.choice(docs)
            if rnd.random() < 0.3:
                change = d.undo() if len(d.stack) >= 3 or (d.stack and rnd.random() < 0.4) else d.insert(rnd)
                d.version += 1
                body = {"jsonrpc": "2.0", "method": "textDocument/didChange",
                        "params": {"textDocument": {"uri": d.uri, "version": d.version}, "contentChanges": [change]}}
            else:
                method, params = request_params(d)
                rid = next_id[0]
                next_id[0] += 1
                sent_ids.add(rid)
                waiting.add(rid)
                body = {"jsonrpc": "2.0", "id": rid, "method": method, "params": params}
                if rnd.random() < 0.02:  # cancel it at once: answered -32800 or normally, but once
                    chunk += frame(json.dumps(body))
                    body = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rid}}
            chunk += frame(json.dumps(body))
        s.send_raw(bytes(chunk), "<%d messages>" % BATCH)
        s.transcript[:] = s.transcript[-50:]  # keep the failure report small
        read_answers(waiting)
        if done % 5000 < BATCH:
            for d in docs:  # the server's text is the model's
                r = s.call("accord/test/document", {"uri": d.uri}, id="check-%d-%s" % (done, d.uri))
                assert r["result"]["text"] == d.text, "%s drifted from the model after %d operations" % (d.uri, done)
            rss.append((done, rss_kb(s.proc.pid)))

    missing = sent_ids - set(answers)
    assert not missing, "%d request(s) never answered, e.g. %r" % (len(missing), sorted(missing)[:5])
    elapsed = time.time() - start
    base = [kb for n, kb in rss if n >= OPS * WARMUP]
    assert len(base) >= 2, "too few RSS samples: %r" % rss
    growth = (max(base) - base[0]) / base[0]
    print("soak: %d operations (%d requests) in %.0f s; RSS after warm-up %d kB, max %d kB (%+.1f%%)" %
          (OPS, len(sent_ids), elapsed, base[0], max(base), growth * 100))
    assert growth < MAX_GROWTH, "RSS grew %.1f%% after warm-up: %r" % (growth * 100, rss)
    code = s.shutdown_and_exit()
    err = s.stderr_text()
    assert "LeakSanitizer" not in err, "leaks at exit:\n" + err[-4000:]
    assert "AddressSanitizer" not in err and "runtime error:" not in err, err[-4000:]
    assert code == 0, "exit code %d" % code


if __name__ == "__main__":
    lsp.main([test_soak])
