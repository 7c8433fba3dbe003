"""Suppression: inline markers in the checked text, and `.mtcheckignore` files.

Inline markers (CODES is a comma- or space-separated list of rule codes, code prefixes such as
`MT4`, or rule names; no CODES means every rule):

- `mtcheck: ignore[CODES]` or `mtcheck: ignore` silences findings that start on the same line.
- `mtcheck-disable-next-line CODES` silences findings that start on the next line.
- `mtcheck off CODES` … `mtcheck on` silences findings that start between the two markers
  (an `off` without `on` runs to the end of the file).

In Markdown a marker counts only inside an HTML comment (`<!-- mtcheck off -->`) or a link
reference comment (`[//]: # (mtcheck: ignore)`), outside code blocks, so prose and code
samples that mention a marker do not silence anything. Plain text has no comment syntax:
there a marker counts anywhere on a line. Findings inside a marker itself are dropped too.

`.mtcheckignore` holds glob patterns of files mtcheck skips, with simplified gitignore rules;
see `IgnoreFile`.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .markdown import block_code_spans
from .rules import matches_selector

if TYPE_CHECKING:
    from .document import Document
    from .finding import Finding

IGNORE_FILE = ".mtcheckignore"

# A code (MT401), a prefix (MT4) or a hyphenated rule name; several joined by commas or blanks.
_CODE = r"(?:MT\d*|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b"
_CODES = r"(?P<codes>" + _CODE + r"(?:(?:[ \t]*,[ \t]*|[ \t]+)" + _CODE + r")*)"
_MARKER = re.compile(
    r"mtcheck:[ \t]*ignore(?:\[(?P<bracket>[^\]\r\n]*)\])?"
    r"|mtcheck-disable-next-line(?:[ \t]+" + _CODES.replace("codes", "next") + r")?"
    r"|mtcheck[ \t]+(?P<switch>off|on)\b(?:[ \t]+" + _CODES.replace("codes", "off") + r")?",
    re.I,
)
# Where a Markdown file may hold a marker: an HTML comment or a `[//]: # (...)` line.
_MD_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|^ {0,3}\[//\]:[ \t]*#[ \t]*\(.*\)[ \t]*$", re.S | re.M)
ALL = None  # a suppression without codes: every rule


@dataclass
class Suppressions:
    """Which codes are silenced on which (1-based) lines of one document."""

    lines: dict[int, list[str] | None] = field(default_factory=dict)
    # (first line, last line or None for end of file, codes) for off … on regions
    regions: list[tuple[int, int | None, list[str] | None]] = field(default_factory=list)
    # Offsets of the markers themselves: findings inside them are noise.
    marker_spans: list[tuple[int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lines or self.regions or self.marker_spans)

    def add_line(self, line: int, codes: list[str] | None) -> None:
        if line in self.lines:
            old = self.lines[line]
            self.lines[line] = None if old is None or codes is None else old + codes
        else:
            self.lines[line] = codes

    def silences(self, code: str, name: str, line: int) -> bool:
        if line in self.lines and _matches(code, name, self.lines[line]):
            return True
        return any(first <= line and (last is None or line <= last) and _matches(code, name, codes)
                   for first, last, codes in self.regions)


def _matches(code: str, name: str, codes: list[str] | None) -> bool:
    return codes is None or matches_selector(code, name, codes)


def _split_codes(value: str | None) -> list[str] | None:
    codes = [c for c in re.split(r"[\s,]+", value or "") if c]
    return codes or ALL


def _marker_places(doc: Document) -> Iterable[tuple[int, int]]:
    """Spans of the text where markers count: comments in Markdown, every line in plain text."""
    if not doc.markdown:
        yield 0, len(doc.text)
        return
    code = block_code_spans(doc.text)
    for m in _MD_COMMENT.finditer(doc.text):
        if not any(s < m.end() and m.start() < e for s, e in code):
            yield m.span()


def find_suppressions(doc: Document) -> Suppressions:
    """Parse every marker in `doc`."""
    text = doc.text
    out = Suppressions()
    if "mtcheck" not in text.lower():  # the common case: nothing to parse
        return out
    open_region: tuple[int, list[str] | None] | None = None
    for start, end in _marker_places(doc):
        for m in _MARKER.finditer(text, start, end):
            out.marker_spans.append(m.span())
            line = doc.position(m.start())[0]
            end_line = doc.position(m.end())[0]
            if m.group("switch"):
                if m.group("switch").lower() == "off":
                    if open_region is None:
                        open_region = (end_line, _split_codes(m.group("off")))
                elif open_region is not None:
                    out.regions.append((open_region[0], line, open_region[1]))
                    open_region = None
            elif m.group(0).lower().startswith("mtcheck-disable-next-line"):
                # The line after the comment that holds the marker.
                comment_end = doc.position(end)[0] if doc.markdown else end_line
                out.add_line(comment_end + 1, _split_codes(m.group("next")))
            else:
                out.add_line(line, _split_codes(m.group("bracket")))
    if open_region is not None:
        out.regions.append((open_region[0], None, open_region[1]))
    return out


def apply_suppressions(doc: Document, findings: list[Finding], suppressions: Suppressions | None = None) -> list[Finding]:
    """The findings no marker in `doc` silences."""
    sup = find_suppressions(doc) if suppressions is None else suppressions
    if not sup:
        return findings
    spans = sorted(sup.marker_spans)
    starts = [s for s, _ in spans]
    kept = []
    for f in findings:
        i = bisect.bisect_right(starts, f.start) - 1
        if i >= 0 and spans[i][0] <= f.start < spans[i][1]:
            continue
        if sup.silences(f.rule, f.name, doc.position(f.start)[0]):
            continue
        kept.append(f)
    return kept


# -- .mtcheckignore -------------------------------------------------------------------------
def _glob_regex(pattern: str) -> re.Pattern:
    """A gitignore-style glob: `*` and `?` stay within a folder, `**` crosses folders."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            close = pattern.find("]", i + 1)
            if close == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = close
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


@dataclass(frozen=True)
class IgnorePattern:
    regex: re.Pattern
    negated: bool
    anchored: bool  # contains a slash: matched against the whole relative path
    directory_only: bool  # ends with a slash: matches folders (and so everything under them)

    def matches(self, relative: str) -> bool:
        parts = relative.split("/")
        # The file itself, then each folder above it: a matching folder ignores its contents.
        candidates = [(relative, False)] + [("/".join(parts[:i]), True) for i in range(1, len(parts))]
        for path, is_dir in candidates:
            if self.directory_only and not is_dir:
                continue
            subject = path if self.anchored else path.rsplit("/", 1)[-1]
            if self.regex.match(subject):
                return True
        return False


class IgnoreFile:
    """The patterns of one `.mtcheckignore`; paths are matched relative to its folder.

    One pattern a line; blank lines and lines starting with `#` are skipped. Like .gitignore:
    a pattern without a slash matches a file or folder name at any depth (`drafts/`,
    `*.draft.md`); a pattern with a slash is relative to the .mtcheckignore's folder
    (`archive/2019/*.txt`, `/README.md`); `**` matches any number of folders; a trailing `/`
    matches folders only; a folder that matches ignores everything under it; `!pattern`
    takes a path back in; the last matching pattern wins. Unlike git, only the nearest
    .mtcheckignore at or above a file applies (as with config files).
    """

    def __init__(self, folder: Path, lines: Iterable[str]):
        self.folder = folder
        self.patterns: list[IgnorePattern] = []
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            if negated:
                line = line[1:]
            directory_only = line.endswith("/")
            line = line.strip("/") if directory_only else line
            anchored = "/" in line.lstrip("/") or line.startswith("/")
            line = line.lstrip("/")
            if line:
                self.patterns.append(IgnorePattern(_glob_regex(line), negated, anchored, directory_only))

    @classmethod
    def read(cls, path: Path) -> IgnoreFile:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            from .config import ConfigError

            raise ConfigError(f"{path}: cannot read: {getattr(err, 'strerror', None) or err}") from None
        return cls(path.parent, text.splitlines())

    def ignores(self, path: Path) -> bool:
        try:
            relative = path.relative_to(self.folder).as_posix()
        except ValueError:
            return False
        ignored = False
        for pattern in self.patterns:
            if pattern.matches(relative):
                ignored = not pattern.negated
        return ignored


@lru_cache(maxsize=256)
def _nearest_ignore_file(directory: Path) -> IgnoreFile | None:
    for folder in (directory, *directory.parents):
        candidate = folder / IGNORE_FILE
        if candidate.is_file():
            return IgnoreFile.read(candidate)
    return None


def ignored_by_file(path: str) -> bool:
    """True when the nearest `.mtcheckignore` at or above `path` matches it."""
    if path == "-":
        return False
    resolved = Path(os.path.abspath(path))
    ignore = _nearest_ignore_file(resolved.parent)
    return ignore is not None and ignore.ignores(resolved)
