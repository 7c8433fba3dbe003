"""`mtcheck review` driven through a real pseudo-terminal (pexpect), 80 columns, as over SSH.

Each test answers the prompts with keys and then checks what is on disk.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO, run_mtcheck

pexpect = pytest.importorskip("pexpect")
pytest.importorskip("prompt_toolkit")

GLOSSARY = "term,variants,type,gender,note\nOlena Kovalenko,,person,f,minister\n"
TEXT = ("Olena Kovalenko, the deputy minister, spoke in Odesa on Tuesday.\n\n"
        "Ms. Kovalenco said the talks failed on Friday; And maybe they resume.\n\n"
        "“We stay here,” She said.\n")
# The three findings, in text order: MT102 “Kovalenco” → Kovalenko, MT401 “And” → and,
# MT402 “She” → she.


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def spawn(workdir, *args: str, name: str = "a.txt"):
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": "xterm-256color", "NO_COLOR": "1",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # pexpect is no terminal emulator: nothing answers a cursor query
    env.pop("CI", None)
    return pexpect.spawn(sys.executable, ["-m", "mtcheck", "review", "--no-model", "-g", "glossary.csv", *args, name],
                         cwd=str(workdir), env=env, encoding="utf-8", dimensions=(24, 80), timeout=60)


_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def shown(text: str) -> str:
    """What the terminal shows, without escape sequences."""
    return _ESCAPE.sub("", text)


def prompt(child) -> str:
    """Wait for the next prompt; returns what was shown before it."""
    child.expect(r"Apply\? \[")
    return shown(child.before)


def press(child, key: str) -> None:
    """Press a key at the prompt; wait until the prompt line shows it was taken."""
    child.send(key)
    if key.isprintable():
        child.expect(r"\] (?:\x1b\[[0-9;]*m)*" + re.escape(key))


def answer(child, *keys: str) -> None:
    """Wait for each prompt, then press the key."""
    for key in keys:
        prompt(child)
        press(child, key)


def finish(child) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, shown(child.before)


def read(workdir, name="a.txt") -> str:
    return (workdir / name).read_text(encoding="utf-8")


def test_accept_then_skip_the_rest(workdir):
    child = spawn(workdir)
    screen = prompt(child)
    assert "a.txt:3:5  (1 of 3)" in screen and "  Ms. Kovalenco said the talks" in screen
    assert "MT102 corrupted-glossary-term" in screen and "  1  Kovalenko" in screen
    press(child, "1")
    answer(child, "s", "s")
    status, out = finish(child)
    assert status == 0
    assert "1 change written" in out
    assert read(workdir) == TEXT.replace("Kovalenco", "Kovalenko")


def test_accepted_changes_keep_later_offsets(workdir):
    # Kovalenco → Kovalenko is the same length; an edit that lengthens the text must not move
    # the next fix: both land on their own words.
    child = spawn(workdir)
    answer(child, "e")
    child.expect("replacement: ")
    child.send("\x15Olena Kovalenko\r")  # Ctrl-U clears the prefilled span
    answer(child, "1", "1")
    status, _ = finish(child)
    assert status == 0
    assert read(workdir) == (TEXT.replace("Kovalenco", "Olena Kovalenko").replace("; And", "; and")
                             .replace("” She", "” she"))


def test_edit_is_prefilled_with_the_span(workdir):
    child = spawn(workdir)
    answer(child, "e")
    child.expect("replacement: ")
    child.send("ko\r")  # typed after the prefilled “Kovalenco”
    answer(child, "s", "s")
    assert finish(child)[0] == 0
    assert read(workdir) == TEXT.replace("Kovalenco", "Kovalencoko")


def test_skipping_everything_writes_nothing(workdir):
    before = (workdir / "a.txt").stat()
    child = spawn(workdir)
    answer(child, "s", "s", "s")
    status, out = finish(child)
    assert status == 0
    assert read(workdir) == TEXT
    assert (workdir / "a.txt").stat().st_mtime_ns == before.st_mtime_ns
    assert "0 of 3" not in out and "3 of 3 findings decided" in out


def test_silence_in_plain_text_records_it_in_the_default_baseline_and_leaves_the_copy(workdir):
    child = spawn(workdir)
    answer(child, "s", "i", "s")
    assert finish(child)[0] == 0
    assert read(workdir) == TEXT  # no marker printed into the article
    entries = json.loads((workdir / ".mtcheck-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["rule"], e["text"]) for e in entries] == [("a.txt", "MT401", "And")]
    check = run_mtcheck("check", "--no-model", "-g", "glossary.csv", "--baseline", ".mtcheck-baseline.json",
                        "a.txt", cwd=workdir)
    assert "MT401" not in check.stdout and "MT102" in check.stdout
    child = spawn(workdir)  # the next review finds the default baseline by itself
    assert "(1 of 2)" in prompt(child)
    child.send("q")
    assert finish(child)[0] == 0


def test_silence_in_markdown_adds_a_comment_on_the_line_before(workdir):
    (workdir / "a.md").write_text(TEXT, encoding="utf-8")
    child = spawn(workdir, name="a.md")
    answer(child, "s", "i", "s")
    assert finish(child)[0] == 0
    marker = "<!-- mtcheck-disable-next-line MT401 -->\n"
    assert read(workdir, "a.md") == TEXT.replace("Ms. Kovalenco", marker + "Ms. Kovalenco")
    check = run_mtcheck("check", "--no-model", "-g", "glossary.csv", "a.md", cwd=workdir)
    assert "MT401" not in check.stdout and "MT102" in check.stdout


def test_silence_with_a_baseline_records_it_there_and_leaves_the_text(workdir):
    child = spawn(workdir, "--baseline", "base.json")
    answer(child, "s", "i", "s")
    assert finish(child)[0] == 0
    assert read(workdir) == TEXT
    entries = json.loads((workdir / "base.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["rule"], e["text"]) for e in entries] == [("a.txt", "MT401", "And")]
    check = run_mtcheck("check", "--no-model", "-g", "glossary.csv", "--baseline", "base.json", "a.txt", cwd=workdir)
    assert "MT401" not in check.stdout and "MT402" in check.stdout
    # A second review leaves out what the baseline holds.
    child = spawn(workdir, "--baseline", "base.json")
    assert "(1 of 2)" in prompt(child)
    child.send("q")
    assert finish(child)[0] == 0


def test_glossary_adds_the_name_as_a_variant_and_fixes_it(workdir):
    child = spawn(workdir)
    answer(child, "g", "s", "s")
    status, out = finish(child)
    assert status == 0
    assert read(workdir) == TEXT.replace("Kovalenco", "Kovalenko")
    assert (workdir / "glossary.csv").read_text(encoding="utf-8").splitlines()[-1] == \
        "Kovalenko,Kovalenco,,,added by mtcheck review (a.txt)"
    # The glossary still loads, and `glossary check` finds nothing wrong with it.
    assert run_mtcheck("glossary", "check", "glossary.csv", cwd=workdir).returncode == 0


def test_g_is_refused_for_a_word_that_is_not_a_name(workdir):
    child = spawn(workdir)
    answer(child, "s")
    child.expect(r"Apply\? \[1,e,s,i,u,q,\?\]")  # no g for “And” → “and”
    child.send("g")  # ignored
    press(child, "s")
    answer(child, "s")
    assert finish(child)[0] == 0
    assert read(workdir) == TEXT


def test_undo_forgets_the_last_decision(workdir):
    child = spawn(workdir)
    answer(child, "1", "u")
    screen = prompt(child)
    assert "undone: replacement “Kovalenko”" in screen
    assert screen.rsplit("undone", 1)[1].count("(1 of 3)") == 1  # back at the first finding
    press(child, "s")
    answer(child, "1", "s")
    assert finish(child)[0] == 0
    assert read(workdir) == TEXT.replace("; And", "; and")


def test_quit_writes_what_was_decided(workdir):
    child = spawn(workdir)
    answer(child, "1", "q")
    status, out = finish(child)
    assert status == 0
    assert "1 of 3 findings decided" in out
    assert read(workdir) == TEXT.replace("Kovalenco", "Kovalenko")


def test_ctrl_c_writes_nothing(workdir):
    child = spawn(workdir)
    answer(child, "1", "\x03")
    status, out = finish(child)
    assert status == 130
    assert "nothing written" in out
    assert read(workdir) == TEXT


def test_each_file_is_written_with_its_own_decisions(workdir):
    (workdir / "b.md").write_text("They met; But it failed.\n", encoding="utf-8")
    child = spawn(workdir, "b.md")  # reviews b.md, then a.txt
    screen = prompt(child)
    assert "b.md:1:11  (1 of 4)" in screen
    press(child, "1")
    answer(child, "s", "1", "s")
    status, out = finish(child)
    assert status == 0
    assert read(workdir, "b.md") == "They met; but it failed.\n"
    assert read(workdir) == TEXT.replace("; And", "; and")
    assert "b.md: 1 change written" in out and "a.txt: 1 change written" in out


def test_help_lists_the_keys(workdir):
    child = spawn(workdir)
    answer(child, "?")
    assert "u    undo the last decision" in prompt(child)
    child.send("q")
    assert finish(child)[0] == 0


def test_a_file_changed_during_the_review_is_not_overwritten(workdir):
    child = spawn(workdir)
    answer(child, "1")
    prompt(child)
    changed = TEXT.replace("Tuesday", "Wednesday")
    (workdir / "a.txt").write_text(changed, encoding="utf-8")  # someone else saved the file meanwhile
    child.send("q")
    status, out = finish(child)
    assert status == 2
    assert "not fixed: the file changed since it was read" in out
    assert read(workdir) == changed


def test_encoding_bom_and_line_endings_are_kept(workdir):
    data = b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")
    (workdir / "a.txt").write_bytes(data)
    child = spawn(workdir)
    answer(child, "s", "1", "i")
    assert finish(child)[0] == 0
    expected = TEXT.replace("; And", "; and")
    assert (workdir / "a.txt").read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")


def test_lines_fit_80_columns(workdir):
    long = "Ms. Kovalenco said " + "the talks went on and on, " * 12 + "and then they ended.\n"
    (workdir / "a.txt").write_text(long, encoding="utf-8")
    child = spawn(workdir)
    screen = prompt(child)
    child.send("q")
    finish(child)
    lines = [line for line in screen.split("\n") if "the talks" in line or "then they" in line]
    assert len(lines) > 2 and all(len(line.rstrip()) <= 80 for line in lines)


def test_without_a_terminal_it_stops_at_once_with_exit_2(workdir):
    proc = subprocess.run([sys.executable, "-m", "mtcheck", "review", "--no-model", "a.txt"], cwd=workdir,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "mtcheck: error: review needs an interactive terminal (use `mtcheck check --fix` or `--diff` in scripts)"]
    assert read(workdir) == TEXT


def test_no_findings_says_so(workdir):
    (workdir / "a.txt").write_text("The talks resumed on Friday.\n", encoding="utf-8")
    child = spawn(workdir)
    status, out = finish(child)
    assert status == 0 and "no findings" in out
