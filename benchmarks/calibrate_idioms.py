"""Calibrate MT201's model margin: the language model's gain for every candidate the broken-idiom
rule proposes on clean news prose (where every candidate is a false alarm).

    python benchmarks/calibrate_idioms.py [FOLDER ...]

Default: tests/data/clean_news and samples/clean, plus single sentences: the correct news
sentences of benchmarks/data/correct_sentences.txt and the dev set's literal sentences and clean
twins (benchmarks/data/idioms_dev_literal.jsonl, idioms_dev.jsonl; the held-out sets are not read).

Prints each candidate's gain in bits and the largest: IDIOM_MARGIN in mtcheck/model/idioms.py must
stay above it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.config import Config  # noqa: E402
from mtcheck.model.idioms import gains  # noqa: E402
from mtcheck.rules.idioms import sentence_around  # noqa: E402
from mtcheck.model.store import load, resolve_source  # noqa: E402
from mtcheck.model.scorer import Scorer  # noqa: E402
from mtcheck.rules.idioms import find_candidates  # noqa: E402


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:]] or [REPO / "tests" / "data" / "clean_news", REPO / "samples" / "clean"]
    files = [p for f in folders for p in sorted(f.glob("*")) if p.suffix in (".txt", ".md") and p.name != "README.md"]
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    if not sys.argv[1:]:
        data = REPO / "benchmarks" / "data"
        texts += [("correct_sentences", line) for line in
                  (data / "correct_sentences.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
        for name, key in (("idioms_dev_literal.jsonl", None), ("idioms_dev.jsonl", "clean_text")):
            for line in (data / name).read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                texts.append((name, row[key] if key else row.get("clean_text") or row.get("garbled_text") or row["text"]))
    scorer = Scorer(*load(resolve_source(Config().model), lambda m: print(m, file=sys.stderr)))
    rows, words, start = [], 0, time.perf_counter()
    for name, prose in texts:
        words += len(prose.split())
        for c in find_candidates(prose):
            s0, s1 = sentence_around(prose, c.start, c.end)
            gain = gains(scorer, prose[s0:s1], [(c.start - s0, c.end - s0, [c.replacement])])[0][0]
            rows.append((gain, c.strong, name, prose[c.shown[0]:c.shown[1]], c.replacement))
    for gain, strong, name, shown, rep in sorted(rows, reverse=True)[:25]:
        print(f"{gain:7.2f}  {'strong' if strong else 'weak  '}  {name[:28]:28}  {shown!r} -> {rep}")
    print(f"{len(texts)} texts, {words:,} words, {len(rows)} candidates, "
          f"max gain {max((r[0] for r in rows), default=0):.2f} bits, {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
