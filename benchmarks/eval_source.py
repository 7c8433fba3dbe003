"""Recall and false findings of the source-aware rules (MT5xx) on the bilingual test set.

    python benchmarks/eval_source.py [--json] [--all-rules]

Reads tests/data/bilingual/pairs.jsonl (80 hand-written pairs in zh, ru, de, es, fr, ja; half
with one error) and its glossary.csv. An error counts as found when a finding of its rule
overlaps its target span (an omission, which has no target span: when the pair gets an MT505
finding). Prints recall per error type and per language, suggestion accuracy, and the findings
on the correct pairs (which must be none). `--all-rules` also runs the monolingual rules.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.engine import Checker  # noqa: E402
from mtcheck.glossary import load_glossaries  # noqa: E402

DATA = ROOT / "tests" / "data" / "bilingual"
RULE_OF = {"number": "MT501", "date": "MT502", "url": "MT503", "name": "MT503", "untranslated": "MT504",
           "omission": "MT505", "glossary": "MT507"}


def load_pairs() -> list[dict]:
    return [json.loads(line) for line in (DATA / "pairs.jsonl").read_text(encoding="utf-8").splitlines() if line]


def check_pair(checker: Checker, pair: dict):
    doc = Document(pair["target"], f"{pair['id']}.en.txt")
    doc.source = Document(pair["source"], f"{pair['id']}.{pair['language']}.txt")
    return checker.check(doc)


def evaluate(all_rules: bool = False) -> dict:
    config = Config(select=[] if all_rules else ["MT5"], use_model=False)
    checker = Checker(config, load_glossaries([DATA / "glossary.csv"]))
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_lang: dict[str, Counter] = defaultdict(Counter)
    false_findings: list[dict] = []
    suggestions = Counter()
    started = time.perf_counter()
    pairs = load_pairs()
    for pair in pairs:
        findings = check_pair(checker, pair)
        lang = pair["language"]
        if not pair["errors"]:
            by_lang[lang]["correct_pairs"] += 1
            source_findings = [f for f in findings if f.rule.startswith("MT5")]
            by_lang[lang]["correct_with_finding"] += bool(source_findings)
            by_lang[lang]["other_findings"] += len(findings) - len(source_findings)
            false_findings += [{"id": pair["id"], "rule": f.rule, "text": f.text, "message": f.message}
                               for f in findings]
            continue
        for err in pair["errors"]:
            rule = RULE_OF[err["type"]]
            if err["type"] == "omission":
                hits = [f for f in findings if f.rule == rule]
            else:
                hits = [f for f in findings if f.rule == rule and f.start < err["end"] and err["start"] < f.end]
            found = bool(hits)
            by_type[err["type"]]["errors"] += 1
            by_type[err["type"]]["found"] += found
            by_lang[lang]["errors"] += 1
            by_lang[lang]["found"] += found
            if found and err["corrections"] and hits[0].suggestions:
                suggestions["judged"] += 1
                suggestions["good"] += hits[0].suggestions[0] in err["corrections"]
            if not found:
                by_type[err["type"]].setdefault("missed_ids", [])
                by_type[err["type"]]["missed_ids"] = by_type[err["type"]].get("missed_ids", []) + [pair["id"]]
    return {"pairs": len(pairs), "seconds": round(time.perf_counter() - started, 2),
            "by_type": {k: dict(v) for k, v in sorted(by_type.items())},
            "by_language": {k: dict(v) for k, v in sorted(by_lang.items())},
            "suggestions": dict(suggestions), "findings_on_correct_pairs": false_findings}


def render(report: dict) -> str:
    lines = [f"{report['pairs']} pairs ({report['seconds']} s)", "", "| error type | errors | found | recall |",
             "| --- | ---: | ---: | ---: |"]
    total = Counter()
    for kind, c in report["by_type"].items():
        total["errors"] += c["errors"]
        total["found"] += c["found"]
        missed = f" (missed: {', '.join(c['missed_ids'])})" if c.get("missed_ids") else ""
        lines.append(f"| {kind} | {c['errors']} | {c['found']} | {c['found'] / c['errors']:.2f}{missed} |")
    lines.append(f"| **all** | {total['errors']} | {total['found']} | {total['found'] / total['errors']:.2f} |")
    lines += ["", "| language | errors | found | recall | correct pairs | correct pairs with an MT5xx finding |"
              " other rules' findings on them |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for lang, c in report["by_language"].items():
        lines.append(f"| {lang} | {c['errors']} | {c['found']} | {c['found'] / c['errors']:.2f} | "
                     f"{c['correct_pairs']} | {c['correct_with_finding']} | {c['other_findings']} |")
    s = report["suggestions"]
    if s.get("judged"):
        lines += ["", f"top suggestion is a gold correction: {s['good']}/{s['judged']}"]
    lines += ["", f"findings on the correct pairs: {len(report['findings_on_correct_pairs'])}"]
    lines += [f"  {f['id']} {f['rule']} “{f['text']}”: {f['message']}" for f in report["findings_on_correct_pairs"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--all-rules", action="store_true", help="run the monolingual rules too")
    args = parser.parse_args()
    report = evaluate(args.all_rules)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render(report))


if __name__ == "__main__":
    main()
