#!/usr/bin/env python3
"""The editor features through the real binary: the JSON each feature returns (hover, definition,
declaration, references, highlights, completion and resolve, semantic tokens full/range/delta,
document and workspace symbols, links, inlay hints), compared with golden files in
tests/lsp/golden/features/. Drafts in Markdown, plain text with CRLF, and LaTeX, with Korean and
emoji before terms. One more test runs on the bundled corpus and checks go-to-definition against
the real commentary file's bytes.

Usage: python3 test_features.py path/to/accord-ls
Set ACCORD_UPDATE_GOLDEN=1 to rewrite the golden files from what the server answers (then review
the diff before committing it).
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp  # noqa: E402
from lsp import Server  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "unit", "data", "features")
GOLDEN = os.path.join(HERE, "golden", "features")
UPDATE = os.environ.get("ACCORD_UPDATE_GOLDEN") == "1"
ROOT_URI = "file://" + ROOT

CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "definition": {"linkSupport": True},
        "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"]}},
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
        "semanticTokens": {"multilineTokenSupport": False},
    },
    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
}

MARKDOWN = (
    "# Brief on pacts\n"
    "\n"
    "한국어 요약 😂 The GSOMIA was signed; the Working Group on Maritime Safety (WGMS) met.\n"
    "The General Security of Military\n"
    "Information Agreement matters, and so do the PSI and the ROK [@smith2020].\n"
    "\n"
    "Takeshima, the 2015 comfort women agreement and the WGMS. GSO\n"
)
PLAIN = "Notes\r\n=====\r\n\r\nThe Proliferation Security Initiative (PSI) and the PSI again.\r\nFree tr"
LATEX = (
    "\\section{Trade}\n"
    "\\textbf{The FTA} and free trade agreements \\cite{lee2021,smi}.\n"
    "% GSOMIA in a comment is not prose\n"
)


def pos(line, character):
    return {"line": line, "character": character}


def where(text, needle, nth=0, plus=0):
    """The position (UTF-16 columns) of the nth occurrence of needle in text, moved by plus."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += plus
    before = text[:at]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1:]
    return line, len(col.encode("utf-16-le")) // 2


def doc(uri):
    return {"textDocument": {"uri": uri}}


def at(uri, line, character=None):
    if character is None:  # at(uri, (line, character))
        line, character = line
    return {"textDocument": {"uri": uri}, "position": pos(line, character)}


def on(uri, text, needle, nth=0, plus=1):
    """Request params with the cursor inside the nth `needle` of `text`."""
    return at(uri, where(text, needle, nth, plus))


def normalise(value):
    """Machine-specific paths become $ROOT, so golden files hold on any checkout."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return json.loads(text.replace(ROOT_URI, "file://$ROOT").replace(ROOT, "$ROOT"))


def compare(name, transcript):
    path = os.path.join(GOLDEN, name + ".json")
    got = normalise(transcript)
    if UPDATE:
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(got, f, ensure_ascii=False, indent=1, sort_keys=True)
            f.write("\n")
        return
    assert os.path.exists(path), "no golden file %s (run with ACCORD_UPDATE_GOLDEN=1)" % path
    with open(path, encoding="utf-8") as f:
        want = json.load(f)
    if got != want:
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                raise AssertionError("%s: exchange %d differs from the golden file\n-- want:\n%s\n-- got:\n%s"
                                     % (name, i, json.dumps(w, ensure_ascii=False, indent=1),
                                        json.dumps(g, ensure_ascii=False, indent=1)))
        raise AssertionError("%s: %d exchanges, the golden file has %d" % (name, len(got), len(want)))


class Session:
    """A server on the test corpus with three drafts open; records request/answer pairs."""

    def __init__(self, binary, capabilities=CAPABILITIES, settings=None, folders=None):
        self.server = Server(binary, "--corpus", os.path.join(DATA, "corpus"),
                             "--lexicon", os.path.join(DATA, "lexicon"))
        params = {}
        if settings is not None:
            params["initializationOptions"] = settings
        if folders is not None:
            params["workspaceFolders"] = folders
        self.init = self.server.initialize(capabilities, **params)
        self.md = "file:///drafts/brief.md"
        self.txt = "file:///drafts/notes.txt"
        self.tex = "file:///drafts/paper.tex"
        for uri, lang, text in ((self.md, "markdown", MARKDOWN), (self.txt, "plaintext", PLAIN),
                                (self.tex, "latex", LATEX)):
            self.server.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": lang, "version": 1, "text": text}})
        self.log = []

    def ask(self, method, params):
        r = self.server.call(method, params)
        assert "error" not in r, "%s failed: %s" % (method, json.dumps(r))
        self.log.append({"method": method, "params": params, "result": r["result"]})
        return r["result"]


def test_capabilities(binary):
    s = Session(binary)
    caps = s.init["capabilities"]
    keys = ["hoverProvider", "definitionProvider", "declarationProvider", "referencesProvider",
            "documentHighlightProvider", "completionProvider", "semanticTokensProvider",
            "documentSymbolProvider", "workspaceSymbolProvider", "documentLinkProvider",
            "inlayHintProvider"]
    compare("capabilities", [{k: caps.get(k) for k in keys}])
    assert s.server.shutdown_and_exit() == 0


def test_hover(binary):
    s = Session(binary)
    s.ask("textDocument/hover", on(s.md, MARKDOWN, "GSOMIA"))        # after Korean and emoji
    s.ask("textDocument/hover", on(s.md, MARKDOWN, "WGMS"))          # defined by the draft
    s.ask("textDocument/hover", on(s.md, MARKDOWN, "Information"))   # a long form over a line break
    s.ask("textDocument/hover", on(s.md, MARKDOWN, "Takeshima"))     # an alias
    s.ask("textDocument/hover", on(s.md, MARKDOWN, "comfort"))       # a named agreement
    s.ask("textDocument/hover", on(s.md, MARKDOWN, "signed"))        # not a term: null
    s.ask("textDocument/hover", on(s.txt, PLAIN, "PSI", 1))          # PSI in CRLF text
    s.ask("textDocument/hover", on(s.tex, LATEX, "FTA"))             # inside \textbf
    s.ask("textDocument/hover", on(s.tex, LATEX, "GSOMIA"))          # in a comment: null
    compare("hover", s.log)
    plain = Session(binary, {"textDocument": {"hover": {"contentFormat": ["plaintext"]}}})
    plain.ask("textDocument/hover", on(plain.md, MARKDOWN, "GSOMIA"))
    compare("hover_plaintext", plain.log)


def test_definition_declaration_references_highlight(binary):
    s = Session(binary)
    s.ask("textDocument/definition", on(s.md, MARKDOWN, "GSOMIA"))      # into the commentary
    s.ask("textDocument/definition", on(s.md, MARKDOWN, "WGMS", 1))     # the draft's own definition
    s.ask("textDocument/definition", on(s.md, MARKDOWN, "comfort"))     # a commentary sentence
    s.ask("textDocument/declaration", on(s.md, MARKDOWN, "WGMS", 1))    # first use in the draft
    s.ask("textDocument/references", dict(on(s.md, MARKDOWN, "PSI"), context={"includeDeclaration": True}))
    s.ask("textDocument/references", dict(on(s.md, MARKDOWN, "PSI"), context={"includeDeclaration": False}))
    s.ask("textDocument/documentHighlight", on(s.txt, PLAIN, "PSI", 1))
    compare("navigation", s.log)
    plain = Session(binary, {"textDocument": {"definition": {"linkSupport": False}}})
    plain.ask("textDocument/definition", on(plain.md, MARKDOWN, "GSOMIA"))
    compare("definition_locations", plain.log)


def test_completion(binary):
    s = Session(binary)
    items = s.ask("textDocument/completion", on(s.md, MARKDOWN, "GSO\n", plus=3))
    s.ask("textDocument/completion", on(s.txt, PLAIN, "Free tr", plus=7))
    s.ask("textDocument/completion", on(s.tex, LATEX, "smi}", plus=3))         # \cite{lee2021,smi
    s.ask("textDocument/completion", on(s.md, MARKDOWN, "@smith", plus=6))     # [@smith
    s.ask("completionItem/resolve", {"label": "ROK", "data": {"accord": "term:rok"}})
    assert any(i["label"] == "GSOMIA" for i in items["items"]), items
    compare("completion", s.log)


def test_semantic_tokens(binary):
    s = Session(binary)
    full = s.ask("textDocument/semanticTokens/full", doc(s.md))
    s.ask("textDocument/semanticTokens/range", dict(doc(s.md), range={"start": pos(3, 0), "end": pos(5, 0)}))
    s.server.notify("textDocument/didChange", {
        "textDocument": {"uri": s.md, "version": 2},
        "contentChanges": [{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "ROK "}]})
    s.ask("textDocument/semanticTokens/full/delta", dict(doc(s.md), previousResultId=full["resultId"]))
    s.ask("textDocument/semanticTokens/full", doc(s.tex))
    compare("semantic_tokens", s.log)


def test_symbols_links_hints(binary):
    s = Session(binary, settings={"inlayHints": {"enabled": True}})
    s.ask("textDocument/documentSymbol", doc(s.md))
    s.ask("workspace/symbol", {"query": "gsm"})
    s.ask("workspace/symbol", {"query": "six"})
    s.ask("textDocument/documentLink", doc(s.md))
    s.ask("textDocument/documentLink", doc(s.tex))
    s.ask("textDocument/inlayHint", dict(doc(s.md), range={"start": pos(0, 0), "end": pos(7, 0)}))
    compare("symbols_links_hints", s.log)
    flat = Session(binary, {"textDocument": {"documentSymbol": {}}})
    flat.ask("textDocument/documentSymbol", doc(flat.tex))
    flat.ask("textDocument/inlayHint", dict(doc(flat.md), range={"start": pos(0, 0), "end": pos(7, 0)}))  # off
    compare("symbols_flat_hints_off", flat.log)


def test_watched_files_and_workspace(binary):
    with tempfile.TemporaryDirectory() as ws:
        other = os.path.join(ws, "other.md")
        with open(other, "w", encoding="utf-8") as f:
            f.write("Elsewhere the General Security of Military Information Agreement (GSOMIA).\n")
        folders = [{"uri": "file://" + ws, "name": "ws"}]
        s = Session(binary, folders=folders)
        # The server registers its file watchers dynamically.
        reg = None
        for msg in s.server.transcript:
            if msg[0] == "<--" and "client/registerCapability" in msg[1]:
                reg = json.loads(msg[1])
        if reg is None:
            s.server.expect_silence(0.5)
            for msg in s.server.transcript:
                if msg[0] == "<--" and "client/registerCapability" in msg[1]:
                    reg = json.loads(msg[1])
        assert reg, "no client/registerCapability"
        watchers = reg["params"]["registrations"][0]["registerOptions"]["watchers"]
        globs = [w["globPattern"] for w in watchers]
        assert "**/*.{md,markdown,txt,tex}" in globs, globs
        assert any(isinstance(g, str) and g.startswith(os.path.join(DATA, "corpus")) for g in globs), globs

        def others():
            """The workspace draft among GSOMIA's references (it is no definition)."""
            params = on(s.md, MARKDOWN, "GSOMIA")
            params["context"] = {"includeDeclaration": True}
            refs = s.server.call("textDocument/references", params)["result"] or []
            return [r for r in refs if r["uri"] == "file://" + other]

        import time
        deadline = time.time() + 20
        while not others() and time.time() < deadline:
            time.sleep(0.05)
        assert others(), "the workspace draft is not among the references"
        defs = s.server.call("textDocument/definition", on(s.md, MARKDOWN, "GSOMIA"))["result"]
        assert len(defs) == 1 and defs[0]["targetUri"] != "file://" + other, defs
        with open(other, "w", encoding="utf-8") as f:
            f.write("Nothing here now.\n")
        s.server.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": "file://" + other, "type": 2}]})
        deadline = time.time() + 20
        while others() and time.time() < deadline:
            time.sleep(0.05)
        assert not others(), others()
        assert s.server.shutdown_and_exit() == 0


def test_bundled_corpus_definition(binary):
    """Go to definition lands on the exact bytes of the real commentary file."""
    s = Server(binary, bundled=True)
    s.initialize(CAPABILITIES)
    text = "The GSOMIA and the USF-J.\n"
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///d.md", "languageId": "markdown",
                                                       "version": 1, "text": text}})
    links = s.result("textDocument/definition", at("file:///d.md", 0, 6))
    assert links, "no definition of GSOMIA in the bundled corpus"
    for link in links:
        uri = link["targetUri"]
        assert uri.startswith("file://" + ROOT + "/corpus/"), uri
        with open(uri[len("file://"):], encoding="utf-8", newline="") as f:
            lines = f.read().splitlines(keepends=True)
        r = link["targetSelectionRange"]
        # Cut the selection out of the file (UTF-16 columns; the commentaries are BMP text).
        if r["start"]["line"] == r["end"]["line"]:
            picked = lines[r["start"]["line"]][r["start"]["character"]:r["end"]["character"]]
        else:
            picked = lines[r["start"]["line"]][r["start"]["character"]:] + \
                "".join(lines[r["start"]["line"] + 1:r["end"]["line"]]) + \
                lines[r["end"]["line"]][:r["end"]["character"]]
        assert picked.endswith("(GSOMIA)") or picked.startswith("GSOMIA ("), picked
        assert "General Security" in picked, picked
    hover = s.result("textDocument/hover", at("file:///d.md", 0, 21))
    assert hover and "USF-J" in hover["contents"]["value"], hover
    assert s.shutdown_and_exit() == 0


if __name__ == "__main__":
    lsp.main([test_capabilities, test_hover, test_definition_declaration_references_highlight,
              test_completion, test_semantic_tokens, test_symbols_links_hints,
              test_watched_files_and_workspace, test_bundled_corpus_definition])
