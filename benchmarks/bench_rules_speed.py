"""Rules-only speed: words per second over a corpus of at least 200,000 words.

The corpus is the project's own articles (samples/clean, samples/garbled and the editorial
test fixtures), each checked as its own document, repeated until the word count is reached.
Prints the total rate (wall clock and CPU time) and the wall time each rule takes; the first
rule to touch a document also pays for its analysis (tokens, sentences, people).

    python benchmarks/bench_rules_speed.py [--words 200000] [--select MT3,MT4]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker  # noqa: E402
from mtcheck.glossary import load_glossaries  # noqa: E402
from mtcheck.rules import Context  # noqa: E402

SOURCES = ("samples/clean", "samples/garbled", "tests/data/editorial")


def corpus_texts() -> list[tuple[str, str]]:
    texts = []
    for folder in SOURCES:
        for path in sorted((REPO / folder).glob("*")):
            if path.suffix in (".txt", ".md"):
                texts.append((path.name, path.read_text(encoding="utf-8")))
    if not texts:
        sys.exit("no articles found under " + ", ".join(SOURCES))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="minimum corpus size in words")
    parser.add_argument("--select", default="", help="rule codes or prefixes, comma-separated")
    args = parser.parse_args()

    config = Config(select=[s for s in args.select.split(",") if s], use_model=False)
    glossary_path = REPO / "samples" / "glossary.csv"
    glossary = load_glossaries([glossary_path]) if glossary_path.exists() else None
    checker = Checker(config, glossary)
    texts = corpus_texts()

    per_rule: dict[str, float] = defaultdict(float)
    words = docs = findings = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    while words < args.words:
        for name, text in texts:
            # A fresh Document each time: nothing cached between repetitions.
            doc = Document(text, name, markdown=name.endswith(".md"))
            ctx = Context(config=config, glossary=glossary)
            for rule in checker.rules:
                t0 = time.perf_counter()
                findings += sum(1 for _ in rule.check(doc, ctx))
                per_rule[rule.code] += time.perf_counter() - t0
            words += doc.word_count
            docs += 1
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    print(f"{words:,} words in {docs} documents, {len(checker.rules)} rules, {findings} findings")
    print(f"{elapsed:.2f} s wall: {words / elapsed:,.0f} words/s; {cpu:.2f} s CPU: {words / cpu:,.0f} words/CPU-s"
          " (document analysis included; CPU time is steadier on a shared machine)")
    for code, seconds in sorted(per_rule.items(), key=lambda kv: -kv[1]):
        print(f"  {code}  {seconds:6.2f} s  {words / seconds:>12,.0f} words/s")


if __name__ == "__main__":
    main()
