"""Load and check time with a huge glossary (default 100,000 terms), CSV and TBX.

Terms are synthetic names built from syllables (no real glossary), each with one variant.

    python benchmarks/bench_glossary.py            # 100,000 terms
    python benchmarks/bench_glossary.py --terms 20000
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtcheck import make_checker  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.glossary.loaders import load_glossary  # noqa: E402

SYLLABLES = "ka ri ve to na mo lu sa de pi ra zo ne bu ta li mar kon dor vel tan sul".split()
STORY = ("The minister said talks would resume on Monday after a week of delays. "
         "Officials from both sides met envoys in the capital; the mood was calm. ") * 60


def names(n: int, rng: random.Random) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        parts = [("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))).capitalize()
                 for _ in range(rng.randint(1, 2))]
        out.add(" ".join(parts))
    return sorted(out)


def write_csv(path: Path, terms: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write("term,variants,type\n")
        for t in terms:
            out.write(f"{t},{t[:-1] + 'x'},place\n")


def write_tbx(path: Path, terms: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX"><text><body>\n')
        for t in terms:
            out.write(f'<termEntry><langSet xml:lang="en"><tig><term>{t}</term></tig>'
                      f'<tig><term>{t[:-1]}x</term><termNote type="administrativeStatus">'
                      f'deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>\n')
        out.write("</body></text></martif>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    args = parser.parse_args()
    terms = names(args.terms, random.Random(3))
    story = STORY + f"Delegates from {terms[7]} and {terms[11][:-1]}x arrived late.\n"
    print(f"{args.terms} terms; story of {len(story.split())} words")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, writer in (("csv", write_csv), ("tbx", write_tbx)):
            path = Path(tmp) / f"glossary.{kind}"
            writer(path, terms)
            started = time.perf_counter()
            glossary = load_glossary(path)
            loaded = time.perf_counter() - started
            checker = make_checker(glossary=glossary)
            started = time.perf_counter()
            first = checker.check(Document(story))
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            checker.check(Document(story))
            second_s = time.perf_counter() - started
            print(f"{kind}: {path.stat().st_size / 1e6:.1f} MB, load {loaded:.2f} s, first check {first_s:.2f} s "
                  f"(builds indexes), next check {second_s:.2f} s, {len(first)} findings, "
                  f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
