"""mtcheck's benchmarks in one command: the quality table and the speed table, with the machine.

    python benchmarks/run.py                 # everything (WMT23 dev: all 190 system-documents)
    python benchmarks/run.py --limit 40      # WMT23 dev: 40 system-documents, evenly spaced
    python benchmarks/run.py --quick         # skip the WMT23 dev, the model and the other bench_*.py
    python benchmarks/run.py --model-quality # add rules+model rows to the quality table (slow)

Quality: `mtcheck eval` on the project's own corpus (samples/gold.jsonl) and, when the shared
folder is present (../shared or /work/shared), on the WMT23 zh-en MQM dev split. Rules only;
with --model-quality also rules plus model, when the model is installed.
Autofix: chrF of each garbled sample against its clean twin before and after `--fix`.
Speed: rules-only words/s on at least 200,000 words (the sample articles repeated, each
checked as its own document), cold start of `mtcheck check --no-model` on one article
(a fresh process each time), and the model's time per article (one by default) when the
model is installed.
Other `benchmarks/bench_*.py` scripts are run last, with their own default arguments; when
`bench_rules_speed.py` is there it measures the rules-only throughput instead of this script.
Every measurement uses samples/glossary.csv when it exists.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.api import make_checker  # noqa: E402
from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.evaluation import evaluate  # noqa: E402

GOLD = REPO / "samples" / "gold.jsonl"
GLOSSARY = REPO / "samples" / "glossary.csv"  # the corpus's termbase, used for every measurement
# A dedicated rules-speed script (from the rules' authors) replaces the built-in throughput row.
RULES_SPEED_SCRIPT = REPO / "benchmarks" / "bench_rules_speed.py"
SAMPLE_DIR = REPO / "samples" / "garbled"
WMT_CANDIDATES = (REPO.parent / "shared" / "wmt23-zhen-mqm" / "dev.tsv",
                  Path("/work/shared/wmt23-zhen-mqm/dev.tsv"))
SPEED_WORDS = 200_000


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cpu}, {cores} cores available{ram}; Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def rules_checker():
    return make_checker({"use-model": False}, glossary=[str(GLOSSARY)] if GLOSSARY.exists() else None)


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def model_checker():
    """A checker with the model and its load time, or None and why it cannot load."""
    from mtcheck.model import ModelUnavailable, load_checker

    started = time.perf_counter()
    try:
        model = load_checker(Config(), lambda msg: None)
    except ModelUnavailable as err:
        return None, str(err)
    from mtcheck.engine import Checker

    return Checker(Config(), rules_checker().glossary, model), f"{time.perf_counter() - started:.1f} s"


def quality(args, checker_model) -> None:
    print("\n## Quality\n")
    rows = []
    sets = []
    if GOLD.exists():
        sets.append(("own corpus (samples/gold.jsonl)", str(GOLD), None))
    else:
        print("own corpus: samples/gold.jsonl not found, skipped")
    wmt = next((p for p in WMT_CANDIDATES if p.exists()), None)
    if wmt and not args.quick:
        sets.append(("WMT23 zh-en MQM dev", str(wmt), args.limit))
    elif not wmt:
        print("WMT23 dev: shared folder not found, skipped")
    modes = [("rules", rules_checker())]
    if checker_model is not None and args.model_quality:
        modes.append(("rules+model", checker_model))
    for name, path, limit in sets:
        for mode, checker in modes:
            r = evaluate(checker, path, limit)
            if r["kind"] == "gold":
                scope = f"{r['articles']} articles, {r['gold_errors']} errors"
                extra = (f"suggestion acc. {_fmt(r['suggestion_accuracy'])}; "
                         f"{r['findings_on_clean']} findings on clean twins")
                rows.append((name, mode, scope, _fmt(r["precision"]), _fmt(r["recall"]), _fmt(r["f1"]), "–", extra,
                             r["seconds"]))
            else:
                scope = (f"{r['documents']}/{r['documents_in_file']} system-docs, {r['words']} words, "
                         f"{r['bad_words']} BAD")
                extra = f"all-BAD baseline F1 {_fmt(r['all_bad_baseline_f1'])}, MCC 0 (word level)"
                rows.append((name, mode, scope, _fmt(r["precision"]), _fmt(r["recall"]), _fmt(r["f1"]),
                             _fmt(r["mcc"]), extra, r["seconds"]))
    print("| data | mode | scope | precision | recall | F1 | MCC | notes | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print("\nPer-rule and per-family tables: `mtcheck eval --no-model -g samples/glossary.csv samples/gold.jsonl` "
          "(and the WMT file); `--format json` for everything.")


def fix_table() -> None:
    """chrF of each garbled sample against its clean twin, before and after `--fix` (rules only)."""
    from mtcheck.fix import fix_document
    from mtcheck.score import chrf

    files = articles()
    if not files:
        return
    print("\n## Autofix: chrF against the clean twin (rules only, safe fixes)\n")
    print("| article | fixes | chrF before | chrF after |")
    print("| --- | --- | --- | --- |")
    checker = rules_checker()
    totals = [0, 0.0, 0.0]
    for path in files:
        clean = (REPO / "samples" / "clean" / path.name).read_text(encoding="utf-8")
        doc = Document(path.read_text(encoding="utf-8"), str(path))
        outcome = fix_document(checker, doc, checker.check(doc))
        before, after = chrf(doc.text, clean), chrf(outcome.fixed.text, clean)
        totals = [totals[0] + outcome.applied, totals[1] + before, totals[2] + after]
        print(f"| {path.name} | {outcome.applied} | {before:.2f} | {after:.2f} |")
    print(f"| mean of {len(files)} | {totals[0]} in all | {totals[1] / len(files):.2f} | {totals[2] / len(files):.2f} |")


def articles() -> list[Path]:
    return sorted(p for p in SAMPLE_DIR.glob("*") if p.suffix in (".txt", ".md")) if SAMPLE_DIR.exists() else []


def speed(args, checker_model, model_note) -> None:
    print("\n## Speed\n")
    files = articles()
    if not files:
        print("samples/garbled not found: speed not measured")
        return
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in files]
    print("| measure | result | how |")
    print("| --- | --- | --- |")
    if RULES_SPEED_SCRIPT.exists():
        print(f"| rules-only throughput | see {RULES_SPEED_SCRIPT.name} below | |")
    else:
        checker = rules_checker()
        words_per_pass = sum(Document(t, n).word_count for n, t in texts)
        passes = -(-SPEED_WORDS // words_per_pass)
        words = 0
        started = time.perf_counter()
        for _ in range(passes):
            for name, text in texts:
                doc = Document(text, name)
                checker.check(doc)
                words += doc.word_count
        seconds = time.perf_counter() - started
        print(f"| rules-only throughput | {words / seconds:,.0f} words/s | {words:,} words: the {len(files)} "
              f"sample articles × {passes}, each checked as its own document, one process ({seconds:.1f} s) |")

    article = files[0]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    glossary_args = ["-g", str(GLOSSARY)] if GLOSSARY.exists() else []
    runs = []
    for _ in range(args.cold_runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mtcheck", "check", "--no-model", "--exit-zero", *glossary_args,
                        str(article)],
                       env=env, capture_output=True, check=True)
        runs.append(time.perf_counter() - t0)
    print(f"| cold start, rules only | {statistics.median(runs):.2f} s median (min {min(runs):.2f} s) | "
          f"`mtcheck check --no-model{' -g samples/glossary.csv' if glossary_args else ''} "
          f"{article.relative_to(REPO)}` in a fresh process, {args.cold_runs} runs |")

    if checker_model is not None:
        times = []
        for name, text in texts[:args.model_articles]:
            t0 = time.perf_counter()
            checker_model.check(Document(text, name))
            times.append(time.perf_counter() - t0)
        n_words = sum(Document(t, n).word_count for n, t in texts[:args.model_articles])
        print(f"| model mode, per article | {statistics.mean(times):.1f} s mean (max {max(times):.1f} s) | "
              f"{len(times)} articles, {n_words / len(times):.0f} words on average; model load {model_note} once |")
    else:
        print(f"| model mode, per article | not measured | {model_note} |")


def others(args) -> None:
    scripts = sorted(p for p in (REPO / "benchmarks").glob("bench_*.py"))
    if args.quick:  # only the rules-speed script, which stands in for the throughput row
        scripts = [p for p in scripts if p == RULES_SPEED_SCRIPT]
    for script in scripts:
        print(f"\n## {script.name}\n")
        sys.stdout.flush()
        subprocess.run([sys.executable, str(script)], cwd=REPO, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="WMT23 dev: evaluate only N system-documents, evenly spaced")
    parser.add_argument("--quick", action="store_true", help="skip WMT23 dev, the model and the other bench_*.py")
    parser.add_argument("--no-model", action="store_true", help="do not load the model")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold-start runs (default 5)")
    parser.add_argument("--model-articles", type=int, default=1, help="articles timed in model mode (default 1)")
    parser.add_argument("--model-quality", action="store_true",
                        help="also evaluate rules+model (slow on CPU: every article and clean twin goes through it)")
    args = parser.parse_args()
    print(f"# mtcheck benchmarks\n\nMachine: {machine()}")
    print(f"Command: python benchmarks/run.py {' '.join(sys.argv[1:])}".rstrip())
    checker_model, model_note = ((None, "skipped (--quick or --no-model)") if args.quick or args.no_model
                                 else model_checker())
    quality(args, checker_model)
    fix_table()
    speed(args, checker_model, model_note)
    others(args)


if __name__ == "__main__":
    main()
