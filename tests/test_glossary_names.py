"""Issue 17, item 6: names the rules missed, the model and glossary names, glossary conflicts."""

import pytest

from mtcheck import check_text
from mtcheck.document import Document
from mtcheck.engine import Checker
from mtcheck.finding import Finding, Severity
from mtcheck.glossary import Glossary, GlossaryEntry

GLOSSARY = Glossary([GlossaryEntry("Jerome Powell", type="person", gender="m"),
                     GlossaryEntry("Abiy Ahmed", type="person", gender="m"),
                     GlossaryEntry("Simone Tebet", type="person", gender="f")])


@pytest.mark.parametrize("text, span, suggestion", [
    ("Fed chair Jerome Paul said rates would hold.", "Jerome Paul", "Jerome Powell"),  # wrong surname
    ("Prime Minister Abi Ahmed said talks would go on.", "Abi Ahmed", "Abiy Ahmed"),  # short first name
    ("Jerome Paul’s speech moved markets.", "Jerome Paul", "Jerome Powell"),
])
def test_half_right_glossary_names_are_found(text, span, suggestion):
    found = [(f.text, f.suggestions) for f in check_text(text, glossary=GLOSSARY) if f.rule == "MT102"]
    assert found == [(span, (suggestion,))]


@pytest.mark.parametrize("text", [
    "Jerome Powell and Abiy Ahmed met.",
    "Jerome Kern wrote the songs.",  # another surname that does not sound like Powell
    "Mr Paul left early.",  # no first name to anchor it
    "Simone Tebet spoke.",
])
def test_other_people_and_the_right_names_stay_silent(text):
    assert [f for f in check_text(text, glossary=GLOSSARY) if f.rule.startswith("MT1")] == []


def test_model_never_judges_a_glossary_name():
    checker = Checker(glossary=GLOSSARY)
    doc = Document("Simone Tebet spoke and the wards left.", "x")
    model = [Finding("MT901", "wrong-word", "Accuracy/Mistranslation", Severity.MAJOR, 0, 6, "m", ("Simon",),
                     origin="model"),
             Finding("MT901", "wrong-word", "Accuracy/Mistranslation", Severity.MAJOR, 27, 32, "m", ("words",),
                     origin="model")]
    assert [f.text or doc.text[f.start:f.end] for f in checker.add_model_findings(doc, [], model)] == ["wards"]


def test_glossary_add_refuses_a_term_its_wrong_forms_mark_as_wrong(tmp_path, run_cli):
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("term,variants,note,type,gender\nAngela Merkel,Angela Merkle,,person,f\n", encoding="utf-8")
    before = glossary.read_text(encoding="utf-8")
    proc = run_cli("glossary", "add", "Merkle", cwd=tmp_path)
    assert proc.returncode == 2 and "Angela Merkle" in proc.stderr and "Traceback" not in proc.stderr
    assert glossary.read_text(encoding="utf-8") == before
    assert run_cli("glossary", "add", "Olaf Scholz", cwd=tmp_path).returncode == 0


def test_glossary_check_reports_a_term_that_a_wrong_form_contradicts(tmp_path, run_cli):
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("term,variants,note,type,gender\nAngela Merkel,Angela Merkle,,person,f\nMerkle,,,,\n",
                        encoding="utf-8")
    proc = run_cli("glossary", "check", str(glossary))
    assert proc.returncode == 1
    assert "glossary.csv:3: term “Merkle” uses a spelling that “Angela Merkle”" in proc.stdout


def test_glossary_suggest_on_the_garbled_samples_proposes_useful_rows(run_cli):
    import csv
    import io
    from pathlib import Path

    samples = Path(__file__).resolve().parent.parent / "samples" / "garbled"
    proc = run_cli("glossary", "suggest", str(samples))
    assert proc.returncode == 0, proc.stderr
    rows = {r["term"]: r for r in csv.DictReader(io.StringIO(proc.stdout))}
    assert rows["Olena Kovalenko"]["variants"] == "Kovalenco" and rows["Olena Kovalenko"]["type"] == "person"
    assert rows["Daniel Hartley"]["variants"] == "Hartly"
    assert rows["Lampedusa"]["type"] == "place" and rows["Darfur"]["type"] == "place"
    assert "Celsius" not in rows  # "degrees Celsius": a fixed expression, not a name
    assert rows["Daniel Kiprop"]["variants"] == ""  # Kipruto is another runner
    people = [t for t, r in rows.items() if r["type"] == "person"]
    assert len(people) >= 10 and all(" " in t for t in people)  # full names, not bare surnames


def test_glossary_gender_belongs_to_the_glossary_person_not_to_a_namesake():
    # The glossary's Simone Tebet is a woman; the article's Carlos Tebet is another person.
    namesake = "Carlos Tebet, the union's lawyer, said the talks would resume. He gave no date."
    assert [f for f in check_text(namesake, glossary=GLOSSARY) if f.rule == "MT304"] == []
    # The glossary person herself, or a bare surname, still takes the glossary's gender.
    for text in ("Simone Tebet, the union's lawyer, said the talks would resume. He gave no date.",
                 "Tebet, the union's lawyer, said the talks would resume. He gave no date."):
        assert [(f.text, f.suggestions) for f in check_text(text, glossary=GLOSSARY) if f.rule == "MT304"] \
            == [("He", ("She",))]


def test_a_surname_lookalike_before_another_surname_is_someone_elses_first_name():
    # Probe 6: "Wanjiku Kamau" is another woman, not a garbled "Wanjiru"; --fix wrote "Wanjiru Kamau".
    glossary = Glossary([GlossaryEntry("Grace Wanjiru", type="person", gender="f")])
    text = ("Grace Wanjiru, the finance minister, spoke. Wanjiku Kamau, a law student, said the march would go on. "
            "Ms. Kamau said so again.")
    assert [f for f in check_text(text, glossary=glossary) if f.rule == "MT102"] == []
    # The surname alone, garbled, is still found and safely fixed.
    (f,) = [f for f in check_text("Grace Wanjiru spoke. Later Ms. Wanjiro said no.", glossary=glossary)
            if f.rule == "MT102"]
    assert (f.text, f.safe_fix) == ("Wanjiro", "Wanjiru")


def test_a_garbled_family_plural_keeps_its_plural():
    # Probe 6: "the Hollmans were" was fixed to "the Hollmann were" (MT102 and MT103 alike).
    glossary = Glossary([GlossaryEntry("Dietrich Hollmann", type="person", gender="m")])
    (f,) = [f for f in check_text("Dietrich Hollmann spoke. The Hollmans were rich.", glossary=glossary)
            if f.rule == "MT102"]
    assert (f.text, f.safe_fix) == ("Hollmans", "Hollmanns")
    text = "Dietrich Hollmann spoke. Mr. Hollmann left. Mr. Hollmann came back.\n\nCritics said the Hollmans were rich."
    (f,) = [f for f in check_text(text) if f.rule == "MT103"]
    assert (f.text, f.safe_fix) == ("Hollmans", "Hollmanns")
    # A singular slip that ends in -s is corrected as before.
    (f,) = [f for f in check_text("Dietrich Hollmann spoke. Later Mr. Hollmans said no.", glossary=glossary)
            if f.rule == "MT102"]
    assert f.safe_fix == "Hollmann"


def test_a_first_name_near_a_glossary_place_is_no_garbled_place():
    # Probe 13: "Foreign Minister Ayman Safadi opened the meeting in Amman" had "Ayman" safely
    # fixed to "Amman" (MT102): a word in a person's name is no corrupted place.
    places = Glossary([GlossaryEntry("Amman", type="place")])
    with_person = Glossary([*places.entries, GlossaryEntry("Ayman Safadi", type="person", gender="m")])
    for glossary in (places, with_person):
        assert [f for f in check_text("Foreign Minister Ayman Safadi opened the talks in Amman.", glossary=glossary)
                if f.rule == "MT102"] == []
    assert [f for f in check_text("Ayman Safadi’s aides met in Amman.", glossary=with_person)
            if f.rule == "MT102"] == []
    # Before an unlisted surname-like word it may be either: a hint, never a safe fix.
    (f,) = [f for f in check_text("Ayman Safadi spoke in Amman.", glossary=places) if f.rule == "MT102"]
    assert (f.text, f.safe_fix) == ("Ayman", None)
    # The place garbled on its own is still found and fixed.
    (f,) = [f for f in check_text("Talks in Ammman ended.", glossary=places) if f.rule == "MT102"]
    assert f.safe_fix == "Amman"


def test_german_umlaut_written_out_is_a_transliteration():
    # Probe 13: ae/oe/ue for ä/ö/ü is how German names are written without umlauts; in a short
    # part ("Doerte" for Dörte: two character edits) the name was missed.
    from mtcheck.glossary.matching import compare
    assert compare("doerte stoecklein", "dörte stöcklein").edits == 1.0
    glossary = Glossary([GlossaryEntry("Dörte Stöcklein", type="person", gender="f")])
    (f,) = [f for f in check_text("Doerte Stoecklein spoke.", glossary=glossary) if f.rule == "MT102"]
    assert (f.text, f.suggestions) == ("Doerte Stoecklein", ("Dörte Stöcklein",))


def test_a_short_surname_one_letter_off_beside_the_right_first_name_is_found():
    # Probe 13: "Chancellor Friedrich Mertz" (for Friedrich Merz) was missed: "Merz" is too short
    # for a spelling match and "Mertz" no sound-alike. With the first name exactly right, one
    # letter off is a hint (never a safe fix: it may be another person).
    glossary = Glossary([GlossaryEntry("Friedrich Merz", type="person", gender="m")])
    (f,) = [f for f in check_text("Chancellor Friedrich Mertz spoke.", glossary=glossary) if f.rule == "MT102"]
    assert (f.text, f.suggestions, f.safe_fix) == ("Friedrich Mertz", ("Friedrich Merz",), None)
    for text in ("Friedrich Merz spoke.", "Friedrich Marx was a poet.", "Carl Mertz spoke."):
        assert [f for f in check_text(text, glossary=glossary) if f.rule == "MT102"] == []
