"""The work on one batch of articles: `mtcheck check`'s own pipeline, then table rows.

The driver picks each article's config the way `check` does (the nearest config file, the
command line on top) and ships it with the batch, so a worker needs no access to the config
files. Workers build their checkers with `check`'s CheckerPool (glossaries, rule selection,
the model) and run the rule pass, then `check`'s model pass (every article of the batch at
once, so a model can batch sentences across articles) and its finish (confidence threshold,
positions). Nothing here decides a finding: it only turns findings into rows.
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

from ..config import Config
from ..engine import FileResult, warn_stderr
from ..finding import Finding, Severity
from ..html_report import mqm_penalty
from ..runner import CheckerPool, CheckOptions, _model_pass
from ..source.pairs import attach_configured_source
from .sources import Article


@dataclass
class Batch:
    """Articles to check, with the configs they use (keyed by config source)."""

    articles: list[Article]
    configs: dict[str | None, Config] = field(default_factory=dict)
    sources: list[str | None] = field(default_factory=list)  # each article's config key


@dataclass
class Checked:
    """A batch after the rule pass: each article's rule findings (offsets only)."""

    batch: Batch
    findings: list[list[Finding]]


# One CheckerPool per process and options: glossaries and the model load once per worker.
_POOLS: dict[tuple[bytes, bool], CheckerPool] = {}


def checker_pool(options: CheckOptions, with_model: bool) -> CheckerPool:
    key = (pickle.dumps(options), with_model)
    if key not in _POOLS:
        _POOLS[key] = CheckerPool(dataclasses.replace(options, model_wanted=options.model_wanted and with_model,
                                                      progress=False))
    return _POOLS[key]


def rule_stage(batch: Batch, options: CheckOptions) -> Checked:
    """The rule pass over a batch (a task: no model here)."""
    pool = checker_pool(options, with_model=False)
    found = []
    for article, source in zip(batch.articles, batch.sources):
        if article.text is None:
            found.append([])
            continue
        checker = pool.checker(batch.configs[source])
        doc = article.document()
        if article.id is None and checker.config.sources:  # a file with a source-language original
            attach_configured_source(doc, article.path, checker.config, warn_stderr)
        found.append(checker.check_rules(doc))
    return Checked(batch, found)


def finish_stage(checked: Checked, options: CheckOptions, with_model: bool) -> list[tuple[list[dict], dict]]:
    """The model pass (when wanted) and the finish, then (finding rows, article row) per article."""
    pool = checker_pool(options, with_model)
    batch = checked.batch
    readable = [i for i, a in enumerate(batch.articles) if a.text is not None]
    checkers = [pool.checker(batch.configs[batch.sources[i]]) for i in readable]
    results = [FileResult(batch.articles[i].path, checked.findings[i], document=batch.articles[i].document())
               for i in readable]
    _model_pass(checkers, results, pool.options)  # check's rest of the pipeline: Checker.check_all
    final = dict(zip(readable, results))
    return [rows(article, final.get(i)) for i, article in enumerate(batch.articles)]


def rows(article: Article, result: FileResult | None) -> tuple[list[dict], dict]:
    """One row per finding and one row for the article (words, counts, MQM penalty per 1,000 words)."""
    head = {"article": article.seq, "path": article.path, "id": article.id, **article.meta}
    findings = result.findings if result is not None else []
    words = result.document.word_count if result is not None else 0
    counts = {s.label: sum(1 for f in findings if f.severity == s) for s in sorted(Severity)}
    summary = {**head, "sha256": article.sha256, "words": words, "findings": len(findings), **counts,
               "penalty": mqm_penalty(findings, words), "error": article.error, "skipped": article.skipped}
    return [{**head, **f.to_dict()} for f in findings], summary


def run_batch(batch: Batch, options: CheckOptions, with_model: bool) -> list[tuple[list[dict], dict]]:
    """Both stages in one process (rules only, or a model in the same process)."""
    return finish_stage(rule_stage(batch, options), options, with_model)
