"""Run a benchmark script or `-m mtcheck ...` with the model dynamically quantized to int8
(experiment of issue 18, benchmarks/runtime_results.md): store.load returns the float32 model
with its Linear layers quantized by torch.ao.quantization.quantize_dynamic (qint8).

    MTCHECK_PRECISION=float32 MTCHECK_SERVER=0 XDG_CACHE_HOME=<fresh dir> \\
        python benchmarks/run_with_int8.py all|cut SCRIPT [ARGS...]
    ... python benchmarks/run_with_int8.py all|cut -m mtcheck eval --limit 12 ../shared/wmt23-zhen-mqm/dev.tsv

all: every Linear layer, per-tensor weights (the fastest); cut: per-channel weights, the output
layer and the MLP down-projections kept in float32 (their inputs carry outlier activations).
The score cache is keyed by model and precision, not by this patch: give it a fresh cache dir
(link the converted model into it), and keep the server off, which would load the unpatched model.
"""

from __future__ import annotations

import runpy
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mtcheck.model import checker, store  # noqa: E402


def main() -> None:
    variant, args = sys.argv[1], sys.argv[2:]
    if variant not in ("all", "cut") or not args:
        sys.exit(__doc__)
    plain_load = store.load

    def load(source, warn, threads=None):
        import torch
        from torch.ao.quantization import default_dynamic_qconfig, per_channel_dynamic_qconfig, quantize_dynamic

        if source.precision != "float32":
            sys.exit("set MTCHECK_PRECISION=float32: dynamic int8 starts from the float32 model")
        model, tokenizer = plain_load(source, warn, threads)
        qconfig = default_dynamic_qconfig if variant == "all" else per_channel_dynamic_qconfig
        spec = {name: qconfig for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)
                and (variant == "all" or not (name == "lm_head" or name.endswith("down_proj")))}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return quantize_dynamic(model, spec, dtype=torch.qint8), tokenizer

    store.load = checker.load = load
    if args[0] == "-m":
        sys.argv = args[1:]
        runpy.run_module(args[1], run_name="__main__")
    else:
        sys.argv = args
        runpy.run_path(args[0], run_name="__main__")


if __name__ == "__main__":
    main()
