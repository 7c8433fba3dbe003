"""How close one spelling of a name is to another.

Names are compared part by part (parts are split at spaces and hyphens), after folding case,
accents and apostrophes. A part may differ by a few character edits (a swap of neighbours counts as one), fewer for short parts;
a difference that is only a transliteration-like swap (e/i, ou/u, kh/h, w/v, ue/ü, doubled letters)
or a lost accent counts half. The result is an edit count and a closeness between 0 and 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

_SEPARATOR = re.compile(r"[\s\-‐–]+")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
# Spelling alternatives that transliteration produces; each maps to one shared form.
_TRANSLIT = tuple((re.compile(a), b) for a, b in (
    (r"(?<=[aou])e(?![aeiouy])", ""),  # German ae/oe/ue for ä/ö/ü: "Mueller" for Müller
    (r"dzh|dj", "j"), (r"tch", "ch"), (r"sch", "sh"), (r"kh", "h"), (r"ph", "f"), (r"ck|q|c(?![hz])", "k"),
    (r"w", "v"), (r"ou", "u"), (r"ie|ei", "i"), (r"[eiy]", "i"), (r"(.)\1", r"\1"),
))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, with one kind of apostrophe; accents kept ("São" and "Sao" differ)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).casefold().replace("’", "'")


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """`fold` without accents: "São Paulo" → "sao paulo"."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().replace("’", "'")


# Letters that have no Unicode decomposition but that ASCII text writes as the base letter.
_BASE_LETTER = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H"})


def base_letters(text: str) -> str:
    """The text without its diacritics, case kept, as English and ASCII-only systems write
    names: "Lefèvre" → "Lefevre", "Yıldız" → "Yildiz", "Wałęsa" → "Walesa"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_BASE_LETTER))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_possessive(word: str) -> str:
    """'Scholz’s' → 'Scholz', 'Paris'' → 'Paris'."""
    return _POSSESSIVE.sub("", word)


@lru_cache(maxsize=65536)
def parts(name: str) -> tuple[str, ...]:
    return tuple(p for p in _SEPARATOR.split(fold(name)) if p)


@lru_cache(maxsize=65536)
def skeleton(part: str) -> str:
    part = plain(part)
    for pattern, replacement in _TRANSLIT:
        part = pattern.sub(replacement, part)
    return part


def max_edits(length: int) -> int:
    """Character edits allowed in a part of this length: short parts must match exactly."""
    return 0 if length < 5 else 1 if length < 8 else 2 if length < 12 else 3


def part_edits(found: str, canonical: str) -> float:
    """Edits between two folded parts: 0.5 for a transliteration-like difference."""
    if found == canonical:
        return 0.0
    if skeleton(found) == skeleton(canonical):
        return 0.5
    return float(OSA.distance(found, canonical))  # a swap of neighbours is one edit


@dataclass(frozen=True)
class Match:
    edits: float
    closeness: float  # 1.0 = identical


def compare(found: str, canonical: str, *, loose_parts: bool = True) -> Match | None:
    """How `found` differs from `canonical`, or None when it is not a near spelling of it.

    Parts must pair up one to one. A compound with at least one identical part (the
    "Karabakh" of "Nagorno-Karabakh") may differ more in the other part, if that part keeps
    its first letter and most of its letters (`loose_parts`).
    """
    a, b = parts(found), parts(canonical)
    if len(a) != len(b) or not a:
        return None
    total = 0.0
    same_parts = sum(x == y for x, y in zip(a, b))
    for x, y in zip(a, b):
        edits = part_edits(x, y)
        if edits > max_edits(len(y)) and plain(x) != plain(y):  # a lost accent is always close
            loose = (loose_parts and same_parts and len(y) >= 5 and x[0] == y[0]
                     and abs(len(x) - len(y)) <= 2 and ratio(x, y) >= 70)
            if not loose:
                return None
        total += edits
    if total == 0:
        separators = _SEPARATOR.findall(found), _SEPARATOR.findall(canonical)
        if [s.strip() or " " for s in separators[0]] == [s.strip() or " " for s in separators[1]]:
            return None  # the same name (case or accents aside)
        total = 0.5  # "Nagorno Karabakh" for "Nagorno-Karabakh"
    length = sum(len(p) for p in b)
    return Match(total, max(0.0, 1.0 - total / length))


# Endings that make a related word from a name: Russia-n, Azerbaijan-i, Putin-ism, China-ese.
_ENDINGS = ("n", "an", "ian", "i", "is", "s", "es", "ese", "ite", "ites", "ist", "ists", "ism", "ic",
            "ish", "ans", "ians", "ns", "'s", "'")


# A place's own last letters, which a derived word replaces: Argentin-a/Argentin-es,
# Slovak-ia/Slovak-s, Morocc-o/Morocc-ans, Ital-y/Ital-ians.
_STEM_ENDINGS = ("a", "ia", "e", "o", "y")
# The endings that may take their place: those of more than a vowel, or a plural "s" (a bare
# "i" or "n" would make "Moskalkovi" or "Marin" a derived form of "Moskalkova", "Maria").
_SWAPPED_ENDINGS = tuple(e for e in _ENDINGS if e[0] not in "'" and (len(e) > 1 or e == "s"))


def derived(found: str, canonical: str) -> bool:
    """One is the other plus a derivational ending ('Russia'/'Russian'), or the same stem with
    the place's last letters replaced by one ('Argentina'/'Argentines', 'Slovakia'/'Slovaks'):
    not a corruption."""
    a, b = fold(found), fold(canonical)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long.startswith(short) and long[len(short):] in _ENDINGS:
        return True
    for ending in _STEM_ENDINGS:
        for stem_form, other in ((a, b), (b, a)):
            if stem_form.endswith(ending) and len(stem_form) > len(ending) + 2:
                stem = stem_form[:-len(ending)]
                if other.startswith(stem) and other[len(stem):] in _SWAPPED_ENDINGS:
                    return True
    return False


class NameIndex:
    """Folded names, searchable for near spellings: same number of parts, similar length,
    then a fast similarity pre-filter; `compare` makes the final call."""

    MAX_LENGTH_DIFFERENCE = 3

    def __init__(self, names):
        self._shape: dict[tuple[int, int], list[str]] = {}
        for name in dict.fromkeys(names):  # names are folded already: count parts directly
            self._shape.setdefault((len(_SEPARATOR.split(name)), len(name)), []).append(name)
        self._near_shape: dict[tuple[int, int], tuple[str, ...]] = {}

    def __bool__(self) -> bool:
        return bool(self._shape)

    def candidates(self, folded: str, limit: int = 8) -> list[str]:
        shape = (len(parts(folded)), len(folded))
        choices = self._near_shape.get(shape)
        if choices is None:
            d = self.MAX_LENGTH_DIFFERENCE
            choices = tuple(n for length in range(shape[1] - d, shape[1] + d + 1)
                            for n in self._shape.get((shape[0], length), ()))
            self._near_shape[shape] = choices
        if not choices:
            return []
        return [c for c, _, _ in process.extract(folded, choices, scorer=ratio, score_cutoff=60, limit=limit)]
