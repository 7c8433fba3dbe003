"""The model check's thresholds, read once from mtcheck/data/model_settings.json."""

from __future__ import annotations

import hashlib
import json

from ..resources import data_text

SETTINGS: dict = json.loads(data_text("model_settings.json"))
# What the candidate sources propose, as code (mtcheck/model/sources.py): bump it when a change
# there alters the candidates, so that cached scores made with the old ones are not reused.
SOURCES_VERSION = 2
# Scores depend on these settings only; the decision thresholds can change without rescoring.
# The collocation list feeds the candidates, so it is part of the key too.
SCORING_KEY = hashlib.sha256((json.dumps(
    {k: v for k, v in SETTINGS.items() if k not in ("decision", "channel", "_about")}, sort_keys=True)
    + data_text("model_collocations.tsv") + f"sources-v{SOURCES_VERSION}").encode()).hexdigest()[:12]


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
