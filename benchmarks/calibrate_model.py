"""Choose the MT901 decision thresholds by data and print the chosen block for
mtcheck/data/model_settings.json (see docs/model-calibration.md).

1. Synthetic garbles (written here, seeded): in clean text (benchmarks/data/*.txt and WMT
   segments that every rater found error-free), one content word per paragraph is replaced by a
   near spelling (a typo-like MT slip) or by a random common word with the same ending (a
   wrong-word substitution). Recall = garbles flagged; false flags = flags per 1000 clean words.
2. WMT23 zh→en dev, a seeded sample of segments: word-level MCC of rules + model.

The model scores each text once (the score cache); the grid over the decision thresholds then
re-runs only the decision, so the search is fast.

    python benchmarks/calibrate_model.py [--segments 150] [--clean 60] [--write]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wmt_eval import DEFAULT_TSV, evaluate, load_segments, make_checkers, sample_documents  # noqa: E402

from mtcheck.document import Document  # noqa: E402
from mtcheck.model import candidates as cand  # noqa: E402
from mtcheck.model.settings import SETTINGS  # noqa: E402
from mtcheck.rules.base import Context  # noqa: E402

MAX_FALSE_FLAGS = 8.0  # per 1000 clean words: about 5 on a 700-word article
DATA = Path(__file__).resolve().parent / "data"
SETTINGS_FILE = Path(__file__).resolve().parent.parent / "mtcheck" / "data" / "model_settings.json"
GRID = {
    "margin_bits": [4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0],
    "similarity_penalty_bits": [0.0, 4.0, 8.0, 12.0, 16.0],
    "rare_candidate_penalty_bits": [0.0, 4.0],
}


def clean_texts(segments, n: int, seed: int) -> list[str]:
    texts = [p for f in sorted(DATA.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    clean_keys = sorted(k for k, (text, spans) in segments.items() if not spans)
    random.Random(seed).shuffle(clean_keys)
    return texts + [segments[k][0] for k in clean_keys[:n]]


def garble(text: str, rng: random.Random) -> tuple[str, tuple[int, int]] | None:
    """Replace one common content word; returns the new text and the garble's span."""
    doc = Document(text)
    fw = cand.function_words()
    words = [t for t in doc.tokens if t.text.isalpha() and t.text.islower() and len(t.text) > 3
             and t.text not in fw and cand.zipf(t.text) >= 3.5]
    if not words:
        return None
    t = rng.choice(words)
    if rng.random() < 0.5:
        options = cand.neighbours(t.text)[:8]
    else:
        vocab, freq = cand.vocabulary()
        options = [w for w in vocab[:20000] if w.endswith(t.text[-2:]) and w != t.text and w not in fw
                   and 3.5 <= freq[w] <= 5.5]
        options = rng.sample(options, min(8, len(options)))
    options = [o for o in options if o.isalpha()]
    if not options:
        return None
    new = rng.choice(options)
    return text[:t.start] + new + text[t.end:], (t.start, t.start + len(new))


def synthetic(checker, clean: list[str], seed: int):
    rng = random.Random(seed)
    pairs = []
    for text in clean:
        g = garble(text, rng)
        if g:
            pairs.append((text, g[0], g[1]))

    def measure(judged=None):
        """Recall on garbles and false flags per 1000 clean words; fills `judged` with
        (finding, is_error) for every finding on the clean and the garbled texts."""
        hits = flags = words = 0
        for text, garbled, (s, e) in pairs:
            words += len(Document(text).tokens)
            clean_findings = run(checker, text)
            flags += len(clean_findings)
            found = run(checker, garbled)
            hits += any(f.start < e and s < f.end for f in found)
            if judged is not None:
                judged += [(f, False) for f in clean_findings]
                judged += [(f, f.start < e and s < f.end) for f in found]
        return hits / len(pairs), 1000 * flags / words

    return pairs, measure


def run(checker, text: str):
    doc = Document(text)
    return [f for f in checker.check(doc) if f.rule == "MT901"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=150)
    ap.add_argument("--clean", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write", action="store_true", help="write the chosen thresholds to model_settings.json")
    args = ap.parse_args()
    segments = load_segments(DEFAULT_TSV)
    docs = sample_documents(segments, args.segments, args.seed)
    rules, both = make_checkers()
    t = time.perf_counter()
    base, _ = evaluate(docs, rules)
    pairs, measure = synthetic(both, clean_texts(segments, args.clean, args.seed), args.seed)
    measure()  # fills the score cache
    evaluate(docs, both)
    print(f"scored {len(docs)} WMT docs and {len(pairs)} garbled/clean pairs in {time.perf_counter() - t:.0f} s")
    print(f"rules only: MCC={base['mcc']:.4f} P={base['precision']:.3f} R={base['recall']:.3f}")
    decision = SETTINGS["decision"]
    results = []
    for values in itertools.product(*GRID.values()):
        decision.update(dict(zip(GRID, values)))
        m, judged = evaluate(docs, both)
        recall, false_flags = measure()
        results.append((m["mcc"], recall, false_flags, m, dict(zip(GRID, values)), judged))
    results.sort(key=lambda r: (-r[0], r[2]))
    print("best by WMT MCC (synthetic recall, false flags per 1000 clean words):")
    for mcc, recall, ff, m, params, _ in results[:10]:
        print(f"  MCC={mcc:.4f} P={m['precision']:.3f} R={m['recall']:.4f} flagged={m['flagged']} "
              f"synthR={recall:.2f} FF/1k={ff:.1f} {params}")
    # A checker that cries wolf is switched off: among settings that raise no more than
    # MAX_FALSE_FLAGS per 1000 clean words, take the best WMT MCC.
    admissible = [r for r in results if r[2] <= MAX_FALSE_FLAGS] or results
    print(f"best with at most {MAX_FALSE_FLAGS} false flags per 1000 clean words:")
    for mcc, recall, ff, m, params, _ in admissible[:6]:
        print(f"  MCC={mcc:.4f} P={m['precision']:.3f} R={m['recall']:.4f} flagged={m['flagged']} "
              f"synthR={recall:.2f} FF/1k={ff:.1f} {params}")
    chosen = admissible[0]
    mcc, recall, ff, m, params, judged = chosen
    print(f"chosen: {params} MCC={mcc:.4f} synthR={recall:.2f} FF/1k={ff:.1f}")
    decision.update(params)
    synthetic_judged: list = []
    measure(synthetic_judged)
    judged = judged + synthetic_judged
    # Confidence: the measured precision of model findings (on WMT: the flagged word lies in a
    # rater's error span) by how far the adjusted gain clears the margin.
    edges = [params["margin_bits"], params["margin_bits"] + 3, params["margin_bits"] + 6,
             params["margin_bits"] + 10, float("inf")]
    table = []
    model_judged = [(f, bad) for f, bad in judged if f.rule == "MT901"]
    for lo, hi in zip(edges, edges[1:]):
        bucket = [bad for f, bad in model_judged if lo <= _margin(f) < hi]
        precision = sum(bucket) / len(bucket) if bucket else None
        print(f"  adjusted gain [{lo}, {hi}): {len(bucket)} findings, precision {precision}")
        if bucket:
            table.append([lo if hi == float("inf") else (lo + hi) / 2, sum(bucket), len(bucket)])
    if table:
        decision["confidence"] = _isotonic(table)
    print(json.dumps({"decision": decision}, indent=2))
    if args.write:
        data = json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
        data["decision"] = decision
        SETTINGS_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {SETTINGS_FILE}")


def _margin(finding) -> float:
    return float(finding.message.split("(+")[1].split(" bits")[0])


def _isotonic(table):
    """Precision per bucket, made non-decreasing in the gain by pooling adjacent buckets that
    violate the order (pool-adjacent-violators): small buckets must not make confidence dip."""
    blocks = [[x, hits, n, 1] for x, hits, n in table]  # x, hits, count, buckets pooled
    changed = True
    while changed:
        changed = False
        for i in range(len(blocks) - 1):
            a, b = blocks[i], blocks[i + 1]
            if a[1] / a[2] > b[1] / b[2]:
                blocks[i:i + 2] = [[a[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]]
                changed = True
                break
    out = []
    for x, hits, n, pooled in blocks:
        out.append([x, round(hits / n, 2)])
    xs = [row[0] for row in table]
    # Keep one point per original bucket so the table still spans the measured gains.
    result, i = [], 0
    for x, hits, n, pooled in blocks:
        for _ in range(pooled):
            result.append([xs[i], round(hits / n, 2)])
            i += 1
    return result


if __name__ == "__main__":
    main()
