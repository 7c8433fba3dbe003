"""What the source-aware pass adds to rules-only checking time on an article pair.

    python benchmarks/bench_source.py [--repeat N] [--cli N]

Two kinds of article pair:
  - real articles (`--articles wmt`, the default when ../shared is there): the ten longest
    system translations of WMT23 zh-en dev (530-730 English words each, real Chinese news
    beside real MT output), each paired with its source;
  - the worst case (`--articles set`): the test set's Chinese pairs
    (tests/data/bilingual/pairs.jsonl), one paragraph each, repeated three times (42
    paragraphs, about 700 English words), where every paragraph holds a number, date, name or
    URL to convert or an error to find.
Each run numbers every paragraph of both texts afresh ("(7) …", "（7）…"), so no rule finds
a sentence it has seen and cached before, and checks a fresh Document with all rules and no
model, first without the source, then with it. Times are CPU times of this process (the
machine is shared; wall times swing with the other jobs); the figure is the ratio of the
minimums (of the summed times over the articles), with the medians beside. The issue asks for at most 1.20.
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


WMT_DEV = ROOT.parent / "shared" / "wmt23-zhen-mqm" / "dev.tsv"


def wmt_articles(count: int = 10) -> list[tuple[str, str]]:
    """The `count` longest system translations of WMT23 dev with their sources, one segment
    a paragraph (the MQM file repeats a segment once per rated error; <v> marks a span)."""
    import csv
    import re
    segments: dict[tuple[str, str], dict[int, tuple[str, str]]] = {}
    with WMT_DEV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            unmark = (re.sub(r"</?v>", "", row["source"]), re.sub(r"</?v>", "", row["target"]))
            segments.setdefault((row["system"], row["doc"]), {})[int(row["docSegId"])] = unmark
    longest = sorted(segments.values(), key=lambda d: sum(len(t.split()) for _, t in d.values()))[-count:]
    return [tuple("\n\n".join(d[i][side] for i in sorted(d)) + "\n" for side in (0, 1)) for d in longest]


def renumbered(pair: tuple[str, str], run: int) -> tuple[str, str]:
    source, target = (text.rstrip("\n").split("\n\n") for text in pair)
    return ("\n\n".join(f"（{run}.{k}）{p}" for k, p in enumerate(source)) + "\n",
            "\n\n".join(f"({run}.{k}) {p}" for k, p in enumerate(target)) + "\n")


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
    parser.add_argument("--articles", choices=("wmt", "set"), default="wmt" if WMT_DEV.exists() else "set")
    parser.add_argument("--cli", type=int, default=10, metavar="N", help="also time N whole CLI runs of each (0: skip)")
    args = parser.parse_args()
    pairs = wmt_articles() if args.articles == "wmt" else [article_pair(0)]
    checker = Checker(Config(use_model=False))
    time_check(checker, *renumbered(pairs[0], 10_000))  # warm up: data files, regexes
    plain, paired = [], []
    for run in range(args.repeat):  # interleaved, so a change of load hits both alike
        plain.append(sum(time_check(checker, None, renumbered(p, 2 * run)[1]) for p in pairs))
        paired.append(sum(time_check(checker, *renumbered(p, 2 * run + 1)) for p in pairs))
    a, b = min(plain), min(paired)
    words = sum(len(t.split()) for _, t in pairs) / len(pairs)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"article pairs ({args.articles}): {len(pairs)}, {words:.0f} English words each on average; {args.repeat} runs each")
    print(f"rules only, no source:   min {a * 1000 / len(pairs):.1f} ms CPU per article (median {statistics.median(plain) * 1000 / len(pairs):.1f})")
    print(f"rules only, with source: min {b * 1000 / len(pairs):.1f} ms CPU per article (median {statistics.median(paired) * 1000 / len(pairs):.1f})")
    print(f"in-process ratio: {b / a:.3f} (the source-aware pass adds {100 * (b / a - 1):.1f}%)")
    if args.cli:
        plain, paired = cli_times(args.cli, pairs[-1])
        a, b = min(plain), min(paired)
        print(f"whole CLI run, no source:   min {a * 1000:.0f} ms wall (median {statistics.median(plain) * 1000:.0f})")
        print(f"whole CLI run, with source: min {b * 1000:.0f} ms wall (median {statistics.median(paired) * 1000:.0f})")
        print(f"CLI ratio: {b / a:.3f} (the source-aware pass adds {100 * (b / a - 1):.1f}%)")


def cli_times(repeat: int, pair: tuple[str, str]) -> tuple[list[float], list[float]]:
    """Wall time of whole `mtcheck check --no-model` runs on one article pair, without and with
    `--source` (what an editor or a pre-commit hook waits for)."""
    source, target = pair
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
