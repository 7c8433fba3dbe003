"""The generated name data files are well formed: the word list must stay sorted (it is
binary-searched), the gazetteer must have known kinds and no duplicates."""

from __future__ import annotations

from mtcheck.glossary.reference import gazetteer, zipf
from mtcheck.resources import data_text

KINDS = {"country", "capital", "city", "continent", "state", "demonym"}


def test_word_list_is_sorted_unique_and_parseable():
    lines = data_text("word_zipf.tsv").splitlines()
    words = [line.split("\t")[0] for line in lines]
    assert words == sorted(set(words))
    assert all(0 < float(line.split("\t")[1]) < 8 for line in lines)
    assert len(words) > 40_000


def test_word_lookup_finds_first_last_and_missing_words():
    lines = data_text("word_zipf.tsv").splitlines()
    first, last = lines[0].split("\t"), lines[-1].split("\t")
    assert zipf(first[0]) == float(first[1]) and zipf(last[0]) == float(last[1])
    assert zipf("The") > 7 > zipf("Gregorian") > 2 and zipf("Grigorian") == 0.0
    assert zipf("zzzzzz") == 0.0 and zipf("") == 0.0


def test_gazetteer_kinds_and_no_duplicates():
    places = gazetteer().places
    assert {p.kind for p in places} == KINDS
    names = [p.name for p in places]
    assert len(names) == len(set(names))
    assert {"Azerbaijan", "Yerevan", "Armenian", "Buenos Aires", "Africa"} <= set(names)
