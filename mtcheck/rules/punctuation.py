"""Capitalization and quotation-mark rules: broken sentence structure MT leaves behind."""

from __future__ import annotations

import re

from ..finding import Severity
from ..english import WRAPPED_SPACE as _SPACE, function_words
from ..people import speech_verbs, surname_words
from ..quotes import CLOSE_CURLY, OPEN_CURLY, STRAIGHT, continues_quote, quote_marks
from .base import Rule

_AFTER_SEMICOLON = re.compile(rf";{_SPACE}([^\W\d_][\w’'-]*)(?:{_SPACE}([\w“\"]))?")


def _lowercase(word: str) -> str:
    return word[0].lower() + word[1:]


class CapitalAfterSemicolon(Rule):
    """A capital letter right after a semicolon.

    A semicolon joins two clauses of one sentence, so the word after it is lowercase unless
    it is a proper noun, "I" or an acronym. Machine translation often splits and rejoins
    sentences and leaves the capital behind ("…a NATO member; And maybe Iran").
    The rule flags a capitalised function word, or a capitalised word that the same text
    also uses in lowercase and never capitalised mid-sentence. A quoted start ("; “We …")
    is left alone, and so is a word that may be a name when a capital or a number follows
    ("; May 5", "; Will Smith", "; Rose Tan").
    """

    code = "MT401"
    name = "capital-after-semicolon"
    category = "Fluency/Capitalization"
    severity = Severity.MINOR
    fixable = True

    def check(self, doc, ctx):
        prose = doc.prose
        lower_words = None
        names = None
        for m in _AFTER_SEMICOLON.finditer(prose):
            word, following = m.group(1), m.group(2) or ""
            if not word[0].isupper() or word == "I" or word.startswith(("I’", "I'")) or word.isupper():
                continue
            lower = word.lower()
            name_like = following[:1].isupper() or following[:1].isdigit()
            if lower in function_words() and not (lower in surname_words() and name_like):
                confidence = 0.9
            else:
                if name_like:
                    continue
                if lower_words is None:
                    lower_words = {t.text for t in doc.tokens if t.text.islower()}
                    names = doc.midsentence_capitals
                if lower not in lower_words or any(at != m.start(1) for at in names.get(word, ())):
                    continue
                confidence = 0.7
            yield self.finding(m.start(1), m.end(1), f"“{word}” is capitalised after a semicolon",
                               [_lowercase(word)], confidence=confidence)


_CLAUSE_END = re.compile(rf"{_SPACE}(\w+)|([.,;:])")


class CapitalisedAttribution(Rule):
    """A capitalised attribution after a quotation that ends in ?, ! or a comma.

    In “Can’t they stop for a day or two?” she said. the question mark ends the quotation,
    not the sentence, so the attribution goes on in lowercase. MT writes "?” She said." The
    rule flags a capitalised pronoun followed by a speech verb ("She said", "He added"), or a
    capitalised speech verb ("?” Said the minister"), right after such a quotation. After ?
    or ! the attribution must end there or go on with a function word ("She asked him"), so a
    new sentence such as "?” He said nothing." is left alone.
    """

    code = "MT402"
    name = "capitalised-attribution"
    category = "Fluency/Capitalization"
    severity = Severity.MINOR
    fixable = True

    _PATTERN = re.compile(rf"([?!,])[”\"]{_SPACE}(?:(He|She|They|We|It|You){_SPACE})?([A-Za-z]+)")

    def check(self, doc, ctx):
        prose = doc.prose
        verbs = speech_verbs()
        for m in self._PATTERN.finditer(prose):
            mark, pronoun, verb = m.group(1), m.group(2), m.group(3)
            if pronoun:
                if verb not in verbs:
                    continue
                start, end, word = m.start(2), m.end(2), pronoun
            else:
                if verb.lower() not in verbs or not verb[0].isupper():
                    continue
                start, end, word = m.start(3), m.end(3), verb
            if mark != "," and not _attribution_ends(prose, m.end(3)):
                continue
            yield self.finding(start, end,
                               f"“{word}” starts an attribution after “{mark}” and the closing quotation mark: lowercase",
                               [_lowercase(word)], confidence=0.9 if mark == "," else 0.8)


def _attribution_ends(prose: str, offset: int) -> bool:
    """After the speech verb: punctuation, or a function word, name or pronoun ("asked him")."""
    m = _CLAUSE_END.match(prose, offset)
    if m is None:
        return offset >= len(prose.rstrip())
    word = m.group(1)
    return word is None or word.lower() in function_words() or word[0].isupper()


class UnbalancedQuotes(Rule):
    """Unbalanced or mismatched double quotation marks in a paragraph.

    Every opening mark needs a closing one in the same paragraph, with one news convention:
    a quotation that runs over several paragraphs reopens each new paragraph with an
    opening mark and leaves the previous one unclosed. Straight and curly quotes are both
    read (a straight mark by what stands around it); a curly opening mark closed by a straight
    one, or a curly mark turned the wrong way (”Yes,” …), is reported as mismatched. Single
    quotes are not checked: they double as apostrophes.

    An unclosed quotation is reported where its closing mark probably belongs: before the
    attribution that follows it (“…any price, he said” → “price,”” ), else at the end of the
    paragraph or before the next opening mark; the message names the opening mark's line.
    """

    code = "MT403"
    name = "unbalanced-quotes"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR

    def check(self, doc, ctx):
        prose = doc.prose
        paras = doc.paragraphs
        for index, para in enumerate(paras):
            opened = None
            for mark in quote_marks(prose, para.start, para.end):
                if mark.wrong_glyph:
                    right = OPEN_CURLY if mark.opens else CLOSE_CURLY
                    yield self.finding(mark.offset, mark.offset + 1,
                                       f"“{mark.char}” is turned the wrong way for {'an opening' if mark.opens else 'a closing'} quotation mark",
                                       [right], confidence=0.75)
                if mark.opens:
                    if opened is not None:
                        # Double quotes don't nest in English: the earlier one was never closed.
                        yield self._unclosed(doc, opened, mark.offset, "before the next one opens", 0.6)
                    opened = mark
                    continue
                if opened is None:
                    yield self.finding(mark.offset, mark.offset + 1, "closing quotation mark without an opening one",
                                       confidence=0.7)
                    continue
                if not mark.wrong_glyph and not opened.wrong_glyph and (opened.char == STRAIGHT) != (mark.char == STRAIGHT):
                    right = STRAIGHT if opened.char == STRAIGHT else CLOSE_CURLY
                    yield self.finding(mark.offset, mark.offset + 1,
                                       "quotation marks do not match (curly opening, straight closing or the reverse)",
                                       [right], confidence=0.8)
                opened = None
            if opened is not None:
                nxt = paras[index + 1] if index + 1 < len(paras) else None
                if nxt is None or not continues_quote(prose, nxt.start):
                    yield self._unclosed(doc, opened, para.end, "in this paragraph", 0.75)

    def _unclosed(self, doc, opened, limit: int, where: str, confidence: float):
        line, column = doc.position(opened.offset)
        close = STRAIGHT if opened.char == STRAIGHT else CLOSE_CURLY
        spot = _closing_spot(doc, opened.offset + 1, limit)
        if spot is None:
            return self.finding(opened.offset, opened.offset + 1,
                                f"quotation mark is never closed {where}", confidence=confidence)
        start, end = spot
        word = doc.prose[start:end]
        return self.finding(start, end,
                            f"the quotation opened at {line}:{column} is never closed {where}; "
                            f"the closing mark probably belongs after “{word}”",
                            [word + close], confidence=confidence - 0.1)


_TRAILING_PUNCT = re.compile(r"[.,!?…]*")


def _closing_spot(doc, start: int, limit: int) -> tuple[int, int] | None:
    """Where the closing mark of a quotation opened before `start` probably belongs: the word
    (with its punctuation) before an attribution (", he said", ", said Ms Odhiambo",
    ", the statement said"), else the last word before `limit`."""
    prose = doc.prose
    tokens = doc.tokens_within(start, limit)
    verbs = speech_verbs()
    for k, tok in enumerate(tokens[:-1]):
        gap = prose[tok.end:tokens[k + 1].start]
        if not gap.strip() or gap.strip()[0] not in ",?!" or gap.strip().strip(",?!"):
            continue
        if any(t.text in verbs for t in tokens[k + 1:k + 5]):
            follow = tokens[k + 1:k + 5]
            upto = next(i for i, t in enumerate(follow) if t.text in verbs)
            if all(prose[a.end:b.start] in (" ", ". ") for a, b in zip(follow[:upto], follow[1:upto + 1])):
                return tok.start, tok.end + _TRAILING_PUNCT.match(prose, tok.end).end() - tok.end
    if not tokens:
        return None
    last = tokens[-1]
    return last.start, last.end + _TRAILING_PUNCT.match(prose, last.end).end() - last.end


RULES = (CapitalAfterSemicolon, CapitalisedAttribution, UnbalancedQuotes)
