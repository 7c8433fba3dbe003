"""`mtcheck audit-report`: one standalone HTML page summarising an audit table.

MQM penalty per 1,000 words (the HTML report's `mqm_penalty`: minor 1, major 5, critical 25
points) by desk, month and vendor when the articles carry those columns, and by rule family;
the worst articles; bar charts drawn by matplotlib as inline SVG. No script and no network:
the page's Content-Security-Policy forbids every request.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from html import escape
from pathlib import Path
from typing import Any, NamedTuple

from .. import __version__
from ..config import ConfigError
from ..document import InputError
from ..finding import Severity
from ..html_report import FAMILY_LABELS, family, mqm_penalty
from . import require
from .store import articles_path

GROUPS = (("desk", "Desk"), ("month", "Month"), ("vendor", "Vendor"))
WORST_MIN_WORDS = 100  # a 20-word brief with one slip would top the list otherwise

CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d232b; margin: 0 auto;
       max-width: 64rem; padding: 1rem 1.5rem 4rem; background: #fbfbfa; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.totals { color: #4a5561; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .92rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d5d9de; padding: .3rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; word-break: break-all; }
thead th { background: #eef1f4; }
figure { margin: .5rem 0; background: #fff; border: 1px solid #d5d9de; border-radius: 6px; padding: .5rem; }
figure svg { width: 100%; height: auto; }
"""


class _Weight(NamedTuple):
    """What mqm_penalty reads of a finding: its severity."""

    severity: Severity


class _Group:
    def __init__(self) -> None:
        self.articles = 0
        self.words = 0
        self.severities: list[_Weight] = []

    @property
    def penalty(self) -> float | None:
        return mqm_penalty(self.severities, self.words)


# What the report reads of each table; a table without them is some other file.
ARTICLE_NEEDS = ("article", "path", "words")
FINDING_NEEDS = ("article", "rule", "severity")


def _read(path: Path, columns: list[str] | None = None, needs: tuple[str, ...] = ()) -> list[dict]:
    if not path.is_file():
        raise InputError(f"{path}: no such file (write it with `mtcheck audit --output`)")
    if path.suffix.lower() == ".jsonl":
        try:
            with open(path, encoding="utf-8") as lines:
                rows = [json.loads(line) for line in lines if line.strip()]
        except ValueError as err:
            raise InputError(f"{path}: not an audit table ({err})") from None
    elif path.suffix.lower() != ".parquet":
        raise ConfigError(f"{path}: an audit table ends in .parquet or .jsonl")
    else:
        pq = require("pyarrow.parquet", "reading Parquet")
        try:
            names = pq.read_schema(path).names
            wanted = [c for c in columns if c in names] if columns else None
            rows = pq.read_table(path, columns=wanted).to_pylist()
        except Exception as err:  # pyarrow's own error types
            raise InputError(f"{path}: not a readable Parquet file ({err})") from None
    for number, row in enumerate(rows, 1):
        missing = [c for c in needs if c not in row] if isinstance(row, dict) else ["an object"]
        if missing:
            raise InputError(f"{path}: not an audit table (row {number} has no {', '.join(missing)}; "
                             "write it with `mtcheck audit --output`)")
    return rows


def summarise(table: str | Path) -> dict[str, Any]:
    """Everything the page shows, as plain data (the tests read it too)."""
    table = Path(table)
    articles = _read(articles_path(table), needs=ARTICLE_NEEDS)
    findings = _read(table, list(FINDING_NEEDS), needs=FINDING_NEEDS)
    by_article: dict[int, list[tuple[str, Severity]]] = defaultdict(list)
    for number, f in enumerate(findings, 1):
        try:
            severity = Severity.parse(f["severity"])
        except ValueError as err:
            raise InputError(f"{table}: not an audit table (row {number}: {err})") from None
        by_article[f["article"]].append((f["rule"], severity))
    groups: dict[str, dict[str, _Group]] = {key: defaultdict(_Group) for key, _ in GROUPS}
    families: dict[str, _Group] = defaultdict(_Group)
    total = _Group()
    readable = [a for a in articles if not a.get("error") and not a.get("skipped")]
    for a in readable:
        found = [_Weight(s) for _, s in by_article.get(a["article"], ())]
        total.articles += 1
        total.words += a["words"]
        total.severities += found
        values = {"desk": a.get("desk"), "vendor": a.get("vendor"), "month": a.get("month") or (a.get("date") or "")[:7]}
        for key, _ in GROUPS:
            if values[key]:
                group = groups[key][str(values[key])]
                group.articles += 1
                group.words += a["words"]
                group.severities += found
        for rule, severity in by_article.get(a["article"], ()):
            families[family(rule)].severities.append(_Weight(severity))
    for g in families.values():
        g.words = total.words  # a family's penalty is per 1,000 words of the whole archive
    long_enough = [a for a in readable if a["words"] >= WORST_MIN_WORDS] or readable
    worst = sorted((a for a in long_enough if a.get("penalty")), key=lambda a: (-a["penalty"], a["article"]))
    return {"total": total, "groups": {k: dict(sorted(v.items())) for k, v in groups.items() if v},
            "families": dict(sorted(families.items())), "worst": worst, "articles": articles,
            "unreadable": len(articles) - len(readable)}


def _chart(labels: list[str], values: list[float], title: str) -> str:
    """A horizontal bar chart as an inline <svg> element (matplotlib, no fonts or images fetched)."""
    require("matplotlib", "the audit report's charts")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "mtcheck"  # the same ids on every run
    height = 0.6 + 0.32 * len(labels)
    fig, ax = plt.subplots(figsize=(7, height))
    ax.barh(range(len(labels)), values, color="#d9822b")
    ax.set_yticks(range(len(labels)), labels=labels)
    ax.invert_yaxis()
    ax.set_xlabel("MQM penalty per 1,000 words")
    ax.set_title(title, fontsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = out.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prolog and doctype


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _group_table(title: str, rows: dict[str, _Group], table_id: str) -> str:
    out = [f'<h2>{escape(title)}</h2>\n<table id="{table_id}"><thead><tr><th>{escape(title.split(" by ")[-1])}</th>'
           "<th>Articles</th><th>Words</th><th>Findings</th><th>MQM penalty per 1,000 words</th></tr></thead><tbody>\n"]
    for name, g in rows.items():
        out.append(f"<tr><td>{escape(name)}</td><td>{g.articles:,}</td><td>{g.words:,}</td>"
                   f"<td>{len(g.severities):,}</td><td>{_cell(g.penalty)}</td></tr>\n")
    out.append("</tbody></table>\n")
    shown = [(n, g.penalty) for n, g in rows.items() if g.penalty is not None][:40]
    if shown:
        out.append(f"<figure>{_chart([n for n, _ in shown], [p for _, p in shown], title)}</figure>\n")
    return "".join(out)


def render(table: str | Path, worst: int = 20) -> str:
    s = summarise(table)
    total: _Group = s["total"]
    unreadable = f" · {s['unreadable']:,} could not be read" if s["unreadable"] else ""
    parts = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
             f"<title>mtcheck audit: {escape(Path(table).name)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
             f"<h1>mtcheck audit: {escape(Path(table).name)}</h1>\n",
             f'<p class="totals" id="totals">{total.articles:,} articles, {total.words:,} words, '
             f"{len(total.severities):,} findings · MQM penalty {_cell(total.penalty)} per 1,000 words"
             f"{unreadable} · mtcheck "
             f"{escape(__version__)}</p>\n"]
    for key, title in GROUPS:
        if key in s["groups"]:
            parts.append(_group_table(f"Penalty by {title.lower()}", s["groups"][key], f"by-{key}"))
    families = {f"{fam}xx " + FAMILY_LABELS.get(fam, ""): g for fam, g in s["families"].items()}
    if families:
        parts.append(_group_table("Penalty by rule family", families, "by-family"))
    parts.append(f"<h2>The worst articles</h2>\n<p class=\"totals\">Highest penalty per 1,000 words among articles of "
                 f"at least {WORST_MIN_WORDS} words.</p>\n<table id=\"worst\"><thead><tr><th>Article</th><th>Words</th>"
                 "<th>Findings</th><th>MQM penalty per 1,000 words</th></tr></thead><tbody>\n")
    for a in s["worst"][:worst]:
        name = a["path"] + (f" · {a['id']}" if a.get("id") else "")
        extra = " · ".join(str(a[k]) for k in ("desk", "date", "vendor") if a.get(k))
        parts.append(f"<tr><td>{escape(name)}{' <small>' + escape(extra) + '</small>' if extra else ''}</td>"
                     f"<td>{a['words']:,}</td><td>{a['findings']}</td><td>{_cell(a['penalty'])}</td></tr>\n")
    parts.append("</tbody></table>\n</body>\n</html>\n")
    return "".join(parts)


def write_report(table: str | Path, output: str | Path, worst: int = 20) -> None:
    html = render(table, worst)
    try:
        Path(output).write_text(html, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{output}: cannot write report: {err.strerror or err}") from None

