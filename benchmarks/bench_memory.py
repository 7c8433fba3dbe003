"""Peak memory and time of `mtcheck check --no-model` on large synthetic files.

Each case runs in a fresh subprocess so its peak RSS (ru_maxrss of the child) is its own.
The text is generated here from a small vocabulary (no real articles), with a few
semicolon/quote errors so the rules have something to report.

    python benchmarks/bench_memory.py            # 1 MB single line, 10 MB and 50 MB files
    python benchmarks/bench_memory.py --mb 5     # one file of 5 MB (text and Markdown)
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("the minister said talks would resume on Monday after a week of delays in the capital "
         "while officials from both sides met envoys and reporters outside the building").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    text = " ".join(words).capitalize()
    roll = rng.random()
    if roll < 0.05:
        text += "; And " + " ".join(rng.choice(WORDS) for _ in range(4))
    elif roll < 0.08:
        text = "“" + text
    return text + "."


def paragraphs(rng: random.Random, size: int, markdown: bool):
    written = 0
    n = 0
    while written < size:
        n += 1
        para = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        if markdown and n % 7 == 0:
            para = "```\ncode_sample(x); And y\n```"
        elif markdown and n % 5 == 0:
            para = "> " + para.replace(". ", ".\n> ", 1) + " See [the report](https://example.org/r)."
        elif markdown and n % 3 == 0:
            para = "- *" + para + "*"
        yield para
        written += len(para) + 2


def make_file(path: Path, mb: float, markdown: bool, single_line: bool = False) -> None:
    rng = random.Random(7)
    size = int(mb * 1_000_000)
    sep = " " if single_line else "\n\n"
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(sep.join(paragraphs(rng, size, markdown)) + "\n")


def run(path: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one mtcheck run in a fresh process."""
    # `main`, not `python -m mtcheck`, whose quick exit would skip the report: same work, same peak.
    code = ("import resource, sys\nfrom mtcheck.cli import main\n"
            "sys.argv = ['mtcheck', 'check', '--no-model', '--format', 'json', "
            f"{str(path)!r}]\n"
            "try:\n    main()\n"
            "except SystemExit as e:\n    rc = e.code\n"
            "sys.stderr.write('RSS %d %s\\n' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rc))\n")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    elapsed = time.perf_counter() - start
    last = proc.stderr.strip().splitlines()[-1].split()
    if last[0] != "RSS":
        raise SystemExit(proc.stderr)
    return elapsed, int(last[1]) / 1024, int(last[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, action="append", help="file size in MB (repeatable)")
    args = parser.parse_args()
    cases = [(mb, md, False) for mb in args.mb for md in (False, True)] if args.mb else [
        (1, False, True), (10, False, False), (10, True, False), (50, False, False), (50, True, False)]
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.txt"
        empty.write_text("", encoding="utf-8")
        secs, base, _ = run(empty)
        print(f"{'baseline (empty file)':32} {secs:7.1f} s {base:8.0f} MB peak RSS")
        for mb, md, single in cases:
            path = Path(tmp) / f"big{'.md' if md else '.txt'}"
            make_file(path, mb, md, single)
            secs, peak, rc = run(path)
            label = f"{path.stat().st_size / 1e6:.1f} MB {'Markdown' if md else 'text'}{' (one line)' if single else ''}"
            print(f"{label:32} {secs:7.1f} s {peak:8.0f} MB peak RSS (exit {rc})")
            path.unlink()


if __name__ == "__main__":
    main()
