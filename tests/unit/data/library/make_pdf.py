#!/usr/bin/env python3
"""Writes small PDFs by hand (no library needed) for the PDF extraction tests and benchmarks.

A page is a list of runs (x, y, size, text[, rise]): text in Helvetica at (x, y) points from the
bottom-left of a US-Letter page; `rise` raises a run (a footnote marker). The ligatures ﬁ ﬂ ﬀ ﬃ ﬄ
are written as the glyphs /fi /fl /ff /ffi /ffl, the way word processors write them.
Usage: make_pdf.py OUT_DIR              writes the test PDFs of tests/unit/data/library
       make_pdf.py --corpus N OUT_DIR   writes N generated 8-page papers (the benchmark library)
"""
import sys
import zlib

LIGATURES = {"\ufb01": 0x80, "\ufb02": 0x81, "\ufb00": 0x82, "\ufb03": 0x83, "\ufb04": 0x84}


def encode(text):
    out = bytearray()
    for ch in text:
        if ch in LIGATURES:
            out.append(LIGATURES[ch])
        elif ch in "()\\":
            out += b"\\" + ch.encode()
        else:
            out += ch.encode("latin-1")
    return bytes(out)


def make_pdf(pages, info=None):
    objects = []  # bodies, object n is objects[n-1]

    def add(body):
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding"
               b" /BaseEncoding /WinAnsiEncoding /Differences [128 /fi /fl /ff /ffi /ffl] >> >>")
    pages_id = len(objects) + 1 + 2 * len(pages)  # after every page and its contents
    kids = []
    for runs in pages:
        ops = bytearray()
        for run in runs:
            x, y, size, text = run[:4]
            rise = run[4] if len(run) > 4 else 0
            ops += b"BT /F1 %d Tf %d Ts %d %d Td (%s) Tj ET\n" % (size, rise, x, y, encode(text))
        data = zlib.compress(bytes(ops))
        contents = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data +
                       b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                        b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, contents, font)))
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" %
               (b" ".join(b"%d 0 R" % k for k in kids), len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = None
    if info:
        fields = b" ".join(b"/%s (%s)" % (k.encode(), encode(v)) for k, v in info.items())
        info_id = add(b"<< " + fields + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        out += b" /Info %d 0 R" % info_id
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def lines(x, top, size, texts, leading=None):
    leading = leading or size + 4
    return [(x, top - k * leading, size, t) for k, t in enumerate(texts)]


def report():
    """Three pages: a running head and page-number footer, a two-column page, a word
    hyphenated across a line end, ligatures and a footnote marker."""
    head = [(72, 750, 9, "Security Review of Northeast Asia | Working Paper 12")]
    def foot(n):
        return [(300, 40, 9, str(n))]
    p1 = head + [(72, 700, 16, "Alliances under Strain")] + lines(72, 660, 11, [
        "The General Security of Military Information Agreement (GSOMIA) lets the two",
        "governments share classified military information. Its signature in 2016 was",
        "a signi\ufb01cant step for regional secu-",
        "rity, and its renewal became a bargaining chip in 2019.",
        "",
        "The e\ufb00ort to keep it alive re\ufb02ected a wider concern.",
    ]) + [(72, 550, 11, "Ministers spoke often."), (183, 550, 7, "3", 4), (72, 535, 11, "They met again in 2020.")] + foot(1)
    left = lines(72, 700, 11, [
        "The left column begins here and",
        "continues with the Proliferation",
        "Security Initiative (PSI), which",
        "ends the left column.",
    ])
    right = lines(320, 700, 11, [
        "The right column is read after",
        "the left one: the Six-Party Talks",
        "(SPT) opened in 2003 in Beijing.",
    ])
    p2 = head + left + right + foot(2)
    p3 = head + lines(72, 700, 11, [
        "A last page names the O\ufb03ce of the Secretary and closes the paper.",
    ]) + foot(3)
    return make_pdf([p1, p2, p3], {"Title": "Microsoft Word - draft3.docx", "Author": "Jane Roe",
                                   "CreationDate": "D:20190314120000Z"})


def titled():
    """A heading set tight above its paragraph, told apart by its size alone."""
    return make_pdf([[(72, 716, 14, "Cooperation Ahead")] +
                     lines(72, 700, 11, ["A short note on the Korea-Japan relationship."])],
                    {"Title": "Alliances under Strain", "Author": "Roe, Jane; Doe, John",
                     "CreationDate": "D:20180102000000+09'00'"})


def paper(n):
    """An 8-page paper: a running head, page numbers, two-column pages, definitions."""
    import random
    rnd = random.Random(n)
    words = ("alliance security cooperation treaty summit dialogue ministers maritime "
             "deterrence sanctions export controls intelligence exchange normalization "
             "history reconciliation trade investment supply chain region peninsula missile "
             "defense coordination governments bilateral trilateral framework").split()
    defined = [("General Security of Military Information Agreement", "GSOMIA"),
               ("Proliferation Security Initiative", "PSI"),
               ("Trilateral Coordination and Oversight Group", "TCOG"),
               ("Comprehensive and Progressive Agreement for Trans-Pacific Partnership", "CPTPP"),
               ("Regional Comprehensive Economic Partnership", "RCEP"),
               ("humanitarian assistance and disaster relief", "HADR"),
               ("Korea Joint Research Council %d" % (n % 37), "KJRC%d" % (n % 37))]

    def line_text(width):
        out = []
        while len(" ".join(out)) < width:
            out.append(rnd.choice(words))
        return " ".join(out)

    pages = []
    for p in range(8):
        runs = [(72, 750, 9, "Paper %d | Policy Series on Northeast Asia" % n),
                (300, 40, 9, str(p + 1))]
        columns = [(72, 60)] if p % 2 == 0 else [(72, 30), (320, 30)]
        for x, width in columns:
            y = 700
            for k in range(40):
                text = line_text(width)
                if k % 9 == 4:
                    lf, sf = rnd.choice(defined)
                    text = "the %s (%s) was %s" % (lf, sf, rnd.choice(words))
                if k % 7 == 6:
                    text += "."
                runs.append((x, y, 10, text))
                y -= 15
        pages.append(runs)
    return make_pdf(pages, {"Title": "Paper %d on Northeast Asian security" % n,
                            "Author": "Roe, Jane", "CreationDate": "D:2019%02d01" % (n % 12 + 1)})


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--corpus":
        for i in range(int(sys.argv[2])):
            with open(f"{sys.argv[3]}/paper-{i:04d}.pdf", "wb") as f:
                f.write(paper(i))
        sys.exit(0)
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    for name, data in (("report.pdf", report()), ("titled.pdf", titled())):
        with open(f"{out}/{name}", "wb") as f:
            f.write(data)
