"""Baselines: accept the findings an archive has today, report only new ones tomorrow.

`mtcheck baseline PATH... -o FILE` writes FILE; `mtcheck check --baseline FILE` drops every
finding the baseline holds. A finding is known by a fingerprint that ignores line numbers:
the rule code, the sentence around the finding (its prose, whitespace collapsed) and the
flagged text. Editing another paragraph, or adding lines above, keeps the fingerprint; editing
the sentence itself makes the finding new again. A fingerprint recorded N times silences at
most N findings in that file, so a second copy of an accepted error is still reported.

The file is JSON, sorted so it diffs well in review:

    {
      "version": 1,
      "tool": "mtcheck 0.1.0",
      "findings": [
        {"path": "articles/a.md", "rule": "MT401", "text": "And",
         "fingerprint": "3f1c…", "count": 1, "line": 12, "message": "…"}
      ]
    }

`path` is relative to the baseline file's folder (forward slashes). `line` and `message` are
there for the reader only; matching uses `path`, `rule` and `fingerprint`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Iterable

from . import __version__
from .document import Document, InputError
from .finding import Finding

BASELINE_VERSION = 1


def fingerprint(doc: Document, f: Finding) -> str:
    """A digest of the rule, the normalised sentence around `f` and the flagged text."""
    sentence = doc.sentence_at(f.start)
    if sentence is not None and sentence.end >= f.end:
        context = doc.prose[sentence.start:sentence.end]
    else:  # outside any sentence (a heading, a list item): the lines it sits on
        starts = doc.line_starts
        line, end_line = doc.position(f.start)[0], doc.position(f.end)[0]
        context = doc.prose[starts[line - 1]:starts[end_line] if end_line < len(starts) else len(doc.text)]
    normalised = " ".join(context.split())
    key = "\0".join((f.rule, normalised, doc.text[f.start:f.end]))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


class Baseline:
    """Accepted findings, counted per (path, rule, fingerprint)."""

    def __init__(self, root: Path, counts: Counter | None = None):
        self.root = root  # paths are relative to this folder
        self.counts: Counter = counts or Counter()

    def key_path(self, path: str) -> str:
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()

    @classmethod
    def load(cls, file: str) -> Baseline:
        path = Path(file)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{file}: baseline file not found (create it with `mtcheck baseline`)") from None
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{file}: cannot read baseline: {getattr(err, 'strerror', None) or err}") from None
        except json.JSONDecodeError as err:
            raise InputError(f"{file}: not a baseline file: invalid JSON ({err.msg} at line {err.lineno})") from None
        if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(data.get("findings"), list):
            raise InputError(f"{file}: not a baseline file (expected version {BASELINE_VERSION} with a findings list)")
        counts: Counter = Counter()
        for i, entry in enumerate(data["findings"]):
            try:
                key = (str(entry["path"]), str(entry["rule"]), str(entry["fingerprint"]))
            except (TypeError, KeyError):
                raise InputError(f"{file}: finding {i + 1} lacks path, rule or fingerprint") from None
            try:
                count = int(entry.get("count", 1))
            except (TypeError, ValueError, OverflowError):
                raise InputError(f"{file}: finding {i + 1} has a bad count {json.dumps(entry['count'])} "
                                 "(expected a whole number)") from None
            counts[key] += count
        return cls(path.resolve().parent, counts)

    def filter(self, path: str, doc: Document, findings: list[Finding]) -> list[Finding]:
        """The findings of one file that the baseline does not hold."""
        if not findings:
            return findings
        budget = Counter()
        rel = self.key_path(path)
        new = []
        for f in findings:
            key = (rel, f.rule, fingerprint(doc, f))
            if budget[key] < self.counts.get(key, 0):
                budget[key] += 1
            else:
                new.append(f)
        return new


def write_baseline(file: str, items: Iterable[tuple[str, Document, list[Finding]]],
                   unread: Iterable[str] = ()) -> int:
    """Record the findings of every (path, document, findings) in `file`; returns how many.

    An existing baseline's entries for the `unread` paths (files, or folders, that this run
    could not read) are kept: their findings today are unknown, and dropping them would make
    every accepted finding of a file that was briefly unreadable, or a mistyped folder, new."""
    root = Path(file).resolve().parent
    kept: dict[tuple[str, str, str], dict] = {}
    unread = [Baseline(root).key_path(p) for p in unread]
    if unread and Path(file).is_file():
        Baseline.load(file)  # refuses a file that is not a baseline before it is overwritten
        for e in json.loads(Path(file).read_text(encoding="utf-8"))["findings"]:
            path = str(e["path"])
            if any(path == u or path.startswith(u.rstrip("/") + "/") or u == "." for u in unread):
                kept[(path, str(e["rule"]), str(e["fingerprint"]))] = e
    return _write(file, _record(kept, root, items))


def add_to_baseline(file: str, items: Iterable[tuple[str, Document, list[Finding]]]) -> int:
    """Add findings to `file`, keeping what it already holds (created if missing); returns how many were added."""
    entries: dict[tuple[str, str, str], dict] = {}
    if Path(file).exists():
        Baseline.load(file)  # refuses a file that is not a baseline
        for e in json.loads(Path(file).read_text(encoding="utf-8"))["findings"]:
            entries[(str(e["path"]), str(e["rule"]), str(e["fingerprint"]))] = e
    before = sum(int(e.get("count", 1)) for e in entries.values())
    return _write(file, _record(entries, Path(file).resolve().parent, items)) - before


def _record(entries: dict[tuple[str, str, str], dict], root: Path,
            items: Iterable[tuple[str, Document, list[Finding]]]) -> dict[tuple[str, str, str], dict]:
    base = Baseline(root)
    for path, doc, findings in items:
        rel = base.key_path(path)
        for f in findings:
            key = (rel, f.rule, fingerprint(doc, f))
            if key in entries:
                entries[key]["count"] = int(entries[key].get("count", 1)) + 1
            else:
                entries[key] = {"path": rel, "rule": f.rule, "text": f.text or doc.text[f.start:f.end],
                                "fingerprint": key[2], "count": 1, "line": f.line, "message": f.message}
    return entries


def _write(file: str, entries: dict[tuple[str, str, str], dict]) -> int:
    ordered = sorted(entries.values(), key=lambda e: (e["path"], e.get("line", 0), e["rule"], e["fingerprint"]))
    data = {"version": BASELINE_VERSION, "tool": f"mtcheck {__version__}", "findings": ordered}
    try:
        with open(file, "w", encoding="utf-8", newline="\n") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
    except OSError as err:
        raise InputError(f"{file}: cannot write baseline: {err.strerror or err}") from None
    return sum(int(e.get("count", 1)) for e in ordered)
