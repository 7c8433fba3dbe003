"""`mtcheck score` and `check --reference`: the same figures as sacrebleu's own command line."""

import json
import subprocess
import sys

import pytest

pytest.importorskip("sacrebleu")

HYP = ("The minister said the talks would resume on Monday.\n"
       "Prices rose sharply in the capital last week.\n"
       "\n"
       "It rained.\n")
REF1 = ("The minister said talks would resume on Monday.\n"
        "Prices rose steeply in the capital last week.\n"
        "\n"
        "It was raining all day.\n")
REF2 = ("Talks will restart on Monday, the minister said.\n"
        "Last week prices in the capital rose sharply.\n"
        "\n"
        "There was rain.\n")


def _sacrebleu_cli(*args):
    proc = subprocess.run([sys.executable, "-m", "sacrebleu", *args, "-m", "bleu", "chrf", "ter", "-w", "4"],
                          capture_output=True, text=True, check=True)
    return {item["name"]: item for item in json.loads(proc.stdout)}


@pytest.mark.parametrize("refs", [["r1.txt"], ["r1.txt", "r2.txt"]])
def test_score_equals_sacrebleu_cli(tmp_path, cli, refs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hyp.txt").write_text(HYP, encoding="utf-8")
    (tmp_path / "r1.txt").write_text(REF1, encoding="utf-8")
    (tmp_path / "r2.txt").write_text(REF2, encoding="utf-8")
    expected = _sacrebleu_cli(*refs, "-i", "hyp.txt")
    result = cli("score", "hyp.txt", *[a for r in refs for a in ("--ref", r)], "--format", "json")
    assert result.exit_code == 0, result.stderr
    ours = {s["name"]: s for s in json.loads(result.stdout)["scores"]}
    assert sorted(ours) == sorted(expected) == ["BLEU", "TER", "chrF2"]
    for name, theirs in expected.items():
        assert ours[name]["score"] == pytest.approx(theirs["score"], abs=5e-5)
        assert ours[name]["signature"] == theirs["signature"]
        assert ours[name]["signature"].startswith(f"nrefs:{len(refs)}|")


def test_score_text_output_shows_signatures(tmp_path, cli):
    (tmp_path / "h.txt").write_text(HYP, encoding="utf-8")
    (tmp_path / "r.txt").write_text(HYP, encoding="utf-8")
    lines = cli("score", str(tmp_path / "h.txt"), "--ref", str(tmp_path / "r.txt")).stdout.splitlines()
    assert lines[0].startswith("BLEU  = 100.00  nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert lines[1].startswith("chrF2 = 100.00  nrefs:1|")
    assert lines[2].startswith("TER   =   0.00  nrefs:1|")


def test_sentences_are_sorted_worst_first(tmp_path, cli):
    from sacrebleu.metrics import CHRF

    (tmp_path / "h.txt").write_text(HYP, encoding="utf-8")
    (tmp_path / "r.txt").write_text(REF1, encoding="utf-8")
    result = cli("score", str(tmp_path / "h.txt"), "--ref", str(tmp_path / "r.txt"), "--sentences", "-f", "json")
    rows = json.loads(result.stdout)["sentences"]
    # The blank pair (line 3) is left out; "It rained." is furthest from its reference.
    assert [r["line"] for r in rows] == [4, 2, 1]
    assert rows[0]["chrF"] < rows[1]["chrF"] < rows[2]["chrF"]
    hyp, ref = HYP.splitlines(), REF1.splitlines()
    for r in rows:
        assert r["chrF"] == pytest.approx(CHRF().sentence_score(hyp[r["line"] - 1], [ref[r["line"] - 1]]).score)


def test_line_count_mismatch_is_one_line_error(tmp_path, cli):
    (tmp_path / "h.txt").write_text(HYP, encoding="utf-8")
    (tmp_path / "r.txt").write_text("one line\n", encoding="utf-8")
    result = cli("score", str(tmp_path / "h.txt"), "--ref", str(tmp_path / "r.txt"))
    assert result.exit_code == 2
    assert result.stderr == f"mtcheck: error: {tmp_path / 'r.txt'} has 1 lines but the hypothesis has 4: " \
                            "scores compare texts line by line\n"


def test_check_reference_scores_before_and_after_fixing(tmp_path, cli):
    hyp = tmp_path / "h.txt"
    hyp.write_text("The talks failed on Friday; And maybe they resume.\n", encoding="utf-8")
    ref = tmp_path / "r.txt"
    ref.write_text("The talks failed on Friday; and maybe they resume.\n", encoding="utf-8")
    result = cli("check", "--no-model", "--fix", "--reference", str(ref), "--format", "json", str(hyp))
    summary = json.loads(result.stdout)["summary"]
    assert summary["reference_scores_before"]["chrF"] < 100
    assert summary["reference_scores_after"] == {"BLEU": 100.0, "chrF": 100.0, "TER": 0.0}
    assert summary["fixes_applied"] == 1
    text = cli("check", "--no-model", "--reference", str(ref), str(hyp)).stdout
    assert text.endswith("reference scores: BLEU 100.0, chrF 100.0, TER 0.0\n")


def test_reference_needs_one_checked_file(tmp_path, cli):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Fine text.\n", encoding="utf-8")
    result = cli("check", "--no-model", "--reference", str(tmp_path / "a.txt"), str(tmp_path))
    assert result.exit_code == 2
    assert "--reference needs exactly one file to check" in result.stderr


def test_missing_sacrebleu_is_one_line_error(tmp_path, cli, monkeypatch):
    (tmp_path / "h.txt").write_text(HYP, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "sacrebleu.metrics", None)  # makes the import fail
    result = cli("score", str(tmp_path / "h.txt"), "--ref", str(tmp_path / "h.txt"))
    assert result.exit_code == 2
    assert result.stderr == "mtcheck: error: scores need sacrebleu: pip install 'mtcheck[score]'\n"


def test_files_are_decoded_as_check_decodes_them(tmp_path, run_cli):
    """A UTF-16 hypothesis with a BOM and CRLF line ends scores like its UTF-8 copy."""
    (tmp_path / "hyp.txt").write_bytes("The minister resigned.\r\nTalks resume.\r\n".encode("utf-16"))
    (tmp_path / "ref.txt").write_text("The minister resigned.\nTalks resume.\n", encoding="utf-8")
    proc = run_cli("score", str(tmp_path / "hyp.txt"), "--ref", str(tmp_path / "ref.txt"), "-f", "json")
    assert proc.returncode == 0, proc.stderr
    scores = {s["metric"]: s["score"] for s in json.loads(proc.stdout)["scores"]}
    assert scores["BLEU"] == pytest.approx(100) and scores["chrF"] == pytest.approx(100) and scores["TER"] == 0
