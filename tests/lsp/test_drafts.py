#!/usr/bin/env python3
"""The acronym checks on the briefs of tests/drafts: every acronym a careful editor would ask to
have spelled out gets a first-use finding, and nothing else does (tests/drafts/README.md).
Usage: test_drafts.py ACCORD_LS [--report]"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DRAFTS = os.path.join(HERE, "..", "drafts")
FIRST_USE = {"never-spelled-out", "undefined-acronym", "used-before-defined"}


def findings(ls, path):
    out = subprocess.run([ls, "check", "--format", "json", path], capture_output=True, text=True,
                         timeout=120)
    if out.returncode not in (0, 1):
        raise SystemExit(f"accord-ls check {path} exited {out.returncode}: {out.stderr}")
    data = json.loads(out.stdout)
    text = open(path, encoding="utf-8").read().split("\n")
    got = []
    for f in data["files"][0]["findings"]:
        r = f["range"]
        line = text[r["startLine"] - 1]
        word = line[r["startColumn"] - 1:r["endColumn"] - 1]
        got.append((f["code"], word))
    return got


def key(word):
    w = word.replace(".", "")
    for end in ("'s", "\u2019s"):
        if w.endswith(end):
            w = w[: -len(end)]
    if len(w) >= 3 and w.endswith("s") and (w[-2].isupper() or w[-2].isdigit()):
        w = w[:-1]
    return w


def main():
    ls = sys.argv[1]
    failures = []
    totals = {}
    for part in ("tune", "heldout"):
        found_gold = gold_n = false_pos = 0
        folder = os.path.join(DRAFTS, part)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".gold.json"):
                continue
            path = os.path.join(folder, name)
            gold = json.load(open(os.path.join(folder, name.rsplit(".", 1)[0] + ".gold.json")))
            got = findings(ls, path)
            flagged = {key(w) for code, w in got if code in FIRST_USE}
            every = {key(w) for code, w in got}
            flag = {key(w) for w in gold["flag"]}
            either = {key(w) for w in gold.get("either", [])}
            quiet = set(gold["quiet"])
            missed = flag - flagged
            extra = flagged - flag - either
            noisy = quiet & every
            gold_n += len(flag)
            found_gold += len(flag & flagged)
            false_pos += len(extra | noisy)
            for m in sorted(missed):
                failures.append(f"{part}/{name}: {m} is not flagged")
            for x in sorted(extra):
                failures.append(f"{part}/{name}: {x} is flagged but should not be")
            for q in sorted(noisy):
                failures.append(f"{part}/{name}: planted negative {q} got a finding")
        totals[part] = (found_gold, gold_n, false_pos)
    for part, (f, n, fp) in totals.items():
        print(f"{part}: {f}/{n} planted acronyms flagged, {fp} wrong findings")
    for line in failures:
        print("FAIL", line)
    print(f"{1 if not failures else 0} passed, {0 if not failures else 1} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
