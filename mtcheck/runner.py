"""The check run behind `mtcheck check` and `mtcheck baseline`.

Files → their configs → the rule pass (in worker processes with `--jobs N`) → the rest of the
checker's pipeline (`Checker.check_all`: the model in this process, batched across files) →
the baseline and `--since` filters. Results keep the
order of the files whatever the number of jobs.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .config import Config, config_for
from .document import Document
from .engine import Checker, FileResult, iter_files, load_model, warn_stderr
from .finding import Severity
from .glossary import load_glossaries
from .source.pairs import attach_configured_source, skip_sources  # issue 14

if TYPE_CHECKING:
    from .baseline import Baseline
    from .changes import ChangedLines

# Runs over fewer files, and fewer bytes, finish before a progress bar would help (rules only,
# 1 MB takes about 4 s); the bar is for people: never with a machine-readable report.
PROGRESS_MIN_FILES = 20
PROGRESS_MIN_BYTES = 1_000_000
PROGRESS_FORMATS = ("text", "html")


@dataclass
class CheckOptions:
    """Command-line values that override the config file (None = not given), and how to run."""

    overrides: dict[str, Any] = field(default_factory=dict)
    extra_glossaries: list[str] = field(default_factory=list)
    explicit_config: Path | None = None
    model_wanted: bool = True
    require_model: bool = False
    jobs: int = 1
    progress: bool = True  # False: never show a progress bar
    stdin_filename: str | None = None
    baseline: Baseline | None = None
    since: ChangedLines | None = None


class CheckerPool:
    """One checker per effective config: files under different config files get their own."""

    def __init__(self, options: CheckOptions):
        self.options = options
        self._model: Any = None
        self._model_tried = False
        self._checkers: dict[str | None, Checker] = {}

    def config_for(self, path: str) -> Config:
        target = None if path == "-" else Path(path)
        return config_for(target, self.options.explicit_config).merged(self.options.overrides)

    def glossary_paths(self, config: Config) -> list[str]:
        return [*config.glossary, *self.options.extra_glossaries]

    def _load_model(self, config: Config):
        if not self._model_tried:
            self._model_tried = True
            # The CLI shares one resident model across runs (model/server.py).
            self._model = load_model(config, required=self.options.require_model, resident=True)
        return self._model

    def checker(self, config: Config) -> Checker:
        key = config.source
        if key not in self._checkers:
            paths = self.glossary_paths(config)
            glossary = load_glossaries(paths) if paths else None
            model = self._load_model(config) if self.options.model_wanted and config.use_model else None
            self._checkers[key] = Checker(config, glossary, model)
        return self._checkers[key]


@dataclass
class Run:
    """What a run found: one result per file, in order, and why findings were left out."""

    results: list[FileResult]
    fail_levels: list[Severity]
    ignored: list[str] = field(default_factory=list)  # files a .mtcheckignore or force-exclude skipped
    baselined: int = 0  # findings the baseline held
    unchanged: int = 0  # findings on lines --since did not see change
    pool: CheckerPool | None = None

    def checker_for(self, path: str) -> Checker:
        """The checker that checked `path` (a post-pass such as --fix re-checks with it)."""
        assert self.pool is not None
        return self.pool.checker(self.pool.config_for(path))

    def keep(self, path: str, doc: Document, findings: list) -> list:
        """The findings the baseline and `--since` let through (also for --fix's re-checks,
        so a fix never touches what editors accepted or lines this change did not touch)."""
        options = self.pool.options if self.pool else None
        if options is not None and options.baseline is not None:
            findings = options.baseline.filter(path, doc, findings)
        if options is not None and options.since is not None:
            findings = options.since.filter(path, findings)
        return findings

    def summary_extra(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.baselined:
            extra["baselined"] = self.baselined
        if self.unchanged:
            extra["on_unchanged_lines"] = self.unchanged
        return extra


class Progress:
    """A one-line progress bar on stderr, only on a terminal and never under CI, for runs of
    many files or many bytes (`size`: one 5 MB file is a long run too). It is drawn at once,
    so a run of a few large files shows what it is doing from the start."""

    def __init__(self, total: int, label: str = "files", stream: TextIO | None = None, enabled: bool = True,
                 size: int = 0):
        self.stream = stream or sys.stderr
        self.total = total
        self.label = label
        self.size = size
        self.done = 0
        self._drawn = 0.0
        large = total >= PROGRESS_MIN_FILES or size >= PROGRESS_MIN_BYTES
        self.enabled = enabled and total > 0 and large and _interactive(self.stream)
        self._draw()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if time.monotonic() - self._drawn > 0.1 or self.done >= self.total:
            self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        self._drawn = time.monotonic()
        width = 30
        filled = width * self.done // max(1, self.total)
        size = f" ({self.size / 1e6:.1f} MB)" if self.size >= PROGRESS_MIN_BYTES else ""
        self.stream.write(f"\rmtcheck [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {self.label}{size}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _interactive(stream: TextIO) -> bool:
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _size(path: str) -> int:
    try:
        return 0 if path == "-" else os.path.getsize(path)
    except OSError:  # the reader reports it
        return 0


# -- one file -------------------------------------------------------------------------------
def _rule_pass(checker: Checker, path: str, stdin_filename: str | None) -> FileResult:
    result = checker.read(path, stdin_filename)
    if result.document is not None and checker.config.sources:  # issue 14: the source-language original
        attach_configured_source(result.document, path, checker.config, warn_stderr)
    if result.document is not None:
        result.findings = checker.check_rules(result.document)
    return result


# -- worker processes -----------------------------------------------------------------------
_WORKER_SPECS: dict[str | None, tuple[Config, list[str]]] = {}
_WORKER_CHECKERS: dict[str | None, Checker] = {}


def _worker_init(specs: dict[str | None, tuple[Config, list[str]]]) -> None:
    _WORKER_SPECS.update(specs)


def _worker_checker(key: str | None) -> Checker:
    if key not in _WORKER_CHECKERS:
        config, glossary_paths = _WORKER_SPECS[key]
        _WORKER_CHECKERS[key] = Checker(config, load_glossaries(glossary_paths) if glossary_paths else None)
    return _WORKER_CHECKERS[key]


def _worker_run(chunk: list[tuple[int, str, str | None]]) -> list[tuple[int, FileResult]]:
    out = []
    for index, path, key in chunk:
        result = _rule_pass(_worker_checker(key), path, None)
        if result.document is not None:  # send the text back, not what was computed from it
            d = result.document
            result.document = Document(d.text, d.path, markdown=d.markdown, encoding=d.encoding, bom=d.bom)
        out.append((index, result))
    return out


def _parallel_rule_pass(tasks: list[tuple[int, str, str | None]], pool: CheckerPool, configs: dict[str | None, Config],
                        jobs: int, progress: Progress) -> list[FileResult]:
    specs = {key: (config, pool.glossary_paths(config)) for key, config in configs.items()}
    # Small chunks balance the load; not too small, or pickling dominates.
    size = max(1, min(50, len(tasks) // (jobs * 8)))
    chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    # fork is fast, but not once torch (the model) has started its threads.
    context = multiprocessing.get_context("spawn" if "torch" in sys.modules else None)
    results: list[FileResult | None] = [None] * len(tasks)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                             initargs=(specs,)) as executor:
        futures = [executor.submit(_worker_run, chunk) for chunk in chunks]
        for future in as_completed(futures):
            done = future.result()
            for index, result in done:
                results[index] = result
            progress.advance(len(done))
    return results  # type: ignore[return-value]


# -- the run --------------------------------------------------------------------------------
def _model_pass(checkers: list[Checker], results: list[FileResult], show: bool) -> None:
    """The rest of the pipeline after the rule pass: the model (in this process, every file of
    a checker in one call, so it can batch across files), confidence threshold, positions."""
    groups: dict[int, list[int]] = {}
    for i, (checker, result) in enumerate(zip(checkers, results)):
        if result.document is not None:
            groups.setdefault(id(checker), []).append(i)
    modelled = [i for g in groups.values() if checkers[g[0]].model is not None for i in g]
    progress = Progress(len(modelled), "files (model)", enabled=show,
                        size=sum(len(results[i].document.text) for i in modelled))
    for indices in groups.values():
        checker = checkers[indices[0]]
        found = checker.check_all([results[i].document for i in indices], [results[i].findings for i in indices])
        for i, findings in zip(indices, found):
            results[i].findings = findings
        if checker.model is not None:
            progress.advance(len(indices))
    progress.close()


def run_check(paths: list[str], options: CheckOptions) -> Run:
    """Check `paths` (files, folders, '-') and return every file's result, in order."""
    pool = CheckerPool(options)
    ignored: list[str] = []
    base_config = pool.config_for(paths[0])
    files = list(iter_files(paths, base_config, ignored))
    files = skip_sources(files, pool.config_for, ignored)  # issue 14: a source is not an English target
    configs = [pool.config_for(path) for path in files]
    checkers = [pool.checker(config) for config in configs]  # loads glossaries and the model once
    show = options.progress and base_config.format in PROGRESS_FORMATS
    progress = Progress(len(files), enabled=show, size=sum(_size(f) for f in files))
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    if jobs > 1 and len(files) > 1 and "-" not in files:
        distinct = {c.source: c for c in configs}
        tasks = [(i, path, config.source) for i, (path, config) in enumerate(zip(files, configs))]
        results = _parallel_rule_pass(tasks, pool, distinct, min(jobs, len(files)), progress)
    else:
        results = []
        for path, checker in zip(files, checkers):
            results.append(_rule_pass(checker, path, options.stdin_filename))
            progress.advance()
    progress.close()
    _model_pass(checkers, results, show)

    run = Run(results, [c.fail_level for c in configs], ignored, pool=pool)
    for result, config in zip(results, configs):
        result.fail_level = config.fail_level
        doc = result.document
        if doc is None:
            continue
        found = result.findings
        if options.baseline is not None:
            kept = options.baseline.filter(result.path, doc, found)
            run.baselined += len(found) - len(kept)
            found = kept
        if options.since is not None:
            kept = options.since.filter(result.path, found)
            run.unchanged += len(found) - len(kept)
            found = kept
        result.findings = found
    return run

