"""Glossary files (CSV, TSV, TBX) and the `mtcheck glossary` commands."""

from __future__ import annotations

import csv
import io
import time

import pytest

from mtcheck.glossary import GlossaryError
from mtcheck.glossary.loaders import load_glossary

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
 <text><body>
  <termEntry id="t1">
   <descrip type="definition">Capital of China</descrip>
   <langSet xml:lang="en-GB">
    <tig><term>Peking</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <tig><term>Beijing</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>Peiping</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
   </langSet>
   <langSet xml:lang="fr"><tig><term>Pékin</term></tig></langSet>
  </termEntry>
  <termEntry id="t2">
   <langSet xml:lang="de"><tig><term>Haus</term></tig></langSet>
  </termEntry>
  <termEntry id="t3">
   <langSet xml:lang="en">
    <ntig><termGrp><term>Kyiv</term></termGrp></ntig>
    <ntig><termGrp><term>Kiev</term></termGrp><termNote type="normativeAuthorization">deprecatedTerm</termNote></ntig>
   </langSet>
  </termEntry>
 </body></text>
</martif>
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- loading ----------------------------------------------------------------------------------
def test_csv_columns_and_unknown_columns(tmp_path):
    path = write(tmp_path, "g.csv", "\ufeffTerm,Variants,Note,Type,Gender,Owner\n"
                 'Beijing,"Peking| Beijin",house style,place,,desk\n\nIrina Grigorian,,,person,F,\n')
    entries = load_glossary(path).entries
    assert [(e.term, e.variants, e.note, e.type, e.gender) for e in entries] == [
        ("Beijing", ("Peking", "Beijin"), "house style", "place", ""),
        ("Irina Grigorian", (), "", "person", "f")]
    assert entries[1].source == f"{path}:4"


def test_tsv_is_read_with_tabs(tmp_path):
    path = write(tmp_path, "g.tsv", "term\tvariants\nKyiv\tKiev|Kiew\n")
    assert load_glossary(path).entries[0].variants == ("Kiev", "Kiew")


@pytest.mark.parametrize("text, message", [
    ("name,variants\nBeijing,Peking\n", "g.csv:1: glossary header must have a 'term' column"),
    ("term,type\nBeijing,city\n", "g.csv:2: unknown type 'city'"),
    ("term,gender\nIrina,x\n", "g.csv:2: unknown gender 'x'"),
    ("term,variants\nBeijing,Peking\n,Pekin\n", "g.csv:3: empty term"),
    ('term\nBeijing\n"Kyiv\n', "g.csv:3: unexpected end of data"),
])
def test_bad_csv_names_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "g.csv", text)
    with pytest.raises(GlossaryError) as err:
        load_glossary(path)
    assert str(err.value).startswith(f"{tmp_path}/{message}")


def test_tbx_preferred_deprecated_and_admitted_terms(tmp_path):
    entries = load_glossary(write(tmp_path, "g.tbx", TBX)).entries
    assert [(e.term, e.variants, e.allowed, e.note) for e in entries] == [
        ("Beijing", ("Peking",), ("Peiping",), "Capital of China"),
        ("Kyiv", ("Kiev",), (), "")]
    assert entries[0].source.endswith("g.tbx:5")


def test_tbx_entity_bomb_is_refused_quickly(tmp_path):
    levels = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE martif [\n' + "\n".join(levels) + "\n]>\n"
            '<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&a9;</term></tig>'
            "</langSet></termEntry></body></text></martif>\n")
    started = time.perf_counter()
    with pytest.raises(GlossaryError, match=r"g\.tbx:3: refused unsafe XML"):
        load_glossary(write(tmp_path, "g.tbx", bomb))
    assert time.perf_counter() - started < 1


def test_tbx_external_entity_is_refused_without_reading_the_file(tmp_path):
    secret = write(tmp_path, "secret.txt", "SECRET")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE martif [ <!ENTITY x SYSTEM "{secret.as_uri()}"> ]>\n'
           '<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&x;</term></tig>'
           "</langSet></termEntry></body></text></martif>\n")
    with pytest.raises(GlossaryError) as err:
        load_glossary(write(tmp_path, "g.tbx", xxe))
    assert "refused unsafe XML" in str(err.value) and "SECRET" not in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("<martif><text>\n<body>\n<termEntry>\n</body></martif>\n", "g.tbx:4: not well-formed"),
    ("<glossary/>\n", "g.tbx:1: not a TBX file"),
    ('<martif><text><body><termEntry><langSet xml:lang="de"><tig><term>Haus</term></tig></langSet>'
     "</termEntry></body></text></martif>", "g.tbx:1: no English terms"),
])
def test_bad_tbx_names_file_and_line(tmp_path, text, message):
    with pytest.raises(GlossaryError) as err:
        load_glossary(write(tmp_path, "g.tbx", text))
    assert str(err.value).startswith(f"{tmp_path}/{message}")


def test_check_with_a_bad_glossary_exits_2_with_one_line(tmp_path, run_cli):
    glossary = write(tmp_path, "g.csv", "term,type\nBeijing,city\n")
    article = write(tmp_path, "a.txt", "Talks in Peking.\n")
    result = run_cli("check", "--no-model", "--glossary", str(glossary), str(article))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"mtcheck: error: {glossary}:2: unknown type 'city' "
                                                  "(expected one of: person, place, org, term)"]


def test_check_uses_the_glossary_from_the_command_line(tmp_path, run_cli):
    glossary = write(tmp_path, "g.tbx", TBX)
    article = write(tmp_path, "a.txt", "Talks in Peking and Peiping.\n")
    result = run_cli("check", "--no-model", "--select", "MT1", "--glossary", str(glossary), str(article))
    assert result.returncode == 1
    assert "a.txt:1:10: MT101" in result.stdout and "Beijing" in result.stdout
    assert "Peiping" not in result.stdout  # admitted: never flagged


# -- mtcheck glossary check -------------------------------------------------------------------
def test_glossary_check_reports_duplicates_and_conflicts(tmp_path, cli):
    path = write(tmp_path, "g.csv", "term,variants\nBeijing,Peking\nbeijing,\nPeking,Pekin\n"
                                    "Taipei,Peking|Taipei\nKyiv,Kiev|Kiev\n")
    result = cli("glossary", "check", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:3: duplicate term “beijing” (first at {path}:2)",
        f"{path}:2: variant “Peking” of “Beijing” is itself a term ({path}:4)",
        f"{path}:5: variant “Peking” of “Taipei” is itself a term ({path}:4)",
        f"{path}:5: variant “Peking” points to “Taipei” here but to “Beijing” at {path}:2",
        f"{path}:5: variant “Taipei” is the term itself",
        f"{path}:6: variant “Kiev” is listed twice",
    ]


def test_glossary_check_clean_file_exits_0(tmp_path, cli):
    path = write(tmp_path, "g.tbx", TBX)
    result = cli("glossary", "check", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert "2 entries, no problems" in result.stderr


def test_glossary_check_unreadable_file_exits_2(tmp_path, run_cli):
    result = run_cli("glossary", "check", str(tmp_path / "missing.csv"))
    assert result.returncode == 2
    assert result.stderr == f"mtcheck: error: {tmp_path}/missing.csv: glossary file not found\n"


# -- mtcheck glossary suggest -----------------------------------------------------------------
def test_glossary_suggest_proposes_recurring_names_with_their_variants(tmp_path, cli):
    archive = tmp_path / "archive"
    archive.mkdir()
    write(archive, "a.txt", "Nagorno-Karabakh is tense. Ilham Aliyev spoke. Mr Aliyev said no.\n")
    write(archive, "b.txt", "Troops left Nagorno-Karabakh. The Normano-Karabakh talks. Ilham Aliyev left.\n")
    write(archive, "c.md", "# Nagorno-Karabakh\n\nA ceasefire in Nagorno-Karabakh. `Normano` in code.\n")
    result = cli("glossary", "suggest", "--min-count", "2", str(archive))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0] == {"term": "Nagorno-Karabakh", "variants": "Normano-Karabakh", "note": "4 mentions",
                       "type": "", "gender": ""}
    # "Mr Aliyev" counts for Ilham Aliyev, and gives his gender.
    assert {"term": "Ilham Aliyev", "variants": "", "note": "3 mentions", "type": "person",
            "gender": "m"} in rows
    assert all(r["term"] not in ("Troops", "The", "Mr") for r in rows)


# -- mtcheck glossary add ---------------------------------------------------------------------
def test_glossary_add_creates_the_file_then_appends(tmp_path, run_cli):
    assert run_cli("glossary", "add", "Olaf Scholz", "--variant", "Olaf Sholz", "--type", "person",
                   "--gender", "m", cwd=tmp_path).returncode == 0
    assert run_cli("glossary", "add", "Beijing", "--variant", "Peking", "--variant", "Beijin",
                   "--note", "house style", cwd=tmp_path).returncode == 0
    assert (tmp_path / "glossary.csv").read_text(encoding="utf-8") == (
        "term,variants,note,type,gender\n"
        "Olaf Scholz,Olaf Sholz,,person,m\n"
        "Beijing,Peking|Beijin,house style,,\n")
    load_glossary(tmp_path / "glossary.csv")


def test_glossary_add_refuses_duplicates_and_leaves_the_file_alone(tmp_path, run_cli):
    path = write(tmp_path, "names.tsv", "term\tvariants\tdesk\nBeijing\tPeking\tworld")  # no final newline
    for args in (["beijing"], ["Peking"], ["Taipei", "--variant", "Peking"]):
        result = run_cli("glossary", "add", *args, "--glossary", str(path))
        assert result.returncode == 2
        assert "is already in the glossary" in result.stderr
    assert path.read_text(encoding="utf-8") == "term\tvariants\tdesk\nBeijing\tPeking\tworld"
    assert run_cli("glossary", "add", "Kyiv", "--variant", "Kiev", "--glossary", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8") == "term\tvariants\tdesk\nBeijing\tPeking\tworld\nKyiv\tKiev\t\n"


def test_glossary_add_uses_the_configured_glossary(tmp_path, run_cli):
    (tmp_path / "mtcheck.toml").write_text('glossary = ["terms/house.csv"]\n', encoding="utf-8")
    (tmp_path / "terms").mkdir()
    result = run_cli("glossary", "add", "Kyiv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "terms" / "house.csv").read_text(encoding="utf-8") == \
        "term,variants,note,type,gender\nKyiv,,,,\n"


def test_glossary_add_refuses_tbx(tmp_path, run_cli):
    result = run_cli("glossary", "add", "Kyiv", "--glossary", str(tmp_path / "g.tbx"))
    assert result.returncode == 2 and "not TBX" in result.stderr


@pytest.mark.parametrize("original, added", [
    (b"term,variants\r\nBeijing,Peking\r\n", b"Kyiv,Kiev\r\n"),           # saved on Windows
    (b"\xef\xbb\xbfterm,variants\r\nBeijing,Peking", b"\r\nKyiv,Kiev\r\n"),  # BOM, no final line break
    (b"term,variants\nBeijing,Peking\n", b"Kyiv,Kiev\n"),
])
def test_glossary_add_keeps_the_files_line_endings(tmp_path, run_cli, original, added):
    """A CRLF glossary got a bare-LF row appended: mixed line endings in the newsroom's file."""
    path = tmp_path / "g.csv"
    path.write_bytes(original)
    result = run_cli("glossary", "add", "Kyiv", "--variant", "Kiev", "--glossary", str(path))
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == original + added
    assert [e.term for e in load_glossary(path).entries] == ["Beijing", "Kyiv"]


def test_glossary_add_takes_g_like_every_other_command(tmp_path, run_cli):
    """`-g FILE` names the glossary for check, review, baseline, eval and audit; `glossary add -g`
    said "No such option '-g'"."""
    path = tmp_path / "g.csv"
    result = run_cli("glossary", "add", "Kyiv", "-g", str(path))
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8") == "term,variants,note,type,gender\nKyiv,,,,\n"
