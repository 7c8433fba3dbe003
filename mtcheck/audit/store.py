"""The audit's output: two tables, committed in parts, merged in order at the end.

`FILE` (`.parquet` or `.jsonl`) has one row per finding; `FILE` with `.articles` before its
suffix (`audit.articles.parquet`) has one row per article. While the audit runs, rows go to
`FILE.parts/`: every part is written to a temporary name, flushed to disk and renamed, the
articles part last (it is the commit mark), so an interruption at any moment leaves only
whole parts. A restart with the same output and the same inputs and options reads the
committed article rows and skips those articles (matched by path or id and the SHA-256 of
their text). The end of a run merges the previous tables and every part, in article order,
into temporary files renamed over `FILE` and its articles table; the parts are then removed
and `FILE.parts/manifest.json` keeps what the next run needs to resume or refresh.
"""

from __future__ import annotations

import heapq
import json
import os
import shutil
from pathlib import Path
from typing import Any, Iterator

from ..config import ConfigError
from . import require
from .sources import article_key

SUFFIXES = (".parquet", ".jsonl")
# Fixed columns and their Arrow types; metadata columns (desk, date, vendor...) are strings.
FINDING_COLUMNS = {"article": "int64", "path": "string", "id": "string", "rule": "string", "name": "string",
                   "category": "string", "severity": "string", "start": "int64", "end": "int64", "line": "int64",
                   "column": "int64", "end_line": "int64", "end_column": "int64", "text": "string",
                   "message": "string", "suggestions": "list<string>", "confidence": "float64", "origin": "string",
                   "fix": "struct<safe, reason>"}
ARTICLE_COLUMNS = {"article": "int64", "path": "string", "id": "string", "sha256": "string", "words": "int64",
                   "findings": "int64", "info": "int64", "minor": "int64", "major": "int64", "critical": "int64",
                   "penalty": "float64", "error": "string", "skipped": "string"}


def articles_path(output: Path) -> Path:
    """audit.parquet → audit.articles.parquet"""
    return output.with_name(output.stem + ".articles" + output.suffix)


def _key(row: dict) -> bytes:
    return article_key(row["path"], row.get("id"), row.get("sha256") or "")


class AuditStore:
    def __init__(self, output: str, fingerprint: str, restart: bool = False, commit_every: int = 1000):
        self.output = Path(output)
        self.kind = self.output.suffix.lower()
        if self.kind not in SUFFIXES:
            raise ConfigError(f"{output}: the audit output must end in .parquet or .jsonl")
        if self.kind == ".parquet":
            require("pyarrow.parquet", "Parquet output")
        self.articles = articles_path(self.output)
        self.parts = self.output.with_name(self.output.name + ".parts")
        self.manifest = self.parts / "manifest.json"
        self.fingerprint = fingerprint
        self.commit_every = commit_every
        self._findings: list[dict] = []
        self._article_rows: list[dict] = []
        self.previous = False  # complete tables from an earlier run to merge with
        if restart and self.parts.exists():
            shutil.rmtree(self.parts)
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ConfigError(f"{self.parts}: cannot create: {err.strerror or err}") from None
        for stale in self.parts.glob(".*.tmp"):  # half-written by an interrupted run
            stale.unlink()
        state = self._read_manifest()
        if state is not None and state.get("fingerprint") != fingerprint:
            raise ConfigError(f"{self.output} was audited with other inputs or options; use another --output, "
                              "or --restart to start over")
        if state is not None and state.get("complete") and self.output.exists() and self.articles.exists():
            self.previous = True
        self.run = 1 + max((int(p.name.split("-")[1]) for p in self.parts.glob("run-*")), default=0)
        self._part = 0
        self._write_manifest(complete=False)

    # -- resume -----------------------------------------------------------------------------
    def done_keys(self) -> set[bytes]:
        """Keys of every article already written (the set holds 16 bytes an article)."""
        done: set[bytes] = set()
        for path in self._article_sources():
            for row in self._read_rows(path):
                done.add(_key(row))
        return done

    # -- writing ----------------------------------------------------------------------------
    def add(self, finding_rows: list[dict], article_row: dict) -> None:
        self._findings += finding_rows
        self._article_rows.append(article_row)
        if len(self._article_rows) >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        """Write the buffered rows as one part: findings first, the articles part (the mark) last."""
        if not self._article_rows:
            return
        name = f"run-{self.run:04d}-part-{self._part:06d}"
        self._write(self.parts / f"{name}.findings{self.kind}", self._findings, FINDING_COLUMNS)
        self._write(self.parts / f"{name}.articles{self.kind}", self._article_rows, ARTICLE_COLUMNS)
        self._part += 1
        self._findings, self._article_rows = [], []

    def finish(self) -> None:
        """Merge everything into the final tables (atomically), then drop the parts."""
        self.commit()
        sources = self._sources()
        finding_tmp = self.output.with_name(f".{self.output.name}.tmp")
        article_tmp = self.articles.with_name(f".{self.articles.name}.tmp")
        with _Writer(finding_tmp, self.kind, FINDING_COLUMNS, [f for f, _ in sources]) as findings, \
                _Writer(article_tmp, self.kind, ARTICLE_COLUMNS, [a for _, a in sources]) as articles:
            for article, found in self._merged(sources):
                articles.add([article])
                findings.add(found)
        os.replace(finding_tmp, self.output)
        os.replace(article_tmp, self.articles)
        self._write_manifest(complete=True)
        for p in self.parts.glob("run-*"):
            p.unlink()

    # -- internals ----------------------------------------------------------------------------
    def _read_manifest(self) -> dict | None:
        try:
            return json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write_manifest(self, complete: bool) -> None:
        data = json.dumps({"fingerprint": self.fingerprint, "complete": complete,
                           "output": self.output.name, "articles": self.articles.name}, indent=2)
        _atomic_write_text(self.manifest, data)

    def _committed_parts(self) -> list[tuple[Path, Path]]:
        """(findings part, articles part) of every committed part, oldest first."""
        out = []
        for article_part in sorted(self.parts.glob(f"run-*.articles{self.kind}")):
            name = article_part.name[: -len(f".articles{self.kind}")]
            out.append((self.parts / f"{name}.findings{self.kind}", article_part))
        return out

    def _sources(self) -> list[tuple[Path, Path]]:
        previous = [(self.output, self.articles)] if self.previous else []
        return previous + self._committed_parts()

    def _article_sources(self) -> list[Path]:
        return [a for _, a in self._sources()]

    def _merged(self, sources: list[tuple[Path, Path]]) -> Iterator[tuple[dict, list[dict]]]:
        """(article row, its findings) in article order; for an article written twice (its text
        changed, or an unreadable file was retried) the latest wins."""
        streams = [self._grouped(f, a, -rank) for rank, (f, a) in enumerate(sources)]
        last = None
        for seq, _, article, found in heapq.merge(*streams, key=lambda g: (g[0], g[1])):
            if seq != last:
                last = seq
                yield article, found

    def _grouped(self, findings_path: Path, articles_path_: Path, rank: int):
        found = iter(self._read_rows(findings_path) if findings_path.exists() else ())
        pending = next(found, None)
        for article in self._read_rows(articles_path_):
            seq = article["article"]
            mine = []
            while pending is not None and pending["article"] <= seq:
                if pending["article"] == seq:
                    mine.append(pending)
                pending = next(found, None)
            yield seq, rank, article, mine

    def _read_rows(self, path: Path) -> Iterator[dict]:
        if self.kind == ".jsonl":
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        yield json.loads(line)
        else:
            pq = require("pyarrow.parquet", "Parquet output")
            for batch in pq.ParquetFile(path).iter_batches(batch_size=2000):
                yield from batch.to_pylist()

    def _write(self, path: Path, rows: list[dict], columns: dict[str, str]) -> None:
        tmp = path.with_name(f".{path.name}.tmp")
        with _Writer(tmp, self.kind, columns, rows=rows) as writer:
            writer.add(rows)
        os.replace(tmp, path)


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


class _Writer:
    """Rows to a JSONL or Parquet file (flushed and synced on close). A Parquet file's schema
    is the fixed columns plus every metadata column of `rows`, or of the files `like`."""

    def __init__(self, path: Path, kind: str, columns: dict[str, str], like: list[Path] | None = None,
                 rows: list[dict] | None = None):
        self.path, self.kind = path, kind
        self._buffer: list[dict] = []
        if kind == ".jsonl":
            self._out = open(path, "w", encoding="utf-8")
            return
        pa = require("pyarrow", "Parquet output")
        pq = require("pyarrow.parquet", "Parquet output")
        meta: dict[str, None] = {}
        for p in like or []:
            if p.exists():
                meta.update((n, None) for n in pq.read_schema(p).names if n not in columns)
        for row in rows or []:
            meta.update((n, None) for n in row if n not in columns)
        types = {"int64": pa.int64(), "string": pa.string(), "float64": pa.float64(),
                 "list<string>": pa.list_(pa.string()),
                 "struct<safe, reason>": pa.struct([("safe", pa.bool_()), ("reason", pa.string())])}
        self.schema = pa.schema([(n, types[t]) for n, t in columns.items()] + [(n, pa.string()) for n in meta])
        self._pa = pa
        self._fixed = columns
        self._out = pq.ParquetWriter(str(path), self.schema, compression="zstd")

    def add(self, rows: list[dict]) -> None:
        if self.kind == ".jsonl":
            for row in rows:
                self._out.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        # A column without a fixed type holds text: anything else (a field a newer Finding adds) as JSON.
        self._buffer += [{k: v if k in self._fixed or v is None or isinstance(v, str) else json.dumps(v)
                          for k, v in row.items()} for row in rows]
        if len(self._buffer) >= 5000:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._out.write_table(self._pa.Table.from_pylist(self._buffer, schema=self.schema))
            self._buffer = []

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.kind == ".jsonl":
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            return
        self._flush()
        self._out.close()
        with open(self.path, "rb") as written:  # ParquetWriter does not sync
            os.fsync(written.fileno())
