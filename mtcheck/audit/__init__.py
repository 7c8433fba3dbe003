"""`mtcheck audit`: check a whole archive into a Parquet or JSON Lines table, on this machine
or on a Ray cluster, resumably; `mtcheck audit-report` summarises the table as one HTML page.

    sources.py   articles from folders of .txt/.md files and from JSONL/Parquet tables (streamed)
    pipeline.py  the per-batch work: `check`'s own checker pool and pipeline, turned into rows
    engines.py   where batches run: a local process pool, or Ray Data tasks and model actors
    store.py     the output: parts committed atomically, resume, the final ordered tables
    report.py    the summary page (penalty by desk, month, vendor and rule family; charts as SVG)
    cli.py       the `audit` and `audit-report` commands
"""

from __future__ import annotations

EXTRA_HINT = "pip install 'mtcheck[ray]'"


class MissingExtra(Exception):
    """An optional package the audit needs is not installed (exit 2 with how to install it)."""


def require(module: str, what: str):
    """Import `module` or raise MissingExtra naming what needs it and how to install it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(f"{what} needs {module.split('.')[0]}, which is not installed ({EXTRA_HINT})") from None
