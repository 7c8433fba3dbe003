"""MT901: the model's wrong-word check. Chunks of the document are scored (or read from the
score cache), then each word whose best candidate beats it by the calibrated margin is flagged."""

from __future__ import annotations

import bisect
import hashlib
import json
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..document import Document
from ..english import ORDINARY_WORD_ZIPF
from ..finding import Finding, Severity
from ..rules.model_rules import WrongWord
from . import candidates as cand
from .settings import SCORING_KEY, SETTINGS, confidence, margin
from .idioms import verify as verify_idioms
from .scorer import WordScore
from .store import ModelSource, cache_root, load, return_freed_memory

Warn = Callable[[str], None]


class ScoreCache:
    """Scores of chunks already seen, keyed by chunk text, its candidate context and the model.
    A SQLite file in the cache dir; in memory when that is not writable."""

    MEMORY_ENTRIES = 4096  # chunks kept in memory when there is no file (a long-lived process)

    def __init__(self, path: Path | None):
        self._memory: dict[str, str] = {}  # only without the file: the file answers as fast
        self._db = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), timeout=30)
                self._db.execute("CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, value TEXT)")
                self._db.commit()
            except (OSError, sqlite3.Error):
                self._db = None

    def get(self, key: str) -> list[WordScore] | None:
        raw = self._memory.get(key)
        if raw is None and self._db is not None:
            try:
                row = self._db.execute("SELECT value FROM scores WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                row = None
            raw = row[0] if row else None
        if raw is None:
            return None
        try:
            return [WordScore(s, e, t, su, [tuple(v) for v in vs]) for s, e, t, su, vs in json.loads(raw)]
        except (ValueError, TypeError):
            return None  # a damaged entry is simply rescored

    def put(self, key: str, scores: list[WordScore]) -> None:
        raw = json.dumps([[w.start, w.end, w.text, w.surprisal, w.variants] for w in scores])
        if self._db is None:
            bounded_put(self._memory, key, raw, self.MEMORY_ENTRIES)
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO scores VALUES (?, ?)", (key, raw))
            self._db.commit()
        except sqlite3.Error:  # kept in memory instead
            bounded_put(self._memory, key, raw, self.MEMORY_ENTRIES)


def bounded_put(table: dict, key, value, limit: int) -> None:
    """table[key] = value, dropping the oldest entries beyond `limit` (a process that checks
    document after document, like the resident server, must not keep every word it saw)."""
    table.pop(key, None)
    table[key] = value
    while len(table) > limit:
        del table[next(iter(table))]


class ModelWordChecker:
    """Loads the model on the first chunk the cache cannot answer."""

    def __init__(self, source: ModelSource, warn: Warn, cache_dir: Path | None = None):
        self.source = source
        self.warn = warn
        self.cache = ScoreCache((cache_dir or cache_root()) / "scores.sqlite")
        self._scorer = None
        self._judge = None
        self._failed = False
        self._keep: list | None = None

    @property
    def scorer(self):
        if self._scorer is None and not self._failed:
            from .scorer import Scorer
            from .store import ModelUnavailable

            try:
                self._scorer = Scorer(*load(self.source, self.warn))
            except ModelUnavailable as err:
                self._failed = True
                self.warn(str(err))
        return self._scorer

    @property
    def judge(self):
        if self._judge is None and self.scorer is not None:
            from .judge import Judge

            self._judge = Judge(self.scorer)
        return self._judge

    def check(self, doc: Document, rule_findings: list[Finding], ctx) -> list[Finding]:
        try:
            return self._check(doc, rule_findings, ctx)
        finally:
            if self._scorer is not None:  # the model ran: its freed tensors go back to the system
                return_freed_memory()

    def _check(self, doc: Document, rule_findings: list[Finding], ctx) -> list[Finding]:
        from ..rules.idioms import BrokenIdiom
        from ..rules.model_rules import WrongWord

        # MT201 (broken idioms, mtcheck/model/idioms.py): the same scorer and cache judge the
        # rule's weaker candidates; a word they flag is left to them.
        idiom_findings = (verify_idioms(doc, rule_findings, lambda: self.scorer, self.cache, self.source.fingerprint)
                          if _selected(ctx, BrokenIdiom) else [])
        if not _selected(ctx, WrongWord):  # scoring every word is the model's main cost
            return idiom_findings
        initials = doc.sentence_initials
        entities = _entities(doc, ctx.glossary, initials)
        entity_key = hashlib.sha256("\n".join(entities).encode()).hexdigest()[:12]
        scores: list[tuple[int, WordScore]] = []
        missing = []  # (chunk start, cache key, text, words) for chunks the cache cannot answer
        for start, end in chunks(doc):
            text = doc.prose[start:end]
            key = hashlib.sha256("\x00".join(
                (self.source.fingerprint, SCORING_KEY, entity_key, text)).encode()).hexdigest()
            chunk_scores = self.cache.get(key)
            if chunk_scores is not None:
                scores.extend((start, s) for s in chunk_scores)
                continue
            spans = _spans(doc, start, end, entities, initials)
            if spans:
                missing.append((start, key, text, spans))
            else:
                self.cache.put(key, [])
        if missing:
            judge = self.judge
            if judge is None:
                return []
            scored = judge.score_chunks([(text, spans, tuple(entities)) for _, _, text, spans in missing])
            for (start, key, _, _), chunk_scores in zip(missing, scored):
                self.cache.put(key, chunk_scores)
                scores.extend((start, s) for s in chunk_scores)
        return idiom_findings + self._decide_all(doc, self._eligible(doc, scores, rule_findings + idiom_findings), ctx)

    def eligible_scores(self, doc: Document, rule_findings: list[Finding], ctx) -> list[tuple[int, int, WordScore]]:
        """The scored words the decision may flag (for calibration: decide() over these)."""
        self._keep = []
        try:
            self.check(doc, rule_findings, ctx)
            return self._keep
        finally:
            self._keep = None

    def _eligible(self, doc: Document, scores, rule_findings) -> list[tuple[int, int, WordScore]]:
        covered = [(f.start, f.end) for f in rule_findings]
        first_use: dict[str, int] = {}
        for t in doc.tokens:
            first_use.setdefault(t.text.lower(), t.start)
        out = []
        for offset, score in scores:
            start, end = offset + score.start, offset + score.end
            if any(s < end and start < e for s, e in covered):
                continue  # a word a rule flagged is left to the rule
            if any(first_use.get(w.lower(), start) < start for w in score.text.split()):
                continue  # the article used this word before: a repeated word is a chosen word
            out.append((start, end, score))
        if self._keep is not None:
            self._keep.extend(out)
        return out

    def _decide_all(self, doc: Document, eligible, ctx) -> list[Finding]:
        sensitivity = getattr(ctx.config, "sensitivity", None) if ctx is not None else None
        return findings_from(eligible, sensitivity)


def _selected(ctx, rule) -> bool:
    """Whether the run selects this rule (the model's work for an unselected one is skipped)."""
    from ..rules import select_rules

    config = getattr(ctx, "config", None)
    return config is None or rule in select_rules(config.select, config.ignore)


def findings_from(eligible, sensitivity: str | None = None) -> list[Finding]:
    """Findings for the scored words that pass the decision; of overlapping spans (a word and
    the two-word span holding it) the stronger wins."""
    found = []
    for start, end, score in eligible:
        verdict = decide(score, sensitivity)
        if verdict is not None:
            found.append((start, end, score.text, verdict))
    found.sort(key=lambda f: -f[3][0])
    findings, taken = [], []
    for start, end, text, (value, suggestions, kind) in found:
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        findings.append(_finding(start, end, text, suggestions, value, kind))
    return sorted(findings, key=lambda f: f.start)


def _variant(v) -> tuple[str, float, float, tuple[str, ...]]:
    """(candidate, gain, zipf, sources) from a cached variant (older entries have no sources)."""
    return v[0], v[1], v[2], tuple(v[3].split("+")) if len(v) > 3 and v[3] else ()


def adjusted_gain(word: str, variant: str, gain: float, zipf: float, supporters=()) -> float:
    """The model's gain in bits plus the noisy channel's prior for this confusion."""
    from .judge import channel_prior

    return gain + channel_prior(word, variant, supporters, zipf)


def kind_of(supporters) -> str:
    """Which confusion a candidate's sources suggest: spelling, synonym or collocation."""
    from . import sources as src

    kinds = {src.ALL[s].kind for s in supporters if s in src.ALL}
    for kind in (src.NAME, src.SPELLING, src.SYNONYM, src.COLLOCATION):
        if kind in kinds:
            return kind
    return src.COLLOCATION


_SPELLING_PAIRS = (("tre", "ter"), ("tres", "ters"), ("our", "or"), ("ise", "ize"), ("ised", "ized"),
                   ("ising", "izing"), ("yse", "yze"), ("ence", "ense"), ("ogue", "og"), ("lled", "led"),
                   ("lling", "ling"), ("ageing", "aging"))


def _same_word(word: str, candidate: str) -> bool:
    """Another form or spelling of the same word (metres/meters, raised/raises, smaller/small):
    not a confusion of meaning, and both may be right."""
    from ..inflection import base_candidates

    a, b = word.lower(), candidate.lower()
    if set(base_candidates(a)) & set(base_candidates(b)) or a.startswith(b) and len(a) - len(b) <= 2:
        return True
    for x, y in _SPELLING_PAIRS:
        for u, v in ((a, b), (b, a)):
            if u.endswith(x) and u[: -len(x)] + y == v:
                return True
    return False


def _built_on(word: str, candidate: str) -> bool:
    """The word is the candidate with a part before it: a compound or prefixed form built on it
    ("court-appointed"/appointed, "sub-editors"/editors, "bathhouses"/houses, "reintroduced"/
    introduced), or a part of a hyphenated word ("long-term"/long, as for two-word spans). The
    longer word names a kind of the shorter, which is always commoner, so the model prefers it
    whatever the context: no evidence of a confused meaning (nor a slip, which keeps a word's
    beginning). A prefix that makes an antonym ("unlikely"/likely, "disagreed"/agreed) turns the
    meaning round, which a translation can get wrong: still judged."""
    a, b = word.lower(), candidate.lower()
    if "-" in a and b in a.split("-"):
        return True
    lead = a[: len(a) - len(b)] if a.endswith(b) else ""
    if len(lead) >= 2:
        from .. import thesaurus

        return not thesaurus.are_antonyms(a, b)
    return False


def _other_gender(word: str, candidate: str) -> bool:
    """The same kind of person of the other gender (chairwoman/chairman, actress/actor): the
    model has no signal for a person's gender (it prefers the commoner form), so it is never
    evidence of a wrong word; pronouns and titles are the rules' (MT304)."""
    return {_person_gender(word.lower()), _person_gender(candidate.lower())} == {"f", "m"}


@lru_cache(maxsize=65536)
def _person_gender(word: str) -> str | None:
    """The gender a person noun marks (person_nouns.tsv), in any of its forms, or None."""
    from ..inflection import base_candidates
    from ..people import person_nouns

    nouns = person_nouns()
    singular = (word[:-3] + "man",) if word.endswith("men") else ()  # chairwomen, spokesmen
    return next((nouns[b] for b in (*base_candidates(word), *singular) if nouns.get(b)), None)


def decide(score: WordScore, sensitivity: str | None = None) -> tuple[float, list[str], str] | None:
    """(calibrated score, suggestions, kind of confusion) when the word should be flagged.
    Suggestions are ranked by the calibrated score (gain plus channel prior), not raw gain."""
    d = SETTINGS["decision"]
    ranked = sorted(((adjusted_gain(score.text, c, g, z, sup), c, sup)
                     for c, g, z, sup in map(_variant, score.variants)
                     if not _same_word(score.text, c) and not _other_gender(score.text, c)
                     and not _built_on(score.text, c)), key=lambda r: -r[0])
    threshold = margin(sensitivity)
    if not ranked or ranked[0][0] < threshold:
        return None
    best = ranked[0][0]
    suggestions = [c for a, c, _ in ranked if a >= max(threshold, best - d["suggestion_spread_bits"])]
    return best, suggestions[: d["suggestions"]], kind_of(ranked[0][2])


def severity_for(conf: float) -> Severity:
    """Weak model evidence is a hint, not an error that blocks a commit."""
    d = SETTINGS["decision"]
    if conf < d["info_below_confidence"]:
        return Severity.INFO
    return Severity.MAJOR if conf >= d["major_from_confidence"] else Severity.MINOR


_KIND_WORDS = {"synonym": "near-synonym confused", "collocation": "wrong collocation",
               "spelling": "confused spelling", "name": "misspelt name"}


def _finding(start: int, end: int, word: str, suggestions: list[str], value: float, kind: str = "") -> Finding:
    conf = round(confidence(value), 3)
    what = f"{_KIND_WORDS[kind]}; " if kind in _KIND_WORDS else ""
    return WrongWord().finding(
        start, end, f"“{word}” is unlikely here; the language model prefers “{suggestions[0]}” "
                    f"({what}score {value:.1f})",
        suggestions, confidence=conf, severity=severity_for(conf))


def chunks(doc: Document) -> list[tuple[int, int]]:
    """Runs of whole sentences within a paragraph, up to `chunk_chars` long: the unit of scoring
    (the earlier sentences are the later ones' context) and of the score cache."""
    limit = SETTINGS["scoring"]["chunk_chars"]
    out: list[tuple[int, int]] = []
    for sent in doc.sentences:
        if out and out[-1][2] == sent.paragraph and sent.end - out[-1][0] <= limit:
            out[-1] = (out[-1][0], sent.end, sent.paragraph)
        else:
            out.append((sent.start, sent.end, sent.paragraph))
    return [(s, e) for s, e, _ in out]


def _judgeable(doc: Document, start: int, end: int, entities: list[str], sentence_starts: frozenset[int]):
    """Content words of [start, end) that the model may judge: not names, numbers or function words."""
    function_words = cand.function_words()
    names = set(entities)
    tokens = doc.tokens
    # Only the chunk's tokens: a scan of the whole document per chunk grows with its square.
    for t in tokens[bisect.bisect_left(tokens, (start,)):]:
        if t.start >= end:
            break
        if t.end > end:
            continue
        w = t.text
        if len(w) < 3 or not w.replace("-", "").isalpha() or w.lower() in function_words:
            continue
        if w[0].isupper():
            # Capitals mid-sentence are names (the rules' business); a capitalised sentence
            # opener is judged only when it is a common word and not a name in this article.
            if t.start not in sentence_starts or w in names or cand.zipf(w.lower()) < ORDINARY_WORD_ZIPF or w.isupper():
                continue
        if doc.is_prose(t.start, t.end):
            yield t


def _entities(doc: Document, glossary, sentence_starts: frozenset[int]) -> list[str]:
    """Capitalised words used mid-sentence in the article, plus glossary terms and variants' fixes."""
    names = {t.text for t in doc.tokens if t.text[:1].isupper() and t.start not in sentence_starts}
    if glossary is not None:
        for entry in glossary.entries:
            names.add(entry.term)
    return sorted(n for n in names if n.lower() not in cand.function_words())


def _following(doc: Document, token) -> tuple[str, ...]:
    """The next two words of the sentence, lowercase (for collocation candidates)."""
    sent = doc.sentence_at(token.start)
    if sent is None:
        return ()
    after = [t.text.lower() for t in sent.tokens if t.start > token.start]
    return tuple(after[:2])


def _spans(doc: Document, start: int, end: int, entities: list[str], initials: frozenset[int]):
    """The judged words of a chunk and two-word spans of adjacent judged words (chunk offsets),
    leaving out headlines."""
    from .judge import Judged

    judged = set(t.start for t in _judgeable(doc, start, end, entities, initials))
    fw = cand.function_words()
    out = []
    for sent in doc.sentences:
        if sent.end <= start or sent.start >= end or sent.start in doc.headlines:
            continue
        toks = sent.tokens
        for i, t in enumerate(toks):
            if t.start not in judged:
                continue
            prev = toks[i - 1].text.lower() if i > 0 else ""
            prev = prev if prev.isalpha() and prev not in fw else ""
            following = tuple(x.text.lower() for x in toks[i + 1:i + 3])
            out.append(Judged(t.start - start, t.end - start, t.text, following, prev))
            if i + 1 < len(toks) and toks[i + 1].start in judged and doc.prose[t.end:toks[i + 1].start] == " ":
                nxt = toks[i + 1]
                out.append(Judged(t.start - start, nxt.end - start, doc.prose[t.start:nxt.end],
                                  tuple(x.text.lower() for x in toks[i + 2:i + 4]), prev))
    return out
