"""Instructions of the source-aware pass per article pair, counted by callgrind (they do not
move with the machine's load, as CPU times do).

    python benchmarks/source_instructions.py            # runs the three modes under valgrind
    python benchmarks/source_instructions.py --mode M   # one mode, what valgrind runs

Each mode loads the checker and checks bench_source.py's real article pairs once with and
once without the source (warm-up: data files, regexes), then checks the ten pairs twice
more: "none" nothing, "plain" without the source, "source" with it (every paragraph numbered
afresh, as in bench_source.py). The checks' instructions are a mode's total less the "none"
total; the pass's are "source" less "plain". PYTHONHASHSEED is fixed so the runs repeat.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

ROUNDS = 2


def run_mode(mode: str) -> None:
    from bench_source import renumbered, time_check, wmt_articles
    from mtcheck.config import Config
    from mtcheck.engine import Checker

    pairs = wmt_articles()
    checker = Checker(Config(use_model=False))
    for p in pairs:  # warm-up
        time_check(checker, *renumbered(p, 10_000))
        time_check(checker, None, renumbered(p, 10_001)[1])
    if mode == "none":
        return
    for run in range(ROUNDS):
        for p in pairs:
            source, target = renumbered(p, run)
            time_check(checker, source if mode == "source" else None, target)


def count(mode: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "callgrind.out")
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
                        __file__, "--mode", mode], env=env, check=True, capture_output=True)
        return int(re.search(r"^summary: (\d+)", out.read_text(), re.M).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("none", "plain", "source"))
    args = parser.parse_args()
    if args.mode:
        run_mode(args.mode)
        return
    totals = {mode: count(mode) for mode in ("none", "plain", "source")}
    checks = ROUNDS * len(__import__("bench_source").wmt_articles())
    plain = (totals["plain"] - totals["none"]) / checks
    paired = (totals["source"] - totals["none"]) / checks
    print(f"instructions per article pair (callgrind, {checks} checks a mode):")
    print(f"  rules only, no source:   {plain / 1e6:.1f}M")
    print(f"  rules only, with source: {paired / 1e6:.1f}M")
    print(f"  the source-aware pass:   {(paired - plain) / 1e6:.2f}M (ratio {paired / plain:.3f})")


if __name__ == "__main__":
    main()
