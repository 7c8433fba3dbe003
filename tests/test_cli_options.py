"""Every `mtcheck check` option, the output formats and the exit codes."""

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

GARBLED = "The talks failed on Friday; And maybe they resume.\n\n“They will, said the envoy.\n"
CLEAN = "The talks failed on Friday; maybe they resume.\n\n“They will,” said the envoy.\n"


@pytest.fixture
def story(tmp_path):
    p = tmp_path / "story.txt"
    p.write_text(GARBLED, encoding="utf-8")
    return p


def findings(proc):
    return [f for file in json.loads(proc.stdout)["files"] for f in file["findings"]]


def test_text_format_lines_and_summary(story, run_cli):
    proc = run_cli("check", "--no-model", str(story))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == f"{story}:1:29: MT401 [minor] “And” is capitalised after a semicolon (→ “and”) [*]"
    assert lines[1].startswith(f"{story}:3:7: MT403 [minor] the quotation opened at 3:1 is never closed")
    assert lines[-1] == "2 findings (2 minor) in 1 file"


def test_json_shape(story, run_cli):
    proc = run_cli("check", "--no-model", "--format", "json", str(story))
    data = json.loads(proc.stdout)
    assert data["version"] == 1 and set(data) >= {"version", "files", "summary"}
    (file,) = data["files"]
    assert file["path"] == str(story)
    keys = {"rule", "name", "category", "severity", "start", "end", "line", "column", "end_line",
            "end_column", "text", "message", "suggestions", "confidence", "origin", "fix"}
    for f in file["findings"]:
        assert set(f) == keys
        assert f["text"] == GARBLED[f["start"]:f["end"]]
        assert 0 <= f["confidence"] <= 1 and f["origin"] == "rule"
    assert data["summary"]["findings"] == 2


def test_clean_twin_exits_0(tmp_path, run_cli):
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", str(p))
    assert proc.returncode == 0, proc.stdout
    assert findings(proc) == []


def test_jsonl_has_path_on_every_line(story, run_cli):
    proc = run_cli("check", "--no-model", "--format", "jsonl", str(story))
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["rule"] for r in rows] == ["MT401", "MT403"]
    assert all(r["path"] == str(story) for r in rows)


def test_sarif_has_rules_results_and_fixes(story, run_cli):
    proc = run_cli("check", "--no-model", "--format", "sarif", str(story))
    log = json.loads(proc.stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert {"MT401", "MT403"} <= {r["id"] for r in run["tool"]["driver"]["rules"]}
    first = run["results"][0]
    assert first["ruleId"] == "MT401"
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 29, 32)
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "and"


def test_sarif_uris_are_valid_uri_references(tmp_path, run_cli):
    # The path was the URI as is: "#1" read as a fragment, a space or "ü" invalid in a URI.
    from urllib.parse import unquote, urlsplit

    (tmp_path / "news #1 ü:50%.txt").write_text(GARBLED, encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "sarif", "news #1 ü:50%.txt", cwd=tmp_path)
    [result, *_] = json.loads(proc.stdout)["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "news%20%231%20%C3%BC%3A50%25.txt"
    parts = urlsplit(uri)
    assert (parts.scheme, parts.fragment, unquote(parts.path)) == ("", "", "news #1 ü:50%.txt")
    assert result["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"] == uri


def test_sarif_says_how_lines_and_columns_are_counted(tmp_path, run_cli):
    # Columns count code points and a lone CR ends a line: without columnKind and
    # newlineSequences a reader counts UTF-16 units (or guesses) and only CRLF and LF.
    (tmp_path / "a.txt").write_bytes("Intro 🙂 here.\rTalks failed; And they left.\n".encode("utf-8"))
    proc = run_cli("check", "--no-model", "--format", "sarif", "a.txt", cwd=tmp_path)
    run = json.loads(proc.stdout)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["newlineSequences"] == ["\r\n", "\n", "\r"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 15, 18)


def test_github_annotations(story, run_cli):
    proc = run_cli("check", "--no-model", "--format", "github", str(story))
    first = proc.stdout.splitlines()[0]
    assert first.startswith(f"::warning file={story},line=1,col=29,endLine=1,endColumn=32,title=MT401 capital-after-semicolon::")


def test_select_and_ignore_by_code_prefix_and_name(story, run_cli):
    assert [f["rule"] for f in findings(run_cli("check", "--no-model", "-f", "json", "--select", "MT401", str(story)))] == ["MT401"]
    assert [f["rule"] for f in findings(run_cli("check", "--no-model", "-f", "json", "--ignore", "MT40", str(story)))] == []
    assert [f["rule"] for f in findings(run_cli("check", "--no-model", "-f", "json", "--ignore", "unbalanced-quotes", str(story)))] == ["MT401"]


def test_unknown_rule_selector_is_a_usage_error(story, run_cli):
    proc = run_cli("check", "--no-model", "--select", "MT999", str(story))
    assert proc.returncode == 2 and "no rule matches MT999" in proc.stderr


def test_fail_level_and_exit_zero(story, run_cli):
    assert run_cli("check", "--no-model", "--fail-level", "major", str(story)).returncode == 0
    assert run_cli("check", "--no-model", "--fail-level", "minor", str(story)).returncode == 1
    proc = run_cli("check", "--no-model", "--exit-zero", str(story))
    assert proc.returncode == 0 and "MT401" in proc.stdout


def test_min_confidence_drops_weak_findings(story, run_cli):
    proc = run_cli("check", "--no-model", "-f", "json", "--min-confidence", "0.85", str(story))
    assert [f["rule"] for f in findings(proc)] == ["MT401"]


def test_config_option(story, tmp_path, run_cli):
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('ignore = ["MT401"]\n')
    proc = run_cli("check", "--no-model", "-f", "json", "--config", str(cfg), str(story))
    assert [f["rule"] for f in findings(proc)] == ["MT403"]
    proc = run_cli("check", "--no-model", "--config", str(tmp_path / "missing.toml"), str(story))
    assert proc.returncode == 2 and "config file not found" in proc.stderr


def test_output_file(story, tmp_path, run_cli):
    out = tmp_path / "report.json"
    proc = run_cli("check", "--no-model", "-f", "json", "-o", str(out), str(story))
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads(out.read_text())["summary"]["findings"] == 2


def test_output_that_is_a_checked_file_is_refused_and_the_article_kept(story, tmp_path, cli):
    # The report (or baseline) was written over the article: `-o story.txt story.txt`, or a
    # folder that holds the output file; with --fix the fixes were lost under it too.
    for args in (["check", "--no-model", "-o", str(story), str(story)],
                 ["check", "--no-model", "--fix", "-f", "json", "-o", str(story), str(tmp_path)],
                 ["baseline", "--no-model", "-o", str(story), str(story)]):
        result = cli(*args)
        assert result.exit_code == 2
        what = "baseline" if args[0] == "baseline" else "json report" if "json" in args else "text report"
        assert result.stderr == (f"mtcheck: error: -o {story} is a checked file: "
                                 f"the {what} would replace it (name another file)\n")
        assert result.stdout == ""
        assert story.read_text(encoding="utf-8") == GARBLED


def test_stdin_and_stdin_filename(run_cli):
    proc = run_cli("check", "--no-model", "-", input=GARBLED)
    assert proc.returncode == 1 and proc.stdout.startswith("<stdin>:1:29: MT401")
    md = "Some `code; And` here; And prose.\n"
    proc = run_cli("check", "--no-model", "--stdin-filename", "story.md", "-", input=md)
    assert proc.stdout.splitlines()[0] == "story.md:1:24: MT401 [minor] “And” is capitalised after a semicolon (→ “and”) [*]"
    assert len(proc.stdout.splitlines()) == 2


def test_directory_recursion_picks_text_and_markdown_only(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(GARBLED)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(GARBLED)
    (tmp_path / "sub" / "c.markdown").write_text(GARBLED)
    (tmp_path / "sub" / "d.py").write_text(GARBLED)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.txt").write_text(GARBLED)
    proc = run_cli("check", "--no-model", "-f", "json", str(tmp_path))
    paths = [f["path"] for f in json.loads(proc.stdout)["files"]]
    assert [p.split(str(tmp_path))[1] for p in paths] == ["/a.txt", "/sub/b.md", "/sub/c.markdown"]


def test_glossary_option_missing_file_is_input_error(story, run_cli):
    proc = run_cli("check", "--no-model", "--glossary", "nope.csv", str(story))
    assert proc.returncode == 2 and "nope.csv" in proc.stderr and "Traceback" not in proc.stderr


def test_no_model_never_imports_transformers(story, run_cli, tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\nfrom mtcheck.cli import main\nsys.argv = ['mtcheck', 'check', '--no-model', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED' if 'transformers' in sys.modules or 'torch' in sys.modules else 'CLEAN')\n")
    proc = subprocess.run([sys.executable, str(probe), str(story)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stdout.strip().endswith("CLEAN")


def test_quick_exit_loses_no_output(tmp_path, run_cli, cli):
    """`python -m mtcheck` ends with os._exit (cli.run): a long report through a pipe must still
    arrive whole, with the exit code main gave."""
    story = tmp_path / "long.txt"
    story.write_text("\n\n".join(GARBLED.replace("Friday", f"day {k}") for k in range(400)), encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", str(story))
    in_process = cli("check", "--no-model", "--format", "json", str(story))
    assert proc.returncode == in_process.exit_code == 1
    assert len(findings(proc)) == len(json.loads(in_process.stdout)["files"][0]["findings"]) >= 800


def test_all_selects_or_ignores_every_rule(story, cli):
    everything = cli("check", "--no-model", "--format", "json", str(story))
    selected = cli("check", "--no-model", "--format", "json", "--select", "ALL", str(story))
    assert selected.exit_code == everything.exit_code == 1 and selected.stdout == everything.stdout
    ignored = cli("check", "--no-model", "--ignore", "ALL", str(story))
    assert ignored.exit_code == 0 and "0 findings" in ignored.stderr + ignored.stdout


def test_rules_command_lists_every_rule(run_cli):
    from mtcheck.rules import ALL_RULES
    proc = run_cli("rules", "--format", "json")
    listed = json.loads(proc.stdout)
    assert [r["code"] for r in listed] == [r.code for r in ALL_RULES]
    assert all(r["explanation"] and r["category"] and r["severity"] for r in listed)
    assert len({r["code"] for r in listed}) == len(listed)


def test_rules_command_shows_the_rules_named(run_cli):
    """`mtcheck rules MT201` (as `ruff rule E501`): a code, a prefix or a name; a selector that
    matches no rule is an error, exit 2."""
    one = run_cli("rules", "MT201")
    assert one.returncode == 0 and one.stdout.startswith("MT201  broken-idiom") and "MT104" not in one.stdout
    listed = json.loads(run_cli("rules", "--format", "json", "MT3", "corrupted-place-name").stdout)
    assert [r["code"] for r in listed] == ["MT104", "MT301", "MT302", "MT303", "MT304", "MT305"]
    bad = run_cli("rules", "MT999")
    assert bad.returncode == 2 and "no rule matches MT999" in bad.stderr
