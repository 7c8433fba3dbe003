"""The model cache under stress: concurrent runs, a truncated copy, an unwritable cache folder.

The GGUF conversion is replaced by a fake that writes a tiny safetensors file, so these run
without torch or a model. Skipped until mtcheck/model/store.py is present.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest

store = pytest.importorskip("mtcheck.model.store")
pytest.importorskip("safetensors")
pytest.importorskip("filelock")
pytest.importorskip("numpy")

SOURCE = store.ModelSource("tiny", "f00d", gguf=Path("/nonexistent/tiny.gguf"))


def fake_convert(gguf, target, log: Path | None = None, delay: float = 0.0):
    """What _convert leaves behind: a safetensors file and the manifest, built slowly on demand."""
    from safetensors.numpy import save_file
    import numpy as np

    if log is not None:
        with open(log, "a") as out:
            out.write("convert\n")
    time.sleep(delay)
    save_file({"w": np.zeros((4, 4), dtype=np.float32)}, str(target / "model.safetensors"))
    (target / "config.json").write_text("{}")
    files = {p.name: p.stat().st_size for p in target.iterdir() if p.is_file()}
    (target / store.MANIFEST).write_text(json.dumps({"source": gguf.name, "files": files}))


@pytest.fixture
def warnings():
    class Warnings(list):  # the one-line conversion notice is not a warning (tests/test_model.py checks it)
        def append(self, message):
            if not message.startswith("converting the language model"):
                super().append(message)

    return Warnings()


def test_builds_once_then_reuses(tmp_path, monkeypatch, warnings):
    log = tmp_path / "log"
    monkeypatch.setattr(store, "_convert", lambda g, t: fake_convert(g, t, log))
    first = store.converted_copy(SOURCE, warnings.append, root=tmp_path / "cache")
    second = store.converted_copy(SOURCE, warnings.append, root=tmp_path / "cache")
    assert first == second and log.read_text() == "convert\n" and warnings == []


def test_truncated_copy_is_detected_and_rebuilt(tmp_path, monkeypatch, warnings):
    monkeypatch.setattr(store, "_convert", fake_convert)
    target = store.converted_copy(SOURCE, warnings.append, root=tmp_path / "cache")
    weights = target / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:20])  # a crash mid-copy, a full disk
    rebuilt = store.converted_copy(SOURCE, warnings.append, root=tmp_path / "cache")
    assert rebuilt == target and store._manifest_ok(rebuilt)
    assert len(warnings) == 1 and "incomplete or corrupt; rebuilding" in warnings[0]


def test_garbage_manifest_is_rebuilt(tmp_path, monkeypatch, warnings):
    monkeypatch.setattr(store, "_convert", fake_convert)
    target = store.converted_copy(SOURCE, warnings.append, root=tmp_path / "cache")
    (target / store.MANIFEST).write_bytes(b"\x00{not json")
    assert store._manifest_ok(store.converted_copy(SOURCE, warnings.append, root=tmp_path / "cache"))
    assert len(warnings) == 1


def test_unwritable_cache_falls_back_to_a_temporary_folder_with_a_warning(tmp_path, monkeypatch, warnings):
    monkeypatch.setattr(store, "_convert", fake_convert)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")  # unwritable even for root
    target = store.converted_copy(SOURCE, warnings.append, root=blocked)
    assert store._manifest_ok(target) and not target.is_relative_to(blocked)
    assert len(warnings) == 1 and "not writable" in warnings[0]


def _worker(root: str, log: str) -> None:
    store._convert = lambda g, t: fake_convert(g, t, Path(log), delay=0.5)
    store.converted_copy(SOURCE, lambda message: None, root=Path(root))


def test_concurrent_runs_convert_once(tmp_path):
    log = tmp_path / "log"
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_worker, args=(str(tmp_path / "cache"), str(log))) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert log.read_text() == "convert\n"
    models = tmp_path / "cache" / "models"
    assert [p.name for p in models.iterdir() if p.is_dir()] == ["tiny-f00d"]  # no half-built leftovers
