"""Broken idioms and fixed phrases (MT201): a phrase lexicon, a near-miss matcher, and evidence.

Data: `data/phrases.tsv` (canonical phrases, their genuine variants and known-wrong forms) and
`data/idiom_calques.tsv` (literal renderings of foreign idioms and the English idiom to use).

The matcher starts from every token that is a form of a content word of a phrase and aligns the
rest of the phrase around it, allowing one slip: any word replaced by another (the phrase's most
distinctive word included), a function word dropped, added or swapped, or a noun in the wrong
number. Known-wrong forms and calques are matched as they stand.

Speed: aligning is the costly step, so before it a few set lookups on the tokens' lowercase forms
rule out the phrases that could make nothing at a token (_selection's triggers, _may_align; in
rules-only runs _may_be_strong, for strong candidates only). They only ever skip alignments that
could make no candidate; a test compares the results with them turned off. The lexicon and its
indexes are built once and kept in the user cache (`resources.parsed_data`).

Whether a slip is an error is a matter of evidence, not of lists of accepted words:
  - lexical: the replacing word is a plausible mistranslation of the phrase's word (a thesaurus
    neighbour, a shared stem; a close one where only one word is kept; any word of the same part
    of speech where nearly all the phrase is there), and the words that did match weigh enough
    (a distinctive word more than a very common one, a function word little). An article
    dropped or added inside a phrase is strong at less weight than other function-word slips. Known-wrong forms and calques are
    lexical evidence on their own. Only such "strong" candidates are reported without the model.
  - the language model (mtcheck/model/idioms.py): every candidate, strong or weak, is scored by
    the model's gain when the phrase's words replace the found ones, in context; it is reported
    when the gain plus a prior for its kind of slip passes a margin calibrated on clean prose.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz.distance import OSA

from ..finding import Evidence, Severity, evidence
from ..english import (COMMON_WORD_ZIPF as COMMON_ZIPF, LETTER_WORD as _TOKEN, function_words, looks_like_headline,
                       token_spans, zipf)
from ..inflection import (base_candidates, form_of, forms, inflect, irregular_number, is_count_noun,
                          is_irregular_plural, is_irregular_verb, match_form)
from ..resources import data_lines, data_rows, parsed_data
from .base import Example, Rule

LEXICON = "phrases.tsv"
CALQUES = "idiom_calques.tsv"
COLUMNS = ("phrase", "domain", "variants", "wrong", "note", "figurative")
FIGURATIVE = "yes"  # the figurative column's one value: the phrase is an image, not its words' sum
CALQUE_COLUMNS = ("calque", "idiom", "language", "note", "reading")
LITERAL_READING = "literal"  # the reading column's one value: the words also have a common literal sense
DOMAINS = ("general", "politics", "war", "diplomacy", "economy", "disaster", "law", "election",
           "sport", "health", "science", "media")

# Slot words in the phrase column, and what fills them in text.
POSSESSIVE_SLOT, REFLEXIVE_SLOT, PHRASE_SLOTS = "one's", "oneself", ("someone", "something")
POSSESSIVE_PRONOUNS = frozenset("my your his her its our their whose".split())
REFLEXIVE_PRONOUNS = frozenset("myself yourself himself herself itself ourselves yourselves themselves".split())
OBJECT_PRONOUNS = frozenset("me you him her it us them this that".split())
_NP_OPENERS = frozenset("the a an this that these those its his her their our my your another "
                        "some any every each both all no one two three four five".split())
_NP_INNER = frozenset(("of", "and"))
_ARTICLES = frozenset(("a", "an", "the"))
# Words a translation adds or swaps around an idiom: determiners and prepositions.
DETERMINERS = _ARTICLES | POSSESSIVE_PRONOUNS | frozenset(("this", "that", "these", "those"))
# The article opening a phrase stands for whatever determiner the sentence needs: "another
# feather in her cap", "this lame duck", "their race against time" hold the phrase as written.
OPENING_DETERMINERS = DETERMINERS | frozenset(("another",))
NUMBERS = frozenset("one two three four five six seven eight nine ten eleven twelve".split())
ORDINALS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                     "last next".split())

# Evidence weights of the phrase words that matched as written.
WEIGHT_RARE, WEIGHT_DISTINCT, WEIGHT_COMMON, WEIGHT_FUNCTION, WEIGHT_PRONOUN_SLOT = 3.0, 2.0, 1.0, 0.5, 0.5
RARE_ZIPF = 3.5  # "loggerheads", "brunt": a word met almost only in its phrase
# Lexical evidence needed around a slip, calibrated on clean news prose (samples/clean, the
# clean news corpus, benchmarks' sentences): below CANDIDATE a slip is not even proposed to
# the model; at STRONG (with a related replacing word) it is reported without the model.
MIN_CANDIDATE = 2.0
MIN_CANDIDATE_UNRELATED = 3.0  # a replacing word with no relation to the phrase's needs more around it
MIN_STRONG_SUB = 2.5  # a related word replaces one ("a blessing in hiding": blessing, in, a)
MIN_STRONG_COMMON_SUB = 3.0  # ... when the replacing word is itself very common
MIN_STRONG_SWAP = 3.0  # a preposition or determiner swapped ("kept the rebels in bay")
MIN_STRONG_SHAPE = 5.0  # a function word dropped or added, a noun's number (model-only below)
# An article dropped or added inside a phrase ("out of loop", "in the hot water"): the slip of
# translations from languages without articles.
MIN_STRONG_ARTICLE = 2.5
# A definite article that points to nothing (_points_nowhere: "jumped the bail", "went through the
# motion") is evidence of its own: the calque of a language without articles. It counts toward an
# added article's threshold (where the phrase's words, all counted, weigh MIN_STRONG_ARTICLE) and a
# number slip's; calibrated on the clean corpora and the dev sets' literal files (no new findings).
WEIGHT_UNANCHORED = 1.0
MIN_STRONG_FUNC = min(MIN_STRONG_SHAPE, MIN_STRONG_ARTICLE)  # any drop or add
# A noun met almost only in its phrase in the other number ("in the doldrum"): _rare_number.
MIN_STRONG_RARE_NUMBER = 3.5
MIN_STRONG = min(MIN_STRONG_SUB, MIN_STRONG_COMMON_SUB, MIN_STRONG_SWAP, MIN_STRONG_SHAPE)  # any strong slip
# A strong substitution keeps at least this many of the phrase's words (articles and slots not
# counted) around it: in a collocation ("a cholera outbreak") a near-synonym is usually fine too.
MIN_STRONG_ITEMS = 2
# ... unless the replacing word is a close relative of the phrase's (a synonym or one of its
# nearest thesaurus neighbours, or a shared stem): "a vicious circuit", "played second violin".
MIN_STRONG_CLOSE = 2.5
# A replacing word of the same part of speech, not otherwise related, is a plausible slip only
# when nearly all the phrase is there around it ("hit the nail on the skull").
MIN_STRONG_SAME_POS, MIN_SAME_POS_ITEMS = 4.5, 3
# A noun of the same narrow field, not otherwise related ("the midnight petrol"): 3.0 fires on
# clean prose ("the principle of equality" for "... of distinction"), 3.5 does not.
MIN_STRONG_FIELD = 3.5
CLOSE_RANK = 10  # how near in the thesaurus' ranking (related_ranked) a close relative is
MIN_STEM = 6
MAX_SPELLING_SLIP = 2  # edits (OSA) that make one word a misspelling of another ("breath", "breadth")
# A calque of CALQUE_FUZZY_WORDS words or more may have one content word replaced when the rest
# weighs MIN_CALQUE_KEPT ("kill two flies with one swat"). On the clean corpora 4 words and 2.5
# fire ("the head of a coalition" for "the tip of the spear"); 5 words and 3.0 do not.
CALQUE_FUZZY_WORDS, MIN_CALQUE_KEPT = 5, 4.0
WINDOW = 10  # tokens each side of a key token where the rest of a phrase may lie

_GAP = frozenset(" \t\n\u00a0-‐")
_SENTENCE_OPENERS = frozenset(".!?\"“‘'([:;—")


@lru_cache(maxsize=None)
def prepositions() -> frozenset[str]:
    return frozenset(data_lines("prepositions.txt"))


def is_common(word: str) -> bool:
    """A very frequent English word (word_zipf.tsv, shared with the name rules)."""
    return zipf(word) >= COMMON_ZIPF


@dataclass(frozen=True)
class Item:
    """One position of a phrase: a word, or a slot ("one's", "oneself", "someone"/"something")."""

    kind: str  # "word", "poss", "refl", "np"
    text: str  # lowercase
    punct: str = ""  # punctuation the text may show right after this item ("," in a list)
    surface: str = ""  # the word as the lexicon writes it ("Conventions"), for suggestions


@dataclass(frozen=True)
class Entry:
    """A form to look for: a phrase, one of its variants, a known-wrong form or a calque."""

    phrase: str  # the form as written in the data file
    items: tuple[Item, ...]
    target: str  # the canonical phrase (or plain rendering) to show and suggest
    kind: str  # "phrase", "variant", "wrong", "calque"
    domain: str = ""
    note: str = ""
    # A calque whose words also have a common literal sense in English ("swallow toads", "cut the
    # cod into chunks"): reported as any calque, but its fix is never safe (data column `reading`).
    literal: bool = False
    # A phrase that is an image ("a cash cow", "raise eyebrows"): a near-synonym in it breaks it,
    # where in a literal collocation ("hold talks") it is a paraphrase (data column `figurative`).
    figurative: bool = False

    @property
    def near(self) -> bool:
        """Looked for with a slip (phrases and variants); wrong forms and calques as written."""
        return self.kind in ("phrase", "variant")

    @property
    def slack(self) -> int:
        """How many slips an alignment may have: one for a phrase; one word replaced in a long
        calque too (a calque is translated afresh each time: "kill two flies with one swat"
        for "hit two flies ..."), none in a wrong form or a short calque."""
        long_calque = self.kind == "calque" and sum(it.kind == "word" for it in self.items) >= CALQUE_FUZZY_WORDS
        return 1 if self.near or long_calque else 0


class LexiconError(ValueError):
    pass


_LEXICON_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+|(?<=s)')?")


def parse_items(phrase: str) -> tuple[Item, ...]:
    items = []
    for raw in phrase.split():
        punct = ""
        while raw and raw[-1] in ",;:":
            punct, raw = raw[-1] + punct, raw[:-1]
        raw = raw.replace("’", "'")
        if raw == POSSESSIVE_SLOT:
            items.append(Item("poss", raw, punct))
        elif raw == REFLEXIVE_SLOT:
            items.append(Item("refl", raw, punct))
        elif raw in PHRASE_SLOTS:
            items.append(Item("np", raw, punct))
        elif all(_LEXICON_WORD.fullmatch(part) for part in raw.split("-")):
            # A hyphenated compound is matched part by part; text may write it open or closed.
            parts = raw.split("-")
            items.extend(Item("word", p.lower(), "", p) for p in parts[:-1])
            items.append(Item("word", parts[-1].lower(), punct, parts[-1]))
        else:
            raise LexiconError(f"bad word {raw!r} in phrase {phrase!r}")
    if sum(1 for i in items if i.kind == "word") < 2:
        raise LexiconError(f"phrase {phrase!r} needs at least two words besides slots")
    return tuple(items)


@lru_cache(maxsize=None)
def _written_words(phrase: str) -> tuple[int, ...]:
    """For each item of the phrase (parse_items), the number of the written word it is part
    of: the parts of a hyphenated compound share one ("belt-tightening measures": 0, 0, 1)."""
    return tuple(n for n, raw in enumerate(phrase.split()) for _ in raw.split("-"))


def _forms_list(text: str) -> list[str]:
    return [f.strip() for f in text.split("|") if f.strip()]


def load_entries(rows=None, calque_rows=None) -> tuple[Entry, ...]:
    rows = data_rows(LEXICON) if rows is None else rows
    calque_rows = data_rows(CALQUES) if calque_rows is None else calque_rows
    entries: list[Entry] = []
    for row in rows:
        phrase = (row.get("phrase") or "").strip()
        domain, note = (row.get("domain") or "").strip(), (row.get("note") or "").strip()
        mark = (row.get("figurative") or "").strip()
        if mark not in ("", FIGURATIVE):
            raise LexiconError(f"phrase {phrase!r}: figurative must be empty or {FIGURATIVE!r}, not {mark!r}")
        figurative = mark == FIGURATIVE
        entries.append(Entry(phrase, parse_items(phrase), phrase, "phrase", domain, note, figurative=figurative))
        for kind in ("variants", "wrong"):
            for form in _forms_list(row.get(kind) or ""):
                entries.append(Entry(form, parse_items(form), phrase, "variant" if kind == "variants" else "wrong",
                                     domain, note, figurative=figurative))
    for row in calque_rows:
        calque = (row.get("calque") or "").strip()
        idiom = (row.get("idiom") or "").strip().lstrip("=").strip()
        if not idiom:
            raise LexiconError(f"calque {calque!r} has no idiom")
        reading = (row.get("reading") or "").strip()
        if reading not in ("", LITERAL_READING):
            raise LexiconError(f"calque {calque!r}: reading must be empty or {LITERAL_READING!r}, not {reading!r}")
        entries.append(Entry(calque, parse_items(calque), idiom, "calque",
                             (row.get("language") or "").strip(), (row.get("note") or "").strip(),
                             literal=reading == LITERAL_READING))
    return tuple(entries)


def is_function(entry: Entry, index: int) -> bool:
    """A function word of the phrase; one after an article is a noun ("kick the can")."""
    flags = _FUNCTION_FLAGS.get(id(entry))
    if flags is None or flags[0] is not entry:
        items = entry.items
        flags = (entry, tuple(it.kind == "word" and it.text in function_words()
                              and not (i > 0 and items[i - 1].text in _ARTICLES) for i, it in enumerate(items)))
        _FUNCTION_FLAGS[id(entry)] = flags
    return flags[1][index]


_FUNCTION_FLAGS: dict[int, tuple] = {}  # id(entry) -> (entry, flags): entries are immutable


def word_weight(entry: Entry, index: int) -> float:
    item = entry.items[index]
    if item.kind in ("poss", "refl"):
        return WEIGHT_PRONOUN_SLOT
    if item.kind == "np":
        return 0.0
    if is_function(entry, index):
        return WEIGHT_FUNCTION
    if is_common(item.text):
        return WEIGHT_COMMON
    return WEIGHT_RARE if zipf(item.text) < RARE_ZIPF else WEIGHT_DISTINCT


# The built lexicon and its indexes are cached with the data (`parsed_data`): building them
# costs more than checking an article. Bump the version when what they hold changes
# (matcher, weights, inflection code); the data files they are built from are in the key.
_COMPILED_VERSION = 42
_COMPILED_FROM = (CALQUES, "word_zipf.tsv", "function_words.txt", "prepositions.txt", "irregular_verbs.tsv",
                  "irregular_nouns.tsv",
                  "thesaurus.tsv")


@lru_cache(maxsize=None)
def _compiled() -> tuple:
    return parsed_data(LEXICON, _compile, _COMPILED_VERSION, _COMPILED_FROM)


def _compile(_text: str) -> tuple:
    """The lexicon as plain data: (entries, key index, compound index); see lexicon_index."""
    entries = load_entries()
    # Equal values are made one object, which marshal then writes once (a smaller, faster cache).
    shared: dict = {}

    def one(value):
        return shared.setdefault(value, value)

    plain = tuple((e.phrase, tuple(tuple(one(x) for x in (it.kind, it.text, it.punct, it.surface)) for it in e.items),
                   e.target, one(e.kind), one(e.domain), e.note, e.literal, e.figurative) for e in entries)
    index: dict[str, dict[tuple[int, int], tuple]] = {}
    for n, entry in enumerate(entries):
        words = [i for i, it in enumerate(entry.items) if it.kind == "word"]
        if entry.slack:
            # Any one word may be the slipped one, so two keys suffice: the two heaviest words.
            content = [i for i in words if not is_function(entry, i)] or words
            keys = sorted(content, key=lambda i: (-word_weight(entry, i), -len(entry.items[i].text)))[:2]
        else:
            keys = [max(words, key=lambda i: (word_weight(entry, i), len(entry.items[i].text)))]
        for i in keys:
            left, right, slack, base, others = _prefilter(entry, i)
            others = tuple((one(o[0]),) + o[1:] for o in others)
            triggers = tuple(_trigger(entry, i, slack, base, others, least) for least in (MIN_CANDIDATE, MIN_STRONG))
            spec = (n, i, left, right, slack, base, others, tuple(t if t is None else one(t) for t in triggers),
                    base + sum(o[1] for o in others), int(entry.items[i].text not in _ARTICLES),
                    _article_slips(entry), int(not entry.near), _least_in_place(entry))
            for form in forms(entry.items[i].text):
                index.setdefault(one(form), {})[(n, i)] = spec
    groups: dict[tuple, tuple] = {}  # the forms of one word share their specs
    out = {}
    for form, specs in sorted(index.items()):  # numbered the same in every process
        key = tuple(specs)
        if key not in groups:
            values = tuple(specs.values())
            groups[key] = (max(s[2] for s in values), max(s[3] for s in values), values, len(groups))
        out[form] = groups[key]
    return plain, out, _compounds(entries), _relatives(entries)


def _least_in_place(entry: Entry) -> float:
    """The least weight of a strong slip that leaves every word of the phrase in place: a
    function word dropped or added, or a noun's number (less for a word met almost only in its
    phrase: _rare_number; less again after the phrase's "the", which may point nowhere:
    WEIGHT_UNANCHORED)."""
    rare = any(it.kind == "word" and not is_function(entry, i) and word_weight(entry, i) >= WEIGHT_RARE
               for i, it in enumerate(entry.items))
    least = MIN_STRONG_RARE_NUMBER if rare else MIN_STRONG_SHAPE
    items = entry.items
    # (_slip: a noun after the phrase's "the" in the other number, unless a singular count noun.)
    unanchored = any(items[i - 1].text == "the" and it.kind == "word" and not _count_singular(_other_number(it.text))
                     for i, it in enumerate(items) if i > 0)
    return least - WEIGHT_UNANCHORED if unanchored else least


def _count_singular(word: str) -> bool:
    """`word` is a singular count noun (is_count_noun), not a plural."""
    return _singular(word) is None and not is_irregular_plural(word) and is_count_noun(word)


def _other_number(word: str) -> str:
    """A noun's singular if it is plural ("cracks", "feet"), else its plural."""
    if is_irregular_plural(word):
        return next((b for b in base_candidates(word)[1:] if irregular_number(word, b)), word)
    return _singular(word) or inflect(word, "s")


def _trigger(entry: Entry, key: int, slack: int, base: float, others: tuple, least: float) -> frozenset[str] | None:
    """The forms of the rarest words of which an alignment from item `key` needs one to pass
    _may_align (or, least=MIN_STRONG, _may_be_strong): a word without which it cannot pass,
    else any two words (one slip cannot miss both); None when it may pass with none."""
    words = [it.text for i, it in enumerate(entry.items) if it.kind == "word" and i != key]
    rank = sorted(range(len(others)), key=lambda k: (zipf(words[k]), k))
    for k in rank:  # without word k: one word missing, and the others must weigh enough
        if slack == 0 or base + sum(o[1] for j, o in enumerate(others) if j != k) < least:
            return others[k][0]
    if len(others) >= 2:
        return others[rank[0]][0] | others[rank[1]][0]
    return None


def _selection(specs: tuple, which: int) -> tuple:
    """One token form's specs by their triggers (_trigger; which=1: for strong candidates):
    only the specs whose trigger is within reach, and those without one, are tested. (all the
    triggers' forms, each spec's trigger, the numbers of the specs without one)."""
    triggers = tuple(spec[7][which] for spec in specs)
    rare = frozenset().union(*(t for t in triggers if t is not None))
    return rare, triggers, tuple(k for k, t in enumerate(triggers) if t is None)


_SELECTIONS: tuple[dict[int, tuple], dict[int, tuple]] = ({}, {})  # _selection's, by group number


def _prefilter(entry: Entry, key: int) -> tuple:
    """What an alignment from item `key` needs near its token, for a quick test before aligning:
    (tokens it may reach to the left, to the right, how many words may be missing, the weight of
    the key and the slots, and each other word as (its forms, its weight, the first and last
    token it may lie at, counted from the key's, the one it lies at when no item is dropped or
    added (None after a slot), the least weight around it for a strong slip in its place, and
    whether that slip is a substitution (which also needs MIN_STRONG_ITEMS words kept), whether
    it counts as kept: not an article)). An alignment lays the items out in order, a word on one
    token, a slot on one to _SLOT_MAX; one slip may drop an item or add a token; all words but
    the slipped one match as written."""
    items = entry.items
    reach = [1 if it.kind == "word" else _SLOT_MAX[it.kind] for it in items]
    base, others = word_weight(entry, key), []
    for i, it in enumerate(items):
        if i == key:
            continue
        if it.kind != "word":
            base += word_weight(entry, i)
            continue
        written = forms(it.text) | {it.text} | (frozenset() if it.text not in _ARTICLES else
                                                 OPENING_DETERMINERS if i == 0 else _ARTICLES)
        between = range(key + 1, i) if i > key else range(i + 1, key)
        # (+1 itself, +1 an added token; a slot that may stand empty takes no token: _may_be_empty)
        least = sum(1 for j in between if not _may_be_empty(entry, j))
        most = sum(reach[j] for j in between) + 2
        lo, hi = (least, most) if i > key else (-most, -least)
        at = None if any(items[j].kind != "word" for j in between) else (i - key)
        # (_slip: a function word or article is swapped, strong only for a preposition.)
        sub = not (is_function(entry, i) or it.text in _ARTICLES)
        strong = MIN_STRONG_SUB if sub else MIN_STRONG_SWAP if it.text in prepositions() else MIN_STRONG_SHAPE
        # (_slip: with one word kept, a close relative may replace a word but the first, the others
        # weighing less than a rare word.)
        close = sub and i > 0 and all(word_weight(entry, j) < WEIGHT_RARE for j in range(len(items)) if j != i)
        others.append((written, word_weight(entry, i), lo, hi, at, strong, sub, it.text not in _ARTICLES, close))
    return (sum(reach[:key]) + 1, sum(reach[key + 1:]) + 1, entry.slack, base, tuple(others))


def _article_slips(entry: Entry) -> tuple[tuple, ...]:
    """Where a strong article slip (_slip) may lie: (the forms of a word of the phrase, the next
    word as written, and 0 or 1: the tokens between them in the text). An article inside the
    phrase dropped leaves its two neighbours side by side; one added stands between two words."""
    items = entry.items
    out = []
    for k in range(len(items) - 1):
        a, b = items[k], items[k + 1]
        if a.kind != "word" or b.kind != "word" or a.text in _ARTICLES:
            continue
        before = frozenset(forms(a.text) | {a.text})
        if b.text in _ARTICLES:
            if k + 2 < len(items) and items[k + 2].kind == "word":
                out.append((before, items[k + 2].text, 0))
        else:
            out.append((before, b.text, 1))
    return tuple(out)


def _may_slip_article(spec: tuple, lows: list[str], t: int) -> bool:
    """False when no strong article slip (MIN_STRONG_ARTICLE) can be near token t: nowhere two
    words of the phrase side by side that it has an article between, or an article between two
    that it has side by side."""
    lo, hi = max(0, t - spec[2]), min(len(lows), t + spec[3] + 1)
    for before, after, gap in spec[10]:
        for k in range(lo + 1 + gap, hi):
            if lows[k] == after and lows[k - 1 - gap] in before and (not gap or lows[k - 1] in _ARTICLES):
                return True
    return False


def _may_align(spec: tuple, lows: list[str], t: int, least: float = MIN_CANDIDATE) -> bool:
    """False when no alignment of the spec's phrase at token t can be intact or make a
    candidate: a word other than the slipped one is not where it could be, or the words that
    are weigh less than any candidate needs (`least`: MIN_CANDIDATE, or MIN_STRONG when only
    strong candidates are wanted)."""
    weight, others, slack = spec[5], spec[6], spec[4]  # spec[7]: see _trigger
    missing = 0
    for written, w, lo, hi, *_ in others:
        lo += t
        if written.isdisjoint(lows[lo if lo > 0 else 0:t + hi + 1]):
            missing += 1
            if missing > slack:
                return False
        else:
            weight += w
    return missing == 0 or weight >= least


_INTACT = 2  # _may_be_strong: the phrase may stand intact here, and make no strong candidate


def _may_be_strong(spec: tuple, lows: list[str], t: int) -> int:
    """False when no alignment of the spec's phrase at token t can be intact or make a strong
    candidate, _INTACT when it can only be intact. A word replaced leaves the others in place:
    all but one must be found exactly where they belong, weighing what a strong slip of the
    missing one needs; else only a word dropped or added remains, which needs MIN_STRONG_SHAPE.
    With every word in place (as written: no word replaced) only those, or a noun's number
    (MIN_STRONG_SHAPE too, less in a phrase with a rare word: spec[12], _least_in_place), remain."""
    weight, others, slack = spec[5], spec[6], spec[4]
    missing, n, least, sub, slipped, close = 0, len(lows), MIN_STRONG_SHAPE, False, None, False
    kept = spec[9]  # words kept, articles not counted (_slip)
    for written, w, _, _, at, strong, is_sub, counts, may_close in others:
        if at is None:  # a slot between: the word's place is not fixed
            return _may_align(spec, lows, t, MIN_STRONG)
        at += t
        if 0 <= at < n and lows[at] in written:
            weight += w
            kept += counts
        else:
            missing += 1
            least, sub, slipped, close = strong, is_sub, lows[at] if 0 <= at < n else None, may_close
    if missing == 0:  # (a calque or wrong form found as written is a candidate)
        return True if slack == 0 or spec[8] >= spec[12] or spec[11] else _INTACT
    # The word in the slipped one's place: a substitution by a function word is no slip, a
    # preposition is strong only for a preposition (_slip).
    if (missing <= slack and weight >= least and slipped is not None
            and (slipped not in function_words() and (kept >= MIN_STRONG_ITEMS or kept == 1 and close and not _common(slipped))
                 if sub else slipped in prepositions())):
        return True
    if slack == 0 or spec[8] < MIN_STRONG_FUNC:
        return False
    if spec[8] >= spec[12]:
        return _may_align(spec, lows, t, spec[12]) or (
            _may_slip_article(spec, lows, t) and _may_align(spec, lows, t, MIN_STRONG_ARTICLE))
    return _may_slip_article(spec, lows, t) and _may_align(spec, lows, t, MIN_STRONG_ARTICLE)


def _time_spans(found: str, canonical: str) -> bool:
    """Both words, in some base form, name spans or units of time (the thesaurus' commonest sense)."""
    from ..thesaurus import is_time_span

    return (any(is_time_span(b) for b in base_candidates(found))
            and any(is_time_span(b) for b in base_candidates(canonical)))


@lru_cache(maxsize=65536)
def _common(word: str) -> bool:
    """A very frequent word in any of its base forms (as _slip tells a common replacing word)."""
    return any(is_common(b) for b in base_candidates(word))


@lru_cache(maxsize=None)
def lexicon() -> tuple[Entry, ...]:
    return tuple(lexicon_entry(n) for n in range(len(_compiled()[0])))


_ENTRIES: dict[int, Entry] = {}


@lru_cache(maxsize=1)
def _figurative_phrases() -> frozenset[str]:
    return frozenset(e.target for e in lexicon() if e.kind == "phrase" and e.figurative)


def is_figurative(target: str) -> bool:
    """The lexicon's phrase `target` (a candidate's canonical phrase) is marked figurative."""
    return target in _figurative_phrases()


def lexicon_entry(n: int) -> Entry:
    """Entry n of the lexicon, made when first needed: an article meets a few hundred."""
    made = _ENTRIES.get(n)
    if made is None:
        phrase, items, target, kind, domain, note, literal, figurative = _compiled()[0][n]
        made = _ENTRIES[n] = Entry(phrase, tuple(Item(*it) for it in items), target, kind, domain, note, literal,
                                   figurative)
    return made


def lexicon_index() -> dict[str, tuple[tuple, ...]]:
    """Every form of a word that starts an alignment -> (entry number, item index, prefilter...)
    (see _prefilter), in lexicon order.

    A phrase is looked for from each of its content words (any of them may be the garbled
    one, so another must start the alignment); a wrong form or calque from its heaviest word."""
    return _compiled()[1]


# -- matching --------------------------------------------------------------------------------
class _Tok(NamedTuple):
    """A token (a tuple, so that a whole text's are made in one pass of C code: see tokenize)."""

    start: int
    end: int
    text: str
    lower: str  # lowercase, ’ as '


def tokenize(prose: str) -> list[_Tok]:
    starts, ends, words = token_spans(_TOKEN, prose)
    if not words:
        return []
    # One lower() for all is the same as one per token: \x00 also separates cased contexts.
    lows = "\x00".join(words).lower().replace("’", "'").split("\x00")
    return list(map(tuple.__new__, repeat(_Tok), zip(starts, ends, words, lows)))


def _gap_ok(prose: str, left: _Tok, right: _Tok, punct: str) -> bool:
    gap = prose[left.end:right.start]
    if not gap or len(gap) > 4 or "\n\n" in gap:
        return False
    return all(c in _GAP or c in punct for c in gap) and gap.count("-") <= 1


def _is_possessive(tok: _Tok) -> bool:
    return tok.lower.endswith(("'s", "s'")) and len(tok.lower) > 2


def _slot_window_ok(kind: str, window: list[_Tok]) -> bool:
    words = [t.lower for t in window]
    fw = function_words()
    if kind == "refl":
        return len(words) == 1 and words[0] in REFLEXIVE_PRONOUNS
    if kind == "poss":
        marks = [q for q, t in enumerate(window) if words[q] in POSSESSIVE_PRONOUNS or _is_possessive(t)]
        if len(marks) != 1:
            return False
        q = marks[0]
        after = words[q + 1:]
        if len(after) > 1 or any(w in fw for w in after):
            return False
        if words[q] in POSSESSIVE_PRONOUNS:
            return q == 0
        return q <= 2 and all(w not in fw or (n == 0 and w in _NP_OPENERS) for n, w in enumerate(words[:q]))
    # someone / something: a short noun phrase
    if len(words) == 1:
        return words[0] in OBJECT_PRONOUNS or words[0] not in fw
    if words[-1] in fw:
        return False
    return all(w not in fw or (n == 0 and w in _NP_OPENERS) or (n > 0 and w in _NP_INNER)
               for n, w in enumerate(words))


_SLOT_MAX = {"poss": 4, "refl": 1, "np": 4}
@lru_cache(maxsize=1)
def _passive_auxiliaries() -> frozenset[str]:
    """The forms of "be" and "get", which make a passive with a past participle."""
    return forms("be") | forms("get")


def _may_be_empty(entry: Entry, i: int) -> bool:
    """Item i is the object slot right after the verb that opens the phrase ("nip something in
    the bud"): in the passive it stands empty, its noun phrase the sentence's subject."""
    return i == 1 and entry.items[1].kind == "np" and entry.items[0].kind == "word"


def _passive_at(tokens, v: int) -> bool:
    """Token v is a past participle after a form of "be" or "get", with at most two adverbs
    between ("was nipped", "were quickly caught", "had not been kept")."""
    if not 0 <= v < len(tokens) or form_of(tokens[v].lower) not in ("ed", "en"):
        return False
    fw = function_words()
    for k in range(v - 1, max(-1, v - 4), -1):
        word = tokens[k].lower
        auxiliaries = _passive_auxiliaries()
        if word in auxiliaries or word.endswith("n't") and (word[:-3] in auxiliaries or word[:-3] == "wo"):
            return True
        if not (word.endswith("ly") and len(word) > 4
                or word in fw and word not in prepositions() and word not in DETERMINERS and word.isalpha()):
            return False
    return False


def _singular(word: str) -> str | None:
    if form_of(word) != "s":
        return None
    return word[:-3] + "y" if word.endswith("ies") else word[:-2] if word.endswith(("ches", "shes", "xes")) else word[:-1]


def word_match(item: Item, tok: _Tok) -> str | None:
    """"exact" when the token is a form of the item's word; "number" when it is the same noun in
    the other number ("string" for the phrase's "strings"); None otherwise."""
    return _word_match(item.text, tok.lower)


@lru_cache(maxsize=262144)
def _word_match(word: str, found: str) -> str | None:
    if word in _ARTICLES:
        return "exact" if found in _ARTICLES else None
    if found == word:
        return "exact"
    singular = _singular(word)
    if singular is not None and found == singular or irregular_number(found, word):
        return "number"  # the phrase says "strings": "string" is the wrong number ("foot" for "feet")
    if found in forms(word):
        if form_of(found) == "s" and form_of(word) == "base" and found[:-1] == word:
            return "number"  # the walk keeps this only where the phrase fixes the noun's number
        return "exact"
    return None


@dataclass
class _Match:
    spans: list  # per item: (first token, last token) or None when dropped
    edit: tuple | None  # ("sub"|"number"|"swap", item, token) ("drop", item, next token) ("add", token)
    extra: int = -1  # an added token


def _walk(tokens, prose, entry: Entry, i: int, t: int, step: int, stop: int, budget: int):
    """Align items i, i+step, ... (up to `stop`, exclusive) from token t on, with at most
    `budget` slips. Yields (spans in walking order, edit or None, added token or -1)."""
    if i == stop:
        yield [], None, -1
        return
    item = entry.items[i]
    n = len(tokens)
    if item.kind != "word":
        if _may_be_empty(entry, i) and _passive_at(tokens, t - 1 if step > 0 else t):
            # The verb's object is the sentence's subject: "the plot was nipped in the bud".
            for rest, edit, extra in _walk(tokens, prose, entry, i + step, t, step, stop, budget):
                yield [None] + rest, edit, extra
        for length in range(1, _SLOT_MAX[item.kind] + 1):
            lo, hi = (t, t + length - 1) if step > 0 else (t - length + 1, t)
            if lo < 0 or hi >= n:
                return
            window = tokens[lo:hi + 1]
            if length > 1 and not _gap_ok(prose, window[-2], window[-1], ""):
                return
            if _slot_window_ok(item.kind, window):
                nxt = hi + 1 if step > 0 else lo - 1
                for rest, edit, extra in _walk(tokens, prose, entry, i + step, nxt, step, stop, budget):
                    yield [(lo, hi)] + rest, edit, extra
        return
    inside = 0 <= t < n
    kind = word_match(item, tokens[t]) if inside else None
    if kind is None and i == 0 and inside and item.text in _ARTICLES and tokens[t].lower in OPENING_DETERMINERS:
        kind = "exact"  # the phrase's opening article: any determiner the sentence needs
    if kind == "number" and not (_after_determiner(entry, i) or _after_a(entry, i, tokens, t)):
        kind = "exact" if tokens[t].lower in forms(item.text) else None
    if kind and not entry.near and not _own_number(item, tokens[t], _verb_place(entry, i)):
        kind = None
    if kind == "exact":
        for rest, edit, extra in _walk(tokens, prose, entry, i + step, t + step, step, stop, budget):
            yield [(t, t)] + rest, edit, extra
        return
    if budget <= 0:
        return
    if inside:
        if kind == "number":
            edit = ("number", i, t)
        elif is_function(entry, i) or item.text in _ARTICLES:
            edit = ("swap", i, t)
        else:
            edit = ("sub", i, t)
        for rest, _, _ in _walk(tokens, prose, entry, i + step, t + step, step, stop, 0):
            yield [(t, t)] + rest, edit, -1
    interior = 0 < i < len(entry.items) - 1
    if interior and (is_function(entry, i) or item.text in _ARTICLES):
        for rest, _, _ in _walk(tokens, prose, entry, i + step, t, step, stop, 0):
            yield [None] + rest, ("drop", i, t), -1
    if inside and tokens[t].lower in (DETERMINERS | prepositions()):
        # A function word added between the previous item and this one (never at the phrase's
        # edge: the walk starts from an inner item, the anchor).
        for rest, _, _ in _walk(tokens, prose, entry, i, t + step, step, stop, 0):
            if rest and rest[0] is not None:
                yield rest, ("add", i, t), t


def _verb_place(entry: Entry, i: int) -> bool:
    """Item i opens the phrase or follows "to": a verb's place ("sleeps like a marmot")."""
    return i == 0 or entry.items[i - 1].text == "to"


def _own_number(item: Item, tok: _Tok, verb: bool = False) -> bool:
    """A wrong form or calque is matched in its own number ("pull the string" is not "strings");
    a verb in any of its forms."""
    if tok.lower == item.text or verb:
        return True
    return item.text not in (_singular(tok.lower), _singular(item.text) and tok.lower) and not irregular_number(tok.lower, item.text)


def _after_determiner(entry: Entry, i: int) -> bool:
    """A noun's number is fixed by the phrase where a determiner or number precedes it, or where
    it is plural in the phrase ("pull strings", "call the shots")."""
    item = entry.items[i]
    if (_singular(item.text) is not None or is_irregular_plural(item.text)) and not is_function(entry, i):
        return True
    return i > 0 and (entry.items[i - 1].text in ("a", "an", "one") or entry.items[i - 1].text in prepositions())


def _nominal_place(entry: Entry, i: int) -> bool:
    """Item i follows a determiner or a possessive slot in the phrase ("a waste", "one's
    temper"): a noun or its modifier stands there, never a verb."""
    return i > 0 and (entry.items[i - 1].kind == "poss" or entry.items[i - 1].text in DETERMINERS)


def _after_a(entry: Entry, i: int, tokens, t: int) -> bool:
    """The phrase's noun at item i (found at token t) follows "a" or "an" in the phrase and in
    the text, with only the phrase's modifiers between ("a bitter pill"): its number is fixed
    there, whatever the phrase's other uses ("a bitter pills" is no English)."""
    j = i - 1
    while j > 0 and entry.items[j].kind == "word" and not is_function(entry, j):
        j -= 1
    return (j >= 0 and entry.items[j].text in ("a", "an") and t - (i - j) >= 0
            and tokens[t - (i - j)].lower in ("a", "an"))


def match_at(tokens, prose, entry: Entry, key: int, t: int, budget: int) -> list[_Match]:
    """The entry aligned with its item `key` at token t: [the intact match] when there is one,
    else every alignment with one slip, in the order found."""
    items = entry.items
    if not entry.near and not _own_number(items[key], tokens[t], _verb_place(entry, key)):
        return []
    key_slip = None
    if word_match(items[key], tokens[t]) == "number" and (_after_determiner(entry, key) or _after_a(entry, key, tokens, t)):
        # A noun in the wrong number is a slip: another word of the phrase anchors it; only a
        # phrase with no other content word is aligned from the slipped noun ("at loggerhead").
        if budget < 1 or any(it.kind == "word" and n != key and not is_function(entry, n) for n, it in enumerate(items)):
            return []
        key_slip, budget = ("number", key, t), budget - 1
    slips: list[_Match] = []
    for right, redit, rextra in _walk(tokens, prose, entry, key + 1, t + 1, 1, len(items), budget):
        used = 1 if redit else 0
        for left, ledit, lextra in _walk(tokens, prose, entry, key - 1, t - 1, -1, -1, budget - used):
            spans = left[::-1] + [(t, t)] + right
            edit = key_slip or redit or ledit
            extra = rextra if rextra >= 0 else lextra
            seq = [s for s in spans if s is not None]
            if extra >= 0:
                seq = sorted(seq + [(extra, extra)])
            # contiguous tokens, and only spaces (or the phrase's punctuation) between them
            if any(b[0] != a[1] + 1 for a, b in zip(seq, seq[1:])):
                continue
            puncts = {s[1]: items[n].punct for n, s in enumerate(spans) if s is not None}
            if not all(_gap_ok(prose, tokens[a[1]], tokens[b[0]], puncts.get(a[1], ""))
                       for a, b in zip(seq, seq[1:])):
                continue
            m = _Match(spans, edit, extra)
            if edit is None:
                return [m]
            slips.append(m)
    return slips


def _object_follows(prose: str, tokens, t: int) -> bool:
    """A word follows token t in the same clause (only spaces between)."""
    return t + 1 < len(tokens) and not prose[tokens[t].end:tokens[t + 1].start].strip()


def _proper_noun(prose: str, tok: _Tok) -> bool:
    """A capitalised word that does not open a sentence (a name is not a substitution)."""
    if not tok.text[:1].isupper():
        return False
    i = tok.start - 1
    while i >= 0 and prose[i].isspace():
        i -= 1
    return i >= 0 and prose[i] not in _SENTENCE_OPENERS


def shared_stem(a: str, b: str) -> bool:
    """Two words of one stem: a long shared beginning, or one inside the other."""
    short, long_ = sorted((a, b), key=len)
    if len(short) >= MIN_STEM and short in long_:
        return True
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    return prefix >= MIN_STEM + 1


def _thesaurus():
    """The thesaurus' `related_words(word) -> frozenset`, or None when it is not installed."""
    try:
        from ..thesaurus import related_words
    except ImportError:  # pragma: no cover - the thesaurus ships with mtcheck
        return None
    return related_words


@lru_cache(maxsize=65536)
def relation(found: str, canonical: str, nominal: bool = False) -> str | None:
    """How `found` may be a mistranslation of `canonical`: "stem", "thesaurus" or None.
    nominal: the phrase's word stands after a determiner (a noun or its modifier there, never a
    verb), so only the thesaurus' noun and adjective senses relate them ("the sharing of breath"
    is no slip of "a waste of breath": "share" and "waste" are related only as verbs)."""
    if "'" in found or "'" in canonical:
        found, canonical = found.split("'")[0], canonical.split("'")[0]
        if found == canonical:
            return "stem"  # "Pandora box" for "Pandora's box"
    if shared_stem(found, canonical):
        return "stem"
    if found.startswith(canonical[:4]) and (canonical.startswith(found) or found.startswith(canonical)):
        return None  # "loose" for "loosen": another part of speech of the word, not a mistranslation
    if not _may_relate(found, canonical):
        return None  # without loading the thesaurus (a cold start)
    related = _thesaurus()
    if related is None:
        return None
    if nominal:
        from ..thesaurus import related_ranked

        def related(word, _ranked=related_ranked):
            return frozenset(_ranked(word, "n")) | frozenset(_ranked(word, "a"))
    for a in base_candidates(found):
        for b in base_candidates(canonical):
            if a == b or b in related(a) or a in related(b):
                return "thesaurus"
    return None


@lru_cache(maxsize=65536)
def field_relation(found: str, canonical: str) -> bool:
    """Two nouns of one narrow semantic field in the thesaurus (thesaurus.same_field), in any of
    their base forms: the related words WordNet does not link directly ("petrol" for "oil")."""
    from ..thesaurus import pos, same_field

    if "a" in pos(found) or "a" in pos(canonical):
        return False  # an adjective's noun senses ("the blind", "the deaf") are no field of things
    return any(same_field(a, b) for a in base_candidates(found) for b in base_candidates(canonical))


@lru_cache(maxsize=65536)
def close_relation(found: str, canonical: str) -> bool:
    """`found` is a close relative of `canonical`: a shared stem, or among the nearest words the
    thesaurus ranks for either (its synonyms first)."""
    rel = relation(found, canonical)
    if rel != "thesaurus":
        return rel == "stem"
    from ..thesaurus import related_ranked

    for a in base_candidates(found):
        for b in base_candidates(canonical):
            if a == b or b in related_ranked(a)[:CLOSE_RANK] or a in related_ranked(b)[:CLOSE_RANK]:
                return True
    return False


@lru_cache(maxsize=65536)
def _main_pos(word: str) -> str | None:
    from ..thesaurus import main_pos

    return main_pos(word)


@lru_cache(maxsize=65536)
def _antonyms(found: str, canonical: str) -> bool:
    from ..thesaurus import are_antonyms

    return are_antonyms(found, canonical)


@lru_cache(maxsize=65536)
def _is_kind_of(found: str, canonical: str) -> bool:
    from ..thesaurus import is_kind_of

    return is_kind_of(found, canonical)


@lru_cache(maxsize=65536)
def same_pos(found: str, canonical: str) -> bool:
    """Every part of speech one word can be, the other can be too ("skull" for "head", both
    nouns): one can stand in the other's place."""
    from ..thesaurus import pos

    a, b = pos(found), pos(canonical)
    return bool(a and b) and (a <= b or b <= a)


@lru_cache(maxsize=65536)
def _lexicalised(words: tuple[str, ...], i: int) -> bool:
    from ..thesaurus import is_lemma

    return any(is_lemma(words[a:b]) for a in range(i + 1) for b in range(max(a + 2, i + 1), len(words) + 1))


def _kept_lemma(kept: list[tuple[int, str]]) -> bool:
    """The phrase's words kept, (item, word) in order, are side by side in the phrase and one
    lemma of the thesaurus ("stock market" in "a stock market crash")."""
    return all(b[0] == a[0] + 1 for a, b in zip(kept, kept[1:])) and _lemma(tuple(w for _, w in kept))


@lru_cache(maxsize=65536)
def _lemma(words: tuple[str, ...]) -> bool:
    """The words, in this order, are one lemma of the thesaurus ("stock market", "casting vote")."""
    from ..thesaurus import is_lemma

    return is_lemma(words)


def _written_unit(first: str, second: str) -> bool:
    """Two words of the text are one lemma of the thesaurus ("casting vote")."""
    return _lemma((first, second))


def _unit_with_neighbour(tokens, t: int) -> bool:
    """Token t and the word before it (in a base form: "broke through") or after it are one lemma
    of the thesaurus, a phrasal verb or compound: a word added to a phrase there makes another
    construction, not a slip of the phrase ("broke through the ice" is not "break the ice")."""
    word = tokens[t].lower
    if t > 0 and any(_written_unit(b, word) for b in base_candidates(tokens[t - 1].lower)):
        return True
    return t + 1 < len(tokens) and _written_unit(word, tokens[t + 1].lower)


@lru_cache(maxsize=65536)
def _kind_of_head(words: tuple[str, ...], i: int) -> bool:
    from ..thesaurus import is_kind_of

    return any(is_kind_of(" ".join(words[a:i + 1]), words[i]) for a in range(i))


def _item_words(entry: Entry) -> tuple[str, ...]:
    """The phrase's words, a slot as a placeholder no lemma holds (the cached tests' key)."""
    return tuple(it.text if it.kind == "word" else "\x00" for it in entry.items)


def kind_of_head(entry: Entry, i: int) -> bool:
    """Words of the phrase ending in its item i are a unit of the thesaurus that is a kind of
    that word ("a budget deficit" is a deficit, "a trade deficit" too): a compound whose words
    mean themselves, so the head's close relative says the same thing ("a budget shortfall"),
    where an idiom's does not ("a vicious circle" is no circle)."""
    return _kind_of_head(_item_words(entry), i)


def lexicalised(entry: Entry, i: int) -> bool:
    """Words of the phrase around its item i, that one included, are a unit of the thesaurus
    ("vicious circle", "second fiddle", "witch-hunt"): an idiom or compound whose words do not
    each mean themselves."""
    return _lexicalised(_item_words(entry), i)


# A cold start should not load the thesaurus (3 MB) to learn that two words are unrelated: for
# each phrase word c, a Bloom filter holds the pairs (c, w) for every w that can make relation()
# find them related. The thesaurus' expansion (thesaurus.related_ranked) is symmetric between
# lemmas, so b in related(a) puts a base x of a in related(b) or bases(b): with K(c) = the bases
# of c's bases and their related words, a found word f can be related to c only if a base of a
# base of f is in K(c). A false "maybe" (under 1%) only means asking the thesaurus.
_RELATIVE_BITS = 1 << 23  # 1 MiB in the cache


def _relative_bits(canonical: str, word: str) -> tuple[int, int]:
    digest = hashlib.blake2b(f"{canonical}\x00{word}".encode(), digest_size=8).digest()
    return int.from_bytes(digest[:4], "little") % _RELATIVE_BITS, int.from_bytes(digest[4:], "little") % _RELATIVE_BITS


def _relatives(entries) -> tuple[bytes, frozenset[str]]:
    """The filter, and the phrase words it covers (the words a substitution replaces)."""
    if _thesaurus() is None:
        return b"", frozenset()
    from ..thesaurus import related_ranked

    words = {it.text for e in entries if e.near for i, it in enumerate(e.items)
             if it.kind == "word" and "'" not in it.text and not is_function(e, i)}
    bits = bytearray(_RELATIVE_BITS // 8)
    for c in words:
        near: set[str] = set()
        for b in base_candidates(c):
            near.update(base_candidates(b))
            near.update(related_ranked(b))
        for w in near:
            for h in _relative_bits(c, w):
                bits[h >> 3] |= 1 << (h & 7)
    return bytes(bits), frozenset(words)


def _may_relate(found: str, canonical: str) -> bool:
    """False when the thesaurus cannot relate the two words (see _relatives); else True."""
    bits, covered = _compiled()[3]
    if canonical not in covered:
        return True
    for a in base_candidates(found):
        for w in base_candidates(a):
            if all(bits[h >> 3] >> (h & 7) & 1 for h in _relative_bits(canonical, w)):
                return True
    return False


# -- candidates ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A proposed correction: replace prose[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str
    shown: tuple[int, int]  # the span of the whole phrase as found, for the message
    target: str  # the canonical phrase
    strong: bool  # enough lexical evidence to report without the model
    evidence: float
    slip: str  # "sub", "swap", "drop", "add", "number", "wrong", "calque", "calque-sub"
    # Another phrase of the lexicon fits the same words at least as well ("turned a blind ear":
    # "turn a blind eye" or "turn a deaf ear"): the fix is a choice, not a certainty.
    contested: bool = False
    # The replacement keeps the sentence's grammar as found: no slot left unfilled ("one's"), no
    # inflected verb replaced by an uninflected phrase ("remained ink on paper" -> "a dead letter").
    fits: bool = True
    # What the found word is to the phrase's word, for the model's prior (mtcheck/model/idioms.py):
    # a substitution's "stem", "thesaurus", "field", "same-pos" or "" (unrelated); "article" or
    # "function" for a word dropped or added; "preposition", "determiner", "numeral" for a swap.
    relation: str = ""
    kept: int = 0  # the phrase's words (articles and slots not counted) found as written
    # Found as a calque whose words also have a common literal sense (Entry.literal): its fix is not safe.
    literal: bool = False

    @property
    def fixable(self) -> bool:
        """Its fix may be applied on its evidence: no rival reading, the sentence's grammar kept,
        no literal reading of its words."""
        return not self.contested and self.fits and not self.literal


def _fill(target: str, fillers: dict[str, list[str]]) -> str:
    """The target phrase with its slots filled by the text's fillers (in order), where known."""
    words = []
    pools = {k: list(v) for k, v in fillers.items()}
    for raw in target.split():
        bare = raw.rstrip(",;:")
        kind = {"one's": "poss", "oneself": "refl", "someone": "np", "something": "np"}.get(bare)
        if kind and pools.get(kind):
            words.append(pools[kind].pop(0) + raw[len(bare):])
        else:
            words.append(raw)
    return " ".join(words)


def _whole(prose, tokens, entry: Entry, m: _Match) -> Candidate:
    """A wrong form or calque found as written: the whole span gets the target phrase."""
    spans = [s for s in m.spans if s is not None]
    start, end = tokens[spans[0][0]].start, tokens[spans[-1][1]].end
    fillers: dict[str, list[str]] = {}
    for item, s in zip(entry.items, m.spans):
        if item.kind != "word" and s is not None:
            fillers.setdefault(item.kind, []).append(prose[tokens[s[0]].start:tokens[s[1]].end])
    target = _fill(entry.target, fillers)
    target_items = entry.target.split()
    if len(entry.items) == len(target_items):
        # Same length: replace only the words that differ ("the last drop" -> "straw"); a calque
        # one word off its idiom is that word's slip ("add oil to the fire" -> "fuel").
        diff = [n for n, (it, w) in enumerate(zip(entry.items, target_items)) if it.kind == "word" and it.text != w.lower()]
        if diff and (entry.kind == "wrong" or len(diff) == 1 and all(it.kind == "word" for it in entry.items)):
            a, b = m.spans[diff[0]], m.spans[diff[-1]]
            if a is not None and b is not None:
                found = prose[tokens[a[0]].start:tokens[b[1]].end]
                words = target.split()[diff[0]:diff[-1] + 1]
                words[0] = match_form(words[0], found.split()[0])
                return Candidate(tokens[a[0]].start, tokens[b[1]].end, " ".join(words), (start, end),
                                 entry.target, True, 9.0, entry.kind, literal=entry.literal)
    first = prose[start:tokens[spans[0][0]].end]
    words = target.split()
    # The idiom's opening words already written just before the calque are not written again
    # ("groups have sprung up like bamboo shoots after the rain" → "like mushrooms").
    words = words[_written_before(prose, tokens, spans[0][0], words):]
    inflected_here = entry.items[0].kind == "word" and first.lower() != entry.items[0].text
    if words and entry.items[0].kind == "word" and (words[0].lower() not in function_words()
                                                    or inflected_here and is_irregular_verb(words[0].lower())):
        words[0] = match_form(words[0], first)  # "had other cats to whip" -> "had bigger fish to fry"
    elif words and first[:1].isupper():
        words[0] = words[0][:1].upper() + words[0][1:]
    inflected = bool(words) and words[0].lower() != target_items[0].lower()
    fits = (not any(w.strip(",") in _SLOT_WORDS for w in words)
            and not (inflected_here and not inflected)
            and not (inflected and zipf(words[0].lower()) == 0))  # "bigger" made "biggered" like "had"
    return Candidate(start, end, " ".join(words), (start, end), entry.target, True, 9.0, entry.kind, fits=fits,
                     literal=entry.literal)


_SLOT_WORDS = frozenset((POSSESSIVE_SLOT, REFLEXIVE_SLOT, *PHRASE_SLOTS))


def _written_before(prose, tokens, first: int, words: list[str]) -> int:
    """How many of `words` (a suggestion's opening words, in base form) the text already has,
    in any inflection, right before token `first`; never all of them."""
    for n in range(min(len(words) - 1, first), 0, -1):
        before = tokens[first - n:first]
        if (all(prose[a.end:b.start] == " " for a, b in zip(before, before[1:] + [tokens[first]]))
                and all(tok.lower in forms(w.lower()) for tok, w in zip(before, words))):
            return n
    return 0


def _own_complement(prose, tokens, entry: Entry, m: _Match) -> bool:
    """A known-wrong form found as written, a noun phrase (it opens with a determiner) that puts
    another word in place of its idiom's last word, a noun the text goes on to complement with
    "of" ("the last drop of fuel"), where the idiom's noun is no word of part or quantity that
    could take that complement ("the last straw of fuel" is no English; "the lion's part of the
    contracts" is "the lion's share of"): the found words head a noun phrase of their own, in
    their literal sense. Not where the found word is a misspelling or another number of the
    idiom's ("a hair's breath": breadth), which the complement cannot make literal, nor in a
    verb phrase ("wreaked chaos of a kind": havoc), whose object's complement says nothing."""
    target = entry.target.split()
    if (entry.kind != "wrong" or len(target) != len(entry.items) or entry.items[0].text not in DETERMINERS
            or entry.items[-1].kind != "word"
            or OSA.distance(entry.items[-1].text, target[-1].lower()) <= MAX_SPELLING_SLIP):
        return False
    end = m.spans[-1]
    if end is None or end[1] + 2 >= len(tokens):
        return False
    of, nxt = tokens[end[1] + 1], tokens[end[1] + 2]
    if of.lower != "of" or prose[tokens[end[1]].end:of.start] != " " or prose[of.end:nxt.start] != " ":
        return False
    from ..thesaurus import is_partitive

    return not is_partitive(target[-1].lower())


def _kept_weight(entry: Entry, m: _Match) -> float:
    """The weight of the entry's items that matched as written (all but the slipped one)."""
    slipped = m.edit[1] if m.edit and m.edit[0] != "add" else -1
    return sum(word_weight(entry, n) for n, s in enumerate(m.spans) if s is not None and n != slipped)


def _calque_slip(prose, tokens, entry: Entry, m: _Match) -> bool:
    """A long calque with one content word replaced by another content word, the rest as
    written and weighing MIN_CALQUE_KEPT: the same literal rendering, translated afresh."""
    kind, i, t = m.edit
    if kind != "sub" or is_function(entry, i):
        return False
    tok = tokens[t]
    if tok.lower in function_words() or _proper_noun(prose, tok) or not _TOKEN.fullmatch(tok.text):
        return False
    spans = [s for s in m.spans if s is not None]
    found = [x.lower for x in tokens[spans[0][0]:spans[-1][1] + 1]]
    target = entry.target.lower().split()
    if len(found) == len(target) and all(f in forms(w) for f, w in zip(found, target)):
        return False  # the idiom itself ("kill two birds with one shot": "stone")
    return _kept_weight(entry, m) >= MIN_CALQUE_KEPT


_UNDECIDED = object()  # a weak candidate or none: only the thesaurus can tell


def _slip(prose, tokens, entry: Entry, m: _Match, lazy: bool = False):
    """A phrase found with one slip, with its lexical evidence; None when it is no candidate.
    lazy: _UNDECIDED where the slip cannot be strong and only the thesaurus would say whether
    it is a (weak) candidate."""
    items = entry.items
    kind, i, t = m.edit
    weights = 0.0
    content = kept = 0
    units, kept_units, kept_words = _written_words(entry.phrase), set(), []  # (a written compound is one unit)
    for n, (item, s) in enumerate(zip(items, m.spans)):
        if s is None or n == i and kind != "number":  # a noun in the other number is still the phrase's word
            continue
        if item.kind == "word" and item.text not in _ARTICLES:
            kept += 1
            kept_units.add(units[n])
            kept_words.append((n, item.text))
        weights += word_weight(entry, n)
        content += item.kind == "word" and not is_function(entry, n)
    shown_spans = [s for s in m.spans if s is not None] + ([(m.extra, m.extra)] if m.extra >= 0 else [])
    shown = (tokens[min(s[0] for s in shown_spans)].start, tokens[max(s[1] for s in shown_spans)].end)
    if content == 0:
        return None
    tok = tokens[t]
    item = items[i]
    fw = function_words()
    if kind in ("sub", "number", "swap") and (_proper_noun(prose, tok) or (tok.text.isupper() and len(tok.text) > 1)):
        return None
    if kind in ("swap", "sub") and is_function(entry, i) and (
            items[i + 1:] and all(it.kind == "np" for it in items[i + 1:])
            or not items[i + 1:] and tokens[t].lower in prepositions() and _object_follows(prose, tokens, t)):
        # A phrase-final preposition belongs to what follows ("take stock on Tuesday"); another
        # preposition with its own object after it heads its own phrase ("push the boat from
        # one bank to the other").
        return None
    if kind == "sub":
        if tok.lower in fw or tok.lower in forms(item.text) or tok.lower.split("'")[0] == item.text:
            return None  # a function word is another construction; a possessive is the same word
        before = m.spans[i - 1] if i > 0 else None
        if (before is not None and items[i - 1].kind == "word" and not is_function(entry, i - 1)
                and _singular(tokens[before[1]].lower) == items[i - 1].text):
            # The phrase's noun modifier written as a plural ends a noun phrase of its own: the
            # word after it is no slip of the compound's head ("supply chains move" is not
            # "supply chain disruption").
            return None
        if set(base_candidates(tok.lower)) & set(base_candidates(item.text)):
            return None  # the same word in another form ("while the sun shone")
        if weights < MIN_CANDIDATE:
            return None
        common = _common(tok.lower)
        # Any common verb may stand before a phrase ("said a back seat"): not evidence alone.
        may_be_strong = (not (common and i == 0)
                         and weights >= (MIN_STRONG_COMMON_SUB if common else MIN_STRONG_SUB))
        # With one word kept, only a modifier or head replaced by an uncommon close relative (a
        # verb opening the phrase is replaced freely: "flexed his arm"), and the kept word not
        # a rare topic word (a free collocation: "a cholera epidemic").
        may_be_close = (may_be_strong and kept == 1 and i > 0 and not common and weights >= MIN_STRONG_CLOSE
                        and all(word_weight(entry, n) < WEIGHT_RARE for n, s in enumerate(m.spans)
                                if s is not None and n != i))
        may_be_same_pos = may_be_strong and kept >= MIN_SAME_POS_ITEMS and weights >= MIN_STRONG_SAME_POS
        may_be_strong = may_be_strong and kept >= MIN_STRONG_ITEMS
        if lazy and not (may_be_strong or may_be_close or may_be_same_pos) and weights < MIN_CANDIDATE_UNRELATED:
            return _UNDECIDED
        if t > 0 and tokens[t - 1].lower in DETERMINERS and _verb_place(entry, i) and _main_pos(item.text) == "v":
            return None  # a noun after its determiner stands for no verb ("brought the port to a standstill")
        if _antonyms(tok.lower, item.text):
            return None  # the opposite word is no slip, and its phrase is English too ("the worst of both worlds")
        rel = relation(tok.lower, item.text, _nominal_place(entry, i))
        # A noun of the same narrow field ("the midnight petrol": fuel) is strong evidence with
        # enough of the phrase around it; with less, a candidate for the model ("a ghost village").
        field_strong = may_be_strong and weights >= MIN_STRONG_FIELD
        if rel is None and (field_strong or not lazy) and field_relation(tok.lower, item.text):
            rel = "field"
        if weights < (MIN_CANDIDATE if rel else MIN_CANDIDATE_UNRELATED):
            return None
        # With one word kept, a close relative is a slip only inside a lexicalised phrase: "a
        # vicious circuit" breaks an idiom, "an executive decree" says "an executive order" in
        # other words.
        related = rel is not None and (may_be_strong or (may_be_close and close_relation(tok.lower, item.text)
                                                         and lexicalised(entry, i))) \
            and (rel != "field" or field_strong)
        # With one word kept, a kind of the phrase's word in its place is a writer's choice,
        # not a slip: "an opposition lawmaker" says more than "the opposition leader" (the
        # model may still judge it). With more of the phrase around it, a kind of the word is
        # a slip as often as any relative ("a ticking time grenade").
        related = related and not (kept == 1 and rel == "thesaurus" and _is_kind_of(tok.lower, item.text))
        # With one word kept, the close relative of a compound's head, where the compound is a
        # kind of its head, rewords it: "a budget shortfall" is "a budget deficit" in other words.
        related = related and not (kept == 1 and rel == "thesaurus" and kind_of_head(entry, i))
        # The words kept all one compound, hyphenated in the lexicon or a unit of the thesaurus,
        # which stands on its own as a noun or a modifier ("let the belt-tightening start" is no
        # slip of "belt-tightening measures", "a stock market report" none of "a stock market
        # crash"): as with any one word kept, only a close relative in the other's place is a
        # slip ("a double-edged blade").
        related = related and not (kept > 1 and (len(kept_units) == 1 or _kept_lemma(kept_words))
                                   and not close_relation(tok.lower, item.text))
        # One span of time for another names another time, literally: "at the end of the month"
        # is no slip of "at the end of the day", "year in, year out" none of "day in, day out".
        related = related and not _time_spans(tok.lower, item.text)
        # One place in a sequence for another counts literally: "cannot seek a third term" is
        # no slip of "a second term", nor "a third reading" of "a second reading".
        counted = {tok.lower, item.text} <= ORDINALS
        related = related and not counted
        # An unrelated word of the same part of speech, but no adjective: a modifier varies
        # freely ("a speedy trial" is no slip of "a fair trial").
        alike = (not related and not counted and may_be_same_pos and same_pos(tok.lower, item.text)
                 and "a" not in (_main_pos(tok.lower), _main_pos(item.text)))
        return Candidate(tok.start, tok.end, inflect_like(entry, i, tok.text), shown, entry.target,
                         related or alike, weights, kind, relation=rel or ("same-pos" if alike else ""), kept=kept)
    if kind == "swap":
        # Only a preposition for a preposition, a determiner for a determiner (not one article for another).
        pair = {tok.lower, item.text}
        if not (pair <= prepositions() or (pair <= DETERMINERS and not pair <= _ARTICLES) or pair <= NUMBERS):
            return None
        if i == 0 and pair <= DETERMINERS:
            return None  # the determiner opening a noun phrase is the sentence's choice ("its race against time")
        if i == 0 and pair <= prepositions() and _governed(tokens, t):
            return None  # the preposition is the word before it's ("made by the hoof of a horse")
        if weights < MIN_CANDIDATE:
            return None
        replacement = item.text if tok.text.islower() else item.text.capitalize()
        # A preposition for a preposition is a slip; a determiner may vary ("his hat-trick"). A
        # phrase's opening preposition often has a genuine alternative ("through word of mouth"),
        # unless a word met almost only in the phrase follows ("in loggerheads").
        strong = (pair <= prepositions() and weights >= MIN_STRONG_SWAP
                  and (i > 0 or any(word_weight(entry, n) >= WEIGHT_RARE for n in range(1, len(items)))))
        return Candidate(tok.start, tok.end, replacement, shown, entry.target, strong, weights, kind,
                         relation="preposition" if pair <= prepositions() else
                         "numeral" if pair <= NUMBERS else "determiner", kept=kept)
    if weights < MIN_CANDIDATE:
        return None
    # An article slip is strong only before the phrase's next word as written, in running text
    # (a plural or a headline takes no article: "knock on doors", "Government Strikes Deal").
    bare_plural = False
    if kind == "drop":
        # The token after the dropped word: the next item's, whichever way the walk went.
        nxt_span = next((s for s in m.spans[i + 1:] if s is not None), None)
        t = nxt_span[0] if nxt_span is not None else -1
        after = tokens[t] if 0 <= t < len(tokens) else None
        if after is not None and t > 0 and _written_unit(tokens[t - 1].lower, after.lower):
            return None  # the words as written are a compound of their own ("her casting vote")
        if item.text in _ARTICLES and _on_display_line(prose, shown[0]):
            return None  # headlinese: a headline drops its articles ("Workers stage walkout")
        article = (item.text in _ARTICLES and after is not None and i + 1 < len(items)
                   and after.lower == items[i + 1].text and after.text.islower())
        # The phrase's last word, a plural noun, left bare by the article dropped: a whole
        # indefinite noun phrase of its own, read literally ("the yacht ran aground on rocks",
        # "hikers sat on rocks"), where a singular count noun cannot stand bare ("kept out of
        # loop"). Only the model may judge it.
        bare_plural = article and i + 2 == len(items) and _singular(items[i + 1].text) is not None
    elif kind == "add":
        after = tokens[m.extra + 1] if m.extra + 1 < len(tokens) else None
        if _unit_with_neighbour(tokens, m.extra):
            return None  # the added word belongs to a unit of its own ("broke through the ice")
        article = (tokens[m.extra].lower in _ARTICLES and tokens[m.extra].text.islower() and after is not None
                   and after.text.islower() and any(after.lower == it.text for it in items))
    else:
        article = False
    # A definite article pointing to nothing: one added before the phrase's last word (as the
    # phrase writes it), where the phrase's words, all counted, weigh what a strong article slip
    # needs (as _may_be_strong counts them); or the phrase's own before a noun in the other number
    # (as _least_in_place allows).
    last = max(n for n, s in enumerate(m.spans) if s is not None)
    if kind == "add" and article and items[last].kind == "word" and _kept_weight(entry, m) >= MIN_STRONG_ARTICLE:
        the, head, noun = m.extra, m.spans[last][1], items[last].text
    elif kind == "number" and i > 0 and items[i - 1].text == "the":
        the, head, noun = t - 1, t, tok.lower
    else:
        the = head = -1
    if the >= 0 and tokens[the].text == "the" and _points_nowhere(prose, tokens, the, head, noun):
        weights += WEIGHT_UNANCHORED
    strong = weights >= (MIN_STRONG_ARTICLE if article else MIN_STRONG_RARE_NUMBER if _rare_number(entry, m)
                         else MIN_STRONG_SHAPE)
    if bare_plural:
        strong = False
    if kind == "number" and _modifies_next(prose, tokens, t):
        return None  # the noun modifies the next one, in the singular as modifiers are ("laurel wreaths")
    if article and kind == "add" and _free_object(entry, m, tokens):
        strong = False  # only the model may judge it
    if kind == "number":
        return Candidate(tok.start, tok.end, match_form(item.surface, item.surface) if tok.text.islower()
                         else item.surface.capitalize(), shown, entry.target, strong, weights, kind, kept=kept)
    shape = "article" if article else "function"
    if kind == "drop":
        # The missing word goes before the next token found ("out hand" -> "out of hand").
        if not 0 <= t < len(tokens):
            return None
        nxt = tokens[t]
        word = item.surface if not nxt.text[:1].isupper() else item.surface.capitalize()
        rest = nxt.text if not nxt.text[:1].isupper() else nxt.text[:1].lower() + nxt.text[1:]
        if nxt.text[:1].isupper() and _proper_noun(prose, nxt):
            rest = nxt.text
        return Candidate(nxt.start, nxt.end, f"{word} {rest}", shown, entry.target, strong, weights, kind,
                         relation=shape, kept=kept)
    if kind == "add":
        extra = tokens[m.extra]
        # The added word and the next one become the next one ("the hand" -> "hand").
        nxt = tokens[m.extra + 1] if m.extra + 1 < len(tokens) else None
        if nxt is None:
            return None
        text = nxt.text
        if extra.text[:1].isupper() and not _proper_noun(prose, nxt):
            text = text[:1].upper() + text[1:]
        return Candidate(extra.start, nxt.end, text, shown, entry.target, strong, weights, kind,
                         relation=shape, kept=kept)
    return None


# Words after a noun that open its complement, which gives its "the" a referent ("behind the bars
# of the cell", "the crack in the wall", "the face that launched"): "of", a relative, or a
# preposition of place or belonging.
_COMPLEMENT_OPENERS = frozenset("of that which who whom whose where in on at from to with into inside near "
                                "between".split())


def _points_nowhere(prose, tokens, the: int, head: int, noun: str) -> bool:
    """The definite article at token `the` before the noun at token `head` (`noun`: the phrase's
    word there, or the text's in the other number) has no referent in the text: `noun` a mass
    noun or a plural, no complement after it (_COMPLEMENT_OPENERS, or
    a noun it modifies: "under the fire escape"), and not mentioned, in any form, before the
    article. Translations from languages without articles put "the" where English has none
    ("jumped the bail", "behind the bars"). A singular count noun needs a determiner anyway, and
    "the" is the one for whatever the context makes known ("the runners were back on the
    track", "fell through the crack"): no evidence."""
    if head <= the or _count_singular(noun):
        return False
    if head + 1 < len(tokens):
        nxt = tokens[head + 1]
        if (nxt.lower in _COMPLEMENT_OPENERS and not prose[tokens[head].end:nxt.start].strip()
                or _modifies_next(prose, tokens, head)):
            return False
    bases = set(base_candidates(tokens[head].lower))
    return all(bases.isdisjoint(base_candidates(tok.lower)) for tok in tokens[:the])


def _rare_number(entry: Entry, m: _Match) -> bool:
    """A number slip of a word met almost only in its phrase (WEIGHT_RARE: "at loggerhead", "in
    the doldrum", "on tenterhook"): such a noun has no ordinary use in the other number for the
    text to mean, where a common one does ("through the crack in the wall")."""
    return m.edit[0] == "number" and word_weight(entry, m.edit[1]) >= WEIGHT_RARE


def _governed(tokens, t: int) -> bool:
    """The preposition at token t belongs to the word before it, not to a phrase it opens: the
    agent's "by" after a past participle ("was made by the hoof of a horse", "left by the
    wayside"), or a verb's own preposition, a unit of the thesaurus ("looked at the horizon",
    "relied on the ropes")."""
    if t < 1:
        return False
    prev, prep = tokens[t - 1].lower, tokens[t].lower
    bases = [b for b in base_candidates(prev) if b != prev]
    if prep == "by" and form_of(prev) in ("ed", "en") and any("v" in _pos(b) for b in bases or [prev]):
        return True
    return any("v" in _pos(b) and _written_unit(b, prep) for b in base_candidates(prev))


def _free_object(entry: Entry, m: _Match, tokens) -> bool:
    """An article added (m.extra) before items i.. of the phrase, where those items are its last words, a
    plural noun and its modifiers, and the text's word before the article is the phrase's opening
    verb or that verb's particle (a unit of the thesaurus: "tie up"): the article opens the verb's
    object, whose determiner English chooses freely ("tied up the loose ends of the plot", "pulled
    the strings"). A bare noun after a preposition is fixed ("on thin ice", "behind closed doors",
    "a war of words"), and so is one the phrase goes on after ("make ends meet")."""
    items, extra = entry.items, m.extra
    i = next((n for n, s in enumerate(m.spans) if s is not None and s[0] > extra), 0)
    if i < 1 or extra < 1 or not all(it.kind == "word" and not is_function(entry, n)
                                     for n, it in enumerate(items[i:], i)):
        return False
    if _singular(items[-1].text) is None:
        return False  # a singular or mass noun keeps its bare form ("jumped the bail", "lose the face")
    if i == 2 and items[1].text in prepositions():  # the verb's particle ("tie up")
        if extra < 2 or tokens[extra - 1].lower != items[1].text or not any(
                _written_unit(b, items[1].text) for b in base_candidates(tokens[extra - 2].lower)):
            return False
    elif i != 1:
        return False
    return _main_pos(items[0].text) == "v"


def compound_index() -> dict[str, tuple[int, ...]]:
    """Phrases ending in a modifier, one written word (hyphenated or not), and its head noun ("a
    domino effect", "a knee-jerk reaction"), by every form of the head: a translation may spell
    them out as "an effect of domino"."""
    return _compiled()[2]


def _compounds(entries) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for n, entry in enumerate(entries):
        items, units = entry.items, _written_words(entry.phrase)
        hyphenated = len(items) > 2 and units[-3] == units[-2]  # the modifier ("wake-up": its parts may be particles)
        if (entry.kind == "phrase" and units[-1] in (1, 2) and units[-2] == units[-1] - 1
                and all(it.kind == "word" for it in items) and (units[-1] == 1 or items[0].text in _ARTICLES)
                and not is_function(entry, len(items) - 1)
                and (hyphenated or not is_function(entry, len(items) - 2))):
            for form in forms(items[-1].text):
                index.setdefault(form, []).append(n)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=None)
def evidence_items(n: int) -> tuple[float, tuple[tuple[frozenset[str], float], ...]]:
    """Entry n's words as (forms, weight), and an upper bound for its slots: a quick test of
    whether enough of a phrase is near a key token to be worth aligning."""
    entry = lexicon_entry(n)
    out = []
    always = 0.0  # function words and slots, counted as present (they are everywhere)
    for i, it in enumerate(entry.items):
        if it.kind == "word" and not is_function(entry, i):
            out.append((forms(it.text), word_weight(entry, i)))
        else:
            always += word_weight(entry, i)
    return always, tuple(out)


def _worth_aligning(n: int, near: set[str]) -> bool:
    always, content = evidence_items(n)
    return always + sum(w for fs, w in content if not fs.isdisjoint(near)) >= MIN_CANDIDATE


def _reordered(prose, tokens, t: int) -> Candidate | None:
    """ "[article] HEAD of [the] MODIFIER" for a phrase "[article] MODIFIER HEAD"."""
    for n in compound_index().get(tokens[t].lower, ()):
        entry = lexicon_entry(n)
        units = _written_words(entry.phrase)
        parts = [it.text for it, u in zip(entry.items, units) if u == units[-2]]  # the modifier's
        mod = parts[-1]
        q = t + 1
        if q >= len(tokens) or tokens[q].lower != "of":
            continue
        q += 1
        if q < len(tokens) and tokens[q].lower in _ARTICLES:
            q += 1
        # A hyphenated modifier as written, part by part ("a reaction of knee-jerk"); its last
        # part, or a modifier of one word, in either number: a translation spelling the compound
        # out often makes it plural ("a drain of brains" for "a brain drain", "a town of ghosts").
        last = q + len(parts) - 1
        if (last >= len(tokens) or not _gap_ok(prose, tokens[q - 1], tokens[q], "") or _proper_noun(prose, tokens[q])
                or any(tokens[k].lower != part or k > q and prose[tokens[k - 1].end:tokens[k].start] not in _HYPHENS
                       for k, part in zip(range(q, last), parts))
                or not (tokens[last].lower == mod or _singular(tokens[last].lower) == mod
                        or irregular_number(tokens[last].lower, mod))
                or last > q and prose[tokens[last - 1].end:tokens[last].start] not in _HYPHENS):
            continue  # (a capitalised word is a name: "the town of Ghost Hill")
        first = t - 1 if t > 0 and tokens[t - 1].lower in _ARTICLES else t
        article = tokens[first].lower in _ARTICLES
        words = entry.phrase.split()  # as written: a hyphenated modifier keeps its hyphen
        if words[0].lower() in _ARTICLES:
            words = words[1:]
        # (A head that opens the span is capitalised for its place, which the new first word takes.)
        words[-1] = match_form(words[-1], tokens[t].text if first < t else tokens[t].lower)
        if article:  # the text's own article, definite or not ("an effect of domino" -> "a domino effect")
            det = tokens[first].lower
            words.insert(0, det if det == "the" else indefinite_article(words[0]))
        text = " ".join(words)
        if tokens[first].text[:1].isupper():
            text = text[:1].upper() + text[1:]
        start, end = tokens[first].start, tokens[last].end
        return Candidate(start, end, text, (start, end), entry.target,
                         _spelt_out_image(prose, tokens, entry, t, q, last), 2.0, "reorder")
    return None


def _spelt_out_image(prose, tokens, entry: Entry, t: int, q: int, last: int) -> bool:
    """The reordered compound at tokens t (its head) .. q-last (its modifier) is strong evidence.
    Its modifier stands bare after "of", as a compound's modifier does and a complement seldom
    does ("the rate of the inflation"), and ends the noun phrase, no noun after it that it would
    modify ("a war of turf fights"); and either
      - it is a singular count noun (inflection.is_count_noun), which English never leaves bare
        ("an effect of domino", "a package of bailout"), where a mass noun reads literally
        after "of" ("a vacuum of power", "a keg of powder", "a fist of iron"); or
      - it is plural, which no modifier of a compound takes, and the phrase is an image
        (figurative), whose words spelt out mean something else or nothing ("a town of
        ghosts", "a drain of brains"), where a literal compound spelt out is often English ("a
        reshuffle of the cabinets", "the price of houses");
      - it is hyphenated, the written form of a compound modifier, and the phrase is an image
        ("a reaction of knee-jerk", "a call of wake-up")."""
    if q != t + 2 or _modifies_next(prose, tokens, last):
        return False
    if last > q:
        return entry.figurative
    if tokens[q].lower == entry.items[-2].text:
        return is_count_noun(tokens[q].lower)
    return entry.figurative


def _modifies_next(prose, tokens, q: int) -> bool:
    """Token q may be a noun modifier of the next word, a lowercase word after a single space
    that can be a noun: the noun phrase goes on ("a war of turf fights", "rest on its laurel
    wreaths", "came under the fire escape"), and a modifier takes the singular whatever the
    phrase's number. Any noun sense counts, not only the commonest ("escape", "fights" are
    verbs first)."""
    if q + 1 >= len(tokens):
        return False
    nxt = tokens[q + 1]
    return (prose[tokens[q].end:nxt.start] == " " and nxt.text.islower() and nxt.lower not in function_words()
            and "n" in _pos(nxt.lower))


_A_BEFORE = ("uni", "use", "usu", "uti", "eu", "one", "once", "ewe")
_AN_BEFORE = ("hour", "honest", "honor", "honour", "heir")


def indefinite_article(word: str) -> str:
    """ "a" or "an" before `word`, by its first sound as spelling tells it."""
    w = word.lower()
    if w.startswith(_AN_BEFORE):
        return "an"
    return "an" if w[:1] in "aeiou" and not w.startswith(_A_BEFORE) else "a"


def inflect_like(entry: Entry, i: int, found: str) -> str:
    """The phrase's word at item i, inflected like the found word. Only a word that opens the
    phrase or follows a slot or "to" can be a verb; elsewhere it keeps to a noun's forms."""
    word = entry.items[i].surface
    verb = i == 0 or entry.items[i - 1].kind != "word" or entry.items[i - 1].text in ("to", "not")
    if not verb and form_of(found) in ("ing", "ed", "en"):
        return word[:1].upper() + word[1:] if found[:1].isupper() and not found.isupper() else word
    return match_form(word, found)


def find_candidates(prose: str, strong_only: bool = False) -> list[Candidate]:
    """Every candidate correction in `prose`, one per span (the best evidence first).

    strong_only: just the strong ones (the same as filtering the full list: a weak candidate
    never displaces a strong one), without the work only weak ones need (the thesaurus is
    asked only where a slip may be strong)."""
    out, readings = _find(prose, strong_only)
    if strong_only:
        # Rival readings may be weak ones, which this mode does not look for: look for them
        # around each strong candidate only (there are few), so `contested` is the same as in
        # the full search.
        readings = []
        for c in out:
            a, b = sentence_around(prose, c.shown[0], c.shown[1])
            readings += [replace(o, start=o.start + a, end=o.end + a, shown=(o.shown[0] + a, o.shown[1] + a))
                         for o in _find(prose[a:b], False)[1]]
    # Another reading of the same words, at least as well supported, makes the fix a choice: more
    # evidence, or as much and as strong ("the tip of the glacier": "iceberg" is related to
    # the found word, "spear" is not, so it is no rival).
    out = [replace(c, contested=True) if any(o.target != c.target and (o.evidence, o.strong) >= (c.evidence, c.strong)
                                             and o.shown[0] < c.shown[1] and c.shown[0] < o.shown[1]
                                             for o in readings) else c for c in out]
    # Words set off on their own in quotation marks are cited, not used: only the model may judge them.
    out = [replace(c, strong=False) if c.strong and _set_off(prose, *c.shown) else c for c in out]
    return sorted(out, key=lambda c: c.start)


_QUOTE_CLOSE = {"“": "”", '"': '"', "‘": "’", "'": "'"}


def _set_off(prose: str, start: int, end: int) -> bool:
    """The found words prose[start:end] are the whole of a quotation in running text, opening in
    lowercase (a stop or comma may close it): a term cited, not used ("ministers talk about
    “levelling up” and “pride in place”", a slogan, a coinage, someone's words held up as
    theirs), whose wording is its author's, as a title set off in quotation marks keeps its
    spelling (MT104, MT303). A quoted sentence of speech opens with a capital and says more
    than the phrase ("“We are in loggerheads,” he said"), and is judged as any text."""
    if start < 1 or not prose[start:start + 1].islower():
        return False
    mark = prose[start - 1]
    close = _QUOTE_CLOSE.get(mark)
    if close is None or start >= 2 and prose[start - 2].isalnum():
        return False  # no quotation mark, or an apostrophe ending a word ("farmers' pride")
    after = prose[end:end + 2]
    return after[:1] == close or after[:1] in ".,;:!?" and after[1:2] == close


def _line_around(prose: str, pos: int) -> tuple[int, int]:
    """The start and end of the line that holds prose[pos] (its line break not included)."""
    a, b = prose.rfind("\n", 0, pos) + 1, prose.find("\n", pos)
    return a, len(prose) if b < 0 else b


def _in_headline(prose: str, pos: int) -> bool:
    """prose[pos] is on a title-case headline's line (english.looks_like_headline)."""
    return looks_like_headline(prose[slice(*_line_around(prose, pos))])


def _on_display_line(prose: str, pos: int) -> bool:
    """prose[pos] is on a line that is no running text: a title-case headline, or a line standing
    alone (a blank line or the text's edge on both sides) without closing punctuation, as a
    sentence-case headline, subhead or caption is. Such lines drop their articles by design
    ("Hospital workers stage walkout")."""
    if _in_headline(prose, pos):
        return True
    a, b = _line_around(prose, pos)
    line = prose[a:b].strip()
    if line.endswith((".", "!", "?", ",", ";", ":", "”", '"', "’", "'", ")")):
        return False
    blank_before = a == 0 or not prose[slice(*_line_around(prose, a - 1))].strip()
    blank_after = b == len(prose) or not prose[slice(*_line_around(prose, b + 1))].strip()
    return blank_before and blank_after


def _literal_reading(prose, tokens, entry: Entry, m: _Match, as_written) -> str | None:
    """Why words found as a wrong form or calque may be plain English, or None.

    "other words": they are part of other words, not the phrase: joined by a hyphen to the word
    before or after ("a heart blow-out"), the phrase's last noun modifying a noun right after
    it ("a Turk's head knot", "drown the fish traps"), or a word the phrase writes in lowercase
    capitalised inside running text, a name ("a drink at the Turk's Head").
    "literal": the phrase's rarest content word, unless a very common one, is used elsewhere in
    the document, outside any wrong form or calque: the text is about the thing itself ("add the
    first tortilla and flip the tortilla", "the trout would not take the fly" in a piece on fly
    fishing)."""
    spans = [s for s in m.spans if s is not None]
    first, last = spans[0][0], spans[-1][1]
    fw = function_words()
    if first > 0 and prose[tokens[first - 1].end:tokens[first].start] in _HYPHENS:
        return "other words"
    if last + 1 < len(tokens):
        nxt, gap = tokens[last + 1], prose[tokens[last].end:tokens[last + 1].start]
        if gap in _HYPHENS:
            return "other words"
        end = entry.items[-1]
        if (not gap.strip() and "\n" not in gap and end.kind == "word" and nxt.text.islower() and nxt.lower not in fw
                and _main_pos(end.text) == "n" and _main_pos(nxt.lower) == "n" and "r" not in _pos(nxt.lower)):
            return "other words"
    for item, s in zip(entry.items, m.spans):
        if s is not None and item.kind == "word" and not item.surface[:1].isupper():
            if any(_proper_noun(prose, tokens[t]) and not _in_headline(prose, tokens[t].start) for t in range(s[0], s[1] + 1)):
                return "other words"
    content = [it.text for n, it in enumerate(entry.items) if it.kind == "word" and not is_function(entry, n)]
    if not content:
        return None
    rarest = min(content, key=zipf)
    if is_common(rarest):
        return None  # a very common word used again says nothing of its sense ("prices drop")
    word = {rarest, _singular(rarest) or rarest}  # the same word in either number, not another
    claimed = [(ss[0][0], ss[-1][1]) for ss in ([s for s in mm.spans if s is not None] for _, mm in as_written)]
    for t, tok in enumerate(tokens):  # part of speech ("the fly" is no "flew")
        if (tok.lower in word or _singular(tok.lower) in word) and not any(a <= t <= b for a, b in claimed):
            return "literal"
    return None


_HYPHENS = frozenset(("-", "‐", "‑"))


@lru_cache(maxsize=65536)
def _pos(word: str) -> frozenset[str]:
    from ..thesaurus import pos

    return pos(word)


def _positions(words: list[str], word: str) -> list[int]:
    """Where `word` stands in `words` (list.index: a scan in C)."""
    out, i = [], -1
    try:
        while True:
            i = words.index(word, i + 1)
            out.append(i)
    except ValueError:
        return out


def _find(prose: str, strong_only: bool) -> tuple[list[Candidate], list[Candidate]]:
    """find_candidates' search: the candidates kept, one per span, and every reading found."""
    tokens = tokenize(prose)
    lows = [tok.lower for tok in tokens]
    index, compounds = lexicon_index(), compound_index()
    intact: set[int] = set()  # tokens inside a phrase that stands as written
    intact_by_target: dict[str, set[int]] = {}  # the same, per phrase (its canonical form)

    def stands(entry: Entry, m: _Match) -> None:  # the phrase stands as written at m
        spans = [s for s in m.spans if s is not None]
        covered = range(spans[0][0], spans[-1][1] + 1)
        intact.update(covered)
        intact_by_target.setdefault(entry.target, set()).update(covered)

    as_written: list[tuple[Entry, _Match]] = []  # wrong forms and calques found as written
    found: list[Candidate] = []
    deferred: list[tuple[int, tuple]] = []
    selections = _SELECTIONS[strong_only]
    if strong_only:  # the tokens that key a phrase, found at C speed, and heads of "HEAD of MODIFIER"
        hits = [(t, group) for t, group in enumerate(map(index.get, lows)) if group is not None]
        heads = [t - 1 for t in _positions(lows, "of") if t > 0 and lows[t - 1] in compounds and lows[t - 1] not in index]
        if heads:
            hits = sorted(hits + [(t, None) for t in heads], key=itemgetter(0))
    else:
        hits = [(t, index.get(low)) for t, low in enumerate(lows) if low in index or low in compounds]
    for t, group in hits:
        if lows[t] in compounds and t + 1 < len(lows) and lows[t + 1] == "of":  # "HEAD of MODIFIER"
            c = _reordered(prose, tokens, t)
            if c is not None and (c.strong or not strong_only):
                found.append(c)
        if group is None:
            continue
        left, right, specs, g = group
        sel = selections.get(g)
        if sel is None:
            sel = selections[g] = _selection(specs, strong_only)
        rare, triggers, alone = sel
        window = lows[t - left if t > left else 0:t + right + 1]
        if rare.isdisjoint(window):
            todo = alone
        else:
            present = rare.intersection(window)
            todo = [k for k, trigger in enumerate(triggers) if trigger is None or not trigger.isdisjoint(present)]
        near = None
        for k in todo:
            spec = specs[k]
            if strong_only:
                may = _may_be_strong(spec, lows, t)
                if may is _INTACT:
                    deferred.append((t, spec))  # needed only around a strong candidate
                    continue
            else:
                may = _may_align(spec, lows, t)
            if not may:
                continue
            n, key = spec[0], spec[1]
            entry = lexicon_entry(n)
            if entry.near:
                if near is None:
                    near = set(lows[max(0, t - WINDOW):t + WINDOW + 1])
                if not _worth_aligning(n, near):
                    continue
            matches = match_at(tokens, prose, entry, key, t, entry.slack)
            if matches and not entry.near and matches[0].edit is not None:
                # A long calque with one word replaced: the whole of it is the slip.
                m = None if strong_only else next((m for m in matches if _calque_slip(prose, tokens, entry, m)), None)
                if m is not None:
                    # (slip "calque-sub": unlike a calque as written, it yields to a phrase
                    # of the lexicon found intact on the same words: "pour fuel on the fire")
                    # Weak: only the model may report it. As strong evidence it kept the clean
                    # corpora silent but not the held-out literal set (2 false alarms there).
                    found.append(replace(_whole(prose, tokens, entry, m), evidence=_kept_weight(entry, m),
                                         slip="calque-sub", strong=False))
                continue
            if matches and matches[0].edit is None:
                m = matches[0]
                if entry.near:
                    stands(entry, m)
                elif not _own_complement(prose, tokens, entry, m):
                    as_written.append((entry, m))
                continue
            undecided = []
            for m in matches:  # the first alignment that makes a candidate
                c = _slip(prose, tokens, entry, m, strong_only)
                if c is _UNDECIDED:
                    undecided.append(m)
                    continue
                if c is not None:
                    # A weak candidate from an earlier alignment would have come first.
                    if c.strong and not any(_slip(prose, tokens, entry, u) for u in undecided):
                        found.append(c)
                    elif not strong_only:
                        found.append(c)
                    break
    for entry, m in as_written:
        c = _whole(prose, tokens, entry, m)
        reading = _literal_reading(prose, tokens, entry, m, as_written)
        if reading == "other words":
            continue
        found.append(c if reading is None else replace(c, strong=False))
    if not found:
        return [], []
    for t, spec in deferred:  # as above, where only an intact phrase can come out
        n = spec[0]
        if _worth_aligning(n, set(lows[max(0, t - WINDOW):t + WINDOW + 1])):
            matches = match_at(tokens, prose, lexicon_entry(n), spec[1], t, 1)
            if matches and matches[0].edit is None:
                stands(lexicon_entry(n), matches[0])
    starts = {tok.start: n for n, tok in enumerate(tokens)}
    ends = {tok.end: n for n, tok in enumerate(tokens)}

    def token_range(c: Candidate) -> tuple[int, int]:
        return starts.get(c.start, -1), ends.get(c.end, -2)

    best: dict[tuple[int, int], Candidate] = {}
    readings: list[Candidate] = []  # every reading found, for `contested`
    for c in found:
        if c.slip not in ("wrong", "calque") and any(lo <= t <= hi for lo, hi in [token_range(c)] for t in intact):
            continue  # a word of a phrase found intact is no other phrase's slip
        if c.slip not in ("wrong", "calque") and c.target in intact_by_target and any(
                starts.get(c.shown[0], -1) <= t <= ends.get(c.shown[1], -2) for t in intact_by_target[c.target]):
            # The phrase stands as written among the words aligned: the slip is in words a
            # longer form of it adds ("a witness protection scheme" is witness protection,
            # intact, not a slip of "a witness protection programme").
            continue
        readings.append(c)
        key = (c.start, c.end)
        old = best.get(key)
        if old is None or (c.strong, c.evidence) > (old.strong, old.evidence):
            best[key] = c
    # Overlapping candidates: keep the stronger one. A wrong form or calque found as written
    # claims all its words, also where its fix replaces only one of them.
    def claimed(c: Candidate) -> tuple[int, int]:
        return c.shown if c.slip in ("wrong", "calque") else (c.start, c.end)

    out: list[Candidate] = []
    for c in sorted(best.values(), key=lambda c: (not c.strong, -c.evidence, c.start - c.end, c.start)):
        s, e = claimed(c)
        if not any(s < oe and os < e for os, oe in map(claimed, out)):
            out.append(c)
    return out, readings


_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+[\"'”’)\]]*|\n|$)")


def sentence_around(prose: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) holding prose[start:end]: the context a phrase is judged in."""
    for m in _SENTENCE.finditer(prose):
        if m.start() <= start and end <= m.end() and m.end() > m.start():
            return m.start(), m.end()
    return max(0, start - 300), min(len(prose), end + 300)


def message(prose: str, c: Candidate) -> str:
    text = f"“{prose[c.shown[0]:c.shown[1]]}” looks like a broken form of the phrase “{c.target}”"
    if c.literal and c.slip == "calque":
        text += " (the words also have a literal sense: check before fixing)"
    return text


class BrokenIdiom(Rule):
    """A fixed phrase or idiom rendered with a slip, or a foreign idiom translated word for word.

    Machine translation renders idioms word by word: "a blessing in hiding" (disguise), "kept the
    rebels in bay" (at), "the last drop" (straw), "buy the cat in the sack" (buy a pig in a poke).
    The rule looks for every phrase of its lexicon (data/phrases.tsv) with one slip: any word
    replaced, a function word dropped, added or swapped, a noun in the wrong number; and for
    known-wrong forms and calques of foreign idioms (data/idiom_calques.tsv) as written. It
    decides on evidence, not lists of accepted words. Without the model it reports a slip only
    when the lexical evidence is strong: the replacing word is a thesaurus neighbour, a noun of
    the same narrow field (a close shared hypernym) or shares the stem of the phrase's word and
    the words around it that did match weigh enough (rare
    words more than common ones; with a single word kept, only a close relative inside a phrase
    the thesaurus lists as a unit: "a vicious circuit" breaks an idiom, "an executive decree" is
    English; a word of the same part of speech, not an adjective, only with nearly all the
    phrase around it); an article dropped or added inside the phrase counts before its next
    word as written, unless the words as written are a compound ("her casting vote") or the
    phrase's last word is a plural left bare, a noun phrase of its own ("ran aground on
    rocks"); an added "the" before a mass noun or a plural counts for more where it points to
    nothing: no complement after the noun, the noun not mentioned before ("jumped the bail",
    where "behind the bars of the cell" is English); a noun met almost only in its phrase counts
    in the wrong number with less of the phrase around it ("in the doldrum"); a compound spelt
    out with its modifier bare after "of" and ending the noun phrase counts where the modifier
    is a singular count noun, which English never leaves bare ("a package of bailout"; a count
    noun by its plural's frequency), or plural or hyphenated in an image ("a town of ghosts", "a
    reaction of knee-jerk"), where "a reshuffle of the cabinet" and "a vacuum of power" are
    English and left to the model; an article dropped
    on a headline, subhead or caption line is headlinese, no slip; words set off on their own in quotation marks, a term cited rather than used
    ("talk about “pride in place”"), are left to the model; a known-wrong form or a calque
    counts on its own, unless its words belong to other words (a hyphenated word, its last
    noun modifying the next, a capitalised name: "a Turk's head knot", "the Turk's Head pub"),
    and is left to the model when its rarest word is used elsewhere in the text, about the
    thing itself ("add the tortilla … flip the tortilla"). A calque whose words also have a
    common literal sense (marked `literal` in the data: "swallow toads", "cut the cod") is
    reported all the same, but its fix is not safe. With the model, every candidate is also
    scored by the language model's gain when the phrase's words replace the found ones in
    context, and weaker candidates are reported when that gain, plus a prior for the kind of
    slip (more for one that keeps every word of the phrase), passes a margin calibrated on
    clean news prose; a strong one is withdrawn when the model prefers the words as written
    ("lay down their weapons" is a paraphrase of "lay down their arms"; "pulled the string of
    the kite" and "Grass snakes swallow toads" are literal). Suggestions replace just the
    slipped words, inflected to fit.
    """

    code = "MT201"
    name = "broken-idiom"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    fixable = True
    examples = (
        Example("The scandal may prove a blessing in hiding for the party.", "hiding", "disguise"),
        Example("The two sides remain in loggerheads over the budget.", "in", "at"),
        Example("The country is trapped in a vicious circuit of debt.", "circuit", "circle"),
        Example("The scandal may prove a blessing in disguise for the party."),
        Example("An elephant escaped from the zoo and was found in a hotel car park."),
        Example("The president signed an executive decree on Monday."),
        Example("Everyone has the right to a speedy trial."),
        Example("The Speaker used her casting vote to break the tie."),
        Example("The yacht ran aground on rocks off the north coast."),
        Example("The suspect jumped the bail and fled the country.", "the bail", "bail"),
        Example("Parliament approved a package of bailout for the airline.", "a package of bailout",
                "a bailout package"),
        Example("The coup left a vacuum of power in the capital."),
        Example("Ministers like to talk about “levelling up” and “pride in place”."),
        Example("These arrests are only the peak of the iceberg.", "peak", "tip"),
        Example("The court gave him a smack on the wrist.", "smack", "slap"),
        Example("Rural voters sustained the brunt of the cuts.", "sustained", "bore"),
        Example("Turkey has been flexing its muscles in the region."),
        Example("He flexed his wrist before the match."),
        Example("“We will not sit on the fence,” she said."),
        Example("The parties remain at loggerheads."),
    )

    def check(self, doc, ctx):
        prose = doc.prose
        for c in find_candidates(prose, strong_only=True):
            if c.strong:
                yield self.finding(c.start, c.end, message(prose, c), [c.replacement],
                                   confidence=strong_confidence(c), fixable=c.fixable,
                                   safe=safe_reason(c))


def safe_reason(c: Candidate) -> Evidence | None:
    """Why a reported candidate's fix is safe: it is the only phrase of the lexicon the words
    can be a slip of (no rival reading), and its evidence is strong on its own. Every such fix
    was right on the annotated corpora (benchmarks/fix_results.md). A calque whose words also
    have a common literal sense (data column `reading`: "swallow toads whole") is reported, but
    its fix is left to the user: the sentence may mean just what it says."""
    if not c.fixable:
        return None
    if c.slip in ("wrong", "calque"):
        return evidence("a known-wrong form of “{phrase}” from the lexicon", phrase=c.target)
    return evidence("the only phrase of the lexicon these words can be a slip of (“{phrase}”), on strong lexical evidence",
                    phrase=c.target)


def strong_confidence(c: Candidate) -> float:
    return round(min(0.9, 0.5 + 0.08 * c.evidence), 2)


RULES = (BrokenIdiom,)
