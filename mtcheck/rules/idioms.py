"""Broken idioms and fixed phrases: a lexicon of news-writing phrases and a near-miss matcher.

The lexicon (`data/idioms.tsv`) lists each phrase once in canonical form with slots. The
matcher looks for the phrase with one word (two or three in phrases of four or more content
words) replaced by another word, everything else intact up to inflection and slot fillers,
and suggests the canonical word inflected like the one it replaces.

Precision comes from evidence: the words that did match must be distinctive enough. Each
phrase word has a weight (a function word little, a very common word more — Zipf frequency
5 or more in data/word_zipf.tsv, the English frequencies the name rules share — any other
word more again, a word the lexicon names as an anchor most); a substitution is only looked for
where the remaining words weigh enough. The document is scanned once: each substitution
pattern is indexed by its heaviest remaining word, so only tokens that are forms of an
indexed word start a (short) alignment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from ..finding import Severity
from ..inflection import base_candidates, forms, match_form
from ..english import COMMON_WORD_ZIPF as COMMON_ZIPF, LETTER_WORD as _TOKEN, function_words, zipf
from ..resources import data_lines, data_rows
from .base import Example, Rule

LEXICON = "idioms.tsv"
COLUMNS = ("phrase", "domain", "anchors", "variants", "note")
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

# Evidence weights of the phrase words that matched.
WEIGHT_ANCHOR, WEIGHT_DISTINCT, WEIGHT_COMMON, WEIGHT_FUNCTION, WEIGHT_PRONOUN_SLOT = 3.0, 2.0, 1.0, 0.5, 0.5
MIN_EVIDENCE = 3.5  # e.g. an anchor and a possessive, or two distinctive words
# A function word replaced by another ("in loggerheads") is a closed-class slip: less is needed.
MIN_EVIDENCE_FUNCTION = 3.0
# A very common replacing word is weak evidence: "said the buck" is no broken "pass the buck".
MIN_EVIDENCE_WEAK_SUBSTITUTE = 4.5
MIN_EVIDENCE_TWO = 5.0  # two or three substitutions need much more around them
# A replacing word that shares its stem with the phrase's word ("proportion" for
# "proportionality", "caution" for "precaution") is a wrong derivation, itself evidence
# for the phrase: it counts this share of the word's weight, and in a long phrase a third
# replaced word is looked for when at least one of the three is such a relative.
RELATED_SHARE = 0.5
MIN_STEM = 5

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
    phrase: str
    domain: str
    items: tuple[Item, ...]
    anchors: frozenset[str]
    variants: dict  # item index -> frozenset of accepted word forms there
    note: str = ""


@dataclass(frozen=True)
class Pattern:
    """An entry with the item indexes where a substitution is looked for."""

    entry: Entry
    subs: tuple[int, ...]
    key: int  # the item index whose word is indexed
    evidence: float


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


def parse_variants(text: str, items: tuple[Item, ...], phrase: str) -> dict[int, frozenset[str]]:
    """`word=alt|alt; word2=alt` -> {item index: every form of the alternatives}."""
    out: dict[int, set[str]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        word, sep, alts = part.partition("=")
        indexes = [i for i, it in enumerate(items) if it.kind == "word" and it.text == word.strip().lower()]
        if not sep or not indexes or not all(_LEXICON_WORD.fullmatch(a.strip()) for a in alts.split("|")):
            raise LexiconError(f"bad variants {part!r} for phrase {phrase!r} (word=alt|alt, one word each)")
        for alt in alts.split("|"):
            for i in indexes:
                out.setdefault(i, set()).update(forms(alt.strip()))
    return {i: frozenset(v) for i, v in out.items()}


def load_entries(rows=None) -> tuple[Entry, ...]:
    rows = data_rows(LEXICON) if rows is None else rows
    entries = []
    for row in rows:
        phrase = (row.get("phrase") or "").strip()
        items = parse_items(phrase)
        words = {it.text for it in items if it.kind == "word"}
        anchors = frozenset((row.get("anchors") or "").lower().split())
        if not anchors <= words:
            raise LexiconError(f"anchors {sorted(anchors - words)} are not words of {phrase!r}")
        entries.append(Entry(phrase, (row.get("domain") or "").strip(), items, anchors,
                             parse_variants(row.get("variants") or "", items, phrase),
                             (row.get("note") or "").strip()))
    return _accept_each_other(entries)


def _accept_each_other(entries: list[Entry]) -> tuple[Entry, ...]:
    """Where two phrases differ in one word ("a slap on the wrist" / "in the face" won't, but
    "take the stand" / "take a stand" would), each phrase's word is accepted in the other."""
    by_shape: dict[tuple, list[int]] = {}
    for n, e in enumerate(entries):
        by_shape.setdefault(tuple(it.kind if it.kind != "word" else "w" for it in e.items), []).append(n)
    extra: dict[int, dict[int, set[str]]] = {}
    for group in by_shape.values():
        for a, b in combinations(group, 2):
            ea, eb = entries[a], entries[b]
            diff = [i for i, (x, y) in enumerate(zip(ea.items, eb.items)) if x.text != y.text]
            if len(diff) == 1:
                i = diff[0]
                extra.setdefault(a, {}).setdefault(i, set()).update(forms(eb.items[i].text))
                extra.setdefault(b, {}).setdefault(i, set()).update(forms(ea.items[i].text))
    out = []
    for n, e in enumerate(entries):
        if n in extra:
            variants = dict(e.variants)
            for i, words in extra[n].items():
                variants[i] = frozenset(variants.get(i, frozenset()) | words)
            e = Entry(e.phrase, e.domain, e.items, e.anchors, variants, e.note)
        out.append(e)
    return tuple(out)


def is_function(entry: Entry, index: int) -> bool:
    """A function word of the phrase; one after an article is a noun ("kick the can")."""
    items = entry.items
    return (items[index].text in function_words()
            and not (index > 0 and items[index - 1].text in _ARTICLES))


def word_weight(entry: Entry, index: int) -> float:
    item = entry.items[index]
    if item.kind in ("poss", "refl"):
        return WEIGHT_PRONOUN_SLOT
    if item.kind == "np":
        return 0.0
    if item.text in entry.anchors:
        return WEIGHT_ANCHOR
    if is_function(entry, index):
        return WEIGHT_FUNCTION
    if is_common(item.text):
        return WEIGHT_COMMON
    return WEIGHT_DISTINCT


def patterns_for(entry: Entry) -> list[Pattern]:
    """The substitutions worth looking for in this entry, each with its remaining evidence."""
    items = entry.items
    weights = [word_weight(entry, i) for i in range(len(items))]
    # A content word or a preposition may be the replaced word; articles, pronouns and
    # auxiliaries vary with the sentence around the phrase, so they never are.
    open_positions = [i for i, it in enumerate(items)
                      if it.kind == "word" and it.text not in entry.anchors
                      and (it.text in prepositions() or not is_function(entry, i))]
    content = sum(1 for i, it in enumerate(items) if it.kind == "word" and not is_function(entry, i))
    sizes = (1, 2, 3) if content >= 4 else (1,)
    word_positions = [i for i, it in enumerate(items) if it.kind == "word"]
    # The phrase itself, found intact, protects its words from other phrases' near-misses
    # ("a skeleton in the cupboard" is no broken "skeletons in the closet").
    exact_key = max(word_positions, key=lambda i: (weights[i], len(items[i].text)))
    out = [Pattern(entry, (), exact_key, sum(weights))]
    for size in sizes:
        for subs in combinations(open_positions, size):
            rest = [i for i in range(len(items)) if i not in subs]
            rest_words = [i for i in rest if items[i].kind == "word"]
            evidence = sum(weights[i] for i in rest)
            if all(is_function(entry, i) for i in rest_words):
                continue
            if size > 1:
                needed = MIN_EVIDENCE  # the rest is checked again once the replacing words are known
            elif is_function(entry, subs[0]):
                needed = MIN_EVIDENCE_FUNCTION
            else:
                needed = MIN_EVIDENCE
            if evidence < needed:
                continue
            key = max(rest_words, key=lambda i: (weights[i], len(items[i].text)))
            out.append(Pattern(entry, subs, key, evidence))
    return out


@dataclass(frozen=True)
class Matcher:
    """An entry's patterns by their set of replaced items, for one alignment per anchor token."""

    entry: Entry
    patterns: dict  # frozenset of replaced item indexes -> Pattern (the empty set: intact)
    open: frozenset  # item indexes that some pattern replaces
    most_replaced: int


@lru_cache(maxsize=None)
def lexicon_index() -> dict[str, tuple[tuple[Matcher, int], ...]]:
    """Every form of each pattern's key word -> (matcher, key item index) pairs to try."""
    index: dict[str, dict[tuple[int, int], tuple[Matcher, int]]] = {}
    for n, entry in enumerate(load_entries()):
        patterns = patterns_for(entry)
        matcher = Matcher(entry, {frozenset(p.subs): p for p in patterns},
                          frozenset(i for p in patterns for i in p.subs),
                          max(len(p.subs) for p in patterns))
        for pattern in patterns:
            for form in forms(entry.items[pattern.key].text):
                index.setdefault(form, {})[(n, pattern.key)] = (matcher, pattern.key)
    return {k: tuple(v.values()) for k, v in index.items()}


# -- matching --------------------------------------------------------------------------------
class _Tok:
    __slots__ = ("start", "end", "text", "lower")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text
        self.lower = text.lower().replace("’", "'")


def tokenize(prose: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(prose)]


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


def _word_ok(item: Item, tok: _Tok) -> bool:
    if item.text in _ARTICLES:
        return tok.lower in _ARTICLES
    return tok.lower in forms(item.text)


def _align(tokens, prose, m: Matcher, i: int, t: int, step: int, end_item: int, budget: int):
    """Match items i, i+step, ... up to end_item (exclusive) from token t on, letting at most
    `budget` open items take another word. Yields the (first, last) token of each item."""
    if i == end_item:
        yield []
        return
    item = m.entry.items[i]
    if item.kind == "word":
        if not 0 <= t < len(tokens):
            return
        if _word_ok(item, tokens[t]):
            left = budget
        elif i in m.open and budget > 0:
            left = budget - 1
        else:
            return
        for rest in _align(tokens, prose, m, i + step, t + step, step, end_item, left):
            yield [(t, t)] + rest
        return
    for length in range(1, _SLOT_MAX[item.kind] + 1):
        lo, hi = (t, t + length - 1) if step > 0 else (t - length + 1, t)
        if lo < 0 or hi >= len(tokens):
            return
        window = tokens[lo:hi + 1]
        if length > 1 and not _gap_ok(prose, window[-2], window[-1], ""):
            return
        if _slot_window_ok(item.kind, window):
            nxt = hi + 1 if step > 0 else lo - 1
            for rest in _align(tokens, prose, m, i + step, nxt, step, end_item, budget):
                yield [(lo, hi)] + rest


def match_at(tokens, prose, m: Matcher, key: int, t: int):
    """(pattern, token spans of each item) where the entry fits with its item `key` at token t."""
    items = m.entry.items
    for right in _align(tokens, prose, m, key + 1, t + 1, 1, len(items), m.most_replaced):
        used = sum(1 for n, (a, _) in enumerate(right, key + 1)
                   if items[n].kind == "word" and not _word_ok(items[n], tokens[a]))
        for left in _align(tokens, prose, m, key - 1, t - 1, -1, -1, m.most_replaced - used):
            spans = left[::-1] + [(t, t)] + right
            replaced = frozenset(n for n, (a, _) in enumerate(spans)
                                 if items[n].kind == "word" and not _word_ok(items[n], tokens[a]))
            pattern = m.patterns.get(replaced)
            if pattern is not None and all(_gap_ok(prose, tokens[a[1]], tokens[b[0]], items[n].punct)
                                           for n, (a, b) in enumerate(zip(spans, spans[1:]))):
                return pattern, spans
    return None


def _proper_noun(prose: str, tok: _Tok) -> bool:
    """A capitalised word that does not open a sentence (a name is not a substitution)."""
    if not tok.text[:1].isupper():
        return False
    i = tok.start - 1
    while i >= 0 and prose[i].isspace():
        i -= 1
    return i >= 0 and prose[i] not in _SENTENCE_OPENERS


def related_words(a: str, b: str) -> bool:
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


class BrokenIdiom(Rule):
    """A fixed phrase or idiom with one of its words replaced.

    Machine translation renders idioms and terms of art word by word and picks a
    near-synonym for one of them: "wrapping its muscles" (flexing), "remain in
    loggerheads" (at), "the tip of the glacier" (iceberg), "the principles of
    discrimination, proportion and caution" (distinction, proportionality, precaution).
    The rule matches the phrases of its lexicon (data/idioms.tsv) with one word replaced
    (two in phrases of four content words or more, three when one of them is a wrong
    derivation of the phrase's word), allowing inflection, possessives and slot fillers,
    and suggests the phrase's word inflected to fit. It looks only where the words that
    did match are distinctive enough, and never when the replacing word is an accepted
    variant of the phrase or part of another phrase found intact.
    """

    code = "MT201"
    name = "broken-idiom"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    fixable = True

    examples = (
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
        tokens = tokenize(prose)
        index = lexicon_index()
        by_span: dict[tuple[int, int, int], list[tuple]] = {}  # (start, end, token index) -> candidates
        intact: set[int] = set()  # indexes of tokens inside a phrase that stands intact
        for t, tok in enumerate(tokens):
            candidates = index.get(tok.lower)
            if not candidates:
                continue
            for matcher, key in candidates:
                match = match_at(tokens, prose, matcher, key, t)
                if match is None:
                    continue
                pattern, spans = match
                if not pattern.subs:
                    intact.update(range(spans[0][0], spans[-1][1] + 1))
                for found in self._substitutions(prose, tokens, pattern, spans):
                    by_span.setdefault(found[0], []).append(found)
        for (start, end, t), candidates in sorted(by_span.items()):
            if t in intact:
                continue
            # Several phrases may fit ("a lame duck", "a sitting duck"): offer each, best first.
            candidates.sort(key=lambda f: -f[1])
            _, confidence, _, pattern, spans = candidates[0]
            suggestions = list(dict.fromkeys(f[2] for f in candidates))
            shown = prose[tokens[spans[0][0]].start:tokens[spans[-1][1]].end]
            phrases = " or ".join(dict.fromkeys(f"“{f[3].entry.phrase}”" for f in candidates))
            yield self.finding(
                start, end, f"“{shown}” looks like a broken form of the fixed phrase {phrases}",
                suggestions, confidence=confidence, fixable=len(suggestions) == 1)

    def _substitutions(self, prose, tokens, pattern: Pattern, spans):
        entry = pattern.entry
        found = []
        if not pattern.subs:
            return found
        for i in pattern.subs:
            t = spans[i][0]
            tok = tokens[t]
            canonical = entry.items[i].text
            word = tok.lower
            if word in forms(canonical) or word in entry.variants.get(i, ()) or _proper_noun(prose, tok):
                return []
            fw = function_words()
            function_slot = is_function(entry, i)
            if function_slot:
                if word not in prepositions():
                    return []  # only a preposition is swapped for a preposition
            elif word in fw:
                return []  # a function word for a content word is another construction
            if tok.text.isupper() and len(tok.text) > 1 or word in _NP_OPENERS:
                return []
            weak = word in fw or any(is_common(b) for b in base_candidates(word))
            if weak and not function_slot and i == 0:
                return []  # "said a state of emergency": any common verb may precede a phrase
            needed = MIN_EVIDENCE_WEAK_SUBSTITUTE if weak and not function_slot else 0.0
            if pattern.evidence < needed:
                return []
            found.append((t, tok, entry.items[i].surface, weak))
        evidence = pattern.evidence
        if len(found) > 1:
            related = [related_words(entry.items[i].text, tokens[spans[i][0]].lower) for i in pattern.subs]
            evidence += sum(RELATED_SHARE * word_weight(entry, i)
                            for i, rel in zip(pattern.subs, related) if rel)
            if evidence < MIN_EVIDENCE_TWO or (len(found) == 3 and not any(related)):
                return []
        confidence = min(0.9, 0.35 + 0.1 * evidence) - 0.1 * (len(found) - 1)
        confidence -= 0.1 * sum(1 for *_, weak in found if weak)
        return [((tok.start, tok.end, t), round(confidence, 2), match_form(canonical, tok.text), pattern, spans)
                for t, tok, canonical, _ in found]


RULES = (BrokenIdiom,)
