"""Property-based tests of `--fix` (mtcheck/fix.py): edits stay inside their spans, fixing is idempotent.

Skipped until the fix module is present.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtcheck.api import make_checker
from mtcheck.document import Document
from test_properties import PROSE_PIECES, SETTINGS, _text

fix = pytest.importorskip("mtcheck.fix")

# Text dense in fixable errors ("; And", mismatched quotes) among arbitrary text.
fixable_text = _text(PROSE_PIECES + ["; And ", "; But ", "; The ", "“Yes,\" ", "said. "] * 3)
CHECKER = make_checker()


@SETTINGS
@given(fixable_text, st.booleans())
def test_one_pass_changes_only_the_fixed_spans(text, markdown):
    doc = Document(text, markdown=markdown)
    edits = fix.plan_edits(doc, CHECKER.check(doc))
    fixed = fix.apply_edits(text, edits)
    # Walk the edits: the text between them is untouched, each span is replaced as planned.
    pos_in, pos_out = 0, 0
    for e in sorted(edits, key=lambda e: e.start):
        assert e.start >= pos_in  # edits never overlap
        gap = e.start - pos_in
        assert fixed[pos_out:pos_out + gap] == text[pos_in:e.start]
        pos_out += gap
        assert fixed[pos_out:pos_out + len(e.replacement)] == e.replacement
        pos_out += len(e.replacement)
        pos_in = e.end
    assert fixed[pos_out:] == text[pos_in:]


@SETTINGS
@given(fixable_text, st.booleans())
def test_fixing_twice_equals_fixing_once(text, markdown):
    doc = Document(text, markdown=markdown)
    once = fix.fix_document(CHECKER, doc, CHECKER.check(doc)).fixed
    twice = fix.fix_document(CHECKER, once, CHECKER.check(once)).fixed
    assert twice.text == once.text
