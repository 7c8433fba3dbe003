"""Editorial rules (MT3xx, MT4xx) against the gold corpus: recall per error family, precision.

A gold error counts as found when a finding of these rules overlaps its span; a finding is
correct when it overlaps any gold span of its article. The clean twins are checked too: every
finding there is a false alarm.

    python benchmarks/editorial_gold.py [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck import check_text  # noqa: E402

RULES = ("MT301", "MT302", "MT303", "MT304", "MT401", "MT402", "MT403")
FAMILIES = ("honorific", "broken-name", "pronoun", "capitalization", "quotes")


def findings(path: Path):
    text = path.read_bytes().decode("utf-8")  # line endings untouched: gold offsets count \r
    found = check_text(text, markdown=path.suffix == ".md", glossary=[REPO / "samples" / "glossary.csv"])
    return text, [f for f in found if f.rule in RULES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print the gold errors not found")
    args = parser.parse_args()
    found, total, correct, flagged, clean_alarms = Counter(), Counter(), 0, 0, Counter()
    for line in (REPO / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text, fs = findings(REPO / gold["garbled"])
        spans = [(e["start"], e["end"]) for e in gold["errors"]]
        flagged += len(fs)
        correct += sum(1 for f in fs if any(f.start < e and s < f.end for s, e in spans))
        for e in gold["errors"]:
            if e["family"] not in FAMILIES:
                continue
            total[e["family"]] += 1
            if any(f.start < e["end"] and e["start"] < f.end for f in fs):
                found[e["family"]] += 1
            elif args.misses:
                print(f"miss {gold['id']} {e['family']}: {text[max(0, e['start'] - 60):e['end'] + 20]!r}")
        _, clean = findings(REPO / gold["clean"])
        clean_alarms.update(f.rule for f in clean)
    for family in FAMILIES:
        print(f"{family:15} recall {found[family]}/{total[family]}")
    print(f"precision {correct}/{flagged} findings overlap a gold span")
    print(f"clean twins: {sum(clean_alarms.values())} findings {dict(clean_alarms)}")


if __name__ == "__main__":
    main()
