"""Double quotation marks: which mark opens and which closes, and the quoted spans of a document.

Curly marks say what they are, unless MT put one on the wrong side of a word (”Yes,” …);
a straight mark is read from what stands around it, and from whether a quotation is open
when nothing around it decides. Single quotes are left alone: they double as apostrophes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

OPEN_CURLY, CLOSE_CURLY, STRAIGHT = "“", "”", '"'
_MARK = re.compile('[“”"]')
# What may stand right before an opening mark / right after a closing one.
_BEFORE_OPEN = "([{—–-/‘'"
_AFTER_CLOSE = ".,;:!?)]}—–-’'…"


class QuoteMark(NamedTuple):
    offset: int
    char: str
    opens: bool  # the role the mark plays here
    wrong_glyph: bool  # a curly mark used in the other role (“ closing, ” opening)


def quote_marks(text: str, start: int, end: int) -> list[QuoteMark]:
    """The double quotation marks of text[start:end] (one paragraph), with their roles."""
    marks = []
    open_now = False
    for m in _MARK.finditer(text, start, end):
        i, c = m.start(), m.group()
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        left = not nxt.isspace() and (prev.isspace() or prev in _BEFORE_OPEN)
        right = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE)
        if c == STRAIGHT:
            if prev.isdigit() and not open_now:
                continue  # an inch mark: 6" pipe
            opens = left if left != right else not open_now
            wrong = False
        elif c == OPEN_CURLY:
            opens = not (right and not left)
            wrong = not opens
        else:
            opens = left and not right
            wrong = opens
        marks.append(QuoteMark(i, c, opens, wrong))
        open_now = opens
    return marks


def continues_quote(text: str, paragraph_start: int) -> bool:
    """True when a paragraph starts with an opening mark: the multi-paragraph quote convention."""
    return text[paragraph_start] in (OPEN_CURLY, STRAIGHT)


def quoted_spans(doc) -> list[tuple[int, int]]:
    """Spans of quoted text (marks included). An unclosed quotation runs to its paragraph's end."""
    prose = doc.prose
    spans = []
    for para in doc.paragraphs:
        start = None
        for mark in quote_marks(prose, para.start, para.end):
            if mark.opens:
                if start is None:
                    start = mark.offset
            elif start is not None:
                spans.append((start, mark.offset + 1))
                start = None
        if start is not None:
            spans.append((start, para.end))
    return spans
