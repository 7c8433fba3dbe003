"""One audit: articles → batches (with their configs) → an engine → the output store."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterator

from .. import __version__
from ..config import Config
from ..engine import warn_stderr
from ..runner import CheckOptions, _interactive
from .engines import run_local, run_ray
from .pipeline import Batch, checker_pool
from .sources import Article, iter_articles
from .store import AuditStore


@dataclass
class AuditSummary:
    checked: int = 0  # articles checked in this run
    resumed: int = 0  # articles an earlier run had done
    findings: int = 0
    errors: int = 0  # articles that could not be read
    skipped: int = 0  # binary files
    ignored: int = 0  # files a .mtcheckignore or force-exclude skipped


def _absolute(options: CheckOptions) -> CheckOptions:
    """Paths in the options made absolute: workers (on other machines too) may have another cwd."""
    overrides = dict(options.overrides)
    if overrides.get("model") and Path(overrides["model"]).exists():
        overrides["model"] = str(Path(overrides["model"]).resolve())
    return dataclasses.replace(
        options, overrides=overrides, extra_glossaries=[str(Path(g).resolve()) for g in options.extra_glossaries],
        explicit_config=options.explicit_config.resolve() if options.explicit_config else None)


def _fingerprint(paths: list[str], options: CheckOptions) -> str:
    """What must not change for a resume: inputs, options, glossary and config contents, version."""
    def digest(path: str | Path | None) -> str | None:
        try:
            return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None
        except OSError:
            return None

    data = {"version": __version__, "paths": paths, "overrides": options.overrides,
            "glossaries": [(g, digest(g)) for g in options.extra_glossaries],
            "config": [str(options.explicit_config), digest(options.explicit_config)],
            "model": options.model_wanted}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _batches(articles: Iterator[Article], options: CheckOptions, size: int) -> Iterator[Batch]:
    """Batches of articles, each with the merged config of its articles (found as `check` does)."""
    pool = checker_pool(options, with_model=False)
    by_folder: dict[str, Config] = {}
    while True:
        chunk = list(islice(articles, size))
        if not chunk:
            return
        batch = Batch(chunk)
        for article in chunk:
            folder = os.path.dirname(os.path.abspath(article.path))
            if folder not in by_folder:
                by_folder[folder] = pool.config_for(article.path)
            config = by_folder[folder]
            batch.configs[config.source] = config
            batch.sources.append(config.source)
        yield batch


def run_audit(paths: list[str], options: CheckOptions, output: str, engine: str = "local", jobs: int = 1,
              address: str | None = None, ray_cpus: int | None = None, model_actors: int = 1,
              batch_size: int = 50, commit_every: int = 1000, restart: bool = False) -> AuditSummary:
    show = options.progress and _interactive(sys.stderr)  # a count on a terminal, never in pipes or CI
    options = _absolute(dataclasses.replace(options, progress=False))
    summary = AuditSummary()
    # Config, glossaries and the model are checked here first: a bad one stops the run (exit 2).
    base = checker_pool(options, with_model=False).config_for(paths[0])
    checker_pool(options, with_model=False).checker(base)
    with_model = options.model_wanted and base.use_model and checker_pool(options, True).checker(base).model is not None
    if engine == "ray":
        from . import require

        require("ray.data", "--engine ray")
    store = AuditStore(output, _fingerprint(paths, options), restart=restart, commit_every=commit_every)
    done = store.done_keys()
    ignored: list[str] = []

    def todo() -> Iterator[Article]:
        config_for = checker_pool(options, with_model=False).config_for
        for article in iter_articles(paths, base, base.encoding, ignored, config_for):
            if article.key in done:
                summary.resumed += 1
            else:
                yield article

    batches = _batches(todo(), options, batch_size)
    if engine == "ray":
        results = run_ray(batches, options, with_model, address, ray_cpus, model_actors)
    else:
        results = run_local(batches, options, with_model, jobs)
    shown = 0.0
    for rows in results:
        for finding_rows, article_row in rows:
            store.add(finding_rows, article_row)
            summary.checked += 1
            summary.findings += len(finding_rows)
            summary.errors += article_row["error"] is not None
            summary.skipped += article_row["skipped"] is not None
            if article_row["error"] or article_row["skipped"]:  # named as `check` names them
                if show:
                    sys.stderr.write("\r\033[K")
                if article_row["error"]:
                    print(f"mtcheck: error: {article_row['error']}", file=sys.stderr)
                else:
                    warn_stderr(article_row["skipped"])
        if show and time.monotonic() - shown > 0.5:
            shown = time.monotonic()
            sys.stderr.write(f"\rmtcheck audit: {summary.checked:,} articles checked, {summary.resumed:,} done before")
            sys.stderr.flush()
    if show:
        sys.stderr.write("\r\033[K")
    store.finish()
    summary.ignored = len(ignored)
    return summary
