"""Calibrate MT201's model margin: the language model's gain for every candidate the broken-idiom
rule proposes on clean news prose (where every candidate is a false alarm).

    python benchmarks/calibrate_idioms.py [FOLDER ...]   (default: tests/data/clean_news, samples/clean)

Prints each candidate's gain in bits and the largest: IDIOM_MARGIN in mtcheck/model/idioms.py must
stay above it.
"""

from __future__ import annotations

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
    scorer = Scorer(*load(resolve_source(Config().model), lambda m: print(m, file=sys.stderr)))
    rows, words, start = [], 0, time.perf_counter()
    for path in files:
        prose = path.read_text(encoding="utf-8")
        words += len(prose.split())
        for c in find_candidates(prose):
            s0, s1 = sentence_around(prose, c.start, c.end)
            gain = gains(scorer, prose[s0:s1], [(c.start - s0, c.end - s0, [c.replacement])])[0][0]
            rows.append((gain, c.strong, path.name, prose[c.shown[0]:c.shown[1]], c.replacement))
    for gain, strong, name, shown, rep in sorted(rows, reverse=True)[:25]:
        print(f"{gain:7.2f}  {'strong' if strong else 'weak  '}  {name[:28]:28}  {shown!r} -> {rep}")
    print(f"{len(files)} files, {words:,} words, {len(rows)} candidates, "
          f"max gain {max((r[0] for r in rows), default=0):.2f} bits, {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
