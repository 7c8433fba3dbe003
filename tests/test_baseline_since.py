"""Baselines (`mtcheck baseline`, `check --baseline`) and changed-lines mode (`check --since`)."""

import json
import shutil
import subprocess

import pytest

from mtcheck.changes import parse_diff

ERR = "Talks failed on {day}; And maybe they resume."
CLEAN = "The minister spoke to reporters in the capital."


def findings_of(proc):
    data = json.loads(proc.stdout)
    return [(file["path"], f["line"], f["rule"], f["text"]) for file in data["files"] for f in file["findings"]]


# -- baseline -------------------------------------------------------------------------------
@pytest.fixture
def archive(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(f"{CLEAN}\n\n{ERR.format(day='Monday')}\n", encoding="utf-8")
    return tmp_path, article


def test_baseline_round_trip(archive, run_cli):
    root, article = archive
    baseline = root / "mtcheck-baseline.json"
    proc = run_cli("baseline", "--no-model", str(article), "-o", str(baseline))
    assert proc.returncode == 0, proc.stderr
    assert "recorded 1 finding in 1 file" in proc.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["version"] == 1
    [entry] = data["findings"]
    assert (entry["path"], entry["rule"], entry["text"], entry["count"]) == ("a.md", "MT401", "And", 1)

    # Nothing new: the known finding is silent and the run passes.
    proc = run_cli("check", "--no-model", "--baseline", str(baseline), str(article))
    assert proc.returncode == 0, proc.stdout
    assert "0 findings in 1 file; baselined: 1" in proc.stdout

    # Edit above the known finding: it moves two lines down and stays baselined.
    article.write_text(f"# Update\n\n{CLEAN} More words here.\n\n{ERR.format(day='Monday')}\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", "--baseline", str(baseline), str(article))
    assert proc.returncode == 0 and findings_of(proc) == []

    # A new error, and a second copy of the accepted one: both reported, with exit 1.
    article.write_text(f"{ERR.format(day='Monday')}\n\n{ERR.format(day='Monday')}\n\n{ERR.format(day='Friday')}\n",
                       encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", "--baseline", str(baseline), str(article))
    assert proc.returncode == 1
    assert findings_of(proc) == [(str(article), 3, "MT401", "And"), (str(article), 5, "MT401", "And")]


def test_baseline_sees_edits_to_the_sentence(archive, run_cli):
    root, article = archive
    baseline = root / "b.json"
    run_cli("baseline", "--no-model", str(article), "-o", str(baseline))
    article.write_text(f"{CLEAN}\n\n{ERR.format(day='Sunday')}\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", "--baseline", str(baseline), str(article))
    assert findings_of(proc) == [(str(article), 3, "MT401", "And")]


def test_baseline_paths_are_relative_to_the_baseline_file(archive, run_cli):
    root, article = archive
    run_cli("baseline", "--no-model", "a.md", "-o", "base.json", cwd=root)
    sub = root / "sub"
    sub.mkdir()
    proc = run_cli("check", "--no-model", "--baseline", "../base.json", "../a.md", cwd=sub)
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("content, message", [
    (None, "baseline file not found"),
    ("{not json", "invalid JSON"),
    ('{"version": 9, "findings": []}', "not a baseline file"),
    ('{"version": 1, "findings": [{"rule": "MT401"}]}', "lacks path, rule or fingerprint"),
    # A bad count had a traceback (1e999: OverflowError) or blamed the path, rule or fingerprint.
    ('{"version": 1, "findings": [{"path": "a.md", "rule": "MT401", "fingerprint": "x", "count": 1e999}]}',
     "b.json: finding 1 has a bad count Infinity (expected a whole number)"),
    ('{"version": 1, "findings": [{"path": "a.md", "rule": "MT401", "fingerprint": "x", "count": null}]}',
     "b.json: finding 1 has a bad count null (expected a whole number)"),
])
def test_bad_baseline_exits_2(archive, run_cli, content, message):
    root, article = archive
    baseline = root / "b.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    proc = run_cli("check", "--no-model", "--baseline", str(baseline), str(article))
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


# -- --since --------------------------------------------------------------------------------
def test_rerunning_baseline_keeps_the_entries_of_files_it_could_not_read(tmp_path, cli, monkeypatch):
    """`mtcheck baseline` over an archive with one file now unreadable (invalid UTF-8 here; a
    mistyped folder likewise) rewrote the baseline without that file's entries and exited 2:
    the accepted findings of the file came back as new once it was readable again."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "art").mkdir()
    good, other = tmp_path / "art" / "a.md", tmp_path / "art" / "b.md"
    good.write_text(ERR.format(day="Monday") + "\n", encoding="utf-8")
    other.write_text(ERR.format(day="Tuesday") + "\n", encoding="utf-8")
    assert cli("baseline", "--no-model", "-o", "bl.json", "art").exit_code == 0
    before = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["findings"]
    assert sorted(e["path"] for e in before) == ["art/a.md", "art/b.md"]
    saved = other.read_bytes()
    other.write_bytes(saved + b"\xff\n")
    result = cli("baseline", "--no-model", "-o", "bl.json", "art", "missing-folder")
    assert result.exit_code == 2
    assert "kept its entries for 2 paths that could not be read" in result.stderr
    after = json.loads((tmp_path / "bl.json").read_text(encoding="utf-8"))["findings"]
    assert after == before
    other.write_bytes(saved)
    result = cli("check", "--no-model", "--baseline", "bl.json", "art")
    assert result.exit_code == 0, result.stdout


def test_parse_diff_hunks():
    diff = (
        "diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n"
        "@@ -3,0 +4,2 @@\n+a\n+b\n@@ -9 +11 @@\n-c\n+d\n@@ -20,2 +21,0 @@\n-e\n-f\n"
        "diff --git a/new.md b/new.md\nnew file mode 100644\n--- /dev/null\n+++ b/new.md\n@@ -0,0 +1,3 @@\n"
        "diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
    )
    assert parse_diff(diff) == {"x.md": {4, 5, 11}, "new.md": None}


git_missing = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    old = tmp_path / "old.txt"
    old.write_text("\n".join([ERR.format(day="Monday"), CLEAN, ERR.format(day="Tuesday"), ""]), encoding="utf-8")
    (tmp_path / "same.txt").write_text(ERR.format(day="Sunday") + "\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "archive")
    return tmp_path


@git_missing
def test_since_reports_only_changed_lines(repo, run_cli):
    # Insert a new erroneous line 2 and edit line 4 (was 3); add an untracked article.
    (repo / "old.txt").write_text("\n".join([ERR.format(day="Monday"), ERR.format(day="Friday"), CLEAN,
                                             ERR.format(day="Saturday"), ""]), encoding="utf-8")
    (repo / "new.txt").write_text(f"{CLEAN}\n{ERR.format(day='Monday')}\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", "--since", "HEAD", ".", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    assert findings_of(proc) == [("./new.txt", 2, "MT401", "And"), ("./old.txt", 2, "MT401", "And"),
                                 ("./old.txt", 4, "MT401", "And")]
    # Staged changes count too (what a pre-commit hook sees).
    git(repo, "add", ".")
    proc = run_cli("check", "--no-model", "--since", "HEAD", "old.txt", "same.txt", cwd=repo)
    assert "2 findings" in proc.stdout and "on unchanged lines: 2" in proc.stdout


@git_missing
def test_since_unchanged_repo_passes(repo, run_cli):
    proc = run_cli("check", "--no-model", "--since", "HEAD", ".", cwd=repo)
    assert proc.returncode == 0, proc.stdout


@git_missing
def test_since_bad_ref_exits_2(repo, run_cli):
    proc = run_cli("check", "--no-model", "--since", "no-such-branch", ".", cwd=repo)
    assert proc.returncode == 2
    assert "unknown git revision 'no-such-branch'" in proc.stderr and "Traceback" not in proc.stderr


@git_missing
def test_since_outside_a_repository_exits_2(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(ERR.format(day="Monday") + "\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--since", "HEAD", "a.txt", cwd=tmp_path,
                   env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert proc.returncode == 2
    assert "is not inside a git repository" in proc.stderr and "Traceback" not in proc.stderr


@git_missing
def test_since_finds_the_repository_of_the_checked_files(repo, tmp_path_factory, run_cli):
    (repo / "same.txt").write_text(ERR.format(day="Sunday") + "\n" + ERR.format(day="Friday") + "\n", encoding="utf-8")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    proc = run_cli("check", "--no-model", "--format", "json", "--since", "HEAD", str(repo / "same.txt"), cwd=elsewhere,
                   env={"GIT_CEILING_DIRECTORIES": str(elsewhere.parent)})
    assert findings_of(proc) == [(str(repo / "same.txt"), 2, "MT401", "And")]


def test_baseline_with_an_unreadable_file_exits_2_but_records_the_rest(archive, run_cli):
    root, article = archive
    (root / "bad.txt").write_bytes(b"caf\xe9 au lait\n")
    proc = run_cli("baseline", "--no-model", str(root), "-o", str(root / "b.json"))
    assert proc.returncode == 2 and "bad.txt: not valid UTF-8" in proc.stderr
    assert [e["path"] for e in json.loads((root / "b.json").read_text(encoding="utf-8"))["findings"]] == ["a.md"]
