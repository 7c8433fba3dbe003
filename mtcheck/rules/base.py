"""The rule interface. A rule is a small class with a stable code and a `check` method."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterable

from ..finding import Evidence, Finding, Severity

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..config import Config
    from ..glossary import Glossary


@dataclass(frozen=True)
class Example:
    """One documented, tested behaviour of a rule (ruff's and LanguageTool's rule examples).

    `text` is checked with this rule alone. With `flagged` set, the rule must report exactly
    one finding, on that substring (its first occurrence as whole words), and, with `fix` set,
    suggest `fix` first (`fix=""`: no suggestion at all); with `flagged` None the rule must
    stay silent on `text`. `glossary` holds CSV lines (header
    `term,variants,note,type,gender` implied, unless the first line is a header of its own,
    starting with `term`) for rules that need a glossary; `source` is the
    source-language original for source-aware rules.
    """

    text: str
    flagged: str | None = None
    fix: str | None = None
    glossary: tuple[str, ...] = ()
    source: str | None = None
    markdown: bool = False
    # Config keys the example runs with, as (key, value) pairs: (("honorific-style", "period"),).
    config: tuple[tuple[str, str], ...] = ()

    def findings(self, rule: type[Rule]) -> list[Finding]:
        """What `rule`, alone, finds in `text` (with the example's glossary, source and config)."""
        from ..config import Config, convert_value
        from ..document import Document
        from ..engine import Checker
        from ..glossary.loaders import load_table

        lines = self.glossary
        if lines and lines[0].split(",")[0].strip().lower() != "term":  # no header of its own
            lines = ("term,variants,note,type,gender", *lines)
        glossary = load_table("\n".join(lines) + "\n", "<example>") if lines else None
        config = Config().merged({k: convert_value(k, v, "example") for k, v in self.config})
        doc = Document(self.text, "<example>", markdown=self.markdown)
        if self.source is not None:
            doc.source = Document(self.source, "<source>")
        return Checker(config, glossary, rules=[rule]).check(doc)

    def problem(self, rule: type[Rule]) -> str | None:
        """Why `rule` does not behave as the example says, or None when it does."""
        found = self.findings(rule)
        shown = [(f.text, f.suggestions[:1]) for f in found]
        if self.flagged is None:
            return f"expected no finding, got {shown}" if found else None
        before = r"(?<![\w’'])" if self.flagged[0].isalnum() else ""  # whole words: not "he" in "the"
        after = r"(?![\w’'])" if self.flagged[-1].isalnum() else ""
        at = re.search(before + re.escape(self.flagged) + after, self.text)
        if at is None:
            return f"{self.flagged!r} is not in the text"
        if [(f.start, f.end) for f in found] != [at.span()]:
            return f"expected {self.flagged!r} flagged (only), got {shown}"
        if self.fix is not None and found[0].suggestions[:1] != ((self.fix,) if self.fix else ()):
            return f"expected the fix {self.fix!r} first, got {found[0].suggestions}"
        return None


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

    def check(self, doc: Analysis, ctx: Context) -> Iterable[Finding]:
        """The rule's findings in `doc`: the document's Analysis, which answers every Document
        attribute (text, prose, tokens, sentences…) and the shared readings of it (names,
        people, quotations). Read it; never store anything on it, on `ctx` or in a global."""
        raise NotImplementedError

    @classmethod
    def explanation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.explanation().split("\n\n")[0].replace("\n", " ")

    def finding(self, start: int, end: int, message: str, suggestions: Iterable[str] = (),
                confidence: float = 0.8, severity: Severity | None = None,
                fixable: bool | None = None, safe: Evidence | None = None) -> Finding:
        """A finding of this rule. `safe` is the evidence that makes its fix safe for `--fix`
        (one unambiguous referent, a single candidate…); it makes the finding fixable."""
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
            fixable=bool(safe) or (self.fixable if fixable is None else fixable),
            fix_evidence=safe,
        )
