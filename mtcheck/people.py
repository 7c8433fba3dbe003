"""The people of an article: who is mentioned where, by which name, and with what gender.

One analysis per document, shared by the honorific, name and pronoun rules (MT3xx):

- honorific uses ("Mr Putin", "Ms. After …"), each marked broken when the next word cannot
  be a surname (a function word or sentence opener, or a verb form before a function word,
  that the text never uses as a name elsewhere);
- people: "Firstname Surname" runs confirmed by a title ("Commissioner Michelle Bachelet"),
  an apposition with a person noun ("Irina Grigorian, a teacher, …"), an honorific use of the
  surname or a glossary entry with type=person; bare surnames of known people;
- gender evidence: honorifics, gendered nouns in title or apposition, glossary `gender`, and
  (weak, read in text order) a broken honorific resolved to the nearest earlier person or a
  pronoun whose referent is clear;
- pronouns whose gender conflicts with the one person they can refer to (MT304);
- possible referents that only block pronoun findings: singular person nouns ("an official")
  and capitalised names next to a speech verb that are not confirmed people.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from .glossary.matching import strip_possessive
from .inflection import base_candidates, form_of
from .glossary.reference import gazetteer
from .english import (COMMON_WORD_ZIPF, NAME_SPACES as _SPACE, WHITESPACE as _WHITESPACE, Honorific, function_words, gap,
                      is_ordinary_word,
                      honorifics, is_capitalised, is_initial, zipf)
from .resources import data_rows, word_set

_APPOSITIVE_STARTS = frozenset({"a", "an", "the", "his", "her", "their", "its", "our", "my"})
_POSSESSIVES = frozenset({"his", "her", "their", "our", "my", "your"})
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "smith", "man", "woman")
_NAME_END = frozenset(".,;:?!)")
_MODALS = frozenset(("will", "may", "can", "must", "shall", "might", "would", "could", "should"))
_JOINED = re.compile(r"\.?\s*[&,]\s*")  # between two honorifics joined before one name: "Mr. & Mrs.", "Mr, Mrs"
_SUBJECTS = frozenset({"i", "we", "you", "he", "she", "it", "they"})
_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its"})
# A Chinese or Korean given name as romanised with a hyphen, second syllable in lowercase
# ("Mei-ling", "Jae-myung", "Chiu-ying"): written after the family name, which comes first.
HYPHENATED_GIVEN_NAME = re.compile(r"[A-Z][a-z]+-[a-z]+")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-zü]+")


def family_name_first(family: str, given: str) -> bool:
    """"Chan Mei-ling", "Xi Jinping": `family` `given` is written family name first, as Chinese
    and Korean names are in English: the second word is a hyphenated given name, or a pinyin
    given name after a Chinese family name (a Western name rarely has both: "Han Solo", "Lee
    Anderson")."""
    if HYPHENATED_GIVEN_NAME.fullmatch(given):
        return True
    return family in chinese_family_names() and bool(_CAPITALISED_WORD.fullmatch(given)) and is_pinyin(given)


@lru_cache(maxsize=4096)
def is_pinyin(word: str) -> bool:
    """`word` splits into one to three pinyin syllables ("Jinping" = jin + ping, "Qiang")."""
    low, syllables = word.lower(), pinyin_syllables()
    reach = {0: 0}  # position -> fewest syllables to get there
    for i in range(len(low)):
        if i not in reach:
            continue
        for j in range(i + 1, min(len(low), i + 6) + 1):
            if low[i:j] in syllables and reach[i] + 1 < reach.get(j, 4):
                reach[j] = reach[i] + 1
    return len(low) in reach


# -- data -------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def person_nouns() -> dict[str, str]:
    """Singular person noun -> gender ("f", "m" or "")."""
    return {r["noun"]: r["gender"].strip("-") for r in data_rows("person_nouns.tsv")}


@lru_cache(maxsize=None)
def relatives() -> frozenset[str]:
    """The person nouns that name a relative (person_nouns.tsv's kin column)."""
    return frozenset(r["noun"] for r in data_rows("person_nouns.tsv") if r["kin"] == "kin")


def pinyin_syllables() -> frozenset[str]:
    return word_set("pinyin_syllables.txt")


def chinese_family_names() -> frozenset[str]:
    return word_set("chinese_family_names.txt")


def speech_verbs() -> frozenset[str]:
    return word_set("speech_verbs.txt")


def vessel_nouns() -> frozenset[str]:
    """Nouns for ships and boats, which English may call "she"."""
    return word_set("vessel_nouns.txt")


def surname_words() -> frozenset[str]:
    return word_set("surname_words.txt")


@lru_cache(maxsize=None)
def _not_names() -> frozenset[str]:
    return (function_words() | word_set("sentence_openers.txt")) - surname_words()


def name_particles() -> frozenset[str]:
    return word_set("name_particles.txt")


def particle_name(word: str) -> bool:
    """A surname that starts with a lowercase particle: "al-Harbi", "el-Sisi", "bin-Zayed"."""
    head, _, rest = word.partition("-")
    return bool(rest) and head in name_particles() and rest[:1].isupper()


def _adverb(word: str) -> bool:
    """An "-ly" word that is only ever an adverb ("Visibly", "Reportedly"): no name; "Kelly",
    "Early" and "Lively" are names or adjectives too."""
    if not word.endswith("ly") or len(word) < 5:
        return False
    from .thesaurus import pos  # the WordNet data loads only for such a word after a name's slot
    return pos(word.lower()) == {"r"}


def _verb_s(word: str) -> bool:
    """A verb's -s form whose stem is only ever a verb ("arrives", "insists"): no name, where
    "Burns", "Banks" or "Hopes" are nouns too and may be."""
    if not word.endswith("s") or len(word) < 5 or form_of(word) != "s":
        return False
    from .thesaurus import pos  # the WordNet data loads only for such a word after a name's slot
    stems = (word[:-1], word[:-2]) if word.endswith("es") else (word[:-1],)
    return any(pos(stem) == {"v"} for stem in stems)


def cannot_be_surname(word: str) -> bool:
    """A function word or sentence opener that is not also a common surname ("After", "The")."""
    return word.lower() in _not_names()


@lru_cache(maxsize=65536)
def name_word(word: str) -> bool:
    """A word that may be part of a person's name (cached: each article asks for the same
    capitalised words again and again)."""
    if particle_name(word):
        return True
    return (is_capitalised(word) and not is_initial(word) and not cannot_be_surname(word)
            and word not in honorifics() and word.lower() not in person_nouns())


PHRASE_SUBJECTS = frozenset(("he", "she", "they"))  # a third person's subject pronouns


def word_after_phrase(prose: str, tokens, start: int):
    """The word that goes on after the phrase starting at `start` and closed by the first comma
    of the sentence `tokens` ("After noticing the invoices, she raised …": "she"), or None when
    the sentence has no such comma or something other than words and spaces comes first."""
    toks = [t for t in tokens if t.start >= start]
    for a, b in zip(toks, toks[1:]):
        between = gap(prose, a.end, b.start)
        if between == ", ":
            return b
        if between.strip():
            return None  # a quotation, a dash, a semicolon: not a plain phrase
    return None


def subject_after_phrase(prose: str, tokens, start: int, gender: str = ""):
    """The subject pronoun that goes on after the phrase starting at `start` (word_after_phrase):
    the token, or None when none follows or its gender does not fit."""
    b = word_after_phrase(prose, tokens, start)
    return b if b is not None and b.text in PHRASE_SUBJECTS and compatible(PRONOUN_GENDER.get(b.text, ""), gender) else None


def bare(word: str) -> str:
    """The word without a possessive ending: "Putin’s" -> "Putin"."""
    if "’" not in word and "'" not in word:
        return word  # the common case, without a regex
    return strip_possessive(word) or word


def compatible(a: str, b: str) -> bool:
    """Genders agree, or one of them is unknown."""
    return not a or not b or a == b


# -- results ----------------------------------------------------------------------------------
@dataclass(eq=False)
class Person:
    surname: str
    given: set[str] = field(default_factory=set)  # first names as written: "Vladimir", "Vladimir V."
    titles: set[str] = field(default_factory=set)  # lowercase person nouns used as titles
    strong: set[str] = field(default_factory=set)  # genders from honorifics, nouns, glossary
    # (offset, gender) read from a resolved broken honorific or a pronoun that clearly refers
    # to the person; the latest one before a point counts there, and only without strong evidence.
    weak: list[tuple[int, str]] = field(default_factory=list)
    mentions: int = 0
    # Every piece of evidence in text order, for judging one honorific against the rest (MT305):
    # gendered nouns in title or apposition ("title", "apposition"), the glossary's gender, and
    # subject pronouns whose one possible referent is the person, whatever their gender
    # ("pronoun"); honorifics are read from `People.honorifics`.
    evidence: list[tuple[int, str, str]] = field(default_factory=list)  # (offset, gender, kind)

    @property
    def shared(self) -> bool:
        """The article gives the surname two first names ("Claudia Major" … "Stefan Major"):
        two people share it, and which one a mention or a pronoun means is unknown."""
        return len({given.split()[0] for given in self.given}) > 1

    def add_noun_evidence(self, at: int, title_gender: str, appositive_gender: str) -> None:
        """The genders of person nouns in the name's title and apposition at offset `at`: strong
        evidence, and kept in text order for MT305."""
        for gender, kind in ((title_gender, "title"), (appositive_gender, "apposition")):
            if gender:
                self.strong.add(gender)
                self.evidence.append((at, gender, kind))

    def gender_at(self, offset: float) -> str:
        """The gender the evidence gives at `offset`, "" when there is none or it conflicts."""
        if self.strong:
            return next(iter(self.strong)) if len(self.strong) == 1 else ""
        before = [g for at, g in self.weak if at < offset]
        return before[-1] if before else ""

    @property
    def gender(self) -> str:
        return self.gender_at(float("inf"))

    @property
    def gender_is_weak(self) -> bool:
        return not self.strong


@dataclass(frozen=True)
class Referent:
    """Something a third-person pronoun may refer back to."""

    start: int
    end: int
    person: Person | None  # None: a person noun or an unconfirmed name
    gender: str  # the noun's gender for person nouns; "" otherwise (read person.gender)
    kind: str  # "honorific", "name", "surname", "broken-honorific", "noun", "referent"
    quoted: bool


@dataclass
class HonorificUse:
    start: int
    end: int  # after the period, when there is one
    form: str
    period: bool
    info: Honorific
    word_start: int
    word: str  # the word after the honorific
    broken: bool  # the word cannot be a surname
    resolved: Person | None = None  # for a broken use: the nearest earlier person who fits
    name_end: int = -1  # for a use with a name: where the name ends ("Dr. Anthony Fauci|")
    person: Person | None = None  # for a use with a name: the person it names
    noun_gender: str = ""  # the gender of a person noun in the name's own title or apposition
    coordinated: bool = False  # joined to another honorific before one name: "Mr and Mrs Okafor"

    @property
    def text(self) -> str:
        return self.form + ("." if self.period else "")


@dataclass(frozen=True)
class PronounConflict:
    """A pronoun whose gender conflicts with the one person it can refer to."""

    start: int
    end: int
    word: str
    next_word: str
    referent: Person
    weak: bool  # the referent's gender rests on weak evidence only


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
_REFLEXIVES = frozenset(("himself", "herself"))
_LOOK_BACK = 3  # sentences searched for a referent beyond the previous one
_LOOK_BACK_MAX = 15  # sentences searched for an earlier referent at most (two long paragraphs)
_GENERATIONAL = frozenset({"Jr", "Sr", "Jnr", "Snr"})
# Words after which "he" or "she" opens a reported clause: "said she would", "added that he".
_REPORTING = frozenset({"said", "says", "added", "that"})
# Verbs that go on with the last speaker: "“…,” she said. She added that …".
CONTINUING = frozenset({"added", "adds", "continued", "continues"})
_NAME_FOLLOWS = re.compile(r"[ \u00a0]+[A-Z]")  # a capitalised person noun before a name is a title


class People:
    """The people of one document; read it as `Analysis.people`."""

    def __init__(self, doc):
        # The document's Analysis, which holds this object: a weak reference, so that the two
        # are freed as soon as the check is done, not by the cycle collector much later.
        self.doc = weakref.proxy(doc)
        self.prose = doc.prose
        self.tokens = doc.tokens
        self.persons: dict[str, Person] = {}
        self.honorifics: list[HonorificUse] = []
        self.mentions: list[Referent] = []
        # Every "Firstname [X.] Surname" run, person or not: (first word, surname).
        self.full_names: list[tuple[str, str]] = []
        self._quoted = doc.quotations
        self._quoted_starts = [s for s, _ in self._quoted]
        self._consumed: set[int] = set()  # token indexes already read as part of a name
        self._sentence_starts = doc.sentence_initials
        # Capitalised words written right before a given name, family name first ("An" in "An
        # Ji-hoon", "Xi" in "Xi Jinping").
        # (The given name is capitalised: only the words before a capitalised one are tested.)
        tokens, prose = self.tokens, self.prose
        self._family_names_first = frozenset(
            a.text for a, b in ((tokens[k - 1], tokens[k]) for k in doc.capitalised if k)
            if a.text[:1].isupper() and prose[a.end:b.start] == " " and family_name_first(a.text, bare(b.text)))
        self._glossary = _glossary_people(doc.glossary)
        self._read_honorifics()
        self._read_names()
        self._read_surnames_and_nouns()
        self.mentions.sort(key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        self._apply_glossary_genders()
        self.pronoun_conflicts: list[PronounConflict] = []
        self._unnamed: dict[int, Person] = {}  # gendered person nouns read as referents
        self._read_discourse()

    # -- helpers ------------------------------------------------------------------------------
    def quoted(self, offset: int) -> bool:
        i = bisect.bisect_right(self._quoted_starts, offset) - 1
        return i >= 0 and offset < self._quoted[i][1]

    def _gap(self, i: int) -> str:
        """The text between token i and token i+1 (see `gap`)."""
        return gap(self.prose, self.tokens[i].end, self.tokens[i + 1].start)

    def used_as_name(self, word: str, at: int = -1) -> bool:
        """True when `word` is capitalised mid-sentence somewhere other than offset `at`, or
        stands, anywhere, as the family name before a hyphenated given name ("An Ji-hoon",
        "So Ji-sub"): then it is a surname even where it opens a sentence."""
        return (any(offset != at for offset in self.doc.midsentence_capitals.get(word, ()))
                or word in self._family_names_first)

    def not_a_name(self, i: int) -> bool:
        """Token i cannot be a surname here: a function word or sentence opener ("After"), a
        verb form followed by a function word ("Said that", "Standing beside", "Arrives in"), or a modal
        followed by a verb ("Will oversee"), or an adverb ("Visibly moved"), that the article
        never uses as a name elsewhere."""
        word = self.tokens[i].text
        if word != bare(word) or self.prose[self.tokens[i].end:self.tokens[i].end + 1] in _NAME_END:
            return False  # "Ms. May’s", "Dr. Who?", "Mr. Will, …": used as a name
        if self._modal_before_verb(i) or _adverb(word):
            return not self.used_as_name(word, self.tokens[i].start)
        if not cannot_be_surname(word):
            lower = word.lower()
            if not (lower in speech_verbs() or len(word) > 4 and lower.endswith(("ing", "ed")) or _verb_s(lower)):
                return False
            nxt = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            if nxt is None or self._gap(i) not in _SPACE or nxt.text not in function_words():
                return False
        return not self.used_as_name(word, self.tokens[i].start)

    def _modal_before_verb(self, i: int) -> bool:
        """Token i is a modal that is also a surname ("Will", "May", "Can") and a verb's base
        form follows it: "Siti N. Will oversee …" runs a verb phrase into a cut name, and no
        name is followed by a bare verb ("George Will wrote", "Ms. May, 60,")."""
        word = self.tokens[i].text
        if word.lower() not in _MODALS or i + 1 >= len(self.tokens) or self._gap(i) != " ":
            return False
        from .thesaurus import pos  # the WordNet data loads only when a modal comes after a name
        nxt = self.tokens[i + 1].text
        return (nxt.isalpha() and nxt.islower() and nxt not in function_words() and form_of(nxt) == "base"
                and "v" in pos(nxt))

    def _opens_phrase(self, i: int) -> bool:
        """Token i, an ordinary word after an honorific that opens the sentence, opens a phrase
        instead of a name: a determiner follows it, which no subject's name takes, and the
        sentence has its own subject pronoun after the phrase ("Ms. Always a keen gardener, she
        grew roses"; not "Mr. Brown, a gardener, …")."""
        tokens = self.tokens
        word = tokens[i].text
        if (tokens[i - 1].start not in self._sentence_starts or i + 1 >= len(tokens) or self._gap(i) not in _SPACE
                or tokens[i + 1].text not in _DETERMINERS or not is_ordinary_word(word)
                or self.used_as_name(word, tokens[i].start)):
            return False
        sentence = self.doc.sentence_at(tokens[i].start)
        return sentence is not None and subject_after_phrase(self.prose, sentence.tokens, tokens[i + 1].start) is not None

    def person(self, surname: str) -> Person:
        p = self.persons.get(surname)
        if p is None:
            p = self.persons[surname] = Person(surname)
        return p

    def _mention(self, start, end, person, kind, gender=""):
        if person is not None:
            person.mentions += 1
        self.mentions.append(Referent(start, end, person, gender, kind, self.quoted(start)))

    # -- passes -------------------------------------------------------------------------------
    def _read_honorifics(self):
        tokens, prose, hons = self.tokens, self.prose, honorifics()
        n = len(tokens)
        for i in self.doc.capitalised:  # (every honorific is a capitalised word)
            tok = tokens[i]
            info = hons.get(tok.text)
            if info is None or i + 1 >= n:
                continue
            period = prose.startswith(".", tok.end)
            end = tok.end + period
            nxt = tokens[i + 1]
            if gap(prose, end, nxt.start) not in _SPACE or nxt.text in hons:
                continue
            if nxt.text in speech_verbs():
                # "“…,” Ms. said.": a lowercase speech verb right after the honorific took the name's place.
                self.honorifics.append(HonorificUse(tok.start, end, tok.text, period, info, nxt.start, nxt.text, True))
                continue
            if not (nxt.text[0].isupper() or particle_name(nxt.text)):
                continue
            if nxt.text.lower() in person_nouns():
                continue  # a form of address: "Mr. President", "Madam Speaker"
            broken = self.not_a_name(i + 1) or self._opens_phrase(i + 1)
            if broken and i + 2 < n and tokens[i + 2].text in hons:
                continue  # "Mr. And Mrs. Smith"
            use = HonorificUse(tok.start, end, tok.text, period, info, nxt.start, nxt.text, broken)
            self.honorifics.append(use)
            if broken:
                continue
            # The name: up to four capitalised words and initials ("Dr. Anthony Fauci", "Dr.
            # Anthony S. Fauci"); the last is the surname.
            j = i + 1
            while (j + 1 < n and j - i < 5 and tokens[j].text == bare(tokens[j].text)
                   and (self._gap(j) in _SPACE or is_initial(tokens[j].text) and self._gap(j) == ". ")
                   and is_capitalised(tokens[j + 1].text) and not cannot_be_surname(tokens[j + 1].text)):
                j += 1
            if j > i + 1 and is_initial(tokens[j].text) and prose.startswith(".", tokens[j].end):
                # "Dr. Zhang W. The company …": the surname after the initial is lost (MT302's
                # case); the initial is nobody's surname.
                use.name_end = tokens[j].end
                continue
            person = self.person(bare(tokens[j].text))
            use.name_end, use.person = tokens[j].end, person
            if j > i + 1:
                person.given.add(_WHITESPACE.sub(" ", prose[tokens[i + 1].start:tokens[j].start]).strip())
                # A full name read after an honorific names a first name as well as one read alone.
                self.full_names.append((tokens[i + 1].text, person.surname))
            title, title_gender = self._title_before(i)
            appositive_gender, _ = self._appositive_after(j)
            if title:
                person.titles.add(title)
            use.noun_gender = title_gender or appositive_gender
            use.coordinated = self._coordinated(i)
            # "Mr and Mrs Okafor": the name is a couple's, or a family's; no one honorific gives
            # it a gender, and a pronoun of either may refer to one of them.
            if not use.coordinated:
                if info.gender:
                    person.strong.add(info.gender)
                person.add_noun_evidence(tok.start, title_gender, appositive_gender)
            self._consumed.update(range(i, j + 1))
            self._mention(tok.start, tokens[j].end, person, "honorific")

    def _coordinated(self, i: int) -> bool:
        """The honorific at token i is the last of several joined before one name ("Mr and Mrs
        Okafor", "Dr. & Mrs. Evans", "Mr, Mrs and Miss Patel"): the name names them all."""
        tokens, hons = self.tokens, honorifics()
        if i >= 2 and tokens[i - 1].text == "and" and tokens[i - 2].text in hons:
            return (gap(self.prose, tokens[i - 2].end, tokens[i - 1].start).lstrip(".") in _SPACE
                    and gap(self.prose, tokens[i - 1].end, tokens[i].start) in _SPACE)
        return i >= 1 and tokens[i - 1].text in hons and _JOINED.fullmatch(
            self.prose[tokens[i - 1].end:tokens[i].start]) is not None

    def _name_word(self, i: int) -> bool:
        return name_word(self.tokens[i].text)

    def _read_names(self):
        tokens, prose = self.tokens, self.prose
        n = len(tokens)
        particles = name_particles()
        i = 0  # the first token not yet read
        # Where a name may start: the capitalised words (found once, by the Analysis), and a
        # surname with a lowercase particle ("al-Harbi").
        starts = self.doc.capitalised
        particled = [k for k, t in enumerate(tokens) if "-" in t.text and t.text[0].islower() and particle_name(t.text)]
        if particled:
            starts = sorted({*starts, *particled})
        for start in starts:
            if start < i:
                continue
            i = start
            if i in self._consumed or not self._name_word(i):
                continue
            # A run of name words, initials ("V.") and particles ("von der") joined by single spaces.
            j = i
            while j + 1 < n and j - i < 5:
                gap = self._gap(j)
                nxt = tokens[j + 1]
                if is_initial(tokens[j].text) and gap == ". ":
                    pass
                elif gap not in _SPACE or tokens[j].text != bare(tokens[j].text):
                    break
                if self._name_word(j + 1) and not self.not_a_name(j + 1) or (
                        is_initial(nxt.text) and j + 2 < n and self._gap(j + 1) == ". "):
                    j += 1
                elif nxt.text in particles and j + 2 < n and self._name_word(j + 2):
                    j += 2
                else:
                    break
            if is_initial(tokens[j].text):  # "Vladimir V." with the surname cut off: MT302's case
                i = j + 1
                continue
            # "Ferdinand Marcos Jr": a generational suffix follows the surname, it is none.
            k = j - 1 if j > i and tokens[j].text in _GENERATIONAL else j
            surname = bare(tokens[k].text)
            given = _WHITESPACE.sub(" ", prose[tokens[i].start:tokens[k].start]).strip() if k > i else ""
            first = tokens[i].text
            if j == i + 1 and family_name_first(bare(first), surname):
                # "Chan Mei-ling": the family name first; she is "Ms Chan", not "Ms Mei-ling".
                first, surname, given = surname, bare(first), surname
            if j > i:
                self.full_names.append((first, surname))
            title, title_gender = self._title_before(i)
            appositive_gender, has_appositive = self._appositive_after(j)
            known = surname in self.persons or surname in self._glossary
            if has_appositive and j == i and not (title or known) and gazetteer().known(surname):
                has_appositive = False  # "Japarov of Kyrgyzstan, the host,": a country, no person
            if title or has_appositive or known or (j > i and " ".join(t.text for t in tokens[i:j + 1]) in self._glossary):
                person = self.person(surname)
                if given:
                    person.given.add(given)
                if title:
                    person.titles.add(title)
                person.add_noun_evidence(tokens[i].start, title_gender, appositive_gender)
                self._mention(tokens[i].start, tokens[j].end, person, "name")
            elif self._next_to_speech_verb(i, j) and self._may_be_person(i, j):
                self._mention(tokens[i].start, tokens[j].end, None, "referent")
            elif j > i and self._likely_person_run(i, j):
                # "Anna Novak met Mr Horvat. She said …": a full name nothing confirms is still
                # most likely someone, of unknown gender; a pronoun may refer to her or him.
                self._mention(tokens[i].start, tokens[j].end, None, "possible-person")
            self._consumed.update(range(i, j + 1))
            i = j + 1

    def _title_before(self, i: int) -> tuple[str, str]:
        """A person noun right before token i ("President X", "president, X") -> (noun, gender)."""
        if i == 0:
            return "", ""
        prev = self.tokens[i - 1]
        noun = prev.text.lower()
        if noun in person_nouns() and self._gap(i - 1) in (" ", ", ", "\u00a0"):
            self._consumed.add(i - 1)
            return noun, person_nouns()[noun]
        return "", ""

    def _appositive_after(self, j: int) -> tuple[str, bool]:
        """An apposition after token j (", a Russian teacher who …,") -> (gender, has person noun
        or an age: ", 72,")."""
        tokens, prose = self.tokens, self.prose
        if j + 1 >= len(tokens) or not self._gap(j).startswith(", "):
            return "", False
        nouns = person_nouns()
        gender, found = "", False
        for k in range(j + 1, min(j + 12, len(tokens))):
            word = tokens[k].text
            lower = word.lower()
            starts = lower in _APPOSITIVE_STARTS or word.isdigit() or lower in nouns
            if k == j + 1 and not (starts or word != bare(word)):  # "X, Finland’s chief negotiator"
                break
            if lower in ("who", "whose", "which", "that") or lower in speech_verbs():
                break
            if lower in nouns:
                found = True
                gender = gender or nouns[lower]
                self._consumed.add(k)
            between = prose[tokens[k].end:tokens[k + 1].start] if k + 1 < len(tokens) else "."
            if k == j + 1 and word.isdigit() and len(word) <= 3 and between == ", ":
                found = True  # an age set off by commas: "Harjit Kaur, 72, who …" is a person
            if any(c in between for c in ".;:") or ("," in between and not word.isdigit()):
                break
        return gender, found

    def _likely_person_run(self, i: int, j: int) -> bool:
        """A run of two or more name words ("Anna Novak", "Nguyễn Thị Lan") that is no known
        place ("New York") and has no article before it ("the Black Sea", "the Federal
        Reserve"): likely a person. It only ever makes a pronoun's referent uncertain."""
        tokens = self.tokens
        if i > 0 and tokens[i - 1].text.lower() in ("the", "a", "an") and self._gap(i - 1) in _SPACE:
            return False
        sentence = self.doc.sentence_at(tokens[i].start)
        if sentence is not None and sentence.start in self.doc.headlines:
            return False
        words = [bare(t.text) for t in tokens[i:j + 1]]
        places = gazetteer()
        if places.known_any(" ".join(words)) or any(places.known(w) for w in words):
            return False
        # An organisation's name ends in a common noun ("Supreme Court", "Peoples Party");
        # a surname that common ("Theresa May") is confirmed by an honorific where it matters.
        return zipf(words[-1]) < COMMON_WORD_ZIPF

    def _may_be_person(self, i: int, j: int) -> bool:
        """An unconfirmed speaker may be a person, and then stands between a broken honorific and
        the people named before it; a place or nationality ("China said", "the Russian Defense
        Ministry said") or a common word capitalised at a sentence start ("“Why …?” she asked")
        is no person, nor is a group ("Officials said")."""
        word = bare(self.tokens[i].text)
        if gazetteer().known(word):
            return False
        # The plural of a person noun is a group, not someone's surname ("Officials said",
        # "Rescuers said"); "Powers" or "Waters" may be one.
        if i == j and any(base != word.lower() and base in person_nouns() for base in base_candidates(word.lower())):
            return False
        # A very common word (COMMON_WORD_ZIPF) alone at a sentence start: surnames that common
        # ("May", "Long") are read as names where an honorific or title shows it.
        return not (i == j and self.tokens[i].start in self._sentence_starts and zipf(self.tokens[i].text) >= COMMON_WORD_ZIPF)

    def _next_to_speech_verb(self, i: int, j: int) -> bool:
        """ "X said", "said X", "X, 21, said", "X, an aide, said": the name is a speaker."""
        tokens = self.tokens
        verbs = speech_verbs()
        if i > 0 and tokens[i - 1].text in verbs:
            return True
        if (i > 0 and tokens[i - 1].text in function_words() and tokens[i - 1].text not in ("and", "but")
                and self._gap(i - 1) == " "):
            return False  # "a hospital in Delhi, said": the end of a clause, not the speaker
        for k in range(j + 1, min(j + 16, len(tokens))):
            word = tokens[k].text
            if word in verbs:
                return k == j + 1 or (self._gap(j).startswith(",") and "," in self._gap(k - 1))
            if k == j + 1 and not self._gap(j).startswith(",") or word.lower() in _SUBJECTS:
                return False
        return False

    def _read_surnames_and_nouns(self):
        nouns = person_nouns()
        for i, tok in enumerate(self.tokens):
            if i in self._consumed:
                continue
            word = tok.text
            if word[0].isupper():
                if bare(word) in self.persons:
                    self._mention(tok.start, tok.end, self.persons[bare(word)], "surname")
                    continue
            lower = word.lower()
            if lower in nouns:
                if not self._modifier(i):
                    self._mention(tok.start, tok.end, None, "noun", nouns[lower])
            elif lower.endswith(_AGENT_SUFFIXES) and self._agent_noun(i):
                self._mention(tok.start, tok.end, None, "noun", "")

    def _agent_noun(self, i: int) -> bool:
        """A person noun not in the list, read from its form and place: "her gardener",
        "Ms. Lee’s driver", "the carpenter said", "a locksmith who"."""
        word = self.tokens[i].text
        if not (word.islower() and len(word) > 4 and word.endswith(_AGENT_SUFFIXES)) or i == 0:
            return False
        prev = self.tokens[i - 1].text
        nxt = self.tokens[i + 1].text if i + 1 < len(self.tokens) else ""
        # "the carpenter said", not "Tom Whitaker, a trader at a broker, said": a verb after a
        # comma has the apposition's head for its subject
        return (prev.lower() in _POSSESSIVES or prev != bare(prev) or nxt in speech_verbs() and self._gap(i) in _SPACE
                or nxt == "who")

    def _modifier(self, i: int) -> bool:
        """A person noun used before another noun ("official closing time") names nobody:
        the next word is lowercase and neither a function word nor a verb-looking form."""
        if i + 1 >= len(self.tokens) or self._gap(i) not in _SPACE:
            return False
        nxt = self.tokens[i + 1].text
        return (nxt.islower() and nxt not in function_words() and nxt not in speech_verbs()
                and not nxt.endswith(("ed", "s")))

    def _apply_glossary_genders(self):
        """A glossary person's gender, for the article's person of that surname, unless the
        article gives that person another first name: "Henrik Lindqvist" is not the glossary's
        "Sofia Lindqvist"."""
        for surname, (term, gender) in self._glossary.items():
            person = self.persons.get(surname)
            if not gender or person is None:
                continue
            first = term.split()[0]
            if person.given and not any(given.split()[0] == first for given in person.given):
                continue
            person.strong.add(gender)
            person.evidence.insert(0, (-1, gender, "glossary"))

    def _read_discourse(self):
        """Broken honorifics and pronouns in text order, so that each reads the gender
        evidence found before it: a broken "Ms." resolves to the nearest earlier person who
        may be a woman, a pronoun to the sole person the context allows."""
        hons = iter([u for u in self.honorifics if u.broken])
        use = next(hons, None)
        kept: list[tuple[int, str, Person | None]] = []  # pronouns read as correct
        verbs = speech_verbs()
        prose = self.prose
        sentences = self.doc.sentences
        for index, sentence in enumerate(sentences):
            toks = sentence.tokens
            flagged: tuple[str, Person] | None = None
            for k, tok in enumerate(toks):
                if tok.text[0] not in "hHsS" or len(tok.text) > 7:
                    continue  # no pronoun: the cheap test first
                while use is not None and use.start <= tok.start:
                    self._resolve(use)
                    use = next(hons, None)
                gender = PRONOUN_GENDER.get(tok.text.lower())
                if gender is None or self.quoted(tok.start):
                    continue
                nxt = toks[k + 1].text if k + 1 < len(toks) else ""
                if flagged is not None and flagged[0] == gender:  # "He said he hoped": same referent
                    self.pronoun_conflicts.append(PronounConflict(
                        tok.start, tok.end, tok.text, nxt, flagged[1], flagged[1].gender_is_weak))
                    continue
                subject = tok.text.lower() in ("he", "she") and (
                    k == 0 or nxt in verbs and gap(prose, tok.end, toks[k + 1].start) == " ")
                referent = self._sole_referent(sentences, index, tok.start, kept, gender)
                if referent is None and subject and k and nxt in verbs:
                    speaker = self._attributed_speaker(sentences, index, k)
                    if speaker is not None:  # evidence for MT305 only: the pronoun stays unresolved
                        speaker.evidence.append((tok.start, gender, "pronoun"))
                elif referent is not None and (subject or tok.text in ("he", "she") and k and toks[k - 1].text in _REPORTING
                                               or tok.text in _REFLEXIVES and self._named_before(referent, sentence.start, tok.start)):
                    # "“…,” she said", "She added", "said she would", "Mr. Osmani … distanced
                    # herself": the person, whatever the gender evidence says, for judging that
                    # evidence (MT305)
                    referent.evidence.append((tok.start, gender, "pronoun"))
                if (referent is not None and not compatible(referent.gender_at(tok.start), gender)
                        and not (k == 0 and nxt in CONTINUING and self._last_speaker(sentences, index, kept) is referent)
                        and self._earlier_referent(sentences, index, tok.start, kept, gender, referent, own_paragraph=(
                            k == 0 and self._previous_person(sentences, index, tok.start) is referent
                            or subject and k and self._attributed_speaker(sentences, index, k) is referent))):
                    referent = None  # "Ms Santos lost her home. Mr Silva promised help. She said …"
                if (subject and referent is not None and not compatible(referent.gender_at(tok.start), gender)
                        and not referent.shared):  # a shared surname's evidence may be the other's
                    flagged = (gender, referent)
                    self.pronoun_conflicts.append(PronounConflict(
                        tok.start, tok.end, tok.text, nxt, referent, referent.gender_is_weak))
                    continue
                if referent is not None and not compatible(referent.gender_at(tok.start), gender):
                    referent = None  # "Ms. Ruiz said he …": someone else, unnamed
                kept.append((tok.start, gender, referent))
                if subject and referent is not None and not referent.strong:
                    referent.weak.append((tok.start, gender))
        while use is not None:
            self._resolve(use)
            use = next(hons, None)

    def _named_before(self, person, start, offset) -> bool:
        """`person` is named, outside quotations, between `start` and `offset`."""
        return any(m.person is person and not m.quoted for m in self.mentions_between(start, offset))

    def _attributed_speaker(self, sentences, index, k) -> Person | None:
        """The person a pronoun attributing a quotation ("“…,” she said") stands for: the one
        person the previous sentence of the paragraph names (_previous_person). It judges gender
        evidence when the pronoun itself was not resolved (an earlier pronoun read as someone
        else's blocks it), and keeps a person named before that paragraph from taking the
        quotation over."""
        sentence = sentences[index]
        pronoun = sentence.tokens[k]
        if not self.prose[sentence.start:pronoun.start].rstrip().endswith(("”", '"')):
            return None
        return self._previous_person(sentences, index, pronoun.start)

    def _previous_person(self, sentences, index, offset) -> Person | None:
        """The one person the previous sentence of the paragraph names, with nobody else named
        there and nobody named in this sentence before `offset`; None otherwise."""
        sentence = sentences[index]
        if index == 0 or sentences[index - 1].paragraph != sentence.paragraph:
            return None
        if any(not m.quoted for m in self.mentions_between(sentence.start, offset)):
            return None
        named = [m for m in self.mentions_between(sentences[index - 1].start, sentence.start) if not m.quoted]
        persons = {id(m.person): m.person for m in named}
        if len(persons) != 1 or None in persons.values():
            return None
        return next(iter(persons.values()))

    def _noun_person(self, mention: Referent) -> Person:
        """A gendered person noun standing alone ("a spokeswoman") read as a person."""
        word = self.prose[mention.start:mention.end]
        person = self._unnamed.get(mention.start)
        if person is None:
            person = self._unnamed[mention.start] = Person(word, strong={mention.gender})
        return person

    def _resolve(self, use: HonorificUse):
        """The nearest earlier person who fits a broken honorific; none when an unconfirmed
        name stands closer."""
        k = bisect.bisect_left(self._mention_starts, use.start) - 1
        while k >= 0:
            m = self.mentions[k]
            k -= 1
            if m.kind == "referent":
                break
            if m.person is not None and compatible(self.gender_with_spellings(m.person, use.start), use.info.gender):
                use.resolved = m.person
                break
        if use.resolved is None:
            # Nobody fits: the honorific still names someone, of its gender ("Ms Speaking to
            # reporters, … “…?” she asked": "she" is that woman, not a man named earlier).
            if use.info.gender:
                m = Referent(use.start, use.end, None, use.info.gender, "broken-honorific", self.quoted(use.start))
                at = bisect.bisect_left(self._mention_starts, use.start)
                self.mentions.insert(at, m)
                self._mention_starts.insert(at, use.start)
            return
        if use.info.gender and not use.resolved.strong:
            use.resolved.weak.append((use.start, use.info.gender))
        m = Referent(use.start, use.end, use.resolved, "", "broken-honorific", self.quoted(use.start))
        at = bisect.bisect_left(self._mention_starts, use.start)
        self.mentions.insert(at, m)
        self._mention_starts.insert(at, use.start)
        use.resolved.mentions += 1

    def _sole_referent(self, sentences, index, offset, kept, gender) -> Person | None:
        """The one person a pronoun at `offset` can refer to, or None when it is uncertain.

        The pronoun's own sentence decides when it names someone before the pronoun; else the
        previous sentence, reaching further back while the window holds no referent at all.
        Pronouns already read count as their referents (None when that was uncertain).
        """
        first = index
        limit = max(0, index - 1 - _LOOK_BACK)
        while True:
            start = sentences[first].start
            candidates = [m for m in self.mentions_between(start, offset) if not m.quoted]
            pronouns = [p for at, _, p in kept if start <= at < offset]
            if candidates or pronouns or first <= limit:
                break
            first -= 1
        unnamed = [m for m in candidates if m.person is None]
        if len(unnamed) == 1 == len(candidates) and unnamed[0].gender and not pronouns:
            return self._noun_person(unnamed[0])  # "A spokeswoman said …. “…,” he added."
        if any(p is None for p in pronouns) or unnamed:
            return None  # someone unnamed is in the picture
        here = sentences[index].start
        if any(m.quoted and m.start < here for m in self.mentions_between(start, offset)):
            return None  # someone addressed or named in an earlier quotation may answer
        persons = {id(m.person): m.person for m in candidates}
        persons.update((id(p), p) for p in pronouns)
        return next(iter(persons.values())) if len(persons) == 1 else None

    def _last_speaker(self, sentences, index, kept) -> Person | None:
        """The person the previous sentence of the same paragraph last refers to by a pronoun
        read as correct or by name ("“…,” she said.", "“…,” Ms Rinaldi said.")."""
        if index == 0 or sentences[index - 1].paragraph != sentences[index].paragraph:
            return None
        start, end = sentences[index - 1].start, sentences[index].start
        named = [(m.start, m.person) for m in self.mentions_between(start, end) if not m.quoted]
        named += [(at, p) for at, _, p in kept if start <= at < end]
        return max(named, key=lambda item: item[0])[1] if named else None

    def _earlier_referent(self, sentences, index, offset, kept, gender, referent, own_paragraph=False) -> bool:
        """Whether a pronoun at `offset` whose gender conflicts with the nearest person,
        `referent`, may refer to someone named earlier: English uses a pronoun's gender
        precisely to pick an earlier referent ("Maria Santos lost her home. Mr Silva promised
        help. She said …"). The look-back runs from the start of the paragraph before the
        one where `referent` was last named (at most _LOOK_BACK_MAX sentences). Anyone there
        who may have the pronoun's gender counts: a person whose gender fits or is unknown,
        a person noun that is no title ("the nurse", not "Health Minister Grace …"), a
        likely name, a pronoun of that gender read as correct; for "she" and "her", a ship
        or boat. With `own_paragraph` (the pronoun opens a sentence or attributes a quotation
        right after a sentence that names `referent` alone: "Ms. Ruiz toured the camp. He
        declared …") only the pronoun's own paragraph is looked at."""
        here = sentences[index].paragraph
        k = bisect.bisect_left(self._mention_starts, offset) - 1
        while k >= 0 and self.mentions[k].person is not referent:
            k -= 1
        named = self.doc.sentence_at(self.mentions[k].start) if k >= 0 else None
        paragraph = here if own_paragraph else (min(named.paragraph, here) if named is not None else here) - 1
        lo = index
        while lo > max(0, index - _LOOK_BACK_MAX) and sentences[lo - 1].paragraph >= paragraph:
            lo -= 1
        first = sentences[lo].start
        prose = self.prose
        for m in self.mentions_between(first, offset):
            if m.person is referent or m.kind == "noun" and (m.quoted or prose[m.start].isupper()
                                                             and _NAME_FOLLOWS.match(prose, m.end)):
                continue  # "“… love each other,” said …", "Health Minister Grace …"
            other = m.person.gender_at(offset) if m.person is not None else m.gender
            if other == "" and m.person is not None and _misspelt(m.person.surname, referent.surname):
                continue  # "Premier Janet Crowfoot said …. Ms. Crowfut said …": one person, misspelt once
            if compatible(other, gender):
                return True
        for at, g, p in reversed(kept):  # in text order
            if at < first:
                break
            if at < offset and g == gender and p is not referent:
                return True
        if gender == "f":
            vessels = vessel_nouns()
            return any(t.text.lower() in vessels for s in sentences[lo:index + 1] for t in s.tokens if t.start < offset)
        return False

    # -- queries ------------------------------------------------------------------------------
    def mentions_between(self, start: int, end: int) -> list[Referent]:
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return self.mentions[lo:hi]

    def gender_with_spellings(self, person: Person, offset: float = float("inf")) -> str:
        """The person's gender at `offset`; without evidence of their own, the one the article
        gives a misspelling of their surname ("Nadia El-Sherif" … "Ms. El-Sharif": one woman).
        Gendered forms of a surname ("Kolesnikov", "Kolesnikova") are two people."""
        gender = person.gender_at(offset)
        if gender:
            return gender
        others = {p.gender_at(offset) for p in self.persons.values()
                  if p is not person and _misspelt(p.surname, person.surname) and not _gendered_forms(p.surname, person.surname)}
        others.discard("")
        return others.pop() if len(others) == 1 else ""

    def glossary_full_names(self, given: str) -> list[str]:
        """Glossary person names whose first name is `given`."""
        return [term for term, _ in self._glossary.values() if term.split()[0] == given]


def _misspelt(a: str, b: str) -> bool:
    """Two surnames close enough to be one misspelt ("Crowfoot", "Crowfut")."""
    return a[:1] == b[:1] and min(len(a), len(b)) >= 5 and OSA.distance(a.lower(), b.lower()) <= 2


def _gendered_forms(a: str, b: str) -> bool:
    """Two surnames that differ only in their ending, as a surname's forms for men and women
    do ("Kolesnikov"/"Kolesnikova", "Kowalski"/"Kowalska")."""
    a, b = a.lower(), b.lower()
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) or a[:-1] == b[:-1]


def _glossary_people(glossary) -> dict[str, tuple[str, str]]:
    """Surname -> (full name, gender) for glossary entries with type=person."""
    out = {}
    for entry in getattr(glossary, "entries", ()) or ():
        if entry.type.strip().lower() != "person":
            continue
        gender = entry.gender.strip().lower()[:1]
        gender = gender if gender in ("f", "m") else ""
        for name in (entry.term, *entry.variants):
            words = name.split()
            if words:
                out.setdefault(bare(words[-1]), (entry.term, gender))
    return out
