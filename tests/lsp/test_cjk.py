#!/usr/bin/env python3
"""Korean and Japanese drafts through the real binary (issue 18): hover, definition and
diagnostic ranges are exact in UTF-16 (the default) and in UTF-8 (when the client offers it) on
lines with Hangul, kanji, full-width forms and emoji (surrogate pairs) before the mention. Each
range the server answers is cut out of the draft in the negotiated encoding and must be exactly
the mention's text.

Usage: python3 test_cjk.py path/to/accord-ls
"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp  # noqa: E402
from lsp import Server  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "tests", "unit", "data", "features", "corpus")
URI = "file:///drafts/cjk.md"

LEXICON = {"terms": [
    {"id": "gsomia", "kind": "agreement", "short": "GSOMIA",
     "long": "General Security of Military Information Agreement",
     "aliases": ["지소미아", "한일 군사정보보호협정", "日韓秘密軍事情報保護協定"],
     "gloss": "A pact on sharing classified military information."},
    {"id": "thaad", "kind": "acronym", "short": "THAAD", "long": "Terminal High Altitude Area Defense",
     "aliases": ["사드"], "gloss": "A missile defence system."},
    {"id": "six-party-talks", "kind": "forum", "short": "6PT", "long": "Six-Party Talks",
     "aliases": ["6者協議", "6자회담"], "gloss": "Talks on North Korea's nuclear programme."},
    {"id": "korus-fta", "kind": "agreement", "short": "KORUS FTA",
     "long": "Korea-United States Free Trade Agreement", "aliases": ["한미 FTA"],
     "gloss": "The trade agreement between Korea and the United States."},
    {"id": "dokdo", "kind": "place", "long": "Dokdo", "aliases": ["독도", "竹島", "Takeshima"],
     "gloss": "Islets that Korea and Japan both claim."},
]}

# Every line has something of more than one UTF-16 unit or byte before its mentions.
DRAFT = (
    "# 한일 안보 😂\n"
    "\n"
    "😂 정부는 한일 군사정보보호협정(GSOMIA)을 연장했다. 😂 GSOMIA는 중요하고 지소미아를 지지한다.\n"
    "日本は😂６者協議で竹島を論じ、ＧＳＯＭＩＡにも触れた。\n"
    "¥↓ 한미FTA와 사드의 배치, 😂😂 ＴＨＡＡＤ.\n"
)

# (line, text of the mention, term id it must hover as): in order of the draft
MENTIONS = [
    (2, "한일 군사정보보호협정", "gsomia"),
    (2, "GSOMIA", "gsomia"),
    (2, "지소미아", "gsomia"),
    (3, "６者協議", "six-party-talks"),
    (3, "竹島", "dokdo"),
    (3, "ＧＳＯＭＩＡ", "gsomia"),
    (4, "한미FTA", "korus-fta"),
    (4, "사드", "thaad"),
    (4, "ＴＨＡＡＤ", "thaad"),
]


def units(s, encoding):
    return len(s.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(s.encode("utf-8"))


def cut(text, rng, encoding):
    """The text of `rng` (LSP positions in `encoding`) in `text`."""
    lines = text.split("\n")

    def offset(p):
        line = lines[p["line"]]
        enc = "utf-16-le" if encoding == "utf-16" else "utf-8"
        width = 2 if encoding == "utf-16" else 1
        raw = line.encode(enc)
        assert p["character"] * width <= len(raw), "column past the line's end: %r" % p
        prefix = raw[:p["character"] * width].decode(enc)  # fails inside a character
        return sum(len(x) + 1 for x in lines[:p["line"]]) + len(prefix)

    return text[offset(rng["start"]):offset(rng["end"])]


def position(text, line, needle, encoding, nth=0):
    """The position of the nth `needle` on `line`, one character into it."""
    row = text.split("\n")[line]
    at = -1
    for _ in range(nth + 1):
        at = row.index(needle, at + 1)
    return {"line": line, "character": units(row[:at + 1], encoding)}


def session(binary, encoding, lexicon_dir):
    s = Server(binary, "--corpus", CORPUS, "--lexicon", lexicon_dir)
    caps = {"general": {"positionEncodings": [encoding]} if encoding == "utf-8" else {},
            "textDocument": {"hover": {"contentFormat": ["plaintext"]},
                             "publishDiagnostics": {"relatedInformation": True}}}
    init = s.initialize(caps)
    assert init["capabilities"]["positionEncoding"] == encoding, init["capabilities"]
    s.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "markdown",
                                                       "version": 1, "text": DRAFT}})
    return s


def diagnostics(s, timeout=60):
    deadline = time.time() + timeout
    while True:
        msg = s.read_message(timeout=max(0.1, deadline - time.time()))
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == URI:
            return msg["params"]["diagnostics"]
        if "method" in msg and "id" in msg:
            s.answer_server_request(msg)


def check_encoding(binary, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "terms.json"), "w", encoding="utf-8") as f:
            json.dump(LEXICON, f, ensure_ascii=False)
        s = session(binary, encoding, tmp)
        seen = {}
        for line, needle, term in MENTIONS:
            nth = seen.get((line, needle), 0)
            seen[(line, needle)] = nth + 1
            p = position(DRAFT, line, needle, encoding, nth)
            r = s.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": p})
            hover = r["result"]
            assert hover is not None, "no hover on %s at %r (%s)" % (needle, p, encoding)
            got = cut(DRAFT, hover["range"], encoding)
            assert got == needle, "hover range on %s cuts %r (%s)" % (needle, got, encoding)
        # ordinary words: no hover ("정부는", "日本は", "배치")
        for line, needle in [(2, "정부는"), (3, "日本は"), (4, "배치")]:
            p = position(DRAFT, line, needle, encoding)
            r = s.call("textDocument/hover", {"textDocument": {"uri": URI}, "position": p})
            assert r["result"] is None, "hover on the ordinary word %s: %r" % (needle, r["result"])
        # go to definition from "GSOMIA는" (line 2): the draft's own definition, whose range
        # must cut out one of its two forms
        p = position(DRAFT, 2, "GSOMIA", encoding, 1)
        r = s.call("textDocument/definition", {"textDocument": {"uri": URI}, "position": p})
        locations = r["result"]
        locations = locations if isinstance(locations, list) else [locations]
        mine = [x for x in locations if x.get("uri", x.get("targetUri")) == URI]
        assert mine, "no definition in the draft: %r" % locations
        for x in mine:
            rng = x.get("range", x.get("targetSelectionRange"))
            got = cut(DRAFT, rng, encoding)
            assert got in ("GSOMIA", "한일 군사정보보호협정", "한일 군사정보보호협정(GSOMIA)"), \
                "definition range cuts %r (%s)" % (got, encoding)
        # diagnostics: THAAD is never spelled out, first used as "사드"/"ＴＨＡＡＤ"; each range
        # must cut out a mention's text, never half a character
        diags = diagnostics(s)
        texts = [cut(DRAFT, d["range"], encoding) for d in diags]
        assert texts, "no diagnostics (%s)" % encoding
        for d, t in zip(diags, texts):
            assert t in [m[1] for m in MENTIONS] or "THAAD" in t or "GSOMIA" in t, \
                "diagnostic %r cuts %r (%s)" % (d["message"], t, encoding)
        assert "ＴＨＡＡＤ" in texts, (texts, encoding)
        # a Korean name with Latin capitals in it is a name, not an acronym to spell out
        assert "한미FTA" not in texts, (texts, encoding)
        assert s.shutdown_and_exit() == 0


def test_utf16(binary):
    check_encoding(binary, "utf-16")


def test_utf8(binary):
    check_encoding(binary, "utf-8")


if __name__ == "__main__":
    lsp.main([test_utf16, test_utf8])
