"""`mtcheck audit` on the local engine: the same findings as `check`, table inputs with their
metadata, check's options, atomic parts and resume after a killed run, the summary report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_jobs import make_articles  # noqa: E402

pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    make_articles(folder, 240)
    return folder


def read_jsonl(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def check_findings(run_cli, *args):
    proc = run_cli("check", "--format", "jsonl", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def as_check_rows(rows):
    """Audit finding rows without the columns `check --format jsonl` does not have."""
    return [{k: v for k, v in r.items() if k not in ("article", "id")} for r in rows]


def test_audit_equals_check_whatever_the_jobs(articles, tmp_path, run_cli):
    expected = check_findings(run_cli, "--no-model", str(articles))
    assert len(expected) > 100 and len({f["rule"] for f in expected}) >= 3
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.jsonl"
        proc = run_cli("audit", "--no-model", "--jobs", jobs, "--batch-size", "7", str(articles), "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        assert "audited 240 articles" in proc.stderr
        outputs[jobs] = read_jsonl(out)
    assert as_check_rows(outputs["1"]) == expected
    assert outputs["1"] == outputs["2"]
    # Parquet holds the same rows, readable by pyarrow; the articles table has one row per article.
    out = tmp_path / "audit.parquet"
    assert run_cli("audit", "--no-model", "-j", "2", str(articles), "-o", str(out)).returncode == 0
    assert pq.read_table(out).to_pylist() == outputs["1"]
    table = pq.read_table(tmp_path / "audit.articles.parquet").to_pylist()
    assert [a["article"] for a in table] == list(range(240))
    assert sum(a["findings"] for a in table) == len(expected)
    first = table[0]
    weights = {"info": 0, "minor": 1, "major": 5, "critical": 25}  # MQM: a note costs nothing
    points = sum(weights[f["severity"]] for f in outputs["1"] if f["article"] == 0)
    assert first["penalty"] == pytest.approx(points * 1000 / first["words"])
    assert list((tmp_path / "audit.parquet.parts").glob("run-*")) == []  # parts merged, then removed


def test_table_inputs_carry_metadata(tmp_path, run_cli):
    texts = {"a1": "Talks stalled; And the envoy left.\n", "a2.md": "# Title\n\nThe envoy said \"we will see.\n",
             "a3": "The minister spoke to reporters.\n"}
    rows = [{"id": k, "text": v, "desk": "world", "date": "2024-03-0" + str(i), "vendor": "acme"}
            for i, (k, v) in enumerate(texts.items(), 1)]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "in.parquet")
    for name in ("in.jsonl", "in.parquet"):
        out = tmp_path / f"{name}.out.jsonl"
        proc = run_cli("audit", "--no-model", str(tmp_path / name), "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        found = read_jsonl(out)
        # The same findings as `check` on the same texts written as files.
        for ident, text in texts.items():
            f = tmp_path / "files" / (ident if "." in ident else ident + ".txt")
            f.parent.mkdir(exist_ok=True)
            f.write_text(text, encoding="utf-8")
            expected = [{k: v for k, v in e.items() if k != "path"} for e in check_findings(run_cli, "--no-model", str(f))]
            got = [{k: v for k, v in r.items() if k not in ("article", "path", "id", "desk", "date", "vendor")}
                   for r in found if r["id"] == ident]
            assert got == expected and (ident == "a3" or got)
        assert {(r["id"], r["desk"], r["vendor"], r["path"]) for r in found} == {
            ("a1", "world", "acme", str(tmp_path / name)), ("a2.md", "world", "acme", str(tmp_path / name))}
        table = read_jsonl(tmp_path / f"{name}.out.articles.jsonl")
        assert [(a["id"], a["date"]) for a in table] == [("a1", "2024-03-01"), ("a2.md", "2024-03-02"), ("a3", "2024-03-03")]


def test_check_options_apply(articles, tmp_path, run_cli):
    glossary = tmp_path / "g.csv"
    glossary.write_text("term,variants\nthe capital,the port city\n", encoding="utf-8")
    config = tmp_path / "mtcheck.toml"
    config.write_text('[per-file-ignores]\n"*.md" = ["MT403"]\n', encoding="utf-8")
    args = ["--no-model", "--select", "MT1,MT4", "--ignore", "MT104", "-g", str(glossary), "--config", str(config)]
    expected = check_findings(run_cli, *args, str(articles))
    rules = {f["rule"] for f in expected}
    assert "MT101" in rules and "MT104" not in rules and all(r[:3] in ("MT1", "MT4") for r in rules)
    md403 = [f["path"].endswith(".md") for f in expected if f["rule"] == "MT403"]
    assert md403 and not any(md403)  # the config's per-file ignore
    out = tmp_path / "opts.jsonl"
    assert run_cli("audit", *args, str(articles), "-o", str(out)).returncode == 0
    assert as_check_rows(read_jsonl(out)) == expected


def test_resume_after_a_killed_run(articles, tmp_path, run_cli):
    full = tmp_path / "full.jsonl"
    assert run_cli("audit", "--no-model", str(articles), "-o", str(full)).returncode == 0
    out = tmp_path / "resumed.jsonl"
    args = [sys.executable, "-m", "mtcheck", "audit", "--no-model", "--batch-size", "5", "--commit-every", "10",
            str(articles), "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parts = tmp_path / "resumed.jsonl.parts"
    deadline = time.monotonic() + 60
    while len(list(parts.glob("run-*.articles.jsonl"))) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = len(list(parts.glob("run-*.articles.jsonl")))
    assert proc.returncode == -signal.SIGKILL and committed >= 3, "the run ended before it could be killed"
    assert not out.exists()
    for part in parts.glob("run-*.jsonl"):  # every committed part is whole
        assert all(json.loads(line) for line in part.read_text(encoding="utf-8").splitlines())
    again = run_cli("audit", "--no-model", str(articles), "-o", str(out))
    assert again.returncode == 0, again.stderr
    done = int(again.stderr.split("(")[1].split()[0])
    assert done >= 30 and f"audited {240 - done} articles" in again.stderr
    assert read_jsonl(out) == read_jsonl(full)
    assert read_jsonl(tmp_path / "resumed.articles.jsonl") == read_jsonl(tmp_path / "full.articles.jsonl")
    assert list(parts.glob("run-*")) == []
    # A finished audit run again does nothing new; other options are refused (exit 2, one line).
    third = run_cli("audit", "--no-model", str(articles), "-o", str(out))
    assert "audited 0 articles (240 done" in third.stderr and read_jsonl(out) == read_jsonl(full)
    other = run_cli("audit", "--no-model", "--select", "MT4", str(articles), "-o", str(out))
    assert other.returncode == 2 and other.stderr.count("\n") == 1 and "--restart" in other.stderr


def test_changed_article_replaces_its_rows(tmp_path, run_cli):
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "one.txt").write_text("Talks stalled; And the envoy left.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Calm day.\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert run_cli("audit", "--no-model", str(folder), "-o", str(out)).returncode == 0
    (folder / "two.txt").write_text("Prices rose; But nobody cared.\n", encoding="utf-8")
    proc = run_cli("audit", "--no-model", str(folder), "-o", str(out))
    assert "audited 1 article (1 done" in proc.stderr
    assert [(r["path"].rsplit("/", 1)[1], r["text"]) for r in read_jsonl(out)] == [("one.txt", "And"), ("two.txt", "But")]
    assert len(read_jsonl(tmp_path / "o.articles.jsonl")) == 2


def test_bad_usage_is_one_line_exit_2(tmp_path, run_cli, cli, monkeypatch, articles):
    proc = run_cli("audit", "--no-model", str(articles), "-o", str(tmp_path / "x.csv"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and ".parquet or .jsonl" in proc.stderr
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    proc = run_cli("audit", "--no-model", str(bad), "-o", str(tmp_path / "y.jsonl"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    # Without the `ray` extra: how to install it, exit 2.
    monkeypatch.setitem(sys.modules, "ray", None)
    monkeypatch.setitem(sys.modules, "ray.data", None)
    result = cli("audit", "--no-model", "--engine", "ray", str(articles), "-o", str(tmp_path / "z.jsonl"))
    assert result.exit_code == 2 and "pip install 'mtcheck[ray]'" in result.stderr
    assert result.stderr.count("\n") == 1


# -- the report -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """An audit table of generated articles with desk, date and vendor metadata."""
    from bench_jobs import make_articles as make

    tmp = tmp_path_factory.mktemp("report")
    rows = []
    for i, path in enumerate(make(tmp / "src", 60)):
        rows.append({"id": f"story-{i:03d}", "text": path.read_text(encoding="utf-8"),
                     "desk": ("world", "business", "<b>sport</b>")[i % 3], "date": f"2024-0{1 + i % 4}-15",
                     "vendor": ("acme", "globex")[i % 2]})
    rows.append({"id": "short", "text": "Prices rose; But nobody cared.", "desk": "world", "date": "2024-01-01",
                 "vendor": "acme"})
    source = tmp / "archive.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp / "audit.parquet"
    report = tmp / "report.html"
    from conftest import run_mtcheck

    proc = run_mtcheck("audit", "--no-model", str(source), "-o", str(out), "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    return out, report


def test_report_summarises_by_desk_month_vendor_family(audited, tmp_path, run_cli):
    from mtcheck.audit.report import summarise

    out, report = audited
    s = summarise(out)
    assert set(s["groups"]) == {"desk", "month", "vendor"}
    assert list(s["groups"]["month"]) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    findings = pq.read_table(out).to_pylist()
    acme = [f for f in findings if f["vendor"] == "acme"]
    words = sum(a["words"] for a in pq.read_table(out.with_name("audit.articles.parquet")).to_pylist()
                if a["vendor"] == "acme")
    weights = {"minor": 1, "major": 5, "critical": 25, "info": 0}
    assert s["groups"]["vendor"]["acme"].penalty == pytest.approx(sum(weights[f["severity"]] for f in acme) * 1000 / words)
    assert sum(len(g.severities) for g in s["families"].values()) == len(findings)
    assert "short" not in [a["id"] for a in s["worst"]]  # under 100 words: not in the worst list
    html = report.read_text(encoding="utf-8")
    assert html.count("<svg") == 4 and "<script" not in html and "default-src 'none'" in html
    assert "&lt;b&gt;sport&lt;/b&gt;" in html and "<b>sport" not in html
    again = tmp_path / "again.html"
    assert run_cli("audit-report", str(out), "-o", str(again)).returncode == 0
    assert again.read_text(encoding="utf-8") == html  # deterministic
    missing = run_cli("audit-report", str(tmp_path / "none.parquet"), "-o", str(again))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def _chromium():
    from headless_chromium import find_chromium

    return find_chromium()


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
def test_report_in_headless_chromium(audited):
    from headless_chromium import Chromium

    out, report = audited
    with Chromium() as browser:
        browser.open(report)
        assert browser.evaluate("performance.getEntriesByType('resource').length") == 0
        assert browser.evaluate("document.querySelectorAll('figure svg').length") == 4
        sizes = browser.evaluate("[...document.querySelectorAll('figure svg')].map(s => s.getBoundingClientRect().height)")
        assert all(h > 50 for h in sizes)  # the charts render at a readable size
        bars = browser.evaluate("document.querySelectorAll('#by-desk tbody tr').length")
        assert bars == 3
        assert browser.evaluate("document.querySelectorAll('#worst tbody tr').length") == 20
        assert browser.evaluate("document.querySelector('#by-desk').innerText").count("sport") == 1


@pytest.mark.parametrize("articles_rows, findings_rows", [
    ([{"a": 1}], []),                                    # another JSONL file beside the table
    ([[1, 2]], []),                                      # rows that are not objects
    ([{"article": 0, "path": "a.txt", "words": 10}], [{"article": 0, "rule": "MT401"}]),  # no severity
    ([{"article": 0, "path": "a.txt", "words": 10}],
     [{"article": 0, "rule": "MT401", "severity": "huge"}]),
])
def test_report_on_a_table_that_is_not_an_audit_is_one_line_exit_2(tmp_path, run_cli, articles_rows, findings_rows):
    """`audit-report` on a JSONL table of the wrong shape: the table named, exit 2, no traceback."""
    table = tmp_path / "t.jsonl"
    table.write_text("".join(json.dumps(r) + "\n" for r in findings_rows), encoding="utf-8")
    (tmp_path / "t.articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in articles_rows), encoding="utf-8")
    proc = run_cli("audit-report", str(table), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"mtcheck: error: {tmp_path}") and "not an audit table" in line
    assert not (tmp_path / "r.html").exists()


def test_unreadable_articles_are_named_on_stderr_as_check_names_them(tmp_path, run_cli):
    """`audit` said only "2 could not be read, 1 skipped" and exit 2: which ones, and why, were
    only in the articles table. It now prints check's line for each."""
    (tmp_path / "ok.txt").write_text("Talks stalled; And the envoy left.\n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("Café talks stalled.\n".encode("latin-1"))
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    args = [str(tmp_path / n) for n in ("ok.txt", "latin.txt", "bin.txt", "missing.txt")]
    check = run_cli("check", "--no-model", *args)
    audit = run_cli("audit", "--no-model", *args, "-o", str(tmp_path / "a.jsonl"))
    assert audit.returncode == check.returncode == 2
    problems = [line for line in check.stderr.splitlines() if line.startswith("mtcheck: ")]
    assert len(problems) == 3 and all(line in audit.stderr.splitlines() for line in problems), audit.stderr
