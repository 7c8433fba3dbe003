"""The newsroom glossary: preferred terms and names, their discouraged variants, and facts
about them (type, gender). Loaders for CSV/TSV and TBX live in `loaders`; the
`mtcheck glossary` commands in `cli`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .indexes import TermIndex, VariantIndex


class GlossaryError(Exception):
    """A glossary file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    variants: tuple[str, ...] = ()  # wrong or discouraged forms, replaced by the term
    type: str = ""  # person / place / org / term
    gender: str = ""  # f / m, for people
    note: str = ""
    source: str = ""  # "file:line" the entry came from
    allowed: tuple[str, ...] = ()  # accepted alternatives (TBX admitted terms): never flagged
    source_terms: tuple[str, ...] = ()  # source-language terms this entry translates (MT507, issue 14)


@dataclass
class Glossary:
    entries: list[GlossaryEntry] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entries)

    def extend(self, other: Glossary) -> None:
        self.entries.extend(other.entries)
        for index in ("variant_index", "term_index"):  # built again from the new entries
            self.__dict__.pop(index, None)

    # Indexes derived from the entries, built once per glossary on first use.
    @cached_property
    def variant_index(self) -> VariantIndex:
        """The variants to search for (MT101)."""
        from .indexes import variant_index

        return variant_index(self.entries)

    @cached_property
    def term_index(self) -> TermIndex:
        """Folded terms, surnames and listed words (MT102-MT104)."""
        from .indexes import term_index

        return term_index(self.entries)


def load_glossaries(paths) -> Glossary:
    from .loaders import load_glossary

    glossary = Glossary()
    for path in paths:
        glossary.extend(load_glossary(path))
    return glossary
