"""Calibrate MT901's decision on clean prose and print the precision/recall curve.

Step 1 (`--score`, slow: the model): every text is scored once and its eligible words (with
their candidates' gains, sources and frequencies) are appended to a dump (JSON lines):
  - clean: benchmarks/data/correct_sentences.txt (one correct news sentence per line, each a
    document of its own) and tests/data/clean_news/ (the clean news corpus, >= 50,000 words);
  - labelled: samples/gold.jsonl (20 garbled articles with their gold errors; their clean twins
    count as clean prose too).
Step 2 (default): the decision is re-run over the dump for each margin, fast:
false flags per 1,000 clean words, and on the labelled articles precision and recall of the
model's findings. The operating points are the smallest margins whose false-alarm rates meet
the targets below; the confidence table is the measured precision of the findings on the
labelled articles by score band. `--write` stores both in model_settings.json, and a test checks
that the settings are what this dump gives (tests/test_wrong_word.py). Each record keeps the key
of the settings and precision it was scored under; `--score` scores again what is stale.
The wrong-word test set (benchmarks/data/wrong_words.jsonl) is never read here.

    python benchmarks/calibrate_model.py --score [--limit N]    # writes benchmarks/results/calibration_dump.jsonl
    python benchmarks/calibrate_model.py [--write]

MTCHECK_CALIBRATION_DUMP=FILE reads and writes another dump (to try a change without touching
the committed one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.model.settings import SCORING_KEY, SETTINGS  # noqa: E402
from mtcheck.model.store import precision  # noqa: E402

DUMP = Path(os.environ.get("MTCHECK_CALIBRATION_DUMP", ROOT / "benchmarks" / "results" / "calibration_dump.jsonl"))
SETTINGS_FILE = ROOT / "mtcheck" / "data" / "model_settings.json"
# False flags per 1,000 clean words allowed at each operating point. The default keeps a clean
# 700-word article free of hints about five times in six (correct copy should pass quietly);
# "high" is for editors who want more candidates and accept about one false hint an article.
TARGETS = {"low": 0.1, "default": 0.25, "high": 1.0}
MARGINS = [x / 2 for x in range(8, 61)]


def texts(limit: int | None):
    """(kind, name, file name, text, gold errors or None); clean texts first. The file name
    decides whether the text is read as Markdown (front matter and code blocks are not prose)."""
    lines = (ROOT / "benchmarks" / "data" / "correct_sentences.txt").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines[:limit]):
        if line.strip():
            yield "sentence", f"sentence {i + 1}", "<text>", line, None
    for rec in map(json.loads, (ROOT / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:limit]):
        garbled = (ROOT / rec["garbled"]).read_text(encoding="utf-8")
        yield "garbled", rec["id"], Path(rec["garbled"]).name, garbled, rec["errors"]
        if rec.get("clean"):
            yield "twin", rec["id"], Path(rec["clean"]).name, (ROOT / rec["clean"]).read_text(encoding="utf-8"), None
    corpus = ROOT / "tests" / "data" / "clean_news"
    for path in sorted(corpus.glob("*.*"))[:limit]:
        if path.suffix in (".txt", ".md") and path.name != "README.md":
            yield "corpus", path.name, path.name, path.read_text(encoding="utf-8"), None


def scores_key(precision: str) -> str:
    """What the dumped scores depend on: the scoring settings and the model's precision."""
    return f"{SCORING_KEY}-{precision}"


def score(limit: int | None) -> None:
    from mtcheck.config import Config
    from mtcheck.document import Document
    from mtcheck.engine import Checker
    from mtcheck.model.checker import ModelWordChecker
    from mtcheck.model.store import resolve_source

    source = resolve_source(None)
    # A score cache of its own: every text is scored by this code, not read from earlier runs.
    model = ModelWordChecker(source, print, cache_dir=Path(tempfile.mkdtemp(prefix="mtcheck-calibration-")))
    engine = Checker(Config(use_model=False))
    key = scores_key(source.precision)
    DUMP.parent.mkdir(parents=True, exist_ok=True)
    done = set()
    if DUMP.exists():  # records scored under other settings (or precision) are scored again
        kept = [r for r in map(json.loads, DUMP.read_text(encoding="utf-8").splitlines()) if r.get("key") == key]
        DUMP.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
        done = {(r["kind"], r["name"]) for r in kept}
    with DUMP.open("a", encoding="utf-8") as out:
        for kind, name, file_name, text, errors in texts(limit):
            if (kind, name) in done:
                continue
            t0 = time.time()
            doc = Document(text, file_name)
            analysis = engine.analyse(doc)
            rule_findings = engine.check_rules(analysis)
            eligible = model.eligible_scores(analysis, rule_findings, engine.context())
            words = doc.word_count
            out.write(json.dumps({"kind": kind, "name": name, "key": key, "words": words, "errors": errors,
                                  "eligible": [[s, e, w.text, w.surprisal, w.variants] for s, e, w in eligible]}) + "\n")
            out.flush()
            print(f"{kind} {name}: {words} words, {len(eligible)} judged, {time.time() - t0:.1f} s", flush=True)


def curve(records, margins=MARGINS):
    """Per margin: false flags per 1000 clean words, by clean kind, and labelled P/R."""
    from mtcheck.model.checker import findings_from
    from mtcheck.model.scorer import WordScore

    decision = SETTINGS["decision"]
    saved = dict(decision["sensitivity"])
    rows = []
    for m in margins:
        decision["sensitivity"]["default"] = m
        clean_words = clean_flags = 0
        by_kind: dict[str, list[int]] = {}
        tp = fp = found_err = n_err = 0
        for r in records:
            eligible = [(s, e, WordScore(s, e, t, su, vs)) for s, e, t, su, vs in r["eligible"]]
            flags = findings_from(eligible)
            if r["kind"] == "garbled":
                errs = [x for x in r["errors"]]
                n_err += sum(1 for x in errs if x["family"] == "wrong-word")
                hit = set()
                for f in flags:
                    over = [i for i, x in enumerate(errs) if x["start"] < f.end and f.start < x["end"]]
                    tp += bool(over)
                    fp += not over
                    hit.update(i for i in over if errs[i]["family"] == "wrong-word")
                found_err += len(hit)
            else:
                clean_words += r["words"]
                clean_flags += len(flags)
                k = by_kind.setdefault(r["kind"], [0, 0])
                k[0] += r["words"]
                k[1] += len(flags)
        rows.append({"margin": m, "false_per_1000": 1000 * clean_flags / max(clean_words, 1),
                     "by_kind": {k: round(1000 * v[1] / max(v[0], 1), 2) for k, v in by_kind.items()},
                     "clean_words": clean_words, "precision": tp / max(tp + fp, 1), "findings": tp + fp,
                     "recall_wrong_word": found_err / max(n_err, 1)})
    decision["sensitivity"] = saved
    return rows


# Lower edges of the score bands whose precision makes the confidence table.
BANDS = [10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0]


def scored_findings(records, floor: float = BANDS[0]) -> list[tuple[float, bool]]:
    """(score, right) of every model finding on the labelled articles at margin `floor`: right
    when it overlaps a gold error."""
    from mtcheck.model.checker import decide, findings_from
    from mtcheck.model.scorer import WordScore

    out = []
    for r in records:
        if r["kind"] != "garbled":
            continue
        eligible = [(s, e, WordScore(s, e, t, su, vs)) for s, e, t, su, vs in r["eligible"]]
        by_span = {(s, e): w for s, e, w in eligible}
        for f in findings_from(eligible, floor):
            right = any(x["start"] < f.end and f.start < x["end"] for x in r["errors"])
            out.append((decide(by_span[(f.start, f.end)], floor)[0], right))
    return out


def confidence_table(findings: list[tuple[float, bool]], bands=BANDS) -> list[list[float]]:
    """Measured precision by score band, as (the band's mean score, precision) points.
    Bands whose precision falls below the band under them are pooled with it (a higher score
    never means less confidence), and each point counts one right and one wrong finding more
    than it has: a band of five findings, all right, says 0.86, not 1.0."""
    blocks = []  # [findings, right, sum of scores], pooled
    for lo, hi in zip(bands, bands[1:] + [float("inf")]):
        inside = [(v, ok) for v, ok in findings if lo <= v < hi]
        if inside:
            blocks.append([len(inside), sum(ok for _, ok in inside), sum(v for v, _ in inside)])
        while len(blocks) > 1 and blocks[-1][1] / blocks[-1][0] < blocks[-2][1] / blocks[-2][0]:
            n, right, total = blocks.pop()
            blocks[-1] = [blocks[-1][0] + n, blocks[-1][1] + right, blocks[-1][2] + total]
    return [[round(total / n, 1), round((right + 1) / (n + 2), 3)] for n, right, total in blocks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--score", action="store_true", help="score the texts with the model (slow)")
    parser.add_argument("--limit", type=int, help="at most N texts of each source")
    parser.add_argument("--write", action="store_true", help="store the chosen margins in model_settings.json")
    args = parser.parse_args()
    if args.score:
        score(args.limit)
        return
    records = [json.loads(line) for line in DUMP.read_text(encoding="utf-8").splitlines()]
    rows = curve(records)
    print("| margin | false flags /1000 clean words | sentences | twins | corpus | findings (garbled) | precision | wrong-word recall |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        k = r["by_kind"]
        print(f"| {r['margin']:.1f} | {r['false_per_1000']:.2f} | {k.get('sentence', '-')} | {k.get('twin', '-')} | "
              f"{k.get('corpus', '-')} | {r['findings']} | {r['precision']:.2f} | {r['recall_wrong_word']:.2f} |")
    chosen = {name: next((r["margin"] for r in rows if r["false_per_1000"] <= target), MARGINS[-1])
              for name, target in TARGETS.items()}
    table = confidence_table(scored_findings(records))
    print("clean words:", rows[0]["clean_words"], "chosen margins:", chosen)
    print("confidence table (mean score of the band, measured precision):", table)
    stale = sum(r.get("key") != scores_key(precision()) for r in records)
    if stale:
        print(f"warning: {stale} of {len(records)} dumped texts were scored under other settings; "
              "run --score again", file=sys.stderr)
    if args.write:
        data = json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
        data["decision"]["sensitivity"] = chosen
        data["decision"]["margin_bits"] = chosen["default"]
        data["decision"]["confidence"] = table
        SETTINGS_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to {SETTINGS_FILE}")


if __name__ == "__main__":
    main()
