"""The resident model: one background process keeps the language model loaded, so a commit
hook's or an editor's repeated runs pay the torch import and the model load once.

The CLI's model checker is a client (`ResidentChecker`, the same `check` / `check_batch`
interface as the in-process checker). On its first request that the score cache cannot answer
it starts `python -m mtcheck.model.server` in the background and hands it the documents; the
server runs the ordinary in-process checker on them, so its findings are the in-process
findings. The server stops after `MTCHECK_SERVER_IDLE` seconds (default 600) without a request.

Safety: a Unix socket (never a network port) in a directory only this user may enter
($XDG_RUNTIME_DIR/mtcheck, else ~/.cache/mtcheck/run, mode 0700); the server also checks that
each peer runs as the same user. The socket's name hashes the model, the score cache, the Python
and mtcheck's own files, so an upgraded mtcheck never talks to an old server. A server that
died, hangs up or left a stale socket is replaced; if none can be started the run checks in
process. MTCHECK_SERVER=0 turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from .store import ModelSource, cache_root

PROTOCOL = 1
DEFAULT_IDLE_S = 600
START_TIMEOUT_S = 60  # the server listens before it imports torch; this covers a busy machine
_HEADER = struct.Struct("!Q")
PACKAGE = Path(__file__).resolve().parent.parent

Warn = Callable[[str], None]


def enabled() -> bool:
    return hasattr(socket, "AF_UNIX") and os.environ.get("MTCHECK_SERVER", "1").strip().lower() not in (
        "0", "off", "no", "false")


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("MTCHECK_SERVER_IDLE", DEFAULT_IDLE_S)))
    except ValueError:
        return DEFAULT_IDLE_S


def socket_dir() -> Path:
    """This user's private directory for the sockets (created 0700; refused if someone else's)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) / "mtcheck" if runtime and os.path.isdir(runtime) else cache_root() / "run"
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = os.lstat(base)
    if st.st_uid != os.getuid() or not os.path.isdir(base) or os.path.islink(base):
        raise OSError(f"{base} is not a directory owned by this user")
    if st.st_mode & 0o077:
        os.chmod(base, 0o700)
    return base


def _code_stamp() -> str:
    """Changes whenever a file of the mtcheck package (code or data) changes."""
    h = hashlib.sha256()
    for root, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            st = os.stat(os.path.join(root, name))
            h.update(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def socket_path(source: ModelSource) -> Path:
    key = hashlib.sha256(json.dumps([
        PROTOCOL, source.name, source.fingerprint, str(source.gguf), str(source.directory), str(cache_root()),
        sys.executable, _code_stamp(), os.environ.get("MTCHECK_THREADS", "")]).encode()).hexdigest()[:20]
    path = socket_dir() / f"{key}.sock"
    if len(str(path)) > 100:  # the OS limit on a socket's path is about 104 bytes
        raise OSError(f"socket path {path} is too long")
    return path


# -- framing ------------------------------------------------------------------------------------
def _send(conn: socket.socket, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    conn.sendall(_HEADER.pack(len(data)) + data)


def _recv(conn: socket.socket):
    head = _recv_exactly(conn, _HEADER.size)
    return pickle.loads(_recv_exactly(conn, _HEADER.unpack(head)[0]))


def _recv_exactly(conn: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = conn.recv(min(n - got, 1 << 20))
        if not chunk:
            raise ConnectionError("the peer closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# -- the client -----------------------------------------------------------------------------------
class _NeedsModel(Exception):
    """Raised by the cache-only checker when a chunk is not in the score cache."""


class ResidentChecker:
    """The model checker of the CLI: answers from the score cache in process when it can, else
    asks the resident server (starting it if needed), else checks in process."""

    def __init__(self, source: ModelSource, warn: Warn, cache_dir: Path | None = None):
        from .checker import ModelWordChecker

        self.source = source
        self.warn = warn
        self.cache_dir = cache_dir
        self.local = ModelWordChecker(source, warn, cache_dir=cache_dir)
        self._server_failed = False

    def check(self, doc, rule_findings, ctx):
        return self.check_batch([(doc, rule_findings)], ctx)[0]

    def check_batch(self, items, ctx):
        cached = self._from_cache(items, ctx)
        if cached is not None:
            return cached
        if not self._server_failed:
            reply = self._ask_server(items, ctx)
            if reply is not None:
                return reply
        return _run_checker(self.local, items, ctx)

    def _from_cache(self, items, ctx):
        """The findings when the score cache answers every chunk (no model, no server), else None."""
        if self.local._scorer is not None:  # the model is loaded here already: use it
            return None
        from .checker import ModelWordChecker

        class CacheOnly(ModelWordChecker):
            @property
            def scorer(self):
                raise _NeedsModel

        probe = CacheOnly(self.source, self.warn, cache_dir=self.cache_dir)
        try:
            return _run_checker(probe, items, ctx)
        except _NeedsModel:
            return None

    def _ask_server(self, items, ctx):
        from ..rules.base import Context

        try:
            request = pickle.dumps((PROTOCOL, "check_batch", (items, Context(ctx.config, ctx.glossary))),
                                   protocol=pickle.HIGHEST_PROTOCOL)
            path = socket_path(self.source)
        except Exception:  # something not picklable, or no private socket directory: in process
            self._server_failed = True
            return None
        for attempt in range(2):  # a server that dies mid-request is replaced once
            conn = connect(path, self.source, start=True)
            if conn is None:
                break
            try:
                with conn:
                    conn.sendall(_HEADER.pack(len(request)) + request)
                    ok, warnings, result = _recv(conn)
            except (OSError, ConnectionError, EOFError, pickle.UnpicklingError):
                _discard(path)
                continue
            for message in warnings:
                self.warn(message)
            if ok:
                return result
            break  # the server could not check these documents: do it here
        self._server_failed = True
        return None


def _run_checker(checker, items, ctx):
    batch = getattr(checker, "check_batch", None)
    if batch is not None:
        return batch(items, ctx)
    return [checker.check(doc, found, ctx) for doc, found in items]


def _connect_now(path: Path) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
        return conn
    except OSError:
        conn.close()
        return None


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def connect(path: Path, source: ModelSource, start: bool) -> socket.socket | None:
    """A connection to the server at `path`; with `start`, a server is started (once, under a
    lock, replacing a stale socket) when none answers. None when no server can be reached."""
    conn = _connect_now(path)
    if conn is not None or not start:
        return conn
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(path.with_suffix(".lock")), timeout=START_TIMEOUT_S):
            conn = _connect_now(path)  # another run started it while we waited
            if conn is not None:
                return conn
            _discard(path)  # a stale socket of a server that died
            log = open(path.with_suffix(".log"), "ab")
            try:
                subprocess.Popen(
                    [sys.executable, "-m", "mtcheck.model.server", str(path), json.dumps(_source_json(source)),
                     str(idle_seconds())],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=True, start_new_session=True,
                    env={**os.environ, "PYTHONPATH": os.pathsep.join(
                        [str(PACKAGE.parent), *filter(None, [os.environ.get("PYTHONPATH")])])})
            finally:
                log.close()
            deadline = time.monotonic() + START_TIMEOUT_S
            while time.monotonic() < deadline:
                conn = _connect_now(path)
                if conn is not None:
                    return conn
                time.sleep(0.02)
    except (Timeout, OSError):
        pass
    return None


def _source_json(source: ModelSource) -> dict:
    return {"name": source.name, "fingerprint": source.fingerprint,
            "gguf": str(source.gguf) if source.gguf else None,
            "directory": str(source.directory) if source.directory else None}


def is_running(path: Path) -> bool:
    conn = _connect_now(path)
    if conn is not None:
        conn.close()
    return conn is not None


def stop(path: Path) -> bool:
    """Ask the server at `path` to stop; True if one was running."""
    conn = _connect_now(path)
    if conn is None:
        return False
    try:
        with conn:
            _send(conn, (PROTOCOL, "stop", ()))
            _recv(conn)
    except (OSError, ConnectionError, EOFError):
        pass
    return True


def stop_all() -> int:
    """Stop every server of this user (`mtcheck server --stop`); how many were running."""
    try:
        directory = socket_dir()
    except OSError:
        return 0
    return sum(stop(p) for p in sorted(directory.glob("*.sock")))


# -- the server -------------------------------------------------------------------------------------
def _peer_is_me(conn: socket.socket) -> bool:
    if not hasattr(socket, "SO_PEERCRED"):
        return True  # the 0700 directory is the guard where the OS has no peer credentials
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1] == os.getuid()


def serve(path: Path, source: ModelSource, idle: float) -> None:
    from .checker import ModelWordChecker

    warnings: list[str] = []
    checker = ModelWordChecker(source, warnings.append)
    old = os.umask(0o077)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(path))
    finally:
        os.umask(old)
    identity = os.stat(path).st_ino
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        listener.listen(16)
        listener.settimeout(idle)
        while True:
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                return
            with conn:
                conn.settimeout(None)
                if not _peer_is_me(conn):
                    continue
                try:
                    version, op, args = _recv(conn)
                except Exception:
                    continue
                if version != PROTOCOL or op == "stop":
                    _send(conn, (False, [], None))
                    return
                warnings.clear()
                try:
                    result = _run_checker(checker, *args)
                    reply = (True, list(warnings), result)
                except Exception as err:  # report, keep serving; the client checks in process
                    reply = (False, [*warnings, f"model server: {type(err).__name__}: {err}"], None)
                try:
                    _send(conn, reply)
                except OSError:
                    pass
    finally:
        listener.close()
        try:  # only our own socket: a replacement may already have bound the path
            if os.stat(path).st_ino == identity:
                path.unlink()
        except OSError:
            pass


def main(argv: list[str]) -> None:
    path, spec, idle = Path(argv[0]), json.loads(argv[1]), float(argv[2])
    source = ModelSource(spec["name"], spec["fingerprint"],
                         gguf=Path(spec["gguf"]) if spec["gguf"] else None,
                         directory=Path(spec["directory"]) if spec["directory"] else None)
    serve(path, source, idle)


if __name__ == "__main__":
    main(sys.argv[1:])
