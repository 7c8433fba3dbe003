"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit in a throwaway editorial repo."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GARBLED = "The minister left on Friday; And the talks stalled.\n"
CLEAN = "The minister left on Friday; the talks stalled.\n"


def _git(cwd, *args, env=None):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def editorial_repo(tmp_path_factory):
    pytest.importorskip("pre_commit")
    head = _git(REPO, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip("the mtcheck checkout has no commit")
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "newsroom"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
           "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org",
           "PRE_COMMIT_HOME": str(base / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    _git(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {REPO}\n  rev: {head.stdout.strip()}\n  hooks:\n  - id: mtcheck-rules\n",
        encoding="utf-8")
    _git(repo, "add", ".pre-commit-config.yaml", env=env)
    _git(repo, "commit", "-qm", "config", "--no-verify", env=env)
    hook_bin = Path(sys.executable).parent
    env["PATH"] = f"{hook_bin}{os.pathsep}{env['PATH']}"
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    return repo, env


def test_garbled_file_blocks_the_commit(editorial_repo):
    repo, env = editorial_repo
    (repo / "story.txt").write_text(GARBLED, encoding="utf-8")
    _git(repo, "add", "story.txt", env=env)
    commit = _git(repo, "commit", "-m", "garbled story", env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "story.txt:1:30: MT401" in output
    assert _git(repo, "log", "--oneline", env=env).stdout.count("\n") == 1


def test_clean_file_passes(editorial_repo):
    repo, env = editorial_repo
    (repo / "story.txt").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", "story.txt", env=env)
    commit = _git(repo, "commit", "-m", "clean story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "clean story" in _git(repo, "log", "--oneline", env=env).stdout
