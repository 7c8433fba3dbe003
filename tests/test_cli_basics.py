import json

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
