"""Calibrate MT901's decision on clean prose and print the precision/recall curve.

Step 1 (`--score`, slow: the model): every text is scored once and its eligible words (with
their candidates' gains, sources and frequencies) are appended to a dump (JSON lines):
  - clean: benchmarks/data/correct_sentences.txt (one correct news sentence per line, each a
    document of its own) and tests/data/clean_news/ (the clean news corpus, >= 50,000 words);
  - labelled: samples/gold.jsonl (20 garbled articles with their gold errors; their clean twins
    count as clean prose too).
Step 2 (default): the decision is re-run over the dump for each margin, fast:
false flags per 1,000 clean words, and on the labelled articles precision and recall of the
model's findings. The operating points are the margins whose false-alarm rates meet the
targets below; `--write` stores them and the confidence table in model_settings.json.
The wrong-word test set (benchmarks/data/wrong_words.jsonl) is never read here.

    python benchmarks/calibrate_model.py --score [--limit N]    # writes benchmarks/results/calibration_dump.jsonl
    python benchmarks/calibrate_model.py [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.model.settings import SETTINGS  # noqa: E402

DUMP = ROOT / "benchmarks" / "results" / "calibration_dump.jsonl"
SETTINGS_FILE = ROOT / "mtcheck" / "data" / "model_settings.json"
# False flags per 1,000 clean words allowed at each operating point.
TARGETS = {"low": 1.0, "default": 2.5, "high": 8.5}
MARGINS = [x / 2 for x in range(8, 61)]


def texts(limit: int | None):
    """(kind, name, text, gold errors or None); clean texts first."""
    lines = (ROOT / "benchmarks" / "data" / "correct_sentences.txt").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines[:limit]):
        if line.strip():
            yield "sentence", f"sentence {i + 1}", line, None
    for rec in map(json.loads, (ROOT / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:limit]):
        garbled = (ROOT / rec["garbled"]).read_text(encoding="utf-8")
        yield "garbled", rec["id"], garbled, rec["errors"]
        if rec.get("clean"):
            yield "twin", rec["id"], (ROOT / rec["clean"]).read_text(encoding="utf-8"), None
    corpus = ROOT / "tests" / "data" / "clean_news"
    for path in sorted(corpus.glob("*.*"))[:limit]:
        if path.suffix in (".txt", ".md") and path.name != "README.md":
            yield "corpus", path.name, path.read_text(encoding="utf-8"), None


def score(limit: int | None) -> None:
    from mtcheck.config import Config
    from mtcheck.document import Document
    from mtcheck.engine import Checker
    from mtcheck.model.checker import ModelWordChecker
    from mtcheck.model.store import resolve_source

    model = ModelWordChecker(resolve_source(None), print)
    engine = Checker(Config(use_model=False))
    DUMP.parent.mkdir(parents=True, exist_ok=True)
    done = set()
    if DUMP.exists():
        done = {(r["kind"], r["name"]) for r in map(json.loads, DUMP.read_text().splitlines())}
    with DUMP.open("a", encoding="utf-8") as out:
        for kind, name, text, errors in texts(limit):
            if (kind, name) in done:
                continue
            t0 = time.time()
            markdown = name.endswith(".md")
            doc = Document(text, name if markdown else "<text>")
            analysis = engine.analyse(doc)
            rule_findings = engine.check_rules(analysis)
            eligible = model.eligible_scores(analysis, rule_findings, engine.context())
            words = doc.word_count
            out.write(json.dumps({"kind": kind, "name": name, "words": words, "errors": errors,
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
    print("clean words:", rows[0]["clean_words"], "chosen margins:", chosen)
    if args.write:
        data = json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
        data["decision"]["sensitivity"] = chosen
        data["decision"]["margin_bits"] = chosen["default"]
        SETTINGS_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"written to {SETTINGS_FILE}")


if __name__ == "__main__":
    main()
