"""`mtcheck review`'s decisions without a terminal: where markers go, overlapping findings, undo."""

from __future__ import annotations

from mtcheck.document import Document
from mtcheck.engine import Checker, FileResult, locate
from mtcheck.finding import Finding, Severity
from mtcheck.fix import apply_edits
from mtcheck.review import Decision, Item, Review, file_edits, marker_edit


def _finding(doc, start, end, suggestions=("x",), rule="MT999"):
    f = Finding(rule=rule, name="test", category="Fluency/Grammar", severity=Severity.MINOR, start=start, end=end,
                message="m", suggestions=tuple(suggestions), confidence=0.9)
    return locate(doc, f)


class ScriptedTerminal:
    """Answers the review's questions from a list of keys; keeps what it was shown."""

    width = 80

    def __init__(self, keys):
        self.keys = list(keys)
        self.shown = []

    def show(self, fragments):
        self.shown.append("".join(t for _, t in fragments))

    def key(self, message, keys):
        key = self.keys.pop(0)
        assert key in keys, (key, keys)
        return key

    def line(self, message, default):
        return self.keys.pop(0)


def test_markdown_marker_goes_on_its_own_line_before_a_block_and_ends_a_line_inside_one():
    text = "Intro.\n\n  First line of a paragraph\n  and its second line.\n"
    doc = Document(text, "a.md")
    first = marker_edit(doc, 3, ["MT401", "MT402"])
    assert apply_edits(text, [first]) == ("Intro.\n\n  <!-- mtcheck-disable-next-line MT401,MT402 -->\n"
                                          "  First line of a paragraph\n  and its second line.\n")
    second = marker_edit(doc, 4, ["MT401"])  # a line of its own here would split the paragraph
    assert apply_edits(text, [second]) == ("Intro.\n\n  First line of a paragraph\n"
                                           "  and its second line. <!-- mtcheck: ignore[MT401] -->\n")


def test_markers_are_honoured_by_the_checker():
    for name in ("a.md", "a.txt"):
        text = "Intro.\n\nThey met; And it failed.\n"
        doc = Document(text, name)
        found = Checker().check(doc)
        assert [f.rule for f in found] == ["MT401"]
        edits = file_edits(doc, [(found[0], Decision("i"))], use_markers=True)
        assert Checker().check(Document(apply_edits(text, edits), name)) == []


def test_markdown_hard_break_stays_at_the_end_of_the_line():
    text = "Intro.\nA line with a break  \nnext.\n"
    doc = Document(text, "a.md")
    assert apply_edits(text, [marker_edit(doc, 2, ["MT1"])]) == \
        "Intro.\nA line with a break <!-- mtcheck: ignore[MT1] -->  \nnext.\n"


def test_a_marker_and_a_replacement_at_the_start_of_a_line_both_apply():
    text = "Intro.\n\nAnd then.\n"
    doc = Document(text, "a.md")
    f = _finding(doc, 8, 11, ("and",))
    edits = file_edits(doc, [(f, Decision("1", "and")), (f.with_(rule="MT2"), Decision("i"))], use_markers=True)
    assert apply_edits(text, edits) == "Intro.\n\n<!-- mtcheck-disable-next-line MT2 -->\nand then.\n"


def test_a_finding_overlapping_an_accepted_change_is_skipped_and_undo_skips_back_over_it():
    text = "The quick brown fox.\n"
    doc = Document(text, "a.txt")
    result = FileResult("a.txt", document=doc)
    wide, narrow, later = _finding(doc, 4, 15, ("slow red",)), _finding(doc, 10, 15, ("grey",)), _finding(doc, 16, 19)
    items = [Item(result, wide), Item(result, narrow), Item(result, later)]
    ui = ScriptedTerminal(["1", "u", "s", "1", "s"])
    review = Review(items, ui, None, None)
    assert review.run()
    # 1 on the wide span; the narrow one is skipped by itself; u goes back to the wide one;
    # s; then 1 on the narrow one, s on the last.
    assert [d.key for d in review.decisions] == ["s", "1", "s"]
    assert any("skipped: its text was changed" in s for s in ui.shown)
    edits = file_edits(doc, [(i.finding, d) for i, d in zip(items, review.decisions)], use_markers=True)
    assert apply_edits(text, edits) == "The quick grey fox.\n"


def test_two_variants_of_one_name_make_one_glossary_entry(tmp_path):
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("term,variants,type,gender,note\n", encoding="utf-8")
    text = "Kovalenco met Kovalenka.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    doc = Document(text, str(tmp_path / "a.txt"))
    result = FileResult(doc.path, document=doc)
    items = [Item(result, _finding(doc, 0, 9, ("Kovalenko",))), Item(result, _finding(doc, 14, 23, ("Kovalenko",)))]
    review = Review(items, ScriptedTerminal(["g", "g"]), glossary, None)
    assert review.run()
    lines = []
    assert review.write([tmp_path], lines.append)
    assert glossary.read_text(encoding="utf-8").splitlines()[1:] == [
        f"Kovalenko,Kovalenco|Kovalenka,,,added by mtcheck review ({doc.path})"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Kovalenko met Kovalenko.\n"
    assert lines[-1] == f"{glossary}: added “Kovalenco”, “Kovalenka” as variants of “Kovalenko”"


def test_an_accepted_suggestion_keeps_the_spans_spacing_and_a_typed_one_is_written_as_typed():
    """As --fix does: a suggestion written with plain spaces keeps the no-break space the span
    had after a word it keeps; a replacement the editor types is not touched."""
    text = "Mr.\u00a0Speaking in the Commons, he said.\n"
    doc = Document(text, "a.md")
    f = _finding(doc, 0, 12, ("Mr. Lenehan, speaking",))
    accepted = file_edits(doc, [(f, Decision("1", "Mr. Lenehan, speaking"))], use_markers=False)
    assert apply_edits(text, accepted) == "Mr.\u00a0Lenehan, speaking in the Commons, he said.\n"
    typed = file_edits(doc, [(f, Decision("e", "Mr. Lenehan, speaking"))], use_markers=False)
    assert apply_edits(text, typed) == "Mr. Lenehan, speaking in the Commons, he said.\n"
