"""Many files: --jobs gives the same findings in the same order; the progress bar stays off pipes."""

import io
import json
import sys

import pytest

from conftest import REPO
from mtcheck.runner import Progress

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_jobs import make_articles  # noqa: E402


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    make_articles(folder, 60)
    return folder


def test_jobs_give_identical_findings_in_file_order(articles, run_cli):
    outputs = {}
    for jobs in ("1", "2", "3"):
        proc = run_cli("check", "--no-model", "--format", "json", "--jobs", jobs, str(articles))
        assert proc.returncode == 1, proc.stderr
        outputs[jobs] = json.loads(proc.stdout)["files"]
    paths = [f["path"] for f in outputs["1"]]
    assert len(paths) == 60 and paths == sorted(paths)
    assert sum(len(f["findings"]) for f in outputs["1"]) > 10
    assert len({x["rule"] for f in outputs["1"] for x in f["findings"]}) >= 3  # several rule families at work
    assert outputs["1"] == outputs["2"] == outputs["3"]


def test_jobs_with_baseline_and_html(articles, tmp_path, run_cli):
    baseline = tmp_path / "base.json"
    assert run_cli("baseline", "--no-model", "--jobs", "2", str(articles), "-o", str(baseline)).returncode == 0
    proc = run_cli("check", "--no-model", "--jobs", "2", "--baseline", str(baseline), str(articles))
    assert proc.returncode == 0, proc.stdout
    report = tmp_path / "r.html"
    proc = run_cli("check", "--no-model", "--jobs", "2", "-f", "html", "-o", str(report), str(articles))
    assert proc.returncode == 1 and report.read_text(encoding="utf-8").count("<article ") == 60


def test_no_progress_bar_in_a_pipe(articles, run_cli):
    proc = run_cli("check", "--no-model", str(articles), env={"CI": ""})
    assert "\r" not in proc.stderr and "mtcheck [" not in proc.stderr


def test_progress_bar_on_a_terminal_only(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    term = FakeTerminal()
    bar = Progress(40, stream=term)
    for _ in range(40):
        bar.advance()
    bar.close()
    assert "40/40 files" in term.getvalue() and term.getvalue().endswith("\r\033[K")

    pipe = io.StringIO()
    bar = Progress(40, stream=pipe)
    bar.advance(40)
    assert pipe.getvalue() == ""

    small = FakeTerminal()
    Progress(3, stream=small).advance(3)  # too few files to bother
    assert small.getvalue() == ""


def test_progress_bar_for_a_few_large_files_shows_at_once(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    term = FakeTerminal()
    bar = Progress(1, stream=term, size=5_000_000)  # one 5 MB file: many seconds of work
    assert term.getvalue().endswith("] 0/1 files (5.0 MB)")  # before the file is done
    bar.advance()
    bar.close()
    assert "1/1 files (5.0 MB)" in term.getvalue() and term.getvalue().endswith("\r\033[K")
    small = FakeTerminal()
    Progress(1, stream=small, size=50_000).advance()
    assert small.getvalue() == ""


def _stderr_on_a_terminal(*args, cwd):
    """Run the CLI with stderr on a pseudo-terminal and stdout on a pipe: (exit code, stdout, stderr)."""
    import os
    import pty
    import subprocess

    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "CI": "", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "mtcheck", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=follower)
    os.close(follower)
    err = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    out = proc.stdout.read()
    os.close(leader)
    return proc.wait(timeout=120), out.decode(), err.decode()


def test_progress_bar_on_a_terminal_for_one_large_file_and_never_with_a_machine_format(tmp_path):
    (tmp_path / "big.txt").write_text("The talks failed on Friday; and maybe they resume.\n\n" * 22_000)
    code, out, err = _stderr_on_a_terminal("check", "--no-model", "--select", "MT401", "big.txt", cwd=tmp_path)
    assert code == 0 and out == "0 findings in 1 file\n"
    assert "mtcheck [" in err and "0/1 files (1.1 MB)" in err
    code, out, err = _stderr_on_a_terminal("check", "--no-model", "--select", "MT401", "-f", "json", "big.txt",
                                           cwd=tmp_path)
    assert code == 0 and json.loads(out)["summary"]["files"] == 1 and err == ""


def test_progress_bar_off_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    term = FakeTerminal()
    Progress(40, stream=term).advance(40)
    assert term.getvalue() == ""


class FakeModel:
    """Flags each file's first word as MT901; records how it was called."""

    def __init__(self):
        self.batches = []

    def check_batch(self, items, ctx):
        from mtcheck.finding import Finding, Severity

        self.batches.append([doc.path for doc, _ in items])
        out = []
        for doc, rule_findings in items:
            tok = doc.tokens[0]
            out.append([Finding("MT901", "model-odd-word", "Style/Awkward", Severity.MINOR, tok.start, tok.end,
                                "unlikely word", origin="model")])
        return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_model_runs_once_in_this_process_batched_across_files(tmp_path, monkeypatch, jobs):
    import mtcheck.model
    from mtcheck.runner import CheckOptions, run_check

    model = FakeModel()
    monkeypatch.setattr(mtcheck.model, "load_checker", lambda config, warn, resident=False: model)
    (tmp_path / "a.txt").write_text("Alpha said; And so on.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta left. mtcheck: ignore[MT9]\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Gamma stayed.\n", encoding="utf-8")
    run = run_check([str(tmp_path)], CheckOptions(jobs=jobs, progress=False))
    assert model.batches == [[str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")]]
    found = {r.path.rsplit("/", 1)[-1]: [(f.rule, f.text) for f in r.findings] for r in run.results}
    assert found == {"a.txt": [("MT901", "Alpha"), ("MT401", "And")], "b.txt": [], "c.txt": [("MT901", "Gamma")]}
