"""Glossary file loaders: CSV/TSV with a header row, and TBX (ISO 30042).

CSV/TSV columns: `term` (required), `variants` (`|`-separated wrong or discouraged forms),
`note`, `type` (person/place/org/term), `gender` (f/m, for people), `source` (`|`-separated
source-language terms the entry translates, for source-aware checking); other columns are ignored.

TBX: the English (`xml:lang="en…"`) terms of each `termEntry` (terms in other languages are
the entry's source terms). A term whose
administrativeStatus (or older normativeAuthorization) is deprecated, superseded or
forbidden becomes a variant of the entry's preferred term; admitted terms are accepted
alternatives. The XML is parsed with defusedxml: a file that declares entities or reaches
for external resources is refused before anything is expanded or fetched.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from . import Glossary, GlossaryEntry, GlossaryError

TYPES = ("person", "place", "org", "term")
GENDERS = ("f", "m")
TBX_SUFFIXES = (".tbx", ".xml")


def load_glossary(path: str | Path) -> Glossary:
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not path.is_file():
            # A FIFO or a device would block or never end.
            raise GlossaryError(f"{path}: not a regular file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError(f"{path}: glossary file not found") from None
    except IsADirectoryError:
        raise GlossaryError(f"{path}: is a directory, not a glossary file") from None
    except OSError as err:
        raise GlossaryError(f"{path}: cannot read glossary: {err.strerror or err}") from None
    if path.suffix.lower() in TBX_SUFFIXES or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return load_tbx(data, str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise GlossaryError(f"{path}:{line}: not valid UTF-8") from None
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" or "\t" in first_line else ","
    return load_table(text, str(path), delimiter)


def load_table(text: str, source: str, delimiter: str = ",") -> Glossary:
    # Lines end at \n, \r\n or \r only, as csv expects (str.splitlines also cuts at U+2028).
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        fieldnames = [(f or "").strip().lower() for f in reader.fieldnames or []]
    except csv.Error as err:
        raise GlossaryError(f"{source}:1: {err}") from None
    if "term" not in fieldnames:
        raise GlossaryError(f"{source}:1: glossary header must have a 'term' column")
    reader.fieldnames = fieldnames
    glossary = Glossary()
    try:
        for row in reader:
            line = reader.line_num
            # More (non-empty) fields than the header: an unquoted delimiter would lose data.
            if None in row and any((v or "").strip() for v in row[None]):
                raise GlossaryError(f"{source}:{line}: {len(fieldnames) + len(row[None])} fields but the header "
                                    f"has {len(fieldnames)} (quote a field that contains {delimiter!r})")
            row = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}
            if not any(row.values()):
                continue
            glossary.entries.append(_entry(row, f"{source}:{line}"))
    except csv.Error as err:  # raised before line_num counts the offending line
        raise GlossaryError(f"{source}:{reader.line_num + 1}: {err}") from None
    return glossary


def _entry(row: dict[str, str], where: str) -> GlossaryEntry:
    term = row.get("term", "")
    if not term:
        raise GlossaryError(f"{where}: empty term")
    kind = row.get("type", "").lower()
    if kind and kind not in TYPES:
        raise GlossaryError(f"{where}: unknown type {kind!r} (expected one of: {', '.join(TYPES)})")
    gender = row.get("gender", "").lower()
    if gender and gender not in GENDERS:
        raise GlossaryError(f"{where}: unknown gender {gender!r} (expected f or m)")
    variants = tuple(v.strip() for v in row.get("variants", "").split("|") if v.strip())
    source_terms = tuple(v.strip() for v in row.get("source", "").split("|") if v.strip())  # issue 14
    return checked_entry(GlossaryEntry(term=term, variants=variants, type=kind, gender=gender,
                                       note=row.get("note", ""), source=where, source_terms=source_terms))


def text_problem(text: str) -> str | None:
    """Why `text` cannot be a glossary term or variant, or None: a control character (a NUL,
    a tab, a line break) would be written into articles by MT101's safe fix."""
    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    return None if bad is None else f"{text!r} contains a control character (U+{ord(bad):04X})"


def checked_entry(entry: GlossaryEntry) -> GlossaryEntry:
    """The one validation of an entry's terms, whatever file it came from. Raises GlossaryError."""
    for text in (entry.term, *entry.variants, *entry.allowed, *entry.source_terms):
        problem = text_problem(text)
        if problem:
            raise GlossaryError(f"{entry.source}: {problem}")
    return entry


# -- TBX -------------------------------------------------------------------------------------
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DISCOURAGED = ("deprecated", "superseded", "forbidden")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def load_tbx(data: bytes, source: str) -> Glossary:
    import xml.etree.ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    lines: dict[int, int] = {}

    class LineTracker(ET.TreeBuilder):
        def start(self, tag, attrs):
            element = super().start(tag, attrs)
            lines[id(element)] = parser.parser.CurrentLineNumber
            return element

    parser = DefusedXMLParser(target=LineTracker(), forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as err:
        raise GlossaryError(f"{source}:{err.position[0]}: not well-formed TBX/XML: {err}") from None
    except DefusedXmlException as err:
        line = getattr(parser.parser, "CurrentLineNumber", 1) if parser.parser else 1
        raise GlossaryError(f"{source}:{line}: refused unsafe XML ({type(err).__name__}): "
                            "entity declarations and external references are not allowed") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(f"{source}:1: not a TBX file (root element is <{_local(root.tag)}>)")
    glossary = Glossary()
    for entry in root.iter():
        if _local(entry.tag) != "termEntry":
            continue
        found = _tbx_entry(entry, f"{source}:{lines.get(id(entry), 1)}")
        if found:
            glossary.entries.append(found)
    if not glossary.entries:
        raise GlossaryError(f"{source}:1: no English terms (langSet xml:lang=\"en…\") in this TBX file")
    return glossary


def _tbx_entry(entry, where: str) -> GlossaryEntry | None:
    preferred: list[str] = []
    plain: list[str] = []
    discouraged: list[str] = []
    allowed: list[str] = []
    note = ""
    other_languages: list[str] = []  # source terms (issue 14)
    for child in entry.iter():
        if _local(child.tag) == "descrip" and child.get("type") in ("definition", "context") and not note:
            note = " ".join("".join(child.itertext()).split())
    for lang_set in entry:
        if _local(lang_set.tag) != "langSet":
            continue
        lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").lower()
        if not (lang == "en" or lang.startswith("en-") or lang.startswith("en_")):
            other_languages += [" ".join("".join(t.itertext()).split()) for t in lang_set.iter()
                                if _local(t.tag) == "term" and "".join(t.itertext()).strip()]
            continue
        for holder in lang_set.iter():
            if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                continue
            term_el = next((e for e in holder.iter() if _local(e.tag) == "term"), None)
            term = " ".join("".join(term_el.itertext()).split()) if term_el is not None else ""
            if not term:
                continue
            status = " ".join((e.text or "").strip().lower() for e in holder.iter()
                              if _local(e.tag) == "termNote"
                              and e.get("type") in ("administrativeStatus", "normativeAuthorization"))
            if any(word in status for word in _DISCOURAGED):
                discouraged.append(term)
            elif "preferred" in status:
                preferred.append(term)
            elif "admitted" in status:
                allowed.append(term)
            else:
                plain.append(term)
    terms = preferred + plain + allowed
    if not terms:
        if discouraged:
            raise GlossaryError(f"{where}: termEntry has deprecated English terms but no preferred one")
        return None
    term = terms[0]
    return checked_entry(GlossaryEntry(term=term, variants=tuple(dict.fromkeys(discouraged)),
                                       allowed=tuple(t for t in dict.fromkeys(terms[1:]) if t != term),
                                       note=note, source=where, source_terms=tuple(dict.fromkeys(other_languages))))
