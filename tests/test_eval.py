"""`mtcheck eval` on tiny hand-made MQM TSV and gold JSONL files, with figures worked out by hand.

Both run with `--select MT401,MT403` so rules added later cannot move the expected numbers.
"""

import json

import pytest

from mtcheck.evaluation import mcc, unmark

HEADER = "system\tdoc\tdocSegId\tglobalSegId\trater\tsource\ttarget\tcategory\tseverity\n"
# Rows out of docSegId order on purpose; one rater's copy of a target has a trailing space.
MQM_ROWS = [
    ("sysA", "d1", 2, 2, "r1", "src2", "The minister <v>said nothing</v> new.", "Accuracy/Mistranslation", "Major"),
    ("sysA", "d1", 1, 1, "r1", "src1", "Prices rose; <v>And</v> markets fell.", "Fluency/Grammar", "Minor"),
    ("sysA", "d1", 1, 1, "r2", "src1", "<v>Prices</v> rose; And markets fell. ", "Fluency/Punctuation", "Minor"),
    ("sysA", "d1", 2, 2, "r2", "src2", "The minister said nothing new.", "No-error", "No-error"),
    ("sysB", "d1", 1, 1, "r1", "src1", "Prices rose; And markets fell.", "No-error", "No-error"),
    ("sysB", "d1", 2, 2, "r1", "<v>src2</v>", 'The minister said "nothing new.', "Accuracy/Omission", "Major"),
    ("sysB", "d1", 2, 2, "r2", "src2", 'The <v>minister</v> said "nothing new.', "Style/Unnatural or awkward",
     "Minor"),
]


@pytest.fixture
def mqm_file(tmp_path):
    path = tmp_path / "mqm.tsv"
    path.write_text(HEADER + "".join("\t".join(map(str, row)) + "\n" for row in MQM_ROWS), encoding="utf-8")
    return path


def _eval(cli, *args):
    result = cli("eval", "--no-model", "--select", "MT401,MT403", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    return report


def test_unmark_gives_text_and_spans():
    assert unmark("a <v>bc</v> d<v>e</v>") == ("a bc de", [(2, 4), (6, 7)])
    assert unmark("open <v>to the end") == ("open to the end", [(5, 15)])


def test_mqm_word_level_figures(cli, mqm_file):
    r = _eval(cli, str(mqm_file))
    # 20 words; BAD: sysA Prices, And, said, nothing; sysB minister. MT401 flags "And" in both
    # systems (one right), MT403 flags one word of sysB's unclosed quotation (no rater marked it).
    assert (r["documents"], r["segments"], r["words"], r["bad_words"]) == (2, 4, 20, 5)
    assert (r["tp"], r["fp"], r["fn"], r["tn"]) == (1, 2, 4, 13)
    assert r["precision"] == pytest.approx(1 / 3)
    assert r["recall"] == pytest.approx(1 / 5)
    assert r["f1"] == pytest.approx(0.25)
    assert r["mcc"] == pytest.approx(5 / 3825 ** 0.5)
    assert r["recall_by_category"] == {
        "Accuracy/Mistranslation": {"words": 2, "found": 0, "recall": 0.0},
        "Fluency/Grammar": {"words": 1, "found": 1, "recall": 1.0},
        "Fluency/Punctuation": {"words": 1, "found": 0, "recall": 0.0},
        "Style/Unnatural or awkward": {"words": 1, "found": 0, "recall": 0.0},
    }
    assert r["recall_by_severity"]["Minor"] == {"words": 3, "found": 1, "recall": pytest.approx(1 / 3)}
    assert r["recall_by_severity"]["Major"] == {"words": 2, "found": 0, "recall": 0.0}
    assert r["rules"]["MT401"]["findings"] == 2 and r["rules"]["MT401"]["precision"] == 0.5
    assert r["rules"]["MT403"]["findings"] == 1 and r["rules"]["MT403"]["precision"] == 0.0


def test_mqm_limit_takes_an_even_subsample(cli, mqm_file):
    r = _eval(cli, "--limit", "1", str(mqm_file))
    assert (r["documents"], r["documents_in_file"], r["words"], r["tp"], r["fp"]) == (1, 2, 10, 1, 0)


def test_mqm_text_report(cli, mqm_file):
    out = cli("eval", "--no-model", "--select", "MT401,MT403", str(mqm_file)).stdout
    assert "2 system-documents, 4 segments, 20 words, 5 BAD (25.0%)" in out
    assert "precision 0.333  recall 0.200  F1 0.250  MCC 0.081" in out


def test_mcc_edge_cases():
    assert mcc(0, 0, 5, 5) == 0.0
    assert mcc(5, 0, 0, 5) == 1.0


GARBLED = ('Talks stalled on Friday; And both sides left.\n\n'
           'Officials met; But the deal failed.\n\n'
           'The mayor spoke; Then she left.\n\n'
           'Prices rose; So analysts cheered.\n')
CLEAN = ('Talks resumed on Friday, and both sides left.\n\n'
         'Officials met, but the deal failed.\n\n'
         'The mayor spoke. Then she left.\n\n'
         'Prices rose, so analysts cheered.\n')


def _error(text, start, end, family, corrections, category="Fluency/Capitalization"):
    assert start >= 0
    return {"start": start, "end": end, "text": text[start:end], "family": family, "category": category,
            "severity": "minor", "corrections": corrections}


@pytest.fixture
def gold_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "garbled.txt").write_text(GARBLED, encoding="utf-8", newline="")
    (corpus / "clean.txt").write_text(CLEAN, encoding="utf-8", newline="")
    g = GARBLED
    errors = [
        # A wider gold span than the finding's: "and" for "And" still gives "Friday; and".
        _error(g, g.index("Friday; And"), g.index(" both"), "caps", ["Friday; and"]),
        # The finding suggests "but", the gold correction replaces the semicolon too.
        _error(g, g.index("; But"), g.index(" the deal"), "caps", [", but"]),
        _error(g, g.index("stalled"), g.index(" on Friday"), "wrong-word", ["resumed"], "Accuracy/Mistranslation"),
        # No single replacement: counts for recall, not for suggestion accuracy.
        _error(g, g.index("; Then"), g.index(" she"), "structure", [], "Fluency/Punctuation"),
    ]
    # "; So" is left out of the gold on purpose: MT401's finding there counts as a false alarm.
    record = {"id": "a1", "garbled": "corpus/garbled.txt", "clean": "corpus/clean.txt", "errors": errors}
    path = corpus / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_gold_span_and_suggestion_figures(cli, gold_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path.parent)  # paths in the gold file are found from the file, not the cwd
    result = cli("eval", "--no-model", "--select", "MT401", "--format", "json", str(gold_file))
    (r,) = json.loads(result.stdout)["reports"]
    assert (r["articles"], r["gold_errors"], r["found"], r["findings"], r["correct_findings"]) == (1, 4, 3, 4, 3)
    assert r["recall"] == 0.75 and r["precision"] == 0.75
    assert (r["suggestions_judged"], r["good_suggestions"], r["suggestion_accuracy"]) == (2, 1, 0.5)
    assert r["recall_by_family"] == {
        "caps": {"errors": 2, "found": 2, "recall": 1.0},
        "structure": {"errors": 1, "found": 1, "recall": 1.0},
        "wrong-word": {"errors": 1, "found": 0, "recall": 0.0},
    }
    assert (r["clean_files"], r["findings_on_clean"]) == (1, 0)
    # Safe fixes: all four are applied by --fix; one writes a gold correction (the false alarm
    # and the two spans whose gold needs more than a lowercase letter are wrong fixes).
    assert r["rules"] == {"MT401": {"findings": 4, "correct": 3, "suggested": 2, "good_suggestions": 1,
                                    "safe_fixes": 4, "safe_correct": 1, "precision": 0.75,
                                    "suggestion_accuracy": 0.5, "safe_fix_precision": 0.25}}
    assert (r["safe_fixes"], r["safe_fixes_correct"]) == (4, 1)
    text = cli("eval", "--no-model", "--select", "MT401", str(gold_file)).stdout
    assert "safe fixes" in text and "  MT401            4        1        25.0" in text


def test_gold_span_text_must_match_the_file(cli, gold_file):
    record = json.loads(gold_file.read_text(encoding="utf-8"))
    record["errors"][0]["start"] += 1
    gold_file.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = cli("eval", "--no-model", str(gold_file))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mtcheck: error: {gold_file}:1: error 0: text ")
    assert len(result.stderr.splitlines()) == 1


def test_eval_unknown_format_and_rule(cli, tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n", encoding="utf-8")
    assert "unknown annotation format" in cli("eval", "--no-model", str(f)).stderr
    assert cli("eval", "--no-model", "--select", "MT000", str(f)).exit_code == 2


def _wmt_dev():
    from conftest import SHARED

    for folder in (SHARED, SHARED.parent.parent / "shared"):
        if (folder / "wmt23-zhen-mqm" / "dev.tsv").exists():
            return folder / "wmt23-zhen-mqm" / "dev.tsv"
    return None


@pytest.mark.skipif(_wmt_dev() is None, reason="the shared WMT23 MQM data is not present")
def test_wmt23_dev_is_read_as_documented(cli):
    # The data's README: 10 systems x 19 documents, about 31% of target words BAD.
    r = _eval(cli, "--limit", "19", str(_wmt_dev()))
    assert (r["documents"], r["documents_in_file"], r["skipped_rows"]) == (19, 190, 0)
    assert 0.2 < r["bad_words"] / r["words"] < 0.45
    assert r["tp"] + r["fp"] + r["fn"] + r["tn"] == r["words"]


def test_a_safe_fix_copying_a_misspelling_is_wrong_but_reported_apart():
    from mtcheck.evaluation import GoldError, copies_an_error
    from mtcheck.finding import Finding, Severity

    text = "Minister Rajesh K. Said the plan works. Mr Srivastav told reporters."
    cut = text.index("Said")
    fix = Finding("MT302", "broken-name", "Fluency/Grammar", Severity.MAJOR, text.index("Rajesh"), cut + 4,
                  "cut", ("Rajesh K. Srivastav said",))
    name = text.index("Srivastav")
    errors = [GoldError(cut, cut + 4, "Said", "broken-name", "Fluency/Grammar", "major", ("Srivastava said",)),
              GoldError(name, name + 9, "Srivastav", "name", "Terminology/Entity", "major", ("Srivastava",))]
    assert copies_an_error(text, fix, errors[0], errors)
    assert not copies_an_error(text, fix, errors[0], errors[:1])  # no annotated misspelling to blame
    other = Finding("MT302", "broken-name", "Fluency/Grammar", Severity.MAJOR, text.index("Rajesh"), cut + 4,
                    "cut", ("Rajesh K. Sharma said",))
    assert not copies_an_error(text, other, errors[0], errors)


@pytest.mark.parametrize("record, needle", [
    ({"errors": 5}, "errors must be a list"),
    ({"errors": [5]}, "error 0 must be an object"),
    ({"errors": [{"start": "x", "end": 5, "text": "And", "family": "f", "category": "c", "severity": "minor",
                  "corrections": ["and"]}]}, "error 0: start and end must be whole numbers"),
    ({"errors": [{"start": 7, "end": 10, "text": "And", "family": "f", "category": "c", "severity": "minor",
                  "corrections": "and"}]}, "error 0: corrections must be a list of strings"),
    ({"garbled_text": 5}, "garbled_text must be a string"),
])
def test_malformed_gold_record_is_one_line_and_exit_2(run_cli, tmp_path, record, needle):
    """A gold line of the wrong shape (a hand-edited file) is named with its line, never a traceback."""
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "garbled_text": "Talks; And so.", "errors": [], **record}) + "\n",
                    encoding="utf-8")
    proc = run_cli("eval", "--no-model", str(gold))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"mtcheck: error: {gold}:1: ") and needle in line


@pytest.mark.parametrize("which", ["gold", "garbled", "clean"])
def test_gold_or_article_not_utf8_is_one_line_and_exit_2(run_cli, tmp_path, which):
    (tmp_path / "g.txt").write_bytes("Talks; And so.\n".encode("latin-1"))
    (tmp_path / "c.txt").write_bytes("Talks; and so.\n".encode("latin-1"))
    bad = tmp_path / {"gold": "gold.jsonl", "garbled": "g.txt", "clean": "c.txt"}[which]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "garbled": "g.txt", "clean": "c.txt", "errors": []}) + "\n",
                    encoding="utf-8")
    bad.write_bytes(bad.read_bytes() + "Café\n".encode("latin-1"))
    proc = run_cli("eval", "--no-model", str(gold))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("mtcheck: error: ") and bad.name in line and "not valid UTF-8" in line
