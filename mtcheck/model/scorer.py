"""Language-model scoring: one forward pass per text chunk, then each candidate word is rescored
from the shared prefix (its key/value cache), over the word and a few following tokens."""

from __future__ import annotations

import bisect
import inspect
import math
import re
from dataclasses import dataclass


LOG2E = 1 / math.log(2)
# gains(): the continuation scored after an edit runs to the end of its sentence, at most this
# many tokens of the original text (an idiom's or a verb's effect shows within a few words).
GAINS_WINDOW_TOKENS = 12
# continuations_of_many(): tokens rescored in one model call at most (the mask grows with their
# square, the logits by 100 KB a token).
TREE_TOKENS = 512
# forward_many(): tokens in one batch of the plain pass at most, padding included. A call's fixed
# cost (reading the weights) is paid off by ~128 tokens; larger batches only hold more logits
# (100 KB a token in bfloat16). 256 and 512 measured alike on the 700-word article.
BATCH_TOKENS = 256
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)|\n")


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
        # transformers 5 renamed `past_key_values` to `cache` (the old name warns on every run).
        params = inspect.signature(model.forward).parameters
        self._cache_kw = "cache" if "cache" in params else "past_key_values"
        self.keeps_logits = "logits_to_keep" in params
        self._shared_start = None  # (token ids, their key/value cache): next_log_probs' common start

    def _model(self, inputs, cache=None, hidden: bool = False, **kwargs):
        """One model call with the key/value cache passed under the name this transformers uses;
        returns (logits, cache), or with `hidden` (the model without its output layer) the last
        hidden states and the cache."""
        if cache is not None:
            kwargs[self._cache_kw] = cache
        with self.torch.inference_mode():
            if hidden:
                out = self.model.get_decoder()(inputs, use_cache=True, **kwargs)
                return out.last_hidden_state, out[self._cache_kw]
            out = self.model(inputs, use_cache=True, **kwargs)
        return out.logits, out[self._cache_kw]

    # -- the plain pass ----------------------------------------------------------------------
    def forward(self, text: str):
        """Token ids, offsets, per-token log-probs (bits) and the model output for `text`."""
        return self.forward_many([text])[0]

    def forward_many(self, texts: list[str], batch_tokens: int = BATCH_TOKENS) -> list[tuple]:
        """`forward` for each text, in padded batches of at most `batch_tokens` tokens (padding
        included): each model call reads all the weights once, so a few calls cost less than one
        per text. Texts of similar length share a batch (less padding). The rows are padded on the
        right, so each text keeps its natural positions and, the model being causal, its tokens
        never see the padding: no attention mask is needed, and each text's logits and key/value
        cache are its own rows and positions of the batch's (same values within bfloat16 noise)."""
        out: list = [None] * len(texts)
        torch = self.torch
        for group, all_ids, offsets, logits, cache in self._batches(texts, batch_tokens):
            # One log-prob tensor for the group, each text's rows a view of it: one large allocation,
            # returned to the system when the texts are done with (row-sized ones fragment the heap
            # and the process grows from document to document), filled row by row (no float32 copy
            # of all the logits at once).
            logp_all = torch.empty(logits.shape, dtype=torch.float32)
            for row, i in enumerate(group):
                n = len(all_ids[i])
                torch.log_softmax(logits[row, :n], dim=-1, dtype=torch.float32, out=logp_all[row, :n])
            del logits
            for row, i in enumerate(group):
                ids = all_ids[i]
                n = len(ids)
                logp = logp_all[row, :n]
                picked = logp[torch.arange(n - 1), torch.tensor(ids[1:], dtype=torch.long)].tolist()
                token_bits = [0.0] + [-v * LOG2E for v in picked]
                # DynamicCache copies the slices it is given: the batch's cache is freed after the group.
                out[i] = (ids, offsets[i], token_bits, logp, _row_cache(cache, row, n))
            del cache
        return out

    def _batches(self, texts: list[str], batch_tokens: int, hidden: bool = False):
        """The texts' padded batches (see forward_many): (the texts' indices, every text's ids and
        offsets, the batch's logits or last hidden states, its key/value cache), one at a time."""
        if not texts:
            return
        enc = self.tokenizer(list(texts), add_special_tokens=False, return_offsets_mapping=True)
        all_ids = [self.start_ids + list(ids) for ids in enc["input_ids"]]
        offsets = [list(o) for o in enc["offset_mapping"]]
        pad = self.tokenizer.pad_token_id or 0
        for group in _length_groups([len(ids) for ids in all_ids], batch_tokens):
            width = max(len(all_ids[i]) for i in group)
            out, cache = self._model(self.torch.tensor([all_ids[i] + [pad] * (width - len(all_ids[i])) for i in group]),
                                     hidden=hidden)
            yield group, all_ids, offsets, out, cache
            del out, cache  # freed once the caller has let go of them too, before the next batch

    def plain_passes(self, texts: list[str], batch_tokens: int = BATCH_TOKENS) -> list["PlainPass"]:
        """The plain pass of each text in forward_many's batches, without the output layer: a
        quarter of the pass's time goes to the logits and their softmax, and a reader of the
        pass (the wrong-word judge) needs the log-probs of only some positions. Each PlainPass
        keeps its last hidden states; `log_probs` computes the positions asked for."""
        out: list = [None] * len(texts)
        for group, all_ids, offsets, hidden, cache in self._batches(texts, batch_tokens, hidden=True):
            for row, i in enumerate(group):
                n = len(all_ids[i])
                out[i] = PlainPass(all_ids[i], offsets[i], hidden[row, :n].clone(), _row_cache(cache, row, n))
            del cache, hidden
        return out

    def log_probs(self, wanted: list[tuple["PlainPass", list[int]]]) -> None:
        """Compute the next-token log-probs of the positions asked for (those a pass does not have
        yet), all passes' in one call of the output layer: each call reads the whole layer."""
        torch = self.torch
        todo = [(p, sorted(set(positions) - p.rows.keys())) for p, positions in wanted]
        todo = [(p, positions) for p, positions in todo if positions]
        if not todo:
            return
        states = torch.cat([p.hidden[positions] for p, positions in todo])
        with torch.inference_mode():
            logits = self.model.get_output_embeddings()(states)
        # One float32 tensor for all the rows (its rows are views of it), as in forward_many.
        logp = torch.log_softmax(logits, dim=-1, dtype=torch.float32)
        del logits
        k = 0
        for p, positions in todo:
            for position in positions:
                p.rows[position] = logp[k]
                k += 1

    def next_log_probs(self, rows: list[list[int]]) -> list:
        """The log-probs of the token after each row of token ids (context-free short rows, such
        as the judge's "The <word>"). The rows' common first tokens are run once, their key/value
        cache kept for the next call with the same start; after it, rows of as many tokens share
        a call (no padding), only the last position's output computed."""
        torch = self.torch
        shared = min(len(r) for r in rows) - 1  # every row keeps a token of its own
        for r in rows:
            while shared and r[:shared] != rows[0][:shared]:
                shared -= 1
        start = tuple(rows[0][:shared])
        if self._shared_start is None or self._shared_start[0] != start:
            self._shared_start = (start, self._model(torch.tensor([start]))[1] if start else None)
        cache = self._shared_start[1]
        by_length: dict[int, list[int]] = {}
        for n, r in enumerate(rows):
            by_length.setdefault(len(r), []).append(n)
        keep = {"logits_to_keep": 1} if self.keeps_logits else {}
        out: list = [None] * len(rows)
        for group in by_length.values():
            logits, _ = self._model(torch.tensor([rows[n][shared:] for n in group]),
                                    cache=_prefix_cache(cache, shared, len(group)) if shared else None, **keep)
            for n, last in zip(group, logits[:, -1]):
                out[n] = torch.log_softmax(last.float(), dim=-1)
        return out

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


class PlainPass:
    """One text's plain pass (Scorer.plain_passes): its token ids (the start token first), the
    characters each token covers, its key/value cache and last hidden states, and the log-probs
    computed so far (`rows`: position -> log-probs of the next token)."""

    def __init__(self, ids: list[int], offsets: list, hidden, cache):
        self.ids, self.offsets, self.hidden, self.cache = ids, offsets, hidden, cache
        self.rows: dict = {}

    def logp(self, position: int):
        """Log-probs of the token after `position` (Scorer.log_probs must have computed them)."""
        return self.rows[position]

    def bits(self, i: int) -> float:
        """Bits of token i (i >= 1) in its context: needs position i - 1's log-probs."""
        return -float(self.rows[i - 1][self.ids[i]]) * LOG2E


def _row_cache(cache, row: int, n: int):
    """Row `row` of a batch's key/value cache, its first n positions (DynamicCache copies them:
    the batch's cache is freed after the batch)."""
    from transformers import DynamicCache

    return DynamicCache(ddp_cache_data=[(layer.keys[row:row + 1, :, :n], layer.values[row:row + 1, :, :n])
                                        for layer in cache.layers])


def _prefix_cache(cache, length: int, batch: int):
    """A copy of the first `length` positions of `cache`, repeated `batch` times."""
    from transformers import DynamicCache

    data = [(layer.keys[:, :, :length].expand(batch, -1, -1, -1).contiguous(),
             layer.values[:, :, :length].expand(batch, -1, -1, -1).contiguous()) for layer in cache.layers]
    return DynamicCache(ddp_cache_data=data)


def _length_groups(lengths: list[int], budget: int) -> list[list[int]]:
    """Indices of `lengths` in groups of similar lengths, each group's size times its longest
    length within `budget` (a longer item alone in its group)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    groups: list[list[int]] = []
    for i in order:  # ascending: the newest item is its group's longest
        if groups and (len(groups[-1]) + 1) * lengths[i] <= budget:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups
