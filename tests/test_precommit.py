"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit in a throwaway editorial repo."""

import shutil

import pytest

from conftest import git_in, newsroom_with_hook

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GARBLED = "The minister left on Friday; And the talks stalled.\n"
CLEAN = "The minister left on Friday; the talks stalled.\n"


@pytest.fixture(scope="module")
def editorial_repo(tmp_path_factory):
    return newsroom_with_hook(tmp_path_factory.mktemp("precommit"))


def test_garbled_file_blocks_the_commit(editorial_repo):
    repo, env = editorial_repo
    (repo / "story.txt").write_text(GARBLED, encoding="utf-8")
    git_in(repo, "add", "story.txt", env=env)
    commit = git_in(repo, "commit", "-m", "garbled story", env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "story.txt:1:30: MT401" in output
    assert git_in(repo, "log", "--oneline", env=env).stdout.count("\n") == 1


def test_clean_file_passes(editorial_repo):
    repo, env = editorial_repo
    (repo / "story.txt").write_text(CLEAN, encoding="utf-8")
    git_in(repo, "add", "story.txt", env=env)
    commit = git_in(repo, "commit", "-m", "clean story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "clean story" in git_in(repo, "log", "--oneline", env=env).stdout
