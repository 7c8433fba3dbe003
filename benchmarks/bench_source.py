"""What the source-aware pass adds to rules-only checking time on an article pair.

    python benchmarks/bench_source.py [--repeat N] [--cli N]

The article pair: the test set's Chinese pairs (tests/data/bilingual/pairs.jsonl), one
paragraph each, repeated three times (42 paragraphs, about 700 English words). Each run
numbers every paragraph of both texts afresh ("(7) …", "（7）…"), so no rule finds a
sentence it has seen and cached before, and checks a fresh Document with all rules and no
model, first without the source, then with it. Times are CPU times of this process (the
machine is shared; wall times swing with the other jobs); the figure is the ratio of the
minimums, with the medians beside. The issue asks for at most 1.20.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker  # noqa: E402


def article_pair(run: int = 0, lang: str = "zh", copies: int = 3) -> tuple[str, str]:
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "bilingual" / "pairs.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["language"] == lang] * copies
    source = "\n\n".join(f"（{run * 100 + k}）{r['source']}" for k, r in enumerate(rows)) + "\n"
    target = "\n\n".join(f"({run * 100 + k}) {r['target']}" for k, r in enumerate(rows)) + "\n"
    return source, target


def time_check(checker: Checker, source: str | None, target: str) -> float:
    doc = Document(target, "story.en.txt")
    if source is not None:
        doc.source = Document(source, "story.zh.txt")
    start = time.process_time()
    checker.check(doc)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cli", type=int, default=10, metavar="N", help="also time N whole CLI runs of each (0: skip)")
    args = parser.parse_args()
    checker = Checker(Config(use_model=False))
    time_check(checker, *article_pair(10_000))  # warm up: data files, regexes
    plain, paired = [], []
    for run in range(args.repeat):  # interleaved, so a change of load hits both alike
        source, target = article_pair(2 * run)
        plain.append(time_check(checker, None, target))
        source, target = article_pair(2 * run + 1)
        paired.append(time_check(checker, source, target))
    a, b = min(plain), min(paired)
    words = len(target.split())
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"article pair: {words} English words, {len(source)} source characters; {args.repeat} runs each")
    print(f"rules only, no source:   min {a * 1000:.1f} ms CPU (median {statistics.median(plain) * 1000:.1f})")
    print(f"rules only, with source: min {b * 1000:.1f} ms CPU (median {statistics.median(paired) * 1000:.1f})")
    print(f"in-process ratio: {b / a:.3f} (the source-aware pass adds {100 * (b / a - 1):.1f}%)")
    if args.cli:
        plain, paired = cli_times(args.cli)
        a, b = min(plain), min(paired)
        print(f"whole CLI run, no source:   min {a * 1000:.0f} ms wall (median {statistics.median(plain) * 1000:.0f})")
        print(f"whole CLI run, with source: min {b * 1000:.0f} ms wall (median {statistics.median(paired) * 1000:.0f})")
        print(f"CLI ratio: {b / a:.3f} (the source-aware pass adds {100 * (b / a - 1):.1f}%)")


def cli_times(repeat: int) -> tuple[list[float], list[float]]:
    """Wall time of whole `mtcheck check --no-model` runs on the article pair, without and with
    `--source` (what an editor or a pre-commit hook waits for)."""
    source, target = article_pair(99_999)
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "story.zh.txt").write_text(source, encoding="utf-8")
        Path(tmp, "story.en.txt").write_text(target, encoding="utf-8")
        base = [sys.executable, "-m", "mtcheck", "check", "--no-model", "--exit-zero"]
        env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
        plain, paired = [], []
        for _ in range(repeat):
            for args, out in ((["story.en.txt"], plain), (["--source", "story.zh.txt", "story.en.txt"], paired)):
                start = time.perf_counter()
                subprocess.run(base + args, cwd=tmp, env=env, capture_output=True, check=True)
                out.append(time.perf_counter() - start)
    return plain, paired


if __name__ == "__main__":
    main()
