from mtcheck import Config, Document, check_paths, check_text
from mtcheck.engine import Checker
from mtcheck.finding import Severity
from mtcheck.rules.base import Rule


class FlagWord(Rule):
    """Test rule: flags every occurrence of a word."""

    code, name, category, severity = "MT998", "flag-word", "Style/Awkward", Severity.MINOR
    word, suggestion, conf = "alpha", "ALPHA", 0.6

    def check(self, doc, ctx):
        start = doc.prose.find(self.word)
        while start >= 0:
            yield self.finding(start, start + len(self.word), f"{self.word} flagged", [self.suggestion],
                               confidence=self.conf)
            start = doc.prose.find(self.word, start + 1)


class FlagWordMajor(FlagWord):
    """Second test rule over the same span, more severe."""

    code, name, severity, suggestion, conf = "MT999", "flag-word-major", Severity.MAJOR, "Alpha", 0.9


class FakeModel:
    def __init__(self, spans):
        self.spans = spans

    def check(self, doc, rule_findings, ctx):
        return [FlagWord().finding(s, e, "model says", ["x"]).with_(rule="MT901", name="wrong-word", origin="model")
                for s, e in self.spans]


def test_findings_on_the_same_span_merge_into_one():
    checker = Checker(Config(), rules=[FlagWord, FlagWordMajor])
    (f,) = checker.check(Document("one alpha two", "a.txt"))
    assert (f.rule, f.severity, f.start, f.end, f.text) == ("MT999", Severity.MAJOR, 4, 9, "alpha")
    assert f.suggestions == ("Alpha", "ALPHA") and f.also == ("MT998",)
    assert f.confidence == 0.9


def test_model_findings_that_overlap_a_rule_finding_are_dropped():
    text = "one alpha two beta"
    checker = Checker(Config(), rules=[FlagWord], model=FakeModel([(4, 9), (6, 12), (14, 18)]))
    found = checker.check(Document(text, "a.txt"))
    assert [(f.rule, f.text, f.origin) for f in found] == [("MT998", "alpha", "rule"), ("MT901", "beta", "model")]


def test_line_and_column_are_filled_in():
    checker = Checker(Config(), rules=[FlagWord])
    (f,) = checker.check(Document("x\r\ny alpha", "a.txt"))
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 3, 2, 8)


def test_check_text_api_with_config_dict_and_glossary(tmp_path):
    text = "Prices rose; And wages fell."
    assert [f.rule for f in check_text(text)] == ["MT401"]
    assert check_text(text, config={"ignore": ["MT401"]}) == []
    glossary = tmp_path / "g.csv"
    glossary.write_text("term,variants\nKyiv,Kiev\n", encoding="utf-8")
    assert [f.rule for f in check_text(text, glossary=[glossary])] == ["MT401"]


def test_check_paths_api(tmp_path):
    (tmp_path / "a.md").write_text("Prices rose; And wages fell.\n\n```\nx; And y\n```\n", encoding="utf-8")
    (result,) = check_paths([tmp_path])
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("MT401", 1, 14)]
