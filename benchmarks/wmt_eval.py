"""Word-level evaluation on the WMT23 zh→en MQM dev split: rules only vs rules + model.

A target word is BAD when any rater's <v>…</v> span covers it. Each sampled segment becomes
one paragraph of a document per (system, doc); the checker runs as in production.

    python benchmarks/wmt_eval.py [--segments 200] [--seed 0] [--tsv PATH]

The data is read from /work/shared (never copied into the repository).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker  # noqa: E402

def _shared(*parts: str) -> Path:
    """A path under the nearest `shared/` folder beside the checkout or one of its parents."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder.joinpath("shared", *parts)
        if candidate.exists():
            return candidate
    return Path("shared", *parts)


DEFAULT_TSV = _shared("wmt23-zhen-mqm", "dev.tsv")
_MARK = re.compile(r"</?v>")


def load_segments(path: Path) -> dict[tuple[str, str, int], tuple[str, list[tuple[int, int]]]]:
    """(system, doc, segId) → (clean target, BAD character spans from every rater)."""
    segments: dict[tuple[str, str, int], tuple[str, list]] = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 9:
                continue
            system, doc, seg, _, _, _, target, category, _ = cols[:9]
            clean = _MARK.sub("", target)
            key = (system, doc, int(seg))
            text, spans = segments.setdefault(key, (clean, []))
            if category != "No-error" and "<v>" in target:
                start = target.index("<v>")
                end = target.index("</v>") - 3 if "</v>" in target else len(clean)
                if end > start:
                    spans.append((start, end))
    return segments


def sample_documents(segments, n: int, seed: int, exclude_seed: int | None = None) -> list[tuple[str, list]]:
    """`n` random segments grouped into one text per (system, doc), segments as paragraphs,
    with each word's gold label. A second seed draws a disjoint sample (for held-out numbers)."""
    keys = sorted(segments)
    rng = random.Random(seed)
    rng.shuffle(keys)
    if exclude_seed is not None:
        other = sorted(segments)
        random.Random(exclude_seed).shuffle(other)
        taken = set(other[:n])
        keys = [k for k in keys if k not in taken]
    grouped = defaultdict(list)
    for key in keys[:n]:
        grouped[key[:2]].append(key)
    docs = []
    for group in sorted(grouped):
        parts, spans, pos = [], [], 0
        for key in sorted(grouped[group]):
            text, bad = segments[key]
            parts.append(text)
            spans.extend((pos + s, pos + e) for s, e in bad)
            pos += len(text) + 2
        docs.append(("\n\n".join(parts), spans))
    return docs


def word_labels(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    return [any(s < t.end and t.start < e for s, e in spans) for t in Document(text).tokens]


def scores(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    tn = len(gold) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    denom = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / denom if denom else 0.0
    return {"words": len(gold), "flagged": tp + fp, "tp": tp, "precision": precision, "recall": recall,
            "f1": f1, "mcc": mcc}


def evaluate(docs, checker: Checker) -> tuple[dict[str, float], list]:
    """Metrics over all docs, plus (finding, is_bad) for every finding (for calibration)."""
    gold, pred, judged = [], [], []
    for text, spans in docs:
        doc = Document(text)
        findings = checker.check(doc)
        for f in findings:
            judged.append((f, any(s < f.end and f.start < e for s, e in spans)))
        gold += word_labels(text, spans)
        pred += [any(f.start < t.end and t.start < f.end for f in findings) for t in doc.tokens]
    return scores(gold, pred), judged


def make_checkers():
    from mtcheck.model import load_checker

    config = Config()
    model = load_checker(config, lambda m: print(f"warning: {m}", file=sys.stderr))
    return Checker(config), Checker(config, model=model)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    ap.add_argument("--segments", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--exclude-seed", type=int, help="draw segments disjoint from this seed's sample")
    args = ap.parse_args()
    if not args.tsv.exists():
        sys.exit(f"{args.tsv} not found")
    docs = sample_documents(load_segments(args.tsv), args.segments, args.seed, args.exclude_seed)
    rules, both = make_checkers()
    print(f"WMT23 zh-en dev: {args.segments} segments (seed {args.seed}), {len(docs)} documents")
    for name, checker in (("rules", rules), ("rules+model", both)):
        t = time.perf_counter()
        m, _ = evaluate(docs, checker)
        print(f"{name:12s} words={m['words']} flagged={m['flagged']} P={m['precision']:.3f} "
              f"R={m['recall']:.3f} F1(BAD)={m['f1']:.3f} MCC={m['mcc']:.4f} ({time.perf_counter() - t:.1f} s)")


if __name__ == "__main__":
    main()
