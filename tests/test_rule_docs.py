"""docs/rules.md is generated from the registry and must be current; `mtcheck rules` shows examples."""

from pathlib import Path

from mtcheck.rules import ALL_RULES
from mtcheck.rules.docs import markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_doc_is_current():
    assert DOCS.read_text(encoding="utf-8") == markdown(), "docs/rules.md is stale: run python tools/gen_rule_docs.py"


def test_rules_doc_has_every_rule_and_its_examples():
    text = markdown()
    for rule in ALL_RULES:
        assert f"## {rule.code} {rule.name}" in text
        for example in rule.examples:
            assert example.text.replace("\n", "⏎") in text


def test_rules_command_shows_examples(run_cli):
    proc = run_cli("rules")
    assert proc.returncode == 0
    assert "✗ Turkey, a NATO member; And maybe Iran." in proc.stdout
    assert "flags “And” → “and”" in proc.stdout
    assert "✓ I agreed; I still do." in proc.stdout
