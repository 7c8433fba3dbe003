"""Cold start of the rules-only CLI, as the pre-commit hook runs it: the median wall time of
`python -m mtcheck check --no-model FILE` over --runs fresh processes.

    python benchmarks/bench_cold_start.py [--repo DIR] [--runs 15] [--option=--ignore=MT1] [FILE]

--repo runs another checkout (to compare before/after a change); --option passes an extra
option to `check` (e.g. --option=--ignore=MT1 to leave out the name rules and their data).
FILE defaults to the first sample article found.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--repo", default=str(REPO))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--option", action="append", default=[], help="extra option for `check`")
    args = parser.parse_args()
    target = args.file or str(next(p for d in ("samples/clean", "tests/data/names")
                                   for p in sorted((REPO / d).glob("*.txt"))))
    env = {**os.environ, "PYTHONPATH": args.repo, "PYTHONDONTWRITEBYTECODE": ""}
    command = [sys.executable, "-m", "mtcheck", "check", "--no-model", "--exit-zero", *args.option, target]
    subprocess.run(command, cwd=args.repo, env=env, capture_output=True, check=True)  # compile .pyc
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=args.repo, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    print(f"{args.repo} {' '.join(args.option)}: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms over {args.runs} runs ({Path(target).name})")


if __name__ == "__main__":
    main()
