"""The document model: one decoded text per file, analysed once and shared by every rule.

Offsets everywhere are 0-based code points into `Document.text`, the decoded file with its
line endings untouched (a UTF-8 BOM is not part of the text; `Document.bom` remembers it).
Rules read `Document.prose`: the same text with code, markup and URLs blanked out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from . import markdown
from .resources import data_lines

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"}) | MARKDOWN_SUFFIXES

_NEWLINE = re.compile(r"\r\n|\r|\n")
# A word: letters/digits with inner apostrophes or hyphens ("Nagorno-Karabakh", "Azeri’s").
WORD = re.compile(r"[\w\u0300-\u036f]+(?:[’'\-‐][\w\u0300-\u036f]+)*")
_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)[ \t\u00a0]*(?:(?:\r\n|\r|\n)[ \t\u00a0]*)+")
# A sentence ends at . ! ? … (plus closing quotes/brackets) before whitespace and a capital,
# digit or opening quote.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*[^\W\d_a-z]|\s+\d)")


class InputError(Exception):
    """Bad input the user must hear about in one clear line (exit code 2)."""


class Token(NamedTuple):
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int


class Document:
    """A decoded text with positions, paragraphs, sentences and word tokens."""

    def __init__(self, text: str, path: str = "<text>", *, markdown: bool | None = None,
                 encoding: str = "utf-8", bom: bool = False):
        self.text = text
        self.path = path
        self.markdown = Path(path).suffix.lower() in MARKDOWN_SUFFIXES if markdown is None else markdown
        self.encoding = encoding
        self.bom = bom

    @classmethod
    def from_bytes(cls, data: bytes, path: str, *, encoding: str | None = None,
                   markdown: bool | None = None) -> Document:
        bom = data.startswith(b"\xef\xbb\xbf")
        if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{path}: not valid UTF-8 at byte {err.start} (use --encoding to name the file's encoding)"
                ) from None
            return cls(text, path, markdown=markdown, encoding="utf-8", bom=bom)
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: cannot be decoded as {encoding} at byte {err.start}") from None
        return cls(text, path, markdown=markdown, encoding=encoding, bom=False)

    # -- positions -------------------------------------------------------------------------
    @cached_property
    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _NEWLINE.finditer(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based offset; columns count code points."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        # An offset between \r and \n belongs to the line the \r ends.
        return line + 1, offset - self.line_starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    @cached_property
    def newline(self) -> str:
        m = _NEWLINE.search(self.text)
        return m.group() if m else "\n"

    # -- structure -------------------------------------------------------------------------
    @cached_property
    def non_prose(self) -> list[tuple[int, int]]:
        return markdown.merge_spans(markdown.non_prose_spans(self.text, self.markdown))

    @cached_property
    def prose(self) -> str:
        return markdown.mask(self.text, self.non_prose)

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Blocks of prose separated by blank lines (masked code counts as blank)."""
        prose = self.prose
        out = []
        pos = 0
        for m in _BLANK_LINES.finditer(prose):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, len(prose)))
        paras = []
        for s, e in out:
            while s < e and prose[s].isspace():
                s += 1
            while e > s and prose[e - 1].isspace():
                e -= 1
            if s < e:
                paras.append(Paragraph(s, e))
        return tuple(paras)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(Token(m.start(), m.end(), m.group()) for m in WORD.finditer(self.prose))

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        prose = self.prose
        tokens = self.tokens
        starts = [t.start for t in tokens]
        out = []
        for p_index, para in enumerate(self.paragraphs):
            for s, e in _split_sentences(prose, para.start, para.end):
                lo = bisect.bisect_left(starts, s)
                hi = bisect.bisect_left(starts, e)
                out.append(Sentence(s, e, p_index, tokens[lo:hi]))
        return tuple(out)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def sentence_at(self, offset: int) -> Sentence | None:
        sents = self.sentences
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and sents[i].start <= offset < sents[i].end:
            return sents[i]
        return None

    def paragraph_index(self, offset: int) -> int:
        """Index of the paragraph holding `offset`, or of the one before it."""
        return max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)

    @cached_property
    def word_count(self) -> int:
        return sum(1 for t in self.tokens if not t.text.isdigit())

    def is_prose(self, start: int, end: int) -> bool:
        """True when no character of [start, end) is masked (code, markup, URL)."""
        i = bisect.bisect_right(self.non_prose, (start, float("inf"))) - 1
        for s, e in self.non_prose[max(0, i - 1):]:
            if s >= end:
                break
            if s < end and start < e:
                return False
        return True


@lru_cache(maxsize=None)
def _abbreviations() -> frozenset[str]:
    return frozenset(data_lines("abbreviations.txt"))


def _split_sentences(text: str, start: int, end: int):
    """Yield sentence spans in text[start:end]; abbreviations and initials don't end one."""
    abbreviations = _abbreviations()
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == ".":
            before = re.search(r"([\w.]+)$", text[max(start, m.start() - 20):m.start()])
            word = before.group(1) if before else ""
            if word.lower() in abbreviations or (len(word) == 1 and word.isupper()):
                continue
        yield pos, m.end()
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        yield pos, end
