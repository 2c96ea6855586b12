#!/usr/bin/env python3
# Deterministic generator of benchmark inputs: Markdown drafts, commentary corpora, lexicons.
"""Generates the inputs the benchmarks run on, from the bundled commentaries.

  gen.py draft   --size 1MB  [--seed N] -o draft.md     a Markdown draft (10 KB .. 10 MB)
  gen.py draft   --language ko|ja ...                    the same in Korean or Japanese
  gen.py corpus  --count N   [--seed N] -o DIR          N commentaries (~10 KB each) + catalog.json
  gen.py lexicon --count N   [--seed N] -o DIR          N terms in the lexicon format
  gen.py all     DIR                                    everything scripts/bench needs, cached

The same arguments always give the same bytes (random.Random with a fixed seed, sorted
inputs), so numbers measured on two machines or two commits are about the same text.
Drafts mix the commentaries' own paragraphs with what writers add around them: headings,
definitions ("long form (SF)"), bare mentions of the lexicon's terms, lists, code blocks,
and the odd Korean, Japanese or emoji sentence, so that positions in UTF-16 matter.
"""
import argparse
import glob
import hashlib
import html
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_DIR = os.path.join(ROOT, "corpus")
LEXICON_DIR = os.path.join(ROOT, "grammar", "lexicon")


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {text!r}; write e.g. 10KB, 1MB, 10MB")
    scale = {"": 1, "k": 1000, "K": 1000, "m": 1000_000, "M": 1000_000}[m.group(2)]
    return int(float(m.group(1)) * scale)


def corpus_paragraphs():
    """The prose paragraphs of the bundled commentaries, lines joined, in a fixed order."""
    out = []
    for path in sorted(glob.glob(os.path.join(CORPUS_DIR, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for para in re.split(r"\n[ \t\u00a0]*\n", text):
            para = " ".join(line.strip() for line in para.splitlines() if line.strip())
            if len(para) >= 150 and sum(c.isalpha() for c in para) > 0.7 * len(para):
                out.append(para)
    if not out:
        sys.exit(f"gen.py: no paragraphs found in {CORPUS_DIR}")
    return out


def bundled_terms():
    """(short, long) pairs of the bundled lexicon, for planting definitions and mentions."""
    terms = []
    for path in sorted(glob.glob(os.path.join(LEXICON_DIR, "*.json"))):
        if path.endswith(".schema.json"):
            continue
        with open(path, encoding="utf-8") as f:
            for t in json.load(f).get("terms", []):
                terms.append((t.get("short", ""), t.get("long", ""), t.get("aliases", [])))
    return terms


# Words for generated long forms, by initial, so that an acronym can be spelled out.
WORDS = {
    "A": ["Alliance", "Atlantic", "Advisory", "Arctic", "Air", "Authority", "Agency"],
    "B": ["Bilateral", "Border", "Bureau", "Board", "Baltic", "Budget"],
    "C": ["Council", "Cooperation", "Coastal", "Command", "Cyber", "Committee", "Centre"],
    "D": ["Defense", "Development", "Dialogue", "Directorate", "Digital", "Diplomatic"],
    "E": ["Economic", "Energy", "Eastern", "Exchange", "Emergency", "Education"],
    "F": ["Forum", "Framework", "Fisheries", "Finance", "Forces", "Foundation"],
    "G": ["Group", "Global", "General", "Governance", "Growth", "Guard"],
    "H": ["Humanitarian", "Health", "Harbour", "High-Level", "Heritage"],
    "I": ["Initiative", "Intelligence", "International", "Information", "Investment", "Island"],
    "J": ["Joint", "Justice", "Japan", "Judicial"],
    "K": ["Korea", "Knowledge", "Kyushu"],
    "L": ["Liaison", "Logistics", "Legal", "Labour", "Land"],
    "M": ["Maritime", "Ministerial", "Mission", "Military", "Monitoring", "Mutual"],
    "N": ["National", "Naval", "Network", "Northern", "Nuclear", "Nonproliferation"],
    "O": ["Office", "Oceanic", "Operations", "Oversight", "Outreach"],
    "P": ["Partnership", "Pacific", "Policy", "Programme", "Peninsula", "Planning"],
    "Q": ["Quadrilateral", "Quality"],
    "R": ["Regional", "Reconciliation", "Research", "Response", "Relations", "Resource"],
    "S": ["Security", "Strategic", "Summit", "Support", "Southern", "Standing", "Secretariat"],
    "T": ["Trilateral", "Trade", "Treaty", "Task", "Transport", "Technical"],
    "U": ["Union", "Unified", "Urban"],
    "V": ["Verification", "Visiting", "Vessel"],
    "W": ["Working", "Western", "Water", "Welfare"],
    "X": ["Xenon"],
    "Y": ["Youth", "Yellow"],
    "Z": ["Zone"],
}
KINDS = ["acronym", "agreement", "initiative", "forum", "institution", "place", "other"]
# Letters that start words often enough to make plausible acronyms.
COMMON = "ABCDEFGHIJLMNOPRSTW"


def generated_terms(count, seed, avoid=()):
    """`count` invented terms with unique short forms: [(short, long, kind, alias)]."""
    rng = random.Random(f"lexicon-{seed}")
    seen = set(s for s in avoid if s)
    out = []
    while len(out) < count:
        n = rng.choice((3, 3, 4, 4, 4, 5, 5, 6))
        letters = "".join(rng.choice(COMMON) for _ in range(n))
        if letters in seen:
            continue
        seen.add(letters)
        words = [rng.choice(WORDS[c]) for c in letters]
        if rng.random() < 0.3 and n >= 4:  # a function word the acronym skips
            words.insert(rng.randrange(1, n), rng.choice(("for", "of", "on", "and")))
        long = " ".join(words)
        kind = rng.choice(KINDS)
        alias = ""
        if rng.random() < 0.3:
            alias = f"{words[0]} {rng.choice(('Office', 'Body', 'Pact', 'Process'))} {len(out)}"
        out.append((letters, long, kind, alias))
    return out


def write_lexicon(count, seed, out_dir):
    """A lexicon directory with `count` generated terms (grammar/lexicon/README.md format)."""
    os.makedirs(out_dir, exist_ok=True)
    avoid = [s for s, _, _ in bundled_terms()]
    entries = []
    rng = random.Random(f"lexicon-extra-{seed}")
    for i, (short, long, kind, alias) in enumerate(generated_terms(count, seed, avoid)):
        e = {"id": f"gen-{short.lower()}-{i}", "kind": kind, "short": short, "long": long}
        if alias:
            e["aliases"] = [alias]
        if i % 100 == 0:  # a few descriptive variants, as curated entries have
            e["patterns"] = [f"(?:the\\s+)?{words_pattern(long)}\\s+(?:of|in)\\s+(?:19|20)\\d\\d"]
        e["gloss"] = (f"A generated {kind} for benchmarks: the {long} ({short}), "
                      f"item {i} of {count}.")
        if rng.random() < 0.2:
            e["dates"] = [{"event": "signed", "date": f"{rng.randrange(1950, 2024)}"}]
        entries.append(e)
    path = os.path.join(out_dir, "generated.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"terms": entries}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return path


def words_pattern(long):
    return r"\s+".join(re.escape(w) for w in long.split())


# Sentences writers add around quoted material; {L} long form, {S} short form.
DEFINE = [
    "The {L} ({S}) is the first thing a new reader of this file needs to understand.",
    "Officials in both capitals now refer to the {L} ({S}) in almost every briefing.",
    "We recommend that the {L} ({S}) be given a standing secretariat.",
    "{S} ({L}) discussions resumed after a pause of nearly two years.",
]
MENTION = [
    "The {S} remains central to the argument of this section.",
    "Critics of the {S} point to its limited mandate.",
    "Both governments still see the {S} as a channel worth keeping open.",
    "Any revision of the {S} would need parliamentary approval in Tokyo.",
    "Without the {S}, the proposals below lose most of their force.",
]
MULTILINGUAL = [
    "In Seoul the pact is simply called 지소미아 (GSOMIA), and in Tokyo 日韓秘密軍事情報保護協定. 📌",
    "The islets are 독도 to Koreans and 竹島 to Japanese readers; the draft uses both names. ⚠️",
    "A summit statement (한일 정상회담 공동성명) would settle the wording. 😂 was not the reaction anyone hoped for.",
    "日本語の資料では「日韓関係」と書かれ、한국어 자료에서는 「한일 관계」라고 씁니다. ✅",
]
HEADINGS = ["Background", "Analysis", "Options", "Risks", "Recommendation", "Annex",
            "History", "Security", "Economy", "Outlook"]


def make_draft(size, seed):
    """A Markdown draft of about `size` bytes (UTF-8), cut at a paragraph boundary."""
    rng = random.Random(f"draft-{seed}")
    paras = corpus_paragraphs()
    terms = [t for t in bundled_terms() if t[0] and t[1]]
    local = generated_terms(200, seed + 1000, [s for s, _, _ in bundled_terms()])
    out = [f"# Draft {seed}: Japan–ROK cooperation, a benchmark brief\n",
           "*Generated by bench/gen.py from the bundled commentaries.* 📌\n"]
    total = sum(len(p.encode()) + 1 for p in out)
    section = 0
    defined = set()  # writers spell a term out once, then use it; one in fifty is spelled out again

    def use(short, long):
        if short not in defined or rng.random() < 0.02:
            defined.add(short)
            return rng.choice(DEFINE).format(S=short, L=long)
        return rng.choice(MENTION).format(S=short)

    blocks = 0
    while total < size:
        blocks += 1
        if blocks % 60 == 0:
            # a table every 60 blocks, built without the random generator (the other blocks stay
            # what they were): a term per row, its short form, a year, a status
            rows = [terms[(blocks // 60 * 7 + k * 13) % len(terms)] for k in range(4)]
            block = "| Term | Short form | Year | Status |\n|---|---|---|---|\n" + "".join(
                f"| {l} | {sf} | {1990 + (blocks + k) % 34} | {'in force' if k % 2 else 'pending'} |\n"
                for k, (sf, l, _) in enumerate(rows))
            out.append(block)
            total += len(block.encode()) + 1
            continue
        r = rng.random()
        if r < 0.06:
            section += 1
            level = "##" if rng.random() < 0.7 else "###"
            block = f"{level} {section}. {rng.choice(HEADINGS)}\n"
        elif r < 0.60:
            block = rng.choice(paras) + "\n"
        elif r < 0.72:
            s, l, _ = rng.choice(terms)
            block = " ".join([use(s, l)] +
                             [rng.choice(MENTION).format(S=s) for _ in range(rng.randrange(1, 4))]) + "\n"
        elif r < 0.80:
            s, l, _, _ = rng.choice(local)  # a term only this draft defines
            block = use(s, l) + " " + rng.choice(MENTION).format(S=s) + "\n"
        elif r < 0.90:
            items = [rng.choice(MENTION).format(S=rng.choice(terms)[0]) for _ in range(rng.randrange(2, 6))]
            block = "".join(f"- {it}\n" for it in items)
        elif r < 0.96:
            block = rng.choice(MULTILINGUAL) + " " + rng.choice(paras)[:300] + "\n"
        else:
            s = rng.choice(terms)[0]
            block = f"```text\nannex/{s}-archive/{rng.randrange(1990, 2024)}-minutes.txt\n```\n"
        out.append(block)
        total += len(block.encode()) + 1
    return "\n".join(out)


# Korean and Japanese drafts (issue 18): sentences of the region's press and analysts, mixing
# the names of the lexicon's terms in Hangul and kanji (with particles attached in Korean),
# Latin acronyms, definitions "긴 이름(SF)" / "長い名称（SF）", full-width forms in Japanese, and
# ordinary words that share syllables with the names (아사드, 사드르, 독도법).
KO_NAMES = ["지소미아", "한일 군사정보보호협정", "한일기본조약", "위안부 합의", "사드", "독도",
            "한미 FTA", "한미FTA", "6자회담", "GSOMIA", "THAAD", "FTA", "ROK", "DPRK", "UN"]
KO_DEFINE = ["한일 군사정보보호협정(GSOMIA)", "고고도미사일방어체계(THAAD)", "역내포괄적경제동반자협정(RCEP)",
             "포괄적·점진적 환태평양경제동반자협정(CPTPP)", "GSOMIA(한일 군사정보보호협정)"]
KO_SENTENCES = [
    "정부는 {A} 연장 여부를 두고 신중한 입장을 보였다.",
    "전문가들은 {A} 문제가 한일 관계의 핵심 쟁점으로 남아 있다고 지적했다.",
    "{A} 둘러싼 논의는 국회에서도 계속되었다.",
    "외교부 당국자는 {A} 대해 구체적인 언급을 피했다.",
    "{A} 이후 양국의 안보 협력은 새로운 국면에 들어섰다.",
    "미국은 {A} 지지하며 한미일 공조를 강조했다.",
    "시리아의 아사드 정권과 사드르 세력에 관한 보도도 같은 날 나왔다.",
    "학생들은 독도법 교육을 받았고, 일부는 {A} 현장을 방문했다.",
    "이 문제는 2019년 수출 규제 조치 이후 더욱 복잡해졌다.",
    "한국과 일본의 여론은 여전히 엇갈리고 있다.",
    "{D} 체결 당시의 협상 기록은 아직 공개되지 않았다.",
    "보고서는 {A} 경제적 효과를 과대평가했다고 평가했다.",
]
KO_PARTICLES = ["을", "를", "이", "가", "은", "는", "의", "에", "에서", "와", "과", "도", "로", "으로",
                "에서는", "으로의", "까지", ""]
JA_NAMES = ["日韓秘密軍事情報保護協定", "ＧＳＯＭＩＡ", "GSOMIA", "日韓基本条約", "慰安婦合意", "竹島",
            "６者協議", "6者協議", "日米2+2", "日米２＋２", "THAAD", "ＴＨＡＡＤ", "FTA", "韓国", "北朝鮮"]
JA_DEFINE = ["日韓秘密軍事情報保護協定（GSOMIA）", "終末高高度防衛ミサイル（THAAD）", "包括的経済連携協定（RCEP）",
             "GSOMIA（日韓秘密軍事情報保護協定）", "環太平洋パートナーシップ協定(TPP)"]
JA_SENTENCES = [
    "日本政府は{A}の延長を歓迎した。",
    "専門家は{A}が日韓関係の焦点だと指摘している。",
    "韓国側は{A}について慎重な姿勢を崩さなかった。",
    "{A}をめぐる議論は国会でも続いた。",
    "米国は{A}を支持し、日米韓の連携を強調した。",
    "{D}の締結時の交渉記録はまだ公開されていない。",
    "両国の世論は依然として割れている！",
    "この問題は二〇一九年の輸出管理の見直し以降、さらに複雑になった。",
    "報告書は{A}と{A}の関係を詳しく論じた。",
    "本当に合意は可能なのか？",
    "外務省の担当者は「{A}は重要だ」と述べた。",
]


def make_cjk_draft(size, seed, language):
    """A Markdown draft in Korean ("ko") or Japanese ("ja") of about `size` bytes."""
    rng = random.Random(f"draft-{language}-{seed}")
    ko = language == "ko"
    names, defines, sentences = (KO_NAMES, KO_DEFINE, KO_SENTENCES) if ko else \
        (JA_NAMES, JA_DEFINE, JA_SENTENCES)
    title = "한일 안보 협력에 관한 보고서" if ko else "日韓安全保障協力に関する報告書"
    out = [f"# {title} {seed} 📌\n"]
    total = len(out[0].encode()) + 1
    section = 0

    def name():
        n = rng.choice(names)
        return n + rng.choice(KO_PARTICLES) if ko else n

    while total < size:
        if rng.random() < 0.05:
            section += 1
            block = f"## {section}. {rng.choice(['배경', '분석', '전망', '권고']) if ko else rng.choice(['背景', '分析', '展望', '提言'])}\n"
        else:
            parts = []
            for _ in range(rng.randrange(3, 7)):
                t = rng.choice(sentences)
                t = t.replace("{D}", rng.choice(defines), 1)
                while "{A}" in t:
                    t = t.replace("{A}", name(), 1)
                parts.append(t)
            block = (" " if ko else "").join(parts) + "\n"
        out.append(block)
        total += len(block.encode()) + 1
    return "\n".join(out)


def make_commentary(i, rng, paras, pool):
    """One generated commentary of ~10 KB: a head, paragraphs, definitions of pool terms."""
    lines = [f"Generated Commentary No. {i}", "",
             f"Author {i % 997} and Co-author {i % 389}", "", f"Date {2000 + i % 24}-{1 + i % 12:02d}-01", ""]
    size = 0
    target = rng.randrange(8000, 12000)
    while size < target:
        r = rng.random()
        if r < 0.75:
            p = rng.choice(paras)
        else:
            s, l, _, _ = rng.choice(pool)
            p = " ".join([rng.choice(DEFINE).format(S=s, L=l)] +
                         [rng.choice(MENTION).format(S=s) for _ in range(rng.randrange(1, 3))])
        lines.append(p)
        lines.append("")
        size += len(p) + 2
    return "\n".join(lines)


def write_corpus(count, seed, out_dir):
    """`count` commentaries commentary-NNNNN.txt and a CSL-JSON catalog.json in `out_dir`."""
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(f"corpus-{seed}")
    paras = corpus_paragraphs()
    pool = generated_terms(2000, seed + 2000, [s for s, _, _ in bundled_terms()])
    catalog = []
    total = 0
    for i in range(1, count + 1):
        name = f"commentary-{i:05d}.txt"
        text = make_commentary(i, rng, paras, pool)
        data = text.encode()
        total += len(data)
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        catalog.append({
            "id": f"gen{i:05d}", "type": "article",
            "title": f"Generated Commentary No. {i}",
            "author": [{"family": f"Author{i % 997}", "given": "A."}],
            "issued": {"date-parts": [[2000 + i % 24, 1 + i % 12, 1]]},
            "publisher": "Accord Benchmarks", "collection-title": "Generated Commentaries",
            "number": str(i), "accord-file": name,
        })
    with open(os.path.join(out_dir, "catalog.json"), "w", encoding="utf-8") as f:
        json.dump(catalog, f, indent=1)
        f.write("\n")
    return total


def make_page(i, rng, paras, pool):
    """One saved web page of ~12 KB: a header with navigation, a cookie banner, scripts and
    styles, an article with citation_* tags and definitions, a sidebar and a footer (the reader
    keeps the article alone)."""
    body = []
    size = 0
    target = rng.randrange(6000, 10000)
    while size < target:
        if rng.random() < 0.75:
            p = rng.choice(paras)
        else:
            s, l, _, _ = rng.choice(pool)
            p = " ".join([rng.choice(DEFINE).format(S=s, L=l)] +
                         [rng.choice(MENTION).format(S=s) for _ in range(rng.randrange(1, 3))])
        if rng.random() < 0.15:
            body.append(f"<h2 id=\"s{len(body)}\">Section {len(body)}</h2>")
        body.append("<p>" + html.escape(p) + "</p>")
        size += len(p)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Generated Analysis {i} | Example Institute</title>
<meta name="citation_title" content="Generated Analysis No. {i}">
<meta name="citation_author" content="Writer{i % 701}, B.">
<meta name="citation_publication_date" content="{2000 + i % 24}/{1 + i % 12:02d}/15">
<meta property="og:site_name" content="Example Institute">
<style>body {{ font-family: serif; }} nav a {{ color: #333; }}</style>
<script>window.dataLayer = [{{"event": "Page View Tracking (PVT)"}}];</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/research">Research Programs (RP)</a></li>
<li><a href="/about">About Us</a></li></ul></nav></header>
<div id="cookie-banner"><p>We use cookies for Analytics and Tracking Services (ATS).</p></div>
<main><article><h1>Generated Analysis No. {i}</h1>
{chr(10).join(body)}
</article></main>
<aside><p>Related: Newsletter Sign-up Form (NSF).</p></aside>
<footer><p>&copy; {2000 + i % 24} Example Institute. Terms of Service (TOS).</p></footer>
<script>console.log("Inline Script Output (ISO)");</script>
</body></html>
"""


def write_library(pdfs, pages, seed, out_dir):
    """A library of `pdfs` generated 8-page PDF papers and `pages` saved web pages in
    `out_dir` (the PDFs by tests/unit/data/library/make_pdf.py). Returns the bytes written."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "make_pdf", os.path.join(ROOT, "tests", "unit", "data", "library", "make_pdf.py"))
    make_pdf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_pdf)
    os.makedirs(out_dir, exist_ok=True)
    total = 0
    for i in range(pdfs):
        data = make_pdf.paper(seed * 100_000 + i)
        total += len(data)
        with open(os.path.join(out_dir, f"paper-{i:05d}.pdf"), "wb") as f:
            f.write(data)
    rng = random.Random(f"library-{seed}")
    paras = corpus_paragraphs()
    pool = generated_terms(2000, seed + 3000, [s for s, _, _ in bundled_terms()])
    for i in range(pages):
        data = make_page(i, rng, paras, pool).encode()
        total += len(data)
        with open(os.path.join(out_dir, f"analysis-{i:05d}.html"), "wb") as f:
            f.write(data)
    return total


def generator_digest():
    """Changes when this script or the bundled inputs change (cache key for `all`)."""
    h = hashlib.sha256()
    for path in [os.path.abspath(__file__)] + sorted(glob.glob(os.path.join(CORPUS_DIR, "*.txt"))) \
            + sorted(glob.glob(os.path.join(LEXICON_DIR, "*.json"))):
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def make_all(out_dir, corpus_count):
    """Drafts (10 KB, 100 KB, 1 MB, 10 MB), a 10,000-term lexicon, a corpus; cached by digest."""
    stamp = os.path.join(out_dir, "STAMP")
    want = f"{generator_digest()} corpus={corpus_count}\n"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return
    os.makedirs(out_dir, exist_ok=True)
    for label, size in (("10k", 10_000), ("100k", 100_000), ("1m", 1000_000), ("10m", 10_000_000)):
        with open(os.path.join(out_dir, f"draft-{label}.md"), "w", encoding="utf-8") as f:
            f.write(make_draft(size, 1))
    write_lexicon(10_000, 1, os.path.join(out_dir, "lexicon-10k"))
    write_corpus(corpus_count, 1, os.path.join(out_dir, f"corpus-{corpus_count}"))
    with open(stamp, "w") as f:
        f.write(want)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draft", help="a Markdown draft")
    d.add_argument("--size", type=parse_size, default=parse_size("1MB"))
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--language", choices=["en", "ko", "ja"], default="en",
                   help="en: English with the odd Korean line; ko, ja: Korean or Japanese prose")
    d.add_argument("-o", "--output", default="-")
    c = sub.add_parser("corpus", help="generated commentaries and their catalog")
    c.add_argument("--count", type=int, default=10_000)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("-o", "--output", required=True)
    lx = sub.add_parser("lexicon", help="a generated lexicon directory")
    lx.add_argument("--count", type=int, default=10_000)
    lx.add_argument("--seed", type=int, default=1)
    lx.add_argument("-o", "--output", required=True)
    lb = sub.add_parser("library", help="generated PDF papers and saved web pages")
    lb.add_argument("--pdf", type=int, default=1000)
    lb.add_argument("--html", type=int, default=1000)
    lb.add_argument("--seed", type=int, default=1)
    lb.add_argument("-o", "--output", required=True)
    a = sub.add_parser("all", help="everything scripts/bench needs, cached in DIR")
    a.add_argument("dir")
    a.add_argument("--corpus-count", type=int, default=10_000)
    args = ap.parse_args()

    if args.cmd == "draft":
        if not 1000 <= args.size <= 100_000_000:
            ap.error("--size must be between 1KB and 100MB")
        text = (make_draft(args.size, args.seed) if args.language == "en"
                else make_cjk_draft(args.size, args.seed, args.language))
        if args.output == "-":
            sys.stdout.write(text)
        else:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
    elif args.cmd == "corpus":
        total = write_corpus(args.count, args.seed, args.output)
        print(f"gen.py: {args.count} commentaries, {total / 1e6:.1f} MB in {args.output}", file=sys.stderr)
    elif args.cmd == "lexicon":
        path = write_lexicon(args.count, args.seed, args.output)
        print(f"gen.py: {args.count} terms in {path}", file=sys.stderr)
    elif args.cmd == "library":
        total = write_library(args.pdf, args.html, args.seed, args.output)
        print(f"gen.py: {args.pdf} PDFs and {args.html} web pages, {total / 1e6:.1f} MB in "
              f"{args.output}", file=sys.stderr)
    else:
        make_all(args.dir, args.corpus_count)


if __name__ == "__main__":
    main()
