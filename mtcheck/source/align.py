"""Sentence splitting for any source language, and Gale–Church-style alignment.

`align(src, tgt, ratio)` pairs two sequences of units (paragraphs or sentences) by dynamic
programming over the classic moves 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3 (and up to 1-6 and 6-1, for the long
Chinese sentence that becomes several English ones). A move costs
the improbability of its length ratio (Gale & Church 1993: the target length is normal
around `ratio` × the source length) plus the move's prior, less a bonus for each anchor
(number, date, Latin-script token) both sides share: the anchors keep the alignment right
when lengths alone are ambiguous. Everything is language-independent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import CJK_LANGUAGES, words

# -log prior of each move (Gale & Church's estimates; 2-1 and 1-2 share theirs).
_MOVES = {(1, 1): -math.log(0.89), (1, 0): -math.log(0.0099), (0, 1): -math.log(0.0099),
          (2, 1): -math.log(0.0445), (1, 2): -math.log(0.0445), (2, 2): -math.log(0.011),
          (3, 1): -math.log(0.005), (1, 3): -math.log(0.005)}
# A long Chinese sentence often becomes four to six English ones (and the reverse): rarer still.
_MOVES.update({(1, k): -math.log(0.005) + (k - 3) for k in (4, 5, 6)})
_MOVES.update({(k, 1): -math.log(0.005) + (k - 3) for k in (4, 5, 6)})
_VARIANCE = 6.8  # Gale & Church's variance of target length per source character
ANCHOR_BONUS = 1.5


@dataclass(slots=True)  # hundreds per pair: slots make them cheaper to build
class Unit:
    start: int
    end: int
    length: float  # characters other than spaces (see analysis._length)
    keys: frozenset = frozenset()  # anchors: numbers, dates, tokens


def _length_cost(ls: int, lt: int, ratio: float) -> float:
    mean = ls * ratio
    delta = (lt - mean) / math.sqrt(_VARIANCE * max(1.0, (mean + lt) / 2))
    p = math.erfc(abs(delta) / math.sqrt(2))  # two-sided tail of the standard normal
    return -math.log(max(p, 1e-12))


PARAGRAPH_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def move_cost(src: list[Unit], tgt: list[Unit], ratio: float) -> float:
    di, dj = len(src), len(tgt)
    cost = _MOVES[(di, dj)]
    if di and dj:
        cost += _length_cost(sum(u.length for u in src), sum(u.length for u in tgt), ratio)
        ks = src[0].keys if di == 1 else frozenset().union(*(u.keys for u in src))
        kt = tgt[0].keys if dj == 1 else frozenset().union(*(u.keys for u in tgt))
        if ks and kt:
            cost -= ANCHOR_BONUS * len(ks & kt)
    return cost


def align(src: list[Unit], tgt: list[Unit], ratio: float,
          moves=tuple(_MOVES)) -> list[tuple[int, int, int, int]]:
    """The cheapest alignment: (i0, i1, j0, j1) groups, src[i0:i1] ↔ tgt[j0:j1], in order.

    Only cells near the diagonal are filled (a band as wide as the difference in counts plus
    a margin), so long documents align in linear time."""
    n, m = len(src), len(tgt)
    ls, lt = [0.0], [0.0]  # prefix sums of the lengths
    for u in src:
        ls.append(ls[-1] + u.length)
    for u in tgt:
        lt.append(lt[-1] + u.length)
    anchors = any(u.keys for u in src) and any(u.keys for u in tgt)
    priors = [(di, dj, _MOVES[(di, dj)]) for di, dj in moves if di <= n and dj <= m]  # the others never fit
    inf = float("inf")
    band = abs(n - m) + 6
    best: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    sqrt, erfc, log = math.sqrt, math.erfc, math.log
    for i in range(n + 1):
        centre = i * m // n if n else 0
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            here = best.get((i, j), inf)
            if here == inf:
                continue
            for di, dj, prior in priors:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                c = here + prior
                if di and dj:
                    mean = (ls[ni] - ls[i]) * ratio
                    length = lt[nj] - lt[j]
                    delta = (length - mean) / sqrt(_VARIANCE * max(1.0, (mean + length) / 2))
                    c -= log(max(erfc(abs(delta) / 1.4142135623730951), 1e-12))
                    if anchors:
                        ks = src[i].keys if di == 1 else frozenset().union(*(u.keys for u in src[i:ni]))
                        kt = tgt[j].keys if dj == 1 else frozenset().union(*(u.keys for u in tgt[j:nj]))
                        if ks and kt:
                            c -= ANCHOR_BONUS * len(ks & kt)
                if c < best.get((ni, nj), inf):
                    best[(ni, nj)] = c
                    back[(ni, nj)] = (i, j)
    if (n, m) not in back and (n, m) != (0, 0):  # outside the band: should not happen; pair all
        return [(0, n, 0, m)]
    groups = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[(i, j)]
        groups.append((pi, i, pj, j))
        i, j = pi, pj
    return groups[::-1]


# -- sentences of a source text ------------------------------------------------------------------
_CJK_END = re.compile(r"[。！？!?]+[」』”’\"）)]*")
_LATIN_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«„(\[¿¡]*(?:[A-ZÀ-ÞА-ЯЁ\u3040-\u9fff]|\d))")


@lru_cache(maxsize=None)
def _abbreviations(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words("abbreviation", lang))


@lru_cache(maxsize=None)
def _month_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words("month", lang))


def split_sentences(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] in the source's language: CJK full stops always end a
    sentence; a Latin full stop before a capital, unless it ends an abbreviation, an initial
    or a day number before a month name ("am 12. Juni")."""
    cuts: list[int] = []
    abbreviations = _abbreviations(lang)
    months = _month_words(lang)
    for m in _CJK_END.finditer(text, start, end):
        cuts.append(m.end())
    if lang not in CJK_LANGUAGES:
        for m in _LATIN_END.finditer(text, start, end):
            if text[m.start()] == ".":
                before = re.search(r"([\w.]+)$", text[max(start, m.start() - 20):m.start()])
                word = before.group(1) if before else ""
                if word.lower() in abbreviations or (len(word) == 1 and word.isalpha()):
                    continue
                if word.isdigit() and len(word) <= 2:
                    after = re.match(r"\s+(\w+)", text[m.end():m.end() + 20])
                    if after and after.group(1).lower() in months:
                        continue
            cuts.append(m.end())
    spans = []
    pos = start
    for cut in sorted(set(cuts)):
        if cut <= pos:
            continue
        spans.append((pos, cut))
        pos = cut
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end and text[pos:end].strip():
        spans.append((pos, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]
