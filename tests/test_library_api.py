"""The library API (issue 17 item 7): strings accepted, fail level visible, clear errors."""

import pytest

import mtcheck
from mtcheck import GlossaryError, Severity, check_paths, check_text, make_checker

TEXT = "Talks stalled; And the envoy left. Mr. After the talks, he said nothing.\n"


def test_a_checker_checks_a_plain_string():
    checker = make_checker()
    findings = checker.check(TEXT)
    assert [(f.rule, f.text) for f in findings] == [(f.rule, f.text) for f in check_text(TEXT)]
    assert ("MT401", "And") in [(f.rule, f.text) for f in findings]


def test_fail_level_decides_whether_the_findings_fail():
    minor_only = "Talks stalled; And the envoy left.\n"
    assert [f.severity for f in check_text(minor_only)] == [Severity.MINOR]
    assert check_text(minor_only).failed  # default fail level: minor
    relaxed = check_text(minor_only, config={"fail-level": "major"})
    assert len(relaxed) == 1 and not relaxed.failed
    assert check_text("All is well.\n").failed is False


def test_check_paths_results_say_whether_they_fail(tmp_path):
    (tmp_path / "a.txt").write_text("Talks stalled; And the envoy left.\n", encoding="utf-8")
    [strict] = check_paths([tmp_path])
    [relaxed] = check_paths([tmp_path], config={"fail-level": "major"})
    assert strict.failed and not relaxed.failed
    assert strict.findings == relaxed.findings


def test_a_missing_glossary_raises_one_documented_exception(tmp_path):
    missing = tmp_path / "glossary.csv"
    with pytest.raises(GlossaryError) as err:
        check_text(TEXT, glossary=[missing])
    assert str(err.value) == f"{missing}: glossary file not found"
    assert mtcheck.GlossaryError is GlossaryError
    with pytest.raises(GlossaryError):
        check_paths([tmp_path], config={"glossary": [str(missing)]})


def test_library_runs_rules_only_unless_asked():
    assert make_checker().model is None
    assert make_checker(config={"use-model": False}, model=True).model is None


def test_one_path_as_a_string_is_one_path_not_one_letter_each(tmp_path):
    # A lone string was iterated letter by letter: "s: glossary file not found", and
    # check_paths("a.txt") checked the "files" "a", ".", "t", "x", "t".
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("term,variants\nKyiv,Kiev\n", encoding="utf-8")
    text = "The mayor of Kiev spoke.\n"
    for one in (str(glossary), glossary):
        assert [(f.rule, f.text) for f in check_text(text, glossary=one)] == [("MT101", "Kiev")]
        assert make_checker(glossary=one).glossary is not None
    article = tmp_path / "a.txt"
    article.write_text("Talks stalled; And the envoy left.\n", encoding="utf-8")
    for one in (str(article), article):
        [result] = check_paths(one, glossary=str(glossary))
        assert result.path == str(article) and result.error is None
        assert [f.rule for f in result.findings] == ["MT401"]


def test_wrong_argument_types_raise_one_clear_type_error():
    # They had failed deep inside: bytes in the Markdown masker ("a bytes-like object is
    # required, not 'str'"), an int as "'int' object has no attribute 'path'", a list config
    # as "'list' object has no attribute 'items'".
    checker = make_checker()
    for call in (lambda: check_text(b"Talks stalled; And the envoy left."),
                 lambda: check_text("Talks stalled.", source=b"x"),
                 lambda: checker.check(b"Talks stalled."),
                 lambda: checker.check(5),
                 lambda: check_text(None)):
        with pytest.raises(TypeError, match=r"^the text to check must be a str or a mtcheck\.Document, not "):
            call()
    with pytest.raises(TypeError, match=r"\(decode the bytes first\)$"):
        check_text(b"Talks stalled.")
    with pytest.raises(TypeError, match=r"^config must be a mtcheck\.Config or a dict of \[tool\.mtcheck\] keys, not list$"):
        check_text("Talks stalled.", config=["MT4"])
