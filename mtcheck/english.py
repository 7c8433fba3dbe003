"""What mtcheck knows about English, in one place: how common a word is, function words,
titles and honorifics, what a word, a space and a capitalised word are, and the frequency
thresholds the rules share.

Word frequencies come from one source, `data/word_zipf.tsv` (generated from wordfreq by
tools/build_name_data.py, so mtcheck does not need wordfreq at run time). The model's
candidate generator keeps wordfreq's own, larger list (see mtcheck/model/candidates.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from .glossary.matching import fold, plain
from .resources import data_lines, data_rows, data_text, sorted_lookup

# -- frequency thresholds (Zipf scale: 7 ≈ "the", 3 ≈ once per million words) --------------
# How each was chosen, and what moving it does (measured with `mtcheck eval --no-model -g
# samples/glossary.csv samples/gold.jsonl` and rules-only checks of the clean articles in
# samples/clean and tests/data/clean_news):
#
# An ordinary English word, never a corrupted name (the name rules), and a common word the
# model may judge at a sentence start. Set with the name rules between real surnames and
# ordinary words: "Gregorian" 2.7 and "Petrov" 2.8 may be names, "Armenian" 3.6 and "Austria"
# 4.1 are words. Any value from 3.0 to 4.0 gives the same gold and clean-article figures.
ORDINARY_WORD_ZIPF = 3.5
# A real word, where a misspelling must not be taken for another word: two spellings that
# both reach it are two words (MT103), and a one-word place corruption must stay below it
# (MT104). Lower than ORDINARY_WORD_ZIPF: set against a near spelling, a rarer word already
# counts as a real one.
# Gold figures are the same from 2.5 to 3.5; MT1xx findings on the clean articles: 4 at 2.5,
# 5 at 3.0, 7 at 3.5.
REAL_WORD_ZIPF = 3.0
# A very common word (about the 1,200 commonest): in an idiom it carries little evidence that
# the phrase is meant (MT201's weights). At 4.5 one gold idiom is lost; MT201 findings on the
# clean articles: 13 at 5.0, 19 at 5.5.
COMMON_WORD_ZIPF = 5.0


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of a word in English (≈7 for 'the', 3 for a rare-ish word, 0 if unlisted).

    word_zipf.tsv is sorted, one "word<TAB>zipf" a line: a binary search in its text finds a
    word without parsing 50,000 lines at every start-up (the pre-commit hook starts often).
    """
    value = sorted_lookup(data_text("word_zipf.tsv"), plain(word))
    return float(value) if value else 0.0


# Names of months (in order) and days, which English capitalises wherever they stand.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
CALENDAR_NAMES = frozenset(MONTHS + ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))


def is_ordinary_word(word: str) -> bool:
    return zipf(word) >= ORDINARY_WORD_ZIPF


# -- word lists ---------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def function_words() -> frozenset[str]:
    """English function words (articles, pronouns, prepositions…), lowercase: never a name."""
    return frozenset(w.lower() for w in data_lines("function_words.txt"))


@dataclass(frozen=True)
class Honorific:
    form: str
    gender: str  # "f", "m" or "" (either)
    abbreviated: bool
    # The word's beginning ("Prof"), not its first and last letters ("Mr", "Dr"): British style
    # writes it with a period, American style too (honorifics.tsv).
    truncated: bool = False


@lru_cache(maxsize=None)
def honorifics() -> dict[str, Honorific]:
    """Honorifics as written ("Mr", "Dame"), without a period."""
    return {r["honorific"]: Honorific(r["honorific"], r["gender"].strip("-"), r["abbreviated"] == "yes",
                                      r["truncated"] == "yes")
            for r in data_rows("honorifics.tsv")}


@lru_cache(maxsize=None)
def titles() -> frozenset[str]:
    """Lowercase words that stand before a name without being a first name: titles,
    honorifics, and the abbreviations that end in a period ("Gen.", "Sen.")."""
    return (frozenset(data_lines("titles.txt")) | frozenset(h.lower() for h in honorifics())
            | frozenset(data_lines("abbreviations.txt")))


# -- words, spaces, capitals --------------------------------------------------------------------
# A word: letters/digits with inner apostrophes or hyphens ("Nagorno-Karabakh", "Azeri’s").
WORD = re.compile(r"[\w\u0300-\u036f]+(?:[’'\-‐][\w\u0300-\u036f]+)*")


def looks_like_headline(line: str) -> bool:
    """A line standing alone without closing punctuation whose content words are nearly all
    capitalised ("Warring Sides Resume Talks in Jeddah"): a headline, whose capitals say nothing
    of names and whose words are no running text."""
    line = line.strip()
    if line.endswith((".", ",", ";")):
        return False
    fw = function_words()
    content = [w for w in WORD.findall(line) if w[:1].isalpha() and w.lower() not in fw]
    return len(content) >= 2 and sum(w[0].isupper() for w in content) >= 0.8 * len(content)


# A word of letters only, with a possessive "s’" kept ("members’"): the unit idioms are matched in.
LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:(?<=s)['’](?![^\W\d_]))?")


@lru_cache(maxsize=None)
def _splitter(pattern: re.Pattern) -> re.Pattern:
    return re.compile(f"({pattern.pattern})", pattern.flags)


def token_spans(pattern: re.Pattern, text: str) -> tuple[list[int], list[int], list[str]]:
    """The starts, ends and texts of the matches of `pattern` (WORD, LETTER_WORD: no groups of
    its own) in `text`, from one split on it: C code throughout, where a match object per
    token made each token cost twice as much."""
    parts = _splitter(pattern).split(text)  # text, token, text, ..., token, text
    ends = list(accumulate(map(len, parts)))  # where each part ends: a token's start and end
    return ends[0::2], ends[1::2], parts[1::2]

WHITESPACE = re.compile(r"\s+")
# The spaces that join the words of one name ("Olaf Scholz", "Olaf\u00a0Scholz").
NAME_SPACES = (" ", "\u00a0")
# Spaces with at most one line break: hard-wrapped text reads like running text.
WRAPPED_SPACE = r"(?:[ \t\u00a0]+(?:\r\n|\r|\n)?[ \t\u00a0]*|(?:\r\n|\r|\n)[ \t\u00a0]*)"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PLAIN_GAPS = frozenset({" ", ", ", ". ", "", ",", "."})


def gap(text: str, start: int, end: int) -> str:
    """The text between two words; a run of spaces with at most one line break in it reads as
    " ", so hard-wrapped text joins names as running text does ("Mr.\\nPutin")."""
    between = text[start:end]
    if between in _PLAIN_GAPS:
        return between
    if len(_LINE_BREAK.findall(between)) > 1:
        return between
    return WHITESPACE.sub(" ", between)


def is_capitalised(word: str) -> bool:
    """Starts with a capital and is not an acronym ("NATO")."""
    return word[0].isupper() and not (len(word) > 1 and word.isupper())


_DIGIT_OR_UNDERSCORE = re.compile(r"[\d_]")


def is_name_shaped(word: str) -> bool:
    """A capitalised word that may be a name: not an acronym, no digits ("B52")."""
    return is_capitalised(word) and (word.isalpha() or not _DIGIT_OR_UNDERSCORE.search(word))


def is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def is_title(word: str) -> bool:
    """'Mr', 'Dr.', 'President' (case and accents ignored)."""
    return fold(word).rstrip(".") in titles()


def could_be_first_name(word: str) -> bool:
    """'Olaf' in 'Olaf Scholz' — not 'Mr', 'President' or a capitalised 'The'."""
    return not is_title(word) and fold(word) not in function_words()
