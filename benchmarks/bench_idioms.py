"""Rules-only speed of MT201 (broken-idiom), and of all rules, in words per second.

The corpus is built here, from news-style sentences written for this benchmark plus every
lexicon phrase used correctly and broken, shuffled with a fixed seed to at least 200,000
words. Nothing is read from outside the repository.

    python benchmarks/bench_idioms.py [--words 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker  # noqa: E402
from mtcheck.rules import select_rules  # noqa: E402
from mtcheck.rules.idioms import is_function, lexicon, lexicon_index  # noqa: E402

SENTENCES = [
    "The central bank raised interest rates by half a percentage point on Wednesday, its third increase this year.",
    "Officials in the capital said the ceasefire had largely held overnight, although shelling was reported near the border.",
    "“We are not going to sit on our hands while prices keep rising,” the finance minister told reporters.",
    "The opposition leader, who has spent months on the campaign trail, conceded late on Sunday.",
    "Rescue teams worked through the night after the earthquake flattened dozens of buildings in the old town.",
    "Shares in the company fell sharply after it warned that profits would be lower than expected.",
    "The court adjourned the hearing until next month, when the defence is expected to call its first witness.",
    "Doctors said the outbreak appeared to be slowing, but warned that hospitals remained under heavy pressure.",
    "The striker scored twice in the second half, sending the home crowd into raptures.",
    "Scientists said the new measurements suggested the glacier was melting faster than models had predicted.",
    "Diplomats from both countries met in Geneva for a second round of talks, the foreign ministry said.",
    "The mayor, Ms. Alvarez, said the city would open three more shelters before the storm made landfall.",
    "Turnout was higher than in the previous election, according to preliminary figures from the commission.",
    "The bill passed the lower house by a narrow margin and now goes to the senate, where its fate is uncertain.",
    "Farmers blocked roads with tractors to protest against cuts to subsidies and rising fuel costs.",
]
FILLERS = {"one's": "their", "oneself": "themselves", "someone": "the government", "something": "the dispute"}


def lexicon_sentences() -> list[str]:
    out = []
    for entry in lexicon():
        if entry.kind != "phrase":
            continue
        words = [FILLERS.get(it.text, it.surface) if it.kind != "word" else it.surface for it in entry.items]
        out.append(f"Analysts said {' '.join(words)} this week.")
        broken = list(words)
        i = next((n for n, it in enumerate(entry.items) if it.kind == "word" and not is_function(entry, n)), None)
        if i is None:  # a phrase of function words only
            continue
        broken[i] = "marmalade"
        out.append(f"Critics noted {' '.join(broken)} again.")
    return out


def corpus(min_words: int, dense: bool = True) -> str:
    """Dense: every lexicon phrase, intact and broken, among the news sentences (worst case)."""
    rng = random.Random(4)
    pool = SENTENCES * 8 + (lexicon_sentences() if dense else [])
    paragraphs, words = [], 0
    while words < min_words:
        para = " ".join(rng.choice(pool) for _ in range(5))
        paragraphs.append(para)
        words += len(para.split())
    return "\n\n".join(paragraphs) + "\n"


def measure(checker: Checker, text: str, repeat: int) -> tuple[float, float, int, int]:
    """Best CPU seconds (steady on a busy machine) and best wall seconds over `repeat` runs."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        doc = Document(text, "bench.txt")  # fresh: tokenising is part of the cost
        cpu, wall = time.process_time(), time.perf_counter()
        findings = checker.check(doc)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, doc.word_count, len(findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    lexicon_index()
    print(f"lexicon: {len(lexicon())} forms, index ready in {time.perf_counter() - start:.2f}s (cached after the first run)")
    for dense in (True, False):
        text = corpus(args.words, dense)
        print("idiom-dense corpus (every phrase, intact and broken):" if dense else "plain news sentences:")
        for label, rules in (("MT201 only", select_rules(["MT201"])), ("all rules", select_rules())):
            cpu, wall, words, findings = measure(Checker(Config(), rules=rules), text, args.repeat)
            print(f"  {label:>10}: {words:,} words, {words / cpu:,.0f} words/CPU-s, "
                  f"{words / wall:,.0f} words/s wall ({findings:,} findings, best of {args.repeat})")


if __name__ == "__main__":
    main()
