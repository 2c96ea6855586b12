#!/usr/bin/env python3
# Protocol-level benchmark: drives build-bench/accord-ls over stdio like an editor and times it.
"""Times accord-ls as an editor sees it: framed JSON-RPC over the process's stdin/stdout.

  lsp_driver.py [--server PATH] [--draft FILE] [--corpus DIR] [--json OUT] [--quick]

Without --corpus (the bundled corpus):
  initialize answered after process start (spawn to answer, several fresh processes);
  didOpen of the draft -> first publishDiagnostics for it;
  hover and definition on mentions of lexicon terms (p50/p99/max);
  one-character incremental edits -> publishDiagnostics for that version (p50/p99/max);
  the same for edits at line starts, on blank lines, in headings, inside a definition, in a
  table, and joining or splitting paragraphs (edit_<kind>);
  completion inside the short forms of mentions;
  peak RSS (VmHWM of /proc/PID/status after all of the above).
With --corpus DIR (e.g. 10,000 generated commentaries): the server starts with --corpus DIR;
  indexing MB/s (corpus bytes / time from process start to the Knowledge of the whole corpus
  installed: the server's log line, or the end of $/progress, whichever comes first; a build
  shorter than 250 ms sends no $/progress), the $/progress messages seen, hovers answered while it indexes, hover latency afterwards.

Latency is measured at the client: from writing the request's frame to having read the whole
answer frame. This script's own JSON work is not counted, either way: encoding a 1 MB didOpen
with Python's json.dumps takes 7-30 ms here (an editor's encoder takes a few), and counting
it measured the benchmark, not the server. One request is in flight at a time.
"""
import argparse
import glob
import json
import os
import random
import re
import select
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def now():
    return time.perf_counter()


def pct(samples, p):
    """Nearest-rank percentile of `samples` (seconds), in milliseconds."""
    if not samples:
        return float("nan")
    s = sorted(samples)
    k = max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))
    return s[int(k)] * 1000.0


def summary(samples):
    return {"n": len(samples), "p50": pct(samples, 50), "p99": pct(samples, 99),
            "max": max(samples) * 1000.0 if samples else float("nan")}


class Server:
    """One accord-ls process and the client side of its JSON-RPC session."""

    def __init__(self, argv, stderr_path=None, settings=None, watch_log=False):
        self.settings = settings or {}
        self.stderr = open(stderr_path, "ab") if stderr_path else subprocess.DEVNULL
        # watch_log: stderr is read line by line on a thread, each line with the time it came
        # (and still appended to stderr_path when given).
        self.log_lines = []   # (time, line)
        self.t_spawn = now()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE if watch_log else self.stderr,
                                     bufsize=0)
        if watch_log:
            self.log_thread = threading.Thread(target=self.read_log, daemon=True)
            self.log_thread.start()
        self.fd = self.proc.stdout.fileno()
        self.buf = bytearray()
        self.next_id = 0
        self.responses = {}   # id -> (time, message)
        self.notes = []       # (time, message) of notifications, in order
        self.server_requests = []  # (time, method)
        self.progress = {}    # token -> {"begin": t, "end": t, "title": str, "reports": n}

    def read_log(self):
        for line in iter(self.proc.stderr.readline, b""):
            self.log_lines.append((now(), line.decode(errors="replace").rstrip("\n")))
            if self.stderr is not subprocess.DEVNULL:
                self.stderr.write(line)

    # --- writing -----------------------------------------------------------------------------
    def send(self, msg):
        """Encodes and writes `msg`; returns when writing began (after encoding)."""
        body = json.dumps(msg, ensure_ascii=False, separators=(",", ":")).encode()
        frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
        t = now()
        self.proc.stdin.write(frame)
        return t

    def request(self, method, params):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:  # JSON-RPC: params is omitted, never null
            msg["params"] = params
        self.sent_at = self.send(msg)
        return self.next_id

    def notify(self, method, params):
        """Sends a notification; returns when writing it began."""
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        return self.send(msg)

    # --- reading -----------------------------------------------------------------------------
    def pump(self, timeout):
        """Reads what is available (waiting up to `timeout` s) and dispatches whole frames."""
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return False
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            raise EOFError(f"accord-ls closed its output (exit code {self.proc.poll()})")
        self.buf += chunk
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return True
            m = re.search(rb"content-length:\s*(\d+)", bytes(self.buf[:end]), re.I)
            if not m:
                raise ValueError(f"bad header from accord-ls: {bytes(self.buf[:end])!r}")
            size = int(m.group(1))
            if len(self.buf) < end + 4 + size:
                # Wait for the rest of this frame before timing it.
                return True
            t = now()
            body = bytes(self.buf[end + 4:end + 4 + size])
            del self.buf[:end + 4 + size]
            self.dispatch(t, json.loads(body))

    def dispatch(self, t, msg):
        if "method" in msg and "id" in msg:
            self.server_requests.append((t, msg["method"]))
            self.answer_server_request(msg)
        elif "id" in msg:
            self.responses[msg["id"]] = (t, msg)
        else:
            self.notes.append((t, msg))
            if msg.get("method") == "$/progress":
                p = msg["params"]
                rec = self.progress.setdefault(str(p.get("token")), {"reports": 0})
                kind = p.get("value", {}).get("kind")
                if kind == "begin":
                    rec["begin"] = t
                    rec["title"] = p["value"].get("title", "")
                elif kind == "report":
                    rec["reports"] += 1
                elif kind == "end":
                    rec["end"] = t

    def answer_server_request(self, msg):
        method = msg["method"]
        if method == "workspace/configuration":
            items = msg.get("params", {}).get("items", [])
            result = [self.settings if it.get("section") == "accord" else
                      ({"accord": self.settings} if not it.get("section") else None) for it in items]
        elif method == "workspace/applyEdit":
            result = {"applied": False, "failureReason": "benchmark client"}
        else:  # window/workDoneProgress/create, client/registerCapability, …
            result = None
        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def wait(self, predicate, timeout, what):
        deadline = now() + timeout
        while True:
            found = predicate()
            if found is not None:
                return found
            left = deadline - now()
            if left <= 0:
                raise TimeoutError(f"no {what} within {timeout:.0f} s")
            self.pump(left)

    def response(self, rid, timeout=60):
        t, msg = self.wait(lambda: self.responses.pop(rid, None), timeout, f"answer to request {rid}")
        if "error" in msg:
            raise RuntimeError(f"request {rid} failed: {msg['error']}")
        return t, msg.get("result")

    def call(self, method, params, timeout=60):
        """Sends a request and waits for its answer: (latency in s, result)."""
        rid = self.request(method, params)
        t, result = self.response(rid, timeout)
        return t - self.sent_at, result

    def diagnostics_after(self, start, uri, version=None, timeout=60):
        """The first publishDiagnostics for `uri` received after notes[start] (and, when the
        server sends versions, for `version`): (time, params)."""
        def find():
            for i in range(self.scan_from, len(self.notes)):
                t, m = self.notes[i]
                if m.get("method") != "textDocument/publishDiagnostics":
                    continue
                p = m["params"]
                if p.get("uri") != uri:
                    continue
                if version is not None and p.get("version") is not None and p["version"] != version:
                    continue
                self.scan_from = i + 1
                return t, p
            return None
        self.scan_from = start
        return self.wait(find, timeout, f"publishDiagnostics for {uri}")

    def vm_hwm_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        try:
            rid = self.request("shutdown", None)
            self.response(rid, 10)
            self.notify("exit", None)
            self.proc.stdin.close()
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        if self.stderr is not subprocess.DEVNULL:
            self.stderr.close()


def initialize_params(root):
    return {
        "processId": os.getpid(),
        "clientInfo": {"name": "accord-bench", "version": "1"},
        "rootUri": "file://" + root,
        "workspaceFolders": [{"uri": "file://" + root, "name": "bench"}],
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "window": {"workDoneProgress": True},
            "workspace": {"configuration": True, "workspaceFolders": True, "applyEdit": True},
            "textDocument": {
                "synchronization": {"didSave": True},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": False}},
                "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
                "definition": {"linkSupport": False},
            },
        },
        "initializationOptions": {"accord": {}},
    }


class Text:
    """The client's copy of a document, with UTF-16 positions as the protocol counts them."""

    def __init__(self, text):
        self.set(text)

    def set(self, text):
        self.text = text
        self.data = text.encode()
        self.line_starts = [0] + [m.end() for m in re.finditer(rb"\r\n|\n|\r(?!\n)", self.data)]

    def position(self, offset):
        """Byte offset -> LSP position (UTF-16)."""
        import bisect
        line = bisect.bisect_right(self.line_starts, offset) - 1
        col = self.data[self.line_starts[line]:offset].decode("utf-8", "replace")
        return {"line": line, "character": len(col.encode("utf-16-le")) // 2}

    def edit(self, begin, end, new):
        self.set((self.data[:begin] + new.encode() + self.data[end:]).decode())


def lexicon_forms():
    forms = set()
    for path in sorted(glob.glob(os.path.join(ROOT, "grammar", "lexicon", "*.json"))):
        if path.endswith(".schema.json"):
            continue
        with open(path, encoding="utf-8") as f:
            for t in json.load(f).get("terms", []):
                if t.get("short"):
                    forms.add(t["short"])
    return sorted(forms, key=len, reverse=True)


def mention_offsets(data, forms):
    """Byte offsets of the short forms of lexicon terms in `data`: (begin, end) pairs."""
    pattern = re.compile(rb"(?<![\w-])(" + b"|".join(re.escape(f.encode()) for f in forms) + rb")(?![\w])")
    return [(m.start(), m.end()) for m in pattern.finditer(data)]


def measure_initialize(argv, root, runs, log):
    """Spawn -> initialize answered, `runs` fresh processes; returns samples (s)."""
    samples = []
    for _ in range(runs):
        s = Server(argv, log)
        rid = s.request("initialize", initialize_params(root))
        t, result = s.response(rid, 30)
        samples.append(t - s.t_spawn)
        if "capabilities" not in result:
            raise RuntimeError("initialize answered without capabilities")
        s.notify("initialized", {})
        s.close()
    return samples


def session(argv, root, log, settings=None, watch_log=False):
    s = Server(argv, log, settings, watch_log)
    rid = s.request("initialize", initialize_params(root))
    _, result = s.response(rid, 120)
    s.capabilities = result["capabilities"]
    s.notify("initialized", {})
    return s


def open_document(s, uri, text, version=1):
    start = len(s.notes)
    t0 = s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                       "version": version, "text": text}})
    t, p = s.diagnostics_after(start, uri, version)
    return t - t0, p


def bench_requests(s, uri, doc, positions, method, rng, count):
    samples, nonnull = [], 0
    for b, e in rng.sample(positions, min(count, len(positions))):
        off = rng.randrange(b, e)
        dt, result = s.call(method, {"textDocument": {"uri": uri}, "position": doc.position(off)})
        samples.append(dt)
        if result:
            nonnull += 1
    return samples, nonnull


def bench_completion(s, uri, doc, positions, rng, count):
    """Completion with the cursor inside a short form, as if the writer were typing it."""
    samples, nonempty = [], 0
    for b, e in rng.sample(positions, min(count, len(positions))):
        off = b + rng.randrange(1, max(2, e - b))
        dt, result = s.call("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": doc.position(min(off, e)),
            "context": {"triggerKind": 1}})
        samples.append(dt)
        items = result.get("items", []) if isinstance(result, dict) else (result or [])
        if items:
            nonempty += 1
    return samples, nonempty


def bench_edits(s, uri, doc, rng, count, version):
    """One-character edits (type a letter, then delete it) at prose positions: time from
    didChange to the publishDiagnostics for that version."""
    samples = []
    prose = [m.start() for m in re.finditer(rb"(?<![A-Za-z])[a-z]{4,} ", doc.data)]
    for i in range(count):
        if i % 2 == 0:
            at = rng.choice(prose) + 2
            change = {"range": {"start": doc.position(at), "end": doc.position(at)}, "text": "x"}
            doc.edit(at, at, "x")
        else:
            change = {"range": {"start": doc.position(at), "end": doc.position(at + 1)}, "text": ""}
            doc.edit(at, at + 1, "")
        version += 1
        start = len(s.notes)
        t0 = s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [change]})
        t, _ = s.diagnostics_after(start, uri, version)
        samples.append(t - t0)
    return samples, version


def edit_sites(doc, kind):
    """Byte offsets where an edit of `kind` happens in the draft (issue 20's edit kinds)."""
    d = doc.data
    if kind == "line_start":
        return [m.start() for m in re.finditer(rb"(?m)^[A-Za-z]", d)]
    if kind == "blank_line":
        return [m.start() + 1 for m in re.finditer(rb"\n\n", d)]
    if kind == "heading":
        # inside the heading's words ("## 3. Background": after the number)
        return [m.end() for m in re.finditer(rb"(?m)^#+ (?:\d+\. )?[A-Za-z]", d)]
    if kind == "definition":
        return [m.start() + 3 for m in re.finditer(rb"[A-Z][a-z]+ [A-Za-z ]+ \([A-Z]{2,}\)", d)]
    if kind == "table":
        return [m.start() + 2 for m in re.finditer(rb"(?m)^\| [A-Za-z]", d)]
    if kind in ("join", "split"):
        return [m.start() for m in re.finditer(rb"\.\n\n[A-Z]", d)]
    return []


def bench_edit_kinds(s, uri, doc, rng, count, version):
    """Edits of every kind issue 20 names, each undone by the next: type a letter at a line
    start, on a blank line, in a heading, inside a definition, in a table row; join two
    paragraphs (delete the blank line) and split one (insert one). Time from didChange to the
    publishDiagnostics of that version, per kind."""
    out = {}
    for kind in ("line_start", "blank_line", "heading", "definition", "table", "join", "split"):
        sites = edit_sites(doc, kind)
        if not sites:
            continue
        samples = []
        for i in range(count):
            at = rng.choice(sites) if i % 2 == 0 else at
            if kind == "join":
                # ".\n\nX" -> ".\nX" and back
                b, e, new = (at + 1, at + 2, "") if i % 2 == 0 else (at + 1, at + 1, "\n")
            elif kind == "split":
                b, e, new = (at + 1, at + 1, "\n\nSo.") if i % 2 == 0 else (at + 1, at + 6, "")
            else:
                b, e, new = (at, at, "x") if i % 2 == 0 else (at, at + 1, "")
            change = {"range": {"start": doc.position(b), "end": doc.position(e)}, "text": new}
            doc.edit(b, e, new)
            version += 1
            start = len(s.notes)
            t0 = s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [change]})
            t, _ = s.diagnostics_after(start, uri, version)
            samples.append(t - t0)
        out["edit_" + kind] = summary(samples)
    return out, version


def run_bundled(args, out):
    argv = [args.server] + args.server_args
    root = tempfile.mkdtemp(prefix="accord-bench-ws-")
    rng = random.Random(8)
    n = 20 if args.quick else 100

    out["initialize"] = summary(measure_initialize(argv, root, 5 if args.quick else 15, args.log))

    with open(args.draft, encoding="utf-8") as f:
        text = f.read()
    out["draft_bytes"] = len(text.encode())
    s = session(argv, root, args.log)
    try:
        # The first open also waits for the bundled Knowledge; later opens are what a writer
        # opening a second long draft sees.
        dt, p = open_document(s, "file://" + root + "/warmup.md", text)
        out["didOpen_first_process"] = dt * 1000.0
        opens = []
        for k in range(3 if args.quick else 7):
            uri = f"file://{root}/draft-{k}.md"
            dt, p = open_document(s, uri, f"<!-- copy {k} -->\n" + text)
            opens.append(dt)
            out["diagnostics_count"] = len(p.get("diagnostics", []))
            s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        out["didOpen_diagnostics"] = summary(opens)

        uri = f"file://{root}/draft.md"
        doc = Text(text)
        open_document(s, uri, text)
        positions = mention_offsets(doc.data, lexicon_forms())
        out["mentions_in_draft"] = len(positions)
        h, hn = bench_requests(s, uri, doc, positions, "textDocument/hover", rng, n * 10)
        out["hover"] = dict(summary(h), answered=hn)
        d, dn = bench_requests(s, uri, doc, positions, "textDocument/definition", rng, n * 5)
        out["definition"] = dict(summary(d), answered=dn)
        c, cn = bench_completion(s, uri, doc, positions, rng, n * 5)
        out["completion"] = dict(summary(c), answered=cn)
        e, version = bench_edits(s, uri, doc, rng, n * 2, 1)
        out["edit_diagnostics"] = summary(e)
        kinds, version = bench_edit_kinds(s, uri, doc, rng, n, version)
        out.update(kinds)
        if s.capabilities.get("semanticTokensProvider"):
            st = [s.call("textDocument/semanticTokens/full", {"textDocument": {"uri": uri}})[0]
                  for _ in range(5)]
            out["semantic_tokens_full"] = summary(st)
        out["peak_rss_mb"] = s.vm_hwm_kb() / 1024.0
    finally:
        s.close()


def corpus_bytes(d):
    # every source format a corpus folder may hold (grammar/source_text.h)
    return sum(os.path.getsize(p) for ext in ("txt", "md", "html", "htm", "xhtml", "pdf")
               for p in glob.glob(os.path.join(d, "*." + ext)))


def run_corpus(args, out):
    """Indexing a large corpus given with --corpus: throughput, progress, answers meanwhile."""
    argv = [args.server, "--corpus", args.corpus] + args.server_args
    root = tempfile.mkdtemp(prefix="accord-bench-ws-")
    rng = random.Random(9)
    size = corpus_bytes(args.corpus)
    out["corpus_bytes"] = size
    with open(args.draft, encoding="utf-8") as f:
        text = f.read()
    # A short draft: indexing, not the draft, is what is measured here.
    text = text[:100_000]
    doc = Text(text)
    s = session(argv, root, args.log, watch_log=True)
    try:
        uri = f"file://{root}/draft.md"
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                           "version": 1, "text": text}})
        positions = mention_offsets(doc.data, lexicon_forms())
        during, answered_during = [], 0

        def installed():
            """When the Knowledge of the whole corpus was installed, from the server's log
            ("knowledge: N commentaries, …": the first after "knowledge: building from", which
            follows the interim build of the bundled corpus), or None. A build shorter than
            the server's progress delay (250 ms) sends no $/progress at all."""
            building = False
            for t, line in list(s.log_lines):
                if "knowledge: building from" in line:
                    building = True
                elif building and re.search(r"knowledge: \d+ commentaries, \d+ terms, built in", line):
                    return t
            return None

        def indexing_over():
            if installed() is not None:
                return True
            ps = [p for p in s.progress.values() if "begin" in p]
            return bool(ps) and all("end" in p for p in ps)

        deadline = now() + args.index_timeout
        while not indexing_over() and now() < deadline:
            b, e = rng.choice(positions)
            dt, _ = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": doc.position(rng.randrange(b, e))},
                           timeout=args.index_timeout)
            if not indexing_over():
                during.append(dt)
                answered_during += 1
            s.pump(0.01)
        if not indexing_over():
            raise TimeoutError(f"indexing did not end ($/progress) within {args.index_timeout} s "
                               f"(progress seen: {s.progress})")
        ends = [p["end"] for p in s.progress.values() if "end" in p]
        t_installed = installed()
        # The earlier of the two: the log line is written just before $/progress ends.
        t_end = min([t for t in [t_installed] + ([max(ends)] if ends else []) if t is not None])
        out["ready_signal"] = "log" if t_end == t_installed else "$/progress"
        seconds = t_end - s.t_spawn
        out["index_seconds"] = seconds
        out["index_mb_per_s"] = size / 1e6 / seconds
        out["progress"] = {k: {"title": v.get("title"), "reports": v["reports"],
                               "ms": (v["end"] - v["begin"]) * 1000.0} for k, v in s.progress.items()}
        out["hover_during_indexing"] = dict(summary(during), answered=answered_during)
        # The first hover once the whole corpus is in: start to an answer from all of it.
        b, e = rng.choice(positions)
        dt, _ = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                              "position": doc.position(rng.randrange(b, e))})
        out["first_hover_after_ms"] = dt * 1000.0
        out["start_to_first_hover_s"] = now() - s.t_spawn
        h, hn = bench_requests(s, uri, doc, positions, "textDocument/hover", rng, 200 if args.quick else 1000)
        out["hover_after_indexing"] = dict(summary(h), answered=hn)
        out["peak_rss_mb_corpus"] = s.vm_hwm_kb() / 1024.0
    finally:
        s.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", default=os.path.join(ROOT, "build-bench", "accord-ls"))
    ap.add_argument("--server-arg", dest="server_args", action="append", default=[],
                    help="extra argument for accord-ls (repeatable)")
    ap.add_argument("--draft", help="the draft to open (default: generate 1 MB with gen.py)")
    ap.add_argument("--corpus", help="run the indexing benchmark with this corpus directory")
    ap.add_argument("--skip-bundled", action="store_true", help="only the --corpus benchmark")
    ap.add_argument("--index-timeout", type=float, default=120)
    ap.add_argument("--quick", action="store_true", help="fewer samples")
    ap.add_argument("--log", help="append accord-ls stderr to this file")
    ap.add_argument("--json", help="write the results here as JSON")
    args = ap.parse_args()
    if not os.access(args.server, os.X_OK):
        sys.exit(f"lsp_driver.py: no server at {args.server}; build it: "
                 "cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DACCORD_BENCH=ON "
                 "-DACCORD_TESTS=OFF && cmake --build build-bench -j2")
    if not args.draft:
        args.draft = os.path.join(tempfile.mkdtemp(prefix="accord-bench-"), "draft-1m.md")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), "draft", "--size", "1MB",
                        "-o", args.draft], check=True)
    # The server resolves a relative --corpus against the workspace folder (a temporary
    # directory here), not against our working directory.
    if args.corpus:
        args.corpus = os.path.abspath(args.corpus)
    out = {"server": args.server}
    if not args.skip_bundled:
        run_bundled(args, out)
    if args.corpus:
        run_corpus(args, out)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    print_results(out)


def print_results(out):
    for k, v in out.items():
        if isinstance(v, dict) and "p50" in v:
            extra = f"  answered {v['answered']}" if "answered" in v else ""
            print(f"{k:28} n={v['n']:<5} p50 {v['p50']:8.3f} ms  p99 {v['p99']:8.3f} ms  "
                  f"max {v['max']:8.3f} ms{extra}")
        elif isinstance(v, float):
            print(f"{k:28} {v:.3f}")
        else:
            print(f"{k:28} {v}")


if __name__ == "__main__":
    main()
