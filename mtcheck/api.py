"""The library API: check text or files from a program, no CLI involved."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .config import Config, convert_value
from .document import Document
from .engine import Checker, FileResult, check_file, iter_files, warn_stderr
from .finding import Finding
from .glossary import Glossary, load_glossaries


def _config(config: Config | dict[str, Any] | None) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    return Config().merged({k: convert_value(k, v, "config") for k, v in config.items()})


def _glossary(glossary: Glossary | Iterable[str | Path] | None, config: Config) -> Glossary | None:
    if isinstance(glossary, Glossary):
        return glossary
    paths = [*config.glossary, *(glossary or [])]
    return load_glossaries(paths) if paths else None


def make_checker(config: Config | dict[str, Any] | None = None,
                 glossary: Glossary | Iterable[str | Path] | None = None,
                 model: bool = False) -> Checker:
    """A reusable checker. With `model=True` the language model runs too, if installed."""
    cfg = _config(config)
    checker_model = None
    if model and cfg.use_model:
        from .model import ModelUnavailable, load_checker

        try:
            checker_model = load_checker(cfg, warn_stderr)
        except ModelUnavailable as err:
            warn_stderr(str(err))
    return Checker(cfg, _glossary(glossary, cfg), checker_model)


def check_text(text: str, *, glossary: Glossary | Iterable[str | Path] | None = None,
               config: Config | dict[str, Any] | None = None, markdown: bool = False,
               model: bool = False, source: str | None = None) -> list[Finding]:
    """Findings for one text. `config` is a Config or a dict of `[tool.mtcheck]` keys;
    `source` is the source-language original it translates (source-aware rules MT5xx)."""
    checker = make_checker(config, glossary, model)
    doc = Document(text, "<text>", markdown=markdown)
    if source is not None:  # issue 14
        doc.source = Document(source, "<source>", markdown=markdown)
    return checker.check(doc)


def check_paths(paths: Iterable[str | Path], *, glossary: Glossary | Iterable[str | Path] | None = None,
                config: Config | dict[str, Any] | None = None, model: bool = False) -> list[FileResult]:
    """Findings for files and directories (recursing into .txt, .md, .markdown)."""
    checker = make_checker(config, glossary, model)
    return [check_file(checker, p, checker.config.encoding)
            for p in iter_files([str(p) for p in paths], checker.config)]
