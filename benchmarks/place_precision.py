"""MT104 (corrupted-place-name) on correct and real text: every finding, for reading by hand.

    python benchmarks/place_precision.py [--gazetteer FILE] [--tsv PATH]

Runs MT104 alone (rules only, no glossary) over
- tests/data/clean_news/ (published-quality articles: every finding is a false alarm),
- samples/clean/ (the samples' clean twins: likewise),
- the English side of the WMT23 zh→en MQM dev split (real MT output; each system's document
  is one text, its segments paragraphs, the raters' <v>…</v> marks stripped). A finding there
  may be a real corruption: the script prints whether a rater marked an error over it, and the
  segment, so each can be judged.

--gazetteer FILE checks with another gazetteer (a candidate written by
tools/build_name_data.py --out FILE, with its FILE.variants.txt beside it), so several population bars can be compared without
touching mtcheck/data. The data is read from shared/ (never copied into the repository).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker, iter_files  # noqa: E402
from wmt_eval import DEFAULT_TSV, load_segments  # noqa: E402


def wmt_documents(path: Path) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(label, text, rater-marked spans) per (system, doc), segments in order as paragraphs."""
    grouped = defaultdict(list)
    for key, value in load_segments(path).items():
        grouped[key[:2]].append((key[2], value))
    docs = []
    for (system, doc), segs in sorted(grouped.items()):
        parts, spans, pos = [], [], 0
        for _, (text, bad) in sorted(segs):
            parts.append(text)
            spans.extend((pos + s, pos + e) for s, e in bad)
            pos += len(text) + 2
        docs.append((f"{system}/{doc}", "\n\n".join(parts), spans))
    return docs


def context(text: str, start: int, end: int, width: int = 60) -> str:
    lo, hi = max(0, start - width), min(len(text), end + width)
    return " ".join((text[lo:start] + "[" + text[start:end] + "]" + text[end:hi]).split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazetteer", type=Path, help="a gazetteer.tsv to use instead of mtcheck/data's")
    ap.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    args = ap.parse_args()
    if args.gazetteer:
        from mtcheck.glossary import reference

        data = {"gazetteer.tsv": args.gazetteer.read_text(encoding="utf-8"),
                 "place_variants.txt": args.gazetteer.with_suffix(".variants.txt").read_text(encoding="utf-8")}
        reference.data_text = lambda name, _real=reference.data_text: data.get(name) or _real(name)
        reference.gazetteer.cache_clear()
        reference.is_place_variant.cache_clear()
    checker = Checker(Config(use_model=False, select=["MT104"]))
    total = 0
    for label, paths in (("clean_news", [str(REPO / "tests/data/clean_news")]),
                         ("samples/clean", [str(REPO / "samples/clean")])):
        files = [f for f in iter_files(paths) if Path(f).name != "README.md"]
        found = []
        for f in files:
            doc = Document(Path(f).read_text(encoding="utf-8"), f, markdown=f.endswith(".md"))
            found += [(Path(f).name, x, doc.text) for x in checker.check(doc)]
        print(f"{label}: {len(files)} files, {len(found)} MT104 findings (each a false alarm)")
        for name, x, text in found:
            print(f"  {name}: {x.text!r} -> {x.suggestions[0]!r}  | {context(text, x.start, x.end)}")
        total += len(found)
    if args.tsv.exists():
        docs = wmt_documents(args.tsv)
        found = [(label, x, text, any(s < x.end and x.start < e for s, e in spans))
                 for label, text, spans in docs for x in checker.check(Document(text, label))]
        print(f"WMT23 zh-en dev targets: {len(docs)} documents, {len(found)} MT104 findings "
              f"({sum(m for *_, m in found)} over a rater-marked error)")
        for label, x, text, marked in found:
            print(f"  {'MARKED ' if marked else 'unmarked'} {label}: {x.text!r} -> {x.suggestions[0]!r}"
                  f"  | {context(text, x.start, x.end)}")
    else:
        print(f"{args.tsv} not found: WMT skipped")
    print(f"false alarms on the clean corpora: {total}")


if __name__ == "__main__":
    main()
