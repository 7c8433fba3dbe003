"""Every rule's examples (mtcheck.rules.base.Example) run as tests: the wrong text is flagged
on exactly the documented span with the documented first fix, the correct texts stay silent."""

from __future__ import annotations

import pytest

from mtcheck.rules import ALL_RULES

MODEL_RULES = {r.code for r in ALL_RULES if r.origin == "model"}  # need the language model
CASES = [(rule, i, ex) for rule in ALL_RULES for i, ex in enumerate(rule.examples)]


def _id(case) -> str:
    rule, i, ex = case
    return f"{rule.code}-{i}-{'flags' if ex.flagged else 'silent'}"


@pytest.mark.parametrize("case", [c for c in CASES if c[0].code not in MODEL_RULES], ids=_id)
def test_rule_example(case):
    rule, _, example = case
    assert example.problem(rule) is None, example.problem(rule)


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in CASES if c[0].code in MODEL_RULES], ids=_id)
def test_model_rule_example(case):
    """A model rule's examples run through the whole pipeline with the model loaded."""
    from mtcheck import Config, Document
    from mtcheck.engine import Checker, load_model

    rule, _, example = case
    model = load_model(Config(), required=True)
    findings = Checker(Config(), model=model, rules=[]).check(Document(example.text))
    got = [(f.text, f.suggestions[:1]) for f in findings if f.rule == rule.code]
    if example.flagged is None:
        assert got == []
    else:
        assert got[:1] == [(example.flagged, (example.fix,) if example.fix else ())]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_a_flagging_and_a_silent_example(rule):
    assert any(ex.flagged is None for ex in rule.examples), "no silent example"
    if rule.code not in MODEL_RULES:  # the model's verdicts cannot be pinned without it
        assert any(ex.flagged is not None for ex in rule.examples), "no flagging example"


def test_an_example_that_does_not_hold_is_reported():
    from mtcheck.rules.base import Example
    from mtcheck.rules.punctuation import CapitalAfterSemicolon as MT401

    assert Example("Prices rose; And fell.", "And", "and").problem(MT401) is None
    assert "expected the fix" in Example("Prices rose; And fell.", "And", "AND").problem(MT401)
    assert "flagged" in Example("Prices rose; and fell.", "and", "and").problem(MT401)
    assert "expected no finding" in Example("Prices rose; And fell.").problem(MT401)
