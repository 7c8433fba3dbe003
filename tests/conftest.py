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
