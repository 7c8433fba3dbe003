"""The generated name data files are well formed: the word list must stay sorted (it is
binary-searched), the gazetteer must have known kinds and no duplicates."""

from __future__ import annotations

from mtcheck.glossary.matching import plain
from mtcheck.glossary.reference import gazetteer, zipf
from mtcheck.resources import data_text

KINDS = {"country", "capital", "city", "town", "region", "continent", "state", "demonym"}


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


def test_places_below_a_million_and_regions_are_listed():
    kinds = {p.name: p.kind for p in gazetteer().places}
    assert kinds["Mariupol"] == kinds["Batumi"] == kinds["Idlib"] == "town"
    assert kinds["Tigray"] == kinds["Kerala"] == kinds["Emilia-Romagna"] == "region"
    # for the other name rules only well-known places are places: "Paul" is also a region
    places = gazetteer()
    assert places.known_any("Mariupol") and places.known_any("Paul")
    assert not places.known("Mariupol") and not places.known("Paul") and places.known("Kyiv")


def test_variants_are_sorted_plain_forms_known_but_never_listed():
    lines = data_text("place_variants.txt").splitlines()
    assert lines == sorted(set(lines)) and all(line == plain(line) for line in lines)
    places = gazetteer()
    assert places.known_any("Kharkov") and places.known_any("Aymara")  # another spelling; another name
    assert "kharkov" not in places.by_plain and not set(lines) & set(places.by_plain)
    assert not places.known_any("Kherzon") and not places.known("Kharkov")
