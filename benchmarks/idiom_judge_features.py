"""Would another measure from MT201's scorer separate garbles from clean prose better than the
gain alone? Reads the candidates of benchmarks/calibrate_idioms.py's dump (run that first).

    python benchmarks/idiom_judge_features.py

For every candidate, with the same scorer: the found words' own surprisal in their sentence
("found", bits), the phrase's words' surprisal in their place ("phrase word"), the gain over the
found phrase's tokens only ("phrase gain"), and the difference of the words' frequencies
("frequency", bits, word_zipf.tsv). Each is weighed in with the gain, score = gain - a * feature
for a from -1.2 to 1.2; for each a, each class of PRIOR_BITS (its family where it has fewer than
MIN_CLEAN clean candidates, as calibrate_idioms.fit pools them) gets the offset that puts its
largest clean score IDIOM_SPARE below IDIOM_MARGIN: the most that score can report with every
clean candidate below. Printed: the weak dev garbles reported at a = 0 (the gain alone) and at
the best a of each feature. Features are kept in MTCHECK_IDIOM_FEATURES (default
benchmarks/results/idiom_judge_features.jsonl), keyed as the dump is by the model; a candidate
not there is scored now (~1 s on one CPU thread).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import calibrate_idioms as C  # noqa: E402
from mtcheck.english import zipf  # noqa: E402
from mtcheck.model.idioms import IDIOM_MARGIN, IDIOM_SPARE, PRIOR_BITS  # noqa: E402

FEATURES = Path(os.environ.get("MTCHECK_IDIOM_FEATURES", REPO / "benchmarks" / "results" / "idiom_judge_features.jsonl"))
LOG2_10 = 3.3219


def measure(rows: list[dict], key: str) -> dict[tuple, dict]:
    """(sentence, edit) -> features, from FEATURES where there for this model, else scored now (and kept)."""
    done = {}
    if FEATURES.exists():
        for r in map(json.loads, FEATURES.read_text(encoding="utf-8").splitlines()):
            if r["key"] == key:
                done[(r["sentence"], tuple(r["edit"]))] = r
    todo = [r for r in rows if (r["sentence"], tuple(r["edit"])) not in done]
    if todo:
        from mtcheck.model.scorer import Scorer
        from mtcheck.model.store import load

        source, _ = C.model_key()
        scorer = Scorer(*load(source, lambda m: print(m, file=sys.stderr)))
        memo: dict[str, tuple] = {}

        def bits(text: str, a: int, b: int) -> float:
            """Bits of the tokens of `text` that overlap text[a:b], in context."""
            if text not in memo:
                _, offsets, token_bits, _, _ = scorer.forward(text)
                memo[text] = (offsets, token_bits[len(token_bits) - len(offsets):])
            offsets, token_bits = memo[text]
            return sum(x for (s, e), x in zip(offsets, token_bits) if s < b and a < e)

        with FEATURES.open("a", encoding="utf-8") as out:
            for r in todo:
                text, (s, e, rep) = r["sentence"], r["edit"]
                new, d = text[:s] + rep + text[e:], len(rep) - (e - s)
                a = text.rfind(r["shown"], 0, s + 1)
                a, b = (s, e) if a < 0 or a + len(r["shown"]) < e else (a, a + len(r["shown"]))
                words = lambda t: sum(zipf(w) for w in re.findall(r"[a-z]+", t.lower()))  # noqa: E731
                f = {"key": key, "sentence": text, "edit": r["edit"], "found": round(bits(text, s, e), 3),
                     "phrase word": round(bits(new, s, s + len(rep)), 3),
                     "phrase gain": round(bits(text, a, b) - bits(new, a, b + d), 3),
                     "frequency": round((words(rep) - words(text[s:e])) * LOG2_10, 3)}
                done[(text, tuple(r["edit"]))] = f
                out.write(json.dumps(f, ensure_ascii=False) + "\n")
    return done


def reported(rows: list[dict], score) -> int:
    """Weak dev garbles (hits) reported when each class's offset puts its (family's) largest clean
    score IDIOM_SPARE below the margin."""
    clean = defaultdict(list)
    for r in rows:
        if r["label"] == "clean":
            clean[r["class"]].append(score(r))
            clean["family:" + C.FAMILY.get(r["class"], r["class"])].append(score(r))
    offset = {}
    for cls in PRIOR_BITS:
        pool = clean[cls] if len(clean[cls]) >= C.MIN_CLEAN else clean["family:" + C.FAMILY.get(cls, cls)]
        offset[cls] = (IDIOM_MARGIN - IDIOM_SPARE - max(pool)) // 0.5 * 0.5 if len(pool) >= C.MIN_CLEAN else 0.0
    return sum(r["label"] == "hit" and score(r) + offset.get(r["class"], 0.0) >= IDIOM_MARGIN for r in rows)


def main() -> None:
    source, key = C.model_key()
    rows = [r for r in map(json.loads, C.DUMP.read_text(encoding="utf-8").splitlines())
            if r["key"] == key and not r["strong"]]
    feats = measure(rows, key)
    hits = sum(r["label"] == "hit" for r in rows)
    print(f"{len(rows)} weak candidates ({sum(r['label'] == 'clean' for r in rows)} clean, {hits} dev hits)")
    base = reported(rows, lambda r: r["gain"])
    print(f"gain alone: {base} of {hits} dev hits reported")
    for name in ("found", "phrase word", "phrase gain", "frequency"):
        best = max((reported(rows, lambda r: r["gain"] - a * feats[(r["sentence"], tuple(r["edit"]))][name]), a)
                   for a in (x / 20 for x in range(-24, 25)))
        print(f"gain - a * {name:12}: best a = {best[1]:5.2f}, {best[0]} reported ({best[0] - base:+d})")


if __name__ == "__main__":
    main()
