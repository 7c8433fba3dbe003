"""`--fix` on the 20 sample articles: chrF against the clean twin before and after, per article.

    python benchmarks/bench_fix.py            # prints the table and writes benchmarks/fix_results.md
    python benchmarks/bench_fix.py --model    # the same with the language model (slow: ~20 s an
                                              # article on 2 cores); writes fix_results_model.md

Rules only by default, with samples/glossary.csv (the corpus's termbase), as `mtcheck check
--no-model --fix -g samples/glossary.csv` runs them: safe fixes (`--fix`) and every first
suggestion (`--unsafe-fixes`). The clean twins are fixed too: they must come out
byte-identical. The safe fixes `--fix` applied are counted per family (rule and the kind of
evidence that made them safe); their precision is `mtcheck eval`'s "safe fixes" table on the
annotated corpora, copied below. Those include the held-out idiom sets
(benchmarks/data/idioms_garbled.jsonl, idioms_literal.jsonl): a measurement of what `--fix`
writes there, never a set to tune on.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.api import make_checker  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.evaluation import evaluate, render_text  # noqa: E402
from mtcheck.fix import fix_document  # noqa: E402
from mtcheck.score import chrf  # noqa: E402

SAMPLES = REPO / "samples"
GLOSSARY = SAMPLES / "glossary.csv"
IDIOMS = [REPO / "benchmarks" / "data" / "idioms_garbled.jsonl", REPO / "benchmarks" / "data" / "idioms_literal.jsonl"]


def _fixed(checker, path: Path, unsafe: bool, applied: Counter | None = None):
    doc = Document(path.read_bytes().decode("utf-8"), str(path), markdown=path.suffix == ".md")
    findings = checker.check(doc)
    result = fix_document(checker, doc, findings, unsafe)
    if applied is not None:  # the first pass's safe fixes, by family (later passes re-check)
        for f in findings:
            if f.safe_fix is not None and f.safe_fix != doc.text[f.start:f.end]:
                applied[f.fix_family] += 1
    return doc, result


def _safe_table(report: str) -> list[str]:
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("safe fixes"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("("))  # "(1.2 s)"
    return lines[start:end]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="store_true", help="run the language model too (slow)")
    args = ap.parse_args(argv)
    out = Path(__file__).with_name("fix_results_model.md" if args.model else "fix_results.md")
    checker = make_checker(glossary=[GLOSSARY] if GLOSSARY.exists() else None, model=args.model)
    mode = "rules and model" if args.model else "rules only"
    garbled = sorted(p for p in (SAMPLES / "garbled").iterdir() if p.suffix in (".txt", ".md"))
    lines = ["# `--fix` on the sample articles: chrF against the clean twin", "",
             f"Produced by `python benchmarks/bench_fix.py{' --model' if args.model else ''}` "
             f"({mode}, `-g samples/glossary.csv`).", "",
             "| article | safe fixes | chrF before | after --fix | gain | after --unsafe-fixes |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    sums = [0, 0.0, 0.0, 0.0]
    lowered = []
    families: Counter = Counter()
    for path in garbled:
        clean = (SAMPLES / "clean" / path.name).read_bytes().decode("utf-8")
        doc, safe = _fixed(checker, path, unsafe=False, applied=families)
        _, unsafe = _fixed(checker, path, unsafe=True)
        before, after, after_unsafe = chrf(doc.text, clean), chrf(safe.fixed.text, clean), chrf(unsafe.fixed.text, clean)
        if after <= before or after_unsafe < before:
            lowered.append(path.name)
        sums = [sums[0] + safe.applied, sums[1] + before, sums[2] + after, sums[3] + after_unsafe]
        lines.append(f"| {path.name} | {safe.applied} | {before:.2f} | {after:.2f} | {after - before:+.2f} | {after_unsafe:.2f} |")
    n = len(garbled)
    lines.append(f"| mean of {n} | {sums[0]} in all | {sums[1] / n:.2f} | {sums[2] / n:.2f} | "
                 f"{(sums[2] - sums[1]) / n:+.2f} | {sums[3] / n:.2f} |")
    changed = [p.name for p in sorted((SAMPLES / "clean").iterdir()) if p.suffix in (".txt", ".md")
               and _fixed(checker, p, unsafe=False)[1].changed]
    lines += ["", f"Articles where --fix did not raise chrF or --unsafe-fixes lowered it: {', '.join(lowered) or 'none'}.",
              f"Clean twins changed by --fix: {', '.join(changed) or 'none (all byte-identical)'}.", "",
              "Safe fixes on the garbled samples by family (first pass; a later pass may apply a few more):", "",
              "| family (rule, evidence) | applied |", "| --- | ---: |"]
    lines += [f"| {k} | {v} |" for k, v in sorted(families.items())]
    gold = " ".join(str(p.relative_to(REPO)) for p in [SAMPLES / "gold.jsonl", *IDIOMS])
    lines += ["", f"Safe-fix precision per rule (`mtcheck eval{'' if args.model else ' --no-model'} "
              f"-g samples/glossary.csv {gold}`): right only when the fix gives a gold correction; "
              "a safe fix on a clean version counts as wrong.", ""]
    for path in [SAMPLES / "gold.jsonl", *IDIOMS]:
        lines += [f"{path.relative_to(REPO)}:", "", "```"]
        lines += _safe_table(render_text(evaluate(checker, str(path)))) + ["```", ""]
    text = "\n".join(lines)
    out.write_text(text, encoding="utf-8")
    print(text)
    return 1 if lowered or changed else 0


if __name__ == "__main__":
    sys.exit(main())
