"""The rule registry: every rule family is listed here, and only here."""

from __future__ import annotations

from .base import Context, Example, Rule
from . import idioms, model_rules, names, persons, punctuation
from . import source  # MT5xx, source-aware (issue 14)

FAMILIES = (names, idioms, persons, punctuation, source, model_rules)

ALL_RULES: tuple[type[Rule], ...] = tuple(rule for family in FAMILIES for rule in family.RULES)


def matches_selector(code: str, name: str, keys: list[str]) -> bool:
    """True when a rule's code starts with one of `keys` (`MT4`, `MT401`), its name is one, or
    one is `ALL` (every rule, as ruff spells it)."""
    return any(code.upper().startswith(k.upper()) or name == k or k.upper() == "ALL" for k in keys)


def _matches(rule: type[Rule], keys: list[str]) -> bool:
    return matches_selector(rule.code, rule.name, keys)


def unknown_keys(keys: list[str]) -> list[str]:
    """Selectors that match no rule (a typo the user should hear about)."""
    return [k for k in keys if not any(_matches(r, [k]) for r in ALL_RULES)]


def select_rules(select: list[str] | None = None, ignore: list[str] | None = None) -> list[type[Rule]]:
    """Rules chosen by code, code prefix (`MT4`), name or `ALL`."""
    chosen = [r for r in ALL_RULES if not select or _matches(r, select)]
    return [r for r in chosen if not (ignore and _matches(r, ignore))]


def rule_by_code(code: str) -> type[Rule] | None:
    return next((r for r in ALL_RULES if r.code == code), None)


__all__ = ["ALL_RULES", "Context", "Example", "Rule", "matches_selector", "rule_by_code", "select_rules", "unknown_keys"]
