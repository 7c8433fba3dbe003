"""MT901: the model's wrong-word check. Chunks of the document are scored (or read from the
score cache), then each word whose best candidate beats it by the calibrated margin is flagged."""

from __future__ import annotations

import bisect
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Callable

from ..document import Document
from ..english import ORDINARY_WORD_ZIPF
from ..finding import Finding, Severity
from ..rules.model_rules import WrongWord
from . import candidates as cand
from .settings import SCORING_KEY, SETTINGS, confidence
from .scorer import Word, WordScore
from .store import ModelSource, cache_root, load

Warn = Callable[[str], None]


class ScoreCache:
    """Scores of chunks already seen, keyed by chunk text, its candidate context and the model.
    A SQLite file in the cache dir; in memory when that is not writable."""

    def __init__(self, path: Path | None):
        self._memory: dict[str, str] = {}
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
        self._memory[key] = raw
        if self._db is not None:
            try:
                self._db.execute("INSERT OR REPLACE INTO scores VALUES (?, ?)", (key, raw))
                self._db.commit()
            except sqlite3.Error:
                pass


class ModelWordChecker:
    """Loads the model on the first chunk the cache cannot answer."""

    def __init__(self, source: ModelSource, warn: Warn, cache_dir: Path | None = None):
        self.source = source
        self.warn = warn
        self.cache = ScoreCache((cache_dir or cache_root()) / "scores.sqlite")
        self._scorer = None
        self._failed = False

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

    def check(self, doc: Document, rule_findings: list[Finding], ctx) -> list[Finding]:
        initials = _sentence_initials(doc)
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
            words = [Word(t.start - start, t.end - start, t.text, _following(doc, t))
                     for t in _judgeable(doc, start, end, entities, initials)]
            if words:
                missing.append((start, key, text, words))
            else:
                self.cache.put(key, [])
        if missing:
            scorer = self.scorer
            if scorer is None:
                return []
            scored = scorer.score_chunks([(text, words) for _, _, text, words in missing],
                                         lambda w: _candidates(w, entities))
            for (start, key, _, _), chunk_scores in zip(missing, scored):
                self.cache.put(key, chunk_scores)
                scores.extend((start, s) for s in chunk_scores)
        covered = [(f.start, f.end) for f in rule_findings]
        first_use: dict[str, int] = {}
        for t in doc.tokens:
            first_use.setdefault(t.text.lower(), t.start)
        findings = []
        for offset, score in scores:
            start, end = offset + score.start, offset + score.end
            if any(s < end and start < e for s, e in covered):
                continue
            if first_use.get(score.text.lower(), start) < start:
                continue  # the article used this word before: a repeated word is a chosen word
            verdict = decide(score)
            if verdict is not None:
                margin, suggestions = verdict
                findings.append(_finding(start, end, score.text, suggestions, margin))
        return findings


def adjusted_gain(word: str, variant: str, gain: float, zipf: float) -> float:
    """The gain in bits, less the noisy-channel cost of an unlikely substitution: a dissimilar
    word, or a rare one (the model happily 'prefers' rare words that fit)."""
    d = SETTINGS["decision"]
    score = gain - d["similarity_penalty_bits"] * (1 - cand.similarity(word, variant))
    if zipf < d["rare_candidate_zipf"]:
        score -= d["rare_candidate_penalty_bits"]
    return score


def decide(score: WordScore) -> tuple[float, list[str]] | None:
    """(adjusted margin, suggestions) when the word should be flagged."""
    d = SETTINGS["decision"]
    ranked = sorted(((adjusted_gain(score.text, v, g, z), g, v) for v, g, z in score.variants), reverse=True)
    if not ranked or ranked[0][0] < d["margin_bits"]:
        return None
    # The decision uses the adjusted gain, whose winner leads the suggestions; then come the
    # other candidates that pass, in the model's order, if nearly as good as its favourite.
    passing = sorted(((g, v) for a, g, v in ranked if a >= d["margin_bits"]), reverse=True)
    others = [v for g, v in passing if g >= passing[0][0] - 4.0]
    suggestions = list(dict.fromkeys([ranked[0][2], *others]))[: d["suggestions"]]
    return ranked[0][0], suggestions


def severity_for(conf: float) -> Severity:
    """Weak model evidence is a hint, not an error that blocks a commit."""
    d = SETTINGS["decision"]
    if conf < d["info_below_confidence"]:
        return Severity.INFO
    return Severity.MAJOR if conf >= d["major_from_confidence"] else Severity.MINOR


def _finding(start: int, end: int, word: str, suggestions: list[str], margin: float) -> Finding:
    conf = round(confidence(margin), 3)
    return WrongWord().finding(
        start, end, f"“{word}” is unlikely here; the language model prefers “{suggestions[0]}” "
                    f"(+{margin:.1f} bits)",
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


def _sentence_initials(doc: Document) -> frozenset[int]:
    """Offsets of the first word of each sentence (a capital there says nothing about names)."""
    return frozenset(s.tokens[0].start for s in doc.sentences if s.tokens)


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


def _candidates(word: Word, entities: list[str]) -> list[str]:
    lower = word.text.lower()
    found = cand.collocation_candidates(lower, list(word.following)) + cand.neighbours(lower)
    return [cand.match_case(word.text, c) for c in dict.fromkeys(found)] + cand.entity_candidates(word.text, entities)
