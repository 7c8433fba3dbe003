"""The model check's thresholds, read once from mtcheck/data/model_settings.json."""

from __future__ import annotations

import hashlib
import json

from ..resources import data_text

SETTINGS: dict = json.loads(data_text("model_settings.json"))
# What the candidate sources propose, as code (mtcheck/model/sources.py): bump it when a change
# there alters the candidates, so that cached scores made with the old ones are not reused.
SOURCES_VERSION = 3
# The data files the candidate sources read: a new thesaurus or word list proposes other words.
CANDIDATE_DATA = ("model_collocations.tsv", "thesaurus.tsv", "antonyms.txt", "irregular_nouns.tsv",
                  "irregular_verbs.tsv", "word_zipf.tsv", "function_words.txt")


def scoring_key(settings: dict, read=data_text) -> str:
    """What cached scores depend on: the scoring settings (the decision thresholds can change
    without rescoring), the candidate sources' code version and their data's contents."""
    scoring = {k: v for k, v in settings.items() if k not in ("decision", "channel", "_about")}
    digest = hashlib.sha256(json.dumps(scoring, sort_keys=True).encode())
    for name in CANDIDATE_DATA:
        digest.update(b"\x00" + read(name).encode())
    digest.update(f"sources-v{SOURCES_VERSION}".encode())
    return digest.hexdigest()[:12]


SCORING_KEY = scoring_key(SETTINGS)


def confidence(margin: float) -> float:
    """Measured precision at this adjusted gain (piecewise linear over the calibration table)."""
    table = SETTINGS["decision"]["confidence"]
    if margin <= table[0][0]:
        return table[0][1]
    for (x0, y0), (x1, y1) in zip(table, table[1:]):
        if margin <= x1:
            return y0 + (y1 - y0) * (margin - x0) / (x1 - x0)
    return table[-1][1]


SENSITIVITIES = ("low", "default", "high")


def margin(sensitivity: str | float | None = None) -> float:
    """The decision margin (bits) of an operating point: low = fewer, surer findings. A number
    is a margin itself (the evaluation's curve)."""
    d = SETTINGS["decision"]
    if isinstance(sensitivity, (int, float)):
        return float(sensitivity)
    return d["sensitivity"].get(sensitivity or "default", d["margin_bits"])


def curve_margins() -> list[tuple[str | None, float]]:
    """(name or None, margin) of the curve's points, strictest first: the named operating points
    and the calibrated margins between and around them."""
    named = {v: k for k, v in SETTINGS["decision"]["sensitivity"].items()}
    values = sorted(set(SETTINGS["decision"]["curve"]) | set(named), reverse=True)
    return [(named.get(v), v) for v in values]
