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
from itertools import repeat
from pathlib import Path
from typing import Iterator, NamedTuple

from . import markdown
from .english import WHITESPACE, WORD, token_spans
from .resources import data_lines

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"}) | MARKDOWN_SUFFIXES

_UTF8_BOM = b"\xef\xbb\xbf"
# UTF-32 first: its little-endian mark starts with UTF-16's.
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
WIDE_BOMS = tuple(bom for bom, _ in _WIDE_BOMS)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)[ \t\u00a0]*(?:(?:\r\n|\r|\n)[ \t\u00a0]*)+")
# A sentence ends at . ! ? … (plus closing quotes/brackets) before whitespace and a capital,
# digit or opening quote.
# The lookbehind makes a run of dots one attempt, not one per dot (quadratic on "......"). It
# stands after the first mark, not before it: a pattern that opens with a character set is
# searched for by that set, 4× faster than trying the whole pattern at every character.
_SENTENCE_END = re.compile(r"[.!?…](?<![.!?…]{2})[.!?…]*[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*[^\W\d_a-z]|\s+\d)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


# Documents longer than this (in characters) are checked in parts; news articles are far shorter.
SECTION_CHARS = 1_000_000


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
        if not isinstance(text, str):  # the one door every checked text comes through (library callers)
            hint = " (decode the bytes first)" if isinstance(text, (bytes, bytearray)) else ""
            raise TypeError("the text to check must be a str or a mtcheck.Document, "
                            f"not {type(text).__name__}{hint}")
        self.text = text
        self.path = path
        self.markdown = Path(path).suffix.lower() in MARKDOWN_SUFFIXES if markdown is None else markdown
        self.encoding = encoding
        self.bom = bom
        # The source-language original this text translates, when the run has one.
        self.source: Document | None = None

    @classmethod
    def from_bytes(cls, data: bytes, path: str, *, encoding: str | None = None,
                   markdown: bool | None = None) -> Document:
        """Decode a file: UTF-8 (a BOM allowed) unless `encoding` names another; a UTF-16/32
        byte-order mark is honoured when no encoding is given. Raises InputError."""
        if encoding is None:
            for bom, wide in _WIDE_BOMS:
                if data.startswith(bom):
                    encoding = wide  # the codec reads the BOM and its byte order
                    break
        if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
            bom = data.startswith(_UTF8_BOM)
            body = data[len(_UTF8_BOM):] if bom else data
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as err:
                at = err.start + (len(_UTF8_BOM) if bom else 0)
                line = data.count(b"\n", 0, at) + 1
                raise InputError(f"{path}: not valid UTF-8 at byte {at} (line {line}); "
                                 "use --encoding to name the file's encoding") from None
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

    # -- sections of a big document ---------------------------------------------------------
    def sections(self, size: int = SECTION_CHARS) -> Iterator[tuple[int, Document]]:
        """(offset, part) pieces of at most `size` characters, cut at paragraph breaks if possible.

        Rules run on one part at a time so memory stays bounded on huge files (tokens cost
        far more than text). Each part keeps the whole document's prose mask, so a code
        block that crosses a cut stays masked. A document within `size` is its own part.
        """
        n = len(self.text)
        if n <= size:
            yield 0, self
            return
        prose, spans, start = self.prose, self.non_prose, 0
        span_ends = [e for _, e in spans]
        while start < n:
            end = n if n - start <= size else _cut(prose, start + size // 2, start + size)
            part = Document(self.text[start:end], self.path, markdown=self.markdown,
                            encoding=self.encoding, bom=self.bom)
            part.prose = prose[start:end]
            first = bisect.bisect_right(span_ends, start)  # the first span ending inside the part
            clipped = []
            for s, e in spans[first:]:
                if s >= end:
                    break
                clipped.append((max(s, start) - start, min(e, end) - start))
            part.non_prose = clipped
            yield start, part
            start = end

    # -- structure -------------------------------------------------------------------------
    @cached_property
    def non_prose(self) -> list[tuple[int, int]]:
        return markdown.merge_spans(markdown.non_prose_spans(self.text, self.markdown))

    def crosses_non_prose(self, start: int, end: int) -> bool:
        """Whether [start, end) takes in part of a non-prose span (markup, code, a URL) and
        something else: prose beside it ("Ms. **Asked"), or more than one. A span inside one
        non-prose span (a URL that MT502 replaces with the source's) is not crossing it."""
        spans = self.non_prose
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1  # the last span starting at or before start
        if i >= 0 and spans[i][1] > start:
            return end > spans[i][1]  # begins inside it: crosses unless it ends inside it too
        return i + 1 < len(spans) and spans[i + 1][0] < end

    @cached_property
    def prose(self) -> str:
        return markdown.mask(self.text, self.non_prose)

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Blocks of prose separated by blank lines (masked code counts as blank); in Markdown,
        each cell of a table too."""
        prose = self.prose
        out = []
        pos = 0
        for m in _BLANK_LINES.finditer(prose):
            out.append((pos, m.start()))
            pos = m.end()
        out.append((pos, len(prose)))
        cuts = sorted({x for cell in markdown.table_cells(self.text) for x in cell}) if self.markdown else []
        if cuts:
            blocks, out = out, []
            for s, e in blocks:
                inner = [c for c in cuts if s < c < e]
                out += zip([s, *inner], [*inner, e])
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
        # Tuples made in C from token_spans: the Token class only names their fields.
        return tuple(map(tuple.__new__, repeat(Token), zip(*token_spans(WORD, self.prose))))

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
    def sentence_initials(self) -> frozenset[int]:
        """Offsets of each sentence's first word (a capital there says nothing about names)."""
        return frozenset(s.tokens[0].start for s in self.sentences if s.tokens)

    @cached_property
    def headlines(self) -> frozenset[int]:
        """Starts of the sentences that are headlines, not sentences: a Markdown heading (a "#"
        line, or a line over a setext underline "===" or "---"), or a line that looks like one
        (english.looks_like_headline). Their capitals say nothing of names, and the model does
        not judge their words. Each line is judged once."""
        from .english import looks_like_headline

        text = self.text
        breaks = [m.start() for m in re.finditer("\n", text)]
        verdicts: dict[int, bool] = {}  # line number -> a headline
        out = set()
        for sentence in self.sentences:
            n = bisect.bisect_left(breaks, sentence.start)
            verdict = verdicts.get(n)
            if verdict is None:
                line = text[breaks[n - 1] + 1 if n else 0:breaks[n] if n < len(breaks) else len(text)].strip()
                under = "" if n >= len(breaks) else text[breaks[n] + 1:breaks[n + 1] if n + 1 < len(breaks) else None]
                heading = self.markdown and (line.startswith("#") or bool(
                    line and markdown.SETEXT_UNDERLINE.fullmatch(under.rstrip("\r"))))
                verdict = verdicts[n] = heading or looks_like_headline(line)
            if verdict:
                out.add(sentence.start)
        return frozenset(out)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def tokens_within(self, start: int, end: int) -> tuple[Token, ...]:
        """The tokens wholly inside [start, end), found by bisection (not a scan of every token)."""
        lo = bisect.bisect_left(self._token_starts, start)
        hi = bisect.bisect_left(self._token_starts, end)
        found = self.tokens[lo:hi]
        return found[:-1] if found and found[-1].end > end else found

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


def _cut(prose: str, lo: int, hi: int) -> int:
    """Where to end a part within prose[lo:hi]: after the last paragraph break, else line break,
    else space; a hard cut at `hi` only when the window has none of them."""
    for pattern in (_BLANK_LINES, _NEWLINE, WHITESPACE):
        last = None
        for last in pattern.finditer(prose, lo, hi):
            pass
        if last is not None:
            return last.end()
    return hi


@lru_cache(maxsize=None)
def _abbreviations() -> frozenset[str]:
    return frozenset(data_lines("abbreviations.txt"))


def _split_sentences(text: str, start: int, end: int):
    """Yield sentence spans in text[start:end]; abbreviations and initials don't end one."""
    abbreviations = _abbreviations()
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == ".":
            before = _WORD_BEFORE.search(text[max(start, m.start() - 20):m.start()])
            word = before.group(1) if before else ""
            if word.lower() in abbreviations or (len(word) == 1 and word.isupper()):
                continue
        yield pos, m.end()
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        yield pos, end
