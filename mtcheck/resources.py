"""Read the data files shipped in `mtcheck/data/` (one place, cached)."""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def data_text(name: str) -> str:
    return resources.files("mtcheck").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a data file, without `#` comment lines."""
    lines = (line.strip() for line in data_text(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=None)
def data_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated data file with a header row; `#` lines are comments."""
    body = "\n".join(line for line in data_text(name).splitlines() if line.strip() and not line.startswith("#"))
    return tuple(csv.DictReader(io.StringIO(body), delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """The lines of a one-word-per-line data file, as a set."""
    return frozenset(data_lines(name))
