"""MT201 broken-idiom: the data files, every entry's canonical and garbled forms, and sentences."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from mtcheck.api import check_text
from mtcheck.inflection import inflect, is_count_noun, match_form
from mtcheck.resources import data_rows, data_text
from mtcheck.rules.idioms import (CALQUE_COLUMNS, CALQUES, COLUMNS, DOMAINS, LEXICON, LexiconError, find_candidates,
                                  is_function, lexicon, load_entries, parse_items, relation)
try:
    from mtcheck.thesaurus import related_words
except ImportError:  # the thesaurus arrives with the wrong-word work
    related_words = None

from conftest import REPO, SHARED

ENTRIES = lexicon()
PHRASES = [e for e in ENTRIES if e.kind == "phrase"]
FILL = {"poss": "their", "refl": "themselves", "np": "the country"}
CLEAN_NEWS = REPO / "tests" / "data" / "clean_news"


def mt201(text: str):
    return check_text(text, config={"select": ["MT201"]})


def carrier(words: list[str]) -> str:
    """A neutral news sentence around a phrase."""
    return "Officials said " + " ".join(words) + " on Tuesday."


def filled(entry) -> list[str]:
    return [FILL.get(it.kind, it.surface) for it in entry.items]


# -- the files --------------------------------------------------------------------------------
@pytest.mark.parametrize("name, columns", [(LEXICON, COLUMNS), (CALQUES, CALQUE_COLUMNS)])
def test_header_and_columns(name, columns):
    lines = [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    assert tuple(lines[0].split("\t")) == columns
    for line in lines[1:]:
        assert len(line.split("\t")) == len(columns), line


def test_phrases_domains_no_duplicates_and_syntax():
    rows = data_rows(LEXICON)
    phrases = Counter(r["phrase"].lower() for r in rows)
    assert [p for p, n in phrases.items() if n > 1] == []
    assert {r["domain"] for r in rows} <= set(DOMAINS)
    for row in rows:
        for form in [row["phrase"], *filter(None, (row["variants"] + "|" + row["wrong"]).split("|"))]:
            form = form.strip()
            assert form == form.strip() and "  " not in form, form
            assert not re.search(r"\b(ones|one’s|somebody|sth|sb|oneselves)\b", form), form
            parse_items(form)  # raises on a bad word
        assert row["phrase"] not in row["wrong"].split("|")


def test_calques_languages_and_targets():
    rows = data_rows(CALQUES)
    assert len({r["calque"].lower() for r in rows}) == len(rows)
    for row in rows:
        parse_items(row["calque"])
        assert row["idiom"].strip(), row
        for code in row["language"].split("|"):
            assert re.fullmatch(r"[a-z]{2}", code), row
    # Calques cover the main source languages.
    langs = {c for r in rows for c in r["language"].split("|")}
    assert {"fr", "es", "de", "ru", "zh"} <= langs or len(rows) < 20


def test_bad_rows_are_rejected():
    with pytest.raises(LexiconError):
        parse_items("flex one's")  # one word only
    with pytest.raises(LexiconError):
        load_entries(({"phrase": "sit on the fence", "domain": "politics", "variants": "stay on the f3nce",
                       "wrong": "", "note": ""},), ())
    with pytest.raises(LexiconError):
        load_entries((), ({"calque": "buy the cat in the sack", "idiom": "", "language": "de", "note": ""},))
    with pytest.raises(LexiconError):  # the reading column holds 'literal' or nothing
        load_entries((), ({"calque": "eat the leaf", "idiom": "=eat humble pie", "language": "fr", "note": "",
                           "reading": "yes"},))


def test_the_reading_column_marks_a_calque_literal():
    rows = ({"calque": "eat the leaf", "idiom": "=x", "language": "fr", "note": "", "reading": "literal"},
            {"calque": "have other cats to whip", "idiom": "=y", "language": "fr", "note": "", "reading": ""},
            {"calque": "cost the eyes of the head", "idiom": "=z", "language": "fr", "note": ""})  # no column
    assert [e.literal for e in load_entries((), rows)] == [True, False, False]


# -- every entry: canonical silent, a realistic garble proposed -------------------------------
@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.kind in ("phrase", "variant")], ids=lambda e: e.phrase)
def test_canonical_form_never_fires(entry):
    assert mt201(carrier(filled(entry))) == []


@pytest.mark.parametrize("text", [
    "One swallow does not make a summer, the minister warned.",
    "He came away with a black eye after the scuffle.",
    "At the height of the crisis, prices doubled.",
    "Firefighters threw water on the fire from the roof.",
    "Rescuers pulled the car out of the mud on Sunday.",
    "The robbers made a hole in the wall of the bank.",
    "The suspect passed the weapon to the police.",
    "The coach put players on the bench for the second half.",
    "She took the cat to the vet on Monday.",
    "The coin fitted easily on the palm of a hand.",
])
def test_a_calque_with_one_word_changed_is_not_plain_english(text):
    # A long calque is also looked for with one word changed ("kill two flies with one swat",
    # a weak candidate for the model): calques whose one-word variants are ordinary English
    # ("one swallow does not make a spring", "pull the cart out of the mud") are kept out.
    assert [c.target for c in find_candidates(text) if c.slip.startswith("calque")] == []


def garble(entry):
    """A thesaurus neighbour of one content word (the last one that has one), as MT might pick."""
    for i in reversed(range(len(entry.items))):
        item = entry.items[i]
        if item.kind != "word" or is_function(entry, i) or len(item.text) < 3:
            continue
        for word in sorted(related_words(item.text)):
            if " " not in word and word.isalpha() and word != item.text and len(word) > 2:
                words = filled(entry)
                words[i] = match_form(word, item.surface)
                return i, words
    return None


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_a_realistic_garble_of_every_phrase_is_proposed():
    """For each phrase with a thesaurus neighbour, the garbled phrase is proposed at the replaced
    word with the phrase's word as suggestion (to the model; reported alone when evidence is strong)."""
    tried = proposed = strong = 0
    missed = []
    for entry in PHRASES:
        g = garble(entry)
        if g is None:
            continue
        i, words = g
        text = carrier(words)
        tried += 1
        start = len("Officials said ") + len(" ".join(words[:i])) + (1 if i else 0)
        found = [c for c in find_candidates(text) if c.start == start]
        if found and found[0].replacement.lower() == match_form(entry.items[i].surface, words[i]).lower():
            proposed += 1
            strong += found[0].strong
        else:
            missed.append(text)
    assert tried >= 0.8 * len(PHRASES)
    # Not proposed: garbles of short phrases whose other words are too common to be evidence
    # ("a state of brake": a, state, of), and garbles that form another phrase of the lexicon.
    assert proposed >= 0.55 * tried, missed[:20]
    assert strong > 0


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.kind in ("wrong", "calque")], ids=lambda e: e.phrase)
def test_known_wrong_forms_and_calques_fire(entry):
    text = carrier(filled(entry))
    found = mt201(text)
    assert found, text
    assert found[0].suggestions and f"“{entry.target}”" in found[0].message


# -- sentences --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, word, suggestion", [
    ("The scandal may prove a blessing in hiding for the party.", "hiding", "disguise"),
    ("The two parties remain in loggerheads over the budget.", "in", "at"),
    ("Officials said the elephant in the kitchen was the budget.", "kitchen", "room"),
])
def test_fires_on_broken_idioms(text, word, suggestion):
    found = mt201(text)
    assert [(f.text, f.suggestions) for f in found] == [(word, (suggestion,))]
    assert text[found[0].start:found[0].end] == word
    assert found[0].category == "Accuracy/Mistranslation" and found[0].fixable


def test_any_word_can_be_the_garbled_one():
    # The phrase's most distinctive word replaced: the other words carry the match.
    found = find_candidates("The minister described it as a blessing in hiding.")
    assert [(c.replacement, c.slip) for c in found if c.strong] == [("disguise", "sub")]


def test_function_word_and_number_slips_are_proposed():
    assert [(c.slip, c.replacement) for c in find_candidates("The party remains in loggerheads.")] == [("swap", "at")]
    added = find_candidates("After the vote, the bill was back to the square one.")
    assert [(c.slip, c.replacement) for c in added] == [("add", "square")]


@pytest.mark.parametrize("text, shown, replacement", [
    ("Prices had an effect of domino on the banks.", "an effect of domino", "a domino effect"),
    ("The effect of domino was felt at once.", "The effect of domino", "The domino effect"),
    ("Effects of domino hit the markets.", "Effects of domino", "Domino effects"),
    # The modifier made plural by the translation (probe-idioms, dev2).
    ("The village has become a town of ghosts.", "a town of ghosts", "a ghost town"),
    ("The country suffers a drain of brains.", "a drain of brains", "a brain drain"),
])
def test_a_reordered_compound_keeps_the_texts_article(text, shown, replacement):
    [c] = [c for c in find_candidates(text) if c.slip == "reorder"]
    assert (text[c.start:c.end], c.replacement) == (shown, replacement)


@pytest.mark.parametrize("text, word, suggestion", [
    ("Police say the plot was nipped in the bloom thanks to a tip-off.", "bloom", "bud"),
    ("The spokesman was caught off the guard by the question.", "the guard", "guard"),
    ("The report was quietly swept under the mat.", "mat", "carpet"),
])
def test_a_verbs_object_slot_stands_empty_in_the_passive(text, word, suggestion):
    """"nip something in the bud" in the passive has no object after the verb: the slot may
    stand empty after a form of "be" or "get" and a past participle (probe-idioms, dev2)."""
    assert [(f.text, f.suggestions) for f in mt201(text)] == [(word, (suggestion,))]


@pytest.mark.parametrize("text", [
    "The plot was nipped in the bud.", "The spokesman was caught off guard.",
    "The issue was quickly swept under the carpet.", "The chicken was plucked and roasted.",
    "The scandal nipped in the bloom of his career.",  # no passive: the slot is not empty
])
def test_a_passive_phrase_as_written_is_silent(text):
    assert mt201(text) == []


@pytest.mark.parametrize("text, replacement, target", [
    # An irregular plural in the other number (probe-idioms, dev2: "foot" matched "feet" as written).
    ("Two years after the floods, the tourist industry is back on its foot.", "feet", "back on one's feet"),
    # The phrase's only content word in the wrong number: nothing else could anchor the slip.
    ("The ministers have been at loggerhead over the plans.", "loggerheads", "at loggerheads"),
])
def test_a_nouns_number_slip_is_proposed(text, replacement, target):
    assert [(c.replacement, c.target, c.slip) for c in find_candidates(text)] == [(replacement, target, "number")]


@pytest.mark.parametrize("text", ["The industry is back on its feet.", "He stood on one foot.",
                                  "A loggerhead turtle nested on the beach."])
def test_a_noun_in_the_phrases_number_is_no_slip(text):
    assert find_candidates(text) == []


@pytest.mark.parametrize("text, shown, suggestion", [
    ("The closure left the village a town of ghosts.", "a town of ghosts", "a ghost town"),
    ("The exodus of doctors is a drain of brains, the union said.", "a drain of brains", "a brain drain"),
])
def test_a_figurative_compound_spelt_out_is_reported_without_the_model(text, shown, suggestion):
    """An image spelt out with its modifier bare and plural after "of" means something else or
    nothing; no compound's modifier is plural (0 on the clean corpora)."""
    assert [(f.text, f.suggestions) for f in mt201(text)] == [(shown, (suggestion,))]


@pytest.mark.parametrize("text, shown, suggestion", [
    ("Prices had an effect of domino on the banks.", "an effect of domino", "a domino effect"),
    ("Parliament approved a package of bailout for the airline.", "a package of bailout", "a bailout package"),
    ("Analysts call the battery a changer of game for the industry.", "a changer of game", "a game changer"),
])
def test_a_compound_spelt_out_with_a_bare_singular_count_noun_is_reported(text, shown, suggestion):
    """A singular count noun never stands bare after "of": the modifier of a compound spelt out,
    figurative or not (a count noun by its plural's frequency: is_count_noun)."""
    assert [(f.text, f.suggestions) for f in mt201(text)] == [(shown, (suggestion,))]


@pytest.mark.parametrize("text, shown, suggestion", [
    ("The sanctions were a reaction of knee-jerk, the ambassador said.", "a reaction of knee-jerk",
     "a knee-jerk reaction"),
    ("Officials described the vote as a call of wake-up for the party.", "a call of wake-up", "a wake-up call"),
])
def test_a_figurative_compound_spelt_out_with_a_hyphenated_modifier_is_reported(text, shown, suggestion):
    """A hyphenated word is the written form of a compound modifier: bare after "of" in an
    image spelt out, and the suggestion keeps its hyphen."""
    assert [(f.text, f.suggestions) for f in mt201(text)] == [(shown, (suggestion,))]


def test_a_hyphenated_modifier_modifying_the_next_noun_is_no_reordered_compound():
    assert mt201("The speech was a call of wake-up messages for the party.") == []


@pytest.mark.parametrize("noun, count", [
    ("domino", True), ("bailout", True), ("smear", True), ("foot", True),
    ("vacuum", False), ("powder", False), ("iron", False), ("safety", False), ("power", False),
    ("qwxzv", False),  # unlisted: no evidence either way
])
def test_count_nouns_are_told_from_mass_nouns_by_their_plurals_frequency(noun, count):
    assert is_count_noun(noun) is count


@pytest.mark.parametrize("text", [
    "Some members called for a reshuffle of the cabinet.",  # a literal compound spelt out is English
    "The median price of a house has passed a million.",
    "The effect of the domino was felt at once.",  # the modifier with its article: a complement
    "The film is set in a town of ghost stories and legends.",  # the modifier modifies a noun after it
    # a singular modifier may be a mass noun, which reads literally after "of"
    "The coup left a vacuum of power in the capital.",
    "Investigators found a keg of powder in the cellar of the old fort.",
    "He ruled the province with a fist of iron.",
    "The government promised a net of safety for workers.",  # a mass noun, though figurative
    "The effect of domino theory was debated.",  # the count noun modifies the next one
])
def test_a_compound_spelt_out_as_english_is_left_to_the_model(text):
    assert mt201(text) == []


@pytest.mark.parametrize("text, word, suggestion", [
    ("The talks have been in the doldrum for months.", "doldrum", "doldrums"),
    ("Negotiators were kept on tenterhook all night.", "tenterhook", "tenterhooks"),
    ("The ministers have been at loggerhead over the plans.", "loggerhead", "loggerheads"),
])
def test_a_rare_nouns_number_slip_is_reported_without_the_model(text, word, suggestion):
    """A noun met almost only in its phrase has no other use in the other number."""
    assert [(f.text, f.suggestions) for f in mt201(text)] == [(word, (suggestion,))]


def test_a_noun_modifying_the_next_one_is_no_number_slip():
    """A modifier takes the singular ("laurel wreaths"): making it the phrase's plural wrote
    "rest on its laurels wreaths" as a safe fix."""
    text = "The champions would not rest on their laurel wreaths, the coach said."
    assert [c for c in find_candidates(text) if c.slip == "number"] == []
    assert mt201(text) == []
    assert [f.suggestions for f in mt201("The champions would not rest on their laurel.")] == [("laurels",)]


@pytest.mark.parametrize("text, word, suggestion", [
    ("Critics say the committee merely went through the motion.", "motion", "motions"),
    ("The new figures only muddy the water, officials said.", "water", "waters"),
])
def test_a_number_slip_after_a_the_that_points_nowhere_is_reported(text, word, suggestion):
    """The phrase's plural in the singular, a mass noun after its "the" with nothing for the
    article to point to: evidence toward the number slip's threshold (WEIGHT_UNANCHORED)."""
    assert [(f.text, f.suggestions) for f in mt201(text)] == [(word, (suggestion,))]


@pytest.mark.parametrize("text", [
    "The motion was tabled on Monday, and MPs went through the motion carefully.",  # mentioned before
    "The spill will muddy the water in the bay for years.",  # a complement after the noun
])
def test_a_number_slip_after_a_the_with_a_referent_stays_silent(text):
    assert mt201(text) == []


def test_a_common_nouns_number_slip_needs_more_of_the_phrase():
    # "crack" has uses of its own in the singular: only the model judges "fell through the crack".
    assert mt201("Some claims fell through the crack, officials said.") == []
    assert [c.replacement for c in find_candidates("Some claims fell through the crack, officials said.")] == ["cracks"]


def test_a_name_after_of_is_no_reordered_compound():
    assert [c for c in find_candidates("The town of Ghost Hill voted.") if c.slip == "reorder"] == []


def test_suggestion_is_inflected_like_the_found_word():
    assert [c.replacement for c in find_candidates("Critics said they took the bull by the antlers.")] == ["horns"]
    # a noun after a preposition keeps its form even when the found word looks like a verb form
    assert [c.replacement for c in find_candidates("It was a blessing in hiding.")] == ["disguise"]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
@pytest.mark.parametrize("text, slip, replacement", [
    # one word kept: a close thesaurus relative of the phrase's word replaces it
    ("The country is trapped in a vicious circuit of debt.", "sub", "circle"),
    # a noun of the same part of speech, nearly all the phrase around it
    ("The inspector's report hit the nail on the skull.", "sub", "head"),
    # an article dropped or added before the phrase's next word as written
    ("Regional officials said they had been kept out of loop.", "drop", "the loop"),
    ("The government is on the thin ice with its partners.", "add", "thin"),
    # a calque's opening verb in another form
    ("He sleeps like a marmot after every night shift.", "calque", "log"),  # one word off its idiom
])
def test_strong_on_computed_evidence(text, slip, replacement):
    assert [(c.slip, c.replacement) for c in find_candidates(text, strong_only=True)] == [(slip, replacement)]


@pytest.mark.parametrize("text", [
    # a verb opening the phrase replaced, or a rare topic word kept with a synonym: free English
    "Before the race he flexed his arm and laughed.",
    "The mission brought a cholera epidemic to the island.",
    # a plural or a headline takes no article
    "Dry grass had added fuel to fires across the region.",
    "Neighbours were asked to knock on doors.",
    "Senate Passes Housing Bill After Government Strikes Deal With Greens",
    "Turkey has been flexing its muscles in the region.",
    "“We will not sit on the fence,” she said.",
    "The parties remain at loggerheads.",
    "An elephant escaped from the zoo and was found in a hotel car park.",
    "Council workers spread salt on the roads before the first frost.",
    "He sat on the bench for the second half.",
    "Officials said a state of emergency was declared.",
    "Smith's part of the iceberg study was published.",
    # a kind of the phrase's word, one word kept: more specific, not a slip ("the opposition leader")
    "Kim Min-seok, an opposition lawmaker, said in the National Assembly.",
    # an antonym of the phrase's word makes another real phrase, not a slip
    "For the farmers it was the worst of both worlds.",
    "The minister kept a high profile during the crisis.",
    # a noun after its determiner does not stand for the phrase's verb ("come to a standstill")
    "The strike brought the port to a standstill.",
    # a genuine variant without the article (probe of new genres: a football round-up)
    "The two sides drew 0-0 in a match of few chances, played in driving rain.",
])
def test_silent_on_correct_and_literal_uses(text):
    assert mt201(text) == []


@pytest.mark.parametrize("text", [
    # the phrase stands as written; the word after it is no slip of a longer form of it
    # (--fix wrote "programme", "driver" and "lawsuit" into these)
    "She joined a witness protection scheme in 2019.",
    "He was hit by a hit-and-run motorist.",
    "The court heard a class-action suit.",
    # a compound's noun modifier written as a plural ends a noun phrase of its own
    "The alternative was to watch whole supply chains move abroad.",
    "Whole supply chains moved abroad.",
])
def test_silent_where_the_phrase_stands_intact_before_other_words(text):
    assert mt201(text) == []


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_a_compound_kept_alone_needs_a_close_relative_after_it():
    # Probe of new genres (an opinion column): "belt-tightening" is one written word, a noun on
    # its own; "start" after it is only a loose thesaurus relative of "measures", no slip of
    # "belt-tightening measures" (it was a strong candidate: the compound counted as two words kept)
    text = "If savings must be found, let the belt-tightening start with the consultants' fees."
    assert mt201(text) == [] and not [c for c in find_candidates(text) if c.strong]
    # the same for an open compound that is one unit of the thesaurus ("stock market"): the
    # corpus README's "a stock-market report" drew a safe fix to "a stock market crash" (a field
    # relative: both a loud noise)
    for text in ("He filed a stock-market report every evening.", "The stock market report was late."):
        assert mt201(text) == [] and not [c for c in find_candidates(text) if c.strong]
    # a close relative of the phrase's word after the compound is still a slip
    found = find_candidates("The reform is a double-edged blade for the government.", strong_only=True)
    assert [(c.slip, c.replacement) for c in found] == [("sub", "sword")]
    # and words kept that are no unit side by side still weigh as two ("slammed the gate on")
    found = find_candidates("The minister slammed the gate on any further talks.", strong_only=True)
    assert [(c.slip, c.replacement) for c in found] == [("sub", "door")]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_a_noun_place_relates_only_noun_senses():
    # "a waste of breath": after the article "waste" is a noun; "share" relates to it only as a
    # verb, so "the sharing of breath" is no slip ...
    text = "“The hongi is the sharing of breath, the ha,” said the midwife."
    assert mt201(text) == [] and not [c for c in find_candidates(text) if c.strong]  # (the model may judge it)
    # ... while a noun relative in the same place still is
    found = find_candidates("Arguing with him is a dissipation of breath.", strong_only=True)
    assert [(c.slip, c.replacement) for c in found] == [("sub", "waste")]
    assert relation("sharing", "waste") == "thesaurus" and relation("sharing", "waste", True) is None


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_a_word_added_as_part_of_a_phrasal_verb_is_no_slip():
    # "break through" is a unit of its own: the ewes broke through the ice, they did not break it
    text = "A farmer lost three ewes that broke through the ice on a pond."
    assert find_candidates(text) == []
    # an article added inside the phrase is still a slip
    found = find_candidates("The government is on the thin ice with its partners.", strong_only=True)
    assert [(c.slip, c.replacement) for c in found] == [("add", "thin")]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
@pytest.mark.parametrize("text", [
    "If the ending ties up the loose ends a little too tidily, that is a small price to pay.",
    "The author tied up the loose ends of the plot.",
])
def test_an_article_before_a_verbs_plural_object_is_the_writers_choice(text):
    # "tie up loose ends": the article opens the verb's object, which English may make definite;
    # only the model may judge it
    assert mt201(text) == [] and not [c for c in find_candidates(text) if c.strong]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
@pytest.mark.parametrize("text, replacement", [
    ("Families struggle to make the ends meet.", "ends"),  # the phrase goes on after the noun
    ("Much of the negotiating happened behind the closed doors.", "closed"),  # after a preposition
    # a mass noun after a "the" that points nowhere (_points_nowhere)
    ("The suspect jumped the bail and fled the country.", "bail"),
])
def test_an_article_added_elsewhere_is_still_a_slip(text, replacement):
    found = find_candidates(text, strong_only=True)
    assert [c.replacement for c in found] == ([replacement] if replacement else [])


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
@pytest.mark.parametrize("text, shown, suggestion", [
    ("The governor will spend the next eight years behind the bars.", "the bars", "bars"),
    ("The company is in the hot water over its emissions figures.", "the hot", "hot"),
    ("The health minister has come under the fire for the slow rollout.", "the fire", "fire"),
])
def test_an_added_the_that_points_nowhere_is_reported(text, shown, suggestion):
    """A "the" added before a phrase's mass noun or plural, with nothing in the text for it to
    point to, is the calque of a language without articles: evidence toward the article's
    threshold (WEIGHT_UNANCHORED)."""
    assert [(f.text, f.suggestions) for f in mt201(text)] == [(shown, (suggestion,))]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
@pytest.mark.parametrize("text", [
    "The prisoner stood behind the bars of the cell.",  # a complement gives "the" its referent
    "Residents fled down the stairs and gathered under the fire escape.",  # a compound's modifier
    "The water was scalding, and the children stood in the hot water for a minute.",  # mentioned before
    "The runners were back on the track an hour after the storm.",  # a singular count noun takes "the"
])
def test_an_added_the_with_a_referent_stays_silent(text):
    assert mt201(text) == [] and not [c for c in find_candidates(text) if c.strong]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
@pytest.mark.parametrize("text", [
    "The yacht ran aground on rocks off the north coast of Anglesey.",
    "Hikers sat on rocks by the stream to eat their lunch.",
])
def test_an_article_dropped_before_a_phrase_final_plural_leaves_a_literal_bare_plural(text):
    # Probe 7: "on the rocks" without its article is a bare plural, a whole noun phrase of its
    # own ("on rocks"), read literally; only the model may judge it.
    assert mt201(text) == [] and not [c for c in find_candidates(text) if c.strong]
    assert [c.slip for c in find_candidates(text)] == ["drop"]  # still a candidate for the model
    # a singular noun cannot stand bare: still a slip without the model
    found = find_candidates("Regional officials said they had been kept out of loop.", strong_only=True)
    assert [(c.slip, c.replacement) for c in found] == [("drop", "the loop")]
    # nor can a plural that the phrase goes on after ("on the sidelines of something")
    [f] = mt201("The ministers met on sidelines of the summit.")
    assert f.suggestions == ("the sidelines",)


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
@pytest.mark.parametrize("text", [
    'Ministers like to talk about "levelling up" and "pride in place".',
    "Ministers like to talk about ‘levelling up’ and ‘pride in place’.",
    "Ministers like to talk about “pride in place,” and little else.",
])
def test_words_set_off_on_their_own_in_quotation_marks_are_cited_not_used(text):
    # Probe 7: a slogan quoted in an opinion column was flagged, and --fix would have rewritten
    # the quotation as "pride of place". Only the model may judge a cited term.
    assert mt201(text) == [] and not [c for c in find_candidates(text) if c.strong]
    assert [c.target for c in find_candidates(text)] == ["pride of place"]  # still a candidate for the model
    # quoted speech, a sentence of its own, and the same words unquoted are still slips
    for text in ("“The two sides remain in loggerheads,” he said.",
                 "The two sides remain in loggerheads over the budget."):
        [f] = mt201(text)
        assert f.suggestions == ("at",)


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_a_preposition_the_word_before_governs_opens_no_phrase():
    # "on the hoof": the agent's "by" after a past participle is the passive's, not a slip
    for text in ("Legend says the canyon was made by the hoof of Odin's horse.",
                 "The footprints were left by the hoof of a deer."):
        assert mt201(text) == [] and find_candidates(text) == []
    # the same preposition in the phrase's place elsewhere is still a slip
    [f] = mt201("The ministers met at the sidelines of the summit.")
    assert f.suggestions == ("on",)
    [f] = mt201("The two sides remain in loggerheads over the budget.")
    assert f.suggestions == ("at",)


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_a_wrong_form_heading_its_own_of_phrase_is_literal():
    # "the last drop" (for "the last straw") with its own of-complement is a literal drop
    text = "By the time the snowplough reached me, I was down to the last drop of fuel."
    assert mt201(text) == [] and find_candidates(text) == []
    # the wrong form on its own is still caught, and fixed safely
    [f] = mt201("For the farmers, the new tax was the last drop.")
    assert (f.text, f.suggestions, f.safe_fix) == ("drop", ("straw",), "straw")
    # an idiom whose noun takes an of-complement itself ("the lion's share of"): still caught
    [f] = mt201("State firms took the lion's part of the new contracts.")
    assert (f.text, f.suggestions) == ("part", ("share",))
    # a misspelling of the idiom's own word is no literal noun, whatever follows it
    [f] = mt201("The champion came within a hair's breath of defeat.")
    assert (f.text, f.suggestions) == ("breath", ("breadth",))
    # nor is a verb phrase's object ("wreak chaos" for "wreak havoc")
    assert [(f.text, f.suggestions) for f in mt201("The storm wreaked chaos of a kind not seen in decades.")] \
        == [("chaos", ("havoc",))]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_head_of_a_compound_that_is_a_kind_of_it_may_be_reworded():
    # WordNet's "budget deficit" is a kind of deficit: its words mean themselves, and the head's
    # close relative says the same (no finding, so no safe fix writing "deficit")
    assert mt201("The council said it faced a budget shortfall of £4.2m this year.") == []
    assert find_candidates("The country ran a large trade shortfall with its neighbours.", strong_only=True) == []
    # an idiom is no kind of its head word: its head's close relative is still a slip
    assert [(c.slip, c.replacement) for c in find_candidates(
        "The country is trapped in a vicious circuit of debt.", strong_only=True)] == [("sub", "circle")]


@pytest.mark.parametrize("text", [
    "Hospital staff said the patient had a heart blow-out, a rare rupture.",  # joined by a hyphen
    "The rope was finished with a Turk's head knot.",  # the last noun modifies the next one
    "The fishermen said the cold snap would drown the fish traps under ice.",
    "After the match, the team had a drink at the Turk's Head, a pub near the ground.",  # a name
])
def test_a_calque_whose_words_belong_to_other_words_is_no_calque(text):
    assert find_candidates(text) == []


def test_a_calque_whose_rarest_word_the_text_uses_elsewhere_is_read_literally():
    # the article is about the thing itself: no strong finding (only the model may judge it)
    for text in ("Warm the pan, add the first tortilla and flip the tortilla after thirty seconds.",
                 "Anglers tie dry flies for the summer. In spring, the trout would not take the fly.",
                 "Farmers reported cases of wooden tongue in cattle; the wooden tongue is treated with iodine."):
        assert mt201(text) == [] and not any(c.strong for c in find_candidates(text)), text
    # the same calques in running text, a headline, or with the word in another part of speech
    for text, *targets in (("The minister said he would take the fly over the remarks, then flew to Paris.", "take offence"),
                         ("Minister Throws the Sponge Over Budget\n\nThe minister said he would not run again.",
                          "throw in the towel"),
                         ("After the vote, the party decided to throw the sponge; its rival threw the sponge in May.",
                          "throw in the towel", "throw in the towel"),  # a calque twice is no literal use
                         ("The opposition said the new tax was the drop that makes the vase overflow.", "the last straw"),
                         # a very common word used again says nothing of its sense
                         ("Fuel prices did not drop this year. For the farmers, the new tax was the last drop.", "the last straw")):
        assert [c.target for c in find_candidates(text, strong_only=True) if c.strong] == targets, text


def test_relation_evidence():
    if related_words is not None:
        assert relation("hiding", "disguise") == "thesaurus"
    assert relation("proportion", "proportionality") == "stem"
    assert relation("budget", "disguise") is None


def test_cli_reports_the_suggestion(tmp_path, run_cli):
    path = tmp_path / "story.txt"
    original = "The scandal may prove a blessing in hiding for the party.\n"
    path.write_text(original, encoding="utf-8")
    result = run_cli("check", "--no-model", "--select", "MT201", str(path))
    assert result.returncode == 1, result.stderr
    assert ":1:37: MT201" in result.stdout and "disguise" in result.stdout
    assert path.read_text(encoding="utf-8") == original


# -- inflection -------------------------------------------------------------------------------
@pytest.mark.parametrize("base, form, expected", [
    ("flex", "ing", "flexing"), ("flex", "ed", "flexed"), ("flex", "s", "flexes"),
    ("stop", "ing", "stopping"), ("tie", "ing", "tying"), ("make", "ing", "making"),
    ("carry", "s", "carries"), ("carry", "ed", "carried"), ("bear", "ed", "bore"), ("bear", "en", "borne"),
    ("hat-trick", "s", "hat-tricks"), ("have", "s", "has"), ("be", "s", "is"),
])
def test_inflect(base, form, expected):
    assert inflect(base, form) == expected


def test_the_irregular_present_of_be_and_have_is_their_form():
    """"has" is a form of "have", "is" and "are" of "be" (they were not: "haves", "bes"), so a
    phrase or calque opening with either verb is found in the present tense too (probe-idioms)."""
    from mtcheck.inflection import base_candidates, form_of, forms

    assert {"has"} <= forms("have") and {"is", "am", "are"} <= forms("be")
    assert "have" in base_candidates("has") and "be" in base_candidates("is")
    assert (form_of("has"), form_of("is"), form_of("are")) == ("s", "s", "base")
    assert match_form("have", "has") == "has" and match_form("be", "has") == "is"
    assert [(f.text, f.suggestions) for f in mt201("The president has other cats to whip.")] == [
        ("has other cats to whip", ("has bigger fish to fry",))]
    assert [(c.replacement, c.target) for c in find_candidates("The minister has a lot on her dish.")] == [
        ("plate", "have a lot on one's plate")]
    assert mt201("The minister has a lot on her plate.") == []


def test_match_form_follows_the_found_word():
    assert match_form("flex", "wrapping") == "flexing"
    assert match_form("bear", "carried") == "bore"
    assert match_form("muscles", "arms") == "muscles"
    assert match_form("tip", "Peak") == "Tip"
    assert match_form("door", "gates") == "doors"


@pytest.mark.parametrize("found", ["chaos", "lens", "politics", "news"])
def test_a_word_that_only_ends_in_s_gives_no_plural(found):
    """"wreaked chaos" → "wreaked havoc", not "havocs": "chaos" is no -s form of a noun or verb."""
    assert match_form("havoc", found) == "havoc"


# -- precision on real prose ------------------------------------------------------------------
GOLD = [json.loads(line) for line in (REPO / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines()] \
    if (REPO / "samples" / "gold.jsonl").exists() else []


def _file(path):
    text = path.read_bytes().decode("utf-8")
    return check_text(text, config={"select": ["MT201"]}, markdown=path.suffix == ".md")


@pytest.mark.skipif(not GOLD, reason="sample corpus not present")
def test_silent_on_clean_samples_and_precise_on_garbled_ones():
    for gold in GOLD:
        assert _file(REPO / gold["clean"]) == [], gold["clean"]
        for f in _file(REPO / gold["garbled"]):
            match = [e for e in gold["errors"] if e["start"] < f.end and f.start < e["end"]]
            assert match, (gold["id"], f.text, f.suggestions)


CLEAN_FILES = sorted(p for p in CLEAN_NEWS.glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md") \
    if CLEAN_NEWS.is_dir() else []


@pytest.mark.skipif(not CLEAN_FILES, reason="clean news corpus not present")
def test_silent_on_the_clean_news_corpus():
    assert [(p.name, f.text, f.suggestions) for p in CLEAN_FILES for f in _file(p)] == []


IDIOMATIC = REPO / "tests" / "data" / "idiomatic" / "sentences.txt"


def test_silent_on_correct_idiomatic_sentences():
    sentences = [line for line in IDIOMATIC.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(sentences) >= 100
    found = [(s, f.rule, f.text, f.suggestions) for s in sentences for f in check_text(s)]  # every rule
    assert found == []


LITERAL = REPO / "tests" / "data" / "idiomatic" / "literal.txt"
# Without the model, a near-synonym in a figurative phrase's place is still taken for a slip where
# the words as found are a literal collocation of their own, which no lexical evidence here can
# show: the hands are muddy from planting trees, the fly-half kicked the ball into touch, anglers
# fish in polluted water. The model withdraws the third, not the other two (calibrate_idioms.py).
RULES_ONLY_LIMITS = {
    "Anglers were warned not to fish in polluted waters downstream of the chemical plant near Rouen.",
    "Volunteers got their hands muddy planting 500 trees along the river in Nottingham.",
    "The fly-half booted the ball into touch to end the match and seal victory for Leinster.",
}


def test_silent_on_literal_uses_of_figurative_phrases_but_three():
    sentences = [line for line in LITERAL.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(sentences) >= 100
    assert {s for s in sentences if check_text(s)} == RULES_ONLY_LIMITS  # every rule


@pytest.mark.slow
@pytest.mark.skipif(not CLEAN_FILES, reason="clean news corpus not present")
def test_silent_on_the_clean_news_corpus_with_the_model():
    from mtcheck.api import make_checker
    from mtcheck.document import Document

    checker = make_checker(config={"select": ["MT201"]}, model=True)  # one model for the corpus
    found = []
    for p in CLEAN_FILES:
        doc = Document(p.read_bytes().decode("utf-8"), p.name, markdown=p.suffix == ".md")
        found += [(p.name, f.text) for f in checker.check(doc) if f.rule == "MT201"]
    assert found == []


# -- the article that started the project (read-only, optional) -------------------------------
SEED_DIRS = [d / "seeds" for d in (SHARED, SHARED.parent.parent / "shared") if (d / "seeds").is_dir()]
SEEDS = sorted(SEED_DIRS[0].glob("000_*.txt")) if SEED_DIRS else []


@pytest.mark.skipif(not SEEDS, reason="shared seed article not available")
def test_seed_article_is_not_flagged_outside_its_errors():
    text = SEEDS[0].read_text(encoding="utf-8")
    for f in mt201(text):
        assert f.suggestions, f


# -- the rule's documented examples -----------------------------------------------------------
@pytest.mark.parametrize("example", __import__("mtcheck.rules.idioms", fromlist=["BrokenIdiom"]).BrokenIdiom.examples,
                         ids=lambda e: e.text[:40])
def test_rule_examples(example):
    found = mt201(example.text)
    if example.flagged is None:
        assert found == []
    else:
        assert found and found[0].text == example.flagged
        assert example.fix is None or found[0].suggestions[0] == example.fix


# -- the model's verification (a stand-in scorer: the real model is in the slow tests) ---------
class _Cache:
    def __init__(self):
        self.data = {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value):
        self.data[key] = value


class _Scorer:
    def __init__(self, gain):
        self.gain, self.calls = gain, 0

    def gains(self, text, edits):
        self.calls += 1
        return [[self.gain] * len(reps) for _, _, reps in edits]


@pytest.mark.parametrize("gain, expected", [(20.0, [("eight", ("nine",))]), (1.0, [])])
def test_model_verifies_weak_candidates(gain, expected):
    from mtcheck.document import Document
    from mtcheck.model.idioms import verify

    doc = Document("The fans were on cloud eight after the final.", "x.txt")
    assert mt201(doc.text) == []  # weak evidence: silent without the model
    scorer, cache = _Scorer(gain), _Cache()
    found = verify(doc, [], lambda: scorer, cache, "fp")
    assert [(doc.text[f.start:f.end], f.suggestions) for f in found] == expected
    verify(doc, [], lambda: scorer, cache, "fp")
    assert scorer.calls == 1  # the second check reads the cache


@pytest.mark.parametrize("text, span, fix", [
    ("The rebels agreed to lay down their weapons by Friday.", "weapons", "arms"),
    ("He pulled the string of the kite until it rose.", "pulled the string", "pulled strings"),
])
@pytest.mark.parametrize("gain, withdrawn", [(-2.5, True), (0.5, False)])
def test_the_model_withdraws_a_strong_candidate_it_does_not_prefer(text, span, fix, gain, withdrawn):
    """A paraphrase the lexical evidence calls strong ("weapons" is a synonym of "arms"), or a
    known-wrong form used literally, is withdrawn when the model prefers the words as written; a
    gain keeps the rule's finding."""
    from mtcheck.document import Document
    from mtcheck.finding import WITHDRAWN
    from mtcheck.model.idioms import verify

    doc = Document(text, "x.txt")
    [own] = mt201(doc.text)
    assert (doc.text[own.start:own.end], own.suggestions) == (span, (fix,))
    found = verify(doc, [own], lambda: _Scorer(gain), _Cache(), "fp")
    assert [(f.origin, f.start, f.end) for f in found] == ([(WITHDRAWN, own.start, own.end)] if withdrawn else [])


@pytest.mark.parametrize("gain, withdrawn", [(-30.0, True), (0.5, False)])
def test_the_model_judges_a_calque_against_its_literal_reading(gain, withdrawn):
    """A calque used literally ("Grass snakes swallow toads") is more likely as written than with
    the English idiom put in: withdrawn. A calque the model prefers the idiom to stands."""
    from mtcheck.document import Document
    from mtcheck.finding import WITHDRAWN
    from mtcheck.model.idioms import verify

    doc = Document("Critics said the minister was making an elephant out of a fly.", "x.txt")
    [own] = mt201(doc.text)
    found = verify(doc, [own], lambda: _Scorer(gain), _Cache(), "fp")
    assert [f.origin for f in found] == ([WITHDRAWN] if withdrawn else [])


def _verified(text: str, gain: float):
    from mtcheck.document import Document
    from mtcheck.model.idioms import verify

    doc = Document(text, "x.txt")
    return [(doc.text[f.start:f.end], f.suggestions, f.confidence)
            for f in verify(doc, [], lambda: _Scorer(gain), _Cache(), "fp")]


def test_the_prior_reports_a_slip_under_the_margin_on_its_evidence():
    """Every word of the phrase as written, one article dropped: the slip's prior bits let a gain
    under the margin through (the same gain on a bare substitution does not), and confidence
    grows with gain + prior."""
    from mtcheck.model.idioms import IDIOM_MARGIN, prior, prior_class

    text = "The talks were left up in air after the minister quit."
    assert mt201(text) == []
    [c] = find_candidates(text)
    assert (c.slip, c.relation, c.strong, prior_class(c)) == ("drop", "article", False, "shape")
    gain = IDIOM_MARGIN - prior("shape") + 0.5
    assert gain < IDIOM_MARGIN
    [(span, fixes, low)] = _verified(text, gain)
    assert (span, fixes) == ("air", ("the air",))
    [(_, _, high)] = _verified(text, gain + 5)
    assert low < high
    assert _verified(text, IDIOM_MARGIN - prior("shape") - 0.5) == []


def test_a_weak_substitution_needs_the_margin_less_its_class_prior():
    """A noun of the phrase's narrow field with one word kept ("cake" for "pie": baked goods) is
    only a weak candidate: the model decides, with its class's small prior (a figurative
    phrase's: the literal uses of tests/data/idiomatic/literal.txt gain nearly as much as
    garbles, so the prior is what keeps the largest of them IDIOM_SPARE below the margin)."""
    from mtcheck.model.idioms import IDIOM_MARGIN, IDIOM_SPARE, prior, prior_class

    text = "The governor said the scheme was a cake in the sky."
    [c] = find_candidates(text)
    assert (c.slip, c.relation, c.strong, prior_class(c)) == ("sub", "field", False, "sub-figurative")
    assert 0 < prior("sub-figurative") < IDIOM_SPARE + 1
    assert _verified(text, IDIOM_MARGIN - prior("sub-figurative") - 0.5) == []
    assert [f[:2] for f in _verified(text, IDIOM_MARGIN - prior("sub-figurative"))] == [("cake", ("pie",))]


def test_the_prior_is_what_the_calibration_dump_gives():
    """PRIOR_BITS are the offsets benchmarks/calibrate_idioms.py fits on its committed dump, and
    with them every clean candidate of the dump stays IDIOM_SPARE below the margin."""
    import sys

    from mtcheck.model.idioms import IDIOM_MARGIN, IDIOM_SPARE, PRIOR_BITS, prior

    sys.path.insert(0, str(REPO / "benchmarks"))
    import calibrate_idioms

    rows = [json.loads(line) for line in calibrate_idioms.DUMP.read_text(encoding="utf-8").splitlines()]
    assert calibrate_idioms.fit(rows) == PRIOR_BITS
    clean = [r for r in rows if r["label"] == "clean" and not r["strong"]]
    assert len(clean) >= 200
    assert max(r["gain"] + prior(r["class"]) for r in clean) <= IDIOM_MARGIN - IDIOM_SPARE


def test_the_calibration_tells_where_a_dev_garble_is_lost():
    """calibrate_idioms.lost: a garble with no candidate is the candidate generation's miss; one
    proposed weak below the margin, or strong and withdrawn, is the model's; a candidate with
    another fix is neither found nor missing a candidate."""
    import sys

    from mtcheck.model.idioms import IDIOM_MARGIN, prior

    sys.path.insert(0, str(REPO / "benchmarks"))
    import calibrate_idioms

    def cand(label, gain, strong=False, cls="sub-related"):
        return {"label": label, "gain": gain, "strong": strong, "class": cls}

    weak_pass = IDIOM_MARGIN - prior("shape")
    assert calibrate_idioms.lost([]) == "no candidate"
    assert calibrate_idioms.lost([cand("other", 30.0)]) == "no candidate"
    assert calibrate_idioms.lost([cand("wrong-fix", 30.0)]) == "wrong fix only"
    assert calibrate_idioms.lost([cand("hit", IDIOM_MARGIN - 0.5)]) == "weak, below the margin"
    assert calibrate_idioms.lost([cand("hit", weak_pass, cls="shape")]) == "found"
    assert calibrate_idioms.lost([cand("hit", weak_pass - 0.5, cls="shape")]) == "weak, below the margin"
    assert calibrate_idioms.lost([cand("hit", -1.0, strong=True)]) == "strong, withdrawn"
    assert calibrate_idioms.lost([cand("hit", 1.0, strong=True)]) == "found"


# -- the matcher's quick tests and cache change no result --------------------------------------
def _speed_texts() -> list[str]:
    texts = [carrier(filled(e)) for e in PHRASES[::3]]
    if related_words is not None:
        texts += [carrier(g[1]) for g in map(garble, PHRASES) if g is not None]
    for name in ("idioms_garbled.jsonl", "idioms_literal.jsonl"):
        path = REPO / "benchmarks" / "data" / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                texts += [row[k] for k in ("garbled_text", "clean_text", "text") if isinstance(row.get(k), str)]
    texts += [p.read_text(encoding="utf-8") for p in CLEAN_FILES[:5]]
    return texts


def test_quick_tests_before_aligning_change_no_candidate(monkeypatch):
    """The prefilters (_may_align, _may_be_strong) and the per-form triggers only skip
    alignments that could make no candidate (no strong one): with them off, all is the same."""
    from mtcheck.rules import idioms

    texts = _speed_texts()
    fast = [find_candidates(t) for t in texts]
    strong = [find_candidates(t, strong_only=True) for t in texts]
    monkeypatch.setattr(idioms, "_SELECTIONS", ({}, {}))
    monkeypatch.setattr(idioms, "_selection", lambda specs, which: (frozenset(), (), tuple(range(len(specs)))))
    monkeypatch.setattr(idioms, "_may_align", lambda spec, lows, t, least=0.0: True)
    monkeypatch.setattr(idioms, "_may_be_strong", lambda spec, lows, t: True)
    assert [find_candidates(t) for t in texts] == fast
    assert [find_candidates(t, strong_only=True) for t in texts] == strong
    assert sum(map(len, fast)) > 100


def test_strong_only_is_the_strong_part_of_all_candidates():
    for text in _speed_texts():
        assert find_candidates(text, strong_only=True) == [c for c in find_candidates(text) if c.strong], text


def test_cached_lexicon_is_the_lexicon(tmp_path, monkeypatch):
    """The lexicon and its indexes as loaded from the user cache equal a fresh build."""
    import marshal

    from mtcheck.rules import idioms

    built = idioms._compile("")
    assert marshal.loads(marshal.dumps(built)) == built == idioms._compiled()
    assert [(e.phrase, e.items, e.target, e.kind) for e in load_entries()] == \
        [(e.phrase, e.items, e.target, e.kind) for e in ENTRIES]


@pytest.mark.skipif(related_words is None, reason="mtcheck.thesaurus not present")
def test_thesaurus_filter_loses_no_relation(monkeypatch):
    """relation() asks the thesaurus only where the cached filter says the words may be
    related: it must never answer None where the thesaurus would relate them."""
    from mtcheck.rules import idioms
    from mtcheck.thesaurus import related_ranked

    words = sorted(idioms._compiled()[3][1])
    pairs = []
    for c in words[::9]:
        near = related_ranked(c)[:30]
        for w in near:
            pairs += [(w, c), (w + "s", c), (w + "ed", c), (w + "ing", c)]  # inflected too
        for w in near[:3]:
            pairs += [(f, c) for f in related_ranked(w)[:20]]  # two steps away
        pairs += [(w, c) for w in words[::131]]
    pairs = [(f, c) for f, c in dict.fromkeys(pairs) if " " not in f]
    with_filter = [idioms.relation.__wrapped__(f, c) for f, c in pairs]
    monkeypatch.setattr(idioms, "_may_relate", lambda found, canonical: True)
    assert [idioms.relation.__wrapped__(f, c) for f, c in pairs] == with_filter
    assert with_filter.count("thesaurus") > 1000 and with_filter.count(None) > 1000


@pytest.mark.parametrize("text", [
    "Its finance minister said the talks would resume.",
    "Their race against time ended on Friday.",
    "That drop in the ocean will not help.",
])
def test_the_determiner_opening_a_phrase_is_no_slip(text):
    # "a race against time" may open with any determiner the sentence needs: not even a weak
    # candidate for the model to verify (the model prefers "A" to "Its" by 20 bits there).
    assert find_candidates(text) == []


def test_the_opening_article_stands_for_any_determiner():
    """"another feather in her hat" is "a feather in one's cap" with one slip, not two: the
    phrase's opening article matches the determiner the sentence chose (probe-idioms, dev2)."""
    found = mt201("The gold medal was another feather in her hat.")
    assert [(f.text, f.suggestions) for f in found] == [("hat", ("cap",))]
    assert find_candidates("The gold medal was another feather in her cap.") == []


@pytest.mark.parametrize("text, replacement, safe", [
    ("They had other cats to whip.", "had bigger fish to fry", True),  # the verb inflected like the text's
    ("The party is sitting on two chairs over the budget.", "having it both ways", True),
    ("The agreement remained ink on paper for years.", "a dead letter", False),  # would drop the verb's tense
    ("Officials warned against selling the bear's skin before killing it.",
     "counting one's chickens before they hatch", False),  # "one's" left for the editor to fill
])
def test_a_calque_fix_is_safe_only_when_it_keeps_the_sentence_grammatical(text, replacement, safe):
    from mtcheck.rules.idioms import safe_reason

    (c,) = find_candidates(text)
    assert c.replacement == replacement
    assert bool(safe_reason(c)) is safe


def test_a_calque_with_a_literal_reading_has_no_safe_fix():
    # A calque whose words also have a common literal sense (data column `reading`) is reported,
    # with its suggestion, but its fix is left to the user.
    from dataclasses import replace

    from mtcheck.rules.idioms import message, safe_reason

    text = "They had other cats to whip."
    (c,) = find_candidates(text)
    assert safe_reason(c) and not c.literal
    literal = replace(c, literal=True)
    assert safe_reason(literal) is None
    assert literal.replacement == c.replacement
    assert "literal sense" in message(text, literal) and "literal sense" not in message(text, c)


def test_a_literal_calques_finding_keeps_its_suggestion_but_no_safe_fix(monkeypatch):
    # The finding must not fall back on "a single, confident correction" either.
    from dataclasses import replace

    import mtcheck.rules.idioms as idioms

    text = "They had other cats to whip."
    (plain,) = mt201(text)
    assert plain.safe_fix == "had bigger fish to fry"
    found = idioms.find_candidates
    monkeypatch.setattr(idioms, "find_candidates", lambda *a, **k: [replace(c, literal=True) for c in found(*a, **k)])
    (literal,) = mt201(text)
    assert literal.suggestions == plain.suggestions and literal.severity == plain.severity
    assert literal.safe_fix is None and "unsafe-fixes" in literal.fix_safety["reason"]


@pytest.mark.parametrize("text, calque", [
    ("Grass snakes swallow toads whole.", "swallow toads"),
    ("Cut the cod into chunks.", "cut the cod"),
    ("The caterpillars eat the leaf.", "eat the leaf"),
    ("Yesterday's snow had melted.", "yesterday's snow"),
    ("Careful packing helps limit the breakage in transit.", "limit the breakage"),
    ("The doctor had to empty the abscess.", "empty the abscess"),
    ("After the regatta the crew put the sails away.", "put the sails"),
    ("The trout would not take the fly.", "take the fly"),
])
def test_calques_marked_literal_are_reported_without_a_safe_fix(text, calque):
    # Correct copy in the calque's literal sense: still a finding (rules only), but --fix must
    # not rewrite it.
    assert any(e.phrase == calque and e.literal for e in ENTRIES)
    (f,) = mt201(text)
    assert f.suggestions and f.safe_fix is None


@pytest.mark.parametrize("text, fix", [
    ("They had other cats to whip.", "had bigger fish to fry"),
    ("The new stadium cost the eyes of the face.", "cost an arm and a leg"),
    ("He was hanging noodles on our ears about the budget.", None),
])
def test_calques_not_marked_literal_keep_their_safe_fix(text, fix):
    (f,) = mt201(text)
    assert f.safe_fix == fix or fix is None and f.safe_fix


@pytest.mark.parametrize("text", [
    "Prices will rise again at the end of the month, the ministry said.",
    "Talks will resume at the end of the week in Geneva.",
    "The farm has flooded year in, year out since the dam was built.",
])
def test_one_span_of_time_for_another_names_another_time(text):
    """Probe 11: "at the end of the month" had a safe fix to "day". A span of time in the place
    of the phrase's names another time, literally: only the model may judge it."""
    assert [(c.strong, c.relation) for c in find_candidates(text) if c.strong] == []
    assert check_text(text, config={"select": ["MT201"]}) == []
    # Another kind of word in the same place is still a slip.
    assert [f.suggestions for f in check_text("The fine was a drop in the lake for the bank.",
                                              config={"select": ["MT201"]})] == [("ocean",)]


@pytest.mark.parametrize("text", [
    "President Emmanuel Macron, who cannot seek a third term, did not comment.",
    "The bill passed a third reading on Tuesday.",
])
def test_one_ordinal_for_another_counts_literally(text):
    """Probe 13: "who cannot seek a third term" had a safe fix to "second" (MT201, "a second
    term"). One place in a sequence for another counts literally, it is no slip."""
    assert [(c.strong, c.relation) for c in find_candidates(text) if c.strong] == []
    assert check_text(text, config={"select": ["MT201"]}) == []


@pytest.mark.parametrize("text, flagged", [
    # a headline, subhead or caption stands alone without closing punctuation: headlinese drops
    # its articles, in sentence case as in title case
    ("Hospital workers stage walkout\n\nNurses in Leeds staged a walkout on Monday.\n", False),
    ("Nurses back pay deal\n\nHospital workers stage walkout\n\nThe union said so.\n", False),
    # the same words in running text, or on a line that runs on, are a slip
    ("In Leeds, hospital workers decided to stage walkout on Monday.\n", True),
    ("Hospital workers stage walkout\nin Leeds over pay, the union said.\n", True),
])
def test_article_dropped_only_outside_display_lines(text, flagged):
    found = [f for f in check_text(text, config={"select": ["MT201"]}) if f.rule == "MT201"]
    assert [(f.text, f.suggestions[:1]) for f in found] == ([("walkout", ("a walkout",))] if flagged else [])


@pytest.mark.parametrize("text, found", [
    # the idiom opens with a word the text has just written: not written again
    ("The talks are now on the final straight line, the envoy said.", ("the final straight line", "the home straight")),
    ("The talks have entered the final straight line, the envoy said.",
     ("the final straight line", "on the home straight")),
    # a simile calque gets a simile, whatever verb comes before it
    ("Protest groups have sprung up like bamboo shoots after the rain.", ("like bamboo shoots after the rain", "like mushrooms")),
    ("Protest groups appeared like bamboo shoots after the rain.", ("like bamboo shoots after the rain", "like mushrooms")),
])
def test_calque_suggestion_does_not_repeat_the_words_around_it(text, found):
    assert [(f.text, f.suggestions[0]) for f in check_text(text, config={"select": ["MT201"]})] == [found]


def test_a_phrase_noun_before_a_word_that_can_be_a_noun_is_a_modifier_not_a_slip():
    """Probe: "came under the fire escape" was flagged as "come under fire" with a safe fix that
    cut it to "came under fire escape": "escape" is a verb first, and only the commonest sense
    was asked whether the noun phrase goes on."""
    text = "Firefighters came under the fire escape to reach residents trapped on the third floor."
    assert [f for f in check_text(text) if f.rule == "MT201"] == []
    assert [f.text for f in check_text("The health minister came under the fire for the slow rollout.")
            if f.rule == "MT201"] == ["the fire"]
