"""Indexes derived from a glossary's entries, built once per glossary (see Glossary's
properties): the variant patterns MT101 searches for, and the folded terms, surnames and
listed words the other name rules compare against."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..english import ORDINARY_WORD_ZIPF, is_name_shaped, zipf
from .matching import NameIndex, fold, parts

# Up to this many variants, one pattern serves every document; a bigger glossary gets a
# pattern per document with only the variants whose first word the document contains
# (one alternation of 100,000 variants costs seconds a page).
_SMALL_GLOSSARY = 2000
_FIRST_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class VariantIndex:
    pattern: re.Pattern | None
    exact: dict[str, tuple[str, str]]  # variant with capitals, as written -> (term, note)
    lowercase: dict[str, tuple[str, str]]  # lowercase variant -> (term, note), any case
    by_first_word: dict[str, list[str]]  # variants by their first word (casefolded)

    def pattern_for(self, prose: str) -> re.Pattern | None:
        if self.pattern is not None or not self.by_first_word:
            return self.pattern  # a small glossary: one pattern for every document
        words = set(_FIRST_WORD.findall(prose.casefold()))
        present = [v for w in words for v in self.by_first_word.get(w, ())] + self.by_first_word.get("", [])
        return _variant_pattern(present)


def _variant_pattern(variants) -> re.Pattern | None:
    if not variants:
        return None
    alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(set(variants), key=len, reverse=True))
    return re.compile(rf"(?<![\w\-‐'’])(?:{alternatives})(?=(?:['’]s?)?(?:[^\w\-‐'’]|$))", re.IGNORECASE)


def variant_index(entries) -> VariantIndex:
    exact: dict[str, tuple[str, str]] = {}
    lowercase: dict[str, tuple[str, str]] = {}
    for entry in entries:
        for variant in entry.variants:
            variant = " ".join(variant.split())
            if variant == entry.term:
                continue
            table = lowercase if variant == variant.lower() else exact
            table.setdefault(variant, (entry.term, entry.note))
    by_first_word: dict[str, list[str]] = {}
    for variant in {*exact, *lowercase}:
        first = _FIRST_WORD.search(variant.casefold())
        by_first_word.setdefault(first.group() if first else "", []).append(variant)
    small = len(exact) + len(lowercase) <= _SMALL_GLOSSARY
    pattern = _variant_pattern([*exact, *lowercase]) if small else None  # else per document
    return VariantIndex(pattern, exact, lowercase, by_first_word)


@dataclass(frozen=True)
class TermIndex:
    terms: NameIndex  # folded capitalised terms
    entry_for: dict[str, object]  # folded term -> entry
    surnames: NameIndex  # folded surnames of people
    person_for_surname: dict[str, object]
    listed: frozenset[str]  # every folded term, variant and allowed form
    listed_words: frozenset[str]  # every word of a term or allowed form ("scholz")


def _person_like(entry) -> bool:
    words = entry.term.split()
    if entry.type == "person":
        return len(words) >= 2
    return (not entry.type and 2 <= len(words) <= 3 and all(is_name_shaped(w) for w in words)
            and all(zipf(w) < ORDINARY_WORD_ZIPF for w in words))


def term_index(entries) -> TermIndex:
    entry_for = {}
    surnames = {}
    for entry in entries:
        if not is_name_shaped(entry.term):
            continue  # lowercase terms are checked by their variants only
        folded = fold(entry.term)
        entry_for.setdefault(folded, entry)
        if _person_like(entry):
            surnames.setdefault(fold(entry.term.split()[-1]), entry)
    listed = frozenset(fold(x) for e in entries for x in (e.term, *e.variants, *e.allowed))
    words = frozenset(p for e in entries for form in (e.term, *e.allowed) for p in parts(form))
    return TermIndex(NameIndex(entry_for), entry_for, NameIndex(surnames), surnames, listed, words)
