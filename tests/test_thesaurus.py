"""mtcheck.thesaurus: WordNet near-synonyms from the shipped data file."""

import subprocess
import sys

from mtcheck import thesaurus


def test_synonyms_of_an_inflected_verb_are_base_forms():
    assert "issue" in thesaurus.related_words("published")
    assert "issue" in thesaurus.synonyms("published")


def test_sister_terms_reach_the_specific_word():
    # stick -> club -> baton (truncheon): a translator's "sticks" for batons
    assert "baton" in thesaurus.related_words("sticks")
    assert "summit" in thesaurus.related_words("peak")
    assert "election" in thesaurus.related_words("selection")


def test_unknown_words_and_the_word_itself():
    assert thesaurus.related_words("xyzzyq") == frozenset()
    assert thesaurus.pos("xyzzyq") == frozenset()
    assert "publish" not in thesaurus.related_words("published")
    assert "stick" not in thesaurus.related_words("stick")


def test_results_are_lowercase_and_part_of_speech_is_known():
    words = thesaurus.related_words("Fire")
    assert words and all(w == w.lower() for w in words)
    assert thesaurus.pos("heavy") >= {"a"}
    assert thesaurus.pos("published") >= {"v"}
    assert all(p in "nvar" for p in thesaurus.pos("number"))
    verbs = thesaurus.related_ranked("judged", pos="v")
    assert "estimate" in verbs and "justice" not in verbs  # the noun sense stays out


def test_the_data_file_carries_wordnet_license_and_stays_small():
    from importlib import resources

    path = resources.files("mtcheck").joinpath("data", "thesaurus.tsv")
    text = path.read_text(encoding="utf-8")
    assert "Princeton University" in text[:3000] and "WordNet 3.0 Copyright 2006" in text[:3000]
    assert len(text.encode()) < 4_000_000


def test_importing_mtcheck_does_not_load_the_thesaurus():
    code = "import mtcheck.cli, mtcheck.engine, sys; print('mtcheck.thesaurus' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parsed_data_is_cached_and_a_damaged_cache_is_parsed_again(tmp_path, monkeypatch):
    from mtcheck import resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def parse(text):
        calls.append(1)
        return [len(text), ("a", 1)]

    first = resources.parsed_data("titles.txt", parse)
    assert resources.parsed_data("titles.txt", parse) == first and len(calls) == 1  # the second came from the cache
    (cached,) = (tmp_path / "mtcheck" / "data").glob("titles.txt-*.marshal")
    cached.write_bytes(b"\x00garbage")
    assert resources.parsed_data("titles.txt", parse) == first and len(calls) == 2


def test_parsed_data_of_other_file_versions_is_pruned_when_unused_for_a_month(tmp_path, monkeypatch):
    """Every upgrade changes a data file's key; its old parsed copies must not pile up."""
    import os
    import time

    from mtcheck import resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "mtcheck" / "data"
    folder.mkdir(parents=True)
    month_ago = time.time() - 31 * 86400
    for name in ("titles.txt-oldversion-v1.marshal", "titles.txt-recent-v1.marshal", "other.tsv-old-v1.marshal"):
        (folder / name).write_bytes(b"")
        os.utime(folder / name, (month_ago, month_ago))
    os.utime(folder / "titles.txt-recent-v1.marshal")  # another version in use (another checkout)
    resources.parsed_data("titles.txt", lambda text: len(text))
    left = sorted(p.name for p in folder.iterdir())
    assert "titles.txt-oldversion-v1.marshal" not in left
    assert "titles.txt-recent-v1.marshal" in left and "other.tsv-old-v1.marshal" in left
    assert len([n for n in left if n.startswith("titles.txt-")]) == 2


def test_distance_in_meaning():
    from mtcheck import thesaurus

    assert thesaurus.distance("published", "issue") == 0  # one synset, inflection reduced
    assert thesaurus.distance("stick", "club") == 1  # linked
    assert thesaurus.distance("stick", "baton") == 2  # sister terms, through "club"
    assert thesaurus.distance("stick", "zebra") is None
    assert thesaurus.distance("qwertyuiop", "stick") is None


def test_a_hypernym_without_common_words_still_makes_sister_terms():
    """WordNet's "crocodilian" is too rare to keep as a word, but the common words below it are
    sister terms through it (the garble "shed alligator tears"); it adds no word of its own."""
    from mtcheck import thesaurus
    from mtcheck.rules.idioms import find_candidates

    assert thesaurus.distance("alligator", "crocodile") == 2
    assert "crocodile" in thesaurus.related_words("alligators")
    assert "crocodilian" not in thesaurus.related_words("crocodile")
    found = find_candidates("Politicians shed alligator tears over closed factories.")
    assert [c.replacement for c in found] == ["crocodile"]


def test_antonyms_data_carries_the_license_and_holds_pairs_both_ways():
    from mtcheck.resources import data_lines, data_text

    assert "WordNet 3.0 Copyright 2006 by Princeton University" in data_text("antonyms.txt")
    pairs = set(data_lines("antonyms.txt"))
    assert len(pairs) > 1000
    assert all(len(p.split(" ")) == 2 and " ".join(reversed(p.split(" "))) in pairs for p in pairs)


def test_antonyms_in_any_base_form():
    assert thesaurus.are_antonyms("worst", "best") and thesaurus.are_antonyms("lost", "won")
    assert thesaurus.are_antonyms("High", "low")
    assert not thesaurus.are_antonyms("worst", "bad") and not thesaurus.are_antonyms("ship", "boat")


def test_an_undoubled_ed_or_ing_form_is_not_read_as_a_doubling_stem():
    """Probe of fresh correct prose (probe-model): "The court fined the search engine..." drew
    "provided" because "fined" was also read as "fin" + ed (to equip with fins: outfit, provide);
    a short consonant-vowel-consonant verb doubles its consonant ("finned", "hopped"), so
    "fined", "hoped", "rated" are forms of "fine", "hope", "rate" only."""
    from mtcheck.inflection import base_candidates

    assert "fin" not in base_candidates("fined") and "fine" in base_candidates("fined")
    assert "hop" not in base_candidates("hoping") and "hope" in base_candidates("hoping")
    assert "rat" not in base_candidates("rated")
    assert "hop" in base_candidates("hopped") and "stop" in base_candidates("stopping")
    assert "visit" in base_candidates("visited") and "open" in base_candidates("opened")
    assert "provide" not in thesaurus.related_words("fined")
    assert thesaurus.distance("fined", "provided") is None
