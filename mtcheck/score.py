"""Scores against reference translations: BLEU, chrF and TER from sacrebleu.

Texts are compared line by line, read exactly as sacrebleu's own command line reads them
(split on "\\n", trailing whitespace stripped), so the figures and signatures match it.
sacrebleu is an optional dependency (`pip install mtcheck[score]`), imported only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from .document import InputError

METRICS = ("BLEU", "chrF", "TER")


@dataclass(frozen=True)
class Score:
    metric: str  # BLEU, chrF or TER
    name: str  # sacrebleu's name for the figure (e.g. chrF2)
    score: float
    signature: str

    def to_dict(self) -> dict:
        return {"metric": self.metric, "name": self.name, "score": self.score, "signature": self.signature}


def _metrics():
    try:
        from sacrebleu.metrics import BLEU, CHRF, TER
    except ImportError:
        raise InputError("scores need sacrebleu: pip install 'mtcheck[score]'") from None
    return {"BLEU": BLEU(), "chrF": CHRF(), "TER": TER()}


def text_lines(text: str) -> list[str]:
    """Segments of a text as sacrebleu's CLI reads a file: one per "\\n", right-stripped."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip() for line in lines]


def read_lines(path: str) -> list[str]:
    """The file's lines, decoded as `mtcheck check` decodes a file (UTF-8, a UTF-16/32 BOM honoured)."""
    from .engine import read_document

    return text_lines(read_document(path).text)


def _check_lengths(hyp: list[str], refs: list[list[str]], names: list[str]) -> None:
    for ref, name in zip(refs, names):
        if len(ref) != len(hyp):
            raise InputError(f"{name} has {len(ref)} lines but the hypothesis has {len(hyp)}: "
                             "scores compare texts line by line")


def corpus_scores(hyp: list[str], refs: list[list[str]], ref_names: list[str] | None = None) -> list[Score]:
    """Document-level BLEU, chrF and TER of hypothesis lines against one or more references."""
    _check_lengths(hyp, refs, ref_names or [f"reference {i + 1}" for i in range(len(refs))])
    out = []
    for metric, scorer in _metrics().items():
        result = scorer.corpus_score(hyp, refs)
        out.append(Score(metric, result.name, result.score, str(scorer.get_signature())))
    return out


@dataclass(frozen=True)
class SentenceScore:
    line: int  # 1-based
    hypothesis: str
    scores: dict[str, float]

    def to_dict(self) -> dict:
        return {"line": self.line, "hypothesis": self.hypothesis, **self.scores}


def sentence_scores(hyp: list[str], refs: list[list[str]], ref_names: list[str] | None = None) -> list[SentenceScore]:
    """Per-line scores, worst first (lowest chrF; ties by highest TER). Blank line pairs are left out."""
    _check_lengths(hyp, refs, ref_names or [f"reference {i + 1}" for i in range(len(refs))])
    from sacrebleu.metrics import BLEU

    scorers = _metrics()
    # Sentence BLEU needs effective order, as sacrebleu's own --sentence-level uses.
    scorers["BLEU"] = BLEU(effective_order=True)
    out = []
    for i, (h, *rs) in enumerate(zip(hyp, *refs), 1):
        if not h.strip() and not any(r.strip() for r in rs):
            continue
        out.append(SentenceScore(i, h, {m: s.sentence_score(h, rs).score for m, s in scorers.items()}))
    out.sort(key=lambda s: (s.scores["chrF"], -s.scores["TER"], s.line))
    return out


def document_scores(text: str, ref_paths: list[str]) -> dict[str, float]:
    """BLEU/chrF/TER of a document against reference files, rounded for a report."""
    refs = [read_lines(p) for p in ref_paths]
    return {s.metric: round(s.score, 2) for s in corpus_scores(text_lines(text), refs, ref_paths)}


def chrf(hyp_text: str, ref_text: str) -> float:
    """Document chrF: line by line when the texts have as many lines, else each as one segment."""
    from sacrebleu.metrics import CHRF

    hyp, ref = text_lines(hyp_text), text_lines(ref_text)
    if len(hyp) != len(ref):
        hyp, ref = [" ".join(hyp)], [" ".join(ref)]
    return CHRF().corpus_score(hyp, [ref]).score


def format_scores(scores: list[Score]) -> str:
    width = max(len(s.name) for s in scores)
    return "".join(f"{s.name:<{width}} = {s.score:6.2f}  {s.signature}\n" for s in scores)


def format_sentences(rows: list[SentenceScore], limit: int | None = None) -> str:
    lines = ["line   chrF   BLEU    TER  hypothesis"]
    for r in rows[:limit]:
        text = r.hypothesis if len(r.hypothesis) <= 70 else r.hypothesis[:69] + "…"
        lines.append(f"{r.line:>4} {r.scores['chrF']:6.2f} {r.scores['BLEU']:6.2f} {r.scores['TER']:6.2f}  {text}")
    return "\n".join(lines) + "\n"
