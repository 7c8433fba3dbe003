"""The `mtcheck-fix` hook: applies safe fixes and stops the commit when it changed a file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, git_in, newsroom_with_hook

GARBLED = "The minister left on Friday; And the talks stalled.\n"
FIXED = "The minister left on Friday; and the talks stalled.\n"

def test_fix_exits_1_when_it_changed_a_file(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text(GARBLED, encoding="utf-8")
    proc = run_cli("check", "--no-model", "--fix", str(story))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert story.read_text(encoding="utf-8") == FIXED
    proc = run_cli("check", "--no-model", "--fix", str(story))  # nothing left to change
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_fix_hook_fixes_and_stops_the_commit(tmp_path):
    repo, env = newsroom_with_hook(tmp_path, hooks="  - id: mtcheck-fix\n")
    (repo / "story.txt").write_text(GARBLED, encoding="utf-8")
    git_in(repo, "add", "story.txt", env=env)
    commit = git_in(repo, "commit", "-m", "story", env=env)
    assert commit.returncode != 0, commit.stdout + commit.stderr
    assert (repo / "story.txt").read_text(encoding="utf-8") == FIXED
    # The editor reviews the fix, stages it, and the commit goes through.
    git_in(repo, "add", "story.txt", env=env)
    commit = git_in(repo, "commit", "-m", "story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr


# -- issue 17, item 3: the README's two-hook setup must not block an editor ------------------
ARCHIVED = ("The minister left on Friday; And the talks stalled.\n\n"
            "Officials said the plan would be reviewed.\n")
HOOKS = ("  - id: mtcheck-fix\n    args: [--baseline, .mtcheck-baseline.json, --since, HEAD]\n"
         "  - id: mtcheck-rules\n    args: [--baseline, .mtcheck-baseline.json, --since, HEAD]\n")


def _newsroom(tmp_path, hooks):
    """A git repository with the hooks installed and an archived article (with an accepted
    finding that has a safe fix) committed with its baseline."""
    def archive_with_baseline(repo, env):
        (repo / "archive.txt").write_text(ARCHIVED, encoding="utf-8")
        baseline = subprocess.run([sys.executable, "-m", "mtcheck", "baseline", "--no-model", "archive.txt",
                                   "-o", ".mtcheck-baseline.json"], cwd=repo, capture_output=True, text=True,
                                  env={**env, "PYTHONPATH": str(REPO)})
        assert baseline.returncode == 0, baseline.stderr

    return newsroom_with_hook(tmp_path, hooks=hooks, prepare=archive_with_baseline)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_readme_hooks_let_an_editor_add_a_line_to_an_archived_article(tmp_path):
    repo, env = _newsroom(tmp_path, HOOKS)
    article = repo / "archive.txt"
    edited = ARCHIVED + "\nThe ministry declined to comment.\n"
    article.write_text(edited, encoding="utf-8")
    git_in(repo, "add", "archive.txt", env=env)
    commit = git_in(repo, "commit", "-m", "update", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert article.read_text(encoding="utf-8") == edited  # the accepted "; And" is left alone

    # the remaining findings print once (the fix hook lists only what it changed; the quotation may
    # close after either sentence, so it is no safe fix).
    article.write_text(edited + "\nThe talks resumed; But nothing changed. “He said. Then he left.\n", encoding="utf-8")
    git_in(repo, "add", "archive.txt", env=env)
    commit = git_in(repo, "commit", "-m", "update 2", env=env)
    assert commit.returncode != 0
    fixed = article.read_text(encoding="utf-8")
    assert "The talks resumed; but nothing changed." in fixed and "Friday; And" in fixed
    output = commit.stdout + commit.stderr
    assert "mtcheck: fixed archive.txt (1 fix)" in output
    assert output.count("MT403") == 1, output  # the unclosed quote, reported by the rules hook only
    assert "MT401" not in output


def _since_repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
           "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org"}
    git_in(repo, "init", "-q", env=env)
    (repo / "a.txt").write_text(ARCHIVED, encoding="utf-8")
    git_in(repo, "add", ".", env=env)
    git_in(repo, "commit", "-qm", "a", env=env)
    return repo


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_fix_only_fails_only_when_it_changed_a_file_and_respects_since(tmp_path, run_cli):
    repo = _since_repo(tmp_path)
    article = repo / "a.txt"
    article.write_text(ARCHIVED + "\nA new line.\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--fix-only", "--since", "HEAD", "a.txt", cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == "" and "Friday; And" in article.read_text(encoding="utf-8")
    # Without --since the old line is fixed: exit 1, and only the changed file is named.
    proc = run_cli("check", "--no-model", "--fix-only", "a.txt", cwd=repo)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "mtcheck: fixed a.txt (1 fix)" in proc.stderr
    assert "Friday; and" in article.read_text(encoding="utf-8")
    # Findings that remain (a quote that may close after either sentence has no safe fix) do not fail --fix-only.
    article.write_text("“He said it. Then he left.\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--fix-only", "a.txt", cwd=repo)
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""
    assert run_cli("check", "--no-model", "a.txt", cwd=repo).returncode == 1


def test_fix_respects_the_baseline_in_every_pass(tmp_path, run_cli):
    story = tmp_path / "story.txt"
    story.write_text(ARCHIVED, encoding="utf-8")
    baseline = tmp_path / "base.json"
    assert run_cli("baseline", "--no-model", str(story), "-o", str(baseline)).returncode == 0
    story.write_text(ARCHIVED + "\nThe talks resumed; But nothing changed.\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--fix", "--baseline", str(baseline), str(story))
    assert proc.returncode == 1
    text = story.read_text(encoding="utf-8")
    assert "Friday; And" in text and "resumed; but" in text
