"""A finding: one flagged span of a document, with its rule, MQM category and suggestions."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    """MQM severities, plus `info` for findings that never fail a run by default."""

    INFO = 0
    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def mqm_weight(self) -> float:
        """Penalty points per error in the MQM scoring model."""
        return {Severity.INFO: 0.0, Severity.MINOR: 1.0, Severity.MAJOR: 5.0, Severity.CRITICAL: 25.0}[self]


_FIELD = re.compile(r"\{\w+\}")


@dataclass(frozen=True)
class Evidence:
    """What makes a fix safe, written once per kind of evidence as a template whose fields hold
    one case's details: "the only person the article calls “{title}” without a first name".
    Safe fixes are measured per kind (`Finding.fix_family`): the template with its fields
    left out."""

    template: str
    details: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return self.template.format(**dict(self.details))

    @property
    def kind(self) -> str:
        return _FIELD.sub("…", self.template)


def evidence(template: str, **details) -> Evidence:
    return Evidence(template, tuple((k, str(v)) for k, v in details.items()))


# The origin of the model's verdict against a rule's own finding that it re-judged (MT201's
# lexically strong candidates): the engine drops the rule's finding of that rule and span.
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Finding:
    """A flagged span. Offsets are 0-based code points into the decoded text, end exclusive.

    `line`/`column` fields are 1-based and filled in by the engine from the document.
    """

    rule: str
    name: str
    category: str
    severity: Severity
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    confidence: float = 0.5
    origin: str = "rule"  # "rule", "model", or WITHDRAWN
    # A fix is safe when the rule vouches for it and there is one clear suggestion.
    fixable: bool = False
    text: str = ""
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    also: tuple[str, ...] = field(default=(), compare=False)
    # Why the rule vouches for this finding's fix (its evidence), when it does: such a fix is
    # safe whatever the confidence, which measures whether the span is an error at all.
    fix_evidence: Evidence | None = field(default=None, compare=False)
    # The span holds markup or a URL (masked, not prose): replacing it would delete that too,
    # so no fix is applied, safe or not.
    spans_markup: bool = field(default=False, compare=False)

    @property
    def fix_reason(self) -> str:
        return str(self.fix_evidence) if self.fix_evidence else ""

    @property
    def safe_fix(self) -> str | None:
        """The replacement `--fix` may apply without asking, or None."""
        if (self.fixable and not self.spans_markup and len(self.suggestions) == 1
                and (self.confidence >= 0.8 or self.fix_evidence)):
            return self.suggestions[0]
        return None

    @property
    def fix_safety(self) -> dict | None:
        """Whether `--fix` applies this finding's fix, and why: None without a suggestion."""
        if not self.suggestions:
            return None
        if self.safe_fix is not None:
            return {"safe": True, "reason": self.fix_reason or "the rule's single, confident correction"}
        if self.spans_markup:
            return {"safe": False, "reason": "the span holds markup or a URL, which the fix would delete (never applied)"}
        if len(self.suggestions) > 1:
            why = "several candidates"
        elif not self.fixable:
            why = "the rule does not vouch for this fix" if self.origin == "rule" else "a model suggestion"
        else:
            why = f"confidence {self.confidence:.2f} is below 0.8"
        return {"safe": False, "reason": why + " (applied only with --unsafe-fixes)"}

    @property
    def fix_family(self) -> str:
        """The rule and the kind of evidence that makes its fix safe (this case's details left
        out): safe fixes are measured per family."""
        if self.safe_fix is None:
            return ""
        return f"{self.rule} {self.fix_evidence.kind if self.fix_evidence else 'single, confident correction'}"

    def with_(self, **changes) -> Finding:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.label,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "confidence": round(float(self.confidence), 3),
            "origin": self.origin,
            "fix": self.fix_safety,
        }


def plural(n: int, word: str, words: str | None = None) -> str:
    """"1 finding", "2 findings", "1 fix", "3 fixes": every count mtcheck prints."""
    return f"{n} {word if n == 1 else words or word + 's'}"
