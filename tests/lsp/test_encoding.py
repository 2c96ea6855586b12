# Position encodings through the real binary: UTF-16 by default, UTF-8 when offered; edits with
# astral characters, CRLF and lone CR; clamping of positions past the end.
import lsp
from lsp import Server

URI = "file:///enc.md"


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def open_doc(s, text):
    s.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "markdown",
                                                       "version": 1, "text": text}})


def change(s, version, *changes):
    s.notify("textDocument/didChange", {"textDocument": {"uri": URI, "version": version},
                                        "contentChanges": list(changes)})


def text(s):
    return s.result("accord/test/document", {"uri": URI})["text"]


def test_utf16_is_the_default(binary):
    for caps in [{}, {"general": {"positionEncodings": ["utf-16"]}},
                 {"general": {"positionEncodings": ["utf-32", "utf-16"]}}]:
        s = Server(binary)
        assert s.initialize(caps)["capabilities"]["positionEncoding"] == "utf-16"
        open_doc(s, "a😂b 한국 ¥↓")
        change(s, 2, {"range": rng(0, 3, 0, 4), "text": "B"})      # after the surrogate pair
        change(s, 3, {"range": rng(0, 5, 0, 7), "text": "조선"})  # two Hangul syllables
        change(s, 4, {"range": rng(0, 8, 0, 9), "text": "$"})      # "¥": one unit
        assert text(s) == "a😂B 조선 $↓", text(s)
        assert s.shutdown_and_exit() == 0


def test_utf8_when_offered(binary):
    s = Server(binary)
    caps = {"general": {"positionEncodings": ["utf-8", "utf-16"]}}
    assert s.initialize(caps)["capabilities"]["positionEncoding"] == "utf-8"
    open_doc(s, "a😂b 한국")
    change(s, 2, {"range": rng(0, 5, 0, 6), "text": "B"})    # bytes: a=0, 😂=1..4, b=5
    change(s, 3, {"range": rng(0, 7, 0, 10), "text": "K"})   # 한 = bytes 7..9
    assert text(s) == "a😂B K국", text(s)
    assert s.shutdown_and_exit() == 0


def test_line_ends_and_clamping(binary):
    s = Server(binary)
    s.initialize()
    open_doc(s, "one\r\ntwo\rthree\nfour")
    change(s, 2, {"range": rng(1, 0, 1, 3), "text": "2"},     # CRLF line end before it
               {"range": rng(2, 0, 2, 5), "text": "3"},       # lone CR before it
               {"range": rng(0, 99, 0, 99), "text": "!"})     # past the end of line 0
    assert text(s) == "one!\r\n2\r3\nfour", repr(text(s))
    change(s, 3, {"range": rng(0, 1, 0, 1), "text": "😂"},
               {"range": rng(0, 2, 0, 2), "text": "x"})       # inside the pair: before it
    got = text(s)
    assert got == "ox😂ne!\r\n2\r3\nfour", repr(got)
    change(s, 4, {"range": rng(50, 0, 60, 0), "text": " end"})  # past the end of the text
    assert text(s).endswith("four end")
    assert s.result("accord/test/document", {"uri": URI})["lineCount"] == 4
    assert s.shutdown_and_exit() == 0


if __name__ == "__main__":
    lsp.main([test_utf16_is_the_default, test_utf8_when_offered, test_line_ends_and_clamping])
