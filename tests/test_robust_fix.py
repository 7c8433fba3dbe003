"""Robustness of `--fix` writes beyond tests/test_fix.py: wide encodings, unwritable folders,
symlink loops, huge documents. Skipped until mtcheck/fix.py is present."""

from __future__ import annotations

import os
import tempfile

import pytest

from mtcheck.api import make_checker
from mtcheck.document import Document, InputError
from mtcheck.engine import read_document

fix = pytest.importorskip("mtcheck.fix")

PROBE = "The talks failed on Friday; And maybe they resume.\n"
FIXED = "The talks failed on Friday; and maybe they resume.\n"
CHECKER = make_checker(config={"select": ["MT401"]})


def fix_file(path, roots):
    doc = read_document(str(path))
    result = fix.fix_document(CHECKER, doc, CHECKER.check(doc))
    fix.write_fixed(result, roots)
    return result


def test_utf16_file_is_fixed_in_utf16(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(PROBE.encode("utf-16"))
    result = fix_file(path, [tmp_path])
    assert result.applied == 1
    assert path.read_bytes() == FIXED.encode("utf-16")


def test_utf16_big_endian_is_refused_rather_than_rewritten_in_another_byte_order(tmp_path):
    path = tmp_path / "wide.txt"
    data = b"\xfe\xff" + PROBE.encode("utf-16-be")
    path.write_bytes(data)
    with pytest.raises(InputError, match="not fixed"):
        fix_file(path, [tmp_path])
    assert path.read_bytes() == data


def test_unwritable_folder_is_one_error_and_the_file_is_untouched(tmp_path, monkeypatch):
    path = tmp_path / "story.txt"
    path.write_text(PROBE)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(InputError, match="story.txt: cannot write the fixed file: Permission denied"):
        fix_file(path, [tmp_path])
    assert path.read_text() == PROBE
    assert os.listdir(tmp_path) == ["story.txt"]


def test_huge_document_fixes_land_at_the_right_offsets(tmp_path, monkeypatch):
    monkeypatch.setattr(Document.sections, "__defaults__", (300,))
    text = "".join(f"Paragraph {i} is calm.\n\n" if i % 4 else PROBE + "\n" for i in range(60))
    path = tmp_path / "long.txt"
    path.write_text(text)
    result = fix_file(path, [tmp_path])
    assert result.applied == 15
    assert path.read_text() == text.replace(PROBE, FIXED)
