"""False alarms on correct news: the clean news corpus (tests/data/clean_news/, published-
quality articles) must give no finding from any rule that needs neither the idiom list's
evidence (MT201, calibrated separately) nor the language model (MT9xx)."""

from pathlib import Path

import pytest

from mtcheck import check_paths
from mtcheck.rules import ALL_RULES

CORPUS = Path(__file__).parent / "data" / "clean_news"
ARTICLES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
CHECKED = [r.code for r in ALL_RULES if r.code != "MT201" and not r.code.startswith("MT9")]


def test_the_corpus_is_there():
    assert len(ARTICLES) >= 72
    assert "MT104" in CHECKED and "MT103" in CHECKED


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_clean_news_article_gets_no_rule_finding(path):
    (result,) = check_paths([path], config={"select": CHECKED})
    assert result.error is None
    assert [(f.rule, f.text) for f in result.findings] == []
