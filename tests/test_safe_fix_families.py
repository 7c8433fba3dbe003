"""The safe-fix families of issue 15: each fixes its garbled text with plain `--fix`, and leaves
correct text (and the cases its evidence does not cover) untouched. Precision per family on the
annotated corpora: benchmarks/fix_results.md."""

from __future__ import annotations

import pytest

from mtcheck.api import make_checker
from mtcheck.document import Document
from mtcheck.fix import fix_document


def fixed(text: str, glossary: list[str] | None = None, tmp_path=None) -> str:
    paths = None
    if glossary:
        path = tmp_path / "glossary.csv"
        path.write_text("term,variants,type,gender,note\n" + "\n".join(glossary) + "\n", encoding="utf-8")
        paths = [path]
    checker = make_checker(glossary=paths)
    doc = Document(text, "story.txt")
    return fix_document(checker, doc, checker.check(doc)).fixed.text


def safe_families(text: str) -> list[str]:
    checker = make_checker()
    return [f.fix_family for f in checker.check(Document(text, "story.txt")) if f.safe_fix is not None]


# -- MT201: a slip only one phrase of the lexicon explains; known-wrong forms and calques ---------
@pytest.mark.parametrize("garbled, clean", [
    ("The scandal may yet prove a blessing in hiding for the reformers.",
     "The scandal may yet prove a blessing in disguise for the reformers."),
    ("The deal was negotiated behind shut doors, lawmakers said.",
     "The deal was negotiated behind closed doors, lawmakers said."),
    ("The new stadium will cost the eyes of the head, opponents say.",  # the calque keeps its verb
     "The new stadium will cost an arm and a leg, opponents say."),
])
def test_idiom_slip_with_one_reading_is_fixed(garbled, clean):
    assert fixed(garbled) == clean
    assert fixed(clean) == clean


def test_idiom_slip_two_phrases_explain_is_left_to_the_editor():
    # "turn a blind eye" or "turn a deaf ear": a choice, so --fix does not make it.
    text = "The regulator turned a blind ear to complaints from residents for years."
    assert fixed(text) == text
    found = [f for f in make_checker().check(Document(text, "story.txt")) if f.rule == "MT201"]
    assert found and found[0].fix_safety["safe"] is False


@pytest.mark.parametrize("clean", [
    "The row in the cabinet is a tempest in a teacup, the prime minister said.",
    "The new coach was thrown in at the deep end three days before the season began.",
])
def test_genuine_idiom_variants_are_not_fixed(clean):
    assert fixed(clean) == clean


# -- MT302: the glossary's own "First X. Surname"; the one person with the same title -----------
def test_cut_name_from_the_glossary_with_the_same_initial(tmp_path):
    glossary = ["Nadia K. Rahman,,person,f,minister"]
    text = "Minister Nadia K. After the vote, talks stalled.\n"
    assert fixed(text, glossary, tmp_path) == "Minister Nadia K. Rahman after the vote, talks stalled.\n"
    clean = "Minister Nadia K. Rahman said talks had stalled.\n"
    assert fixed(clean, glossary, tmp_path) == clean


def test_cut_name_glossary_without_the_initial_is_not_safe(tmp_path):
    # The glossary names a Nadia Rahman, but not with this initial: a guess, not a certainty.
    text = "Minister Nadia K. After the vote, talks stalled.\n"
    assert fixed(text, ["Nadia Rahman,,person,f,minister"], tmp_path) == text


def test_cut_name_of_the_one_person_with_the_same_title():
    text = ("“Every penny came out of somebody else’s pocket,” the prosecutor said. Mr Long, for the "
            "defence, disagreed.\n\nJudge Eleanor J. Told jurors that they could convict only if sure.\n\n"
            "Judge Whitcombe will pass sentence next month.\n")
    out = fixed(text)
    assert "Judge Eleanor J. Whitcombe told jurors" in out
    assert fixed(out) == out


def test_cut_name_of_the_one_person_called_by_surname_alone():
    # Gloria Mensah is named in full; Ms Chirwa never is: she is the minister whose surname was cut.
    text = ("Health Minister Grace N. Said that clinics were full. “We need beds,” said Gloria Mensah, "
            "a nurse.\n\nMs Chirwa said more tents would arrive on Monday.\n")
    out = fixed(text)
    assert out.startswith("Health Minister Grace N. Chirwa said that clinics")
    assert fixed(out) == out
    assert ("MT302 the only person the article calls by surname alone, never named in full"
            in safe_families(text))


def test_cut_name_is_not_someone_mentioned_before_it():
    # Mr Haddad spoke before the minister was introduced: he is someone else.
    text = ("Mr Haddad spoke on Monday.\n\nFinance Minister Joseph R. The government said it "
            "would cut spending.\n")
    assert fixed(text) == text
    found = [f for f in make_checker().check(Document(text, "story.txt")) if f.rule == "MT302"]
    assert found and found[0].suggestions == ()


def test_cut_name_with_two_people_called_by_surname_alone_is_left_to_the_editor():
    text = ("Health Minister Grace N. Said that clinics were full.\n\nMs Chirwa said tents would arrive. "
            "Ms Banda said they would not.\n")
    assert fixed(text) == text


# -- MT301: the last person mentioned, just introduced in full ---------------------------------
GIMENEZ = ("Martina Etcheverry, the economy minister, defended the plan. Mr Ruiz, a union official, "
           "disagreed.\n\nPablo Giménez, the head of a transport union, said the government was wrong. "
           "Mr Asked whether the strike would shut down buses, said it would.\n")


def test_broken_honorific_after_a_full_introduction_is_fixed():
    out = fixed(GIMENEZ)
    assert "Mr Giménez, asked whether the strike" in out
    assert "MT301 the last person mentioned, just introduced in full (…)" in safe_families(GIMENEZ)


def test_broken_honorific_after_a_repeated_mention_is_left_to_the_editor():
    # The last man mentioned was named before: "Mr" may mean someone else mentioned since.
    text = ("General Mohammed Osman leads the army’s side. Abdel Karim, an aid worker, spoke later.\n\n"
            "General Osman said the army would not yield. Mr The head of the other delegation, said "
            "his forces would not yield either.\n")
    assert fixed(text) == text


def test_broken_honorific_with_someone_else_in_between_is_left_to_the_editor():
    text = ("Mr Ruiz, a union official, spoke first. Pablo Giménez, the head of a union, said no. "
            "A spokesman for the ministry disagreed. Mr Asked whether buses would run, said no.\n")
    assert fixed(text) == text


def test_broken_honorific_when_someone_else_is_already_ms_twice_is_left_to_the_editor():
    # Probe 6: the article's "Ms. Sigurdardottir", twice, then a tourist named in full; --fix wrote
    # "Ms. Collins warned" for the official's warning.
    text = ("Thordis Sigurdardottir, the head of hazards, spoke. “It is big,” Ms. Sigurdardottir said. "
            "Ms. Sigurdardottir’s office warned of gas.\n\n"
            "Sarah Collins, a visitor from Manchester, said she was frightened.\n\n"
            "The government said it would extend the fund. Ms. Warned that the area would remain dangerous.\n")
    assert fixed(text) == text
    # One earlier "Mr" for someone else leaves the newcomer the honorific's person, as before.
    text = ("Mr Srivastav, the power minister, spoke. Ramesh Iyer, a researcher, said it was hot.\n\n"
            "Mr Speaking by telephone, said that cities had to plan.\n")
    assert fixed(text) == text.replace("Mr Speaking", "Mr Iyer, speaking")


# -- MT403: the only place a quotation can close -------------------------------------------------
def test_quotation_in_the_paragraphs_last_sentence_closes_at_its_end():
    text = ("“It was chaos,” said Paul Gregory, a mechanic. “It felt like driving through an oven.\n\n"
            "More than a thousand kilometres away, crews were resting.\n")
    assert fixed(text) == text.replace("an oven.\n", "an oven.”\n")
    clean = text.replace("an oven.\n", "an oven.”\n")
    assert fixed(clean) == clean


def test_quotation_closed_by_its_attribution_before_the_next_one():
    text = "Mr Bensalem wept. “I crossed the sea, and I lost my cousin, he said. “Now I just want to sleep.”\n"
    assert fixed(text) == text.replace("cousin, he", "cousin,” he")


def test_quotation_spanning_sentences_is_left_to_the_editor():
    text = "He said “we stay. Then he left.\n"
    assert fixed(text) == text


# -- how a safe fix shows ------------------------------------------------------------------------
def test_text_output_marks_safe_fixes(tmp_path, cli):
    story = tmp_path / "story.txt"
    story.write_text("The regulator turned a blind ear to complaints; And nobody listened.\n", encoding="utf-8")
    lines = cli("check", "--no-model", str(story)).stdout.splitlines()
    idiom = next(line for line in lines if " MT201 " in line)
    semicolon = next(line for line in lines if " MT401 " in line)
    assert semicolon.endswith("(→ “and”) [*]")  # --fix applies it
    assert not idiom.endswith("[*]")  # --unsafe-fixes only


def test_fix_family_leaves_out_the_names_of_the_case():
    family = [f for f in safe_families(GIMENEZ) if f.startswith("MT301")][0]
    assert "Giménez" not in family and "Pablo" not in family
    (f,) = [f for f in make_checker().check(Document(GIMENEZ, "story.txt")) if f.rule == "MT301"]
    assert f.fix_reason == "the last person mentioned, just introduced in full (Pablo Giménez)"
    assert f.to_dict()["fix"] == {"safe": True, "reason": f.fix_reason}


def test_evidence_template_gives_the_reason_and_the_family():
    from mtcheck.finding import evidence

    why = evidence("a clearly dominant spelling in this article ({more} against {fewer})", more=5, fewer=1)
    assert str(why) == "a clearly dominant spelling in this article (5 against 1)"
    assert why.kind == "a clearly dominant spelling in this article (… against …)"
    assert evidence("the configured house style").kind == "the configured house style"
