"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit in a throwaway editorial repo."""

import os
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, git_in, newsroom_with_hook

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GARBLED = "The minister left on Friday; And the talks stalled.\n"
CLEAN = "The minister left on Friday; the talks stalled.\n"


@pytest.fixture(scope="module")
def editorial_repo(tmp_path_factory):
    return newsroom_with_hook(tmp_path_factory.mktemp("precommit"), {"mtcheck.toml": 'exclude = ["archive/*"]\n'})


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


# -- the config's `exclude` holds for the files pre-commit names (--force-exclude) ----------
def test_an_excluded_file_commits(editorial_repo):
    repo, env = editorial_repo
    (repo / "archive").mkdir(exist_ok=True)
    (repo / "archive" / "old.txt").write_text(GARBLED, encoding="utf-8")
    git_in(repo, "add", "archive/old.txt", env=env)
    commit = git_in(repo, "commit", "-m", "archived story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "archived story" in git_in(repo, "log", "--oneline", env=env).stdout


HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_every_hook_entry_skips_an_excluded_file_it_is_given(tmp_path, hook):
    # As pre-commit calls it: the entry, then the staged file names.
    (tmp_path / "mtcheck.toml").write_text('exclude = ["archive/*"]\n', encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text(GARBLED, encoding="utf-8")
    program, *args = shlex.split(hook["entry"])
    assert program == "mtcheck" and "--force-exclude" in args
    proc = subprocess.run([sys.executable, "-m", "mtcheck", *args, "archive/old.txt"], cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "archive/old.txt" not in proc.stdout + proc.stderr
    assert (tmp_path / "archive" / "old.txt").read_text(encoding="utf-8") == GARBLED  # mtcheck-fix left it
