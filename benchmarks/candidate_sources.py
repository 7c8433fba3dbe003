"""Hit rate of each MT901 candidate source on the wrong-word test set: is the right word among a
source's candidates for the wrong word (top 10, top 30, anywhere)? Also the merged pool after the
first look (the candidates that are rescored). Writes benchmarks/results/candidate_sources.md.

    python benchmarks/candidate_sources.py [--gold benchmarks/data/wrong_words.jsonl]

The model-backed sources (prediction, head, embedding) read the model's plain forward pass over
the sentence, as in a check. A multi-word error span is tried as a whole and word by word (the
right phrase results from replacing one of its words: "death number" -> "death toll").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "benchmarks" / "results" / "candidate_sources.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "benchmarks" / "data" / "wrong_words.jsonl"))
    args = parser.parse_args()
    from mtcheck.model import sources as src
    from mtcheck.model.judge import Judge, _View
    from mtcheck.model.scorer import Scorer
    from mtcheck.model.settings import SETTINGS
    from mtcheck.model.store import load, resolve_source

    judge = Judge(Scorer(*load(resolve_source(None), print)))
    names = list(src.ALL)
    sources = {n: src.ALL[n]() for n in names}
    for s in sources.values():
        if hasattr(s, "limit"):
            s.limit = 1000  # measure the whole list; the check keeps the first per_source
    hits = {n: [0, 0, 0] for n in names + ["merged pool (per_source caps)"]}
    records = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines()]
    started = time.time()
    n0 = len(judge.scorer.start_ids)
    for rec in records:
        text = rec["garbled_text"]
        err = rec["errors"][0]
        ids, offsets, _, logp, _ = judge.scorer.forward(text)
        wanted = {c.lower() for c in err["corrections"]}
        slots = [(err["start"], err["end"])]
        words = text[err["start"]:err["end"]].split()
        if len(words) > 1:
            pos = err["start"]
            for w in words:
                slots.append((pos, pos + len(w)))
                pos += len(w) + 1
        best = {n: None for n in hits}
        for start, end in slots:
            p = next((i for i, (s, e) in enumerate(offsets) if e > start), len(offsets) - 1)
            before = text[:start].split()
            previous = before[-1].lower().strip(",.") if before else ""
            heads = judge.heads([previous], 40) if previous else {}
            view = _View(judge, logp[n0 + p - 1], text[start:end], previous, heads)
            following = tuple(w.lower() for w in text[end:].split()[:2])
            slot = src.Slot(text, start, end, following, (), view)

            def result(c: str) -> str:
                return (text[err["start"]:start] + c + text[end:err["end"]]).lower()

            pool = {}
            for n in names:
                found = sources[n].propose(slot)
                for c in found[: SETTINGS["per_source"].get(n, len(found))]:
                    pool.setdefault(c, n)
                rank = next((i for i, c in enumerate(found) if result(c) in wanted), None)
                if rank is not None and (best[n] is None or rank < best[n]):
                    best[n] = rank
            rank = next((i for i, c in enumerate(pool) if result(c) in wanted), None)
            key = "merged pool (per_source caps)"
            if rank is not None and (best[key] is None or rank < best[key]):
                best[key] = rank
        for n, rank in best.items():
            if rank is not None:
                hits[n][0] += rank < 10
                hits[n][1] += rank < 30
                hits[n][2] += 1
    lines = [f"# Candidate sources: hit rate on the wrong-word test set ({len(records)} errors)", "",
             "`python benchmarks/candidate_sources.py` (the right word among a source's candidates for the",
             f"wrong word; model-backed sources read SmolLM2-135M's plain pass; {time.time() - started:.0f} s on a",
             "shared 2-core machine, other jobs running).", "",
             "| source | top 10 | top 30 | anywhere |", "|---|---|---|---|"]
    for n, (a, b, c) in hits.items():
        lines.append(f"| {n} | {a} ({a / len(records):.0%}) | {b} ({b / len(records):.0%}) | {c} ({c / len(records):.0%}) |")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
