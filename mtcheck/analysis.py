"""The analysis of one document, built once by the engine and read by every rule.

Like ruff's semantic model: the engine makes one `Analysis` per document (per part of a huge
one) and hands it to each rule as `doc`; rules only read it. Each property is computed on
first use and kept for the next rule, so nothing per-document lives on the Context, the
Glossary or in module globals, and one checker may check any number of documents.

An Analysis also answers every Document attribute (text, prose, tokens, sentences,
position, …), so a rule written against Document reads it unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from .english import (ORDINARY_WORD_ZIPF, could_be_first_name, honorifics, is_capitalised, is_name_shaped,
                      is_title, zipf)
from .glossary.matching import fold, strip_possessive
from .glossary.reference import gazetteer

if TYPE_CHECKING:
    from .document import Document, Paragraph, Sentence, Token
    from .glossary import Glossary
    from .people import People

# Longest name, in words, that the rules try to match against a multi-word entry.
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class Mention:
    """A capitalised word that may be (part of) a name; a possessive ending is left out of
    the span ("Scholz’s" → "Scholz")."""

    start: int
    end: int
    text: str
    sentence_start: bool


_ABBREVIATED_TITLE_BEFORE = re.compile(r"(?:^|\W)(\w+)\. $")


@dataclass
class Names:
    """The document's capitalised words, grouped into runs of adjacent ones ("Irina Grigorian")."""

    runs: list[list[Mention]] = field(default_factory=list)

    def spans(self, max_words: int = MAX_NAME_WORDS) -> Iterator[tuple[int, int, list[Mention], int, int]]:
        """Every stretch of 1..max_words adjacent capitalised words: (start, end, run, i, j)."""
        for run in self.runs:
            for i in range(len(run)):
                for j in range(i + 1, min(len(run), i + max_words) + 1):
                    yield run[i].start, run[j - 1].end, run, i, j


@dataclass
class NameForm:
    """One spelling of a capitalised word (folded) and where the document uses it."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    first_names: set[str] = field(default_factory=set)  # capitalised words right before it
    followers: set[str] = field(default_factory=set)  # surnames right after it ("Grigory Petrov")
    context: dict[int, tuple[list[Mention], int]] = field(default_factory=dict)  # start -> (run, index)
    in_full_name: bool = False  # seen after a first name ("Irina Grigorian")
    after_title: bool = False  # seen after a title ("Mr Aronian")
    before_particles: bool = False  # seen before a surname's particles ("Jorden van Foreest")
    mid_sentence: bool = False

    @property
    def count(self) -> int:
        return len(self.mentions)

    @property
    def first(self) -> int:
        return self.mentions[0].start


@lru_cache(maxsize=65536)
def could_be_surname(word: str) -> bool:
    """'Petrov' in 'Grigory Petrov' — not 'Armenian' in 'the Gregorian Armenian capital'."""
    return zipf(word) < ORDINARY_WORD_ZIPF and not gazetteer().known(word)


class Analysis:
    """One document and what the rules learn from it (see the module docstring)."""

    def __init__(self, document: Document, glossary: Glossary | None = None):
        self.document = document
        self.glossary = glossary

    def __getattr__(self, name: str) -> Any:
        # Any other Document attribute (encoding, bom, line_starts, paragraph_index, offset…).
        if name in ("document", "glossary"):
            raise AttributeError(name)
        return getattr(self.document, name)

    # -- the document (what rules read most is kept here after the first read) ---------------
    @cached_property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def prose(self) -> str:
        return self.document.prose

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def markdown(self) -> bool:
        return self.document.markdown

    @property
    def source(self) -> Document | None:
        """The source-language original, when the run has one."""
        return self.document.source

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return self.document.tokens

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.document.sentences

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.document.paragraphs

    @cached_property
    def word_count(self) -> int:
        return self.document.word_count

    def position(self, offset: int) -> tuple[int, int]:
        return self.document.position(offset)

    def is_prose(self, start: int, end: int) -> bool:
        return self.document.is_prose(start, end)

    def sentence_at(self, offset: int) -> Sentence | None:
        return self.document.sentence_at(offset)

    def tokens_within(self, start: int, end: int) -> tuple[Token, ...]:
        return self.document.tokens_within(start, end)

    # -- names --------------------------------------------------------------------------------
    @cached_property
    def capitalised(self) -> tuple[int, ...]:
        """Indexes of the tokens that start with a capital and are no acronym: where names
        are looked for, here (`names`) and in the people of the article (`people`)."""
        return tuple(i for i, t in enumerate(self.tokens) if t.text[0].isupper() and is_capitalised(t.text))

    @cached_property
    def names(self) -> Names:
        """Runs of capitalised words (no digits), within a sentence: adjacent means one space
        apart, with no possessive ending on the earlier word."""
        names = Names()
        tokens, prose = self.tokens, self.prose
        sentence_starts = self.sentence_initials
        run: list[Mention] = []
        previous = -2  # the token index of the run's last word
        for i in self.capitalised:
            tok = tokens[i]
            if not is_name_shaped(tok.text):
                continue
            text = strip_possessive(tok.text)
            first = tok.start in sentence_starts
            mention = Mention(tok.start, tok.start + len(text), text, first)
            adjacent = (i == previous + 1 and not first and run[-1].end == tokens[previous].end
                        and prose[tokens[previous].end:tok.start] == " ")
            if run and not adjacent:
                names.runs.append(run)
                run = []
            run.append(mention)
            previous = i
        if run:
            names.runs.append(run)
        return names

    @cached_property
    def name_forms(self) -> dict[str, NameForm]:
        """Each distinct spelling (folded) of a capitalised word, with where it appears."""
        forms: dict[str, NameForm] = {}
        for run in self.names.runs:
            for k, mention in enumerate(run):
                key = fold(mention.text)
                form = forms.get(key)
                if form is None:  # (not setdefault: a NameForm made for every mention cost more than the rest)
                    form = forms[key] = NameForm(mention.text)
                form.mentions.append(mention)
                form.context[mention.start] = (run, k)
                form.mid_sentence |= not mention.sentence_start
                if k and could_be_first_name(run[k - 1].text):
                    form.first_names.add(fold(run[k - 1].text))
                    form.in_full_name = True
                if k + 1 < len(run) and could_be_surname(run[k + 1].text):
                    form.followers.add(fold(run[k + 1].text))
                if k and is_title(run[k - 1].text) or not k and self._after_abbreviated_title(mention.start):
                    form.after_title = True
        self._link_particle_names(forms)
        return forms

    def _after_abbreviated_title(self, start: int) -> bool:
        """A title with a period stands right before `start` ("Dr. Madrit"): the period splits
        the run of names, but the word after it is as much a person's name as in "Dr Madrit"."""
        if self.prose[start - 2:start] != ". ":
            return False  # (the common case, tested before any regex)
        before = self.prose[max(0, start - 12):start]
        match = _ABBREVIATED_TITLE_BEFORE.search(before)
        return match is not None and is_title(match.group(1))

    def _link_particle_names(self, forms: dict[str, NameForm]) -> None:
        """A name whose surname opens with lowercase particles ("Jorden van Foreest", "Ursula
        von der Leyen", "Faisal bin Farhan") is split in two runs by them: the word before the
        particles is a first name, the one after a surname, when neither is a known place
        (not "Santiago de Chile")."""
        from .people import name_particles

        particles = name_particles()
        prose = self.prose
        by_start = {m.start: m for run in self.names.runs for m in run}
        places = gazetteer()
        for run in self.names.runs:
            last = run[-1]
            end = last.end
            if prose[end:end + 1] != " " or last.text.lower() in particles:
                continue
            k = end
            while True:  # one or more particles, each after one space
                word_end = k + 1
                while word_end < len(prose) and prose[word_end].isalpha():
                    word_end += 1
                if prose[k + 1:word_end] not in particles or prose[word_end:word_end + 1] != " ":
                    break
                k = word_end
            surname = by_start.get(k + 1) if k > end else None
            if (surname is None or not could_be_first_name(last.text) or places.known_any(last.text)
                    or not could_be_surname(surname.text)):
                continue
            first, after = forms[fold(last.text)], forms[fold(surname.text)]
            first.followers.add(fold(surname.text))
            first.before_particles = True
            after.first_names.add(fold(last.text))
            after.in_full_name = True

    @cached_property
    def midsentence_capitals(self) -> dict[str, list[int]]:
        """Capitalised words (without possessive) -> offsets where they stand mid-sentence: names.

        Not counted: sentence and clause starts (after ; : a quotation mark, bracket or dash),
        words right after an honorific (the place being judged), and title-case headlines.
        """
        from .people import bare

        caps: dict[str, list[int]] = {}
        hons = honorifics()
        prose = self.prose
        for sentence in self.sentences:
            words = sentence.tokens
            capitals = sum(1 for t in words if t.text[0].isupper())
            if len(words) >= 3 and capitals > 0.6 * len(words):
                continue  # a title-case headline capitalises everything
            for prev, tok in zip(words, words[1:]):
                if not tok.text[0].isupper() or prev.text in hons:
                    continue
                before = prose[max(0, tok.start - 3):tok.start].strip()
                if before.endswith((";", ":", "“", '"', "(", "—", "–")):
                    continue
                caps.setdefault(bare(tok.text), []).append(tok.start)
        return caps

    # -- people and quotations ------------------------------------------------------------------
    @cached_property
    def pair(self) -> Any:
        """The comparison with the source-language original (source-aware rules, issue 14):
        a mtcheck.source.PairAnalysis, or None without a source."""
        from .source.analysis import analyse

        # Made from the Document (whose tokens and sentences are the ones kept here): a
        # PairAnalysis holding this Analysis would be a reference cycle, and the whole
        # analysis would then wait for the cyclic collector, whose passes it slows down.
        return analyse(self.document, self.document.source) if self.document.source is not None else None

    @cached_property
    def people(self) -> People:
        """Who is mentioned where, with what gender; honorifics; pronoun conflicts."""
        from .people import People

        return People(self)

    @cached_property
    def quotations(self) -> list[tuple[int, int]]:
        """Spans of quoted text (marks included); an unclosed quotation runs to its paragraph's end."""
        from .quotes import quoted_spans

        return quoted_spans(self)
