"""Precision and recall of MT201 (broken-idiom) on the annotated sample corpus.

Counts a finding as correct when it overlaps a gold error in a garbled article; every
finding in a clean article is a false alarm. Also lists the gold idiom errors it misses.
Optionally (when /work/shared or ../shared holds it) counts findings on the WMT23 zh-en
MQM dev rows and how many fall inside a rater's error span.

    python benchmarks/eval_idioms.py
"""

from __future__ import annotations

import collections
import csv
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.api import check_text  # noqa: E402

CONFIG = {"select": ["MT201"]}


def mt201(path: Path):
    text = path.read_bytes().decode("utf-8")  # line endings untouched, as the gold offsets
    return text, check_text(text, config=CONFIG, markdown=path.suffix == ".md")


def samples() -> None:
    hits = false_alarms = gold_idioms = found_idioms = 0
    for line in (REPO / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        _, clean = mt201(REPO / gold["clean"])
        for f in clean:
            false_alarms += 1
            print(f"  false alarm (clean {gold['id']}): {f.text!r} -> {f.suggestions}")
        _, garbled = mt201(REPO / gold["garbled"])
        for f in garbled:
            errors = [e for e in gold["errors"] if e["start"] < f.end and f.start < e["end"]]
            if errors:
                hits += 1
            else:
                false_alarms += 1
                print(f"  false alarm (garbled {gold['id']}): {f.text!r} -> {f.suggestions}")
        for e in gold["errors"]:
            if e["family"] == "idiom":
                gold_idioms += 1
                caught = any(f.start < e["end"] and e["start"] < f.end for f in garbled)
                found_idioms += caught
                if not caught:
                    print(f"  missed ({gold['id']}): {e['text']!r} -> {e['corrections']}")
    print(f"samples: {hits} findings on gold errors, {false_alarms} false alarms; "
          f"idiom errors caught {found_idioms}/{gold_idioms}")


def wmt() -> None:
    for base in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        path = base / "wmt23-zhen-mqm" / "dev.tsv"
        if path.exists():
            break
    else:
        print("wmt: dev.tsv not found, skipped")
        return
    segments: dict[tuple[str, str], list] = collections.defaultdict(list)
    with path.open(encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for system, _doc, _seg, gseg, _rater, _src, target, _cat, _sev in rows:
            text = target.replace("<v>", "").replace("</v>", "")
            m = re.search(r"<v>(.*?)</v>", target)
            span = (m.start(), m.start() + len(m.group(1))) if m else None
            segments[(system, gseg)].append((text, span))
    words = findings = in_span = 0
    for rows in segments.values():
        text = rows[0][0]
        words += len(text.split())
        for f in check_text(text, config=CONFIG):
            findings += 1
            in_span += any(s and s[0] < f.end and f.start < s[1] for _, s in rows)
    print(f"wmt23 zh-en dev: {len(segments)} segments, {words:,} words, {findings} findings, "
          f"{in_span} inside a rater's error span")


if __name__ == "__main__":
    samples()
    wmt()
