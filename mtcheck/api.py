"""The library API: check text or files from a program, no CLI involved."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .config import Config, convert_value
from .document import Document
from .engine import Checker, FileResult, check_file, iter_files, load_model
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
    checker_model = load_model(cfg) if model and cfg.use_model else None
    return Checker(cfg, _glossary(glossary, cfg), checker_model)


def check_text(text: str, *, glossary: Glossary | Iterable[str | Path] | None = None,
               config: Config | dict[str, Any] | None = None, markdown: bool = False,
               model: bool = False) -> list[Finding]:
    """Findings for one text. `config` is a Config or a dict of `[tool.mtcheck]` keys."""
    checker = make_checker(config, glossary, model)
    return checker.check(Document(text, "<text>", markdown=markdown))


def check_paths(paths: Iterable[str | Path], *, glossary: Glossary | Iterable[str | Path] | None = None,
                config: Config | dict[str, Any] | None = None, model: bool = False) -> list[FileResult]:
    """Findings for files and directories (recursing into .txt, .md, .markdown)."""
    checker = make_checker(config, glossary, model)
    return [check_file(checker, p, checker.config.encoding)
            for p in iter_files([str(p) for p in paths], checker.config)]
