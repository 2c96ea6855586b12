#!/usr/bin/env python3
"""A user's own library through the real binary: a folder with two PDFs, a web page saved from
a browser, a Better BibTeX export naming one of the PDFs, and a corrupt PDF.

- a term defined only on page 2 of a PDF hovers with "p. 2", the export's title and key;
- the other PDF's card uses the title in its metadata;
- the web page's navigation, scripts and footer are not mined;
- the corrupt PDF is reported by name with the reason, and the rest loads;
- go to definition opens the PDF's text rendering, with a page marker, at the definition;
- `accord-ls index` fills the cache; a second run reads nothing, and after one file changes
  reads that one alone.

Usage: python3 test_library.py path/to/accord-ls
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "unit", "data", "library")
sys.path.insert(0, HERE)
import lsp  # noqa: E402
from lsp import Server  # noqa: E402

BIB = """@techreport{roeAlliances2019,
  title = {Alliances under {Strain}: A Working Paper},
  author = {Roe, Jane and Doe, John},
  date = {2019-03-14},
  institution = {Example Institute},
  number = {12},
  file = {Full Text PDF:files/7/roe-2019-alliances.pdf:application/pdf}
}
"""


def make_library(root):
    lib = os.path.join(root, "library")
    os.makedirs(lib)
    shutil.copy(os.path.join(DATA, "report.pdf"), os.path.join(lib, "roe-2019-alliances.pdf"))
    shutil.copy(os.path.join(DATA, "titled.pdf"), os.path.join(lib, "cooperation-ahead.pdf"))
    shutil.copy(os.path.join(DATA, "saved-page.html"), os.path.join(lib, "allies-at-odds.html"))
    with open(os.path.join(lib, "My Library.bib"), "w") as f:
        f.write(BIB)
    with open(os.path.join(lib, "broken.pdf"), "wb") as f:
        f.write(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n" + b"\x00\xff" * 64)
    return lib


def index(binary, lib, cache):
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    p = subprocess.run([binary, "index", lib], capture_output=True, text=True, env=env,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def test_index_reads_changed_files_alone(binary):
    root = tempfile.mkdtemp(prefix="accord-lib-")
    try:
        lib, cache = make_library(root), os.path.join(root, "cache")
        code, out, err = index(binary, lib, cache)
        assert code == 1, (code, out, err)  # one file skipped
        assert "3 sources indexed (3 read, 0 from the cache), 1 skipped" in out, out
        assert "broken.pdf" in err and "skipped" in err, err
        assert "%" in err, err  # progress
        code, out, err = index(binary, lib, cache)
        assert "3 sources indexed (0 read, 3 from the cache), 1 skipped" in out, out
        with open(os.path.join(lib, "notes.md"), "w") as f:
            f.write("# Notes\n\nThe Proliferation Security Initiative (PSI) met.\n")
        code, out, err = index(binary, lib, cache)
        assert "4 sources indexed (1 read, 3 from the cache), 1 skipped" in out, out
        assert "library snapshot" not in out, out
        # Files modified within 2 s keep the library snapshot from being written (a second
        # write in the same clock tick could go unseen); once they are older, a run writes
        # it and the next loads the library whole from it, still naming the skipped file.
        time.sleep(2.1)
        code, out, err = index(binary, lib, cache)
        assert "4 sources indexed (0 read, 4 from the cache), 1 skipped" in out, out
        assert "library snapshot" not in out, out
        code, out, err = index(binary, lib, cache)
        assert code == 1, (code, out, err)
        assert "4 sources indexed (0 read, 4 from the cache), 1 skipped" in out, out
        assert "loaded whole from the library snapshot" in out, out
        assert "broken.pdf" in err and "skipped" in err, err
        # a change is seen at once: the snapshot is not used, the changed file alone is read
        with open(os.path.join(lib, "notes.md"), "a") as f:
            f.write("\nThe Six-Party Talks (SPT) met.\n")
        code, out, err = index(binary, lib, cache)
        assert "4 sources indexed (1 read, 3 from the cache), 1 skipped" in out, out
        assert "library snapshot" not in out, out
        code, out, err = index(binary, os.path.join(root, "nowhere"), cache)
        assert code == 2 and "not a folder" in err, (code, err)
    finally:
        shutil.rmtree(root)


def hover(s, uri, line, character):
    r = s.result("textDocument/hover", {"textDocument": {"uri": uri},
                                        "position": {"line": line, "character": character}})
    return r["contents"]["value"] if r else None


def test_library_over_lsp(binary):
    root = tempfile.mkdtemp(prefix="accord-lib-")
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = os.path.join(root, "cache")
    try:
        lib = make_library(root)
        s = Server(binary, "--corpus", lib)
        s.initialize({"window": {"workDoneProgress": False}})
        uri = "file://" + os.path.join(root, "draft.md")
        text = "# Note\n\nThe SPT stalled. GSOMIA holds. AU said so. TISA helps.\n"
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        line = text.split("\n")[2]
        # wait for the library: the first hover on SPT that has a card
        card = None
        for _ in range(200):
            card = hover(s, uri, 2, line.index("SPT") + 1)
            if card:
                break
            s.expect_silence(0.1)
        assert card, "no hover on SPT"
        assert "p. 2" in card, card
        assert "Alliances under Strain" in card, card
        assert "[@roeAlliances2019, p. 2]" in card, card
        # the other PDF: its Info title
        card = hover(s, uri, 2, line.index("GSOMIA") + 1)
        assert card and "General Security of Military Information Agreement" in card, card
        # the saved page's navigation ("About Us (AU)") is not mined; its article is (TISA)
        assert hover(s, uri, 2, line.index("AU") + 1) is None
        card = hover(s, uri, 2, line.index("TISA") + 1)
        assert card and "Trilateral Information Sharing Arrangement" in card, card
        assert "Allies at Odds" in card, card
        # the corrupt PDF is named with its reason; the folder is not called empty
        # (stderr is read on a thread of the harness: wait for the line, do not race it)
        s.wait_for_stderr("broken.pdf: cannot be read (not a PDF")
        assert "has no commentaries" not in s.stderr_text(), s.stderr_text()
        # go to definition: the PDF's text rendering, at the definition, below its page marker
        locs = s.result("textDocument/definition", {"textDocument": {"uri": uri},
                                                    "position": {"line": 2,
                                                                 "character": line.index("SPT")}})
        loc = locs[0] if isinstance(locs, list) else locs
        target = loc.get("uri") or loc.get("targetUri")
        rng = loc.get("range") or loc.get("targetSelectionRange")
        assert target.endswith("roe-2019-alliances.pdf.txt"), target
        rendering = open(target[len("file://"):], encoding="utf-8").read()
        lines = rendering.split("\n")  # LSP lines: \f is not a line break
        start, end = rng["start"], rng["end"]
        offset = [sum(len(x) + 1 for x in lines[:p["line"]]) + p["character"] for p in (start, end)]
        got = rendering[offset[0]:offset[1]]
        assert got.replace("\n", " ") in ("SPT", "Six-Party Talks", "Six-Party Talks (SPT)"), (
            got, rng)
        page = rendering.rfind("\f[p. ", 0, offset[0])
        assert rendering[page:page + 8] == "\f[p. 2]\n", rendering[page:page + 8]
        assert s.shutdown_and_exit() == 0
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
        shutil.rmtree(root)


if __name__ == "__main__":
    lsp.main([test_index_reads_changed_files_alone, test_library_over_lsp])
