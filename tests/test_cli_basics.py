import json

import pytest

from mtcheck import check_text


def test_capital_after_semicolon_flags_function_word(tmp_path, run_cli):
    f = tmp_path / "a.txt"
    f.write_text("The talks failed on Friday; And maybe they resume.\n", encoding="utf-8")
    proc = run_cli("check", "--no-model", "--format", "json", str(f))
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    (finding,) = data["files"][0]["findings"]
    assert finding["rule"] == "MT401"
    assert finding["text"] == "And" and finding["suggestions"] == ["and"]
    assert (finding["line"], finding["column"]) == (1, 29)


def test_semicolon_before_proper_noun_is_silent():
    assert check_text("Turkey backed the plan; Iran did not.") == []


def test_missing_file_exits_2_without_traceback(run_cli):
    proc = run_cli("check", "--no-model", "no/such/file.txt")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "no/such/file.txt: no such file or directory" in proc.stderr


def _closed_stdout_run(args, cwd):
    """`python -m mtcheck ARGS` writing into a pipe nobody reads (`mtcheck … | head -0`)."""
    import os
    import subprocess
    import sys

    from conftest import REPO

    read, write = os.pipe()
    os.close(read)  # closed before the first write: every write fails with EPIPE
    try:
        return subprocess.run([sys.executable, "-m", "mtcheck", *args], stdout=write, stderr=subprocess.PIPE,
                              cwd=cwd, env={**os.environ, "PYTHONPATH": str(REPO)}, text=True, timeout=120)
    finally:
        os.close(write)


@pytest.mark.parametrize("args", [
    ["rules"],
    ["config"],
    ["check", "--no-model", "story.txt"],
    ["glossary", "suggest", "story.txt"],
    ["eval", "--no-model", "gold.jsonl"],
])
def test_closed_pipe_exits_2_whatever_the_command(tmp_path, args):
    """`mtcheck rules | head -1` exited 1 (the code for findings) where `check … | head -1` exits 2:
    a reader that went away is the same error for every command, and never a traceback."""
    (tmp_path / "story.txt").write_text("The talks failed on Friday; And maybe they resume.\n", encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"id": "a", "garbled_text": "Talks; And so.", "errors": []})
                                         + "\n", encoding="utf-8")
    proc = _closed_stdout_run(args, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


def test_ctrl_c_exits_130_with_one_line_whatever_the_command(tmp_path, cli, monkeypatch):
    """Ctrl-C in `glossary suggest` said click's "Aborted!" and exited 1 (findings); `check` says
    "mtcheck: interrupted" and exits 130, as shells expect of SIGINT."""
    import mtcheck.glossary.cli as glossary_cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    (tmp_path / "story.txt").write_text("Talks; And so.\n", encoding="utf-8")
    monkeypatch.setattr(glossary_cli, "suggest_entries", interrupted)
    result = cli("glossary", "suggest", str(tmp_path / "story.txt"))
    assert result.exit_code == 130 and result.stderr == "mtcheck: interrupted\n"
