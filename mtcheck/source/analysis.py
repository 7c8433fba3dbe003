"""The analysis of one source–target pair, computed once and shared by every MT5xx rule.

`pair_analysis(doc)` reads `doc.source`, detects its language, extracts the quantities and
anchors of both texts and aligns paragraphs and then sentences, once per pair however many
rules ask: the engine's per-document Analysis keeps it (`Analysis.pair`); a bare Document
keeps it on its source document.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..markdown import is_address
from .align import PARAGRAPH_MOVES, Unit, align, split_sentences
from .anchors import Anchor, find_anchors
from .lang import detect_language
from .quantities import Quantity, extract

if TYPE_CHECKING:
    from ..document import Document

# English characters per source character (spaces not counted), a prior for short pairs.
# zh: 3.35 is the median over the WMT23 zh-en dev segments; the others are typical news ratios.
LENGTH_RATIO = {"zh": 3.35, "ja": 2.4, "ko": 2.3, "ru": 1.0, "uk": 1.0, "de": 0.88, "fr": 0.88,
                "es": 0.9, "it": 0.9, "pt": 0.9}
# Sentences of evidence the prior is worth against the pair's own ratio: a short pair with a
# sentence left out must not talk itself into a low ratio.
_PRIOR_WEIGHT = 20


@dataclass(slots=True)
class Group:
    """Aligned source and target units (either side may be empty: an omission or an addition)."""

    src: list[Unit]
    tgt: list[Unit]
    paragraph_level: bool = False  # a whole paragraph without counterpart
    # Target length / expected length of the aligned paragraphs this group lies in: a sentence
    # left out makes its paragraph short, a sentence added makes it long.
    paragraph_fill: float = 1.0
    # What lies inside the group's source and target spans, found once for every rule (set by
    # analyse for every group: the empty tuples are never read).
    src_quantities: list = ()
    tgt_quantities: list = ()
    src_anchors: list = ()
    target_anchors: _Found | None = None  # the pair's, read by tgt_anchors

    @property
    def tgt_anchors(self) -> list:
        """The target's anchors inside the group's target span."""
        return self.target_anchors.sorted().within(self.tgt_span) if self.target_anchors else []

    @property
    def src_span(self) -> tuple[int, int] | None:
        return (self.src[0].start, self.src[-1].end) if self.src else None

    @property
    def tgt_span(self) -> tuple[int, int] | None:
        return (self.tgt[0].start, self.tgt[-1].end) if self.tgt else None


@dataclass
class PairAnalysis:
    language: str
    ratio: float  # expected target length per source character for this pair
    source: Document
    target: Document
    src_quantities: list[Quantity] = field(default_factory=list)
    tgt_quantities: list[Quantity] = field(default_factory=list)
    src_anchors: list[Anchor] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    target_anchors: _Found | None = field(default=None, repr=False)  # read by tgt_anchors

    @property
    def tgt_anchors(self) -> list[Anchor]:
        """The target's URLs, e-mails, acronyms and codes (found on first use: see analyse)."""
        return self.target_anchors.sorted().items if self.target_anchors else []

    @property
    def source_latin(self) -> bool:
        return self.language not in ("zh", "ja", "ko", "ru", "uk", "ar", "he", "el", "th", "hi") and \
            not self.language.isupper()

    def within(self, items: list, span: tuple[int, int] | None) -> list:
        """The items (quantities or anchors, sorted by start) that lie inside `span`."""
        return _Sorted(items).within(span)

    def neighbour_span(self, index: int) -> tuple[int, int] | None:
        """Where to report something about group `index` that has no target text: the target
        sentence before it, else the one after."""
        for k in list(range(index - 1, -1, -1)) + list(range(index + 1, len(self.groups))):
            span = self.groups[k].tgt_span
            if span:
                last = self.groups[k].tgt[-1] if k < index else self.groups[k].tgt[0]
                return last.start, last.end
        return None


# The ASCII characters other than letters and digits: what is left of a chunk's ASCII
# characters without them are its [A-Za-z0-9] (bytes operations, faster than a regex).
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def _length(text: str, s: int, e: int, latin_weight: float = 1.0) -> float:
    """Characters other than spaces; Latin letters and digits count `latin_weight` each (in a
    Chinese source a URL or a name is copied, not translated at 3 English characters a character)."""
    chunk = text[s:e]
    # A printable chunk has no whitespace but the plain space (tabs, line breaks and the other
    # Unicode spaces are not printable): counting those is faster than splitting on them.
    solid = len(chunk) - chunk.count(" ") if chunk.isprintable() else len("".join(chunk.split()))
    if latin_weight == 1.0:
        return solid
    latin = len(chunk.encode("ascii", "ignore").translate(None, _ASCII_NOT_ALNUM))
    return solid - latin + latin * latin_weight


def _keys(quantities: _Sorted, anchors: _Sorted, s: int, e: int) -> frozenset:
    """The unit's anchors for the alignment: its numbers, dates, times and Latin-script tokens."""
    keys = set()
    for q in quantities.slice(s, e):
        keys.add((q.kind, q.value if q.kind != "number" else float(f"{q.value:.4g}")))
    for a in anchors.slice(s, e):
        keys.add(("anchor", a.text.lower()))
    return frozenset(keys)


class _Sorted:
    """Items sorted by start, sliced by position with bisection."""

    def __init__(self, items: list):
        self.items = items
        self.starts = [x.start for x in items]

    def slice(self, s: int, e: int) -> list:
        """The items that start in [s, e)."""
        return self.items[bisect.bisect_left(self.starts, s):bisect.bisect_left(self.starts, e)]

    def within(self, span: tuple[int, int] | None) -> list:
        """The items that lie inside `span`."""
        if span is None:
            return []
        s, e = span
        return [x for x in self.slice(s, e) if x.end <= e]


class _Found:
    """Items found on first use (a function's result), then kept sorted by start."""

    __slots__ = ("_find", "_sorted")

    def __init__(self, find: Callable[[], list]):
        self._find, self._sorted = find, None

    def sorted(self) -> _Sorted:
        if self._sorted is None:
            self._sorted, self._find = _Sorted(self._find()), None
        return self._sorted


def _with_keys(units: list[Unit], quantities: _Sorted, anchors: _Sorted) -> list[Unit]:
    """The units with their anchors, which only the alignment needs (computed when it runs)."""
    for u in units:
        u.keys = _keys(quantities, anchors, u.start, u.end)
    return units


def _in_order(n: int) -> list[tuple[int, int, int, int]]:
    return [(i, i + 1, i, i + 1) for i in range(n)]


def _paragraph_spans(doc: Document) -> list[tuple[int, int]]:
    """The document's paragraphs, each taking in a URL or e-mail address that it starts or ends
    with on the same line ("Details: www.who.int/emergencies"): the prose masks them, so a
    paragraph's bounds stop short of them, and the anchor would lie in no aligned unit."""
    spans = [(p.start, p.end) for p in doc.paragraphs]
    non_prose = doc.non_prose
    if not non_prose:
        return spans
    text = doc.text
    starts = [a for a, _ in non_prose]
    out = []
    for s, e in spans:
        i = bisect.bisect_left(starts, e)
        while i < len(non_prose) and _beside(text, e, non_prose[i][0]) and is_address(text, *non_prose[i]):
            e = non_prose[i][1]
            i += 1
        i = bisect.bisect_left(starts, s) - 1
        while i >= 0 and _beside(text, non_prose[i][1], s) and is_address(text, *non_prose[i]):
            s = non_prose[i][0]
            i -= 1
        out.append((s, e))
    return out


def _beside(text: str, end: int, start: int) -> bool:
    """Only spaces or tabs between `end` and `start`: the same line."""
    return end <= start and not text[end:start].strip(" \t")


def _stretched(spans: list[tuple[int, int]], paragraph: Unit, prose_bounds) -> list[tuple[int, int]]:
    """Sentence spans with the first starting and the last ending where their paragraph does,
    when it takes in more than its prose (`prose_bounds`, the Document's paragraph)."""
    if not spans or (paragraph.start, paragraph.end) == (prose_bounds.start, prose_bounds.end):
        return spans
    (s0, e0), (sn, en) = spans[0], spans[-1]
    if len(spans) == 1:
        return [(min(s0, paragraph.start), max(e0, paragraph.end))]
    return [(min(s0, paragraph.start), e0), *spans[1:-1], (sn, max(en, paragraph.end))]


def analyse(target: Document, source: Document) -> PairAnalysis:
    lang = detect_language(source.prose)
    result = PairAnalysis(lang, LENGTH_RATIO.get(lang, 1.0), source, target)
    result.src_quantities = extract(source.prose, lang)
    result.tgt_quantities = extract(target.prose, "en", target.tokens)  # the rules' tokens, already made
    result.src_anchors = find_anchors(source.text, result.source_latin)
    # The target's anchors (URLs, e-mails, acronyms, codes) count only against the source's: a
    # key the alignment shares with a source unit, a token MT503 finds missing from the source.
    # With none in the source (most Chinese news) they are found only if something reads them.
    result.target_anchors = _Found(lambda: find_anchors(target.text, True))
    sq, sa, tq = (_Sorted(x) for x in (result.src_quantities, result.src_anchors, result.tgt_quantities))
    ta = result.target_anchors.sorted() if result.src_anchors else _Sorted([])

    src_text, tgt_text = source.text, target.text
    weight = 1 / result.ratio  # the prior's: Latin text in the source is copied at 1:1
    src_paras, tgt_paras = _paragraph_spans(source), _paragraph_spans(target)
    sp = [Unit(s, e, _length(src_text, s, e, weight)) for s, e in src_paras]
    tp = [Unit(s, e, _length(tgt_text, s, e)) for s, e in tgt_paras]
    # Each paragraph's sentences as units (every one goes into exactly one group), the first and
    # last stretched to the paragraph's bounds (a URL the paragraph ends with).
    src_sents = [[Unit(s, e, _length(src_text, s, e, weight))
                  for s, e in _stretched(split_sentences(source.prose, p.start, p.end, lang), p, q)]
                 for p, q in zip(sp, source.paragraphs)]
    tgt_spans: list[list[tuple[int, int]]] = [[] for _ in tp]
    for sent in target.sentences:
        tgt_spans[sent.paragraph].append((sent.start, sent.end))
    tgt_sents = [[Unit(s, e, _length(tgt_text, s, e)) for s, e in _stretched(spans, p, q)]
                 for spans, p, q in zip(tgt_spans, tp, target.paragraphs)]
    total_s = sum(u.length for u in sp)
    total_t = sum(u.length for u in tp)
    n_units = sum(map(len, src_sents))
    if total_s and total_t:  # the pair's own ratio, weighed against the prior by how much text there is
        own = total_t / total_s
        result.ratio = (result.ratio * _PRIOR_WEIGHT + own * n_units) / (_PRIOR_WEIGHT + n_units)
    ratio = result.ratio

    # As many paragraphs (sentences) on both sides pair in order; the alignment runs when the counts differ.
    para_groups = (_in_order(len(sp)) if len(sp) == len(tp)
                   else align(_with_keys(sp, sq, sa), _with_keys(tp, tq, ta), ratio, PARAGRAPH_MOVES))
    groups = result.groups
    for i0, i1, j0, j1 in para_groups:
        su = src_sents[i0] if i1 == i0 + 1 else [u for i in range(i0, i1) for u in src_sents[i]]
        tu = tgt_sents[j0] if j1 == j0 + 1 else [u for j in range(j0, j1) for u in tgt_sents[j]]
        if not su or not tu:
            groups.append(Group(su, tu, paragraph_level=True))
            continue
        ls, lt = sum(u.length for u in su), sum(u.length for u in tu)
        fill = lt / (ls * ratio) if ls else 1.0
        if len(su) == len(tu):
            groups += [Group([a], [b], paragraph_fill=fill) for a, b in zip(su, tu)]
            continue
        for a0, a1, b0, b1 in align(_with_keys(su, sq, sa), _with_keys(tu, tq, ta), ratio):
            groups.append(Group(su[a0:a1], tu[b0:b1], paragraph_fill=fill))
    for g in groups:
        g.src_quantities, g.src_anchors = sq.within(g.src_span), sa.within(g.src_span)
        g.tgt_quantities, g.target_anchors = tq.within(g.tgt_span), result.target_anchors
    return result


def pair_analysis(doc: Document) -> PairAnalysis | None:
    """The analysis of `doc` against `doc.source` (None without a source), computed once per
    pair: kept by the engine's per-document Analysis (`Analysis.pair`), or for a bare
    Document on the source document."""
    if hasattr(type(doc), "pair"):
        return doc.pair
    source = getattr(doc, "source", None)
    if source is None:
        return None
    memo = source.__dict__.get("_mtcheck_pair")
    if memo is not None and memo[0] is doc and memo[1] == len(doc.text):
        return memo[2]
    result = analyse(doc, source)
    source.__dict__["_mtcheck_pair"] = (doc, len(doc.text), result)
    return result


def median_ratio(groups: list[Group]) -> float | None:
    ratios = [sum(u.length for u in g.tgt) / sum(u.length for u in g.src)
              for g in groups if g.src and g.tgt and sum(u.length for u in g.src) >= 10]
    return statistics.median(ratios) if ratios else None
