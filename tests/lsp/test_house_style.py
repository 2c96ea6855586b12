#!/usr/bin/env python3
"""The house-style check through the real binary: silent by default, on with
initializationOptions, changed with workspace/didChangeConfiguration, its quick fix writing the
house form in the language of the line, with UTF-16 ranges after Hangul and kanji; and
`accord-ls check --house-style`.

Usage: python3 test_house_style.py path/to/accord-ls
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_checks as tc  # noqa: E402  (the Client and helpers of the checks' LSP test)

BIN = tc.BIN
check = tc.check

# Line 2: Korean; line 3: Japanese; line 4: English. Columns in UTF-16 units.
DRAFT = ("# Note\n"
         "일본은 竹島 라고 부르고 한국은 독도 라고 부른다.\n"
         "日本政府は 竹島 の領有権を主張する。\n"
         "Missiles fell into the Sea of Japan near Takeshima.\n")


def house(diags):
    return [d for d in diags["diagnostics"] if d["code"] == "house-style"]


def test_lsp(tmp):
    # On from the start: initializationOptions (the client answers workspace/configuration
    # with null, which keeps them).
    c = tc.Client(tc.FULL_CAPS, tmp, init_options={"accord": {"houseStyle": {"islets": "Dokdo"}}})
    try:
        uri = "file://" + os.path.join(tmp, "islets.md")
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}})
        diags = c.wait_diagnostics(uri, lambda p: p.get("version") == 1 and house(p))
        check(diags is not None, "house-style diagnostics are pushed with the setting")
        if diags is None:
            return
        found = {(d["range"]["start"]["line"], d["range"]["start"]["character"],
                  d["range"]["end"]["character"]) for d in house(diags)}
        # 竹島 after "일본은 " on line 1 (4 units), after "日本政府は " on line 2 (6 units),
        # Takeshima on line 3; 독도 passes.
        want = {(1, 4, 6), (2, 6, 8), (3, 41, 50)}
        check(found == want, f"house-style ranges: {sorted(found)}")
        check(all(d["source"] == "accord" and d["severity"] == 2 for d in house(diags)),
              "source and severity")
        replaced = {}
        for d in house(diags):
            res = c.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": d["range"],
                "context": {"diagnostics": [d], "only": ["quickfix"]}})
            fixes = [a for a in res["result"] if a.get("kind") == "quickfix"]
            check(len(fixes) == 1 and fixes[0].get("isPreferred") is True,
                  f"one preferred fix: {[a.get('title') for a in res['result']]}")
            if fixes:
                replaced[d["range"]["start"]["line"]] = tc.apply_text_edits(
                    DRAFT, tc.edits_for(fixes[0]["edit"], uri)).split("\n")[d["range"]["start"]["line"]]
        check(replaced.get(1) == "일본은 독도 라고 부르고 한국은 독도 라고 부른다.",
              f"Korean line: {replaced.get(1)!r}")
        check(replaced.get(2) == "日本政府は 独島 の領有権を主張する。", f"Japanese line: {replaced.get(2)!r}")
        check(replaced.get(3) == "Missiles fell into the Sea of Japan near Dokdo.",
              f"English line: {replaced.get(3)!r}")

        # The sea too, and the islets the other way round: didChangeConfiguration.
        c.notify("workspace/didChangeConfiguration", {"settings": {"accord": {
            "houseStyle": {"islets": "Takeshima", "sea": "East Sea"}}}})
        diags = c.wait_diagnostics(uri, lambda p: {d["range"]["start"]["line"] for d in house(p)}
                                   == {1, 3})
        check(diags is not None, "the new house style is applied")
        if diags:
            got = sorted((d["range"]["start"]["line"], d["range"]["start"]["character"])
                         for d in house(diags))
            # 독도 on line 1 (after "일본은 竹島 라고 부르고 한국은 ": 18 units); Sea of Japan
            check(got == [(1, 18), (3, 23)], f"Takeshima and East Sea: {got}")

        # Off again: no setting, no house-style diagnostics.
        c.notify("workspace/didChangeConfiguration", {"settings": {"accord": {}}})
        diags = c.wait_diagnostics(uri, lambda p: not house(p))
        check(diags is not None, "without a house style the check is silent")
    finally:
        c.close()


def test_default_is_silent(tmp):
    c = tc.Client(tc.FULL_CAPS, tmp)
    try:
        uri = "file://" + os.path.join(tmp, "default.md")
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": DRAFT}})
        diags = c.wait_diagnostics(uri, lambda p: p.get("version") == 1)
        check(diags is not None and not house(diags),
              f"no house-style diagnostics by default: {diags and house(diags)}")
    finally:
        c.close()


def test_cli(tmp):
    path = os.path.join(tmp, "cli.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write(DRAFT)
    p = subprocess.run([BIN, "check", "--format", "json", "--house-style", "sea=East Sea",
                        "--house-style", "islets=Liancourt Rocks", path],
                       capture_output=True, timeout=300)
    check(p.returncode == 1, f"house-style findings are warnings: exit {p.returncode}")
    data = json.loads(p.stdout)
    found = sorted((f["range"]["startLine"], f["range"]["startColumn"])
                   for f in data["files"][0]["findings"] if f["code"] == "house-style")
    # code-point columns, 1-based: 竹島 and 독도 on line 2, 竹島 on 3, Sea of Japan and
    # Takeshima on 4
    check(found == [(2, 5), (2, 19), (3, 7), (4, 24), (4, 42)], f"CLI findings: {found}")
    p = subprocess.run([BIN, "check", "--house-style", "islets=Tokdo", path], capture_output=True,
                       timeout=300)
    check(p.returncode == 2 and b"unknown house style" in p.stderr,
          f"a bad house style is bad usage: {p.returncode} {p.stderr!r}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.path.realpath(tmp)
        for test in (lambda: test_lsp(tmp), lambda: test_default_is_silent(tmp),
                     lambda: test_cli(tmp)):
            try:
                test()
            except Exception as e:  # a crash in one part must not hide the others
                import traceback
                traceback.print_exc()
                tc.failures.append(f"exception: {e!r}")
    if tc.failures:
        print(f"{len(tc.failures)} failure(s)")
        sys.exit(1)
    print("test_house_style: all passed")


if __name__ == "__main__":
    main()
