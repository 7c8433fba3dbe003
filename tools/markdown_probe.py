#!/usr/bin/env python3
"""Probe mtcheck on the newsroom Markdown fixtures (tests/data/markdown_newsroom), rules only.

For each article: findings on the clean twin (each a false alarm); on the garbled twin, the
gold errors found (a finding overlapping the span; the expected rule too) and the findings
outside every gold span; then `check --fix` on a temporary copy: the bytes changed outside the
gold spans (markup, BOM, CRLF, tabs and spaces damaged), the spans fixed to a gold correction,
whether a second `--fix` changes anything, and whether `--diff`, applied with `patch`, gives
the same bytes as `--fix`. The garbled files are also checked as plain text (`.txt`), to tell
a Markdown defect (found as text, missed as Markdown) from a rule's limit.

Usage: python tools/markdown_probe.py [-v]     (prints the details, then one JSON line of totals)
"""
from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "markdown_newsroom"
GLOSSARY = str(DATA / "glossary.csv")
ENV = {**os.environ, "PYTHONPATH": str(REPO), "MTCHECK_THREADS": "1"}


def mtcheck(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mtcheck", *args], input=stdin, capture_output=True, env=ENV)


def findings(path: Path, as_text: bool = False) -> list[dict]:
    args = ["check", "--no-model", "-g", GLOSSARY, "-f", "json"]
    proc = (mtcheck(*args, "--stdin-filename", "x.txt", "-", stdin=path.read_bytes()) if as_text
            else mtcheck(*args, str(path)))
    return [f for entry in json.loads(proc.stdout)["files"] for f in entry["findings"]]


def overlapping(error: dict, found: list[dict]) -> list[dict]:
    return [f for f in found if f["start"] < error["end"] and error["start"] < f["end"]]


def fix_outcome(garbled: bytes, fixed: bytes, errors: list[dict]) -> tuple[int, int, list[str]]:
    """(bytes damaged outside the gold spans, spans fixed to a correction, notes). The fixed file
    must be the garbled one with only the gold spans replaced: each stretch between two spans
    is looked for, in order, in the fixed bytes."""
    text = garbled.decode("utf-8")
    bom = 1 if text.startswith("\ufeff") else 0
    cut = lambda offset: len(text[:offset + bom].encode("utf-8"))  # noqa: E731
    spans = sorted((cut(e["start"]), cut(e["end"]), e) for e in errors)
    stretches, pos = [], 0
    for start, end, _ in spans:
        stretches.append(garbled[pos:start])
        pos = end
    stretches.append(garbled[pos:])
    damaged, right, notes, cursor, between = 0, 0, [], 0, []
    for k, stretch in enumerate(stretches):
        last = k == len(stretches) - 1
        at = (0 if fixed.startswith(stretch) else -1) if k == 0 else (
            len(fixed) - len(stretch) if last and fixed.endswith(stretch) and len(fixed) - len(stretch) >= cursor
            else (-1 if last else fixed.find(stretch, cursor)))
        if at < 0:
            tail = stretch[-24:]
            resync = fixed.find(tail, cursor)
            end = resync + len(tail) if resync >= 0 else len(fixed)
            now = fixed[cursor:end]
            ops = [op for op in difflib.SequenceMatcher(None, stretch, now, autojunk=False).get_opcodes()
                   if op[0] != "equal"]
            if k and ops and ops[0][0] == "insert" and ops[0][1] == 0:
                ops = ops[1:]  # the previous span's replacement, not damage
            for _, a0, a1, b0, b1 in ops:
                damaged += max(a1 - a0, b1 - b0)
                notes.append(f"damaged: {stretch[max(0, a0 - 20):a1 + 20]!r} -> {now[max(0, b0 - 20):b1 + 20]!r}")
            between.append(None)
            cursor = end
            continue
        if k:
            between.append(fixed[cursor:at])
        cursor = at + len(stretch)
    for (_, _, error), now in zip(spans, between):
        if now is None:
            continue
        now = now.decode("utf-8")
        if now in error["corrections"]:
            right += 1
        elif now != error["text"]:
            notes.append(f"{error['text']!r} fixed to {now!r}, not to {error['corrections'][0]!r}")
    return damaged, right, notes


def main() -> int:
    verbose = "-v" in sys.argv
    totals = dict(articles=0, clean_findings=0, errors=0, found=0, found_by_rule=0, found_as_text=0,
                  findings_outside_gold=0, fixed_right=0, bytes_damaged=0, fix_equals_clean=0,
                  second_fix_changed=0, diff_differs=0)
    for line in open(DATA / "gold.jsonl", encoding="utf-8"):
        record = json.loads(line)
        garbled_path, clean_path = REPO / record["garbled"], REPO / record["clean"]
        name, errors = garbled_path.name, record["errors"]
        totals["articles"] += 1
        for f in findings(clean_path):
            totals["clean_findings"] += 1
            print(f"clean {name}:{f['line']}:{f['column']}: {f['rule']} {f['text']!r} -> {f['suggestions'][:1]}")
        found, as_text = findings(garbled_path), findings(garbled_path, as_text=True)
        for error in errors:
            hits = overlapping(error, found)
            totals["errors"] += 1
            totals["found"] += bool(hits)
            totals["found_by_rule"] += any(f["rule"] == error["rule"] for f in hits)
            totals["found_as_text"] += bool(overlapping(error, as_text))
            if not hits:
                print(f"missed {name}: {error['rule']} {error['text']!r} "
                      f"(as text: {[f['rule'] for f in overlapping(error, as_text)]})")
            elif verbose:
                print(f"found {name}: {error['rule']} {error['text']!r}: {[(f['rule'], f['text']) for f in hits]}")
        for f in found:
            if not any(overlapping(e, [f]) for e in errors):
                totals["findings_outside_gold"] += 1
                print(f"outside gold {name}:{f['line']}:{f['column']}: {f['rule']} {f['text']!r}")
        with tempfile.TemporaryDirectory() as tmp:
            copy, other = Path(tmp) / name, Path(tmp) / "diff" / name
            other.parent.mkdir()
            shutil.copyfile(garbled_path, copy)
            shutil.copyfile(garbled_path, other)
            diff = mtcheck("check", "--no-model", "-g", GLOSSARY, "--diff", str(copy)).stdout
            mtcheck("check", "--no-model", "-g", GLOSSARY, "--fix", str(copy))
            fixed = copy.read_bytes()
            damaged, right, notes = fix_outcome(garbled_path.read_bytes(), fixed, errors)
            totals["bytes_damaged"] += damaged
            totals["fixed_right"] += right
            totals["fix_equals_clean"] += fixed == clean_path.read_bytes()
            for note in notes:
                print(f"fix {name}: {note}")
            mtcheck("check", "--no-model", "-g", GLOSSARY, "--fix", str(copy))
            if copy.read_bytes() != fixed:
                totals["second_fix_changed"] += 1
                print(f"second --fix changed {name}")
            patched = subprocess.run(["patch", "-s", "-p0", str(other)], input=diff, capture_output=True)
            if diff and (patched.returncode or other.read_bytes() != fixed):
                totals["diff_differs"] += 1
                print(f"--diff differs from --fix on {name}")
    print(json.dumps(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
