"""Probe fix (2 × 10 fresh articles run through --fix and --unsafe-fixes against their clean
twins): each test here failed before its fix. A fix must never write wrong text."""

from __future__ import annotations

from mtcheck.api import check_text


def findings(text, select="ALL"):
    return [(f.rule, f.text, f.suggestions, f.safe_fix is not None)
            for f in check_text(text, config={"select": [select]})]


# -- MT103: a name's diacritics are never taken away ------------------------------------------
def test_the_spelling_with_diacritics_is_never_flagged_as_the_variant_of_one_without():
    # Probe 08 (from French): "Antoine Lefevre" (MT lost the accent in the full name), then
    # "Mr. Lefèvre": --fix wrote "Mr. Lefevre", taking the right spelling's accent away.
    text = "Antoine Lefevre, a farmer, spoke on Monday. Mr. Lefèvre said the roads would stay closed."
    assert findings(text, "MT103") == [("MT103", "Lefevre", ("Lefèvre",), True)]


def test_a_slip_of_a_name_is_corrected_to_the_spelling_with_its_diacritics():
    # Probe 08: "Mr. Lefebvre" was corrected to the unaccented "Lefevre" of the full name.
    text = ("Antoine Lefevre, a farmer, spoke on Monday. Mr. Lefebvre said it would last. "
            "Mr. Lefèvre said the roads would stay closed.")
    assert [(rule, text, sugg) for rule, text, sugg, _ in findings(text, "MT103")] == [
        ("MT103", "Lefevre", ("Lefèvre",)), ("MT103", "Lefebvre", ("Lefèvre",))]


def test_a_letter_without_a_decomposition_counts_as_a_diacritic():
    # Probe 06 (from Turkish): the dotless ı lost in "Ms. Yildiz" after "Selin Yıldız".
    text = "Selin Yıldız, an engineer, spoke on Friday. Ms. Yildiz said the work would start soon."
    assert findings(text, "MT103") == [("MT103", "Yildiz", ("Yıldız",), True)]


# -- MT301: the lost name stands after the phrase ----------------------------------------------
def test_a_broken_honorific_whose_name_stands_after_the_phrase_moves_before_that_name():
    # Probe 10 (from Portuguese): MT moved the name behind the phrase and left "Mr." in front;
    # --fix wrote "Mr. Pereira believing in …, Pereira said": the name twice, no comma.
    text = ("“Seventy million euros is not nothing,” said Miguel Pereira, a member of a tenants’ "
            "association.\n\nMr. Believing in the promises only when the first families moved in, "
            "Pereira said he would wait.")
    assert findings(text, "MT301") == [
        ("MT301", "Mr. Believing in the promises only when the first families moved in, Pereira",
         ("Believing in the promises only when the first families moved in, Mr. Pereira",), True)]


def test_a_broken_honorific_before_a_phrase_with_another_person_as_subject_is_no_safe_fix():
    text = ("“Seventy million euros is not nothing,” said Miguel Pereira, a member of a tenants’ "
            "association. Mayor João Ferreira disagreed.\n\nMr. Speaking after the vote, Pereira said "
            "he would wait.")
    assert [safe for rule, _, _, safe in findings(text, "MT301")] == [False]


# -- MT403: a closing mark never lands inside Markdown emphasis ------------------------------------
def _fixed(tmp_path, text, name="a.md", *args):
    import subprocess, sys
    from conftest import REPO
    import os
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mtcheck", "check", "--no-model", "--fix", *args, str(path)],
                   env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, check=False)
    return path.read_text(encoding="utf-8")


def test_the_closing_mark_goes_after_the_emphasis_and_the_punctuation_that_follows_it(tmp_path):
    # Probe (Markdown): "“We must *win it*, he said." was fixed to "*win it”*, he said": the
    # mark inside the emphasis, before the comma. Emphasis markup is blanked out of the prose,
    # so the punctuation after it was not seen as the quotation's own.
    text = "Kemal Demir, a geophysicist, spoke.\n\n“It is a race,” said Mr. Demir. “We must *win it*, he said.\n"
    assert _fixed(tmp_path, text).endswith("“We must *win it*,” he said.\n")
    text = "Kemal Demir, a geophysicist, spoke.\n\n“It is a race,” said Mr. Demir. “We must *win it*.\n"
    assert _fixed(tmp_path, text).endswith("“We must *win it*.”\n")


# -- MT302: an initial that is the surname's own -------------------------------------------------
def test_a_name_cut_to_its_surnames_initial_is_restored_as_the_article_writes_it():
    # Probe 08 (from French, with a glossary or without): "Laurent G. Warned" after "Laurent
    # Girard" was fixed safely to "Laurent G. Girard warned", a middle initial the article
    # never gives him: the "G." was the surname, cut to its initial.
    text = "The interior minister, Laurent Girard, spoke on Monday. Later, Laurent G. Warned that any attempt would be stopped."
    assert findings(text, "MT302") == [("MT302", "Laurent G. Warned", ("Laurent Girard warned",), True)]


def test_a_cut_name_whose_initial_may_be_the_surnames_own_is_no_safe_fix():
    # Probe 07 (from German): "Sabine K. Said …" and later "Ms. Krüger": "K." may be a middle
    # initial or the surname cut short; the surname is right, the rest a guess.
    text = "Transport Minister Sabine K. Said on Tuesday that she understood. Ms. Krüger later left."
    assert findings(text, "MT302") == [("MT302", "Sabine K. Said", ("Sabine K. Krüger said",), False)]


def test_a_middle_initial_the_article_gives_is_kept():
    text = ("Sabine K. Krüger, the transport minister, spoke on Monday. Later, Sabine K. Said that she "
            "understood.")
    assert findings(text, "MT302") == [("MT302", "Sabine K. Said", ("Sabine K. Krüger said",), True)]


# -- MT301: a person of unknown gender misspelt once as a woman is no man ------------------------
def test_a_broken_mr_does_not_resolve_to_a_woman_whose_honorific_went_to_a_misspelling():
    # Probe 05 (from Arabic): "Nadia El-Sherif" … "Ms. El-Sharif said …" (one woman, misspelt
    # once) … "Mr. Speaking to farmers, said …": she counted as the only man named, and --fix
    # wrote "Mr. El-Sherif, speaking".
    text = ("“Every extra week at sea is money,” said Nadia El-Sherif, an economist in Cairo.\n\n"
            "Ms. El-Sharif said Egypt’s real problem was its shortage of foreign currency.\n\n"
            "Mr. Speaking to farmers, said they would receive 2,000 pounds.")
    assert findings(text, "MT301") == [("MT301", "Mr. Speaking", (), False)]


def test_gendered_forms_of_one_surname_stay_two_people():
    text = ("Yevgeny Kolesnikov, a reporter, was jailed. His wife, Irina Kolesnikova, spoke.\n\n"
            "Ms. After the hearing, said she would appeal.")
    assert [(t, s) for _, t, s, _ in findings(text, "MT301")] == [("Ms. After", ("Ms. Kolesnikova, after",))]


# -- MT304: "his" standing alone is "hers" ------------------------------------------------------
def test_his_standing_alone_becomes_hers():
    # Probe (from Korean, flipped pronouns): "He said the decision was his." became "She said
    # the decision was her.": "his" without a noun after it is "hers", as "her" is "him".
    text = "Ms. Yui Tanaka, the head of quality, spoke on Monday. He said the decision was his."
    assert findings(text, "MT304") == [("MT304", "He", ("She",), True), ("MT304", "his", ("hers",), True)]
    text = "Ms. Yui Tanaka, the head of quality, spoke on Monday. He said his own team was ready."
    assert findings(text, "MT304") == [("MT304", "He", ("She",), True), ("MT304", "his", ("her",), True)]


# -- MT301: a phrase opened by a speech verb, then its own subject pronoun -----------------------
def test_a_phrase_opened_by_a_speech_verb_with_a_pronoun_after_it_gets_the_name_in_the_pronouns_place():
    # Probe: "Ms. Asked whether she would resign, she said no." was fixed safely to "Ms. Tanaka
    # asked whether she would resign, she said no.": the pronoun after the phrase is its subject.
    text = ("Ms. Yui Tanaka, the head of quality, spoke on Monday. Ms. Asked whether she would resign, "
            "she said no.")
    assert findings(text, "MT301") == [
        ("MT301", "Ms. Asked whether she would resign, she",
         ("Asked whether she would resign, Ms. Tanaka",), True)]


def test_a_phrase_followed_by_another_subject_pronoun_is_no_safe_fix():
    # Probe: "“Ms. After the recall, we changed everything,” she said." was fixed safely to
    # "Ms. Tanaka after the recall, we changed …": "we" is the clause's subject, not the name.
    text = ("Ms. Yui Tanaka, the head of quality, spoke on Monday. “Ms. After the recall, we changed "
            "everything,” she said.")
    assert [safe for _, _, _, safe in findings(text, "MT301")] == [False]
