"""`--fix` on the 20 sample articles: chrF against the clean twin before and after, per article.

    python benchmarks/bench_fix.py            # prints the table and writes benchmarks/fix_results.md

Rules only, with samples/glossary.csv (the corpus's termbase), as `mtcheck check --no-model
--fix -g samples/glossary.csv` runs them: safe fixes (`--fix`) and every first suggestion
(`--unsafe-fixes`). The clean twins are fixed too: they must come out byte-identical. The
per-rule precision of the safe fixes is `mtcheck eval`'s "safe fixes" table, copied below.
"""

from __future__ import annotations

import sys
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
OUT = Path(__file__).with_name("fix_results.md")


def _fixed(checker, path: Path, unsafe: bool):
    doc = Document(path.read_bytes().decode("utf-8"), str(path), markdown=path.suffix == ".md")
    return doc, fix_document(checker, doc, checker.check(doc), unsafe)


def main() -> int:
    checker = make_checker(glossary=[GLOSSARY] if GLOSSARY.exists() else None)
    garbled = sorted(p for p in (SAMPLES / "garbled").iterdir() if p.suffix in (".txt", ".md"))
    lines = ["# `--fix` on the sample articles: chrF against the clean twin", "",
             "Produced by `python benchmarks/bench_fix.py` (rules only, `-g samples/glossary.csv`).", "",
             "| article | safe fixes | chrF before | after --fix | gain | after --unsafe-fixes |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    sums = [0, 0.0, 0.0, 0.0]
    lowered = []
    for path in garbled:
        clean = (SAMPLES / "clean" / path.name).read_bytes().decode("utf-8")
        doc, safe = _fixed(checker, path, unsafe=False)
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
              "Safe-fix precision per rule (`mtcheck eval --no-model -g samples/glossary.csv samples/gold.jsonl`):", "",
              "```"]
    report = render_text(evaluate(checker, str(SAMPLES / "gold.jsonl"))).splitlines()
    start = next(i for i, line in enumerate(report) if line.startswith("safe fixes"))
    lines += report[start:-1] + ["```", ""]
    text = "\n".join(lines)
    OUT.write_text(text, encoding="utf-8")
    print(text)
    return 1 if lowered or changed else 0


if __name__ == "__main__":
    sys.exit(main())
