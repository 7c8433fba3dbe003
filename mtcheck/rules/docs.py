"""Rule documentation from the registry: what `mtcheck rules` prints and docs/rules.md
(written by tools/gen_rule_docs.py) both come from the rules' docstrings and examples."""

from __future__ import annotations

from . import ALL_RULES
from .base import Example, Rule


def example_lines(example: Example) -> list[str]:
    """One example in a few plain lines: the text, then what is flagged and the fix (or ✓)."""
    text = example.text.replace("\n", "⏎")
    lines = [f"{'✗' if example.flagged else '✓'} {text}"]
    if example.flagged:
        fix = f" → “{example.fix}”" if example.fix else (" (no suggestion)" if example.fix == "" else "")
        lines.append(f"    flags “{example.flagged}”{fix}")
    if example.glossary:
        lines.append(f"    glossary: {' | '.join(example.glossary)}")
    if example.config:
        lines.append("    config: " + ", ".join(f"{k} = {v}" for k, v in example.config))
    return lines


def header(rule: type[Rule]) -> str:
    return f"{rule.category}, {rule.severity.label}{', fixable' if rule.fixable else ''}"


def markdown() -> str:
    """docs/rules.md."""
    out = ["# Rules", "",
           "Generated from the rule registry by `tools/gen_rule_docs.py`; do not edit by hand.",
           "Each rule's examples run as tests (tests/test_rule_examples.py): ✗ marks a text the",
           "rule flags, with the exact span and first suggestion; ✓ a text it must leave alone.", ""]
    out += [f"- [{r.code} {r.name}](#{r.code.lower()}-{r.name})" for r in ALL_RULES]
    for rule in ALL_RULES:
        out += ["", f"## {rule.code} {rule.name}", "", f"*{header(rule)}*", "", rule.explanation(), ""]
        if rule.examples:
            out += ["Examples:", "", "```text"]
            for example in rule.examples:
                out += example_lines(example)
            out += ["```"]
    return "\n".join(out) + "\n"
