"""Configuration: `[tool.mtcheck]` in pyproject.toml, or mtcheck.toml / .mtcheck.toml.

The file is found by walking up from the checked file; keys on the command line win.
Every key is declared once in `KEYS` with its type, default and help text.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import codecs
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .finding import Severity

CONFIG_FILES = (".mtcheck.toml", "mtcheck.toml", "pyproject.toml")
FORMATS = ("text", "json", "jsonl", "sarif", "github", "html")


class ConfigError(Exception):
    """A bad configuration file or value; the message names the file and key."""


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.split(",")) if v]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError("expected a list of strings")


def _rule_codes(value: Any) -> list[str]:
    """Rule selectors; one that matches no rule is a typo that would silently check nothing
    (in `select`) or nothing less (in `ignore`), as `--select` on the command line refuses."""
    from .rules import unknown_keys  # the rules import this module

    codes = _str_list(value)
    unknown = unknown_keys(codes)
    if unknown:
        raise ValueError(f"no rule matches {', '.join(unknown)} (see `mtcheck rules`)")
    return codes


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("expected true or false")


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("expected a string")


def _encoding(value: Any) -> str:
    try:
        codecs.lookup(_str(value))
    except LookupError:
        raise ValueError(f"unknown encoding {value!r}") from None
    return value


def _choice(*choices: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value in choices:
            return value
        raise ValueError(f"expected one of: {', '.join(choices)}")
    return convert


def _severity(value: Any) -> Severity:
    return Severity.parse(_str(value) if not isinstance(value, Severity) else value)


def _probability(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise ValueError("expected a number between 0 and 1")


def _sources(value: Any) -> dict[str, str]:
    from .source.pairs import convert_sources  # issue 14: source-aware checking

    return convert_sources(value)


def _per_file(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise ValueError('expected a table of glob = ["CODE", ...]')
    return {str(k): _rule_codes(v) for k, v in value.items()}


@dataclass(frozen=True)
class Key:
    name: str  # as written in TOML
    convert: Callable[[Any], Any]
    help: str
    paths: bool = False  # values are paths relative to the config file


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("select", _rule_codes, "rule codes, prefixes or names to run (default: all)"),
    Key("ignore", _rule_codes, "rule codes, prefixes or names to skip"),
    Key("fail-level", _severity, "lowest severity that makes the exit code 1"),
    Key("min-confidence", _probability, "drop findings below this confidence"),
    Key("glossary", _str_list, "glossary files (CSV, TSV or TBX)", paths=True),
    Key("model", _str, "directory of a local causal language model", paths=True),
    Key("use-model", _bool, "run the language model (false = rules only)"),
    Key("format", _choice(*FORMATS), "output format"),
    Key("encoding", _encoding, "text encoding of the checked files"),
    Key("exclude", _str_list, "glob patterns of files to skip"),
    Key("force-exclude", _bool, "apply `exclude` to files named on the command line too (as pre-commit names them)"),
    Key("per-file-ignores", _per_file, "glob = [codes] ignored in matching files"),
    Key("sources", _sources, '"target template" = "source template": each translation\'s source-language original'),
    Key("honorific-style", _choice("auto", "period", "no-period"),
        'house style for honorifics: "Mr." (period), "Mr" (no-period) or auto (majority)'),
    Key("sensitivity", _choice("low", "default", "high"),
        "the model's operating point on its calibrated precision/recall curve (low = fewer, surer findings)"),
)}


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_level: Severity = Severity.MINOR
    min_confidence: float = 0.0
    glossary: list[str] = field(default_factory=list)
    model: str | None = None
    use_model: bool = True
    format: str = "text"
    encoding: str | None = None
    exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # issue 14: target template → source template
    honorific_style: str = "auto"
    sensitivity: str = "default"
    # Where the values came from: the config file, or None for defaults only.
    source: str | None = None

    def merged(self, overrides: dict[str, Any]) -> Config:
        """A copy with command-line values (already converted) on top."""
        return dataclasses.replace(self, **{k.replace("-", "_"): v for k, v in overrides.items()
                                            if v is not None})

    def ignores_for(self, path: str) -> list[str]:
        """`ignore` plus the per-file ignores whose glob matches `path`."""
        extra = [code for pattern, codes in self.per_file_ignores.items()
                 if _glob_match(path, pattern) for code in codes]
        return self.ignore + extra

    def excluded(self, path: str) -> bool:
        return any(_glob_match(path, pattern) for pattern in self.exclude)

    def as_toml_dict(self) -> dict[str, Any]:
        out = {}
        for key in KEYS.values():
            value = getattr(self, key.name.replace("-", "_"))
            out[key.name] = value.label if isinstance(value, Severity) else value
        return out


def _glob_match(path: str, pattern: str) -> bool:
    path = path.replace(os.sep, "/")
    return (fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern)
            or fnmatch.fnmatch(path, "*/" + pattern.lstrip("/")))


def convert_value(name: str, value: Any, where: str) -> Any:
    key = KEYS.get(name) or KEYS.get(name.replace("_", "-"))
    if key is None:
        known = ", ".join(KEYS)
        raise ConfigError(f"{where}: unknown key {name!r} (known keys: {known})")
    try:
        return key.convert(value)
    except ValueError as err:
        raise ConfigError(f"{where}: bad value for {key.name!r}: {err}") from None


def _key_line(text: str, name: str) -> int | None:
    """The line where `name = ...` or `[...name]` is written, to point the user at it."""
    quoted = re.escape(name)
    pattern = rf'^[ \t]*(?:["\']?{quoted}["\']?[ \t]*=|\[[^\]\r\n]*\b{quoted}[ \t]*\])'
    # In a pyproject.toml, look only from the [tool.mtcheck] header: other tools use the same keys.
    m = re.compile(pattern, re.M).search(text, max(text.find("[tool.mtcheck"), 0))
    return text.count("\n", 0, m.start()) + 1 if m else None


def parse_table(table: dict[str, Any], source: str, base: Path, text: str = "") -> Config:
    """Build a Config from a `[tool.mtcheck]` table; relative paths are read from `base`.

    `text` is the file's TOML, to name the line of a bad key in the error."""
    values: dict[str, Any] = {}
    for name, raw in table.items():
        key = KEYS.get(name) or KEYS.get(name.replace("_", "-"))
        line = _key_line(text, name)
        where = f"{source}:{line}" if line else source
        value = convert_value(name, raw, f"{where}: [tool.mtcheck]" if source.endswith("pyproject.toml") else where)
        if key.paths:
            value = [str(base / v) for v in value] if isinstance(value, list) else str(base / value)
        values[key.name.replace("-", "_")] = value
    return Config(**values, source=source)


def read_config_file(path: Path) -> Config | None:
    """The config in `path`, or None when it is a pyproject.toml without [tool.mtcheck]."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read config: {getattr(err, 'strerror', None) or err}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "mtcheck" not in tool:
            return None
        table = tool["mtcheck"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.mtcheck] must be a table")
    else:
        tool = data.get("tool")
        table = tool.get("mtcheck", data) if isinstance(tool, dict) else data
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.mtcheck] must be a table")
    return parse_table(table, str(path), path.parent, text)


@lru_cache(maxsize=256)
def find_config_file(directory: Path) -> Path | None:
    """The nearest config file at or above `directory` (a pyproject.toml counts only with [tool.mtcheck])."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_mtcheck_table(candidate):
                    continue
                return candidate
    return None


def _has_mtcheck_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has mtcheck's table, however TOML spells it (`[tool.mtcheck]`,
    `[ tool.mtcheck ]`, `[tool."mtcheck"]`, `mtcheck.select = …` under `[tool]`). Files that never
    name mtcheck are not parsed; a broken one that does is read, so its error is reported."""
    data = pyproject.read_bytes()
    if b"mtcheck" not in data:
        return False
    try:
        tool = tomllib.loads(data.decode("utf-8")).get("tool")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True
    return isinstance(tool, dict) and "mtcheck" in tool


@lru_cache(maxsize=256)
def _load(path: Path | None) -> Config:
    if path is None:
        return Config()
    return read_config_file(path) or Config()


def config_for(target: Path | None, explicit: Path | None = None) -> Config:
    """The file config for a checked path: `explicit` if given, else the nearest one found."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return _load(explicit.resolve())
    start = Path.cwd() if target is None else target.resolve()
    directory = start if start.is_dir() else start.parent
    return _load(find_config_file(directory))
