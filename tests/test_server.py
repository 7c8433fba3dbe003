"""The resident model server: same findings as the in-process check, started on first use,
replaced when stale, stopped on request and after its idle time. Uses the tiny model from
test_model.py; every server here runs with a short idle timeout and is stopped at the end."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("filelock")

from conftest import REPO, SAMPLES  # noqa: E402
from test_model import tiny_model  # noqa: E402,F401  (the fixture)

ARTICLES = sorted((SAMPLES / "garbled").glob("*.txt"))[:2]


def run(args, env, check_torch=False):
    """`mtcheck ARGS` in a fresh process; with check_torch, stderr's last line says whether the
    client process imported torch."""
    code = ("import sys\nfrom mtcheck.cli import main\nsys.argv = ['mtcheck', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit as e:\n    rc = e.code\n"
            "sys.stderr.write('TORCH %s\\n' % ('torch' in sys.modules))\nsys.exit(rc)\n")
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=REPO)


@pytest.fixture
def env(tmp_path):
    run_dir = Path(f"/tmp/mtcheck-test-{os.getpid()}-{tmp_path.name[-12:]}")  # short: socket paths are limited
    run_dir.mkdir(mode=0o700)
    environment = {**os.environ, "PYTHONPATH": str(REPO), "XDG_RUNTIME_DIR": str(run_dir),
                   "XDG_CACHE_HOME": str(tmp_path / "cache"), "MTCHECK_SERVER": "1",
                   "MTCHECK_SERVER_IDLE": "300", "MTCHECK_THREADS": "1"}
    yield environment
    subprocess.run([sys.executable, "-m", "mtcheck", "server", "--stop"], env=environment, capture_output=True,
                   timeout=60)
    assert not list((run_dir / "mtcheck").glob("*.sock")), "a server was left running"


def sockets(env) -> list[Path]:
    return sorted((Path(env["XDG_RUNTIME_DIR"]) / "mtcheck").glob("*.sock"))


def findings(result) -> list:
    assert result.returncode in (0, 1), result.stderr
    found = [(file["path"], f["rule"], f["start"], f["end"], f["suggestions"], f["confidence"])
             for file in json.loads(result.stdout)["files"] for f in file["findings"]]
    return found


def test_server_gives_the_in_process_findings(tiny_model, env, tmp_path):  # noqa: F811
    args = ["check", "--model", str(tiny_model), "--format", "json", *map(str, ARTICLES)]
    served = run(args, env, check_torch=True)
    assert served.stderr.strip().splitlines()[-1] == "TORCH False"  # the server did the model's work
    [sock] = sockets(env)
    assert (sock.parent.stat().st_mode & 0o777) == 0o700
    alone = run(args, {**env, "MTCHECK_SERVER": "0", "XDG_CACHE_HOME": str(tmp_path / "other")}, check_torch=True)
    assert alone.stderr.strip().splitlines()[-1] == "TORCH True"
    assert findings(served) == findings(alone)
    # A later run the score cache cannot answer uses the running server (no new one).
    (Path(env["XDG_CACHE_HOME"]) / "mtcheck" / "scores.sqlite").unlink()
    again = run(args, env, check_torch=True)
    assert again.stderr.strip().splitlines()[-1] == "TORCH False"
    assert findings(again) == findings(alone) and sockets(env) == [sock]
    listing = subprocess.run([sys.executable, "-m", "mtcheck", "server"], env=env, capture_output=True, text=True)
    assert str(sock) in listing.stdout and "1 model server(s) running" in listing.stdout


def test_stale_socket_is_replaced_and_idle_server_stops(tiny_model, env, tmp_path):  # noqa: F811
    args = ["check", "--model", str(tiny_model), "--format", "json", str(ARTICLES[0])]
    first = run(args, {**env, "MTCHECK_SERVER_IDLE": "2"})
    [sock] = sockets(env)
    deadline = time.monotonic() + 30
    while sock.exists() and time.monotonic() < deadline:  # stops by itself after 2 s idle
        time.sleep(0.2)
    assert not sock.exists()
    # A socket file nobody listens on (a server that was killed): replaced transparently.
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(sock))
    dead.close()
    fresh = {**env, "XDG_CACHE_HOME": env["XDG_CACHE_HOME"]}
    (Path(env["XDG_CACHE_HOME"]) / "mtcheck" / "scores.sqlite").unlink()  # make it score again
    second = run(args, fresh, check_torch=True)
    assert second.stderr.strip().splitlines()[-1] == "TORCH False"
    assert findings(second) == findings(first)
    stop = subprocess.run([sys.executable, "-m", "mtcheck", "server", "--stop"], env=env, capture_output=True,
                          text=True)
    assert "stopped 1" in stop.stdout and not sockets(env)


def test_server_off_checks_in_process(tiny_model, env):  # noqa: F811
    args = ["check", "--model", str(tiny_model), "--format", "json", str(ARTICLES[0])]
    result = run(args, {**env, "MTCHECK_SERVER": "0"}, check_torch=True)
    assert result.stderr.strip().splitlines()[-1] == "TORCH True" and not sockets(env)
