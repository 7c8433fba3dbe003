"""Timing of model mode (MT901) beside a plain forward pass of the model.

Prints: load time (cold from the GGUF into an empty cache, warm from the safetensors copy),
the plain forward pass over each article (chunk by chunk, the same chunks the check scores),
model-mode check time (cold = load + check with an empty score cache, warm = model loaded but
empty score cache, re-check = unchanged article, in process and through the CLI), peak memory
and the machine.

    python benchmarks/bench_model.py [--skip-cold-load] [--threads N] [ARTICLE ...]

Default articles: benchmarks/data/article_700.txt and, when present, the seed article in shared/.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed_articles() -> list[Path]:
    for folder in ROOT.parents:
        seeds = sorted((folder / "shared" / "seeds").glob("000_*.txt"))
        if seeds:
            return seeds[:1]
    return []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("articles", nargs="*", type=Path)
    ap.add_argument("--skip-cold-load", action="store_true", help="skip the GGUF conversion timing")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    articles = args.articles or [ROOT / "benchmarks" / "data" / "article_700.txt", *seed_articles()]

    t = time.perf_counter()
    import torch  # noqa: F401
    import transformers  # noqa: F401
    import_s = time.perf_counter() - t

    from mtcheck.config import Config
    from mtcheck.document import Document
    from mtcheck.model import store
    from mtcheck.model.checker import ModelWordChecker, chunks
    from mtcheck.model.scorer import Scorer
    from mtcheck.rules.base import Context

    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()} "
          f"load avg={os.getloadavg()[0]:.1f} python {platform.python_version()} torch {torch.__version__} "
          f"transformers {transformers.__version__} threads={args.threads}")
    print(f"import torch+transformers: {import_s:.2f} s")
    source = store.resolve_source(None)
    if not args.skip_cold_load:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            store.converted_copy(source, print, root=Path(tmp))
            print(f"load cold (GGUF → safetensors copy): {time.perf_counter() - t:.2f} s")
    store.converted_copy(source, print)  # make sure the user cache holds the copy
    t = time.perf_counter()
    model, tokenizer = store.load(source, print, threads=args.threads)
    print(f"load warm (safetensors copy): {time.perf_counter() - t:.2f} s")
    scorer = Scorer(model, tokenizer)

    for path in articles:
        doc = Document(path.read_text(encoding="utf-8"), str(path))
        print(f"\n{path.name}: {doc.word_count} words, {len(chunks(doc))} chunks")
        scorer.forward("Warm-up.")
        t = time.perf_counter()
        tokens = 0
        for s, e in chunks(doc):
            tokens += len(scorer.forward(doc.prose[s:e])[0])
        plain = time.perf_counter() - t
        print(f"  plain forward pass: {plain:.2f} s ({tokens} tokens)")
        with tempfile.TemporaryDirectory() as tmp:
            checker = ModelWordChecker(source, print, cache_dir=Path(tmp))
            t = time.perf_counter()
            checker._scorer = None
            checker.scorer  # the cold check loads the model (from the cache copy)
            findings = checker.check(doc, [], Context(Config()))
            cold = time.perf_counter() - t
            warm_checker = ModelWordChecker(source, print, cache_dir=Path(tmp) / "warm")
            warm_checker._scorer = scorer
            t = time.perf_counter()
            warm_checker.check(doc, [], Context(Config()))
            warm = time.perf_counter() - t
            t = time.perf_counter()
            again = checker.check(doc, [], Context(Config()))
            recheck = time.perf_counter() - t
            assert again == findings
            env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the user cache: the first run fills it
            subprocess.run([sys.executable, "-m", "mtcheck", "check", "--exit-zero", str(path)], env=env,
                           capture_output=True)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mtcheck", "check", "--exit-zero", str(path)], env=env,
                           capture_output=True)
            cli_recheck = time.perf_counter() - t
        print(f"  model mode cold (load + check): {cold:.2f} s")
        print(f"  model mode warm (model loaded, empty score cache): {warm:.2f} s = {warm / plain:.2f}x plain pass")
        print(f"  re-check unchanged (in process): {recheck:.3f} s")
        print(f"  re-check unchanged (CLI process, rules + model): {cli_recheck:.2f} s")
        print(f"  model findings: {len(findings)}")
    print(f"\npeak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
