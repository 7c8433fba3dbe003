"""Capitalization and quotation-mark rules: broken sentence structure MT leaves behind."""

from __future__ import annotations

import re
from functools import lru_cache

from ..finding import Severity
from ..resources import data_lines
from .base import Rule


@lru_cache(maxsize=None)
def function_words() -> frozenset[str]:
    return frozenset(data_lines("function_words.txt"))


_AFTER_SEMICOLON = re.compile(r";[ \t\u00a0]+([^\W\d_][\w’'-]*)")


def _mid_sentence_capitalised(doc, word: str) -> bool:
    """True when `word` appears capitalised somewhere that is not a sentence start: a name."""
    for s in doc.sentences:
        for tok in s.tokens[1:]:
            if tok.text == word and doc.prose[tok.start - 2:tok.start].strip() not in (";", ":"):
                return True
    return False


class CapitalAfterSemicolon(Rule):
    """A capital letter right after a semicolon.

    A semicolon joins two clauses of one sentence, so the word after it is lowercase unless
    it is a proper noun, "I" or an acronym. Machine translation often splits and rejoins
    sentences and leaves the capital behind ("…a NATO member; And maybe Iran").
    The rule flags a capitalised function word, or a capitalised word that the same text
    also uses in lowercase and never capitalised mid-sentence.
    """

    code = "MT401"
    name = "capital-after-semicolon"
    category = "Fluency/Capitalization"
    severity = Severity.MINOR
    fixable = True

    def check(self, doc, ctx):
        prose = doc.prose
        lower_words = None
        for m in _AFTER_SEMICOLON.finditer(prose):
            word = m.group(1)
            if not word[0].isupper() or word == "I" or word.isupper() and len(word) > 1:
                continue
            lower = word.lower()
            if lower in function_words():
                confidence = 0.9
            else:
                if lower_words is None:
                    lower_words = {t.text for t in doc.tokens if t.text.islower()}
                if lower not in lower_words or _mid_sentence_capitalised(doc, word):
                    continue
                confidence = 0.7
            start = m.start(1)
            yield self.finding(
                start, m.end(1),
                f"“{word}” is capitalised after a semicolon",
                [word[0].lower() + word[1:]],
                confidence=confidence,
            )


_CURLY_OPEN, _CURLY_CLOSE = "“", "”"


def _straight_opens(text: str, i: int) -> bool:
    """A straight double quote opens when nothing word-like stands right before it."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/"


def _quote_events(text: str, start: int, end: int):
    """Yield (offset, kind) for double quotes in text[start:end], kind 'open' or 'close'."""
    for i in range(start, end):
        c = text[i]
        if c == _CURLY_OPEN:
            yield i, "open"
        elif c == _CURLY_CLOSE:
            yield i, "close"
        elif c == '"':
            yield i, "open" if _straight_opens(text, i) else "close"


class UnbalancedQuotes(Rule):
    """Unbalanced or mismatched double quotation marks in a paragraph.

    Every opening mark needs a closing one in the same paragraph, with one news convention:
    a quotation that runs over several paragraphs reopens each new paragraph with an
    opening mark and leaves the previous one unclosed. Straight and curly quotes are both
    read; a curly opening mark closed by a straight one is reported as mismatched.
    """

    code = "MT403"
    name = "unbalanced-quotes"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR

    def check(self, doc, ctx):
        prose = doc.prose
        paras = doc.paragraphs
        for index, para in enumerate(paras):
            stack: list[int] = []
            for offset, kind in _quote_events(prose, para.start, para.end):
                if kind == "open":
                    if stack:
                        # Double quotes don't nest in English: the earlier one was never closed.
                        yield self.finding(stack[-1], stack[-1] + 1,
                                           "quotation mark is not closed before the next one opens",
                                           confidence=0.6)
                        stack.pop()
                    stack.append(offset)
                else:
                    if not stack:
                        yield self.finding(offset, offset + 1, "closing quotation mark without an opening one",
                                           confidence=0.7)
                        continue
                    opened = stack.pop()
                    if (prose[opened] == _CURLY_OPEN) != (prose[offset] == _CURLY_CLOSE):
                        yield self.finding(offset, offset + 1,
                                           "quotation marks do not match (curly opening, straight closing or the reverse)",
                                           [_CURLY_CLOSE if prose[opened] == _CURLY_OPEN else '"'],
                                           confidence=0.8)
            if stack:
                nxt = paras[index + 1] if index + 1 < len(paras) else None
                continues = nxt is not None and prose[nxt.start] in (_CURLY_OPEN, '"')
                if not continues:
                    yield self.finding(stack[0], stack[0] + 1,
                                       "quotation mark is never closed in this paragraph",
                                       confidence=0.75)


RULES = (CapitalAfterSemicolon, UnbalancedQuotes)
