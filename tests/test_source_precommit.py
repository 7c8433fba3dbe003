"""Source-aware checking in a pre-commit hook: a real editorial git repository whose config
pairs story.en.md with story.zh.md; the hook (mtcheck-rules) runs on the staged files."""

import shutil

import pytest

from conftest import git_in, newsroom_with_hook

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SOURCE = "地震已造成至少42人死亡，另有8万人被迫离开家园。当局表示，救援工作仍在继续。\n"
WRONG = "The earthquake has killed at least 42 people and forced 8,000 others from their homes. " \
        "Authorities said rescue work was continuing.\n"
RIGHT = WRONG.replace("8,000", "80,000")



@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    return newsroom_with_hook(tmp_path_factory.mktemp("precommit-source"), {"mtcheck.toml": '[sources]\n"{stem}.en{ext}" = "{stem}.zh{ext}"\n'})


def test_a_number_changed_from_the_source_blocks_the_commit(newsroom):
    repo, env = newsroom
    (repo / "story.zh.md").write_text(SOURCE, encoding="utf-8")
    (repo / "story.en.md").write_text(WRONG, encoding="utf-8")
    git_in(repo, "add", "story.zh.md", "story.en.md", env=env)
    commit = git_in(repo, "commit", "-m", "quake story", env=env)
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "story.en.md:1:57: MT501 [major] “8,000” but the source says 8万 (80,000) (→ “80,000”)" in output
    assert "story.zh.md:" not in output  # the source is not checked as English
    assert git_in(repo, "log", "--oneline", env=env).stdout.count("\n") == 1


def test_the_corrected_pair_commits(newsroom):
    repo, env = newsroom
    (repo / "story.zh.md").write_text(SOURCE, encoding="utf-8")
    (repo / "story.en.md").write_text(RIGHT, encoding="utf-8")
    git_in(repo, "add", "story.zh.md", "story.en.md", env=env)
    commit = git_in(repo, "commit", "-m", "quake story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr


def test_a_translation_without_its_source_is_checked_alone(newsroom):
    repo, env = newsroom
    (repo / "other.en.md").write_text("Talks resumed on Monday.\n", encoding="utf-8")
    git_in(repo, "add", "other.en.md", env=env)
    commit = git_in(repo, "commit", "-m", "other story", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
