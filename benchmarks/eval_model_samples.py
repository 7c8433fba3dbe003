"""MT901 on the project's own annotated corpus (samples/): model findings on each garbled
article are right when they overlap a gold error; every model finding on a clean twin is false.

    python benchmarks/eval_model_samples.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.config import Config  # noqa: E402
from mtcheck.engine import Checker, read_document  # noqa: E402
from mtcheck.glossary import load_glossaries  # noqa: E402
from mtcheck.model import load_checker  # noqa: E402


def main() -> None:
    config = Config()
    glossary = load_glossaries([str(ROOT / "samples" / "glossary.csv")])
    checker = Checker(config, glossary, load_checker(config, print))
    right = wrong = clean_flags = clean_words = 0
    found_families: Counter = Counter()
    families: Counter = Counter()
    t = time.perf_counter()
    for line in (ROOT / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        errors = entry["errors"]
        families.update(e["family"] for e in errors)
        doc = read_document(str(ROOT / entry["garbled"]))
        for f in checker.check(doc):
            if f.rule != "MT901":
                continue
            hit = [e for e in errors if e["start"] < f.end and f.start < e["end"]]
            right += bool(hit)
            wrong += not hit
            found_families.update(e["family"] for e in hit)
            print(f"{'OK ' if hit else 'BAD'} {entry['id']}: {f.text!r} → {list(f.suggestions)} "
                  f"conf {f.confidence} {hit[0]['corrections'] if hit else ''}")
        clean = read_document(str(ROOT / entry["clean"]))
        clean_words += clean.word_count
        for f in checker.check(clean):
            if f.rule == "MT901":
                clean_flags += 1
                print(f"CLEAN {entry['id']}: {f.text!r} → {list(f.suggestions)} conf {f.confidence}")
    total = right + wrong
    print(f"\ngarbled: {total} model findings, {right} on gold errors (precision {right / max(total, 1):.2f})")
    print("gold errors found by family: " + ", ".join(f"{k} {found_families[k]}/{n}" for k, n in families.items()))
    print(f"clean twins: {clean_flags} model findings in {clean_words} words "
          f"({1000 * clean_flags / clean_words:.1f} per 1000 words); {time.perf_counter() - t:.0f} s")


if __name__ == "__main__":
    main()
