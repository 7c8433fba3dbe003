"""The HTML report (`--format html`): one standalone page, no network, no external assets.

Each article is shown with its flagged spans highlighted by severity; hovering or focusing a
highlight (they are in the tab order) shows the rule, message and suggestions in a tooltip.
A summary table gives each file's findings and MQM penalty per 1,000 words, and checkboxes
hide or show rule families (MT1xx … MT9xx). All text is escaped; the page's
Content-Security-Policy forbids every network request.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, TextIO

from . import __version__
from .engine import FileResult
from .finding import Finding, Severity, plural

# What each rule family covers, for the filter labels; an unknown family shows its code only.
FAMILY_LABELS = {
    "MT1": "names, terminology, glossary",
    "MT2": "idioms and wrong words",
    "MT3": "honorifics, names, pronouns",
    "MT4": "capitalization and punctuation",
    "MT9": "language model",
}
SEVERITIES = sorted(Severity, reverse=True)

CSS = """
:root { --critical: #f4a3a3; --major: #ffc58a; --minor: #fff08a; --info: #bfe0ff; --ink: #1d232b; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0 auto;
       max-width: 70rem; padding: 1rem 1.5rem 4rem; background: #fbfbfa; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.05rem; margin: 0; display: inline; word-break: break-all; }
.totals { color: #4a5561; margin: 0 0 1rem; }
#filters { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center; padding: .6rem .8rem;
           border: 1px solid #d5d9de; border-radius: 6px; background: #fff; margin-bottom: 1rem; }
#filters legend, #filters .legend-title { font-weight: 600; }
#filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; }
.swatch { display: inline-block; padding: 0 .4em; border-radius: 3px; }
/* The severity key is a legend, not controls: a small square before plain text, no chip. */
.key { display: inline-flex; align-items: center; gap: .3em; color: #4a5561; cursor: default; }
.key i { display: inline-block; width: .8em; height: .8em; border: 0; }
table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 1.5rem; font-size: .92rem; }
th, td { border: 1px solid #d5d9de; padding: .3rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; word-break: break-all; }
thead th { background: #eef1f4; }
tfoot td { font-weight: 600; background: #f5f6f8; }
article { background: #fff; border: 1px solid #d5d9de; border-radius: 6px; margin: 0 0 1rem; }
article > details > summary { padding: .6rem .8rem; cursor: pointer; }
.meta { color: #4a5561; font-size: .9rem; margin-left: .6rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 15px/1.7 Georgia, "Times New Roman", serif;
        margin: 0; padding: .2rem 1rem 1rem; border-top: 1px solid #e6e9ec; }
mark.hl { color: inherit; border-radius: 2px; padding: 0 1px; cursor: help; }
mark.hl:focus { outline: 2px solid #1f5fbf; outline-offset: 1px; }
.sev-critical { background: var(--critical); border-bottom: 3px double #a11; }
.sev-major { background: var(--major); border-bottom: 2px solid #b65c00; }
.sev-minor { background: var(--minor); border-bottom: 2px dashed #8a7a00; }
.sev-info { background: var(--info); border-bottom: 2px dotted #2a6bb0; }
ol.findings { margin: 0; padding: .5rem 1rem .8rem 2.6rem; border-top: 1px solid #e6e9ec; font-size: .9rem; }
ol.findings code { font-size: .85rem; }
.errors { color: #8b1111; }
#tip { position: absolute; z-index: 10; max-width: 28rem; background: #1d232b; color: #fff; padding: .5rem .7rem;
       border-radius: 6px; font-size: .88rem; line-height: 1.4; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
#tip[hidden] { display: none; }
#tip .tip-head { font-weight: 600; }
#tip .tip-sugg { color: #b9f6b0; }
"""

SCRIPT = """
(function () {
  var tip = document.getElementById('tip');
  function line(cls, text) {
    var d = document.createElement('div'); d.className = cls; d.textContent = text; tip.appendChild(d);
  }
  function show(mark) {
    tip.replaceChildren();
    line('tip-head', mark.dataset.rule + ' ' + mark.dataset.name + ' \\u00b7 ' + mark.dataset.severity +
         ' \\u00b7 ' + mark.dataset.category);
    line('tip-msg', mark.dataset.message);
    if (mark.dataset.suggestions) { line('tip-sugg', 'Suggestion: ' + mark.dataset.suggestions); }
    line('tip-conf', 'Confidence ' + mark.dataset.confidence);
    tip.hidden = false;
    var r = mark.getBoundingClientRect();
    var left = Math.min(r.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = Math.max(4, left + window.scrollX) + 'px';
    tip.style.top = (r.bottom + window.scrollY + 6) + 'px';
    mark.setAttribute('aria-describedby', 'tip');
  }
  function hide() { tip.hidden = true; }
  function markOf(e) { return e.target.closest ? e.target.closest('mark.hl') : null; }
  document.addEventListener('mouseover', function (e) { var m = markOf(e); if (m) { show(m); } });
  document.addEventListener('mouseout', function (e) { if (markOf(e) && document.activeElement !== markOf(e)) { hide(); } });
  document.addEventListener('focusin', function (e) { var m = markOf(e); if (m) { show(m); } else { hide(); } });
  document.addEventListener('focusout', function (e) { if (markOf(e)) { hide(); } });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') { hide(); } });
  document.querySelectorAll('#filters input[data-family]').forEach(function (box) {
    box.addEventListener('change', function () {
      var family = box.dataset.family;
      document.body.classList.toggle('hide-' + family, !box.checked);
      document.querySelectorAll('[data-family="' + family + '"]').forEach(function (el) {
        if (el.tagName === 'MARK') { el.tabIndex = box.checked ? 0 : -1; }
      });
    });
  });
})();
"""


def family(code: str) -> str:
    """The family of a rule code: MT401 → MT4 (shown as MT4xx)."""
    m = re.match(r"[A-Za-z]+\d", code)
    return m.group(0).upper() if m else code


def mqm_penalty(findings: list[Finding], words: int) -> float | None:
    """MQM penalty points per 1,000 words (None for a file without words)."""
    if words <= 0:
        return None
    return sum(f.severity.mqm_weight for f in findings) * 1000 / words


def _text(value: str) -> str:
    """Escaped text with line endings shown as plain newlines."""
    return escape(value.replace("\r\n", "\n").replace("\r", "\n"), quote=False)


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _mark_open(f: Finding) -> str:
    attrs = {
        "class": f"hl sev-{f.severity.label}",
        "tabindex": "0",
        "data-family": family(f.rule),
        "data-rule": f.rule + (" +" + ",".join(f.also) if f.also else ""),
        "data-name": f.name,
        "data-severity": f.severity.label,
        "data-category": f.category,
        "data-message": f.message,
        "data-suggestions": " | ".join(f.suggestions[:5]),
        "data-confidence": f"{f.confidence:.2f}",
    }
    return "<mark " + " ".join(f'{k}="{_attr(v)}"' for k, v in attrs.items()) + ">"


def highlighted(text: str, findings: list[Finding]) -> str:
    """`text` as HTML with a <mark> per finding; overlapping spans are clipped so marks nest."""
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the open marks

    def close_until(offset: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= offset:
            end = stack.pop()
            out.append(_text(text[pos:end]) + "</mark>")
            pos = end

    for f in sorted(findings, key=lambda f: (f.start, -f.end, f.rule)):
        close_until(f.start)
        end = min(f.end, stack[-1]) if stack else f.end
        if end <= f.start:
            continue
        out.append(_text(text[pos:f.start]) + _mark_open(f))
        pos = f.start
        stack.append(end)
    close_until(len(text))
    out.append(_text(text[pos:]))
    return "".join(out)


def _penalty_cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def render_html(results: list[FileResult], out: TextIO, extra: dict[str, Any]) -> None:
    files = [r for r in results if r.document is not None]
    findings = [f for r in files for f in r.findings]
    families = sorted({family(f.rule) for f in findings})
    total_words = sum(r.document.word_count for r in files)
    w = out.write

    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    w("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
    w(f"<title>mtcheck report: {plural(len(findings), 'finding')} in {plural(len(files), 'file')}</title>\n")
    w(f"<style>{CSS}</style>\n</head>\n<body>\n")
    w("<header>\n<h1>mtcheck report</h1>\n")
    notes = "".join(f" · {_attr(k.replace('_', ' '))}: {_attr(v)}" for k, v in extra.items()
                    if isinstance(v, (int, float, str)))
    w(f'<p class="totals">{plural(len(findings), "finding")} in {plural(len(files), "file")}, {total_words:,} words · '
      f"MQM penalty {_penalty_cell(mqm_penalty(findings, total_words))} per 1,000 words{notes} · "
      f"mtcheck {_attr(__version__)}</p>\n</header>\n")

    w('<section id="filters" aria-label="Filters">\n<fieldset><legend>Rule families</legend>\n')
    for fam in families:
        count = sum(1 for f in findings if family(f.rule) == fam)
        label = f"{fam}xx" + (f" {FAMILY_LABELS[fam]}" if fam in FAMILY_LABELS else "")
        w(f'<label><input type="checkbox" checked data-family="{_attr(fam)}"> {_attr(label)} ({count})</label>\n')
    if not families:
        w("<span>no findings</span>\n")
    w('</fieldset>\n<span class="legend-title">Severity:</span>\n')
    for s in SEVERITIES:
        w(f'<span class="key"><i class="sev-{s.label}" aria-hidden="true"></i>{s.label}</span>\n')
    w("</section>\n")
    w("<style>" + "".join(f'body.hide-{fam} mark[data-family="{fam}"] {{ background: none; border-bottom: 0; }}'
                          f'body.hide-{fam} li[data-family="{fam}"] {{ display: none; }}' for fam in families)
      + "</style>\n")

    w('<table id="summary">\n<caption class="totals">Per file</caption>\n<thead><tr><th scope="col">File</th>'
      '<th scope="col">Words</th>')
    for s in SEVERITIES:
        w(f'<th scope="col">{s.label.capitalize()}</th>')
    w('<th scope="col">MQM penalty per 1,000 words</th></tr></thead>\n<tbody>\n')
    for i, r in enumerate(files):
        counts = [sum(1 for f in r.findings if f.severity == s) for s in SEVERITIES]
        w(f'<tr><td><a href="#file-{i}">{_text(r.path)}</a></td><td>{r.document.word_count:,}</td>'
          + "".join(f"<td>{c or ''}</td>" for c in counts)
          + f"<td>{_penalty_cell(mqm_penalty(r.findings, r.document.word_count))}</td></tr>\n")
    totals = [sum(1 for f in findings if f.severity == s) for s in SEVERITIES]
    w(f"</tbody>\n<tfoot><tr><td>All files</td><td>{total_words:,}</td>" + "".join(f"<td>{c}</td>" for c in totals)
      + f"<td>{_penalty_cell(mqm_penalty(findings, total_words))}</td></tr></tfoot>\n</table>\n")

    problems = [r for r in results if r.error or r.skipped]
    if problems:
        w('<ul class="errors">\n' + "".join(f"<li>{_text(r.error or r.skipped)}</li>\n" for r in problems) + "</ul>\n")

    w("<main>\n")
    for i, r in enumerate(files):
        n = len(r.findings)
        w(f'<article id="file-{i}">\n<details{" open" if n else ""}>\n<summary><h2>{_text(r.path)}</h2>'
          f'<span class="meta">{plural(n, "finding")} · {r.document.word_count:,} words · MQM '
          f"{_penalty_cell(mqm_penalty(r.findings, r.document.word_count))}</span></summary>\n")
        w(f'<div class="text">{highlighted(r.document.text, r.findings)}</div>\n')
        if r.findings:
            w('<ol class="findings">\n')
            for f in r.findings:
                sugg = f" → {_text(' | '.join(f.suggestions[:5]))}" if f.suggestions else ""
                w(f'<li data-family="{_attr(family(f.rule))}">{f.line}:{f.column} <code>{_text(f.rule)}</code> '
                  f'<span class="swatch sev-{f.severity.label}">{f.severity.label}</span> '
                  f"{_text(f.message)}{sugg}</li>\n")
            w("</ol>\n")
        w("</details>\n</article>\n")
    w('</main>\n<div id="tip" role="tooltip" hidden></div>\n')
    w(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
