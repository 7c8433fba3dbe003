"""Bad and unusual input: every case has defined behaviour, one clear line, and never a traceback.

The fixtures use MT401 ("; And" after a semicolon) as a probe: `--select MT401` keeps these tests
independent of the other rules.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from mtcheck import check_text
from mtcheck.config import ConfigError, read_config_file
from mtcheck.document import Document, InputError
from mtcheck.engine import SkippedInput, iter_files, read_document

PROBE = "The talks failed on Friday; And maybe they resume.\n"  # MT401 on "And" at column 29


def check_json(cli_or_run, *args):
    return cli_or_run("check", "--no-model", "--select", "MT401", "--format", "json", *args)


# -- the reader ---------------------------------------------------------------------------------
def test_empty_file_has_no_findings(tmp_path, run_cli):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    proc = run_cli("check", "--no-model", str(f))
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.strip() == "0 findings in 1 file"


def test_bom_is_not_text_and_positions_ignore_it(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + PROBE.encode())
    doc = read_document(str(f))
    assert doc.bom and doc.text == PROBE
    (finding,) = check_text(doc.text, config={"select": ["MT401"]})
    assert (finding.start, finding.column, finding.text) == (28, 29, "And")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_give_the_same_lines_and_columns(tmp_path, run_cli, newline):
    f = tmp_path / "story.txt"
    f.write_bytes(("Intro line." + newline + newline + PROBE.rstrip("\n") + newline).encode())
    proc = check_json(run_cli, str(f))
    (finding,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert (finding["line"], finding["column"], finding["text"]) == (3, 29, "And")
    assert finding["start"] == len("Intro line.") + 2 * len(newline) + 28


def test_invalid_utf8_names_file_byte_and_line(tmp_path, run_cli):
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"First line.\nCaf\xe9 owners met; And talked.\n")
    good = tmp_path / "good.txt"
    good.write_text(PROBE, encoding="utf-8")
    proc = run_cli("check", "--no-model", "--select", "MT401", str(bad), str(good))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"mtcheck: error: {bad}: not valid UTF-8 at byte 15 (line 2); use --encoding to name the file's encoding"]
    assert f"{good}:1:29: MT401" in proc.stdout  # the other file is still checked


def test_invalid_utf8_after_a_bom_counts_the_bom_bytes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbfab\n\xff")
    with pytest.raises(InputError, match=r"at byte 6 \(line 2\)"):
        read_document(str(f))


def test_encoding_option_decodes_the_file(tmp_path, run_cli):
    f = tmp_path / "latin.txt"
    f.write_bytes("Café owners met; And talked.\n".encode("latin-1"))
    proc = check_json(run_cli, "--encoding", "latin-1", str(f))
    (finding,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert finding["text"] == "And" and finding["column"] == 18


def test_unknown_encoding_is_one_error_before_any_file(tmp_path, run_cli):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PROBE)
    b.write_text(PROBE)
    proc = run_cli("check", "--no-model", "--encoding", "klingon", str(a), str(b))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["mtcheck: error: --encoding: bad value for 'encoding': unknown encoding 'klingon'"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path, codec):
    f = tmp_path / "wide.txt"
    data = PROBE.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    f.write_bytes(data)
    doc = read_document(str(f))
    assert doc.text == PROBE
    (finding,) = check_text(doc.text, config={"select": ["MT401"]})
    assert finding.text == "And"


@pytest.mark.parametrize("data", [b"Some text\x00more text\n", b"x" * 20000 + b"\x00", bytes(range(256)) * 8])
def test_nul_bytes_anywhere_mean_binary_skipped_with_a_warning(tmp_path, run_cli, data):
    binary = tmp_path / "image.txt"
    binary.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(PROBE)
    proc = run_cli("check", "--no-model", "--select", "MT401", str(binary), str(good))
    assert proc.returncode == 1  # the finding in good.txt, not an error
    assert proc.stderr.splitlines() == [f"mtcheck: warning: {binary}: binary file skipped (it contains NUL bytes)"]
    assert proc.stdout.splitlines()[-1] == "1 finding (1 minor) in 1 file; 1 skipped"


def test_nul_bytes_are_text_in_utf16_when_the_encoding_says_so(tmp_path):
    f = tmp_path / "wide.txt"
    f.write_bytes(PROBE.encode("utf-16-le"))
    assert read_document(str(f), encoding="utf-16-le").text == PROBE


def test_missing_path_is_an_error_and_other_files_are_checked(tmp_path, run_cli):
    good = tmp_path / "good.txt"
    good.write_text(PROBE)
    missing = tmp_path / "gone.txt"
    proc = run_cli("check", "--no-model", "--select", "MT401", str(missing), str(good))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"mtcheck: error: {missing}: no such file or directory"]
    assert f"{good}:1:29: MT401" in proc.stdout


def test_directory_without_text_files_is_skipped_with_a_warning(tmp_path, run_cli):
    empty = tmp_path / "photos"
    empty.mkdir()
    (empty / "a.jpg").write_bytes(b"\xff\xd8")
    (empty / ".hidden").mkdir()
    (empty / ".hidden" / "draft.txt").write_text(PROBE)
    good = tmp_path / "good.txt"
    good.write_text(PROBE)
    proc = run_cli("check", "--no-model", "--select", "MT401", str(empty), str(good))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"mtcheck: warning: {empty}: no text or Markdown files to check in this directory"]


def test_a_fifo_is_refused_instead_of_blocking(tmp_path, run_cli):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    proc = run_cli("check", "--no-model", str(fifo), timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"mtcheck: error: {fifo}: not a regular file"]


def test_a_device_is_refused(run_cli):
    proc = run_cli("check", "--no-model", "/dev/zero", timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["mtcheck: error: /dev/zero: not a regular file"]


def test_unreadable_file_is_an_error_and_others_are_checked(tmp_path, cli, monkeypatch):
    """Root reads any file, so the permission error is simulated where the reader opens it."""
    locked = tmp_path / "locked.txt"
    locked.write_text(PROBE)
    good = tmp_path / "good.txt"
    good.write_text(PROBE)
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = cli("check", "--no-model", "--select", "MT401", str(locked), str(good))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"mtcheck: error: {locked}: cannot read: Permission denied"]
    assert f"{good}:1:29: MT401" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file_is_an_error(tmp_path, run_cli):
    locked = tmp_path / "locked.txt"
    locked.write_text(PROBE)
    locked.chmod(0)
    try:
        proc = run_cli("check", "--no-model", str(locked))
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"mtcheck: error: {locked}: cannot read: Permission denied"]


def test_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text(PROBE)
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files = list(iter_files([str(tree)]))
    assert files == [str(tree / "sub"), str(tree / "a.txt")]
    with pytest.raises(InputError, match="sub: cannot read: Permission denied"):
        read_document(files[0])


def test_symlink_loop_is_an_input_error_not_a_crash(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop.txt")
    with pytest.raises(InputError, match="loop.txt: no such file or directory"):
        read_document(str(loop))


def test_empty_directory_reads_as_skipped(tmp_path):
    assert list(iter_files([str(tmp_path)])) == [str(tmp_path)]
    with pytest.raises(SkippedInput):
        read_document(str(tmp_path))


# -- standard input -------------------------------------------------------------------------------
def test_stdin_is_checked(run_cli):
    proc = run_cli("check", "--no-model", "--select", "MT401", "-", input=PROBE)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("<stdin>:1:29: MT401")


def test_stdin_markdown_masks_code(run_cli):
    text = "`x; And y`\n\n" + PROBE
    proc = run_cli("check", "--no-model", "--select", "MT401", "--stdin-filename", "story.md", "-", input=text)
    assert [line.split(": ")[0] for line in proc.stdout.splitlines()[:-1]] == ["story.md:3:29"]


def test_stdin_invalid_utf8_is_one_error(run_cli):
    proc = run_cli("check", "--no-model", "-", input=b"ok \xff\n")
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        "mtcheck: error: <stdin>: not valid UTF-8 at byte 3 (line 1); use --encoding to name the file's encoding"]


def test_empty_stdin(run_cli):
    proc = run_cli("check", "--no-model", "-", input="")
    assert proc.returncode == 0 and proc.stderr == ""


# -- size and depth -------------------------------------------------------------------------------
def test_one_megabyte_single_line(tmp_path, run_cli):
    line = ("The envoy spoke for an hour and the talks went on. " * 20000)[:1_000_000]
    f = tmp_path / "long.txt"
    f.write_text(line + "; And more.\n")
    started = time.perf_counter()
    proc = check_json(run_cli, str(f))
    assert time.perf_counter() - started < 60
    (finding,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert (finding["line"], finding["column"], finding["text"]) == (1, 1_000_003, "And")


@pytest.mark.parametrize("prefix", [
    pytest.param(lambda depth: ">" * depth + " ", id="quotes"),
    pytest.param(lambda depth: "> " * depth, id="spaced-quotes"),
])
def test_deeply_nested_block_quotes(prefix):
    text = prefix(10_000) + PROBE
    started = time.perf_counter()
    (finding,) = check_text(text, markdown=True, config={"select": ["MT401"]})
    assert time.perf_counter() - started < 10
    assert finding.text == "And" and finding.start == len(prefix(10_000)) + 28


def test_deeply_nested_lists():
    lines = "".join("  " * i + "- item\n" for i in range(1_000)) + "\n" + PROBE
    lines += "".join("1. " * 10_000 + "x\n")
    started = time.perf_counter()
    findings = check_text(lines, markdown=True, config={"select": ["MT401"]})
    assert time.perf_counter() - started < 10
    assert [f.text for f in findings] == ["And"]


def test_big_document_is_checked_in_parts_with_the_same_findings(monkeypatch):
    paragraphs = [f"Paragraph {i} opens here; And it goes on.\n\n" if i % 3 == 0 else f"Paragraph {i} is calm.\n\n"
                  for i in range(300)]
    text = "".join(paragraphs)
    whole = check_text(text, config={"select": ["MT401"]})
    monkeypatch.setattr("mtcheck.document.SECTION_CHARS", 1000)
    doc = Document(text)
    parts = list(doc.sections(1000))
    assert len(parts) > 5 and all(len(p.text) <= 1000 for _, p in parts)
    assert "".join(p.text for _, p in parts) == text
    monkeypatch.setattr(Document.sections, "__defaults__", (1000,))
    in_parts = check_text(text, config={"select": ["MT401"]})
    assert [(f.start, f.end, f.line, f.column) for f in in_parts] == [(f.start, f.end, f.line, f.column) for f in whole]
    assert len(whole) == 100


def test_code_block_crossing_a_part_boundary_stays_masked(monkeypatch):
    code = "```\n" + "".join(f"call({i}); And skip\n\n" for i in range(100)) + "```\n\n"
    text = code + PROBE
    monkeypatch.setattr(Document.sections, "__defaults__", (500,))
    findings = check_text(text, markdown=True, config={"select": ["MT401"]})
    assert [(f.start, f.text) for f in findings] == [(len(code) + 28, "And")]


# -- configuration --------------------------------------------------------------------------------
@pytest.mark.parametrize("toml, message", [
    ('select = ["MT4"]\nignore = [\n', ": invalid TOML: "),
    ('# house style\n\nselekt = ["MT4"]\n', ":3: unknown key 'selekt'"),
    ('fail-level = "major"\nmin-confidence = 1.5\n', ":2: bad value for 'min-confidence': expected a number between 0 and 1"),
    ('encoding = "klingon"\n', ":1: bad value for 'encoding': unknown encoding 'klingon'"),
    ('[per-file-ignores]\n"wire/*" = 3\n', ":1: bad value for 'per-file-ignores'"),
    ("tool = 3\n", ":1: unknown key 'tool'"),
    ("[tool]\nmtcheck = 4\n", ": [tool.mtcheck] must be a table"),
    (b"select = ['\xff']\n", ": cannot read config: "),
])
def test_bad_config_file_names_file_and_line(tmp_path, toml, message):
    path = tmp_path / "mtcheck.toml"
    path.write_bytes(toml if isinstance(toml, bytes) else toml.encode())
    with pytest.raises(ConfigError) as err:
        read_config_file(path)
    assert str(err.value).startswith(str(path) + message)


def test_pyproject_key_line_is_found_in_the_mtcheck_table(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.other]\nselekt = 1\n\n[tool.mtcheck]\nselect = ["MT4"]\nselekt = ["MT4"]\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml:6: \[tool.mtcheck\]: unknown key 'selekt'"):
        read_config_file(path)


# -- all at once: one line per problem, no traceback ----------------------------------------------
def test_every_bad_input_in_one_run_gives_one_line_each(tmp_path, run_cli):
    good = tmp_path / "good.txt"
    good.write_text(PROBE)
    missing = tmp_path / "missing.txt"
    photos = tmp_path / "photos"
    photos.mkdir()
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"GIF89a\x00\x01")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"caf\xe9\n")
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    empty = tmp_path / "empty.md"
    empty.write_text("")
    nested = tmp_path / "nested.md"
    nested.write_text(">" * 10_000 + " deep\n" + "- " * 5_000 + "x\n")
    wide = tmp_path / "wide.txt"
    wide.write_bytes(PROBE.encode("utf-16"))
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(b"a\r\nb\rc\n" + PROBE.encode())
    paths = [good, missing, photos, binary, latin, fifo, empty, nested, wide, mixed]
    proc = run_cli("check", "--no-model", "--select", "MT401", *map(str, paths), timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert sorted(proc.stderr.splitlines()) == sorted([
        f"mtcheck: error: {missing}: no such file or directory",
        f"mtcheck: warning: {photos}: no text or Markdown files to check in this directory",
        f"mtcheck: warning: {binary}: binary file skipped (it contains NUL bytes)",
        f"mtcheck: error: {latin}: not valid UTF-8 at byte 3 (line 1); use --encoding to name the file's encoding",
        f"mtcheck: error: {fifo}: not a regular file",
    ])
    flagged = [line.split(": ")[0] for line in proc.stdout.splitlines()[:-1]]
    assert flagged == [f"{good}:1:29", f"{wide}:1:29", f"{mixed}:4:29"]
    assert proc.stdout.splitlines()[-1] == "3 findings (3 minor) in 5 files; 3 could not be read; 2 skipped"


@pytest.mark.parametrize("toml", [
    "select = [\n", 'selekt = ["MT4"]\n', 'fail-level = "huge"\n', "tool = 3\n", 'encoding = "x-none"\n',
    "[tool]\nmtcheck = 4\n", '[per-file-ignores]\n"a" = 3\n',
])
def test_bad_config_in_the_cli_is_one_line_without_traceback(tmp_path, run_cli, toml):
    (tmp_path / "mtcheck.toml").write_text(toml)
    story = tmp_path / "a.txt"
    story.write_text(PROBE)
    proc = run_cli("check", "--no-model", str(story))
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"mtcheck: error: {tmp_path / 'mtcheck.toml'}")


@pytest.mark.parametrize("piece", [
    ".", "a.", "[foo\n", "``a` ", "](a \"", "|---", "Word; Word ", '"', "<!--", "*_", "http://", "- ",
    "    code\n\n", "> ", "“x ", "Mr. ", "e\u0301",
])
def test_hostile_repetition_stays_linear(piece):
    """Each of these once made a pattern or a rule quadratic; 60,000 characters take well under a second."""
    text = piece * (60_000 // len(piece)) + " x\n"
    for markdown in (False, True):
        started = time.perf_counter()
        check_text(text, markdown=markdown)
        assert time.perf_counter() - started < 8, (piece, markdown)


def test_ascii_output_and_undecodable_file_names_do_not_crash(tmp_path, run_cli):
    folder = tmp_path / "odd"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # not UTF-8: a surrogate escape in Python
    (folder / name).write_text(PROBE)
    proc = run_cli("check", "--no-model", "--select", "MT401", str(folder), env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.splitlines()[0].startswith(f"{folder}/caf\\udce9.txt:1:29: MT401 [minor] \\u201cAnd\\u201d")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_markdown_structure_is_masked_with_any_line_ending(newline):
    lines = ["---", "title: Talks; And more", "---", "", "> Quote; And", "", "- item", "",
             "[ref]: http://example.org/x; And", "", "|---|---|", "", PROBE.rstrip("\n")]
    text = newline.join(lines) + newline
    findings = check_text(text, markdown=True, config={"select": ["MT401"]})
    assert [(f.text, f.line) for f in findings] == [("And", 5), ("And", 13)]


def test_the_model_also_runs_part_by_part_on_a_huge_document(monkeypatch):
    from mtcheck.config import Config
    from mtcheck.engine import Checker
    from mtcheck.finding import Finding, Severity

    class FirstWordModel:
        """Flags the first token of every document it is given; records the rule findings it saw."""
        seen: list[int] = []

        def check(self, doc, rule_findings, ctx):
            self.seen.append(len(rule_findings))
            first = doc.tokens[0]
            yield Finding("MT901", "model", "Fluency/Grammar", Severity.MINOR, first.start, first.end, "odd")

    monkeypatch.setattr(Document.sections, "__defaults__", (400,))
    text = "".join(f"Part{i} starts; And goes on for a while here.\n\n" for i in range(40))
    checker = Checker(Config(select=["MT401"]), model=FirstWordModel())
    findings = checker.check(Document(text))
    parts = list(Document(text).sections(400))
    model = [f for f in findings if f.rule == "MT901"]
    assert [f.start for f in model] == [offset for offset, _ in parts]
    assert all(f.text.startswith("Part") for f in model)
    assert sum(FirstWordModel.seen) == 40  # every rule finding went to the model, in its part


def test_standard_input_named_twice_is_read_once(run_cli):
    # As a path named twice: '-' twice would read stdin twice and count an empty second file.
    proc = run_cli("check", "--no-model", "-f", "json", "-", "-", input=PROBE)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert [f["path"] for f in report["files"]] == ["<stdin>"] and report["summary"]["files"] == 1
