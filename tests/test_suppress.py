"""Suppression: inline markers, Markdown comments, .mtcheckignore and per-file-ignores."""

import json

import pytest

from mtcheck import check_text
from mtcheck.api import check_paths
from mtcheck.suppress import IgnoreFile

# MT401 flags the capital "And" after the semicolon on each of these lines.
ERR = "Talks failed on {day}; And maybe they resume."


def lines(*days):
    return "\n".join(ERR.format(day=d) for d in days) + "\n"


def flagged_lines(findings):
    return [(f.line, f.rule) for f in findings]


def test_unsuppressed_text_flags_every_line():
    assert flagged_lines(check_text(lines("Monday", "Tuesday"))) == [(1, "MT401"), (2, "MT401")]


@pytest.mark.parametrize("marker", ["mtcheck: ignore[MT401]", "mtcheck: ignore", "mtcheck:ignore[MT4]",
                                    "mtcheck: ignore[MT999, capital-after-semicolon]", "# mtcheck: ignore[MT401]"])
def test_plain_text_marker_anywhere_on_the_line(marker):
    text = ERR.format(day="Monday") + " " + marker + "\n" + ERR.format(day="Tuesday") + "\n"
    assert flagged_lines(check_text(text)) == [(2, "MT401")]


def test_marker_for_another_rule_does_not_silence():
    text = ERR.format(day="Monday") + " mtcheck: ignore[MT403]\n"
    assert flagged_lines(check_text(text)) == [(1, "MT401")]


def test_plain_text_next_line_and_off_on():
    text = ("mtcheck-disable-next-line MT401\n" + lines("Monday", "Tuesday")
            + "mtcheck off\n" + lines("Wednesday", "Thursday") + "mtcheck on\n" + lines("Friday"))
    assert flagged_lines(check_text(text)) == [(3, "MT401"), (8, "MT401")]


def test_markdown_inline_comment():
    text = ERR.format(day="Monday") + " <!-- mtcheck: ignore[MT401] -->\n\n" + ERR.format(day="Tuesday") + "\n"
    assert flagged_lines(check_text(text, markdown=True)) == [(3, "MT401")]


def test_markdown_disable_next_line():
    text = ("<!-- mtcheck-disable-next-line MT401 -->\n" + ERR.format(day="Monday") + "\n"
            + ERR.format(day="Tuesday") + "\n")
    assert flagged_lines(check_text(text, markdown=True)) == [(3, "MT401")]


def test_markdown_disable_next_line_other_code_keeps_finding():
    text = "<!-- mtcheck-disable-next-line MT403 -->\n" + ERR.format(day="Monday") + "\n"
    assert flagged_lines(check_text(text, markdown=True)) == [(2, "MT401")]


def test_markdown_off_on_region():
    text = ("Intro.\n\n<!-- mtcheck off -->\n" + lines("Monday", "Tuesday") + "<!-- mtcheck on -->\n\n"
            + ERR.format(day="Friday") + "\n")
    assert flagged_lines(check_text(text, markdown=True)) == [(8, "MT401")]


def test_markdown_off_without_on_runs_to_end():
    text = ERR.format(day="Monday") + "\n\n<!-- mtcheck off MT4 -->\n\n" + lines("Tuesday", "Friday")
    assert flagged_lines(check_text(text, markdown=True)) == [(1, "MT401")]


def test_markdown_link_reference_comment():
    text = "[//]: # (mtcheck-disable-next-line)\n" + ERR.format(day="Monday") + "\n"
    assert check_text(text, markdown=True) == []


def test_markdown_marker_in_prose_or_code_does_not_count():
    # Markdown has comments, so a marker written as prose or shown in code silences nothing.
    text = (ERR.format(day="Monday") + " mtcheck: ignore\n\n```\n<!-- mtcheck off -->\n```\n\n"
            + ERR.format(day="Friday") + "\n")
    assert flagged_lines(check_text(text, markdown=True)) == [(1, "MT401"), (7, "MT401")]


def test_suppression_reaches_the_cli(tmp_path, run_cli):
    f = tmp_path / "a.md"
    f.write_text(ERR.format(day="Monday") + " <!-- mtcheck: ignore -->\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", str(f))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 findings in 1 file" in proc.stdout


# -- .mtcheckignore -------------------------------------------------------------------------
@pytest.mark.parametrize("pattern, path, ignored", [
    ("drafts/", "drafts/a.txt", True),
    ("drafts/", "news/drafts/a.txt", True),
    ("drafts/", "drafts.txt", False),
    ("*.draft.md", "news/x.draft.md", True),
    ("/a.txt", "a.txt", True),
    ("/a.txt", "news/a.txt", False),
    ("archive/*.txt", "archive/x.txt", True),
    ("archive/*.txt", "archive/2019/x.txt", False),
    ("archive/**/*.txt", "archive/2019/x.txt", True),
    ("archive/**/*.txt", "archive/x.txt", True),
    ("**/old", "a/b/old/x.md", True),
    ("# a comment", "# a comment", False),
])
def test_ignore_file_patterns(tmp_path, pattern, path, ignored):
    assert IgnoreFile(tmp_path, [pattern]).ignores(tmp_path / path) is ignored


def test_ignore_file_negation_last_match_wins(tmp_path):
    ignore = IgnoreFile(tmp_path, ["*.txt", "!keep.txt"])
    assert ignore.ignores(tmp_path / "x.txt")
    assert not ignore.ignores(tmp_path / "sub/keep.txt")


def test_mtcheckignore_skips_walked_and_named_files(tmp_path, run_cli):
    (tmp_path / ".mtcheckignore").write_text("# legacy copy\nlegacy/\n", encoding="utf-8")
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.txt").write_text(lines("Monday"), encoding="utf-8")
    (tmp_path / "new.txt").write_text(lines("Tuesday"), encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", str(tmp_path))
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == [str(tmp_path / "new.txt")]
    # A hook names the file; it is still skipped, and a run with nothing left succeeds.
    proc = run_cli("check", "--no-model", str(tmp_path / "legacy" / "old.txt"))
    assert proc.returncode == 0, proc.stderr
    assert "0 findings in 0 files" in proc.stdout


def test_nearest_mtcheckignore_applies(tmp_path):
    (tmp_path / ".mtcheckignore").write_text("*.txt\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".mtcheckignore").write_text("other.txt\n", encoding="utf-8")
    (sub / "a.txt").write_text(lines("Monday"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(lines("Monday"), encoding="utf-8")
    assert [r.path for r in check_paths([tmp_path])] == [str(sub / "a.txt")]


# -- per-file-ignores -----------------------------------------------------------------------
def test_per_file_ignores_from_config(tmp_path, run_cli):
    (tmp_path / "mtcheck.toml").write_text('[per-file-ignores]\n"wire/*.txt" = ["MT401"]\n', encoding="utf-8")
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "a.txt").write_text(lines("Monday"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(lines("Monday"), encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", str(tmp_path))
    files = {f["path"]: [x["rule"] for x in f["findings"]] for f in json.loads(proc.stdout)["files"]}
    assert files == {str(tmp_path / "b.txt"): ["MT401"], str(tmp_path / "wire" / "a.txt"): []}


def test_per_file_ignores_by_file_name_only():
    from mtcheck.config import Config

    config = Config(per_file_ignores={"*.wire.txt": ["MT4"]})
    assert config.ignores_for("desk/x.wire.txt") == ["MT4"]
    assert config.ignores_for("desk/x.txt") == []
