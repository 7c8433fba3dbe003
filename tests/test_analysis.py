"""One analysis per document: a checker (and its context) reused over many documents gives
each exactly the findings a fresh checker gives it."""

from pathlib import Path

from mtcheck import Config, Document
from mtcheck.analysis import Analysis
from mtcheck.engine import Checker
from mtcheck.glossary import Glossary, GlossaryEntry
from mtcheck.glossary.loaders import load_glossary

REPO = Path(__file__).resolve().parent.parent

GRIGORIAN = ("Irina Grigorian, a teacher from Yerevan, said the school had closed. "
             "Ms. Grigorian said the pupils would return in May.\n\n"
             "Gregorian added that the roof had been repaired.\n")
UNRELATED = ("The late trade in Tokyo lifted the yen. Analysts said the central bank would wait "
             "for the late trading figures before it moved.\n")


def _documents() -> list[Document]:
    docs = [Document(GRIGORIAN, "a.txt"), Document(UNRELATED, "b.txt")]
    for folder in ("garbled", "clean"):
        docs += [Document(p.read_text(encoding="utf-8"), str(p)) for p in sorted((REPO / "samples" / folder).iterdir())]
    return docs + [Document(GRIGORIAN, "a-again.txt")]


def _key(findings):
    return [(f.rule, f.start, f.end, f.message, f.suggestions, f.confidence) for f in findings]


def test_the_grigorian_case_does_not_leak_into_the_next_article():
    checker = Checker(Config())
    first = checker.check(Document(GRIGORIAN, "a.txt"))
    assert [(f.rule, f.text, f.suggestions) for f in first] == [("MT103", "Gregorian", ("Grigorian",))]
    assert checker.check(Document(UNRELATED, "b.txt")) == []
    ctx = checker.context()  # one context for both, as a program reusing it would
    assert checker.check_rules(Document(GRIGORIAN), ctx) != []
    assert checker.check_rules(Document(UNRELATED), ctx) == []


def test_one_checker_reused_gives_what_a_fresh_checker_gives():
    glossary = load_glossary(str(REPO / "samples" / "glossary.csv"))
    reused = Checker(Config(), glossary)
    docs = _documents()
    again = [_key(reused.check(doc)) for doc in docs]
    fresh = [_key(Checker(Config(), load_glossary(str(REPO / "samples" / "glossary.csv"))).check(
        Document(doc.text, doc.path))) for doc in docs]
    assert again == fresh
    assert sum(map(len, fresh)) > 50  # the samples do have findings
    # And the whole run at once, through the batch entry point.
    assert [_key(f) for f in reused.check_all([Document(d.text, d.path) for d in docs])] == fresh


def test_rules_read_the_analysis_and_it_answers_document_attributes():
    doc = Document("Mr. Olaf Scholz said “yes”. Scholz left.\n", "x.md")
    analysis = Analysis(doc)
    assert analysis.text == doc.text and analysis.path == "x.md" and analysis.markdown
    assert analysis.tokens == doc.tokens and analysis.sentences == doc.sentences
    assert analysis.line_starts == doc.line_starts  # any other attribute too
    assert analysis.source is None
    assert [[m.text for m in run] for run in analysis.names.runs] == [["Mr"], ["Olaf", "Scholz"], ["Scholz"]]
    assert analysis.name_forms["scholz"].count == 2 and analysis.name_forms["scholz"].in_full_name
    assert analysis.quotations == [(21, 26)]
    assert set(analysis.people.persons) == {"Scholz"}
    assert analysis.names is analysis.names  # computed once


def test_glossary_indexes_are_built_once_and_rebuilt_after_extend():
    glossary = Glossary([GlossaryEntry("Yerevan", ("Jerevan",))])
    index = glossary.variant_index
    assert glossary.variant_index is index
    glossary.extend(Glossary([GlossaryEntry("Kyiv", ("Kiev",))]))
    assert set(glossary.variant_index.exact) == {"Jerevan", "Kiev"}
    assert "kyiv" in glossary.term_index.entry_for
