"""Scorer.gains(): the verification API other checks use (idiom repairs, wrong-word candidates).

Runs on the tiny 2-layer model from test_model.py (random weights: the numbers mean nothing,
but they must equal the log-probability differences of the whole texts)."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from mtcheck.model.scorer import LOG2E, Scorer  # noqa: E402
from test_model import tiny_model  # noqa: E402,F401  (the fixture)


@pytest.fixture(scope="module")
def scorer(tiny_model):  # noqa: F811
    from mtcheck.model.store import ModelSource, load

    return Scorer(*load(ModelSource("tiny", "t", directory=tiny_model), print, threads=1))


def log2p(scorer: Scorer, text: str) -> float:
    return -sum(scorer.forward(text)[2])


def replace(text: str, start: int, end: int, r: str) -> str:
    return text[:start] + r + text[end:]


SENTENCE = "The mayor said the river rose two meters in a single night and the pumps failed."


def test_gain_is_the_log_probability_difference_of_the_whole_texts(scorer):
    s = SENTENCE.index("river")
    edits = [(s, s + 5, ["water", "road", "the river"]), (0, 3, ["A"]), (SENTENCE.index("night"),
             SENTENCE.index("night") + 5, ["day"])]
    gains = scorer.gains(SENTENCE, edits, window_tokens=10_000)
    for (start, end, replacements), row in zip(edits, gains):
        assert len(row) == len(replacements)
        for r, g in zip(replacements, row):
            expected = log2p(scorer, replace(SENTENCE, start, end, r)) - log2p(scorer, SENTENCE)
            assert g == pytest.approx(expected, abs=1e-3)


def test_window_stops_at_the_sentence_end(scorer):
    """The sentence after the edit's sentence is not part of the gain."""
    second = " Residents returned to their homes after the water fell."
    s = SENTENCE.index("river")
    one = scorer.gains(SENTENCE, [(s, s + 5, ["water"])], window_tokens=10_000)
    two = scorer.gains(SENTENCE + second, [(s, s + 5, ["water"])], window_tokens=10_000)
    assert two[0][0] == pytest.approx(one[0][0], abs=1e-3)
    # A short window covers fewer tokens after the edit: a different (partial) sum.
    short = scorer.gains(SENTENCE, [(s, s + 5, ["water"])], window_tokens=1)
    assert short[0][0] != pytest.approx(one[0][0], abs=1e-6)


def test_edits_batched_together_equal_edits_scored_alone(scorer):
    text = SENTENCE + " Residents returned to their homes after the water fell."
    edits = [(text.index("pumps"), text.index("pumps") + 5, ["roads", "lights"]),
             (text.index("homes"), text.index("homes") + 5, ["houses"]),
             (text.index("said"), text.index("said") + 4, ["told", "added", ""])]
    together = scorer.gains(text, edits)
    alone = [scorer.gains(text, [e])[0] for e in edits]
    for a, b in zip(together, alone):
        assert a == pytest.approx(b, abs=1e-3)


def test_identity_edit_gains_nothing_and_bad_edits_are_refused(scorer):
    s = SENTENCE.index("pumps")
    assert scorer.gains(SENTENCE, [(s, s + 5, ["pumps"])])[0][0] == pytest.approx(0.0, abs=1e-4)
    assert scorer.gains(SENTENCE, []) == []
    assert scorer.gains(SENTENCE, [(s, s + 5, [])]) == [[]]
    with pytest.raises(ValueError):
        scorer.gains(SENTENCE, [(s, len(SENTENCE) + 5, ["x"])])


def test_continuations_of_many_equal_one_call_per_word(scorer, monkeypatch):
    """Rows of several words, from two texts' caches, in shared calls: the same bits as each
    word's own batched call (tiny model, float32)."""
    import mtcheck.model.scorer as scoring

    texts = [SENTENCE, "Officials in the capital said the bridge would reopen on Monday."]
    jobs = []
    for text, word, rows in ((texts[0], "river", [" water rose", " road rose two meters", " the"]),
                             (texts[1], "bridge", [" road would", " market"]),
                             (texts[0], "night", [" day and", " week"])):
        ids, offsets, _, logp, cache = scorer.forward(text)
        at = text.index(word)
        p = next(i for i, (s, e) in enumerate(offsets) if s <= at < e or s == at - 1)
        jobs.append((cache, len(scorer.start_ids) + p, logp[len(scorer.start_ids) + p - 1], rows))
    expected = [scorer._continuations(*job) for job in jobs]
    for tokens in (10_000, 8):  # all in one call; split into several calls
        monkeypatch.setattr(scoring, "TREE_TOKENS", tokens)
        got = scorer.continuations_of_many(jobs)
        assert len(got) == len(expected)
        for row, want in zip(got, expected):
            assert row == pytest.approx(want, abs=1e-3)


# -- the batched plain pass ---------------------------------------------------------------------
CHUNKS = [SENTENCE, "Officials said.", "Residents returned to their homes after the water fell and the roads "
          "reopened, and the council approved the plan to rebuild the flooded district.", "The bridge reopened."]


def _one_call(scorer: Scorer, text: str):
    """The per-chunk pass as it was before batching: one unpadded model call for the text."""
    import torch

    enc = scorer.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids = scorer.start_ids + enc["input_ids"]
    logits, cache = scorer._model(torch.tensor([ids]))
    logp = torch.log_softmax(logits[0].float(), dim=-1)
    return ids, list(enc["offset_mapping"]), [0.0] + [-float(logp[i - 1, ids[i]]) * LOG2E
                                                     for i in range(1, len(ids))], logp, cache


@pytest.mark.parametrize("budget", [10_000, 40, 1])  # one batch; several; one chunk a call
def test_batched_pass_equals_one_call_per_chunk(scorer, budget):
    """Chunks of different lengths padded into shared calls: each gets its own ids, offsets,
    bits, log-probs and key/value cache (its row and positions of the batch's), as from its own
    call; the cache serves the rescoring the same."""
    import torch

    got = scorer.forward_many(CHUNKS, batch_tokens=budget)
    want = [_one_call(scorer, text) for text in CHUNKS]
    assert len({len(w[0]) for w in want}) == len(CHUNKS)  # lengths differ: there is padding
    for (ids, offsets, bits, logp, cache), (w_ids, w_offsets, w_bits, w_logp, w_cache) in zip(got, want):
        assert ids == w_ids and offsets == w_offsets
        assert bits == pytest.approx(w_bits, abs=1e-4)
        assert torch.allclose(logp, w_logp, atol=1e-4)
        assert len(cache.layers) == len(w_cache.layers)
        for layer, w_layer in zip(cache.layers, w_cache.layers):
            assert layer.keys.shape == w_layer.keys.shape == (1, layer.keys.shape[1], len(ids), layer.keys.shape[3])
            assert torch.allclose(layer.keys, w_layer.keys, atol=1e-4)
            assert torch.allclose(layer.values, w_layer.values, atol=1e-4)
    n0 = len(scorer.start_ids)
    jobs = lambda passes: [(cache, n0 + 3, logp[n0 + 2], [" water rose", " road"])  # noqa: E731
                           for _, _, _, logp, cache in passes]
    for row, w_row in zip(scorer.continuations_of_many(jobs(got)), scorer.continuations_of_many(jobs(want))):
        assert row == pytest.approx(w_row, abs=1e-3)
    assert scorer.forward(CHUNKS[1])[2] == pytest.approx(want[1][2], abs=1e-4)
    assert scorer.forward_many([]) == []


def test_length_groups_fill_the_budget_with_similar_lengths():
    from mtcheck.model.scorer import _length_groups

    lengths = [50, 11, 60, 15, 300, 40]
    groups = _length_groups(lengths, 120)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))  # each once
    assert groups == [[1, 3, 5], [0, 2], [4]]  # 3 x 40 and 2 x 60 fit 120; 300 goes alone
    for g in groups:
        assert len(g) == 1 or len(g) * max(lengths[i] for i in g) <= 120
    assert _length_groups([], 100) == []
