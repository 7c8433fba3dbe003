"""mtcheck's benchmarks in one command: the quality table and the speed table, with the machine.

    python benchmarks/run.py                 # everything (WMT23 dev: all 190 system-documents)
    python benchmarks/run.py --limit 40      # WMT23 dev: 40 system-documents, evenly spaced
    python benchmarks/run.py --quick         # skip the WMT23 dev, the model and the other bench_*.py
    python benchmarks/run.py --model-quality # add rules+model rows to the quality table (slow)

Quality: `mtcheck eval` on the project's own corpus (samples/gold.jsonl) and, when the shared
folder is present (../shared or /work/shared), on the WMT23 zh-en MQM dev split. Rules only;
with --model-quality also rules plus model, when the model is installed.
Autofix: chrF of each garbled sample against its clean twin before and after `--fix`.
Speed: rules-only words/s on at least 200,000 words of the samples repeated
(benchmarks/bench_rules_speed.py), cold start of `mtcheck check --no-model` on one article
(benchmarks/bench_cold_start.py), and model-mode time per article (benchmarks/bench_model.py,
skipping its cold GGUF conversion).
The other `benchmarks/bench_*.py` scripts run last, with their own default arguments.
Quality and autofix use samples/glossary.csv when it exists.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.api import make_checker  # noqa: E402
from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.evaluation import evaluate  # noqa: E402

GOLD = REPO / "samples" / "gold.jsonl"
GLOSSARY = REPO / "samples" / "glossary.csv"  # the corpus's termbase, used for every measurement
# The speed figures other scripts already measure: called, not duplicated.
SPEED_SCRIPTS = {"throughput": "bench_rules_speed.py", "cold start": "bench_cold_start.py",
                 "model": "bench_model.py"}
SAMPLE_DIR = REPO / "samples" / "garbled"
WMT_CANDIDATES = (REPO.parent / "shared" / "wmt23-zhen-mqm" / "dev.tsv",
                  Path("/work/shared/wmt23-zhen-mqm/dev.tsv"))


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
    """A checker with rules and the model, or None (saying why) when the model cannot load."""
    from mtcheck.engine import Checker
    from mtcheck.model import ModelUnavailable, load_checker

    try:
        model = load_checker(Config(), lambda msg: None)
    except ModelUnavailable as err:
        print(f"rules+model quality not measured: {err}")
        return None
    return Checker(Config(), rules_checker().glossary, model)


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


def _run_script(title: str, name: str, *script_args: str) -> None:
    print(f"\n### {title}: `python benchmarks/{name}{''.join(' ' + a for a in script_args)}`\n")
    script = REPO / "benchmarks" / name
    if not script.exists():
        print(f"benchmarks/{name} not found: not measured")
        return
    sys.stdout.flush()
    subprocess.run([sys.executable, str(script), *script_args], cwd=REPO, check=False)


def speed(args) -> None:
    """Every speed figure comes from its own script: run here, not measured twice."""
    print("\n## Speed")
    _run_script("Rules-only throughput", SPEED_SCRIPTS["throughput"])
    _run_script("Cold start, rules only", SPEED_SCRIPTS["cold start"], "--runs", str(args.cold_runs))
    if args.quick or args.no_model:
        print("\n### Model mode\n\nskipped (--quick or --no-model)")
    else:
        _run_script("Model mode", SPEED_SCRIPTS["model"], "--skip-cold-load")


def others(args) -> None:
    """Every other benchmarks/bench_*.py, with its own defaults."""
    for script in sorted((REPO / "benchmarks").glob("bench_*.py")):
        if script.name not in SPEED_SCRIPTS.values():
            _run_script(script.stem, script.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="WMT23 dev: evaluate only N system-documents, evenly spaced")
    parser.add_argument("--quick", action="store_true", help="skip WMT23 dev, the model and the other bench_*.py")
    parser.add_argument("--no-model", action="store_true", help="no model timing (bench_model.py)")
    parser.add_argument("--cold-runs", type=int, default=20, help="cold-start runs (default 20)")
    parser.add_argument("--model-quality", action="store_true",
                        help="also evaluate rules+model (slow on CPU: every article and clean twin goes through it)")
    args = parser.parse_args()
    print(f"# mtcheck benchmarks\n\nMachine: {machine()}")
    print(f"Command: python benchmarks/run.py {' '.join(sys.argv[1:])}".rstrip())
    checker_model = model_checker() if args.model_quality else None
    quality(args, checker_model)
    fix_table()
    speed(args)
    if not args.quick:
        others(args)


if __name__ == "__main__":
    main()
