"""Candidate replacements for a word: spelling and sound neighbours from wordfreq's English
frequency list, morphological variants, and names from the glossary and the article.
(The model's own predictions at the position are added by the scorer, which has the logits.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..english import function_words  # noqa: F401  (used here and by the scorer)
from ..resources import cached_value
from .settings import SETTINGS

_ALPHA = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_SUFFIXES = ("", "s", "es", "ed", "d", "ing", "er", "ers", "ly", "al", "ally", "ic", "ical", "ion", "ions",
             "ive", "ity", "ment", "ness", "ful", "less", "ous")


@lru_cache(maxsize=1)
def vocabulary() -> tuple[tuple[str, ...], dict[str, float]]:
    """Common lowercase English words and their Zipf frequencies (wordfreq), kept in the user
    cache: reading them from wordfreq costs 0.75 s a process."""
    return cached_value(f"{_cache_key('vocabulary')}-v1", lambda: _vocabulary(SETTINGS["vocabulary_size"]))


def _cache_key(what: str) -> str:
    """The user-cache key of data built from wordfreq's list: its version and our list size."""
    from importlib.metadata import version

    return f"{what}-wordfreq{version('wordfreq')}-{SETTINGS['vocabulary_size']}"


def _vocabulary(size: int) -> tuple[tuple[str, ...], dict[str, float]]:
    from wordfreq import top_n_list, zipf_frequency

    words = tuple(w for w in top_n_list("en", size) if _ALPHA.match(w) and len(w) > 1)
    return words, {w: zipf_frequency(w, "en") for w in words}


# The model keeps wordfreq (not mtcheck.english's word_zipf.tsv): its candidates come from
# wordfreq's top-N list with exact frequencies, which MT901's margins were calibrated on;
# word_zipf.tsv is a rounded extract of the same data for the rules, who must run without it.
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of `word`: from the vocabulary's table when the word is in it
    (the same value, stored from zipf_frequency), else from wordfreq (40 us a call)."""
    found = vocabulary()[1].get(word)
    return found if found is not None else _wordfreq_zipf(word)


@lru_cache(maxsize=16384)
def _wordfreq_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def similarity(a: str, b: str) -> float:
    """0..1 normalized indel similarity of the lowercase forms."""
    from rapidfuzz.fuzz import ratio

    return ratio(a.lower(), b.lower()) / 100.0


@lru_cache(maxsize=1)
def _sound_index() -> dict[str, list[str]]:
    def build() -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for w in vocabulary()[0]:
            index.setdefault(sound_key(w), []).append(w)
        return index

    # v1: sound_key as below; change the version with it.
    return cached_value(f"{_cache_key('sounds')}-v1", build)


_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")
_SOUND_SUBS = (("ph", "f"), ("ck", "k"), ("c", "k"), ("q", "k"), ("z", "s"), ("x", "ks"), ("gh", "g"),
               ("wr", "r"), ("kn", "n"), ("dg", "j"))


def sound_key(word: str) -> str:
    """A rough phonetic key: first letter, then consonants with common spellings folded."""
    w = word.lower()
    for a, b in _SOUND_SUBS:
        w = w.replace(a, b)
    w = _DOUBLES.sub(r"\1", w)
    return w[:1] + _VOWELS.sub("", w[1:])


def _stem(word: str) -> str:
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if suffix and word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=4096)
def neighbours(word: str) -> tuple[str, ...]:
    """Spelling, sound and morphological neighbours of a lowercase word, best first (kept per
    word: a search of the whole vocabulary, and articles repeat their words)."""
    from rapidfuzz import process
    from rapidfuzz.fuzz import ratio

    words, freq = vocabulary()
    limit = SETTINGS["spelling_neighbours"]
    found = process.extract(word, words, scorer=ratio, score_cutoff=SETTINGS["min_similarity"] * 100,
                            limit=limit * 12)
    fw = function_words()
    spelled = [w for w, _, _ in found if w != word and w not in fw]
    # Among near spellings, prefer common words (a rare near-homograph is rarely intended)
    # and words that keep the beginning (MT garbles tend to keep a word's root).
    spelled.sort(key=lambda w: -(ratio(word, w) / 100 * 4 + freq.get(w, 0) + 2 * (w[:3] == word[:3])))
    sounds = [w for w in _sound_index().get(sound_key(word), []) if w != word]
    stem = _stem(word)
    morph = [stem + s for s in _SUFFIXES if stem + s in freq and stem + s != word]
    return tuple(dict.fromkeys(spelled[:limit] + sounds[:3] + morph[:4]))


@lru_cache(maxsize=1)
def _collocations() -> dict[str, tuple[str, ...]]:
    from ..resources import data_rows

    return {row["preposition"]: tuple(row["verbs"].split()) for row in data_rows("model_collocations.tsv")}


def collocation_candidates(word: str, following: list[str]) -> list[str]:
    """Verbs that govern a preposition among the next words, inflected like `word`."""
    verbs = next((_collocations()[w] for w in following if w in _collocations()), ())
    freq = vocabulary()[1]
    out = []
    for verb in verbs[:3]:
        forms = [verb]
        if word.endswith(("ing", "ed", "s")) and not word.endswith("ss"):
            forms = [verb + x + suffix for suffix in ("ing", "ed", "es", "s") if word.endswith(suffix)
                     for x in ("", verb[-1])] + [verb[:-1] + suffix for suffix in ("ing", "ed") if word.endswith(suffix)]
        out += [f for f in forms if f in freq][:1]
    return out


def entity_candidates(word: str, entities: list[str]) -> list[str]:
    """Names from the article or glossary spelled like `word` (for garbled names)."""
    cutoff = SETTINGS["entity_similarity"]
    return [e for e in entities if e != word and similarity(e, word) >= cutoff][:3]


def match_case(template: str, word: str) -> str:
    if template[:1].isupper() and not word[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
