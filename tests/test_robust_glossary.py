"""Hostile and malformed glossaries: one clear error naming file and line, never a hang or a leak."""

from __future__ import annotations

import os
import time

import pytest

from mtcheck import check_text
from mtcheck.glossary import Glossary, GlossaryEntry, GlossaryError
from mtcheck.glossary.loaders import load_glossary
from mtcheck.glossary import indexes

STORY = "Delegates from Jerevan arrived; the Jerevan’s mayor spoke.\n"


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize("name, data, message", [
    ("g.csv", "name,variants\nYerevan,Jerevan\n", ":1: glossary header must have a 'term' column"),
    ("g.csv", "", ":1: glossary header must have a 'term' column"),
    ("g.csv", "term,variants\nYerevan,Jerevan,Erivan\n", ":2: 3 fields but the header has 2"),
    ("g.tsv", "term\tvariants\nYerevan\tJerevan\textra\n", ":2: 3 fields but the header has 2"),
    ("g.csv", "term,variants\nBaku,\n,Jerevan\n", ":3: empty term"),
    ("g.csv", 'term,variants\n"Yerevan,Jerevan\n', ":2: unexpected end of data"),
    ("g.csv", b"term,variants\nYerevan,Jer\xe9van\n", ":2: not valid UTF-8"),
    ("g.csv", "term,type\nYerevan,city\n", ":2: unknown type 'city'"),
    ("g.tbx", "<martif><text>", ":1: not well-formed TBX/XML"),
    ("g.tbx", "<html><body/></html>", ":1: not a TBX file"),
    ("g.csv", "term,variants\nBaku,\nBei\x00jing,Peking\n", ":3: 'Bei\\x00jing' contains a control character (U+0000)"),
    ("g.tsv", "term\tvariants\nBeijing\tPe\x1bking\n", ":2: 'Pe\\x1bking' contains a control character (U+001B)"),
    ("g.csv", 'term,variants\n"Bei\njing",Peking\n', ":3: 'Bei\\njing' contains a control character (U+000A)"),
    ("g.csv", "term,source\nBeijing,北\u2028京\n", ":2: '北\\u2028京' contains a control character (U+2028)"),
])
def test_malformed_glossary_names_file_and_line(tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    assert str(err.value).startswith(str(path) + message)
    assert "\n" not in str(err.value)


def test_trailing_empty_fields_are_accepted(tmp_path):
    path = write(tmp_path, "g.csv", "term,variants\nYerevan,Jerevan,,\n")
    (entry,) = load_glossary(path).entries
    assert entry.variants == ("Jerevan",)


def test_duplicate_terms_load_and_glossary_check_reports_them(tmp_path, run_cli):
    path = write(tmp_path, "g.csv", "term,variants\nYerevan,Jerevan\nBaku,\nYerevan,Erivan\n")
    assert [e.term for e in load_glossary(path).entries] == ["Yerevan", "Baku", "Yerevan"]
    proc = run_cli("glossary", "check", str(path))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"{path}:4: duplicate term “Yerevan” (first at {path}:2)" in proc.stdout + proc.stderr


def _tbx(doctype: str, term: str) -> str:
    return (f'<?xml version="1.0"?>\n{doctype}\n<martif><text><body><termEntry><langSet xml:lang="en">'
            f"<tig><term>{term}</term></tig></langSet></termEntry></body></text></martif>\n")


def test_external_entity_is_refused_without_reading_the_file(tmp_path):
    secret = tmp_path / "secret.fifo"
    os.mkfifo(secret)  # reading it would block: the test would hang, not pass
    path = write(tmp_path, "g.tbx", _tbx(f'<!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>', "&x;"))
    started = time.perf_counter()
    with pytest.raises(GlossaryError, match=r"g.tbx:2: refused unsafe XML"):
        load_glossary(path)
    assert time.perf_counter() - started < 2


def test_external_dtd_is_not_fetched(tmp_path):
    secret = tmp_path / "secret.fifo"
    os.mkfifo(secret)
    path = write(tmp_path, "g.tbx", _tbx(f'<!DOCTYPE martif SYSTEM "file://{secret}">', "Yerevan"))
    assert [e.term for e in load_glossary(path).entries] == ["Yerevan"]


def test_entity_expansion_bomb_is_refused_quickly(tmp_path):
    levels = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    path = write(tmp_path, "g.tbx", _tbx(f"<!DOCTYPE martif [{''.join(levels)}]>", "&l9;"))
    started = time.perf_counter()
    with pytest.raises(GlossaryError, match="refused unsafe XML"):
        load_glossary(path)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_glossary_that_is_not_a_regular_file_is_refused(tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "g.csv"
        os.mkfifo(path)
    else:
        path = "/dev/zero"
    with pytest.raises(GlossaryError, match="not a regular file"):
        load_glossary(path)


def test_a_control_character_in_a_term_is_refused_before_any_fix(tmp_path, run_cli):
    # MT101's safe fix writes the term into the article: a NUL would corrupt it.
    glossary = write(tmp_path, "g.csv", "term,variants\nBei\x00jing,Peking\n")
    story = write(tmp_path, "a.txt", "Officials in Peking said so.\n")
    proc = run_cli("check", "--no-model", "-g", str(glossary), "--fix", str(story))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"mtcheck: error: {glossary}:2: 'Bei\\x00jing' contains a control "
                                        "character (U+0000)"]
    assert story.read_bytes() == b"Officials in Peking said so.\n"
    added = run_cli("glossary", "add", "Bei\tjing", "-g", str(tmp_path / "new.csv"))
    assert added.returncode == 2 and "contains a control character (U+0009)" in added.stderr
    assert not (tmp_path / "new.csv").exists()


def test_bad_glossary_in_the_cli_is_one_line(tmp_path, run_cli):
    glossary = write(tmp_path, "g.csv", "term,variants\n,Jerevan\n")
    story = write(tmp_path, "a.txt", STORY)
    proc = run_cli("check", "--no-model", "-g", str(glossary), str(story))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"mtcheck: error: {glossary}:2: empty term"]


def test_huge_glossary_finds_variants_like_a_small_one():
    """Past indexes._SMALL_GLOSSARY the variant pattern is built per document: same findings."""
    filler = [GlossaryEntry(term=f"Term{i}", variants=(f"Trem{i}",)) for i in range(indexes._SMALL_GLOSSARY + 10)]
    real = [GlossaryEntry(term="Yerevan", variants=("Jerevan",)), GlossaryEntry(term="ceasefire", variants=("cease-fire",))]
    text = STORY + "A Cease-fire held; Trem5 and Trem1999 were named.\n"
    small = check_text(text, glossary=Glossary(real + filler[:6]), config={"select": ["MT101"]})
    huge = check_text(text, glossary=Glossary(real + filler), config={"select": ["MT101"]})
    assert [(f.text, f.suggestions) for f in huge] == [
        ("Jerevan", ("Yerevan",)), ("Jerevan", ("Yerevan",)), ("Cease-fire", ("Ceasefire",)),
        ("Trem5", ("Term5",)), ("Trem1999", ("Term1999",))]
    assert [(f.start, f.end) for f in small] == [(f.start, f.end) for f in huge[:4]]


def test_hundred_thousand_terms_load_and_check_in_seconds(tmp_path):
    rows = "".join(f"Name{i},Nmae{i}\n" for i in range(100_000))
    path = write(tmp_path, "g.csv", "term,variants\n" + rows)
    started = time.perf_counter()
    glossary = load_glossary(path)
    assert len(glossary) == 100_000
    findings = check_text("Officials met Nmae77 on Monday.\n" * 50, glossary=glossary, config={"select": ["MT101"]})
    assert len(findings) == 50 and findings[0].suggestions == ("Name77",)
    assert time.perf_counter() - started < 60
