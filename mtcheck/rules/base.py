"""The rule interface. A rule is a small class with a stable code and a `check` method."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterable

from ..finding import Finding, Severity

if TYPE_CHECKING:
    from ..config import Config
    from ..document import Document
    from ..glossary import Glossary


@dataclass(frozen=True)
class Example:
    """One documented, tested behaviour of a rule (ruff's and LanguageTool's rule examples).

    `text` is checked with this rule alone. With `flagged` set, the rule must flag exactly that
    substring (its first occurrence) and, with `fix` set, suggest `fix` first; with `flagged`
    None the rule must stay silent on `text`. `glossary` holds CSV lines (header
    `term,variants,note,type,gender` implied) for rules that need a glossary; `source` is the
    source-language original for source-aware rules.
    """

    text: str
    flagged: str | None = None
    fix: str | None = None
    glossary: tuple[str, ...] = ()
    source: str | None = None
    markdown: bool = False


@dataclass
class Context:
    """What a rule may consult besides the document: the run's effective config and glossary.

    Per run, never per document: what a rule learns from a document lives on its Analysis
    (the `doc` a rule is given), so one Context serves any number of documents.
    """

    config: Config
    glossary: Glossary | None = None


class Rule:
    """Base class. Subclasses set the class attributes and implement `check`.

    The subclass docstring is the rule's explanation in `mtcheck rules`.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity]
    # True when the rule's single, confident suggestion may be applied by `--fix`.
    fixable: ClassVar[bool] = False
    # What the rule flags and what it must leave alone, run as tests and shown by `mtcheck rules`.
    examples: ClassVar[tuple[Example, ...]] = ()
    # Who reports the rule's findings: "rule" (its `check`) or "model" (the language model).
    origin: ClassVar[str] = "rule"

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def explanation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.explanation().split("\n\n")[0].replace("\n", " ")

    def finding(self, start: int, end: int, message: str, suggestions: Iterable[str] = (),
                confidence: float = 0.8, severity: Severity | None = None,
                fixable: bool | None = None) -> Finding:
        return Finding(
            rule=self.code,
            name=self.name,
            category=self.category,
            severity=self.severity if severity is None else severity,
            start=start,
            end=end,
            message=message,
            suggestions=tuple(dict.fromkeys(suggestions)),
            confidence=max(0.0, min(1.0, confidence)),
            origin=self.origin,
            fixable=self.fixable if fixable is None else fixable,
        )
