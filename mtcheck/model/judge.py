"""Scoring for the wrong-word check: one plain forward pass of the chunks (in padded batches);
for every judged word (and two-word span) the candidate sources propose replacements; a free
first look at each candidate (its first token's probability in the plain pass, plus its channel
prior) picks the few worth rescoring; the most promising words of the whole document are then
rescored from their chunks' key/value caches, all in a few model calls, within a token budget.

Uses only the scorer's public pieces (`plain_passes`, `log_probs`, `next_log_probs`,
`continuations_of_many`, `model`, `tokenizer`), so the scorer's own speed work applies here unchanged.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .. import thesaurus
from . import candidates as cand
from . import sources as src
from .settings import SETTINGS
from .scorer import LOG2E, WordScore


@dataclass
class Judged:
    """A word or two-word span to judge inside a chunk (offsets relative to the chunk)."""

    start: int
    end: int
    text: str
    following: tuple[str, ...] = ()
    previous: str = ""  # the word before, lowercase ("" at a sentence start)


def channel_prior(word: str, variant: str, supporters, zipf: float) -> float:
    """Bits for how plausible it is that a translator wrote `word` meaning `variant`: the
    sources that propose it (each has a weight; several agreeing count more), how alike the
    two are spelled, how close they are in meaning, and a penalty for rare words the model
    likes to 'prefer'."""
    c = SETTINGS["channel"]
    # A sister term ("stick" -> "baton", two links away) is a less likely confusion than a
    # synonym or a direct hypernym: the thesaurus vouches for it less.
    sister = "thesaurus" in supporters and thesaurus.distance(word, variant) == 2
    prior = _source_bits(supporters, sister)
    prior += c["similarity_bits"] * cand.similarity(word, variant)
    if zipf < c["rare_zipf"]:
        prior -= c["rare_bits"]
    return prior


def _source_bits(supporters, sister: bool) -> float:
    """channel_prior's part from the sources alone: the strongest one's weight (the thesaurus'
    less for a sister term) and the agreement of independent kinds of evidence: the model's
    predictions and the head it expects after a modifier are one model's opinion, not two."""
    c = SETTINGS["channel"]
    weights = [c["source_bits"].get(s, 0.0) - (c["sister_bits"] if sister and s == "thesaurus" else 0.0)
               for s in supporters]
    families = {src.ALL[s].family if s in src.ALL else s for s in supporters}
    return max(weights, default=0.0) + c["agreement_bits"] * (len(families) - 1)


def prior_bound(supporters) -> float:
    """The most channel_prior can give a candidate that these sources propose, whatever its
    spelling, meaning and frequency (the first look ranks a word's candidates by look + prior and
    keeps a few: a candidate whose look + bound cannot reach them needs no prior)."""
    c = SETTINGS["channel"]
    return (max(_source_bits(supporters, False), _source_bits(supporters, True))
            + max(0.0, c["similarity_bits"]) + max(0.0, -c["rare_bits"]))


# The Judge's tables outlive a document (the resident server checks document after document):
# each is emptied before a document once it holds more entries than this (a few MB each).
TABLE_ENTRIES = 20_000


class Judge:
    def __init__(self, scorer):
        self.scorer = scorer
        self.torch = scorer.torch
        self.tokenizer = scorer.tokenizer
        self.sources = src.make_sources(SETTINGS["sources"])
        self._first_token: dict[str, int] = {}
        self._vocab_sorted: list[str] | None = None
        self._pieces: list[str] | None = None
        self._completions_of: dict[str, list[str]] = {}
        self._embeddings = None
        self._neighbours: dict[str, list[str]] = {}  # word -> nearest words, found a document at a time
        self._heads: dict[str, list[str]] = {}  # modifier -> the words the model expects after it
        self._embedding_limit = max((s.limit for s in self.sources if isinstance(s, src.EmbeddingSource)), default=0)

    # -- model views for the sources -------------------------------------------------------
    def predictions(self, logp_row, k: int) -> list[str]:
        """Whole words the model expects at a position: first tokens completed to words."""
        words, freq = cand.vocabulary()
        if self._vocab_sorted is None:
            self._vocab_sorted = sorted(words)
        fw = cand.function_words()
        out: list[str] = []
        pieces = self.pieces()
        for token_id in self.torch.topk(logp_row, k * 3).indices.tolist():
            piece = pieces[token_id] if token_id < len(pieces) else ""  # the output layer may be wider
            if not piece.startswith(" ") or not piece[1:].isalpha():
                continue
            stem = piece[1:].lower()
            if stem in fw:
                continue
            if stem in freq:
                out.append(stem)
            # a word piece (or a short word): also its most frequent completions
            out += self._completions(stem, freq)[:2 if stem not in freq else 1]
            if len(out) >= k:
                break
        return list(dict.fromkeys(out))[:k]

    def pieces(self) -> list[str]:
        """Each token id's text, decoded once per Judge instead of at every position predicted
        (for SmolLM2 the same strings as tokenizer.decode([id]), checked on every id)."""
        if self._pieces is None:
            by_id = {i: t for t, i in self.tokenizer.get_vocab().items()}
            self._pieces = [self.tokenizer.convert_tokens_to_string([by_id[i]]) if i in by_id else ""
                            for i in range(max(by_id) + 1)]
        return self._pieces

    def _completions(self, stem: str, freq: dict[str, float]) -> list[str]:
        """The two most frequent longer words starting with `stem`, kept per stem (a short stem
        scans thousands of words; at most one entry per token of the vocabulary)."""
        found = self._completions_of.get(stem)
        if found is None:
            i = bisect.bisect_left(self._vocab_sorted, stem)
            completions = []
            while i < len(self._vocab_sorted) and self._vocab_sorted[i].startswith(stem):
                if self._vocab_sorted[i] != stem:
                    completions.append(self._vocab_sorted[i])
                i += 1
            found = self._completions_of[stem] = sorted(completions, key=lambda w: -freq[w])[:2]
        return found

    def heads(self, previous: list[str], k: int) -> dict[str, list[str]]:
        """For each modifier, the words the model expects right after it alone ("death" -> toll).
        Context-free, so each modifier is run once per Judge, all new ones together
        (Scorer.next_log_probs: "The" is run once for all)."""
        words = [p for p in dict.fromkeys(previous) if p and p not in self._heads]
        if words:
            rows = [self.scorer.start_ids + self.tokenizer("The " + w, add_special_tokens=False)["input_ids"]
                    for w in words]
            for w, logp in zip(words, self.scorer.next_log_probs(rows)):
                self._heads[w] = self.predictions(logp, k)
        return {p: self._heads[p][:k] for p in previous if p}

    def neighbours(self, word: str, k: int) -> list[str]:
        """Nearest whole words to `word` in the model's input embeddings (cosine)."""
        key = word.lower()
        if self._needs_neighbours(key, k):
            self.find_neighbours([key], k)
        return self._neighbours[key][:k]

    def _needs_neighbours(self, word: str, k: int) -> bool:
        """Not looked up yet, or with fewer than k (a word outside the table has none: [])."""
        found = self._neighbours.get(word)
        return found is None or 0 < len(found) < k

    def find_neighbours(self, words: list[str], k: int) -> None:
        """Find the nearest words of several words at once: one pass over the embedding table
        (reading it is what costs, about 35 MB a word)."""
        torch = self.torch
        if self._embeddings is None:
            self._embeddings = self._embedding_table()
        table, names, index = self._embeddings
        todo = [w for w in dict.fromkeys(words) if self._needs_neighbours(w, k)]
        for w in todo:
            if w not in index:
                self._neighbours[w] = []
        rows = [index[w] for w in todo if w in index]
        if not rows:
            return
        sims = table[rows] @ table.T
        sims[range(len(rows)), rows] = -1
        k = min(k, len(names) - 1)  # a small model's table may hold fewer words than asked for
        for w, top in zip((w for w in todo if w in index), torch.topk(sims, k, dim=1).indices.tolist()):
            self._neighbours[w] = [names[j] for j in top]

    def _embedding_table(self):
        torch = self.torch
        _, freq = cand.vocabulary()
        fw = cand.function_words()
        weight = self.scorer.model.get_input_embeddings().weight.detach()
        ids, names = [], []
        pieces = self.pieces()
        for token_id in self.tokenizer.get_vocab().values():
            piece = pieces[token_id]
            w = piece[1:]
            if piece.startswith(" ") and w.isalpha() and w.islower() and freq.get(w, 0) >= 3.0 and w not in fw:
                ids.append(token_id)
                names.append(w)
        # Only the rows kept are made float32: a float32 copy of the whole table was 113 MB more at the peak.
        table = torch.nn.functional.normalize(weight[ids].float(), dim=-1)
        return table, names, {w: n for n, w in enumerate(names)}

    def first_tokens(self, texts: list[str]) -> None:
        """Tokenize the texts not seen yet in one batch (first_token then finds them)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._first_token]
        if todo:
            for text, ids in zip(todo, self.tokenizer(todo, add_special_tokens=False)["input_ids"]):
                self._first_token[text] = ids[0]

    def first_token(self, text: str) -> int:
        t = self._first_token.get(text)
        if t is None:
            t = self._first_token[text] = self.tokenizer(text, add_special_tokens=False)["input_ids"][0]
        return t

    # -- scoring ------------------------------------------------------------------------------
    def score_chunks(self, items: list[tuple[str, list[Judged], tuple[str, ...]]]) -> list[list[WordScore]]:
        """Score the judged spans of each (text, spans, entities)."""
        scoring = SETTINGS["scoring"]
        scorer = self.scorer
        n0 = len(scorer.start_ids)
        for table in (self._first_token, self._neighbours, self._heads):
            if len(table) > TABLE_ENTRIES:
                table.clear()
        slots, found_in = [], []
        # The plain pass of every chunk in a few padded batches (Scorer.plain_passes), log-probs
        # only where a judged span's tokens are predicted (the output layer is a quarter of the
        # pass; ~40% of positions are needed).
        passes = scorer.plain_passes([text for text, _, _ in items])
        located = []  # per chunk: (span, p, q) of the spans on token boundaries
        for (_, spans, _), plain in zip(items, passes):
            offsets = plain.offsets
            starts = [s for s, _ in offsets]
            ends = [e for _, e in offsets]
            at = []
            for span in spans:
                p = bisect.bisect_right(ends, span.start)
                q = bisect.bisect_left(starts, span.end)
                if p == 0 or p >= q or offsets[p][0] > span.start or offsets[q - 1][1] != span.end:
                    continue  # chunk opener (no context), or not on token boundaries
                at.append((span, p, q))
            located.append(at)
        scorer.log_probs([(plain, [n0 + i - 1 for _, p, q in at for i in range(p, q)])
                          for plain, at in zip(passes, located)])
        for plain, at in zip(passes, located):
            found = []
            for span, p, q in at:
                surprisal = sum(plain.bits(n0 + i) for i in range(p, q))
                if surprisal >= scoring["min_surprisal_bits"]:
                    found.append((span, p, q, surprisal))
            found_in.append(found)
        # The model views every source reads, for the whole document at once.
        single = [span for found in found_in for span, *_ in found if " " not in span.text]
        heads = self.heads([s.previous for s in single], scoring["head_predictions"]) \
            if "head" in SETTINGS["sources"] else {}
        if self._embedding_limit:
            self.find_neighbours([s.text.lower() for s in single], self._embedding_limit)
        for index, ((text, _, entities), found) in enumerate(zip(items, found_in)):
            offsets = passes[index].offsets
            for span, p, q, surprisal in found:
                row = passes[index].logp(n0 + p - 1)
                view = _View(self, row, span.text, span.previous, heads)
                slot = src.Slot(text, span.start, span.end, span.following, entities, view)
                pool = src.propose_all(self.sources, slot, SETTINGS["per_source"])
                if " " in span.text:
                    # A two-word span is judged as a compound rendered word for word ("fire stop"
                    # for ceasefire): one-word replacements that keep one of its parts.
                    parts = span.text.lower().split()
                    pool = {c: s for c, s in pool.items() if " " not in c and c.lower() not in parts
                            and any(part in c.lower() for part in parts)}
                if not pool:
                    continue
                lead = text[offsets[p][0]:span.start]
                self.first_tokens([lead + span.text] + [lead + c for c in pool])  # one tokenizer call
                own = float(row[self.first_token(lead + span.text)]) * LOG2E
                ranked = self._first_look(span.text, row, lead, own, pool, scoring["max_candidates"])
                slots.append((ranked[0][0], index, span, p, q, surprisal, ranked))
        slots.sort(key=lambda s: -s[0])
        budget = max(scoring["rescore_budget"] * sum(len(p.ids) for p in passes), scoring["min_rescore_tokens"])
        picked = []  # (index, span, p, q, surprisal, ranked, end of the window)
        for best, index, span, p, q, surprisal, ranked in slots:
            if best < scoring["min_first_look_bits"]:
                break
            row_tokens = q - p + scoring["window_tokens"]
            cost = row_tokens * (len(ranked) + 1)  # the original's row counts, as when it was rescored
            if budget < cost / 2:
                break
            budget -= cost
            window = min(q + scoring["window_tokens"], len(passes[index].offsets))
            picked.append((index, span, p, q, surprisal, ranked, window))
        # The original words' bits over each window, from the plain pass: log-probs of the
        # window's positions, all at once.
        scorer.log_probs([(passes[index], range(n0 + p - 1, n0 + window - 1))
                          for index, _, p, _, _, _, window in picked])
        chosen = []  # (index, span, surprisal, ranked, own bits or None, job)
        for index, span, p, q, surprisal, ranked, window in picked:
            plain = passes[index]
            text, offsets = items[index][0], plain.offsets
            head = text[offsets[p][0]:span.start]
            tail = text[span.end:offsets[window - 1][1]]
            rows = [head + c + tail for _, c, _, _ in ranked]
            # The original words' bits come from the plain pass, unless the window alone
            # tokenizes otherwise (then the candidates' rows would not compare like with like).
            original = head + span.text + tail
            own = None
            if self.tokenizer(original, add_special_tokens=False)["input_ids"] == plain.ids[n0 + p:n0 + window]:
                own = sum(plain.bits(n0 + i) for i in range(p, window))
            else:
                rows.insert(0, original)
            chosen.append((index, span, surprisal, ranked, own, (plain.cache, n0 + p, plain.logp(n0 + p - 1), rows)))
        # Every chosen word's candidates in a few model calls (see Scorer.continuations_of_many).
        all_bits = scorer.continuations_of_many([job for *_, job in chosen])
        results: list[list[WordScore]] = [[] for _ in items]
        for (index, span, surprisal, ranked, own, _), bits in zip(chosen, all_bits):
            if own is None:
                own, bits = bits[0], bits[1:]
            variants = sorted(((c, round(own - b, 3), round(z, 2), "+".join(sup))
                               for (_, c, sup, z), b in zip(ranked, bits)), key=lambda v: -v[1])
            results[index].append(WordScore(span.start, span.end, span.text, round(surprisal, 3),
                                            variants[: scoring["keep_variants"]]))
        for r in results:
            r.sort(key=lambda w: w.start)
        return results

    def _first_look(self, word: str, row, lead: str, own: float, pool: dict, keep: int) -> list[tuple]:
        """The `keep` best candidates of the pool by their first look (the log-prob of their first
        token in the plain pass, in bits over the word's own, plus the channel prior), best first,
        as (look + prior, candidate, its sources, its Zipf frequency); of equal ones, the first
        proposed. The prior (the costly part: meaning distance, frequency) is computed only for
        candidates whose look + prior_bound can still reach the best `keep`: the same result as
        computing it for all."""
        firsts = row[self.torch.tensor([self.first_token(lead + c) for c in pool])].tolist()
        bounds: dict[tuple, float] = {}  # per set of sources
        looks = []
        for n, ((c, supporters), first) in enumerate(zip(pool.items(), firsts)):
            look = first * LOG2E - own
            key = tuple(supporters)
            if key not in bounds:
                bounds[key] = prior_bound(supporters)
            looks.append((look + bounds[key], look, n, c, supporters))
        looks.sort(key=lambda r: -r[0])
        best: list[tuple] = []  # (-(look + prior), n, candidate, sources, zipf), sorted
        for bound, look, n, c, supporters in looks:
            if len(best) >= keep and bound < -best[keep - 1][0]:
                break  # neither this one nor the rest (lower bounds) can reach the best `keep`
            z = cand.zipf(c.lower())
            bisect.insort(best, (-(look + channel_prior(word, c, supporters, z)), n, c, supporters, z))
        return [(-value, c, supporters, z) for value, _, c, supporters, z in best[:keep]]


class _View:
    """What the model-backed sources read at one position."""

    def __init__(self, judge: Judge, logp_row, word: str, previous: str, heads: dict[str, list[str]]):
        self.judge, self.row, self.word, self.previous, self._heads = judge, logp_row, word, previous, heads

    def predictions(self, k: int) -> list[str]:
        return self.judge.predictions(self.row, k)

    def head(self, k: int) -> list[str]:
        return self._heads.get(self.previous, [])[:k]

    def neighbours(self, k: int) -> list[str]:
        return self.judge.neighbours(self.word, k)
