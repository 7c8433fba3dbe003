"""Experiment (issue 18): does a faster CPU compute path keep the model's bits?

Times the plain forward pass of bench_model.py (the chunks the check scores, one model call
each, full output layer) in torch float32, torch bfloat16 and torch dynamic int8
(`torch.ao.quantization.quantize_dynamic`, qint8, from the float32 model: all Linear layers,
per tensor or per output channel, and without the layers whose inputs carry outlier activations:
the tied output layer and the MLP down-projections). With --onnx it also exports the float32 model
to ONNX and times ONNX Runtime in float32, dynamic int8 (same three cuts) and 4-bit weights
(MatMulNBits, int8 compute). The variants run interleaved, --rounds times, so the machine's load
hits each alike; CPU seconds (process_time) are the figure to compare. Quality: the mean and the
largest |Δ bits| per token against float32 and bfloat16 on the same tokens.

    python benchmarks/runtime_experiment.py [--rounds N] [--threads N] [--onnx DIR] [ARTICLE]

--onnx DIR: a folder with onnxruntime, onnx and onnxscript installed
(`pip install --target DIR onnxruntime onnx onnxscript`); it is put at the end of sys.path so it
cannot shadow the project's own packages. Results: benchmarks/runtime_results.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def torch_int8(load_fp32, per_channel: bool, keep_outlier_layers: bool):
    """A float32 model with its Linear layers dynamically quantized to int8."""
    import torch
    from torch.ao.quantization import default_dynamic_qconfig, per_channel_dynamic_qconfig, quantize_dynamic

    model, tokenizer = load_fp32()
    qconfig = per_channel_dynamic_qconfig if per_channel else default_dynamic_qconfig
    spec = {name: qconfig for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)
            and not (keep_outlier_layers and (name == "lm_head" or name.endswith("down_proj")))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the deprecation notice of torch.ao
        return quantize_dynamic(model, spec, dtype=torch.qint8), tokenizer


class OrtModel:
    """input ids → bits per token, through an ONNX Runtime session."""

    def __init__(self, path: Path, threads: int):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def bits(self, ids: list[int]) -> list[float]:
        import numpy as np
        import torch

        from mtcheck.model.scorer import LOG2E

        logits = self.session.run(None, {"ids": np.array([ids], dtype=np.int64)})[0][0]
        logp = torch.log_softmax(torch.from_numpy(logits), dim=-1)
        return [0.0] + [-float(logp[i - 1, ids[i]]) * LOG2E for i in range(1, len(ids))]


def onnx_variants(model, tokenizer, folder: Path, threads: int) -> dict[str, OrtModel]:
    """Export the float32 model (logits only, no cache) and quantize it in `folder`."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    class Logits(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, ids):
            return self.inner(input_ids=ids, use_cache=False).logits

    fp32 = folder / "float32.onnx"
    example = torch.tensor([tokenizer("An example sentence to trace.")["input_ids"]])
    torch.onnx.export(Logits(model).eval(), (example,), str(fp32), input_names=["ids"], output_names=["logits"],
                      dynamic_shapes=({1: torch.export.Dim("n", max=4096)},), dynamo=True, external_data=False)
    graph = onnx.load(str(fp32))
    shapes = {t.name: tuple(t.dims) for t in graph.graph.initializer}
    config = model.config
    # MatMul weights are (in, out): the down-projections read the MLP's width, the output layer
    # writes the vocabulary.
    def weight_shape(node):
        return shapes.get(node.input[1], ()) if node.op_type == "MatMul" and len(node.input) > 1 else ()

    outliers = [n.name for n in graph.graph.node if (shape := weight_shape(n))
                and (shape[0] == config.intermediate_size or shape[-1] == config.vocab_size)]
    print(f"ONNX MatMul nodes kept in float32 for the cut variant: {len(outliers)}")
    made = {"onnxruntime float32": fp32}
    for label, per_channel, exclude in (("per tensor", False, []), ("per channel", True, []),
                                        ("per channel, not lm_head/down_proj", True, outliers)):
        path = folder / f"int8-{len(made)}.onnx"
        quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8, per_channel=per_channel,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=exclude)
        made[f"onnxruntime int8, {label}"] = path
    quantizer = MatMulNBitsQuantizer(onnx.load(str(fp32)), block_size=32, is_symmetric=False, accuracy_level=4)
    quantizer.process()
    quantizer.model.save_model_to_file(str(folder / "int4.onnx"), False)
    made["onnxruntime int4 weights (block 32), int8 compute"] = folder / "int4.onnx"
    return {name: OrtModel(path, threads) for name, path in made.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("article", nargs="?", type=Path, default=ROOT / "benchmarks" / "data" / "article_700.txt")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--onnx", type=Path, metavar="DIR", help="a folder with onnxruntime, onnx, onnxscript")
    args = ap.parse_args()
    if args.onnx:
        sys.path.append(str(args.onnx))

    import torch
    import transformers

    from mtcheck.document import Document
    from mtcheck.model import store
    from mtcheck.model.checker import chunks
    from mtcheck.model.scorer import Scorer

    threads = args.threads or store.default_threads()
    source = store.resolve_source(None)
    copy = store.converted_copy(source, print)
    key = source.fingerprint.removesuffix(store.BF16_SUFFIX)

    def load(suffix=""):
        return store.load(store.ModelSource(source.name, key + suffix, directory=copy), print, threads=threads)

    doc = Document(args.article.read_text(encoding="utf-8"), str(args.article))
    texts = [doc.prose[s:e] for s, e in chunks(doc)]
    fp32 = Scorer(*load())
    bf16 = Scorer(*load(store.BF16_SUFFIX))
    runs = {"torch float32": lambda s=fp32: [s.forward(t)[2] for t in texts],
            "torch bfloat16": lambda s=bf16: [s.forward(t)[2] for t in texts]}
    for label, per_channel, keep in (("per tensor", False, False), ("per channel", True, False),
                                     ("per tensor, not lm_head/down_proj", False, True),
                                     ("per channel, not lm_head/down_proj", True, True)):
        scorer = Scorer(*torch_int8(load, per_channel, keep))
        runs[f"torch int8, {label}"] = lambda s=scorer: [s.forward(t)[2] for t in texts]
    if args.onnx:
        ids = [fp32.start_ids + fp32.tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts]
        with tempfile.TemporaryDirectory(prefix="mtcheck-onnx-") as folder:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ort_models = onnx_variants(load()[0], fp32.tokenizer, Path(folder), threads)
        for name, ort_model in ort_models.items():
            runs[name] = lambda m=ort_model: [m.bits(i) for i in ids]

    print(f"cpus={os.cpu_count()} threads={threads} torch {torch.__version__} transformers {transformers.__version__} "
          f"quantized engine={torch.backends.quantized.engine}; load avg before {os.getloadavg()[0]:.2f}")
    bits = {name: run() for name, run in runs.items()}  # also the warm-up
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    wall: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            time.sleep(0.3)  # the previous variant's thread pool stops spinning
            w, c = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - w)
            cpu[name].append(time.process_time() - c)
    tokens = sum(len(b) - 1 for b in bits["torch float32"])
    print(f"{args.article.name}: {doc.word_count} words, {len(texts)} chunks, {tokens} tokens; medians of "
          f"{args.rounds} interleaved rounds; load avg after {os.getloadavg()[0]:.2f}\n")
    base = statistics.median(cpu["torch bfloat16"])
    print("| variant | wall s | CPU s | CPU / bf16 | mean abs Δ bits vs fp32 | vs bf16 | max vs fp32 | bits of the article |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in runs:
        d32 = [abs(a - b) for xs, ys in zip(bits[name], bits["torch float32"]) for a, b in zip(xs[1:], ys[1:])]
        d16 = [abs(a - b) for xs, ys in zip(bits[name], bits["torch bfloat16"]) for a, b in zip(xs[1:], ys[1:])]
        c = statistics.median(cpu[name])
        print(f"| {name} | {statistics.median(wall[name]):.2f} | {c:.2f} | {c / base:.2f} | {statistics.mean(d32):.3f} "
              f"| {statistics.mean(d16):.3f} | {max(d32):.2f} | {sum(sum(b[1:]) for b in bits[name]):.0f} |")


if __name__ == "__main__":
    main()
