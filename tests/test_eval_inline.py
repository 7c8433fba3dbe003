"""Gold JSONL with inline texts (sentence sets): read, scored, and their clean twins checked."""

from __future__ import annotations

import json

from mtcheck.api import make_checker
from mtcheck.evaluation import eval_gold


def test_inline_gold_counts_recall_suggestions_and_false_alarms(tmp_path):
    garbled = "Talks stalled; And the envoy left."
    at = garbled.index("And")
    rows = [
        {"id": "s1", "garbled_text": garbled, "clean_text": "Talks stalled, and the envoy left.",
         "errors": [{"start": at, "end": at + 3, "text": "And", "family": "capitalization",
                     "category": "Fluency/Capitalization", "severity": "minor", "corrections": ["and"]}]},
        {"id": "s2", "garbled_text": "Talks resumed on Monday.", "errors": []},
    ]
    gold = tmp_path / "set.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = eval_gold(make_checker(), str(gold))
    assert (report["gold_errors"], report["found"], report["findings"]) == (1, 1, 1)
    assert report["good_suggestions"] == 1
    assert (report["clean_files"], report["clean_with_findings"]) == (1, 0)
