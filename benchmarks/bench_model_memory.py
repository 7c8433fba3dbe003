"""Memory of model mode from document to document: does the process stay flat after warm-up?

    python benchmarks/bench_model_memory.py [--passes 2] [--server] [--findings OUT.json]

One engine Checker (rules + model, samples/glossary.csv) checks the 20 garbled samples and their
20 clean twins, `--passes` times, and prints the resident memory (VmRSS) after every document and
the peak (VmHWM). Every pass starts from an empty score cache, so the model does its whole work
again while what a long-lived process keeps (the loaded model, the Judge's tables, torch's and
malloc's heaps) stays: the situation of the resident server, which checks document after document.

In process (default) the memory is this process's; with `--server` the model runs in a real
resident server (`python -m mtcheck.model.server`, a temporary socket directory and score cache)
and the memory is the server's, read from /proc after every document. The server keeps its score
cache across passes, so a pass after the first adds one made-up glossary term (the cache keys
hold the article's names): every chunk is then scored again, the term matching no word.
`--findings` writes the model's findings (MT201, MT901) of the first pass, to compare two versions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import struct
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def status_mib(pid: int | str = "self") -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            fields[line.split(":")[0]] = int(line.split()[1]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def server_pid(run_dir: Path) -> int | None:
    for sock_path in (run_dir / "mtcheck").glob("*.sock"):
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(str(sock_path))
            return struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[0]
        except OSError:
            continue
        finally:
            conn.close()
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--server", action="store_true", help="measure the resident server")
    ap.add_argument("--findings", type=Path, help="write the first pass's model findings here (JSON)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="mtmem-")
    from mtcheck.model import store

    models = store.cache_root() / "models"
    os.makedirs(f"{tmp}/cache/mtcheck")
    os.symlink(models, f"{tmp}/cache/mtcheck/models")  # the converted model, no scores
    os.environ["XDG_CACHE_HOME"] = f"{tmp}/cache"
    os.makedirs(f"{tmp}/run", mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = f"{tmp}/run"

    from mtcheck.config import Config
    from mtcheck.engine import Checker, read_document
    from mtcheck.glossary import GlossaryEntry, load_glossaries
    from mtcheck.model.checker import ModelWordChecker, ScoreCache
    from mtcheck.model.server import ResidentChecker, stop_all

    source = store.resolve_source(None)
    gold = [json.loads(line) for line in (ROOT / "samples" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = [ROOT / e["garbled"] for e in gold] + [ROOT / e["clean"] for e in gold]
    docs = [read_document(str(p)) for p in paths]
    config = Config()
    print(f"{'server' if args.server else 'in process'}; {len(docs)} documents x {args.passes} passes; "
          f"load avg {os.getloadavg()[0]:.1f}; MTCHECK_THREADS={os.environ.get('MTCHECK_THREADS', '')} "
          f"MALLOC_ARENA_MAX={os.environ.get('MALLOC_ARENA_MAX', '')}")
    found: list = []
    after: list[list[float]] = []
    pid: int | str = "self"
    started = time.perf_counter()
    try:
        for n in range(args.passes):
            glossary = load_glossaries([str(ROOT / "samples" / "glossary.csv")])
            if n and args.server:
                glossary.entries.append(GlossaryEntry(term=f"Qzxjvw{n}"))
            if args.server:
                model = ResidentChecker(source, print)
            elif n == 0:
                model = ModelWordChecker(source, print, cache_dir=Path(tmp) / "scores0")
            else:  # a fresh score cache; the model and the Judge are kept (as in the server)
                model.cache = ScoreCache(Path(tmp) / f"scores{n}" / "scores.sqlite")
            checker = Checker(config, glossary, model)
            rss = []
            for path, doc in zip(paths, docs):
                t = time.perf_counter()
                findings = checker.check(doc)
                if args.server and pid == "self":
                    pid = server_pid(Path(tmp) / "run") or "self"
                now, peak = status_mib(pid)
                rss.append(now)
                print(f"pass {n + 1} {path.parent.name}/{path.name[:28]:28} {time.perf_counter() - t:5.1f} s "
                      f"RSS {now:6.0f} MiB peak {peak:6.0f} MiB" + ("" if args.server else f"; Python objects {sys.getallocatedblocks():,}"), flush=True)
                if n == 0:
                    found += [[f"{path.parent.name}/{path.name}", f.rule, f.start, f.end, list(f.suggestions),
                               f.confidence] for f in findings if f.rule in ("MT201", "MT901")]
            after.append(rss)
        _, peak = status_mib(pid)
    finally:
        if args.server:
            stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    first = after[0]
    print(f"\nafter document 1: {first[0]:.0f} MiB; after 5: {first[4]:.0f}; after 20: {first[19]:.0f}; "
          f"after {len(first)}: {first[-1]:.0f}" + "".join(
              f"; pass {i + 1} end: {a[-1]:.0f}" for i, a in enumerate(after[1:], 1)))
    print(f"growth from document 5 to the end of pass 1: {first[-1] - first[4]:+.0f} MiB; over pass 2 and later: "
          f"{after[-1][-1] - first[-1]:+.0f} MiB; peak {peak:.0f} MiB; {len(found)} model findings in pass 1; "
          f"{time.perf_counter() - started:.0f} s")
    if args.findings:
        args.findings.write_text(json.dumps(found, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
