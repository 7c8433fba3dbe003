"""Articles per second for `check --jobs 2`, `audit --engine local` and `audit --engine ray`,
rules only and with the model, and the figures behind the cluster-size estimate in
benchmarks/audit_results.md. Every run is the real CLI in a fresh process (Ray's start-up
included; it is also timed alone); the findings of the three commands must be identical.

    python benchmarks/bench_audit.py                        # 2,000 articles rules only, 8 with the model
    python benchmarks/bench_audit.py --files 500 --model-files 4 --no-model-runs

With the model, each run gets an empty score cache (the converted model is shared), so every
article is really scored.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_jobs import make_articles  # noqa: E402


def run(args: list[str], env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds, CPU seconds of waited-for child processes (Ray's workers are not among them)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mtcheck", *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"mtcheck {' '.join(args[:3])} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def findings_of_audit(out: Path) -> list[dict]:
    return [{k: v for k, v in json.loads(line).items() if k not in ("article", "id")}
            for line in out.read_text(encoding="utf-8").splitlines()]


def compare(label: str, folder: Path, n: int, model: list[str], env: dict, tmp: Path, jobs: int) -> list[str]:
    rows = []
    results = {}
    commands = {
        f"check --jobs {jobs}": ["check", *model, "--no-progress", "--format", "jsonl", "--jobs", str(jobs), str(folder)],
        f"audit --engine local --jobs {jobs}": ["audit", *model, "--jobs", str(jobs), str(folder), "-o"],
        f"audit --engine ray --jobs {jobs}": ["audit", *model, "--engine", "ray", "--jobs", str(jobs), str(folder), "-o"],
    }
    for name, args in commands.items():
        run_env = dict(env)
        if model:  # an empty score cache, the converted model shared
            cache = tmp / f"cache-{len(results)}-{label}"
            (cache / "mtcheck").mkdir(parents=True)
            (cache / "mtcheck" / "models").symlink_to(Path(env.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                                                       / "mtcheck" / "models")
            run_env["XDG_CACHE_HOME"] = str(cache)
        if args[-1] == "-o":
            out = tmp / f"{label}-{len(results)}.jsonl"
            args = [*args, str(out)]
        wall, cpu, proc = run(args, run_env)
        found = findings_of_audit(out) if name.startswith("audit") else [json.loads(x) for x in proc.stdout.splitlines()]
        results[name] = found
        rows.append(f"| {label} | {name} | {n} | {wall:.1f} | {n / wall:.3g} | "
                    f"{'–' if 'ray' in name else f'{cpu:.1f}'} | {len(found)} |")
    same = all(r == results[f"check --jobs {jobs}"] for r in results.values())
    rows.append(f"| {label} | identical findings in the same order | | | | | {same} |")
    if not same:
        print("\n".join(rows))
        sys.exit("the engines disagree")
    return rows


def ray_start_seconds(env: dict) -> float:
    code = ("import time; t = time.perf_counter(); import ray; ray.init(num_cpus=2, include_dashboard=False, "
            "logging_level='ERROR'); print(time.perf_counter() - t); ray.shutdown()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    return float(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000, help="articles for the rules-only runs")
    parser.add_argument("--model-files", type=int, default=8, help="articles for the runs with the model")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-model-runs", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory(prefix="mtcheck-bench-audit-") as name:
        tmp = Path(name)
        folder, small = tmp / "archive", tmp / "small"
        make_articles(folder, args.files)
        make_articles(small, args.model_files, seed=11)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.rglob("*.*"))
        small_words = sum(len(p.read_text(encoding="utf-8").split()) for p in small.rglob("*.*"))
        load = os.getloadavg()
        print(f"cpus: {os.cpu_count()}; load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
              "(other jobs running on the machine slow every figure)")
        print(f"rules-only archive: {args.files} articles, {words:,} words; model archive: {args.model_files} "
              f"articles, {small_words:,} words")
        print(f"ray.init (local, 2 CPUs, no dashboard): {ray_start_seconds(env):.1f} s\n")
        print("| mode | command | articles | wall s | articles/s | CPU s (waited-for processes) | findings |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for line in compare("rules only", folder, args.files, ["--no-model"], env, tmp, args.jobs):
            print(line, flush=True)
        if not args.no_model_runs:
            for line in compare("with the model", small, args.model_files, ["--require-model"], env, tmp, args.jobs):
                print(line, flush=True)
        load = os.getloadavg()
        print(f"\nload average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
