"""Glossary file loaders."""

from __future__ import annotations

import csv
from pathlib import Path

from . import Glossary, GlossaryEntry, GlossaryError


def load_glossary(path: str | Path) -> Glossary:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError(f"{path}: glossary file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GlossaryError(f"{path}: cannot read glossary: {err}") from None
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    if not reader.fieldnames or "term" not in [f.strip().lower() for f in reader.fieldnames]:
        raise GlossaryError(f"{path}:1: glossary header must have a 'term' column")
    glossary = Glossary()
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        line = reader.line_num
        if not row.get("term"):
            raise GlossaryError(f"{path}:{line}: empty term")
        variants = tuple(v.strip() for v in row.get("variants", "").split("|") if v.strip())
        glossary.entries.append(GlossaryEntry(
            term=row["term"], variants=variants, type=row.get("type", ""),
            gender=row.get("gender", ""), note=row.get("note", ""), source=f"{path}:{line}",
        ))
    return glossary
