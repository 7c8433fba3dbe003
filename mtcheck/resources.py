"""Read the data files shipped in `mtcheck/data/` (one place, cached)."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import marshal
import os
import shutil
import time
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_root() -> Path:
    """The user's cache folder for mtcheck (the converted model, scores, parsed data)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mtcheck"


# A cache entry (a parsed data file, a converted model) unused this long belongs to a version
# of mtcheck or of the model that no longer runs here; without pruning, every upgrade would
# leave its entries behind (a converted model is ~0.5 GB).
STALE_AFTER_S = 30 * 86400
_DAY_S = 86400


def mark_used(path: Path) -> None:
    """Record that a cache entry is still in use: its modification time, refreshed at most
    once a day, so that most runs write nothing."""
    try:
        if time.time() - path.stat().st_mtime > _DAY_S:
            os.utime(path)
    except OSError:
        pass


def prune_stale(entries, keep: Path, stamp: Callable[[Path], Path] = lambda p: p) -> None:
    """Remove the cache `entries` (files or folders) other than `keep` whose `stamp(entry)`
    file was last marked used over STALE_AFTER_S ago; whatever cannot be removed stays."""
    now = time.time()
    for entry in entries:
        try:
            if entry == keep or now - stamp(entry).stat().st_mtime < STALE_AFTER_S:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
        except OSError:
            pass


@lru_cache(maxsize=None)
def data_text(name: str) -> str:
    return resources.files("mtcheck").joinpath("data", name).read_text(encoding="utf-8")


def sorted_lookup(text: str, key: str) -> str | None:
    """In a data text of sorted lines ("key" or "key<TAB>value", code-point order, each ending
    in a newline), the value of `key` ("" for a bare key), or None: a binary search in the text
    itself, so a large list costs nothing to parse at start-up (the pre-commit hook starts often)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        start = text.rfind("\n", 0, mid) + 1
        end = text.index("\n", start)
        found, _, value = text[start:end].partition("\t")
        if found == key:
            return value
        if found < key:
            lo = end + 1
        else:
            hi = start
    return None


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


def parsed_data(name: str, parse: Callable[[str], T], version: int = 1, depends: tuple[str, ...] = ()) -> T:
    """`parse(data_text(name))`, kept in the user cache (marshal) so that later runs load it
    instead of parsing again: a big data file costs a cold start every run otherwise. The key
    is the size and modification time of the file and of the other data files the result is
    built from (`depends`), and the parser's `version`; an unwritable or damaged cache only
    means parsing again. `parse` must return plain lists, tuples, dicts, sets, strings and
    numbers."""
    try:
        stats = [os.stat(str(resources.files("mtcheck").joinpath("data", n))) for n in (name, *depends)]
    except (OSError, TypeError):
        return parse(data_text(name))
    key = "-".join(f"{st.st_size}-{st.st_mtime_ns}" for st in stats)
    if depends:  # one short name, whatever the number of files
        key = hashlib.sha1(key.encode()).hexdigest()[:16]
    return cached_value(f"{name}-{key}-v{version}", lambda: parse(data_text(name)))


@contextmanager
def gc_paused():
    """Building ~10^5 small containers triggers the cyclic collector again and again (5× the
    load time; each full pass also walks everything loaded before); none of them can form a
    cycle, so the collector waits until they are built. Then it never walks them again
    (gc.freeze): the data lives as long as the process, and each full pass over its ~2×10^5
    containers took ~90 ms, one pass in every few articles checked. (Freezing also keeps
    whatever else is alive then from the collector; checking a document leaves no cycles.)"""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def cached_value(key: str, build: Callable[[], T]) -> T:
    """`build()`, kept in the user cache under `key` (marshal; see parsed_data): the key must
    name everything the value is built from."""
    path = cache_root() / "data" / f"{key}.marshal"
    with gc_paused():
        try:
            with open(path, "rb") as f:
                value = marshal.loads(f.read())  # load(f) reads in small pieces: 5× slower
            mark_used(path)
            return value
        except (OSError, EOFError, ValueError, TypeError):
            pass
        value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            marshal.dump(value, f)
        os.replace(tmp, path)  # atomic: a concurrent run reads a whole file or none
    except (OSError, ValueError):
        pass
    # The same data's entries for other versions of its file (the key names the file first).
    prune_stale(path.parent.glob(f"{key.split('-')[0]}-*.marshal"), keep=path)
    return value
