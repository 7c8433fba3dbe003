"""The shipped samples: offsets, positions and exit codes over every garbled and clean article."""

import json

import pytest

from mtcheck import check_paths
from mtcheck.document import Document

from conftest import SAMPLES

GARBLED = sorted((SAMPLES / "garbled").iterdir())
CLEAN = sorted((SAMPLES / "clean").iterdir())


def _count_position(text: str, offset: int) -> tuple[int, int]:
    """Line/column by walking the text: \\r\\n, \\r and \\n each end a line."""
    line, col, i = 1, 1, 0
    while i < offset:
        if text[i] == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            if i + 1 == offset:
                return line, col + 1
            i += 2
            line, col = line + 1, 1
            continue
        if text[i] in "\r\n":
            line, col = line + 1, 1
        else:
            col += 1
        i += 1
    return line, col


def test_samples_cover_markdown_crlf_and_non_ascii():
    texts = [p.read_bytes() for p in GARBLED]
    assert any(p.suffix == ".md" for p in GARBLED)
    assert any(b"\r\n" in t for t in texts)
    assert any(max(t.decode("utf-8")) > "\u00ff" for t in texts)


@pytest.mark.parametrize("path", GARBLED + CLEAN, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_finding_is_the_file_slice_at_its_position(path):
    (result,) = check_paths([path])
    text = path.read_bytes().decode("utf-8-sig")
    assert result.document.text == text
    for f in result.findings:
        assert f.text == text[f.start:f.end]
        assert (f.line, f.column) == _count_position(text, f.start)
        assert (f.end_line, f.end_column) == _count_position(text, f.end)
        assert result.document.offset(f.line, f.column) == f.start


def test_garbled_sample_json_exits_1_and_clean_twin_exits_0(run_cli):
    garbled = SAMPLES / "garbled" / "01-kyiv-grain-corridor.txt"
    proc = run_cli("check", "--no-model", "--format", "json", str(garbled))
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["files"][0]["findings"]
    proc = run_cli("check", "--no-model", "--format", "json", str(SAMPLES / "clean" / garbled.name))
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["files"][0]["findings"] == []


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_articles_have_no_findings(path):
    (result,) = check_paths([path])
    assert [(f.rule, f.text, f.line) for f in result.findings] == []
