"""`mtcheck audit --engine ray` on a local Ray instance (2 CPUs, no dashboard): the same rows as
the local engine and as `check`, rules only and with a tiny test model in actors; resume after an
interruption. Skipped when ray is not installed (pip install 'mtcheck[ray]')."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import REPO

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
pq = pytest.importorskip("pyarrow.parquet")

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_jobs import make_articles  # noqa: E402

from mtcheck.audit import store as audit_store  # noqa: E402
from mtcheck.audit.run import run_audit  # noqa: E402
from mtcheck.runner import CheckOptions  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own settings

try:  # the tiny 2-layer Llama of the model tests (needs torch and transformers)
    from test_model import tiny_model  # noqa: F401
except pytest.skip.Exception:
    @pytest.fixture(scope="module")
    def tiny_model():
        pytest.skip("torch/transformers are not installed")


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory):
    """One Ray instance for the module; run_audit uses it instead of starting its own."""
    cache = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(cache))  # the model's score cache, for the workers too
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()
    mp.undo()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    make_articles(folder, 300)
    return folder


def rows(path):
    if str(path).endswith(".parquet"):
        return pq.read_table(path).to_pylist()
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def test_ray_rules_only_equals_local_and_check(local_ray, archive, tmp_path, run_cli):
    options = CheckOptions(model_wanted=False)
    local = run_audit([str(archive)], options, str(tmp_path / "local.parquet"), engine="local", jobs=2, batch_size=20)
    on_ray = run_audit([str(archive)], options, str(tmp_path / "ray.parquet"), engine="ray", batch_size=20)
    assert local.checked == on_ray.checked == 300 and on_ray.findings > 100
    ray_rows = rows(tmp_path / "ray.parquet")
    assert ray_rows == rows(tmp_path / "local.parquet")
    assert rows(tmp_path / "ray.articles.parquet") == rows(tmp_path / "local.articles.parquet")
    proc = run_cli("check", "--no-model", "--format", "jsonl", str(archive))
    expected = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [{k: v for k, v in r.items() if k not in ("article", "id")} for r in ray_rows] == expected


def test_ray_model_actors_equal_check(local_ray, archive, tiny_model, tmp_path, run_cli):
    some = sorted(archive.rglob("*.txt"))[:8]
    options = CheckOptions(overrides={"model": str(tiny_model), "use-model": True}, require_model=True)
    paths = [str(p) for p in some]
    on_ray = run_audit(paths, options, str(tmp_path / "ray.jsonl"), engine="ray", batch_size=5, model_actors=2)
    local = run_audit(paths, options, str(tmp_path / "local.jsonl"), engine="local", jobs=2, batch_size=5)
    assert on_ray.checked == local.checked == 8
    ray_rows = rows(tmp_path / "ray.jsonl")
    assert ray_rows == rows(tmp_path / "local.jsonl")
    proc = run_cli("check", "--model", str(tiny_model), "--require-model", "--format", "jsonl", *paths)
    expected = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [{k: v for k, v in r.items() if k not in ("article", "id")} for r in ray_rows] == expected
    assert any(r["origin"] == "model" for r in ray_rows)  # the model ran (a random tiny model flags plenty)


def test_ray_resume_after_interruption(local_ray, archive, tmp_path, monkeypatch):
    options = CheckOptions(model_wanted=False)
    full = run_audit([str(archive)], options, str(tmp_path / "full.parquet"), engine="ray", batch_size=25)
    commits = []
    real_commit = audit_store.AuditStore.commit

    def commit_then_stop(self):
        real_commit(self)
        commits.append(1)
        if len(commits) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(audit_store.AuditStore, "commit", commit_then_stop)
    out = tmp_path / "part.parquet"
    with pytest.raises(KeyboardInterrupt):
        run_audit([str(archive)], options, str(out), engine="ray", batch_size=25, commit_every=40)
    assert not out.exists()
    monkeypatch.undo()
    again = run_audit([str(archive)], options, str(out), engine="ray", batch_size=25, commit_every=40)
    assert again.resumed == 120 and again.checked == 180 and full.checked == 300
    assert rows(out) == rows(tmp_path / "full.parquet")
    assert rows(tmp_path / "part.articles.parquet") == rows(tmp_path / "full.articles.parquet")
