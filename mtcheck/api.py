"""The library API: check text or files from a program, no CLI involved.

Unlike the CLI, the library runs rules only unless asked (`model=True`): the model is an
optional extra, takes seconds to load, and a program should choose to pay for it. Errors a
caller can cause raise one documented exception with a one-line message: GlossaryError (a
glossary file missing or malformed), ConfigError (a bad config value), InputError (a file
that cannot be read, in `FileResult.error` for check_paths).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from .config import Config, convert_value
from .document import Document
from .engine import Checker, FileResult, check_file, iter_files, load_model
from .finding import Finding, Severity
from .glossary import Glossary, load_glossaries


def _config(config: Config | dict[str, Any] | None) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if not isinstance(config, dict):
        raise TypeError(f"config must be a mtcheck.Config or a dict of [tool.mtcheck] keys, not {type(config).__name__}")
    return Config().merged({k: convert_value(k, v, "config") for k, v in config.items()})


def _path_list(paths: str | Path | Iterable[str | Path] | None) -> list[str | Path]:
    """One path or several: a lone string is one path, not a sequence of one-letter paths."""
    if paths is None:
        return []
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def _glossary(glossary: Glossary | str | Path | Iterable[str | Path] | None, config: Config) -> Glossary | None:
    if isinstance(glossary, Glossary):
        return glossary
    paths = [*config.glossary, *_path_list(glossary)]
    return load_glossaries(paths) if paths else None


def make_checker(config: Config | dict[str, Any] | None = None,
                 glossary: Glossary | str | Path | Iterable[str | Path] | None = None,
                 model: bool = False) -> Checker:
    """A reusable checker: `.check(text_or_document)` returns its findings. With
    `model=True` the language model runs too, if installed (else a warning on stderr)."""
    cfg = _config(config)
    checker_model = load_model(cfg) if model and cfg.use_model else None
    return Checker(cfg, _glossary(glossary, cfg), checker_model)


class Findings(list):
    """The findings for one text (a list), and whether they fail at the config's fail level."""

    def __init__(self, findings: Iterable[Finding] = (), fail_level: Severity = Severity.MINOR):
        super().__init__(findings)
        self.fail_level = fail_level

    @property
    def failed(self) -> bool:
        """True when a finding reaches `fail_level` (what makes `mtcheck check` exit 1)."""
        return any(f.severity >= self.fail_level for f in self)


def check_text(text: str, *, glossary: Glossary | str | Path | Iterable[str | Path] | None = None,
               config: Config | dict[str, Any] | None = None, markdown: bool = False,
               model: bool = False, source: str | None = None) -> Findings:
    """Findings for one text. `config` is a Config or a dict of `[tool.mtcheck]` keys; its
    `fail-level` decides `Findings.failed`. `source` is the source-language original the text
    translates (source-aware rules MT5xx)."""
    checker = make_checker(config, glossary, model)
    doc = Document(text, "<text>", markdown=markdown)
    if source is not None:  # issue 14
        doc.source = Document(source, "<source>", markdown=markdown)
    found = checker.check(doc)
    return Findings(found, checker.config.fail_level)


def check_paths(paths: str | Path | Iterable[str | Path], *,
                glossary: Glossary | str | Path | Iterable[str | Path] | None = None,
                config: Config | dict[str, Any] | None = None, model: bool = False) -> list[FileResult]:
    """Findings for files and directories (one path or several; recursing into .txt, .md,
    .markdown); each result's `failed` says whether it fails at the config's `fail-level`."""
    checker = make_checker(config, glossary, model)
    return [check_file(checker, p, checker.config.encoding)
            for p in iter_files([str(p) for p in _path_list(paths)], checker.config)]
