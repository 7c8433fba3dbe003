"""Source-aware checking in a pre-commit hook: a real editorial git repository whose config
pairs story.en.md with story.zh.md; the hook (mtcheck-rules) runs on the staged files."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SOURCE = "地震已造成至少42人死亡，另有8万人被迫离开家园。当局表示，救援工作仍在继续。\n"
WRONG = "The earthquake has killed at least 42 people and forced 8,000 others from their homes. " \
        "Authorities said rescue work was continuing.\n"
RIGHT = WRONG.replace("8,000", "80,000")


def _git(cwd, *args, env=None):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    pytest.importorskip("pre_commit")
    head = _git(REPO, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip("the mtcheck checkout has no commit")
    base = tmp_path_factory.mktemp("precommit-source")
    repo = base / "newsroom"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
           "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org",
           "PRE_COMMIT_HOME": str(base / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    _git(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {REPO}\n  rev: {head.stdout.strip()}\n  hooks:\n  - id: mtcheck-rules\n", encoding="utf-8")
    (repo / "mtcheck.toml").write_text('[sources]\n"{stem}.en{ext}" = "{stem}.zh{ext}"\n', encoding="utf-8")
    _git(repo, "add", ".", env=env)
    _git(repo, "commit", "-qm", "config", "--no-verify", env=env)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    return repo, env


def test_a_number_changed_from_the_source_blocks_the_commit(newsroom):
    repo, env = newsroom
    (repo / "story.zh.md").write_text(SOURCE, encoding="utf-8")
    (repo / "story.en.md").write_text(WRONG, encoding="utf-8")
    _git(repo, "add", "story.zh.md", "story.en.md", env=env)
    commit = _git(repo, "commit", "-m", "quake story", env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "story.en.md:1:57: MT501 [major] “8,000” but the source says 8万 (80,000) (→ “80,000”)" in output
    assert "story.zh.md:" not in output  # the source is not checked as English
    assert _git(repo, "log", "--oneline", env=env).stdout.count("\n") == 1


def test_the_corrected_pair_commits(newsroom):
    repo, env = newsroom
    (repo / "story.zh.md").write_text(SOURCE, encoding="utf-8")
    (repo / "story.en.md").write_text(RIGHT, encoding="utf-8")
    _git(repo, "add", "story.zh.md", "story.en.md", env=env)
    commit = _git(repo, "commit", "-m", "quake story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr


def test_a_translation_without_its_source_is_checked_alone(newsroom):
    repo, env = newsroom
    (repo / "other.en.md").write_text("Talks resumed on Monday.\n", encoding="utf-8")
    _git(repo, "add", "other.en.md", env=env)
    commit = _git(repo, "commit", "-m", "other story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
