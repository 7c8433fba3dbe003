"""Output formats: text, JSON, JSON Lines, SARIF 2.1.0, GitHub workflow annotations and HTML."""

from __future__ import annotations

import json
import os
from typing import Any, Callable, TextIO
from urllib.parse import quote

from . import __version__
from .engine import FileResult
from .finding import Finding, Severity, plural
from .html_report import render_html
from .rules import ALL_RULES


def summary(results: list[FileResult], **extra: Any) -> dict[str, Any]:
    findings = [f for r in results for f in r.findings]
    by_severity = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for f in findings:
        by_severity[f.severity.label] += 1
    return {
        "files": sum(1 for r in results if r.document is not None),
        "findings": len(findings),
        "by_severity": by_severity,
        "errors": sum(1 for r in results if r.error and r.document is None),  # could not be read
        "not_fixed": sum(1 for r in results if r.error and r.document is not None),  # read, but --fix refused
        "skipped": sum(1 for r in results if r.skipped),
        **extra,
    }


def _suggestion_text(f: Finding) -> str:
    if not f.suggestions:
        return ""
    shown = " | ".join(f"“{s}”" for s in f.suggestions[:3])
    return f" (→ {shown})"


def render_text(results: list[FileResult], out: TextIO, extra: dict[str, Any]) -> None:
    for r in results:
        for f in r.findings:
            # "[*]": `--fix` applies this fix (ruff's mark); `--unsafe-fixes` the rest's first suggestion.
            safe = " [*]" if f.safe_fix is not None else ""
            out.write(f"{r.path}:{f.line}:{f.column}: {f.rule} [{f.severity.label}] {f.message}"
                      f"{_suggestion_text(f)}{safe}\n")
    s = summary(results, **extra)
    counts = ", ".join(f"{n} {label}" for label, n in s["by_severity"].items() if n)
    line = plural(s["findings"], "finding")
    line += f" ({counts})" if counts else ""
    line += f" in {plural(s['files'], 'file')}"
    if s["errors"]:
        line += f"; {s['errors']} could not be read"
    if s["not_fixed"]:  # its findings are listed above; the error line says why it was not written
        line += f"; {s['not_fixed']} not fixed ({'see the errors' if s['not_fixed'] > 1 else 'see the error'})"
    if s["skipped"]:
        line += f"; {s['skipped']} skipped"
    for key, value in extra.items():
        if isinstance(value, (int, float, str)):
            line += f"; {key.replace('_', ' ')}: {value}"
        elif isinstance(value, dict):
            line += f"; {key.replace('_', ' ')}: " + ", ".join(f"{k} {v}" for k, v in value.items())
    out.write(line + "\n")


def render_json(results: list[FileResult], out: TextIO, extra: dict[str, Any]) -> None:
    doc = {
        "version": 1,
        "files": [{"path": r.path, "findings": [f.to_dict() for f in r.findings]}
                  for r in results if r.document is not None],
        "summary": summary(results, **extra),
    }
    errors = [{"path": r.path, "message": r.error} for r in results if r.error]
    if errors:
        doc["errors"] = errors
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")


def render_jsonl(results: list[FileResult], out: TextIO, extra: dict[str, Any]) -> None:
    for r in results:
        for f in r.findings:
            out.write(json.dumps({"path": r.path, **f.to_dict()}, ensure_ascii=False) + "\n")


_SARIF_LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning",
                Severity.INFO: "note"}


def _sarif_uri(path: str) -> str:
    """A file path as a SARIF artifact URI (an RFC 3986 reference): spaces, "#", "%", ":"
    and non-ASCII letters percent-encoded, so no reader takes "#2.md" for a fragment or
    "a:b.txt" for a scheme."""
    return quote(path.replace(os.sep, "/"), safe="/")


def render_sarif(results: list[FileResult], out: TextIO, extra: dict[str, Any]) -> None:
    rules = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary()},
        "fullDescription": {"text": r.explanation()},
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        "properties": {"category": r.category, "severity": r.severity.label},
    } for r in ALL_RULES]
    index = {r.code: i for i, r in enumerate(ALL_RULES)}
    sarif_results = []
    for fr in results:
        uri = _sarif_uri(fr.path)
        for f in fr.findings:
            region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                      "endColumn": f.end_column, "charOffset": f.start, "charLength": f.end - f.start}
            item: dict[str, Any] = {
                "ruleId": f.rule,
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": f.message + _suggestion_text(f)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "properties": {"category": f.category, "severity": f.severity.label,
                               "confidence": round(f.confidence, 3), "origin": f.origin},
            }
            if f.rule in index:
                item["ruleIndex"] = index[f.rule]
            if f.suggestions:
                item["fixes"] = [{
                    "description": {"text": f"Replace with “{s}”"},
                    "artifactChanges": [{"artifactLocation": {"uri": uri},
                                         "replacements": [{"deletedRegion": region,
                                                           "insertedContent": {"text": s}}]}],
                } for s in f.suggestions]
            sarif_results.append(item)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "mtcheck", "version": __version__,
                                "informationUri": "https://github.com/mtcheck/mtcheck", "rules": rules}},
            "results": sarif_results,
            # How mtcheck counts (Document.position): SARIF asks a text tool to say so, and its
            # default line breaks lack the lone "\r" that mtcheck also counts.
            "columnKind": "unicodeCodePoints",
            "newlineSequences": ["\r\n", "\n", "\r"],
        }],
    }
    json.dump(log, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


_GH_LEVEL = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning",
             Severity.INFO: "notice"}


def render_github(results: list[FileResult], out: TextIO, extra: dict[str, Any]) -> None:
    for r in results:
        if r.error:
            out.write(f"::error file={_gh_escape(r.path, True)}::{_gh_escape(r.error)}\n")
        for f in r.findings:
            props = (f"file={_gh_escape(r.path, True)},line={f.line},col={f.column},"
                     f"endLine={f.end_line},endColumn={f.end_column},title={_gh_escape(f.rule + ' ' + f.name, True)}")
            out.write(f"::{_GH_LEVEL[f.severity]} {props}::{_gh_escape(f.message + _suggestion_text(f))}\n")


RENDERERS: dict[str, Callable[[list[FileResult], TextIO, dict[str, Any]], None]] = {
    "text": render_text,
    "json": render_json,
    "jsonl": render_jsonl,
    "sarif": render_sarif,
    "github": render_github,
    "html": render_html,
}


def render(fmt: str, results: list[FileResult], out: TextIO, extra: dict[str, Any] | None = None) -> None:
    RENDERERS[fmt](results, out, extra or {})
