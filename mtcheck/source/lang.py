"""Scripts and languages: which script a character is in, which language a source text is in
(script first; stopwords among Latin-script languages), and the language data of
`mtcheck/data/source_words.tsv`."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache

from ..resources import data_rows

# Scripts a translation into English must not contain (untranslated text), by Unicode name prefix.
FOREIGN_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "CYRILLIC", "GREEK", "ARABIC", "HEBREW",
                   "THAI", "DEVANAGARI", "BENGALI", "TAMIL", "GEORGIAN", "ARMENIAN", "ETHIOPIC", "KHMER",
                   "LAO", "MYANMAR", "TIBETAN", "SINHALA", "GUJARATI", "GURMUKHI", "TELUGU", "KANNADA",
                   "MALAYALAM")
# Languages that write 3,2 for three point two and 12.000 or 12 000 for twelve thousand.
DECIMAL_COMMA = frozenset({"de", "fr", "es", "it", "pt", "ru", "uk", "nl", "pl", "tr", "cs", "ro", "sv",
                           "da", "no", "fi", "el", "bg", "hu", "vi", "id", "und"})
CJK_LANGUAGES = frozenset({"zh", "ja"})


@lru_cache(maxsize=4096)
def script(ch: str) -> str:
    """The script of a letter ("LATIN", "CJK", "CYRILLIC"…); "" for anything that is not a letter."""
    if not ch.isalpha():
        return ""
    if ch < "\u0250":
        return "LATIN"
    name = unicodedata.name(ch, "")
    if name.startswith("CJK"):
        return "CJK"
    first = name.split(" ", 1)[0]
    return "LATIN" if first in ("LATIN", "FULLWIDTH") else first


# Letters of the scripts above, as a character class (the ranges of their Unicode blocks).
_FOREIGN_LETTER = ("[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f"
                   "\u0980-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u10a0-\u10ff\u1100-\u11ff\u1200-\u137f"
                   "\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
FOREIGN_RUN = re.compile(
    _FOREIGN_LETTER + "+"
    "(?:[ \u00a0\\-'’·・ー]+[\u0370-\u03ff\u0400-\u052f\u0530-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0eff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)*")


@lru_cache(maxsize=8)
def blocks(text: str) -> frozenset[int]:
    """The 256-code-point blocks (code point >> 8) of the text's characters, a character
    beyond the Basic Multilingual Plane counted in its surrogates' (0xD8–0xDF). Byte
    operations find them faster than any regex scan, so a scan for characters of some blocks
    (CJK, fullwidth forms) is skipped when none of them occur: English prose uses blocks 0
    and 0x20 (curly quotes, dashes) only."""
    high = text.encode("utf-16-be", "surrogatepass")[::2]
    return frozenset(high.translate(None, b"\x00\x20")) | {b for b in (0x00, 0x20) if bytes((b,)) in high}


def class_blocks(char_class: str) -> frozenset[int]:
    """The blocks of the ranges and characters of a regex character class "[a-z...]" written
    with literal characters."""
    body, out, i = char_class[1:-1], set(), 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.update(range(ord(body[i]) >> 8, (ord(body[i + 2]) >> 8) + 1))
            i += 3
        else:
            out.add(ord(body[i]) >> 8)
            i += 1
    return frozenset(out)


FOREIGN_BLOCKS = class_blocks(_FOREIGN_LETTER)  # a FOREIGN_RUN match starts with one of these


def is_foreign(ch: str) -> bool:
    return script(ch) in FOREIGN_SCRIPTS


def is_cjk(ch: str) -> bool:
    return script(ch) in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


_LATIN_WORD = re.compile(r"[^\W\d_]+")
# Letters by script (disjoint code point ranges; see _script_counts).
_SCRIPT_RANGES = (
    ("LATIN", "A-Za-z\u00c0-\u024f"), ("CJK", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"),
    ("HIRAGANA", "\u3040-\u309f"), ("KATAKANA", "\u30a0-\u30ff"), ("HANGUL", "\uac00-\ud7af\u1100-\u11ff"),
    ("CYRILLIC", "\u0400-\u052f"), ("GREEK", "\u0370-\u03ff"), ("ARABIC", "\u0600-\u06ff\u0750-\u077f"),
    ("HEBREW", "\u0590-\u05ff"), ("THAI", "\u0e00-\u0e7f"), ("DEVANAGARI", "\u0900-\u097f"))


def _script_tables():
    """What _script_counts reads: a table from a code point's 256-block (its UTF-16 high
    byte) to the number of the script that has the whole block (0 for none), and for each
    script the blocks it has only part of, with a table from a code point's low byte to 1
    where the script has it, else 0."""
    to_script, partial = bytearray(256), []
    for number, (name, chars) in enumerate(_SCRIPT_RANGES, 1):
        parts: dict[int, bytearray] = {}
        for lo, hi in re.findall("(.)-(.)", chars):
            lo, hi = ord(lo), ord(hi)
            for block in range(lo >> 8, (hi >> 8) + 1):
                a, z = max(lo, block << 8) & 0xFF, min(hi, block << 8 | 0xFF) & 0xFF
                if (a, z) == (0, 0xFF):
                    to_script[block] = number
                else:
                    parts.setdefault(block, bytearray(256))[a:z + 1] = b"\x01" * (z + 1 - a)
        partial.append(tuple((block, bytes(table)) for block, table in parts.items()))
    return bytes(to_script), partial


@lru_cache(maxsize=None)
def _tables() -> tuple:
    """_script_tables, each partial table's complement (the low bytes to delete), and for each
    block a table with 1 at its high byte: built on first use, not at import (the rules-only
    cold start imports this module)."""
    to_script, partial = _script_tables()
    not_in = {table: bytes(b for b in range(256) if not table[b]) for parts in partial for _, table in parts}
    in_block = [bytes(int(b == block) for b in range(256)) for block in range(256)]
    return to_script, partial, not_in, in_block


def _script_counts(sample: str) -> Counter:
    """Characters per script of `sample` (the code points in its ranges), in _SCRIPT_RANGES
    order (0 for an absent script), counted with bytes operations, not regex scans: each
    character's 256-block (its UTF-16 high byte) made the number of the script that has the
    whole block, and counted; in a block that a script has only part of (ASCII, kana), the
    characters whose high byte is the block's and whose low byte is the script's, as the bits
    of two 0/1 images ANDed."""
    to_script, partial_blocks, not_in, in_block_tables = _tables()
    utf16 = sample.encode("utf-16-be", "surrogatepass")
    high = utf16[::2]
    numbers = high.translate(to_script)
    counts, low, in_block = Counter(), None, {}
    for number, ((name, _), parts) in enumerate(zip(_SCRIPT_RANGES, partial_blocks), 1):
        n = numbers.count(number)
        for block, table in parts:
            if block == 0:  # the Latin-1 characters are their bytes
                n += len(sample.encode("latin-1", "ignore").translate(None, not_in[table]))
            elif block in high:
                if block not in in_block:
                    in_block[block] = int.from_bytes(high.translate(in_block_tables[block]))
                low = utf16[1::2] if low is None else low
                n += (in_block[block] & int.from_bytes(low.translate(table))).bit_count()
        counts[name] = n
    return counts


def detect_language(text: str) -> str:
    """The language of a source text: ISO 639-1 code, "und" when Latin-script and unclear.

    Script decides (kana → ja, Hangul → ko, Han → zh, Cyrillic → ru or uk…); among
    Latin-script languages the most frequent function words decide."""
    sample = text[:5000]
    scripts = _script_counts(sample)
    scripts = +scripts  # drop the scripts with no letter
    if not scripts:
        return "und"
    top = scripts.most_common(1)[0][0]
    others = [(n, s) for s, n in scripts.items() if s != "LATIN"]
    if others and sum(n for n, _ in others) >= 0.2 * sum(scripts.values()):
        top = max(others)[1]  # Latin-script names and codes in a Japanese or Russian text
        kana = scripts["HIRAGANA"] + scripts["KATAKANA"]
        if kana and top in ("CJK", "HIRAGANA", "KATAKANA"):
            return "ja"
    if scripts["HIRAGANA"] + scripts["KATAKANA"] > 0.05 * (scripts["CJK"] + 1) and (
            top in ("CJK", "HIRAGANA", "KATAKANA")):
        return "ja"
    if top == "CJK":
        return "zh"
    if top == "HANGUL":
        return "ko"
    if top == "CYRILLIC":
        return "uk" if re.search(r"[іїєґ]", sample) else "ru"
    if top != "LATIN":
        return {"ARABIC": "ar", "HEBREW": "he", "GREEK": "el", "THAI": "th", "DEVANAGARI": "hi"}.get(top, top.lower())
    votes: Counter = Counter()
    stop = stopwords()
    for w in _LATIN_WORD.findall(sample.lower()):
        for lang in stop.get(w, ()):
            # A source is rarely English: its function words weigh less, so "in" or "a" do not decide.
            votes[lang] += 0.5 if lang == "en" else 1
    return votes.most_common(1)[0][0] if votes else "und"


# -- the language data ---------------------------------------------------------------------
@lru_cache(maxsize=None)
def _words() -> dict[tuple[str, str], dict[str, str]]:
    table: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in data_rows("source_words.tsv"):
        table[(row["kind"], row["lang"])][row["word"]] = row["value"] or ""
    return dict(table)


def words(kind: str, lang: str) -> dict[str, str]:
    """word → value for one kind of word in one language (empty for a language without data)."""
    return _words().get((kind, lang), {})


@lru_cache(maxsize=None)
def stopwords() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for (kind, lang), table in _words().items():
        if kind == "stopword":
            for w in table:
                out[w].append(lang)
    return {w: tuple(langs) for w, langs in out.items()}


@lru_cache(maxsize=None)
def equivalents() -> dict[str, tuple[str, ...]]:
    """Source acronym or name → its accepted English renderings (mtcheck/data/source_equivalents.tsv)."""
    return {row["source"]: tuple(t for t in (row["target"] or "").split("|") if t)
            for row in data_rows("source_equivalents.tsv")}


@lru_cache(maxsize=None)
def _translit() -> dict[str, str]:
    return {row["cyrillic"]: row["latin"] or "" for row in data_rows("source_translit.tsv")}


def transliterate(text: str) -> str:
    """Cyrillic letters to Latin (mtcheck/data/source_translit.tsv); other characters unchanged."""
    table = _translit()
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            latin = table[low]
            out.append(latin.capitalize() if ch != low and len(latin) > 1 else latin.upper() if ch != low else latin)
        else:
            out.append(ch)
    return "".join(out)
