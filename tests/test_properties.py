"""Property-based tests: on arbitrary text, checking never raises and every position is right.

Examples per property: 40 by default (the suite stays fast); `MTCHECK_EXAMPLES=5000` for a
fuzz run (see tools/fuzz.py for a time-budgeted run of the masker and the glossary loaders).
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtcheck import check_text
from mtcheck.document import Document

EXAMPLES = int(os.environ.get("MTCHECK_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NEWLINES = ["\n", "\r\n", "\r"]
# Pieces that steer the rules into firing: semicolons before capitals, quotes, honorifics, names.
PROSE_PIECES = [
    "; And ", "; The ", "; Iran ", " said. ", "? She said. ", "“", "”", '"', "Mr. ", "Ms ", "Dr. ",
    "Nagorno-Karabakh", "Azeri’s ", "he ", "she ", " of little importance", "wrapping its muscles",
    "The minister said talks would resume. ", "Yerevan", "  ", "\t", "\u00a0", "…", "’s ",
    # combining marks, emoji (with modifiers and ZWJ), RTL text and marks, odd spaces
    "e\u0301", "n\u0303o", "a\u0308\u0304", "👍🏽", "👩‍👩‍👧", "🇦🇲", "سلام عليكم", "שלום", "\u200f", "\u202e",
    "\u2028", "\u2029", "\u0085", "\ufeff", "\u200b", "İ", "ß", "ǅ", "Σ", "ﬁ",
]
MARKDOWN_PIECES = [
    "```", "```python", "~~~", "`", "``", "> ", ">", "- ", "* ", "+ ", "1. ", "# ", "## ", "    ",
    "[link](http://example.org/a_(b)) ", "![alt](img.png)", "[ref]: http://x.org", "<!-- ", " -->",
    "<b>", "</b>", "<http://a.b>", "|", " | ", "|---|---|", "---", "***", "*", "_", "**", "__",
    "http://example.com/path?q=1.", "www.example.org", "me@example.org", "\\", "+++", "title: x",
]


def _text(pieces: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(pieces),
        st.sampled_from(NEWLINES),
        st.text(max_size=12),  # any code point, surrogates excluded
        st.text(alphabet="aA ;.,!?\"'“”’-\n", max_size=20),
    )
    return st.lists(piece, max_size=40).map("".join)


prose_text = _text(PROSE_PIECES)
markdown_text = _text(PROSE_PIECES + MARKDOWN_PIECES)

_BREAK = re.compile(r"\r\n|\r|\n")


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Position counted independently of Document: line breaks before the offset."""
    breaks = [m for m in _BREAK.finditer(text) if m.end() <= offset]
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def _assert_findings_consistent(text: str, markdown: bool) -> None:
    findings = check_text(text, markdown=markdown)
    doc = Document(text, markdown=markdown)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert f.text == text[f.start:f.end]
        assert (f.line, f.column) == doc.position(f.start) == _line_and_column(text, f.start)
        assert (f.end_line, f.end_column) == doc.position(f.end) == _line_and_column(text, f.end)
        assert all(isinstance(s, str) for s in f.suggestions)
        assert 0.0 <= f.confidence <= 1.0


@SETTINGS
@given(prose_text)
def test_plain_text_never_raises_and_positions_agree(text):
    _assert_findings_consistent(text, markdown=False)


@SETTINGS
@given(markdown_text)
def test_markdown_never_raises_and_positions_agree(text):
    _assert_findings_consistent(text, markdown=True)


@SETTINGS
@given(markdown_text, st.booleans())
def test_prose_mask_keeps_length_and_line_breaks(text, markdown):
    doc = Document(text, markdown=markdown)
    prose = doc.prose
    assert len(prose) == len(text)
    for i, (p, t) in enumerate(zip(prose, text)):
        assert p == t or (p == " " and t not in "\r\n"), (i, p, t)
    for s, e in doc.non_prose:
        assert 0 <= s < e <= len(text)
        assert prose[s:e].strip(" \r\n") == ""


@SETTINGS
@given(markdown_text, st.integers(min_value=8, max_value=200))
def test_sections_cover_the_text_exactly(text, size):
    doc = Document(text, markdown=True)
    parts = list(doc.sections(size))
    assert "".join(part.text for _, part in parts) == text
    assert "".join(part.prose for _, part in parts) == doc.prose
    offset = 0
    for start, part in parts:
        assert start == offset and (len(part.text) <= size or part is doc)
        offset += len(part.text)


@SETTINGS
@given(prose_text)
def test_position_round_trips_with_offset(text):
    doc = Document(text)
    for offset in range(0, len(text) + 1, max(1, len(text) // 20)):
        line, column = doc.position(offset)
        if offset < len(text) and text[offset - 1:offset + 1] == "\r\n":
            continue  # between \r and \n: belongs to the line the \r ends
        assert doc.offset(line, column) == offset
