"""MT201 broken-idiom: the lexicon file, every entry's canonical and broken forms, and sentences."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from mtcheck.api import check_text
from mtcheck.inflection import forms, inflect, match_form
from mtcheck.resources import data_rows, data_text
from mtcheck.rules.idioms import (COLUMNS, DOMAINS, LEXICON, LexiconError, function_words, load_entries,
                                  parse_items, patterns_for, prepositions)

from conftest import REPO, SHARED

ENTRIES = load_entries()
FILL = {"poss": "their", "refl": "themselves", "np": "the country"}
# Replacement words the lexicon never uses, so no other phrase is matched by accident.
SUBSTITUTES = ("zephyr", "marmalade", "trombone")
PREPOSITION_SUBSTITUTES = ("with", "by", "from", "under", "in", "on", "at", "for", "of", "to", "into", "about")


def mt201(text: str):
    return [f for f in check_text(text, config={"select": ["MT201"]})]


def frame(words: list[str]) -> str:
    return "Officials said " + " ".join(words) + " on Tuesday."


# -- the file ---------------------------------------------------------------------------------
def test_lexicon_header_and_columns():
    lines = [ln for ln in data_text(LEXICON).splitlines() if ln.strip() and not ln.startswith("#")]
    assert tuple(lines[0].split("\t")) == COLUMNS
    for line in lines[1:]:
        assert len(line.split("\t")) == len(COLUMNS), line


def test_lexicon_size_domains_and_no_duplicates():
    rows = data_rows(LEXICON)
    assert len(rows) >= 450
    phrases = Counter(r["phrase"].lower() for r in rows)
    assert [p for p, n in phrases.items() if n > 1] == []
    assert {r["domain"] for r in rows} <= set(DOMAINS)
    assert len({r["domain"] for r in rows}) >= 9


def test_slot_notation_is_well_formed():
    for row in data_rows(LEXICON):
        phrase = row["phrase"]
        assert phrase == phrase.strip() and "  " not in phrase
        # Slots are spelled exactly; near-misses like "ones" or "somebody" are typos.
        assert not re.search(r"\b(ones|one’s|somebody|sth|sb|oneselves)\b", phrase), phrase
        items = parse_items(phrase)
        assert sum(1 for i in items if i.kind == "word") >= 2


def test_bad_rows_are_rejected():
    with pytest.raises(LexiconError):
        parse_items("flex one's")  # one word only
    with pytest.raises(LexiconError):
        load_entries(({"phrase": "sit on the fence", "domain": "politics", "anchors": "wall",
                       "variants": "", "note": ""},))
    for variants in ("stand", "sit=come down", "sit=", "wall=stand"):
        with pytest.raises(LexiconError):
            load_entries(({"phrase": "sit on the fence", "domain": "politics", "anchors": "",
                           "variants": variants, "note": ""},))


def test_test_substitutes_are_not_lexicon_words():
    words = {it.text for e in ENTRIES for it in e.items}
    assert not words & set(SUBSTITUTES)


def test_every_entry_can_be_detected():
    assert [e.phrase for e in ENTRIES if not [p for p in patterns_for(e) if p.subs]] == []


# -- every entry: canonical silent, one substituted word flagged -----------------------------
def canonical_words(entry) -> list[str]:
    return [FILL.get(it.kind, it.surface) for it in entry.items]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.phrase)
def test_entry_canonical_is_silent(entry):
    text = entry.phrase
    for slot, filler in (("one's", "their"), ("oneself", "themselves"), ("someone", "the country"),
                         ("something", "the crisis")):
        text = re.sub(rf"(?<![\w']){slot}(?![\w'])", filler, text)
    assert mt201(frame([text])) == []
    assert mt201(frame(canonical_words(entry))) == []


def substitute_for(entry, index: int) -> str | None:
    word = entry.items[index].surface
    if word.lower() in ("a", "an", "the"):
        return None  # articles vary freely and are never flagged
    if word.lower() in function_words():
        options = [p for p in PREPOSITION_SUBSTITUTES if p != word.lower()] if word.lower() in prepositions() else []
    else:
        options = [match_form(s, word.lower()) for s in SUBSTITUTES]
    for option in options:
        if option not in entry.variants.get(index, ()) and option not in forms(word.lower()):
            return option
    return None


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.phrase)
def test_entry_with_one_word_replaced_is_flagged(entry):
    detected = []
    for index, item in enumerate(entry.items):
        if item.kind != "word":
            continue
        sub = substitute_for(entry, index)
        if sub is None:
            continue
        words = canonical_words(entry)
        words[index] = sub
        text = frame(words)
        found = mt201(text)
        for f in found:
            # Whatever fires, fires on the replaced word (another phrase may fit it too).
            assert f.text == sub, (text, f.text)
        ours = [f for f in found if f"“{entry.phrase}”" in f.message]
        if ours:
            assert match_form(item.surface, sub) in ours[0].suggestions, (text, ours[0].suggestions)
            detected.append(index)
    assert detected, f"no one-word substitution of {entry.phrase!r} is flagged"


# -- sentences --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, word, suggestion", [
    ("Turkey, which has been wrapping its muscles in the region, backed Azerbaijan.", "wrapping", "flexing"),
    ("The navy wrapped its muscles off the coast last week.", "wrapped", "flexed"),
    ("Beijing wraps its military muscles again.", "wraps", "flexes"),
    ("The two parties remain in loggerheads over the budget.", "in", "at"),
    ("Rural voters sustained the brunt of the cuts.", "sustained", "bore"),
    ("The senator is still squatting on the fence about the bill.", "squatting", "sitting"),
    ("These arrests are only the peak of the iceberg.", "peak", "tip"),
    ("The court gave him a smack on the wrist.", "smack", "slap"),
    ("Critics said the reforms would relocate the goalposts again.", "relocate", "move"),
])
def test_fires_on_broken_idioms(text, word, suggestion):
    found = mt201(text)
    assert [(f.text, f.suggestions) for f in found] == [(word, (suggestion,))]
    assert text[found[0].start:found[0].end] == word
    assert found[0].category == "Accuracy/Mistranslation" and found[0].fixable


@pytest.mark.parametrize("text", [
    "Turkey has been flexing its muscles in the region.",
    "He flexed his wrist before the match.",  # literal: a wrist is not the idiom's muscles
    "The muscles in its legs were torn.",
    "The athlete relaxed her muscles after the race.",  # a listed literal variant
    "The war threatened to pull the country into a wider conflict.",  # pull: an accepted variant
    "Beijing flexed its military muscle in the strait.",  # singular, with a modifier
    "“We will not sit on the fence,” she said.",  # the idiom in quotes
    "The parties remain at loggerheads.",
    "Floods bore the brunt of the blame.",
    "Smith's part of the iceberg study was published.",  # a common substitute needs more context
    "He sat on the bench for the second half.",  # only 'sit on the' left: too little evidence
    "Officials said a state of emergency was declared.",  # a common verb before a phrase
    "Markets sold fresh fruit and low-hanging fruit alike.",
    "There are still many uncharted territories to explore.",  # a quantifier is no preposition
    "Implants support the toothless structure of the jaw.",
])
def test_silent_on_correct_and_literal_uses(text):
    assert mt201(text) == []


def test_wrong_derivations_in_a_long_term_of_art():
    text = "Both armies must respect the principles of distinction, proportion and caution, the envoy said."
    assert [(f.text, f.suggestions) for f in mt201(text)] == [
        ("proportion", ("proportionality",)), ("caution", ("precaution",))]
    # Three unrelated words in the same frame are another list, not the term.
    assert mt201("Both parties respect the principles of democracy, freedom and justice.") == []


def test_confidence_follows_evidence():
    strong = mt201("Officials said the elephant in the kitchen was the budget.")[0]
    weak = mt201("Turkey has been wrapping its muscles.")[0]
    assert strong.confidence > weak.confidence >= 0.5


def test_cli_reports_the_suggestion(tmp_path, run_cli):
    path = tmp_path / "story.txt"
    original = "Turkey has been wrapping its muscles in the region.\n"
    path.write_text(original, encoding="utf-8")
    result = run_cli("check", "--no-model", "--select", "MT201", str(path))
    assert result.returncode == 1, result.stderr
    assert ":1:17: MT201" in result.stdout and "flexing" in result.stdout
    assert path.read_text(encoding="utf-8") == original


# -- inflection -------------------------------------------------------------------------------
@pytest.mark.parametrize("base, form, expected", [
    ("flex", "ing", "flexing"), ("flex", "ed", "flexed"), ("flex", "s", "flexes"),
    ("stop", "ing", "stopping"), ("tie", "ing", "tying"), ("make", "ing", "making"),
    ("carry", "s", "carries"), ("carry", "ed", "carried"), ("bear", "ed", "bore"), ("bear", "en", "borne"),
    ("hat-trick", "s", "hat-tricks"),
])
def test_inflect(base, form, expected):
    assert inflect(base, form) == expected


def test_match_form_follows_the_found_word():
    assert match_form("flex", "wrapping") == "flexing"
    assert match_form("flex", "wrapped") == "flexed"
    assert match_form("bear", "carried") == "bore"
    assert match_form("muscles", "arms") == "muscles"
    assert match_form("tip", "Peak") == "Tip"


# -- the sample corpus in the repository ------------------------------------------------------
GOLD = [json.loads(line) for line in (REPO / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines()] \
    if (REPO / "samples" / "gold.jsonl").exists() else []


def _sample(path: str):
    text = (REPO / path).read_bytes().decode("utf-8")
    return check_text(text, config={"select": ["MT201"]}, markdown=path.endswith(".md"))


@pytest.mark.skipif(not GOLD, reason="sample corpus not present")
def test_silent_on_clean_samples_and_precise_on_garbled_ones():
    caught = 0
    for gold in GOLD:
        assert _sample(gold["clean"]) == [], gold["clean"]
        for f in _sample(gold["garbled"]):
            match = [e for e in gold["errors"] if e["start"] == f.start and e["end"] == f.end]
            assert match and f.suggestions[0] in match[0]["corrections"], (gold["id"], f.text, f.suggestions)
            caught += 1
    assert caught >= 5


# -- the article that started the project (read-only, optional) -------------------------------
# The shared folder sits beside the checkout, or beside the worktrees folder.
SEED_DIRS = [d / "seeds" for d in (SHARED, SHARED.parent.parent / "shared") if (d / "seeds").is_dir()]
SEEDS = sorted(SEED_DIRS[0].glob("000_*.txt")) if SEED_DIRS else []


@pytest.mark.skipif(not SEEDS, reason="shared seed article not available")
def test_seed_article_broken_idiom():
    text = SEEDS[0].read_text(encoding="utf-8")
    found = {(f.text, f.suggestions[0]) for f in mt201(text)}
    assert ("wrapping", "flexing") in found
    assert {("discrimination", "distinction"), ("proportion", "proportionality"),
            ("caution", "precaution")} <= found
