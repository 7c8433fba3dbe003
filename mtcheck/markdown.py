"""Markdown as prose: find the spans that are not prose (code, markup, URLs, link targets).

The document keeps the original text; rules read `Document.prose`, a copy of the same length
in which every non-prose character is a space (newlines are kept), so every offset a rule
finds is an offset into the original file.
"""

from __future__ import annotations

import bisect
import re

Span = tuple[int, int]

# Line start/end after any of \r\n, \r, \n (re.M's ^ and $ know only \n).
_BOL = r"(?<![^\r\n])"
_EOL = r"(?![^\r\n])"

_URL = re.compile(r"""(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]""", re.I)
_URL_TRAILING = ".,;:!?)]"
# Bounded parts (RFC 5321 limits): an unbounded local part makes "a.a.a.a…" quadratic.
_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b")

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*(?:\r\n|\r|\n).*?(?:\r\n|\r|\n)\1[ \t]*(?:\r?\n|\r|\Z)", re.S)
_FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n\r]*$")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Elements whose content is code or raw text, not prose: <script>, <style>, <pre>, <textarea>
# (CommonMark's HTML blocks of type 1, which run to the end of the document when unclosed) and
# the inline code elements (<code>, <kbd>, <samp>, <var>, <tt>), plus <math> and <svg>.
_RAW_ELEMENT_OPEN = re.compile(r"<(script|style|pre|textarea|code|kbd|samp|var|tt|math|svg)(?=[\s/>])[^<>]*>", re.I)
_RAW_TO_END = frozenset({"script", "style", "pre", "textarea"})
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
# [text](target "title") and ![alt](src): the target (with the brackets) is not prose.
# A target in angle brackets may hold spaces ("](<a b.pdf>)"); a title may be in parentheses too.
_LINK_TARGET = re.compile(r"\]\((?:<[^<>\r\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
                          r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
# The label of a full or collapsed reference link ("[text][label]", "[text][]"): markup.
_REF_LABEL = re.compile(r"\]\[[^\[\]\r\n]{0,999}\]")
# A bracketed text that may be a shortcut or collapsed reference link ("[label]", "[label][]").
_BRACKETED = re.compile(r"(?<![\]\\])\[([^\[\]\r\n^][^\[\]\r\n]{0,998})\](?=\[\]|[^\[(:]|\Z)")
# The label stays on its line: a label that could cross lines makes many "[" lines quadratic.
_REF_DEFINITION = re.compile(_BOL + r" {0,3}\[(?!\^)([^\]\r\n]{1,999})\]:[ \t]+\S[^\r\n]*")
# A footnote's label, where it is cited and where it is defined ("[^1]:"); the note's text is prose.
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\[\]\s]{1,999}\]:?")
# Block markers at a line start: headings, quotes, list bullets/numbers, table pipes, rules.
# A list item's task box ("- [x] Done") is markup too.
_BLOCK_MARKER = re.compile(_BOL + r"[ \t]*(?:>[ \t]?)*(?:#{1,6}(?=[ \t])"
                           r"|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\](?=[ \t]))?(?=[ \t]))?")
_THEMATIC_BREAK = re.compile(_BOL + r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})" + _EOL)
_EMPHASIS = re.compile(r"(?<![\w*_])(\*{1,3}|_{1,3})(?=\S)|(?<=\S)(\*{1,3}|_{1,3})(?![\w*_])")
_TABLE_PIPE = re.compile(r"\|")
# Template tags of the static-site generators, from the opening to the closing braces: Hugo
# shortcodes ("{{< figure src=… >}}", "{{% note %}}"), Liquid tags and output ("{% include … %}",
# "{{ page.title }}") and MDX comments ("{/* … */}"). Their arguments are markup (a file name,
# a lookup key), never prose; paired shortcodes keep the prose between them. A tag holds no
# opener of its kind, so a run of unclosed openers is scanned once, not once per opener.
_TEMPLATE_TAG = re.compile(r"\{\{(?:[^{}]|\{(?!\{)|\}(?!\}))*\}\}"
                           r"|\{%(?:[^{%]|%(?!\})|\{(?!%))*%\}"
                           r"|\{/\*(?:[^{*]|\*(?!/\})|\{(?!/\*))*\*/\}")
# An attribute list: "{#anchor}", "{.class #id key=value}" after a heading (Pandoc, Hugo,
# Python-Markdown) or kramdown's "{: .lead }" on a line of its own. Only ids, classes and
# key=value pairs inside the braces: "{6 of 10}" is text.
_ATTR = r"""(?:[#.][^\s{}#.="']+|[A-Za-z_][\w.:-]*=(?:"[^"\r\n]*"|'[^'\r\n]*'|[^\s{}"']+))"""
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*" + _ATTR + r"(?:[ \t]+" + _ATTR + r")*[ \t]*\}|\{:[ \t]*\}")
# MDX's ESM: "import X from '…'" or "export const …" opening a block (its first line, after a
# blank line or the front matter), to the block's end.
_ESM_BLOCK = re.compile(r"(?:import[ \t]+(?:[\w*{}, \t]+[ \t]from[ \t]+)?[\"'][^\"'\r\n]+[\"']"
                        r"|export[ \t]+(?:const|let|var|function|class|default|async)\b)"
                        r"[^\r\n]*(?:(?:\r\n|\r|\n)[^\r\n]*\S[^\r\n]*)*")
_BLOCK_START = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
# A backslash that escapes ASCII punctuation ("\*", "\[") or ends a line (a hard line break).
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~]|\r\n|\r|\n)")
# The line under a setext heading ("Title" over "=====" or "-----"): markup, and it makes the
# line above a heading (Document.headlines).
SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
_SETEXT_LINE = re.compile(_BOL + SETEXT_UNDERLINE.pattern + _EOL)
_SETEXT_MARK = re.compile(r"[=-][ \t]*(?:\r\n|\r|\n|\Z)")  # a line ending in "=" or "-": what _SETEXT_LINE needs
# A MkDocs (Python-Markdown) admonition's marker and type ("!!! note", "??? question"); its
# quoted title is prose, and so is its indented body.
_ADMONITION_MARK = r"(?:!!!|\?\?\?\+?)[ \t]"
_ADMONITION = re.compile(_BOL + _ADMONITION_MARK + r"[ \t]*[\w-]+(?:[ \t]+[\w-]+)*")
# A kramdown abbreviation definition's label ("*[HTML]: Hypertext Markup Language").
_ABBREVIATION_LABEL = re.compile(_BOL + r"\*\[[^\]\r\n]{1,999}\]:")
# One run of spaces before the first cell: "[ \t]*\|?[ \t]*" backtracks quadratically on indents.
_TABLE_RULE = re.compile(_BOL + r"[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*" + _EOL)


def table_cells(text: str) -> list[Span]:
    """The cells of each pipe table: of the header above a delimiter row ("| --- | --- |"),
    which has a pipe too, and of the lines with a pipe that follow it without a blank line.
    Each cell is a block of its own: a quotation opened in one does not close in the next."""
    cells: list[Span] = []
    rules = list(_TABLE_RULE.finditer(text)) if "|" in text else []
    if not rules:
        return cells
    lines = list(_lines(text))
    starts = [s for s, _, _ in lines]

    def has_pipe(k: int) -> bool:
        return "|" in text[lines[k][0]:lines[k][1]]

    for m in rules:
        i = bisect.bisect_right(starts, m.start()) - 1
        if i == 0 or not has_pipe(i - 1):
            continue  # no pipe in the header: "---" under a title underlines a heading
        rows = [i - 1]  # the header, then the body (the delimiter row between is markup)
        k = i + 1
        while k < len(lines) and has_pipe(k):
            rows.append(k)
            k += 1
        for k in rows:
            start, end, _ = lines[k]
            pipes = [p.start() for p in _TABLE_PIPE.finditer(text, start, end)]
            cells += zip([start] + [p + 1 for p in pipes], pipes + [end])
    return cells


def _lines(text: str):
    """Yield (start, end_without_newline, next_start) for each line; any of \\r\\n, \\r, \\n ends a line."""
    pos = 0
    n = len(text)
    for m in re.finditer(r"\r\n|\r|\n", text):
        yield pos, m.start(), m.end()
        pos = m.end()
    if pos < n or n == 0:
        yield pos, n, n


def _starts_line(text: str, pos: int) -> bool:
    """Whether only up to three spaces stand between the start of pos's line and pos."""
    before = text[max(0, pos - 4):pos]
    cut = max(before.rfind("\n"), before.rfind("\r"))
    if cut < 0 and pos > 3:
        return False
    return not before[cut + 1:].strip(" ")


def raw_element_spans(text: str, skip: "_SpanSet | None" = None) -> list[Span]:
    """HTML elements whose content is code or raw text (`<pre>…</pre>`, `<code>…</code>`, a
    `<script>`), from the opening tag to the end of the closing one; an opening tag inside a
    `skip` span (a code span naming the tag) opens nothing. An unclosed <script>, <style>,
    <pre> or <textarea> that starts a line runs to the end, as CommonMark's HTML block does;
    any other unclosed element is only its tag. Each element name's closing tag is searched
    for at most once past any point, so the pass stays linear."""
    if "<" not in text:
        return []
    spans: list[Span] = []
    lower = text.lower()
    unclosed_after: dict[str, int] = {}  # name -> a position after which it is never closed
    pos = 0
    while True:
        m = _RAW_ELEMENT_OPEN.search(text, pos)
        if not m:
            return spans
        pos = m.end()
        if skip is not None and skip.overlaps(m.start(), m.end()):
            continue
        name = m.group(1).lower()
        close = None
        if not m.group(0).endswith("/>") and m.end() < unclosed_after.get(name, len(text) + 1):
            close = re.compile(r"</" + name + r"\s*>").search(lower, m.end())
            if close is None:
                unclosed_after[name] = m.end()
        if close is not None:
            end = close.end()
        elif name in _RAW_TO_END and not m.group(0).endswith("/>") and _starts_line(text, m.start()):
            end = len(text)
        else:  # self-closing, or an unclosed element inside a line: only its tag is markup
            end = m.end()
        spans.append((m.start(), end))
        pos = end


# Blocks whose content may go on in lines indented past their start: a list item (content from
# the column after its marker), a footnote definition and a MkDocs admonition (four columns in).
_LIST_ITEM = re.compile(r"([-*+]|\d{1,9}[.)])([ \t]+|$)")
_INDENTED_OPENER = re.compile(r"\[\^[^\[\]\s]{1,999}\]:|" + _ADMONITION_MARK)


def _columns(line: str) -> tuple[int, str]:
    """The visual indent of a line (a tab goes to the next multiple of four) and its rest."""
    col = 0
    for i, ch in enumerate(line):
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            return col, line[i:]
    return col, ""


def _content_column(indent: int, rest: str) -> int | None:
    """Where the content of a block that `rest` opens starts, or None when it opens none."""
    m = _LIST_ITEM.match(rest)
    if m:
        width, _ = _columns(" " * (indent + len(m.group(1))) + m.group(2))
        after = width - indent - len(m.group(1))
        # One to four spaces after the marker; more, and the content starts one column in.
        return indent + len(m.group(1)) + (after if 1 <= after <= 4 else 1)
    if _INDENTED_OPENER.match(rest):
        return indent + 4
    return None


def block_code_spans(text: str) -> list[Span]:
    """Fenced and indented code blocks. An indented line after a blank one is code only when it
    is indented four columns past the block it stands in: in a list item, a footnote or an
    admonition, a line indented to the item's content is its next paragraph (prose)."""
    spans: list[Span] = []
    fence: str | None = None
    fence_start = 0
    prev_blank = True
    in_indented = False
    containers: list[int] = []  # content columns of the open list items, footnotes, admonitions
    for start, end, nxt in _lines(text):
        line = text[start:end]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) <= {fence[0]}:
                spans.append((fence_start, end))
                fence = None
            prev_blank = False
            continue
        blank = not line.strip()
        if blank:
            prev_blank = True
            continue
        indent, rest = _columns(line)
        base = containers[-1] if containers else 0
        if indent >= base + 4 and (prev_blank or in_indented):
            spans.append((start, end))
            in_indented = True
            prev_blank = False
            continue
        in_indented = False
        column = _content_column(indent, rest)
        if prev_blank or column is not None or rest.startswith("#"):
            # A paragraph's lazy continuation keeps its blocks open; anything else closes those it
            # is not indented into.
            while containers and indent < containers[-1]:
                containers.pop()
        base = containers[-1] if containers else 0
        m = _FENCE_OPEN.match(" " * max(0, indent - base) + rest) if indent - base < 4 else None
        if m and not (m.group(2)[0] == "`" and "`" in rest[len(m.group(2)):]):
            fence = m.group(2)
            fence_start = start
        elif column is not None:
            containers.append(column)
        prev_blank = False
    if fence is not None:  # an unclosed fence runs to the end of the file, as in CommonMark
        spans.append((fence_start, len(text)))
    return spans


class _SpanSet:
    """Merged spans with a fast overlap test (bisect, not a scan: big documents have many spans)."""

    def __init__(self, spans: list[Span]):
        merged = merge_spans(spans)
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)  # the first span ending after `start`
        return i < len(self.starts) and self.starts[i] < end


def _cjk_stop(ch: str) -> bool:
    """CJK punctuation, fullwidth forms, kana, ideographs or hangul."""
    o = ord(ch)
    return 0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xFF00 <= o <= 0xFFEF


def _url_spans(text: str):
    """URLs; one ends where CJK text or punctuation goes on without a space ("见
    www.who.int/x。详情"). (A character class of those ranges in _URL would cost ~20 ms to
    compile at every start.)"""
    for m in _URL.finditer(text):
        start, end = m.span()
        url = m.group()
        if not url.isascii():
            cut = next((i for i, ch in enumerate(url) if _cjk_stop(ch)), None)
            if cut is not None:
                end = start + cut
                while end > start and text[end - 1] in _URL_TRAILING:
                    end -= 1
                if not _URL.fullmatch(text, start, end):
                    continue
        yield start, end


def is_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is one URL or e-mail address, as non_prose_spans finds them."""
    return bool(_URL.fullmatch(text, start, end) or _EMAIL.fullmatch(text, start, end))


def non_prose_spans(text: str, markdown: bool) -> list[Span]:
    """Spans of `text` that rules must never read: code, markup, URLs. Sorted, may overlap."""
    # Each scan only where it can match (a URL needs :// or www., an e-mail @): both are slow
    # on text without them, which is most text.
    spans: list[Span] = list(_url_spans(text)) if "://" in text or "www." in text.lower() else []
    spans += [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
    if not markdown:
        return sorted(spans)

    # Code, front matter and comments hide everything inside them; URLs don't: a link target
    # or a reference definition that holds a URL is markup as a whole.
    front = _FRONT_MATTER.match(text)
    hidden: list[Span] = [front.span()] if front else []
    hidden += block_code_spans(text)
    fixed = _SpanSet(hidden)

    def add(pattern: re.Pattern, group: int = 0, hides: bool = False) -> None:
        found = [mm.span(group) for mm in pattern.finditer(text)]
        found = [(s, e) for s, e in found if s < e and not fixed.overlaps(s, e)]
        (hidden if hides else spans).extend(found)

    add(_HTML_COMMENT, hides=True)
    fixed = _SpanSet(hidden)
    add(_CODE_SPAN, hides=True)
    fixed = _SpanSet(hidden)
    if "{" in text:
        add(_TEMPLATE_TAG, hides=True)
    if "import" in text or "export" in text:
        hidden += _esm_blocks(text, front.end() if front else 0, fixed)
    fixed = _SpanSet(hidden)
    hidden += raw_element_spans(text, skip=fixed)
    fixed = _SpanSet(hidden)
    spans += hidden
    for pattern in (_AUTOLINK, _HTML_TAG, _LINK_TARGET, _REF_LABEL, _REF_DEFINITION, _FOOTNOTE_LABEL,
                    _THEMATIC_BREAK, _TABLE_RULE):
        add(pattern)
    # Rarer syntax, scanned for only where its marks occur (a line-start pattern is tried at
    # every character; a test for its marks costs a fraction of that).
    if _SETEXT_MARK.search(text):
        add(_SETEXT_LINE)
    if "!!!" in text or "???" in text:
        add(_ADMONITION)
    if "*[" in text:
        add(_ABBREVIATION_LABEL)
    if "\\" in text:
        add(_ESCAPE)
    if "{" in text:
        add(_ATTRIBUTE_LIST)
    spans += _label_link_texts(text, fixed)
    for mm in _BLOCK_MARKER.finditer(text):
        if mm.end() > mm.start() and not fixed.overlaps(mm.start(), mm.end()):
            spans.append(mm.span())
    for mm in _EMPHASIS.finditer(text):
        s, e = mm.span()
        if not fixed.overlaps(s, e):
            spans.append((s, e))
    for mm in _TABLE_PIPE.finditer(text):
        if not fixed.overlaps(mm.start(), mm.end()):
            spans.append(mm.span())
    # Image and link openers "![" and "[" / "]" are markup, not prose.
    for mm in re.finditer(r"!?\[|\](?=\()", text):
        if not fixed.overlaps(mm.start(), mm.end()):
            spans.append(mm.span())
    return sorted(spans)


def _esm_blocks(text: str, body: int, fixed: "_SpanSet") -> list[Span]:
    """MDX's import/export blocks: one may open the body (after the front matter) or follow a blank line."""
    starts = [body] + [m.end() for m in _BLOCK_START.finditer(text, body)]
    found = (_ESM_BLOCK.match(text, start) for start in starts)
    return [m.span() for m in found if m and not fixed.overlaps(m.start(), m.start() + 1)]


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _label_link_texts(text: str, fixed: "_SpanSet") -> list[Span]:
    """The text of each shortcut or collapsed reference link ("[label]", "[label][]") whose
    label a reference definition in the document defines: the text is the label, so a change
    to it would break the link."""
    if "]:" not in text:
        return []
    labels = {_label(m.group(1)) for m in _REF_DEFINITION.finditer(text) if not fixed.overlaps(*m.span())}
    return [m.span() for m in _BRACKETED.finditer(text)
            if _label(m.group(1)) in labels and not fixed.overlaps(*m.span())]


def merge_spans(spans: list[Span]) -> list[Span]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


_NOT_NEWLINE = re.compile(r"[^\r\n]+")


def _spaces(m: re.Match) -> str:
    return " " * (m.end() - m.start())


def mask(text: str, spans: list[Span]) -> str:
    """Replace every character inside `spans` by a space, keeping line breaks."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for s, e in merge_spans(spans):
        out.append(text[pos:s])
        out.append(_NOT_NEWLINE.sub(_spaces, text[s:e]))
        pos = e
    out.append(text[pos:])
    return "".join(out)
