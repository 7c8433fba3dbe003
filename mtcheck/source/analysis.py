"""The analysis of one source–target pair, computed once and shared by every MT5xx rule.

`pair_analysis(doc)` reads `doc.source`, detects its language, extracts the quantities and
anchors of both texts, aligns paragraphs and then sentences, and memoises the result on the
source Document (keyed by the target document), so the alignment runs once per pair however
many rules ask. It is a plain object built from the two documents: a per-document analysis
owned by the pipeline can hold it instead.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .align import Unit, align, split_sentences
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


@dataclass
class Group:
    """Aligned source and target units (either side may be empty: an omission or an addition)."""

    src: list[Unit]
    tgt: list[Unit]
    paragraph_level: bool = False  # a whole paragraph without counterpart
    # Target length / expected length of the aligned paragraphs this group lies in: a sentence
    # left out makes its paragraph short, a sentence added makes it long.
    paragraph_fill: float = 1.0

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
    tgt_anchors: list[Anchor] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)

    @property
    def source_latin(self) -> bool:
        return self.language not in ("zh", "ja", "ko", "ru", "uk", "ar", "he", "el", "th", "hi") and \
            not self.language.isupper()

    def within(self, items: list, span: tuple[int, int] | None) -> list:
        if span is None:
            return []
        s, e = span
        return [x for x in items if s <= x.start and x.end <= e]

    def neighbour_span(self, index: int) -> tuple[int, int] | None:
        """Where to report something about group `index` that has no target text: the target
        sentence before it, else the one after."""
        for k in list(range(index - 1, -1, -1)) + list(range(index + 1, len(self.groups))):
            span = self.groups[k].tgt_span
            if span:
                last = self.groups[k].tgt[-1] if k < index else self.groups[k].tgt[0]
                return last.start, last.end
        return None


def _length(text: str, s: int, e: int, latin_weight: float = 1.0) -> float:
    """Characters other than spaces; Latin letters and digits count `latin_weight` each (in a
    Chinese source a URL or a name is copied, not translated at 3 English characters a character)."""
    if latin_weight == 1.0:
        return sum(1 for ch in text[s:e] if not ch.isspace())
    latin = sum(1 for ch in text[s:e] if ch.isascii() and ch.isalnum())
    other = sum(1 for ch in text[s:e] if not ch.isspace()) - latin
    return other + latin * latin_weight


def _keys(quantities: list[Quantity], anchors: list[Anchor], s: int, e: int, latin_of=None) -> frozenset:
    keys = set()
    for q in quantities:
        if s <= q.start < e:
            keys.add((q.kind, q.value if q.kind != "number" else float(f"{q.value:.4g}")))
    for a in anchors:
        if s <= a.start < e and a.kind in ("url", "email", "code", "acronym", "name"):
            keys.add(("anchor", a.text.lower()))
    return frozenset(keys)


def _units(doc: Document, spans: list[tuple[int, int]], quantities, anchors, latin_weight: float = 1.0) -> list[Unit]:
    text = doc.text
    return [Unit(s, e, _length(text, s, e, latin_weight), _keys(quantities, anchors, s, e)) for s, e in spans]


def analyse(target: Document, source: Document) -> PairAnalysis:
    lang = detect_language(source.prose)
    result = PairAnalysis(lang, LENGTH_RATIO.get(lang, 1.0), source, target)
    result.src_quantities = extract(source.prose, lang)
    result.tgt_quantities = extract(target.prose, "en")
    result.src_anchors = find_anchors(source.text, result.source_latin)
    result.tgt_anchors = find_anchors(target.text, True)  # URLs, e-mails, acronyms, codes
    sq, sa, tq, ta = result.src_quantities, result.src_anchors, result.tgt_quantities, result.tgt_anchors

    src_paras = [(p.start, p.end) for p in source.paragraphs]
    tgt_paras = [(p.start, p.end) for p in target.paragraphs]
    weight = 1 / result.ratio  # the prior's: Latin text in the source is copied at 1:1
    total_s = sum(_length(source.text, s, e, weight) for s, e in src_paras)
    total_t = sum(_length(target.text, s, e) for s, e in tgt_paras)
    src_sents = {i: split_sentences(source.prose, s, e, lang) for i, (s, e) in enumerate(src_paras)}
    n_units = sum(len(v) for v in src_sents.values())
    if total_s and total_t:  # the pair's own ratio, weighed against the prior by how much text there is
        own = total_t / total_s
        result.ratio = (result.ratio * _PRIOR_WEIGHT + own * n_units) / (_PRIOR_WEIGHT + n_units)
    ratio = result.ratio

    sp = _units(source, src_paras, sq, sa, weight)
    tp = _units(target, tgt_paras, tq, ta)
    para_groups = ([(i, i + 1, i, i + 1) for i in range(len(sp))] if len(sp) == len(tp)
                   else align(sp, tp, ratio))
    tgt_sents_by_para: dict[int, list[tuple[int, int]]] = {}
    for sent in target.sentences:
        tgt_sents_by_para.setdefault(sent.paragraph, []).append((sent.start, sent.end))
    for i0, i1, j0, j1 in para_groups:
        ss = [span for i in range(i0, i1) for span in src_sents[i]]
        ts = [span for j in range(j0, j1) for span in tgt_sents_by_para.get(j, [])]
        su, tu = _units(source, ss, sq, sa, weight), _units(target, ts, tq, ta)
        if not su or not tu:
            result.groups.append(Group(su, tu, paragraph_level=True))
            continue
        ls, lt = sum(u.length for u in su), sum(u.length for u in tu)
        fill = lt / (ls * ratio) if ls else 1.0
        for a0, a1, b0, b1 in align(su, tu, ratio):
            result.groups.append(Group(su[a0:a1], tu[b0:b1], paragraph_fill=fill))
    return result


def pair_analysis(doc: Document) -> PairAnalysis | None:
    """The analysis of `doc` against `doc.source` (None without a source), computed once per
    pair and kept on the source document."""
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
