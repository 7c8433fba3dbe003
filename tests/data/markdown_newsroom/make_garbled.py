#!/usr/bin/env python3
"""Write the garbled twins of clean/*.md and the gold list of their errors (gold.jsonl).

Each error is written here once, as a unique passage of the clean article with the right
words in [[double brackets]] and the wrong words MT wrote there. The garbled twin is the
clean file with every such span replaced (bytes around it untouched: BOM, CRLF, tabs,
non-breaking spaces), so that applying each error's correction to the garbled file gives
the clean file back, byte for byte. `rule` is the mtcheck rule expected to find the error.

Usage: python tests/data/markdown_newsroom/make_garbled.py   (rewrites garbled/ and gold.jsonl)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
BOM = "\ufeff"

CATEGORY = {
    "name": "Terminology/Entity",
    "glossary": "Terminology/Inconsistent with termbase",
    "idiom": "Accuracy/Mistranslation",
    "pronoun": "Accuracy/Mistranslation",
    "honorific": "Fluency/Grammar",
    "broken-name": "Fluency/Grammar",
    "repeated-word": "Fluency/Grammar",
    "capitalization": "Fluency/Capitalization",
    "quotes": "Fluency/Punctuation",
}
SEVERITY = {"name": "major", "glossary": "minor", "idiom": "major", "pronoun": "major", "honorific": "major",
            "broken-name": "major", "repeated-word": "minor", "capitalization": "minor", "quotes": "minor"}

# file -> [(clean passage with [[right]], wrong, family, rule[, other acceptable corrections])]
ERRORS: dict[str, list[tuple]] = {
    "01-hugo-yaml-council-budget.md": [
        ("4.9 [[percent]] and closing", "per cent", "glossary", "MT101"),
        ("the money we used [[to]] get", "to to", "repeated-word", "MT404"),
        ("— Maren [[Ostrowska]], finance chief", "Ostrowksa", "name", "MT103"),
        ("sitting on the [[fence]] for two years", "wall", "idiom", "MT201"),
        ("Ms. [[Ostrowska, asked]] about the amendment", "Asked", "honorific", "MT301"),
        ("library closures; [[they]] will close", "They", "capitalization", "MT401"),
        ("are from [[the]] council’s budget report", "the the", "repeated-word", "MT404"),
    ],
    "02-hugo-toml-river-flood.md": [
        ("use the ring road; [[there]] are no buses", "There", "capitalization", "MT401"),
        ("electricity at [[the]] mains", "the the", "repeated-word", "MT404"),
        ("most of them elderly. [[She]] added that", "He", "pronoun", "MT304"),
        ("Friday afternoon; [[it]] would then fall", "It", "capitalization", "MT401"),
        ("never seen it this high,” [[he]] said.", "she", "pronoun", "MT304"),
    ],
    "03-jekyll-liquid-court.md": [
        ("for decades,\" [[she]] said.", "She", "capitalization", "MT402"),
        ("[[Ferris]] joined Kestrel Freight", "Feris", "name", "MT103"),
        ("no contract to [[find,\"]] prosecutor", "find,", "quotes", "MT403"),
        ("comments from [[the]] pension regulator", "the the", "repeated-word", "MT404"),
    ],
    "04-mdx-callout-election.md": [
        ("under one [[percent]] of the votes", "per cent", "glossary", "MT101"),
        ("Ms. [[Solberg-Nyman]], a former head teacher", "Solberg-Nymen", "name", "MT102"),
        ("challenge it in court; [[his]] campaign", "His", "capitalization", "MT401"),
        ("this article said [[the]] recount began", "the the", "repeated-word", "MT404"),
        ("on May 9. [[She]] has promised", "He", "pronoun", "MT304"),
    ],
    "05-html-obituary.md": [
        ("<figcaption>Eleanor M. [[Achterberg aboard the]] research", "The", "broken-name", "MT302",
         ["Achterberg’s"]),
        ("at sea.<br>\n[[She]] was finally given", "He", "pronoun", "MT304"),
        ("a mountain [[range,”]] said Samuel", "range,", "quotes", "MT403"),
        ("in 1932; [[she]] moved to", "She", "capitalization", "MT401"),
        ("to correct [[the]] year of her retirement", "the the", "repeated-word", "MT404"),
    ],
    "06-gfm-table-markets.md": [
        ("weak mortgage data; [[oil]] companies rose", "Oil", "capitalization", "MT401"),
        ("had “not gone [[away.”]] |", "away.", "quotes", "MT403"),
        ("Mr. [[Quintanilha]] said he expected", "Quintanhila", "name", "MT103"),
        ("its forecast for [[the]] year", "the the", "repeated-word", "MT404"),
        ("was the last [[straw]] for investors", "drop", "idiom", "MT201"),
    ],
    "07-footnotes-refs-investigation.md": [
        ("end of the year,” [[she]] said.", "She", "capitalization", "MT402"),
        ("Ms. [[Wilczyńska]] left Northmarsh", "Wilczynska", "name", "MT103"),
        ("at the time it was [[made,”]] the company said", "made,", "quotes", "MT403"),
        ("[how we [[reported]] this story][method]", "we reported", "repeated-word", "MT404"),
        ("had been [[logged]] twice", "been logged", "repeated-word", "MT404"),
    ],
    "08-emphasis-breaks-interview.md": [
        ("**Mr.\u00a0[[Asante]]** said he would judge", "Asnate", "name", "MT102"),
        ("Every time we ballot, [[the]] vote", "the the", "repeated-word", "MT404"),
        ("Mr.\u00a0[[Lenehan, speaking]] in the Commons", "Speaking", "honorific", "MT301"),
        ("where to find [[us.”]]**", "us.", "quotes", "MT403"),
        ("a blessing in [[disguise]] for the union", "hiding", "idiom", "MT201"),
        ("with 89\u00a0[[percent]] support", "per cent", "glossary", "MT101"),
        ("The union rejects it; [[members]] vote", "Members", "capitalization", "MT401"),
        ("put it to a vote. [[He]] added that the operators", "She", "pronoun", "MT304"),
    ],
    "09-headings-anchors-liveblog.md": [
        ("— Talks [[to]] resume on Thursday {#talks-thursday}", "to to", "repeated-word", "MT404"),
        ("“a settlement, not a stand-off.” [[She]] said no new offer", "He", "pronoun", "MT304"),
        ("![Piers [[Lenehan]] speaks to reporters", "Lenehen", "name", "MT103"),
        ("“I don’t blame the staff,” [[she]] said.", "She", "capitalization", "MT402"),
        ("Mr. [[Asante, asked]] about the turnout", "Asked", "honorific", "MT301"),
        ("only the [[tip]] of the iceberg", "peak", "idiom", "MT201"),
    ],
    "10-mkdocs-kramdown-explainer.md": [
        ("Ofgem, sets [[the]] cap every three months", "the the", "repeated-word", "MT404"),
        ("up 10 [[percent]] from the summer", "per cent", "glossary", "MT101"),
        ("with a lag,\" [[she]] said.", "She", "capitalization", "MT402"),
        ("for customers [[in]] debt", "in in", "repeated-word", "MT404"),
        ("Dr. [[Ramaswamy]] said fixed deals", "Ramaswammy", "name", "MT103"),
        ("the shock of [[2022,\"]] she said", "2022,", "quotes", "MT403"),
    ],
}

_MARKED = re.compile(r"\[\[(.+?)\]\]")


def garble(clean: str, errors) -> tuple[str, list[dict]]:
    spans = []
    for passage, wrong, family, rule, *more in errors:
        m = _MARKED.search(passage)
        plain = passage[:m.start()] + m.group(1) + passage[m.end():]
        if clean.count(plain) != 1:
            raise SystemExit(f"passage not found once: {plain!r}")
        start = clean.index(plain) + m.start()
        spans.append((start, start + len(m.group(1)), wrong, family, rule, more[0] if more else []))
    spans.sort()
    out, gold, pos, shift = [], [], 0, 0
    for start, end, wrong, family, rule, more in spans:
        if start < pos:
            raise SystemExit(f"overlapping errors at {start}")
        out.append(clean[pos:start] + wrong)
        gold.append({"start": start + shift, "end": start + shift + len(wrong), "text": wrong, "family": family,
                     "category": CATEGORY[family], "severity": SEVERITY[family],
                     "corrections": [clean[start:end], *more], "rule": rule})
        shift += len(wrong) - (end - start)
        pos = end
    out.append(clean[pos:])
    return "".join(out), gold


def main() -> None:
    records = []
    for name, errors in ERRORS.items():
        raw = (HERE / "clean" / name).read_bytes().decode("utf-8")
        bom = BOM if raw.startswith(BOM) else ""
        text, gold = garble(raw[len(bom):], errors)
        (HERE / "garbled" / name).write_bytes((bom + text).encode("utf-8"))
        rel = lambda kind: (HERE / kind / name).relative_to(REPO).as_posix()
        records.append({"id": name[:-3], "garbled": rel("garbled"), "clean": rel("clean"), "errors": gold})
    with open(HERE / "gold.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
