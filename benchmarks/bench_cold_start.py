"""Cold start of the rules-only CLI, as the pre-commit hook runs it: `python -m mtcheck check
--no-model FILE` in fresh processes, for one or more configurations run in turn (so machine
load affects them alike). Reports wall time and CPU time (user + system of the child, steadier
than wall time on a busy machine), median and minimum.

    python benchmarks/bench_cold_start.py [--runs 20] [--repo DIR[::OPTION...]]... [FILE]

Each --repo is a checkout to run, optionally with extra `check` options after `::`
(e.g. --repo .::--ignore=MT1 to leave out the name rules). Default: this checkout.
FILE defaults to the first sample article found.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_once(repo: str, options: list[str], target: str) -> tuple[float, float]:
    # Bytecode must be cached as it is in an installed hook, or every run recompiles.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = repo
    command = [sys.executable, "-m", "mtcheck", "check", "--no-model", "--exit-zero", *options, target]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=repo, env=env, capture_output=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?")
    parser.add_argument("--repo", action="append", help="DIR or DIR::OPTION::OPTION (repeatable)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    target = args.file or str(next(p for d in ("samples/clean", "tests/data/names")
                                   for p in sorted((REPO / d).glob("*.txt"))))
    target = str(Path(target).resolve())
    configs = []
    for spec in args.repo or [str(REPO)]:
        repo, *options = spec.split("::")
        configs.append((str(Path(repo).resolve()), options))
    for repo, options in configs:
        run_once(repo, options, target)  # compile .pyc files first
    results: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(configs))}
    for _ in range(args.runs):
        for i, (repo, options) in enumerate(configs):
            results[i].append(run_once(repo, options, target))
    print(f"{Path(target).name}, {args.runs} runs each (ms)")
    for i, (repo, options) in enumerate(configs):
        wall = [w for w, _ in results[i]]
        cpu = [c for _, c in results[i]]
        print(f"{repo} {' '.join(options):<14} wall median {statistics.median(wall) * 1000:4.0f} "
              f"min {min(wall) * 1000:4.0f}   cpu median {statistics.median(cpu) * 1000:4.0f} "
              f"min {min(cpu) * 1000:4.0f}")


if __name__ == "__main__":
    main()
