"""The `mtcheck-fix` hook: applies safe fixes and stops the commit when it changed a file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

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


def _git(cwd, *args, env=None):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_fix_hook_fixes_and_stops_the_commit(tmp_path):
    pytest.importorskip("pre_commit")
    head = _git(REPO, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip("the mtcheck checkout has no commit")
    repo = tmp_path / "newsroom"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
           "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    _git(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {REPO}\n  rev: {head.stdout.strip()}\n  hooks:\n  - id: mtcheck-fix\n", encoding="utf-8")
    _git(repo, "add", ".pre-commit-config.yaml", env=env)
    _git(repo, "commit", "-qm", "config", "--no-verify", env=env)
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr

    (repo / "story.txt").write_text(GARBLED, encoding="utf-8")
    _git(repo, "add", "story.txt", env=env)
    commit = _git(repo, "commit", "-m", "story", env=env)
    assert commit.returncode != 0, commit.stdout + commit.stderr
    assert (repo / "story.txt").read_text(encoding="utf-8") == FIXED
    # The editor reviews the fix, stages it, and the commit goes through.
    _git(repo, "add", "story.txt", env=env)
    commit = _git(repo, "commit", "-m", "story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
