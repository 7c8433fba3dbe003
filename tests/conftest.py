"""Shared test helpers: run the real CLI in a subprocess, or in-process with click's runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

# The suite never leaves a resident model server behind: CLI runs check in process unless a
# test turns the server on itself (tests/test_server.py, with short idle timeouts).
os.environ["MTCHECK_SERVER"] = "0"

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"


def run_mtcheck(*args: str, input: str | bytes | None = None, cwd: str | Path | None = None,
                env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m mtcheck ARGS` from this checkout; returns the completed process (text mode)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "mtcheck", *args], input=input, cwd=cwd, env=full_env,
                          capture_output=True, text=not isinstance(input, bytes), timeout=timeout)


@pytest.fixture
def run_cli():
    return run_mtcheck


@pytest.fixture
def cli():
    """Invoke the CLI in-process: cli("check", path) -> click Result (exit_code, stdout, stderr)."""
    from mtcheck.cli import main

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def git_in(cwd, *args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


RULES_HOOK = "  - id: mtcheck-rules\n"


def newsroom_with_hook(base: Path, extra_files: dict[str, str] | None = None, hooks: str = RULES_HOOK,
                       prepare=None) -> tuple[Path, dict]:
    """A git repository under `base` whose pre-commit runs this checkout's `hooks` (YAML items
    under `hooks:`; by default `mtcheck-rules`), installed, with the config, `extra_files` and
    whatever `prepare(repo, env)` writes committed: (repo, env for git commands)."""
    pytest.importorskip("pre_commit")
    head = git_in(REPO, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip("the mtcheck checkout has no commit")
    repo = base / "newsroom"
    repo.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org",
           "GIT_COMMITTER_NAME": "Ed", "GIT_COMMITTER_EMAIL": "ed@example.org",
           "PRE_COMMIT_HOME": str(base / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PYTHONPATH": ""}  # the hooks run the mtcheck pre-commit installs, not this checkout
    git_in(repo, "init", "-q", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {REPO}\n  rev: {head.stdout.strip()}\n  hooks:\n{hooks}", encoding="utf-8")
    for name, text in (extra_files or {}).items():
        (repo / name).write_text(text, encoding="utf-8")
    if prepare is not None:
        prepare(repo, env)
    git_in(repo, "add", ".", env=env)
    git_in(repo, "commit", "-qm", "config", "--no-verify", env=env)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    return repo, env
