"""Rules-only speed: words per second over a corpus of sample articles repeated to at least
--min-words words, for a few rule selections (by default: all rules, all but the MT1xx name
rules, and the MT1xx rules alone). Each repetition is a fresh Document, so tokenising and
sentence splitting are counted too. Words per CPU second (process time) is the steadier figure
on a busy machine; wall-clock words per second is printed beside it.

    python benchmarks/bench_rules_speed.py [PATHS...] [--min-words 200000]
           [--run all] [--run "ignore=MT1"] [--run "select=MT1"]

PATHS default to samples/clean/ when it exists, else tests/data/names/.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker, iter_files  # noqa: E402

DEFAULT_RUNS = ("all", "ignore=MT1", "select=MT1")


def corpus(paths: list[str]) -> list[tuple[str, str]]:
    files = list(iter_files(paths))
    return [(f, Path(f).read_text(encoding="utf-8")) for f in files]


def config_for_run(run: str) -> Config:
    if run == "all":
        return Config(use_model=False)
    key, _, codes = run.partition("=")
    if key not in ("select", "ignore"):
        raise SystemExit(f"bad --run {run!r}: use all, select=CODES or ignore=CODES")
    return Config(use_model=False, **{key: codes.split(",")})


def bench(texts: list[tuple[str, str]], run: str, min_words: int) -> tuple[int, float, float, int]:
    checker = Checker(config_for_run(run))
    words = findings = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    while words < min_words:
        for path, text in texts:
            doc = Document(text, path)
            findings += len(checker.check(doc))
            words += doc.word_count
    return words, time.perf_counter() - start, time.process_time() - cpu_start, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--min-words", type=int, default=200_000)
    parser.add_argument("--run", action="append", help="all, select=CODES or ignore=CODES (repeatable)")
    args = parser.parse_args()
    paths = args.paths or [str(REPO / "samples" / "clean") if (REPO / "samples" / "clean").is_dir()
                           else str(REPO / "tests" / "data" / "names")]
    texts = corpus(paths)
    if not texts:
        raise SystemExit(f"no text or Markdown files in {', '.join(paths)}")
    print(f"corpus: {len(texts)} files from {', '.join(paths)}; repeated to >= {args.min_words:,} words")
    bench(texts[:1], "all", 1)  # warm up: load data files and rule indexes once
    for run in args.run or DEFAULT_RUNS:
        words, seconds, cpu, findings = bench(texts, run, args.min_words)
        print(f"{run:<14} {words:>9,} words  {words / cpu:>9,.0f} words/CPU-s  "
              f"{words / seconds:>9,.0f} words/s (wall)  {findings} findings")


if __name__ == "__main__":
    main()
