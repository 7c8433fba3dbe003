
"""Editorial rules MT301-MT304 and MT401-MT403, beyond their examples.

What each rule flags (span and first fix) and which tricky correct texts it leaves alone are
the rules' own `examples`, run by tests/test_rule_examples.py; this file keeps what examples
cannot say: several findings at once, confidence, fixability, messages, rules interacting,
the data files, the clean corpus and robustness."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtcheck import check_text
from mtcheck.rules import ALL_RULES
from mtcheck.rules.persons import swap_pronoun

DATA = Path(__file__).parent / "data" / "editorial"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
if not SHARED.is_dir():  # a git worktree lives one level deeper than the main checkout
    SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EDITORIAL = ("MT301", "MT302", "MT303", "MT304", "MT401", "MT402", "MT403")


def found(text: str, code: str, **kw):
    """(flagged text, suggestions) of the findings of one rule."""
    return [(f.text, list(f.suggestions)) for f in check_text(text, **kw) if f.rule == code]


# MT301 (honorific without a name) and MT302 (broken name): their examples say it all.
# -- MT303 honorific style -----------------------------------------------------------------------
def test_minority_honorific_style_is_flagged_and_fixable():
    text = "Mr Aliyev spoke. Mr Putin listened. Later Mr. Putin left. Ms Grigorian stayed."
    findings = [f for f in check_text(text) if f.rule == "MT303"]
    assert [(f.text, f.suggestions, f.fixable) for f in findings] == [("Mr.", ("Mr",), True)]


def test_configured_honorific_style_wins_over_majority():
    text = "Mr Aliyev spoke. Mr Putin listened. Dr. Sato left."
    got = found(text, "MT303", config={"honorific-style": "period"})
    assert got == [("Mr", ["Mr."]), ("Mr", ["Mr."])]


# -- MT304 pronoun gender ------------------------------------------------------------------------
def test_he_said_after_a_woman_is_flagged():
    text = ("“The water rose in minutes,” said Ms. Keller, who fled with her children.\n\n"
            "“We lost everything,” he said. He said he hoped to return.")
    assert found(text, "MT304") == [("he", ["she"]), ("He", ["She"]), ("he", ["she"])]


def test_she_said_after_a_man_is_flagged_with_possessive_swapped():
    text = "Mr. Berger, the governor, visited the town. She said her staff would help."
    assert found(text, "MT304") == [("She", ["He"]), ("her", ["his"])]


def test_hard_wrapped_text_reads_like_running_text():
    text = "“The water rose in minutes,” said Ms.\nKeller, who fled.\n\n“We lost everything,” he\nsaid."
    assert found(text, "MT304") == [("he", ["she"])]
    assert found("President\nIvan I. The ministry agreed.", "MT302") == [("Ivan I. The", [])]


def test_gender_from_earlier_pronouns_when_nothing_stronger_is_known():
    text = ("Dr Kavita Menon, who runs a hospital in Delhi, said her staff were exhausted. "
            "“Many cannot afford to stop working,” she said. He said that patients kept arriving.")
    findings = [f for f in check_text(text) if f.rule == "MT304"]
    assert [(f.text, f.suggestions, f.confidence) for f in findings] == [("He", ("She",), 0.65)]


def test_pronoun_after_an_unnamed_gendered_noun():
    text = "A spokeswoman for the ministry confirmed the talks. “We are ready,” he added."
    assert found(text, "MT304") == [("he", ["she"])]
    assert found("A spokeswoman met an official. “We are ready,” he added.", "MT304") == []


def test_capitalised_wrong_pronoun_after_question_quote_gets_lowercase_suggestion():
    findings = check_text("Ms. Keller, a nurse, fled. “Why?” He said.")
    assert [(f.rule, f.text, f.suggestions, f.also) for f in findings] == [("MT304", "He", ("she", "he"), ("MT402",))]


@pytest.mark.parametrize("word,after,expected", [
    ("He", "", "She"), ("she", "", "he"), ("his", "", "her"), ("him", "", "her"),
    ("her", "family", "his"), ("her", ".", "him"), ("her", "to", "him"), ("Herself", "", "Himself"),
])


def test_swap_pronoun_keeps_case_and_form(word, after, expected):
    assert swap_pronoun(word, after) == expected


# -- MT401 capital after a semicolon -------------------------------------------------------------
def test_capital_function_word_after_semicolon():
    text = "Turkey, a NATO member; And maybe Iran."
    findings = [f for f in check_text(text) if f.rule == "MT401"]
    assert [(f.text, f.suggestions, f.fixable) for f in findings] == [("And", ("and",), True)]


# -- MT402 capitalised attribution ---------------------------------------------------------------
def test_capitalised_pronoun_after_question_quote():
    text = "“Can’t they stop the war for at least a day or two?” She said. “Anything is better.”"
    findings = [f for f in check_text(text) if f.rule == "MT402"]
    assert [(f.text, f.suggestions, f.fixable) for f in findings] == [("She", ("she",), True)]


# -- MT403 quotation marks -----------------------------------------------------------------------
def test_unclosed_quote_is_reported_where_it_should_close():
    text = "It had “appealed to both sides. “The goal is peace,” the statement said."
    findings = [f for f in check_text(text) if f.rule == "MT403"]
    assert [(f.text, f.suggestions) for f in findings] == [("sides.", ("sides.”",))]
    assert "opened at 1:8" in findings[0].message


def test_quote_never_closed_and_stray_closing():
    assert found("He said “we will win and left.\n\nShe replied: no.” Then silence.", "MT403") \
        == [("left.", ["left.”"]), ("”", [])]


# -- every rule documented; clean articles; the seed article ---------------------------------------
def test_editorial_rules_are_documented():
    rules = {r.code: r for r in ALL_RULES}
    for code in EDITORIAL:
        rule = rules[code]
        assert rule.name and rule.category and rule.summary() and len(rule.explanation()) > 100


@pytest.mark.parametrize("path", sorted(DATA.glob("clean_*.txt")), ids=lambda p: p.name)
def test_clean_articles_have_no_editorial_findings(path):
    text = path.read_text(encoding="utf-8")
    assert [(f.rule, f.text) for f in check_text(text) if f.rule in EDITORIAL] == []


def test_clean_corpus_in_samples_has_no_editorial_findings():
    clean = Path(__file__).resolve().parents[1] / "samples" / "clean"
    paths = sorted(clean.glob("*.txt")) + sorted(clean.glob("*.md")) if clean.is_dir() else []
    if not paths:
        pytest.skip("samples/clean/ not present")
    for path in paths:
        findings = check_text(path.read_text(encoding="utf-8"), markdown=path.suffix == ".md")
        assert [(f.rule, f.text, f.line) for f in findings if f.rule in EDITORIAL] == [], path.name


def test_seed_article_errors_are_flagged():
    seeds = sorted((SHARED / "seeds").glob("000_*.txt"))
    if not seeds:
        pytest.skip("shared seed article not present")
    findings = check_text(seeds[0].read_text(encoding="utf-8"))
    got = {(f.rule, f.text, f.suggestions[0] if f.suggestions else "") for f in findings}
    assert ("MT301", "Ms. After", "Ms. Grigorian after") in got
    assert ("MT302", "Vladimir V. The", "Vladimir V. Putin") in got
    assert ("MT304", "he", "she") in got and ("MT304", "He", "She") in got
    assert ("MT401", "And", "and") in got
    assert ("MT402", "She", "she") in got


# -- the data files behind these rules -------------------------------------------------------------
def test_editorial_data_files_are_well_formed():
    from mtcheck.people import function_words, honorifics, person_nouns
    from mtcheck.resources import data_lines, data_rows

    for row in data_rows("honorifics.tsv"):
        assert row["gender"] in ("f", "m", "-") and row["abbreviated"] in ("yes", "no"), row
    nouns = [r["noun"] for r in data_rows("person_nouns.tsv")]
    assert len(nouns) == len(set(nouns)) and all(r["gender"] in ("f", "m", "-") for r in data_rows("person_nouns.tsv"))
    assert person_nouns()["spokeswoman"] == "f" and honorifics()["Mr"].gender == "m"
    openers = data_lines("sentence_openers.txt")
    assert len(openers) == len(set(openers)) and all(w == w.lower() for w in openers)
    # An exception only matters for a word that would otherwise count as a non-name.
    for word in data_lines("surname_words.txt"):
        assert word in function_words() or word in openers, word


# -- robustness --------------------------------------------------------------------------------------
_FRAGMENTS = ["Mr.", "Ms", "Dr.", " ", "\n", "\n\n", "“", "”", '"', "He", "she", "said", "V.", "The", "After",
              ";", "?", "!", ",", ".", "Putin", "Ivan", "President", "a spokeswoman", "her", "May", "’s",
              "—", "(", "Jane Doe", "\r\n", "And"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30))
def test_editorial_rules_never_crash_and_spans_are_slices(parts):
    text = " ".join(parts)
    for f in check_text(text):
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.text
