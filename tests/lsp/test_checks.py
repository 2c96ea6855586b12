#!/usr/bin/env python3
"""Drafting checks through the real binary: `accord-ls check` (exit codes, text, JSON, SARIF,
the example drafts against examples/README.md), and over LSP: pushed and pulled diagnostics,
quick fixes, source actions and the commands carried out with workspace/applyEdit.

Usage: python3 test_checks.py path/to/accord-ls
"""
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 90  # seconds to wait for anything (the Knowledge builds at start; sanitizers are slow)

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


# ---------------------------------------------------------------------------------------------
# The command line

def cli(args, cwd=None):
    p = subprocess.run([BIN, "check", *args], capture_output=True, cwd=cwd, timeout=300)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def write(path, text, newline=""):
    with open(path, "w", encoding="utf-8", newline=newline) as f:
        f.write(text)


def test_cli(tmp):
    problem = os.path.join(tmp, "problem.md")
    # Korean before the term: the column counts characters (code points), not bytes.
    write(problem, "# Note\n\n서울과 도쿄: the DPRK tests again, the DPRK waits.\n")
    clean = os.path.join(tmp, "clean.md")
    write(clean, "# Note\n\nThe General Security of Military Information Agreement (GSOMIA) "
                 "holds, and GSOMIA helps.\n")
    hint = os.path.join(tmp, "hint.txt")
    write(hint, "Humanitarian assistance and disaster relief (HADR) drills are useful.\n")

    code, out, err = cli([])
    check(code == 2 and "no files" in err, f"check without files exits 2 ({code}, {err!r})")
    code, out, err = cli(["--format", "xml", problem])
    check(code == 2 and "unknown format" in err, f"unknown format exits 2 ({code})")
    code, out, err = cli(["--bogus", problem])
    check(code == 2 and "unknown option" in err, f"unknown option exits 2 ({code})")
    code, out, err = cli(["--check", "no-such-check=error", problem])
    check(code == 2, f"unknown check exits 2 ({code})")
    code, out, err = cli(["--help"])
    check(code == 0 and "usage: accord-ls check" in out, f"--help exits 0 ({code})")

    code, out, err = cli([clean])
    check(code == 0 and out == "", f"a clean draft exits 0 with no output ({code}, {out!r})")

    code, out, err = cli([problem])
    lines = out.splitlines()
    check(code == 1, f"a draft with a warning exits 1 ({code})")
    expected = (f"{problem}:3:13: warning: DPRK is never spelled out; at its first use write "
                "\u201cDemocratic People's Republic of Korea (DPRK)\u201d. [never-spelled-out]")
    check(lines == [expected], f"text output\n  got {lines}\n  want {[expected]}")
    for line in lines:
        check(re.match(r"^.+:\d+:\d+: (error|warning|information|hint|note): .+", line),
              f"compiler-style line: {line!r}")

    code, out, err = cli([hint])
    check(code == 0, f"hints alone exit 0 ({code})")
    check(out.startswith(f"{hint}:1:46: hint: HADR is spelled out but never used again")
          and out.rstrip().endswith("[used-once]"), f"hint line: {out!r}")

    code, out, err = cli(["--check", "never-spelled-out=off", problem])
    check(code == 0 and out == "", f"a check turned off ({code}, {out!r})")
    code, out, err = cli(["--check=never-spelled-out=error", problem])
    check(code == 1 and ": error: " in out, f"a check made an error ({code}, {out!r})")
    code, out, err = cli(["--well-known", "UN,US,DPRK", problem])
    check(code == 0 and out == "", f"--well-known ({code}, {out!r})")

    missing = os.path.join(tmp, "missing.md")
    code, out, err = cli([missing, problem])
    check(code == 2, f"an unreadable file exits 2 ({code})")
    check(f"cannot read {missing}" in err, f"the unreadable file is named: {err!r}")
    check("[never-spelled-out]" in out, "the readable file is still checked")
    code, out, err = cli([tmp])
    check(code == 2 and "is a directory" in err, f"a directory is reported ({code}, {err!r})")

    # The language comes from the extension: a LaTeX comment is not prose.
    tex = os.path.join(tmp, "note.tex")
    txt = os.path.join(tmp, "note.txt")
    write(tex, "Text.\n% the DPRK and the DPRK in a comment\n")
    write(txt, "Text.\n% the DPRK and the DPRK in a comment\n")
    check(cli([tex])[0] == 0, "LaTeX comments are not checked")
    check(cli([txt])[0] == 1, "the same line in plain text is")

    # CRLF: lines still count right.
    crlf = os.path.join(tmp, "crlf.md")
    write(crlf, "# Note\r\n\r\nThe DPRK tests; the DPRK waits.\r\n")
    code, out, err = cli([crlf])
    check(out.startswith(f"{crlf}:3:5: warning: DPRK"), f"CRLF line and column: {out!r}")

    # JSON.
    code, out, err = cli(["--format", "json", problem, hint])
    check(code == 1, f"json exit code ({code})")
    doc = json.loads(out)
    files = {f["file"]: f for f in doc["files"]}
    f = files[problem]["findings"]
    check(len(f) == 1 and f[0]["code"] == "never-spelled-out" and f[0]["severity"] == "warning",
          f"json finding: {f}")
    check(f[0]["range"] == {"startLine": 3, "startColumn": 13, "endLine": 3, "endColumn": 17},
          f"json range: {f[0]['range']}")
    titles = [x["title"] for x in f[0]["fixes"]]
    check(titles and titles[0].startswith("Spell out DPRK"), f"json fixes: {titles}")
    check(files[hint]["findings"][0]["severity"] == "hint", "json hint")
    check(doc["summary"] == {"error": 0, "warning": 1, "information": 0, "hint": 1},
          f"json summary: {doc['summary']}")
    check(doc["columns"] == "unicodeCodePoints", "json says how columns count")
    code, out, err = cli(["--format", "json", clean])
    check(code == 0 and json.loads(out)["files"][0]["findings"] == [], "json clean")

    # SARIF 2.1.0.
    code, out, err = cli(["--format", "sarif", problem, missing])
    check(code == 2, f"sarif with an unreadable file exits 2 ({code})")
    sarif = json.loads(out)
    check(sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"], "sarif version")
    run = sarif["runs"][0]
    check(run["tool"]["driver"]["name"] == "accord-ls", "sarif tool")
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    check(rules == ["used-before-defined", "never-spelled-out", "defined-twice", "defined-two-ways",
                    "expansion-differs", "used-once", "fact-contradicts",
                    "undefined-acronym", "house-style"], f"sarif rules: {rules}")
    check(run["columnKind"] == "unicodeCodePoints", "sarif column kind")
    res = run["results"]
    check(len(res) == 1 and res[0]["ruleId"] == "never-spelled-out" and res[0]["level"] == "warning"
          and rules[res[0]["ruleIndex"]] == "never-spelled-out", f"sarif result: {res}")
    loc = res[0]["locations"][0]["physicalLocation"]
    check(loc["region"]["startLine"] == 3 and loc["region"]["startColumn"] == 13
          and loc["region"]["endColumn"] == 17, f"sarif region: {loc['region']}")
    check(loc["artifactLocation"]["uri"].endswith("/problem.md"), f"sarif uri: {loc['artifactLocation']}")
    check(res[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
          == "Democratic People's Republic of Korea (DPRK)", "sarif fix")
    inv = run["invocations"][0]
    check(inv["executionSuccessful"] is False and "cannot read" in
          inv["toolExecutionNotifications"][0]["message"]["text"], "sarif reports the unreadable file")
    code, out, err = cli(["--format", "sarif", hint])
    check(code == 0 and json.loads(out)["runs"][0]["results"][0]["level"] == "note", "sarif hint is a note")


def parse_lines(field):
    """'1, 7' -> {1, 7}; '22–23' -> {22, 23}."""
    out = set()
    for part in field.split(","):
        part = part.strip()
        m = re.match(r"^(\d+)\s*[-\u2013]\s*(\d+)$", part)
        if m:
            out.update(range(int(m.group(1)), int(m.group(2)) + 1))
        elif part.isdigit():
            out.add(int(part))
    return out


def test_examples():
    """Each example's findings match the README's expectations, and nothing else is reported."""
    readme = open(os.path.join(ROOT, "examples", "README.md"), encoding="utf-8").read()
    expected = {}
    current = None
    for line in readme.splitlines():
        m = re.match(r"^## (\S+)", line)
        if m:
            current = m.group(1)
            expected[current] = []
            in_expected = False
            continue
        if current is None:
            continue
        if line.startswith("Expected"):
            in_expected = True
        elif line.startswith("Must not") or line.startswith("Also in it"):
            in_expected = False
        elif in_expected and line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2 and cells[0] != "line":
                expected[current].append((parse_lines(cells[0]), cells[1]))
    check(len(expected) >= 3, f"examples/README.md lists the examples: {list(expected)}")
    paths = [os.path.join("examples", name) for name in sorted(expected)]
    code, out, err = cli(["--format", "json", *paths], cwd=ROOT)
    check(code == 1, f"the examples have warnings ({code}): {err}")
    doc = json.loads(out)
    for f in doc["files"]:
        name = os.path.basename(f["file"])
        rows = expected[name]
        got = [(x["range"]["startLine"], x["code"]) for x in f["findings"]]
        for lines, code_ in rows:
            check(any(c == code_ and l in lines for l, c in got),
                  f"{name}: expected {code_} on line(s) {sorted(lines)}; got {got}")
        for l, c in got:
            check(any(c == code_ and l in lines for lines, code_ in rows),
                  f"{name}: unexpected {c} on line {l}")


# ---------------------------------------------------------------------------------------------
# LSP

class Client:
    def __init__(self, capabilities, root, init_options=None, apply=True):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([BIN, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr)
        self.next_id = 1
        self.responses = {}
        self.notifications = queue.Queue()
        self.applied = []  # params of workspace/applyEdit requests the server sent
        self.apply = apply
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.root = root
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + root, "capabilities": capabilities,
            "initializationOptions": init_options or {}})
        self.capabilities = result["result"]["capabilities"]
        self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            msg = json.loads(body)
            if "id" in msg and "method" in msg:
                self._answer(msg)
            elif "id" in msg:
                with self.lock:
                    self.responses[msg["id"]] = msg
                    self.lock.notify_all()
            else:
                self.notifications.put(msg)

    def _answer(self, msg):
        method = msg["method"]
        if method == "workspace/applyEdit":
            self.applied.append(msg["params"])
            result = {"applied": self.apply}
        elif method == "workspace/configuration":
            result = [None for _ in msg["params"]["items"]]
        else:
            result = None
        self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def _send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:  # absent, not null: JSON-RPC allows only objects and arrays
            msg["params"] = params
        self._send(msg)
        deadline = time.time() + TIMEOUT
        with self.lock:
            while rid not in self.responses:
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError(method)
                self.lock.wait(left)
            return self.responses.pop(rid)

    def notify(self, method, params):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self._send(msg)

    def wait_diagnostics(self, uri, predicate=lambda p: True, timeout=TIMEOUT):
        """The next publishDiagnostics for `uri` that satisfies `predicate`."""
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                return None
            try:
                msg = self.notifications.get(timeout=left)
            except queue.Empty:
                return None
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
                if predicate(msg["params"]):
                    return msg["params"]

    def drain(self, seconds):
        """Notifications that arrive within `seconds`."""
        got = []
        deadline = time.time() + seconds
        while True:
            left = deadline - time.time()
            if left <= 0:
                return got
            try:
                got.append(self.notifications.get(timeout=left))
            except queue.Empty:
                return got

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            code = self.proc.wait(timeout=30)
            # 0 after shutdown; a sanitizer report at exit would change it.
            self.stderr.seek(0)
            log = self.stderr.read().decode("utf-8", "replace")
            check(code == 0 and "Sanitizer" not in log,
                  f"the server exits with 0 after shutdown and exit ({code}): {log[-2000:]}")
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def utf16_offset_to_index(line, character):
    units = 0
    for i, ch in enumerate(line):
        if units >= character:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


def apply_text_edits(text, edits):
    """LSP edits (UTF-16 positions, all against the original text) applied to `text`."""
    lines = text.split("\n")
    starts = [0]
    for l in lines[:-1]:
        starts.append(starts[-1] + len(l) + 1)

    def index(pos):
        line = min(pos["line"], len(lines) - 1)
        return starts[line] + utf16_offset_to_index(lines[line], pos["character"])

    spans = sorted(((index(e["range"]["start"]), index(e["range"]["end"]), e["newText"]) for e in edits),
                   reverse=True)
    for b, e, new in spans:
        text = text[:b] + new + text[e:]
    return text


def edits_for(edit, uri):
    if "documentChanges" in edit:
        out = []
        for change in edit["documentChanges"]:
            if change.get("textDocument", {}).get("uri") == uri:
                out.extend(change["edits"])
        return out
    return edit.get("changes", {}).get(uri, [])


FULL_CAPS = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "publishDiagnostics": {"relatedInformation": True, "tagSupport": {"valueSet": [1, 2]}},
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
            "quickfix", "source", "source.accord.abbreviationTable", "source.accord.citeCommentary"]}}},
    },
    "workspace": {"applyEdit": True,
                  "workspaceEdit": {"documentChanges": True, "resourceOperations": ["create"]}},
}

DRAFT = ("# Brief \U0001F4CC\n"
         "\n"
         "서울: the GSOMIA matters \U0001F602. The DPRK tests.\n"
         "\n"
         "The General Security of Military Information Agreement (GSOMIA) was signed in 2014. "
         "GSOMIA holds, and the DPRK waits.\n")


def test_lsp_push(tmp):
    c = Client(FULL_CAPS, tmp)
    try:
        check(c.capabilities.get("codeActionProvider"), "codeActionProvider advertised")
        cmds = c.capabilities.get("executeCommandProvider", {}).get("commands", [])
        check("accord.insertAbbreviationTable" in cmds and "accord.citeCommentary" in cmds,
              f"commands advertised: {cmds}")
        uri = "file://" + os.path.join(tmp, "brief.md")
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}})
        diags = c.wait_diagnostics(uri, lambda p: p.get("version") == 1 and p["diagnostics"])
        check(diags is not None, "diagnostics are pushed after didOpen")
        if diags is None:
            return
        by_code = {d["code"]: d for d in diags["diagnostics"]}
        check(sorted(by_code) == ["fact-contradicts", "never-spelled-out", "used-before-defined"],
              f"codes: {sorted(by_code)}")
        ubd = by_code.get("used-before-defined")
        check(ubd and ubd["range"] == {"start": {"line": 2, "character": 8}, "end": {"line": 2, "character": 14}},
              f"UTF-16 range after Hangul: {ubd and ubd['range']}")
        nso = by_code.get("never-spelled-out")
        check(nso and nso["range"]["start"] == {"line": 2, "character": 31}, f"UTF-16 range after emoji: {nso and nso['range']}")
        check(all(d["source"] == "accord" and d["severity"] == 2 for d in diags["diagnostics"]), "source and severity")
        rel = ubd and ubd.get("relatedInformation")
        check(rel and rel[0]["location"]["uri"] == uri and rel[0]["location"]["range"]["start"]["line"] == 4,
              f"related information points at the definition: {rel}")
        fact = by_code.get("fact-contradicts")
        frel = fact and fact.get("relatedInformation")
        check(frel and frel[0]["location"]["uri"].startswith("file://") and
              frel[0]["location"]["uri"].endswith(".txt"), f"a fact's related information is a commentary: {frel}")

        # Quick fix for used-before-defined, with the diagnostic from the editor.
        res = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": ubd["range"],
                                                    "context": {"diagnostics": [ubd]}})
        actions = res["result"]
        fixes = [a for a in actions if a.get("kind") == "quickfix"]
        check(fixes and fixes[0]["title"] == "Spell out GSOMIA here and drop the later definition"
              and fixes[0].get("isPreferred") is True and fixes[0]["diagnostics"][0]["code"] == "used-before-defined",
              f"quick fix: {[a.get('title') for a in actions]}")
        text = DRAFT
        if fixes:
            text = apply_text_edits(DRAFT, edits_for(fixes[0]["edit"], uri))
            check(text == DRAFT.replace("the GSOMIA matters", "the General Security of Military Information "
                                        "Agreement (GSOMIA) matters").replace(
                "The General Security of Military Information Agreement (GSOMIA) was", "The GSOMIA was"),
                  f"the fix applied: {text!r}")
        # The fix for the year, without the diagnostic's data: found again in the current text.
        no_data = dict(fact)
        no_data.pop("data", None)
        res = c.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": fact["range"],
                                                    "context": {"diagnostics": [no_data], "only": ["quickfix"]}})
        year = [a for a in res["result"] if a["title"] == "Change the year to 2016"]
        check(len(year) == 1 and apply_text_edits(DRAFT, edits_for(year[0]["edit"], uri)) ==
              DRAFT.replace("2014", "2016"), f"year fix: {res['result']}")

        # Editing republishes.
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                            "contentChanges": [{"text": text}]})
        diags = c.wait_diagnostics(uri, lambda p: p.get("version") == 2)
        codes = sorted(d["code"] for d in diags["diagnostics"]) if diags else None
        check(codes == ["fact-contradicts", "never-spelled-out"], f"after the fix: {codes}")

        # Source actions on a term.
        gsomia_line = text.split("\n")[4]
        pos = {"line": 4, "character": gsomia_line.index("GSOMIA") + 1}
        res = c.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                                                    "range": {"start": pos, "end": pos},
                                                    "context": {"diagnostics": [], "only": ["source"]}})
        titles = [a["title"] for a in res["result"]]
        check("Insert table of abbreviations" in titles and "Cite the commentary on GSOMIA" in titles,
              f"source actions: {titles}")
        check(all(a["kind"].startswith("source.") and "command" in a for a in res["result"]), "source actions are commands")

        # accord.insertAbbreviationTable, carried out with workspace/applyEdit.
        c.applied.clear()
        res = c.request("workspace/executeCommand", {"command": "accord.insertAbbreviationTable",
                                                     "arguments": [{"uri": uri}]})
        check("error" not in res and res.get("result") is None, f"table command: {res}")
        check(len(c.applied) == 1, "the server asked the editor to apply the table")
        if c.applied:
            table_text = apply_text_edits(text, edits_for(c.applied[0]["edit"], uri))
            check("## Abbreviations\n\n| Abbreviation | Meaning |\n|---|---|\n| DPRK | Democratic People's Republic "
                  "of Korea |\n| GSOMIA | General Security of Military Information Agreement |\n" in table_text
                  and table_text.startswith("# Brief \U0001F4CC\n\n## Abbreviations"), f"table: {table_text!r}")

        # accord.citeCommentary: a Chicago footnote in Markdown.
        c.applied.clear()
        res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary",
                                                     "arguments": [{"uri": uri, "position": pos}]})
        check("error" not in res, f"cite command: {res}")
        if c.applied:
            cited = apply_text_edits(text, edits_for(c.applied[0]["edit"], uri))
            m = re.search(r"The GSOMIA\[\^(\w+)\] was signed", cited)
            check(m and re.search(r"\n\[\^" + (m.group(1) if m else "x") + r"\]: .+\u201c.+,\u201d .+\.\n$", cited),
                  f"footnote: {cited!r}")
        else:
            check(False, "the server asked the editor to apply the citation")

        # Nothing to cite where there is no term: an error, not an edit.
        c.applied.clear()
        res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary",
                                                     "arguments": [{"uri": uri, "position": {"line": 0, "character": 2}}]})
        check(res.get("error", {}).get("code") == -32803 and not c.applied, f"nothing to cite: {res}")
        res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary", "arguments": [{"uri": uri}]})
        check(res.get("error", {}).get("code") == -32602, f"missing position: {res}")

        # LaTeX: \cite plus a BibTeX entry in a .bib file the server creates.
        tex_uri = "file://" + os.path.join(tmp, "note.tex")
        tex = "\\documentclass{article}\n\\begin{document}\nThe GSOMIA and GSOMIA.\n\\end{document}\n"
        c.notify("textDocument/didOpen", {"textDocument": {"uri": tex_uri, "languageId": "latex", "version": 1, "text": tex}})
        c.applied.clear()
        res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary", "arguments": [
            {"uri": tex_uri, "position": {"line": 2, "character": 5}}]})
        check("error" not in res, f"cite in LaTeX: {res}")
        bib_uri = "file://" + os.path.join(tmp, "references.bib")
        if c.applied:
            changes = c.applied[0]["edit"]["documentChanges"]
            kinds = [ch.get("kind", "edit") for ch in changes]
            check(kinds == ["edit", "create", "edit"] and changes[1]["uri"] == bib_uri, f"documentChanges: {changes}")
            new_tex = apply_text_edits(tex, edits_for(c.applied[0]["edit"], tex_uri))
            m = re.search(r"The GSOMIA~\\cite\{(\w+)\} and GSOMIA\.", new_tex)
            check(m is not None, f"\\cite inserted: {new_tex!r}")
            bib = apply_text_edits("", edits_for(c.applied[0]["edit"], bib_uri))
            check(m and bib.startswith("@") and "{" + m.group(1) + "," in bib, f"bib entry: {bib!r}")
            # The editor created the file; citing again adds no second entry.
            write(os.path.join(tmp, "references.bib"), bib)
            c.applied.clear()
            res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary", "arguments": [
                {"uri": tex_uri, "position": {"line": 2, "character": 17}}]})
            check("error" not in res and c.applied and
                  [ch.get("kind", "edit") for ch in c.applied[0]["edit"]["documentChanges"]] == ["edit"],
                  f"second citation leaves the .bib alone: {c.applied}")
        else:
            check(False, "the server asked the editor to apply the LaTeX citation")

        # accord.applyFix with the data of a diagnostic.
        c.applied.clear()
        nso2 = [d for d in (diags["diagnostics"] if diags else []) if d["code"] == "never-spelled-out"]
        if nso2:
            fix = nso2[0]["data"]["fixes"][0]
            res = c.request("workspace/executeCommand", {"command": "accord.applyFix", "arguments": [
                {"uri": uri, "version": 2, "fix": fix}]})
            check("error" not in res and c.applied, f"applyFix: {res}")
            if c.applied:
                fixed = apply_text_edits(text, edits_for(c.applied[0]["edit"], uri))
                check("The Democratic People's Republic of Korea (DPRK) tests." in fixed, f"applyFix text: {fixed!r}")
            res = c.request("workspace/executeCommand", {"command": "accord.applyFix", "arguments": [
                {"uri": uri, "version": 1, "fix": fix}]})
            check(res.get("error", {}).get("code") == -32801, f"a stale fix is refused: {res}")

        # Settings: a severity and a debounce; a burst of edits gives one publication.
        c.notify("workspace/didChangeConfiguration", {"settings": {"accord": {
            "checks": {"never-spelled-out": "error"}, "diagnostics": {"debounceMs": 300}}}})
        d = c.wait_diagnostics(uri, lambda p: any(x["code"] == "never-spelled-out" and x["severity"] == 1
                                                  for x in p["diagnostics"]))
        check(d is not None, "a severity from the settings")
        for v in range(3, 8):
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                                "contentChanges": [{"text": text + ("x" * v)}]})
        got = [m for m in c.drain(2.0) if m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == uri]
        check(len(got) == 1 and got[0]["params"]["version"] == 7,
              f"debounced burst: {[m['params'].get('version') for m in got]}")

        # Closing clears.
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        d = c.wait_diagnostics(uri, lambda p: p["diagnostics"] == [])
        check(d is not None, "didClose clears the diagnostics")
    finally:
        c.close()


def test_lsp_pull(tmp):
    caps = json.loads(json.dumps(FULL_CAPS))
    caps["textDocument"]["diagnostic"] = {"dynamicRegistration": False}
    c = Client(caps, tmp)
    try:
        check("diagnosticProvider" in c.capabilities, "diagnosticProvider advertised")
        uri = "file://" + os.path.join(tmp, "pull.md")
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}})
        report = None
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            res = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
            report = res.get("result")
            if report and report.get("items"):
                break
            time.sleep(0.2)
        check(report and report["kind"] == "full" and
              sorted(d["code"] for d in report["items"]) == ["fact-contradicts", "never-spelled-out", "used-before-defined"],
              f"pulled diagnostics: {report}")
        if report and report.get("resultId"):
            res = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri},
                                                        "previousResultId": report["resultId"]})
            check(res["result"] == {"kind": "unchanged", "resultId": report["resultId"]}, f"unchanged: {res}")
        pushed = [m for m in c.drain(1.0) if m.get("method") == "textDocument/publishDiagnostics"]
        check(not pushed, "a pull client gets no pushed diagnostics")
    finally:
        c.close()


def test_lsp_no_resource_operations(tmp):
    caps = json.loads(json.dumps(FULL_CAPS))
    caps["workspace"]["workspaceEdit"] = {}
    sub = os.path.join(tmp, "plain")
    os.makedirs(sub, exist_ok=True)
    c = Client(caps, sub)
    try:
        tex_uri = "file://" + os.path.join(sub, "note.tex")
        tex = "The GSOMIA holds.\n"
        c.notify("textDocument/didOpen", {"textDocument": {"uri": tex_uri, "languageId": "latex", "version": 1, "text": tex}})
        args = [{"uri": tex_uri, "position": {"line": 0, "character": 5}, "bibFile": "refs.bib"}]
        deadline = time.time() + TIMEOUT
        while True:
            res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary", "arguments": args})
            if "loading" not in res.get("error", {}).get("message", "") or time.time() > deadline:
                break
            time.sleep(0.2)
        check(res.get("error", {}).get("code") == -32803 and "does not exist" in res["error"]["message"],
              f"no .bib and no way to create it: {res}")
        write(os.path.join(sub, "refs.bib"), "% my references\n")
        c.applied.clear()
        res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary", "arguments": args})
        check("error" not in res and c.applied, f"an existing .bib is edited: {res}")
        if c.applied:
            changes = c.applied[0]["edit"].get("changes", {})
            bib_uri = "file://" + os.path.join(sub, "refs.bib")
            check(set(changes) == {tex_uri, bib_uri}, f"changes map: {list(changes)}")
            bib = apply_text_edits("% my references\n", changes.get(bib_uri, []))
            check(bib.startswith("% my references\n\n@"), f"appended to the .bib: {bib!r}")
    finally:
        c.close()


def test_lsp_create_without_document_changes(tmp):
    """Neovim 0.7 lists "create" among its resource operations but not documentChanges: the first
    \\cite still creates the .bib file (a CreateFile in documentChanges, which it applies)."""
    caps = json.loads(json.dumps(FULL_CAPS))
    caps["workspace"]["workspaceEdit"] = {"resourceOperations": ["rename", "create", "delete"]}
    sub = os.path.join(tmp, "nvim07")
    os.makedirs(sub, exist_ok=True)
    c = Client(caps, sub)
    try:
        tex_uri = "file://" + os.path.join(sub, "note.tex")
        tex = "The GSOMIA holds.\n"
        c.notify("textDocument/didOpen", {"textDocument": {"uri": tex_uri, "languageId": "latex", "version": 1, "text": tex}})
        args = [{"uri": tex_uri, "position": {"line": 0, "character": 5}}]
        deadline = time.time() + TIMEOUT
        while True:
            c.applied.clear()
            res = c.request("workspace/executeCommand", {"command": "accord.citeCommentary", "arguments": args})
            if "loading" not in res.get("error", {}).get("message", "") or time.time() > deadline:
                break
            time.sleep(0.2)
        check("error" not in res and c.applied, f"first \\cite without a .bib: {res}")
        if c.applied:
            changes = c.applied[0]["edit"].get("documentChanges", [])
            bib_uri = "file://" + os.path.join(sub, "references.bib")
            kinds = [ch.get("kind", "edit") for ch in changes]
            check(kinds == ["edit", "create", "edit"] and changes[1]["uri"] == bib_uri,
                  f"the .bib is created: {changes}")
    finally:
        c.close()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        for test in (lambda: test_cli(tmp), test_examples, lambda: test_lsp_push(tmp),
                     lambda: test_lsp_pull(tmp), lambda: test_lsp_no_resource_operations(tmp),
                     lambda: test_lsp_create_without_document_changes(tmp)):
            try:
                test()
            except Exception as e:  # a crash in one part must not hide the others
                import traceback
                traceback.print_exc()
                failures.append(f"exception: {e!r}")
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("test_checks: all passed")


if __name__ == "__main__":
    main()
