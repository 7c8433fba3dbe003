"""Every source-aware pair's findings as JSON lines, to compare two versions of the code.

    python benchmarks/source_findings.py OUT.jsonl
    diff <(python benchmarks/source_findings.py /dev/stdout) <(cd OTHER && python benchmarks/source_findings.py /dev/stdout)

The pairs (all rules, no model; one line per pair: its id and its findings' JSON):
  - the bilingual test set (tests/data/bilingual/pairs.jsonl), without and with its glossary;
  - every WMT23 zh-en dev segment pair (../shared/wmt23-zhen-mqm/dev.tsv, the <v> marks taken out);
  - every WMT23 system-document as an article pair, one segment a paragraph;
  - bench_source.py's articles (the test set's Chinese pairs repeated, renumbered).
A speed change must leave this output byte for byte the same.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_source import WMT_DEV, article_pair, renumbered  # noqa: E402
from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker  # noqa: E402
from mtcheck.glossary import load_glossaries  # noqa: E402

BILINGUAL = ROOT / "tests" / "data" / "bilingual"


def pairs():
    """(id, source, target, with the glossary) for every pair."""
    rows = [json.loads(line) for line in (BILINGUAL / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    for glossary in (False, True):
        for r in rows:
            yield f"set:{r['id']}:{'glossary' if glossary else 'plain'}", r["source"], r["target"], glossary
    if WMT_DEV.exists():
        segments: dict[tuple[str, str], dict[int, tuple[str, str]]] = {}
        with WMT_DEV.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                unmark = (re.sub(r"</?v>", "", row["source"]), re.sub(r"</?v>", "", row["target"]))
                segments.setdefault((row["system"], row["doc"]), {})[int(row["docSegId"])] = unmark
        for (system, doc), segs in sorted(segments.items()):
            for i in sorted(segs):
                yield f"wmt-seg:{system}:{doc}:{i}", segs[i][0], segs[i][1], False
        for (system, doc), segs in sorted(segments.items()):
            source, target = ("\n\n".join(segs[i][side] for i in sorted(segs)) + "\n" for side in (0, 1))
            yield f"wmt-doc:{system}:{doc}", source, target, False
            yield f"wmt-doc-renumbered:{system}:{doc}", *renumbered((source, target), 3), False
    for run in range(2):
        yield f"bench-set:{run}", *article_pair(run), False


def main() -> None:
    out_path = sys.argv[1] if len(sys.argv) > 1 else "/dev/stdout"
    plain = Checker(Config(use_model=False))
    with_glossary = Checker(Config(use_model=False), load_glossaries([BILINGUAL / "glossary.csv"]))
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for pair_id, source, target, glossary in pairs():
            doc = Document(target, "story.en.txt")
            doc.source = Document(source, "story.zh.txt")
            found = (with_glossary if glossary else plain).check(doc)
            out.write(json.dumps({"id": pair_id, "findings": [f.to_dict() for f in found]}, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
