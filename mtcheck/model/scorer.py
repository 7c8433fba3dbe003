"""Language-model scoring: one forward pass per text chunk, then each candidate word is rescored
from the shared prefix (its key/value cache), over the word and a few following tokens."""

from __future__ import annotations

import bisect
import inspect
import math
import re
from dataclasses import dataclass

from .candidates import zipf
from .settings import SETTINGS

LOG2E = 1 / math.log(2)
# gains(): the continuation scored after an edit runs to the end of its sentence, at most this
# many tokens of the original text (an idiom's or a verb's effect shows within a few words).
GAINS_WINDOW_TOKENS = 12
# continuations_of_many(): tokens rescored in one model call at most (the mask grows with their
# square, the logits by 100 KB a token).
TREE_TOKENS = 512
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)|\n")


@dataclass
class Word:
    """A word to judge inside a chunk: offsets relative to the chunk."""

    start: int
    end: int
    text: str
    following: tuple[str, ...] = ()  # the next words, lowercase


@dataclass
class WordScore:
    start: int
    end: int
    text: str
    surprisal: float  # bits of the word in context
    variants: list[tuple[str, float, float]]  # (candidate, gain in bits over the original, its Zipf frequency)


class Scorer:
    def __init__(self, model, tokenizer):
        import torch

        self.torch = torch
        self.model = model
        self.tokenizer = tokenizer
        start = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
        self.start_ids = [start] if start is not None else []
        self._word_starts: dict[int, str] = {}
        self._vocab_sorted: list[str] | None = None
        # transformers 5 renamed `past_key_values` to `cache` (the old name warns on every run).
        params = inspect.signature(model.forward).parameters
        self._cache_kw = "cache" if "cache" in params else "past_key_values"
        self.keeps_logits = "logits_to_keep" in params

    def _model(self, inputs, cache=None, **kwargs):
        """One model call with the key/value cache passed under the name this transformers uses;
        returns (logits, cache)."""
        if cache is not None:
            kwargs[self._cache_kw] = cache
        with self.torch.inference_mode():
            out = self.model(inputs, use_cache=True, **kwargs)
        return out.logits, out[self._cache_kw]

    # -- the plain pass ----------------------------------------------------------------------
    def forward(self, text: str):
        """Token ids, offsets, per-token log-probs (bits) and the model output for `text`."""
        torch = self.torch
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        ids = self.start_ids + list(enc["input_ids"])
        logits, cache = self._model(torch.tensor([ids]))
        logp = torch.log_softmax(logits[0].float(), dim=-1)
        token_bits = [0.0] * len(ids)
        for i in range(1, len(ids)):
            token_bits[i] = -float(logp[i - 1, ids[i]]) * LOG2E
        return ids, list(enc["offset_mapping"]), token_bits, logp, cache

    # -- verification of proposed edits ---------------------------------------------------------
    def gains(self, text: str, edits: list[tuple[int, int, list[str]]],
              window_tokens: int = GAINS_WINDOW_TOKENS) -> list[list[float]]:
        """For each edit (start, end, replacements) in `text`, the gain in bits of each replacement r:
        log2 P(text with text[start:end] replaced by r) - log2 P(text).

        `text` is the context: pass the sentence or the paragraph (chunk) the edit is in. The left
        context is run through the model once, up to the last edit; every edit is then scored from
        its prefix of that key/value cache, all its replacements in one batch, over the edited
        words and the text after them up to the end of the sentence, at most `window_tokens`
        tokens of the original text. The tokens after that window are left out of both sides (the
        edit's effect on them is small, and they cost as much as the rest), so the gain is the
        change of log2-probability of the window. An edit at the very start of `text` is scored
        after the beginning-of-text token."""
        if not edits:
            return []
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets = [tuple(o) for o in enc["offset_mapping"]]
        ends = [e for _, e in offsets]
        starts = [s for s, _ in offsets]
        n0 = len(self.start_ids)
        # The token holding each edit's start: the row rescored for the edit starts there.
        firsts = [bisect.bisect_right(ends, start) for start, _, _ in edits]
        prefix = n0 + max(firsts)
        ids = self.start_ids + list(enc["input_ids"])[: prefix - n0]
        if prefix == 0:  # no beginning-of-text token and an edit at 0: nothing to condition on
            logp_rows, cache = None, None
        else:
            logits, cache = self._model(self.torch.tensor([ids]))
            logp_rows = self.torch.log_softmax(logits[0].float(), dim=-1)
        out = []
        for (start, end, replacements), p in zip(edits, firsts):
            if not 0 <= start <= end <= len(text):
                raise ValueError(f"edit ({start}, {end}) is outside the text")
            if not replacements:
                out.append([])
                continue
            head = text[offsets[p][0]:start] if p < len(offsets) else ""
            q = bisect.bisect_left(starts, end)  # the first token of the text after the edit
            window_end = offsets[min(q + window_tokens, len(offsets)) - 1][1] if q < len(offsets) else end
            sentence_end = _SENTENCE_END.search(text, end)
            if sentence_end is not None:
                window_end = min(window_end, sentence_end.end())
            tail = text[end:max(window_end, end)]
            rows = [head + text[start:end] + tail] + [head + r + tail for r in replacements]
            first_logp = logp_rows[n0 + p - 1] if n0 + p > 0 else None
            bits = self._continuations(cache, n0 + p, first_logp, rows)
            out.append([bits[0] - b for b in bits[1:]])
        return out

    def score_chunk(self, text: str, words: list[Word], candidates) -> list[WordScore]:
        return self.score_chunks([(text, words)], candidates)[0]

    def score_chunks(self, items: list[tuple[str, list[Word]]], candidates) -> list[list[WordScore]]:
        """Score the `words` of each text; `candidates(word)` gives the non-model candidates.

        Every text gets one pass that computes the model's distribution only where a judged word's
        tokens are predicted (the output layer is a fifth of the model); then the most surprising
        words of all the texts (a document's worth) are rescored within a token budget, a
        fraction of the plain pass, so a check costs a bounded multiple of one forward pass.
        Each word's candidate pool is capped at `rescored_candidates`, the ones whose first token
        the model finds likeliest there (known from the pass, at no cost).
        """
        scoring = SETTINGS["scoring"]
        n0 = len(self.start_ids)
        passes, spans = [], []
        for index, (text, words) in enumerate(items):
            passed = self._judging_pass(text, words)
            passes.append(passed)
            token_bits = passed[2]
            for word, p, q in passed[5]:
                surprisal = sum(token_bits[n0 + i] for i in range(p, q))
                if surprisal >= scoring["min_surprisal_bits"]:
                    spans.append((surprisal, index, word, p, q))
        spans.sort(key=lambda s: -s[0])
        # Short texts get a floor: their absolute cost is small, and one sentence deserves a look.
        budget = max(scoring["rescore_budget"] * sum(len(p[0]) for p in passes), scoring["min_rescore_tokens"])
        keep = scoring.get("rescored_candidates", scoring["max_candidates"])
        results: list[list[WordScore]] = [[] for _ in items]
        for surprisal, index, word, p, q in spans:
            text = items[index][0]
            ids, offsets, token_bits, logp_at, cache, _ = passes[index]
            first_logp = logp_at(n0 + p - 1)
            row_tokens = q - p + scoring["window_tokens"]
            variants = _interleave(self._predictions(first_logp, word.text), candidates(word))
            variants = [v for v in variants if v.lower() != word.text.lower()][: scoring["max_candidates"]]
            window_end = offsets[min(q + scoring["window_tokens"], len(offsets)) - 1][1]
            head = text[offsets[p][0]:word.start]
            tail = text[word.end:window_end]
            rows = [head + word.text + tail] + [head + v + tail for v in variants]
            enc = [self.tokenizer(r, add_special_tokens=False)["input_ids"] for r in rows]
            # The cap: the candidates whose first token the model likes best here.
            order = sorted(range(1, len(rows)), key=lambda r: -float(first_logp[enc[r][0]]))[:keep]
            cost = row_tokens * (len(order) + 1)
            if budget < cost / 2:
                break
            budget -= cost
            chosen = [0, *order]
            bits = self._continuations(cache, n0 + p, first_logp, [enc[r] for r in chosen])
            gains = sorted(((variants[r - 1], bits[0] - b) for r, b in zip(order, bits[1:])), key=lambda vg: -vg[1])
            results[index].append(WordScore(word.start, word.end, word.text, round(surprisal, 3), [
                (v, round(g, 3), zipf(v.lower())) for v, g in gains[: scoring["keep_variants"]]]))
        for r in results:
            r.sort(key=lambda w: w.start)
        return results

    def _judging_pass(self, text: str, words: list[Word]):
        """The pass of score_chunks: (ids, offsets, token bits, row -> log-probs, cache, [(word, p, q)])
        where token bits are filled in for the judged words' tokens only."""
        torch = self.torch
        n0 = len(self.start_ids)
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        ids = self.start_ids + list(enc["input_ids"])
        offsets = [tuple(o) for o in enc["offset_mapping"]]
        starts = [s for s, _ in offsets]
        ends = [e for _, e in offsets]
        spans = []
        for word in words:
            p = bisect.bisect_right(ends, word.start)  # first token ending after the word start
            q = bisect.bisect_left(starts, word.end)  # first token starting at/after the word end
            if p == 0 or p >= q or offsets[p][0] > word.start or offsets[q - 1][1] != word.end:
                continue  # chunk opener (no context), or not on token boundaries (glued to a name)
            spans.append((word, p, q))
        rows = sorted({n0 + i - 1 for _, p, q in spans for i in range(p, q)})
        kwargs = {"logits_to_keep": torch.tensor(rows or [0])} if self.keeps_logits else {}
        logits, cache = self._model(torch.tensor([ids]), **kwargs)
        logits = logits[0] if self.keeps_logits else logits[0, rows or [0]]
        logp = torch.log_softmax(logits.float(), dim=-1)
        row_of = {r: k for k, r in enumerate(rows)}
        token_bits = [0.0] * len(ids)
        for r, k in row_of.items():
            token_bits[r + 1] = -float(logp[k, ids[r + 1]]) * LOG2E
        return ids, offsets, token_bits, lambda r: logp[row_of[r]], cache, spans

    # -- candidates from the model's own predictions ------------------------------------------
    def _predictions(self, logp_row, word: str) -> list[str]:
        """Whole words the model expects at this position (first tokens completed to words)."""
        from .candidates import function_words, match_case, vocabulary

        k = SETTINGS["scoring"].get("model_predictions", 4)
        words, freq = vocabulary()
        if self._vocab_sorted is None:
            self._vocab_sorted = sorted(words)
        out = []
        for token_id in self.torch.topk(logp_row, k * 3).indices.tolist():
            piece = self.tokenizer.decode([token_id])
            if not piece.startswith(" ") or not piece[1:].isalpha():
                continue
            stem = piece[1:].lower()
            if stem in function_words():
                continue  # a content word is not mistranslated as "the" or "was"
            if stem in freq:
                out.append(match_case(word, stem))
            else:  # a word piece: complete it with the most frequent word that starts with it
                i = bisect.bisect_left(self._vocab_sorted, stem)
                completions = []
                while i < len(self._vocab_sorted) and self._vocab_sorted[i].startswith(stem):
                    completions.append(self._vocab_sorted[i])
                    i += 1
                if completions:
                    out.append(match_case(word, max(completions, key=lambda w: freq[w])))
            if len(out) >= k:
                break
        return out

    # -- batched rescoring from a shared prefix -------------------------------------------------
    def _continuations(self, cache, prefix_len: int, first_logp, rows: list) -> list[float]:
        """Bits (negative log2-prob) of each continuation (a text, or its token ids) after the first
        `prefix_len` ids."""
        torch = self.torch
        enc = [r if isinstance(r, list) else self.tokenizer(r, add_special_tokens=False)["input_ids"] for r in rows]
        width = max(len(e) for e in enc)
        pad = self.tokenizer.pad_token_id or 0
        batch = len(rows)
        # With no prefix at all there is no distribution for a first token: it is left out.
        total = [-float(first_logp[e[0]]) * LOG2E if e and first_logp is not None else 0.0 for e in enc]
        if width > 1:
            inputs = torch.tensor([e[:-1] + [pad] * (width - len(e)) for e in enc])
            mask = torch.zeros((batch, prefix_len + width - 1), dtype=torch.long)
            mask[:, :prefix_len] = 1
            for r, e in enumerate(enc):
                mask[r, prefix_len:prefix_len + max(len(e) - 1, 0)] = 1
            positions = torch.arange(prefix_len, prefix_len + width - 1).unsqueeze(0).expand(batch, -1)
            logits, _ = self._model(inputs, attention_mask=mask, position_ids=positions,
                                    cache=_prefix_cache(cache, prefix_len, batch) if prefix_len else None)
            logp = torch.log_softmax(logits.float(), dim=-1)
            for r, e in enumerate(enc):
                for j in range(1, len(e)):
                    total[r] -= float(logp[r, j - 1, e[j]]) * LOG2E
        return total


    def continuations_of_many(self, jobs: list[tuple]) -> list[list[float]]:
        """`_continuations` for many (cache, prefix_len, first_logp, rows) jobs, a few model calls
        in all instead of one per job: the model's fixed cost per call dominates a word's few
        short rows. Jobs are grouped up to TREE_TOKENS tokens (memory stays bounded on long
        documents)."""
        out, group, size = [], [], 0
        for job in jobs:
            rows = [r if isinstance(r, list) else self.tokenizer(r, add_special_tokens=False)["input_ids"]
                    for r in job[3]]
            group.append((*job[:3], rows))
            size += sum(len(r) for r in rows)
            if size >= TREE_TOKENS:
                out += self._tree(group)
                group, size = [], 0
        return out + self._tree(group) if group else out

    def _tree(self, jobs: list[tuple]) -> list[list[float]]:
        """One model call for the jobs' rows (token ids): the rows are laid end to end after the
        jobs' caches (each cache once), and a mask lets each token see only its own cache's
        prefix and its own row so far, as a tree of continuations is verified in speculative
        decoding."""
        from transformers import DynamicCache

        torch = self.torch
        used: dict[int, list] = {}  # id(cache) -> [cache, longest prefix used, offset]
        for cache, prefix_len, _, _ in jobs:
            entry = used.setdefault(id(cache), [cache, 0, 0])
            entry[1] = max(entry[1], prefix_len)
        kv_len = 0
        for entry in used.values():
            entry[2], kv_len = kv_len, kv_len + entry[1]
        inputs, targets, positions, spans, totals = [], [], [], [], []
        for cache, prefix_len, first_logp, rows in jobs:
            totals.append([-float(first_logp[e[0]]) * LOG2E if e else 0.0 for e in rows])
            for e in rows:
                spans.append((len(inputs), len(e) - 1, used[id(cache)][2], prefix_len))
                inputs += e[:-1]
                targets += e[1:]
                positions += range(prefix_len, prefix_len + len(e) - 1)
        if not inputs:
            return totals
        n = len(inputs)
        mask = torch.zeros((1, 1, n, kv_len + n), dtype=torch.bool)
        for start, length, cache_at, prefix_len in spans:
            mask[0, 0, start:start + length, cache_at:cache_at + prefix_len] = True
            mask[0, 0, start:start + length, kv_len + start:kv_len + start + length] = \
                torch.ones(length, length, dtype=torch.bool).tril()
        kv = [(torch.cat([c.layers[i].keys[:, :, :length] for c, length, _ in used.values()], dim=2),
               torch.cat([c.layers[i].values[:, :, :length] for c, length, _ in used.values()], dim=2))
              for i in range(len(jobs[0][0].layers))]
        logits, _ = self._model(torch.tensor([inputs]), attention_mask=mask, position_ids=torch.tensor([positions]),
                                cache=DynamicCache(ddp_cache_data=kv))
        rows_of = iter(spans)
        for total in totals:
            for r in range(len(total)):
                start, length, _, _ = next(rows_of)
                if length:
                    logp = torch.log_softmax(logits[0, start:start + length].float(), dim=-1)
                    total[r] -= float(logp[range(length), targets[start:start + length]].sum()) * LOG2E
        return totals


def _interleave(a: list[str], b: list[str]) -> list[str]:
    """a1, b1, a2, b2, ... without repeats: the model's guesses and the near spellings share the slots."""
    mixed = [x for pair in zip(a, b) for x in pair] + a[len(b):] + b[len(a):]
    return list(dict.fromkeys(mixed))


def _prefix_cache(cache, length: int, batch: int):
    """A copy of the first `length` positions of `cache`, repeated `batch` times."""
    from transformers import DynamicCache

    data = [(layer.keys[:, :, :length].expand(batch, -1, -1, -1).contiguous(),
             layer.values[:, :, :length].expand(batch, -1, -1, -1).contiguous()) for layer in cache.layers]
    return DynamicCache(ddp_cache_data=data)
