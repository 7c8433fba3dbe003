"""Timing of model mode (MT901) beside a plain forward pass of the model, in one run.

Prints, per article: the plain forward pass (chunk by chunk, the chunks the check scores; full
output layer) in float32 and in the precision model mode uses, the same pass in model mode's
padded batches, model mode with the model loaded and an empty score cache (ratios to the plain
passes, in wall and in CPU time: on a shared machine the CPU ratio is the steadier one), with
`--profile` where model mode's CPU time goes, a re-check from the score cache; then the whole CLI
end to end: in process with a fresh score cache, and with the resident server (first run: server
start + torch import + model load + a different article; second run: this article, fresh to
every cache), in wall time and in CPU time (the client's and the server's for that run); peak
memory of the in-process CLI and of the server; the machine and its load.

    python benchmarks/bench_model.py [--threads N] [--skip-cli] [--profile] [ARTICLE ...]

Default article: benchmarks/data/article_700.txt. The model must be converted already
(`mtcheck model install`); the CLI runs use a temporary score cache and socket directory.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIRST_RUN_ARTICLE = ROOT / "samples" / "clean" / "01-kyiv-grain-corridor.txt"


def plain_pass(scorer, doc, chunks, batched: bool = False) -> tuple[float, float, int]:
    """(wall s, CPU s, tokens) of the plain pass: chunk by chunk, or in model mode's padded
    batches (Scorer.forward_many)."""
    scorer.forward("Warm-up.")
    texts = [doc.prose[s:e] for s, e in chunks(doc)]
    t, c = time.perf_counter(), time.process_time()
    passes = scorer.forward_many(texts) if batched else [scorer.forward(text) for text in texts]
    tokens = sum(len(p[0]) for p in passes)
    return time.perf_counter() - t, time.process_time() - c, tokens


# Where model mode's time goes (--profile): cProfile's cumulative time of these functions.
PARTS = (("plain pass (no output layer)", "plain_passes"), ("output layer at the positions read", "log_probs"),
         ("rescoring", "continuations_of_many"), ("head predictions", "heads"),
         ("embedding neighbours", "find_neighbours"), ("candidate generation (Python)", "propose_all"),
         ("first-token tokenizing", "first_tokens"))


def profile_split(run) -> str:
    import cProfile
    import pstats

    prof = cProfile.Profile(time.process_time)  # CPU time: the machine may be shared
    c = time.process_time()
    prof.runcall(run)
    total = time.process_time() - c
    stats = pstats.Stats(prof).stats
    lines, counted = [], 0.0
    for label, name in PARTS:
        cum = sum(v[3] for k, v in stats.items() if k[2] == name and "mtcheck" in k[0])
        counted += cum
        lines.append(f"    {label}: {cum:.2f} s ({100 * cum / total:.0f}%)")
    lines.append(f"    other (original-word tokenizing, MT201, decisions, profiler): {total - counted:.2f} s "
                 f"({100 * (total - counted) / total:.0f}%)")
    return f"  profile of model mode (CPU {total:.2f} s under cProfile):\n" + "\n".join(lines)


# The CLI, reporting its own peak memory on exit: VmHWM belongs to the process's memory since
# exec. (A child's ru_maxrss does not: Linux carries it over exec, so a child forked from this
# big benchmark process reports this process's peak.)
# (`main`, not `python -m mtcheck`, whose quick exit would skip the report: same work, same peak.)
_CLI = ("import sys\nfrom mtcheck.cli import main\n"
        "sys.argv = ['mtcheck'] + sys.argv[1:]\n"
        "try:\n    main()\n"
        "finally:\n"
        "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "    sys.stderr.write('VmHWM %s\\n' % hwm)\n")


def cli(path: Path, env: dict) -> tuple[float, str, float, float]:
    """Wall seconds, the summary line, the peak RSS in MiB and the CPU seconds of one `mtcheck
    check` run (the client process's own; a resident server's are counted apart)."""
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-c", _CLI, "check", "--exit-zero", str(path)], env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    peaks = [int(line.split()[1]) / 1024 for line in proc.stderr.splitlines() if line.startswith("VmHWM ")]
    line = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr
    return wall, line, peaks[-1] if peaks else float("nan"), cpu


def server_pid(run_dir: Path) -> int | None:
    """The running server's pid, from its socket's peer credentials."""
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


def server_peak_mib(run_dir: Path) -> float | None:
    """VmHWM of the running server."""
    pid = server_pid(run_dir)
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return None


def server_cpu(run_dir: Path) -> float:
    """CPU seconds the running server has used so far (0 when none runs)."""
    pid = server_pid(run_dir)
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("articles", nargs="*", type=Path)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--profile", action="store_true", help="also profile model mode (a second empty cache)")
    args = ap.parse_args()
    articles = args.articles or [ROOT / "benchmarks" / "data" / "article_700.txt"]

    t = time.perf_counter()
    import torch
    import transformers
    import_s = time.perf_counter() - t

    from mtcheck.config import Config
    from mtcheck.document import Document
    from mtcheck.model import store
    from mtcheck.model.checker import ModelWordChecker, chunks
    from mtcheck.model.scorer import Scorer
    from mtcheck.rules.base import Context

    threads = args.threads or store.default_threads()
    source = store.resolve_source(None)
    print(f"machine: {platform.machine()} cpus={os.cpu_count()} load avg={os.getloadavg()[0]:.1f} "
          f"python {platform.python_version()} torch {torch.__version__} transformers {transformers.__version__} "
          f"threads={threads} precision={source.precision}")
    print(f"import torch+transformers: {import_s:.2f} s")
    copy = store.converted_copy(source, print)
    t = time.perf_counter()
    model, tokenizer = store.load(source, print, threads=threads)
    print(f"load (converted copy, {source.precision}): {time.perf_counter() - t:.2f} s")
    scorer = Scorer(model, tokenizer)
    fp32 = None
    if source.precision != "float32":
        fp32 = Scorer(*store.load(store.ModelSource(source.name, source.fingerprint.split(".")[0],
                                                    directory=copy), print, threads=threads))
    from mtcheck.model import candidates
    candidates.vocabulary()  # the word list loads once per process, like the model

    for path in articles:
        doc = Document(path.read_text(encoding="utf-8"), str(path))
        print(f"\n{path.name}: {doc.word_count} words, {len(chunks(doc))} chunks")
        plain32, _, tokens = plain_pass(fp32, doc, chunks) if fp32 else (None, None, 0)
        plain, plain_cpu, tokens = plain_pass(scorer, doc, chunks)
        batched, batched_cpu, _ = plain_pass(scorer, doc, chunks, batched=True)
        with tempfile.TemporaryDirectory() as tmp:
            warm_checker = ModelWordChecker(source, print, cache_dir=Path(tmp))
            warm_checker._scorer = scorer
            t, c = time.perf_counter(), time.process_time()
            findings = warm_checker.check(doc, [], Context(Config()))
            warm, warm_cpu = time.perf_counter() - t, time.process_time() - c
            t = time.perf_counter()
            again = warm_checker.check(doc, [], Context(Config()))
            recheck = time.perf_counter() - t
            assert again == findings
        if plain32 is not None:
            print(f"  plain forward pass, float32: {plain32:.2f} s ({tokens} tokens)")
        print(f"  plain forward pass, {source.precision}: {plain:.2f} s (CPU {plain_cpu:.2f} s); in model mode's "
              f"padded batches {batched:.2f} s (CPU {batched_cpu:.2f} s)")
        print(f"  model mode (model loaded, empty score cache): {warm:.2f} s = {warm / plain:.2f}x the "
              f"{source.precision} pass" + (f", {warm / plain32:.2f}x the float32 pass" if plain32 else "")
              + f"; CPU {warm_cpu:.2f} s = {warm_cpu / plain_cpu:.2f}x the pass's CPU, "
              f"{warm_cpu / batched_cpu:.2f}x the batched pass's")
        if args.profile:
            with tempfile.TemporaryDirectory() as tmp:
                profiled = ModelWordChecker(source, print, cache_dir=Path(tmp))
                profiled._scorer = scorer
                print(profile_split(lambda: profiled.check(doc, [], Context(Config()))))
        print(f"  re-check unchanged (in process, score cache): {recheck:.3f} s")
        print(f"  model findings: {len(findings)} {[doc.text[f.start:f.end] for f in findings]}")
        if args.skip_cli:
            continue
        with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory(prefix="mtb-", dir="/tmp") as run:
            cache = Path(tmp) / "mtcheck"
            cache.mkdir()
            (cache / "models").symlink_to(copy.parent)  # the converted model, no scores
            env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": tmp, "XDG_RUNTIME_DIR": run,
                   "MTCHECK_THREADS": str(threads)}
            alone, line, peak, alone_cpu = cli(path, {**env, "MTCHECK_SERVER": "0"})
            print(f"  CLI in process, fresh score cache: {alone:.2f} s = {alone / plain:.2f}x ({line}); "
                  f"CPU {alone_cpu:.2f} s = {alone_cpu / plain_cpu:.2f}x the pass's CPU; peak RSS {peak:.0f} MiB")
            (cache / "scores.sqlite").unlink()
            first, _, _, _ = cli(FIRST_RUN_ARTICLE, env)
            served = server_cpu(Path(run))
            second, line, client_peak, client_cpu = cli(path, env)
            second_cpu = client_cpu + server_cpu(Path(run)) - served
            third, _, _, _ = cli(path, env)
            print(f"  CLI with the resident server: first run (starts it; another article) {first:.2f} s; "
                  f"second run (this article, fresh score cache) {second:.2f} s = {second / plain:.2f}x the "
                  f"{source.precision} pass" + (f", {second / plain32:.2f}x the float32 pass" if plain32 else "")
                  + f" ({line}); CPU (client + server) {second_cpu:.2f} s = {second_cpu / plain_cpu:.2f}x the "
                  f"pass's CPU; re-run {third:.2f} s")
            print(f"  server peak RSS: {server_peak_mib(Path(run)) or 0:.0f} MiB; the client's: {client_peak:.0f} MiB")
            subprocess.run([sys.executable, "-m", "mtcheck", "server", "--stop"], env=env, capture_output=True)
    print(f"\nthis process's peak RSS (two copies of the model when float32 is compared): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
