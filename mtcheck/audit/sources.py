"""The articles of an audit, streamed in a fixed order: files as `mtcheck check` finds them
(folders sorted, `.mtcheckignore` and `exclude` honoured), and the rows of JSONL or Parquet
tables (`id`, `text`, and any other column carried along as metadata), in file order."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..document import MARKDOWN_SUFFIXES, Document, InputError
from ..engine import BinaryFile, iter_files, read_document
from ..source.pairs import skip_sources
from . import require

TABLE_SUFFIXES = (".jsonl", ".parquet")
# A row's metadata must not take the name of a column the audit writes itself.
RESERVED = frozenset({"article", "path", "id", "sha256", "words", "findings", "penalty", "error", "skipped",
                      "info", "minor", "major", "critical", "rule", "name", "category", "severity", "start", "end",
                      "line", "column", "end_line", "end_column", "message", "suggestions", "confidence", "origin"})


@dataclass
class Article:
    """One article: a file, or a row of a table (`path` is then the table file and `id` the row's id)."""

    seq: int  # position in the audit's input order
    path: str
    id: str | None = None
    text: str | None = None  # None when it could not be read
    markdown: bool = False
    encoding: str = "utf-8"
    bom: bool = False
    meta: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None  # an input error (the article is reported, with this message)
    skipped: str | None = None  # a binary file

    @property
    def sha256(self) -> str:
        if self.text is None:
            return ""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    @property
    def key(self) -> bytes:
        """What resume matches: the path or id and the content's hash (16 bytes, to keep the set small)."""
        return article_key(self.path, self.id, self.sha256)

    def document(self) -> Document:
        assert self.text is not None
        return Document(self.text, self.path, markdown=self.markdown, encoding=self.encoding, bom=self.bom)


def article_key(path: str, ident: str | None, sha256: str) -> bytes:
    raw = "\x00".join((path, ident or "", sha256))
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def iter_articles(paths: list[str], base_config, encoding: str | None, ignored: list[str],
                  config_for) -> Iterator[Article]:
    """Every article of `paths`, numbered in order; only the current one is held in memory.
    Files are found as `check` finds them, source-language originals left out (`sources`)."""
    seq = 0
    for raw in paths:
        if Path(raw).suffix.lower() in TABLE_SUFFIXES and Path(raw).is_file():
            rows = _jsonl_rows(raw) if raw.lower().endswith(".jsonl") else _parquet_rows(raw)
            for article in rows:
                article.seq = seq
                seq += 1
                yield article
            continue
        for path in skip_sources(list(iter_files([raw], base_config, ignored)), config_for, ignored):
            yield _read_file(seq, path, encoding)
            seq += 1


def _read_file(seq: int, path: str, encoding: str | None) -> Article:
    try:
        doc = read_document(path, encoding)
    except BinaryFile as err:
        return Article(seq, path, skipped=str(err))
    except InputError as err:
        return Article(seq, path, error=str(err))
    return Article(seq, doc.path, text=doc.text, markdown=doc.markdown, encoding=doc.encoding, bom=doc.bom)


def _row_article(path: str, row: Any, where: str, default_id: str) -> Article:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        return Article(0, path, id=default_id, error=f"{where}: a row needs a string `text`")
    ident = row.get("id")
    ident = default_id if ident is None else str(ident)
    meta = {str(k): (None if v is None else str(v)) for k, v in row.items()
            if k not in ("id", "text") and str(k) not in RESERVED}
    markdown = Path(ident).suffix.lower() in MARKDOWN_SUFFIXES  # "story.md" rows are Markdown
    return Article(0, path, id=ident, text=row["text"], markdown=markdown, meta=meta)


def _jsonl_rows(path: str) -> Iterator[Article]:
    try:
        with open(path, encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as err:
                    yield Article(0, path, id=str(number), error=f"{path}:{number}: not valid JSON ({err.msg})")
                    continue
                yield _row_article(path, row, f"{path}:{number}", str(number))
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid UTF-8 at byte {err.start}") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def _parquet_rows(path: str) -> Iterator[Article]:
    pq = require("pyarrow.parquet", "reading Parquet")
    try:
        table = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises its own error types for a damaged file
        raise InputError(f"{path}: not a readable Parquet file ({err})") from None
    if "text" not in table.schema_arrow.names:
        raise InputError(f"{path}: a Parquet input needs a `text` column (and usually `id`)")
    number = 0
    for batch in table.iter_batches(batch_size=1000):
        for row in batch.to_pylist():
            number += 1
            yield _row_article(path, row, f"{path}: row {number}", str(number))
