"""Issue 17, item 8: messages and options say what they mean (one test per complaint)."""

import re
from pathlib import Path

from mtcheck import check_text
from mtcheck.model.checker import _finding

REPO = Path(__file__).resolve().parent.parent
ONE = "The minister left on Friday; And the talks stalled.\n"


def test_counts_are_plural_only_when_they_should_be(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text(ONE, encoding="utf-8")
    proc = run_cli("check", "--no-model", "--diff", str(story))
    assert "1 fix would be applied to 1 file; 0 findings would remain" in proc.stderr
    proc = run_cli("check", "--no-model", str(story))
    assert proc.stdout.splitlines()[-1] == "1 finding (1 minor) in 1 file"
    report = tmp_path / "report.html"
    two = tmp_path / "two.txt"
    two.write_text(ONE + "The aide spoke; But nobody listened.\n", encoding="utf-8")
    run_cli("check", "--no-model", "-f", "html", "-o", str(report), str(two))
    html = report.read_text(encoding="utf-8")
    assert "<title>mtcheck report: 2 findings in 1 file</title>" in html
    assert "2 findings in 1 files" not in html


def test_honorific_style_message_is_grammatical():
    text = "Mr. Aliyev spoke. Mr. Putin listened. Later Mr Putin left."
    (finding,) = [f for f in check_text(text) if f.rule == "MT303"]
    assert finding.message == "“Mr”: 2 of 3 honorifics here write “Mr.” with a period"
    (finding,) = [f for f in check_text("Mr. Putin left.", config={"honorific-style": "no-period"})
                  if f.rule == "MT303"]
    assert finding.message == "“Mr.”: the house style writes “Mr” without a period"


def test_model_findings_quote_words_with_curly_quotes_like_the_rules():
    finding = _finding(4, 10, "awards", ["wards"], 6.0)
    assert finding.message.startswith("“awards” is unlikely here; the language model prefers “wards”")
    assert "'" not in finding.message


def test_unsafe_fixes_alone_and_fix_with_diff_are_refused(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text(ONE, encoding="utf-8")
    proc = run_cli("check", "--no-model", "--unsafe-fixes", str(story))
    assert proc.returncode == 2 and proc.stderr == "mtcheck: error: --unsafe-fixes needs --fix or --diff\n"
    proc = run_cli("check", "--no-model", "--fix", "--diff", str(story))
    assert proc.returncode == 2 and "use one of them" in proc.stderr and proc.stdout == ""
    assert story.read_text(encoding="utf-8") == ONE


def test_config_of_a_missing_path_is_an_error(tmp_path, run_cli):
    proc = run_cli("config", str(tmp_path / "nonexistent"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("mtcheck: error: ") and "no such file" in proc.stderr
    assert run_cli("config", str(tmp_path)).returncode == 0


def test_report_written_to_a_file_is_confirmed_on_stderr(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text(ONE, encoding="utf-8")
    report = tmp_path / "report.html"
    proc = run_cli("check", "--no-model", "-f", "html", "-o", str(report), str(story))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == f"mtcheck: wrote the html report to {report}\n"
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_readme_options_table_lists_every_format():
    from mtcheck.config import FORMATS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `-f, --format"))
    assert all(f in row for f in FORMATS) and "html" in row


def test_every_format_option_has_help(run_cli):
    for command in ("check", "eval", "rules", "score"):
        proc = run_cli(command, "--help")
        lines = proc.stdout.splitlines()
        i = next(i for i, line in enumerate(lines) if "--format" in line)
        described = re.sub(r"^.*--format\s+\S+", "", lines[i]).strip() or lines[i + 1].strip()
        assert described and not described.startswith("-"), (command, lines[i])


def test_html_severity_key_is_a_legend_not_chips(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text(ONE, encoding="utf-8")
    report = tmp_path / "report.html"
    run_cli("check", "--no-model", "-f", "html", "-o", str(report), str(story))
    html = report.read_text(encoding="utf-8")
    filters = html[html.index('<section id="filters"'):html.index("</section>")]
    key = filters[filters.index("Severity:"):]
    assert 'class="swatch' not in key  # no padded, rounded, coloured chips
    assert key.count('class="key"') == 4 and 'aria-hidden="true"' in key
    assert "cursor: default" in html
