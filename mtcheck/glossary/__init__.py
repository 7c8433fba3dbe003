"""The newsroom glossary: preferred terms and names, their discouraged variants, and facts
about them (type, gender). Loaders for CSV/TSV and TBX live in `loaders`; the
`mtcheck glossary` commands in `cli`."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # Indexes the rules derive from the entries, built once on first use.
    indexes: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.entries)

    def extend(self, other: Glossary) -> None:
        self.entries.extend(other.entries)
        self.indexes.clear()


def load_glossaries(paths) -> Glossary:
    from .loaders import load_glossary

    glossary = Glossary()
    for path in paths:
        glossary.extend(load_glossary(path))
    return glossary
