#!/usr/bin/env python3
"""Validate the annotated MT-error corpus under samples/.

Checks that every article listed in samples/gold.jsonl has its garbled and
clean files, that every annotated span matches the garbled text, that the
family/category/severity values are valid, that spans do not overlap, and
that applying each error's first correction to the garbled text reproduces
the clean text byte for byte.  Also checks corpus-level requirements (article
count, family coverage, Markdown spans outside code and links, glossary
variants, line endings) and prints a per-family count table.

Standard library only.  Exit status: 0 when the corpus is valid, 1 otherwise.

Usage: python tools/check_corpus.py [--root DIR]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

FAMILY_CATEGORY = {
    "name": "Terminology/Entity",
    "glossary": "Terminology/Inconsistent with termbase",
    "idiom": "Accuracy/Mistranslation",
    "wrong-word": "Accuracy/Mistranslation",
    "honorific": "Fluency/Grammar",
    "broken-name": "Fluency/Grammar",
    "pronoun": "Accuracy/Mistranslation",
    "capitalization": "Fluency/Capitalization",
    "quotes": "Fluency/Punctuation",
}
SEVERITIES = {"minor", "major", "critical"}
RECORD_KEYS = {"id", "garbled", "clean", "errors"}
ERROR_KEYS = {"start", "end", "text", "family", "category", "severity", "corrections"}
GLOSSARY_HEADER = ["term", "variants", "type", "gender", "note"]
GLOSSARY_TYPES = {"person", "place", "org", "term"}
GLOSSARY_GENDERS = {"f", "m", ""}
QUOTE_CHARS = "\"“”"

MIN_ARTICLES = 18
MIN_ARTICLES_PER_FAMILY = 3
MIN_ERRORS, MAX_ERRORS = 5, 10
MIN_WORDS, MAX_WORDS = 250, 500


def read_text(path: Path) -> str:
    """Read UTF-8 text with line endings untouched (offsets count code points)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def markdown_protected(text: str) -> list[tuple[int, int, str]]:
    """Ranges of a Markdown text that are not prose: front matter, code, links."""
    ranges = []
    m = re.match(r"---\r?\n.*?\r?\n---\r?\n", text, re.S)
    if m:
        ranges.append((m.start(), m.end(), "front matter"))
    fences = list(re.finditer(r"^(```|~~~).*?^\1[ \t]*$", text, re.S | re.M))
    for m in fences:
        ranges.append((m.start(), m.end(), "fenced code"))

    def in_fence(i: int) -> bool:
        return any(m.start() <= i < m.end() for m in fences)

    for m in re.finditer(r"`[^`\r\n]+`", text):
        if not in_fence(m.start()):
            ranges.append((m.start(), m.end(), "inline code"))
    for m in re.finditer(r"!?\[[^\]\r\n]*\]\([^)\s]*\)", text):
        if not in_fence(m.start()):
            ranges.append((m.start(), m.end(), "link"))
    for m in re.finditer(r"<https?://[^>\s]+>|https?://\S+", text):
        ranges.append((m.start(), m.end(), "URL"))
    return ranges


def paragraphs(text: str, markdown: bool) -> list[tuple[int, int]]:
    """(start, end) offsets of prose paragraphs (blank-line separated)."""
    if markdown:
        for start, end, kind in markdown_protected(text):
            if kind in ("front matter", "fenced code"):
                text = text[:start] + " " * (end - start) + text[end:]
    out = []
    for m in re.finditer(r"(?:[^\r\n]*\S[^\r\n]*(?:\r?\n|$))+", text):
        out.append((m.start(), m.end()))
    return out


def quote_problems(text: str, markdown: bool) -> list[tuple[int, int, str]]:
    """Paragraphs whose double quotation marks do not balance.

    News convention: a quote that runs over several paragraphs leaves each
    paragraph but the last open, and the next paragraph reopens with a
    quotation mark.  Anything else that does not balance is reported.
    """
    paras = paragraphs(text, markdown)
    bad = []
    for i, (s, e) in enumerate(paras):
        p = text[s:e]
        nxt = text[paras[i + 1][0]:paras[i + 1][1]].lstrip() if i + 1 < len(paras) else ""
        opens, closes, straight = p.count("“"), p.count("”"), p.count('"')
        if opens == closes and straight % 2 == 0:
            continue
        if opens == closes + 1 and straight % 2 == 0 and nxt.startswith("“"):
            continue
        if opens == closes and straight % 2 == 1 and nxt.startswith('"'):
            continue
        bad.append((s, e, p.strip()[:60]))
    return bad


def prose_words(text: str, markdown: bool) -> int:
    if markdown:
        for start, end, _ in sorted(markdown_protected(text), reverse=True):
            text = text[:start] + " " + text[end:]
    return sum(1 for tok in text.split() if any(ch.isalnum() for ch in tok))


def load_glossary(path: Path, problems: list[str]) -> dict[str, set[str]]:
    """Return {variant: {preferred terms}} after validating the glossary."""
    variants: dict[str, set[str]] = defaultdict(set)
    if not path.is_file():
        problems.append(f"{path}: glossary missing")
        return variants
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != GLOSSARY_HEADER:
        problems.append(f"{path}: header must be {','.join(GLOSSARY_HEADER)}")
        return variants
    seen = set()
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(GLOSSARY_HEADER):
            problems.append(f"{path}:{n}: expected {len(GLOSSARY_HEADER)} columns, got {len(row)}")
            continue
        term, var, typ, gender, _note = row
        if not term.strip():
            problems.append(f"{path}:{n}: empty term")
        if term in seen:
            problems.append(f"{path}:{n}: duplicate term {term!r}")
        seen.add(term)
        if typ not in GLOSSARY_TYPES:
            problems.append(f"{path}:{n}: type {typ!r} not in {sorted(GLOSSARY_TYPES)}")
        if gender not in GLOSSARY_GENDERS:
            problems.append(f"{path}:{n}: gender {gender!r} must be f, m or blank")
        if gender and typ != "person":
            problems.append(f"{path}:{n}: gender given for a non-person term")
        for v in filter(None, var.split("|")):
            if v == term:
                problems.append(f"{path}:{n}: variant equals the term {term!r}")
            variants[v].add(term)
    if len(seen) < 20:
        problems.append(f"{path}: only {len(seen)} entries (expected about 30)")
    return variants


def gitattributes_binary_paths(root: Path) -> set[str]:
    paths = set()
    p = root / ".gitattributes"
    if p.is_file():
        for line in p.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and ("-text" in parts[1:] or "binary" in parts[1:]):
                paths.add(parts[0])
    return paths


def check(root: Path) -> int:
    problems: list[str] = []
    samples = root / "samples"
    gold_path = samples / "gold.jsonl"
    glossary = load_glossary(samples / "glossary.csv", problems)
    keep_bytes = gitattributes_binary_paths(root)

    records = []
    if not gold_path.is_file():
        problems.append(f"{gold_path}: missing")
    else:
        for n, line in enumerate(read_text(gold_path).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"gold.jsonl:{n}: invalid JSON ({exc})")

    family_errors: Counter[str] = Counter()
    family_articles: dict[str, set[str]] = defaultdict(set)
    severity_counts: Counter[str] = Counter()
    ids = set()
    listed_files = set()

    for n, rec in records:
        where = f"gold.jsonl:{n}"
        if not isinstance(rec, dict) or set(rec) != RECORD_KEYS:
            problems.append(f"{where}: keys must be exactly {sorted(RECORD_KEYS)}")
            continue
        aid = rec["id"]
        where = f"{where} ({aid})"
        if aid in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(aid)
        texts = {}
        for key in ("garbled", "clean"):
            rel = rec[key]
            listed_files.add(rel)
            if not isinstance(rel, str) or not rel.startswith(f"samples/{key}/"):
                problems.append(f"{where}: {key} path {rel!r} must be under samples/{key}/")
                continue
            stem = Path(rel).name.rsplit(".", 1)[0]
            if stem != aid:
                problems.append(f"{where}: {key} file name {rel!r} does not match id")
            p = root / rel
            if not p.is_file():
                problems.append(f"{where}: {rel} does not exist")
                continue
            try:
                texts[key] = read_text(p)
            except UnicodeDecodeError:
                problems.append(f"{where}: {rel} is not valid UTF-8")
                continue
            t = texts[key]
            crlf = t.count("\r\n")
            lone_lf = t.count("\n") - crlf
            if crlf and lone_lf:
                problems.append(f"{where}: {rel} mixes CRLF and LF line endings")
            if crlf and rel not in keep_bytes:
                problems.append(f"{where}: {rel} has CRLF endings but no '-text' line in .gitattributes")
        if Path(rec["garbled"]).name != Path(rec["clean"]).name:
            problems.append(f"{where}: garbled and clean file names differ")
        if set(texts) != {"garbled", "clean"}:
            continue
        garbled, clean = texts["garbled"], texts["clean"]
        if ("\r\n" in garbled) != ("\r\n" in clean):
            problems.append(f"{where}: garbled and clean twins use different line endings")
        is_md = rec["garbled"].endswith(".md")
        if is_md:
            if not garbled.startswith("---"):
                problems.append(f"{where}: Markdown article lacks YAML front matter")
            kinds = {k for _, _, k in markdown_protected(garbled)}
            for k in ("fenced code", "inline code", "link"):
                if k not in kinds:
                    problems.append(f"{where}: Markdown article lacks a {k}")
            if not re.search(r"^#{1,6} \S", garbled, re.M):
                problems.append(f"{where}: Markdown article lacks a heading")
        words = prose_words(clean, is_md)
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"{where}: clean text has {words} prose words (want {MIN_WORDS}-{MAX_WORDS})")

        errors = rec["errors"]
        if not isinstance(errors, list):
            problems.append(f"{where}: errors must be a list")
            continue
        if not MIN_ERRORS <= len(errors) <= MAX_ERRORS:
            problems.append(f"{where}: {len(errors)} errors (want {MIN_ERRORS}-{MAX_ERRORS})")
        protected = markdown_protected(garbled) if is_md else []
        valid = []
        for k, err in enumerate(errors):
            ew = f"{where} error {k}"
            if not isinstance(err, dict) or set(err) != ERROR_KEYS:
                problems.append(f"{ew}: keys must be exactly {sorted(ERROR_KEYS)}")
                continue
            s, e, text = err["start"], err["end"], err["text"]
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(garbled)):
                problems.append(f"{ew}: bad span [{s}, {e})")
                continue
            if garbled[s:e] != text:
                problems.append(f"{ew}: text {text!r} != garbled[{s}:{e}] {garbled[s:e]!r}")
            if text != text.strip():
                problems.append(f"{ew}: span {text!r} has leading/trailing whitespace")
            fam = err["family"]
            if fam not in FAMILY_CATEGORY:
                problems.append(f"{ew}: unknown family {fam!r}")
            elif err["category"] != FAMILY_CATEGORY[fam]:
                problems.append(f"{ew}: category {err['category']!r} should be {FAMILY_CATEGORY[fam]!r}")
            if err["severity"] not in SEVERITIES:
                problems.append(f"{ew}: severity {err['severity']!r} not in {sorted(SEVERITIES)}")
            corr = err["corrections"]
            if not (isinstance(corr, list) and corr and all(isinstance(c, str) for c in corr)):
                problems.append(f"{ew}: corrections must be a non-empty list of strings")
                continue
            if text in corr:
                problems.append(f"{ew}: corrections contain the erroneous text itself")
            if len(set(corr)) != len(corr):
                problems.append(f"{ew}: duplicate corrections")
            for ps, pe, kind in protected:
                if s < pe and ps < e:
                    problems.append(f"{ew}: span {text!r} lies in {kind}; errors belong in prose only")
            if fam == "glossary" and corr[0] not in glossary.get(text, set()):
                problems.append(f"{ew}: {text!r} is not a glossary variant of {corr[0]!r}")
            if fam == "quotes":
                n_text = sum(text.count(q) for q in QUOTE_CHARS)
                n_corr = sum(corr[0].count(q) for q in QUOTE_CHARS)
                if n_corr != n_text + 1:
                    problems.append(f"{ew}: quotes correction should add exactly one quotation mark")
            if fam == "capitalization" and corr[0].lower() != text.lower():
                problems.append(f"{ew}: capitalization correction should change case only")
            if fam in FAMILY_CATEGORY and err["severity"] in SEVERITIES:
                family_errors[fam] += 1
                family_articles[fam].add(aid)
                severity_counts[err["severity"]] += 1
            valid.append(err)
        valid.sort(key=lambda x: (x["start"], x["end"]))
        # Unbalanced quotation marks: none in clean text (beyond the news
        # convention for multi-paragraph quotes), and in garbled text exactly
        # the paragraphs that carry an annotated quotes error.
        for ps, pe, head in quote_problems(clean, is_md):
            problems.append(f"{where}: clean paragraph has unbalanced quotes: {head!r}")
        bad_paras = quote_problems(garbled, is_md)
        for ps, pe, head in bad_paras:
            if not any(v["family"] == "quotes" and ps <= v["start"] < pe for v in valid):
                problems.append(f"{where}: unannotated unbalanced quotes in paragraph {head!r}")
        for v in valid:
            if v["family"] == "quotes" and not any(ps <= v["start"] < pe for ps, pe, _ in bad_paras):
                problems.append(f"{where}: quotes error at {v['start']} is in a paragraph that balances")
        # A discouraged glossary variant must never appear in clean text, and in
        # garbled text only inside an annotated span.
        for variant, terms in glossary.items():
            pat = re.compile(r"(?<!\w)" + re.escape(variant) + r"(?!\w)")
            for m in pat.finditer(clean):
                problems.append(f"{where}: clean text uses glossary variant {variant!r} (preferred: {sorted(terms)[0]!r})")
            for m in pat.finditer(garbled):
                if not any(v["start"] <= m.start() and m.end() <= v["end"] for v in valid):
                    problems.append(f"{where}: unannotated glossary variant {variant!r} at offset {m.start()}")

        for a, b in zip(valid, valid[1:]):
            if b["start"] < a["end"]:
                problems.append(f"{where}: errors overlap: {a['text']!r}@{a['start']} and {b['text']!r}@{b['start']}")
        if len(valid) == len(errors):
            out, pos = [], 0
            for err in valid:
                out.append(garbled[pos:err["start"]])
                out.append(err["corrections"][0])
                pos = err["end"]
            out.append(garbled[pos:])
            fixed = "".join(out)
            if fixed != clean:
                i = next((i for i, (x, y) in enumerate(zip(fixed, clean)) if x != y), min(len(fixed), len(clean)))
                problems.append(
                    f"{where}: corrected garbled text differs from clean at offset {i}: "
                    f"{fixed[max(0, i - 30):i + 30]!r} vs {clean[max(0, i - 30):i + 30]!r}"
                )

    # Stray files that gold.jsonl does not describe.
    for sub in ("garbled", "clean"):
        d = samples / sub
        if d.is_dir():
            for p in sorted(d.iterdir()):
                rel = f"samples/{sub}/{p.name}"
                if rel not in listed_files:
                    problems.append(f"{rel}: not listed in gold.jsonl")

    if len(ids) < MIN_ARTICLES:
        problems.append(f"only {len(ids)} articles (want at least {MIN_ARTICLES})")
    for fam in FAMILY_CATEGORY:
        if len(family_articles[fam]) < MIN_ARTICLES_PER_FAMILY:
            problems.append(
                f"family {fam!r} appears in {len(family_articles[fam])} articles "
                f"(want at least {MIN_ARTICLES_PER_FAMILY})"
            )

    print(f"{'family':<16}{'category':<42}{'errors':>7}{'articles':>10}")
    for fam, cat in FAMILY_CATEGORY.items():
        print(f"{fam:<16}{cat:<42}{family_errors[fam]:>7}{len(family_articles[fam]):>10}")
    print(f"{'total':<58}{sum(family_errors.values()):>7}{len(ids):>10}")
    print("severity: " + ", ".join(f"{s} {severity_counts[s]}" for s in ("minor", "major", "critical")))

    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    print("corpus OK")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                    help="repository root (default: the parent of tools/)")
    args = ap.parse_args(argv)
    return check(args.root)


if __name__ == "__main__":
    sys.exit(main())
