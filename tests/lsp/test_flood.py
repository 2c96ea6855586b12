#!/usr/bin/env python3
"""A client that sends faster than the server answers (issue 20), through the real binary.

For ACCORD_FLOOD_SECONDS (default 40) a writer thread sends as fast as the pipe takes them:
hovers, completions, definitions, document symbols, incremental edits, unknown methods, bad
params and malformed JSON. The server must push back (its reader stops reading when its queue
is full) instead of growing: RSS after warm-up stays within 10% of its level at the end of
warm-up. By the end every request is answered exactly once, and a request sent after the flood
is answered within 100 ms of the last flood answer (the queue has drained by then).
Usage: test_flood.py ACCORD_LS"""
import json
import os
import random
import subprocess
import sys
import threading
import time

SECONDS = float(os.environ.get("ACCORD_FLOOD_SECONDS", "40"))
WARMUP = 0.25
MAX_GROWTH = 0.10
URI = "file:///flood.md"
TEXT = ("# Alliance brief\n\nThe General Security of Military Information Agreement (GSOMIA) "
        "matters. GSOMIA was renewed, and the ROK and Japan keep talking.\n") * 200


def frame(obj):
    body = obj if isinstance(obj, bytes) else json.dumps(obj).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


class Reader(threading.Thread):
    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.answers = {}  # id -> count
        self.last_answer = 0.0
        self.lock = threading.Lock()
        self.closed = False

    def run(self):
        buf = b""
        while True:
            chunk = self.stream.read1(1 << 16) if hasattr(self.stream, "read1") else self.stream.read(1 << 16)
            if not chunk:
                self.closed = True
                return
            buf += chunk
            while True:
                head = buf.find(b"\r\n\r\n")
                if head < 0:
                    break
                length = int(buf[:head].split(b":")[1])
                if len(buf) < head + 4 + length:
                    break
                msg = json.loads(buf[head + 4:head + 4 + length])
                buf = buf[head + 4 + length:]
                if "id" in msg and "method" not in msg and msg["id"] is not None:
                    with self.lock:
                        self.answers[msg["id"]] = self.answers.get(msg["id"], 0) + 1
                        self.last_answer = time.monotonic()


def main():
    binary = sys.argv[1]
    env = dict(os.environ)
    opts = env.get("ASAN_OPTIONS", "")
    env["ASAN_OPTIONS"] = ":".join(o for o in [opts, "quarantine_size_mb=16"] if o)
    proc = subprocess.Popen([binary, "--no-bundled-corpus", "--log=error"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0, env=env)
    reader = Reader(proc.stdout)
    reader.start()
    out = proc.stdin
    out.write(frame({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                     "params": {"processId": None, "rootUri": None, "capabilities": {}}}))
    out.write(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    out.write(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": URI, "languageId": "markdown", "version": 1,
                                                 "text": TEXT}}}))
    sent_ids = [0]
    rng = random.Random(7)
    version = 1
    inserted = False
    next_id = 1
    rss = []
    start = time.monotonic()
    end = start + SECONDS
    next_sample = start
    pos = lambda: {"textDocument": {"uri": URI},
                   "position": {"line": rng.randrange(0, 400), "character": rng.randrange(0, 120)}}
    while time.monotonic() < end:
        kind = rng.randrange(10)
        if kind < 4:
            method = rng.choice(["textDocument/hover", "textDocument/completion",
                                 "textDocument/definition", "textDocument/documentHighlight"])
            msg = {"jsonrpc": "2.0", "id": next_id, "method": method, "params": pos()}
        elif kind < 5:
            msg = {"jsonrpc": "2.0", "id": next_id, "method": "textDocument/documentSymbol",
                   "params": {"textDocument": {"uri": URI}}}
        elif kind < 8:
            version += 1
            change = ({"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 1}},
                       "text": ""} if inserted else
                      {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                       "text": "x"})
            inserted = not inserted
            msg = {"jsonrpc": "2.0", "method": "textDocument/didChange",
                   "params": {"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]}}
        elif kind < 9:
            msg = {"jsonrpc": "2.0", "id": next_id, "method": rng.choice(["no/such", "textDocument/hover"]),
                   "params": {"textDocument": 5}}
        else:
            msg = b'{"jsonrpc": "2.0", "id": ' + str(next_id).encode() + b', "method": '
        if isinstance(msg, dict) and "id" in msg:
            sent_ids.append(next_id)
            next_id += 1
        elif isinstance(msg, bytes):
            next_id += 1  # malformed: answered with id null, not counted
        out.write(frame(msg))  # blocks while the server pushes back
        now = time.monotonic()
        if now >= next_sample:
            rss.append((now - start, rss_kb(proc.pid)))
            next_sample = now + 0.5
    flood_end = time.monotonic()
    # Every request answered exactly once, then a fresh request answered promptly.
    deadline = flood_end + 120
    while time.monotonic() < deadline:
        with reader.lock:
            if all(reader.answers.get(i, 0) >= 1 for i in sent_ids):
                break
        time.sleep(0.01)
    with reader.lock:
        drained = reader.last_answer
        missing = [i for i in sent_ids if reader.answers.get(i, 0) == 0]
        twice = [i for i, n in reader.answers.items() if n > 1]
    ping_id = next_id
    t0 = time.monotonic()
    out.write(frame({"jsonrpc": "2.0", "id": ping_id, "method": "textDocument/hover", "params": pos()}))
    while time.monotonic() < t0 + 10:
        with reader.lock:
            if ping_id in reader.answers:
                break
        time.sleep(0.001)
    ping_ms = (time.monotonic() - t0) * 1000
    out.write(frame({"jsonrpc": "2.0", "id": ping_id + 1, "method": "shutdown"}))
    out.write(frame({"jsonrpc": "2.0", "method": "exit"}))
    out.close()
    code = proc.wait(timeout=60)

    base = [kb for t, kb in rss if t >= SECONDS * WARMUP]
    failures = []
    if len(base) < 2:
        failures.append("too few RSS samples: %r" % rss)
    else:
        growth = (max(base) - base[0]) / base[0]
        print("flood: %d requests in %.0f s (%.0f messages/s incl. edits); RSS after warm-up %d kB, "
              "max %d kB (%+.1f%%); answered %.1f s after the flood; ping %.1f ms"
              % (len(sent_ids), SECONDS, (next_id + version) / SECONDS, base[0], max(base),
                 growth * 100, drained - flood_end if drained else -1, ping_ms))
        if growth > MAX_GROWTH:
            failures.append("RSS grew %.1f%% after warm-up: %r" % (growth * 100, rss))
    if missing:
        failures.append("%d requests never answered (first %r)" % (len(missing), missing[:5]))
    if twice:
        failures.append("%d requests answered twice (first %r)" % (len(twice), twice[:5]))
    if ping_ms > 100:
        failures.append("the request after the flood took %.0f ms" % ping_ms)
    if code != 0:
        failures.append("exit code %d" % code)
    for f in failures:
        print("FAIL", f)
    print("%d passed, %d failed" % (0 if failures else 1, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
