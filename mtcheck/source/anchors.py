"""Latin-script tokens that a translation keeps: URLs, e-mail addresses, acronyms, product
codes and, in a non-Latin source, every Latin-script name ("iPhone", "OpenAI").

An anchor is rendered when the target has it (URLs and e-mails exactly, apart from case; an
acronym as written), an accepted equivalent from `mtcheck/data/source_equivalents.tsv`
(OTAN → NATO, ООН → UN), its Cyrillic transliteration (ФСБ → FSB), or, for an acronym, words
whose initials spell it (WHO → World Health Organization).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from functools import lru_cache

from .lang import blocks, equivalents, script, transliterate

# URL characters are ASCII (RFC 3986), so a URL ends where CJK text goes on without a space.
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#@!$&*+,;=%]"
URL = re.compile(rf"(?:https?://|www\.){_URL_CHARS}+")
# A bare domain (gosuslugi.ru, www-less); what may not precede it is checked in code (see _after).
DOMAIN = re.compile(rf"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{{2,6}}(?:/{_URL_CHARS}*)?(?![A-Za-z0-9@-])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# All capitals, 2+ letters, maybe with digits, dots or & (NATO, EE.UU., AT&T, G20) — Latin or Cyrillic.
ACRONYM = re.compile(r"(?:[A-ZА-ЯЁ](?:[A-ZА-ЯЁ0-9&]|\.(?=[A-ZА-ЯЁ]))+"
                     r"(?:(?<=[A-ZА-ЯЁ]\.[A-ZА-ЯЁ])\.|(?<=[A-ZА-ЯЁ]\.[A-ZА-ЯЁ]{2})\.)?)(?![A-Za-zА-Яа-яЁё0-9&])")
# A code with a letter next to a digit (A350, H5N1, G20; "iPhone 15" is a name and a number).
CODE = re.compile(r"(?:[A-Za-z]+[0-9]|[0-9]+[A-Za-z])[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9-])")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*(?![A-Za-z0-9@/-])")


def _after(pattern: re.Pattern, text: str, not_after: str):
    """Matches not preceded by a character of `not_after`: the patterns start with a character
    class, which the regex engine scans for fast (a leading lookbehind is tried everywhere)."""
    for m in pattern.finditer(text):
        if m.start() and text[m.start() - 1] in not_after:
            continue
        yield m


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_ASCII_NOT_LETTER = bytes(c for c in range(128) if not chr(c).isalpha())
# A dot before a lowercase letter: a pattern led by a literal is scanned for fastest; the
# character before the dot ([a-z0-9]) is tested in _domains.
_DOT_LETTER = re.compile(r"\.[a-z]")
_DOMAIN_CHAR = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DOMAIN_HEAD = re.compile(r"[a-z0-9-.]*$")


_LETTER_DIGIT = re.compile(r"[A-Za-z][0-9]|[0-9][A-Za-z]")
_CODE_HEAD = re.compile(r"[A-Za-z0-9-]*$")


def _letter_digits(text: str):
    """Where _LETTER_DIGIT's matches start, as its finditer finds them, read from the ASCII digit
    runs: a letter meets a run only just before its first digit or just after its last."""
    end = -1  # where the last match ends: finditer's matches do not overlap
    n = len(text)
    for run in _ASCII_DIGITS.finditer(text):
        a, b = run.span()
        if a > end and a and _is_ascii_letter(text[a - 1]):
            yield a - 1
            end = a + 1
        if b - 1 >= end and b < n and _is_ascii_letter(text[b]):
            yield b - 1
            end = b + 1


_ASCII_DIGITS = re.compile(r"[0-9][0-9]*")  # one class first: scanned for fast


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _codes(text: str):
    """Codes: found where a letter meets a digit, which is rare, then read whole."""
    last = -1
    for at in _letter_digits(text):
        if at < last:
            continue
        start = _CODE_HEAD.search(text, max(0, at - 30), at + 1).start()
        while start < at and not text[start].isalnum():
            start += 1
        if start and text[start - 1] in _ALNUM + "-":
            continue
        m = CODE.match(text, start)
        if m:
            last = m.end()
            yield m


def _domains(text: str):
    """Bare domains: found from their dots ("gov.cn"), which are rare, then read whole."""
    last = -1
    previous = 0  # where the last "x.y" ends: the ones kept overlap no other, as finditer's
    for hit in _DOT_LETTER.finditer(text):
        first = hit.start() - 1  # the "x.y" ([a-z0-9]\.[a-z]) starts before the dot
        if first < previous or text[first] not in _DOMAIN_CHAR:
            continue
        previous = first + 3
        if first < last:
            continue
        head = _DOMAIN_HEAD.search(text, max(0, first - 60), first + 1)
        start = head.start()
        while start < first and not text[start].isalnum():
            start += 1
        if start and text[start - 1] in _ALNUM + "@.-":
            continue
        m = DOMAIN.match(text, start)
        if m:
            last = m.end()
            yield m
_CYRILLIC = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_TRAILING = ".,;:!?)]}\"'’”»"
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "de", "la", "du", "des", "der", "für", "on", "in", "&"})
# A domain's last label must be a real top-level domain shape, not an abbreviation (z.B., d.h.).
_NOT_DOMAINS = re.compile(r"^(?:[a-z]\.)+[a-z]?$")


# Digits and a few lowercase letters are no code a translation keeps but an ordinal, a time or
# a measure, which it translates: 1er, 3e, 2nd, 10h, 14h30, 10km, 5nm.
_NOT_CODE = re.compile(r"[0-9]+[a-z]{1,4}[0-9]{0,2}$")


class Anchor(NamedTuple):
    kind: str  # "url", "email", "acronym", "code", "name"
    text: str
    start: int
    end: int


def _url_end(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in _TRAILING:
        e -= 1
    return e


def find_anchors(text: str, source_latin: bool) -> list[Anchor]:
    """Anchors in a text. In a Latin-script source (`source_latin`) only URLs, e-mails,
    standalone acronyms and codes count: its other words are translated. Elsewhere every
    Latin-script word is an anchor too."""
    out: list[Anchor] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, s: int, e: int) -> None:
        if s < e and not any(a < e and s < b for a, b in taken):
            out.append(Anchor(kind, text[s:e], s, e))
            taken.append((s, e))

    for m in (EMAIL.finditer(text) if "@" in text else ()):
        add("email", m.start(), _url_end(text, m.start(), m.end()))
    for m in (URL.finditer(text) if "http" in text or "www." in text else ()):
        add("url", m.start(), _url_end(text, m.start(), m.end()))
    if not text.encode("ascii", "ignore").translate(None, _ASCII_NOT_LETTER) and 0x04 not in blocks(text):
        # The patterns below all need an ASCII letter, or a Cyrillic capital for an acronym:
        # a text with neither (a Chinese source, often) is not scanned for them.
        return sorted(out, key=lambda a: a.start)
    for m in _domains(text):
        e = _url_end(text, m.start(), m.end())
        if _NOT_DOMAINS.match(text[m.start():e]) or "." not in text[m.start():e]:
            continue
        add("url", m.start(), e)
    for m in _after(ACRONYM, text, _ALNUM + _CYRILLIC + ".&-"):
        s, e = m.start(), m.end()
        # A compound (EU-Kommission, NATO-Staaten) is translated as a whole.
        if text[e:e + 1] == "-" and text[e + 1:e + 2].isalpha() or text[s - 1:s] == "-":
            continue
        if len(text[s:e].rstrip(".")) >= 2:
            add("acronym", s, e)
    for m in _codes(text):  # A350, H5N1, G20
        if not _NOT_CODE.match(m.group()):
            add("code", m.start(), m.end())
    if not source_latin:
        for m in _after(LATIN_WORD, text, _ALNUM + "@./-"):
            add("name", m.start(), m.end())
    return sorted(out, key=lambda a: a.start)


def spelled_out(acronym: str, target: str) -> bool:
    """True when consecutive target words have the acronym's letters as initials."""
    letters = re.sub(r"[^A-Za-z]", "", acronym).upper()
    return len(letters) >= 2 and letters in _initials_of(target)


def _initials_of(text: str) -> str:
    """The initials of the text's words, small words left out ("World Health Organization" → WHO)."""
    return "".join(w[0].upper() for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in _SMALL_WORDS)


def renderings(anchor: Anchor) -> tuple[str, ...]:
    """The forms of an anchor a translation may use (itself first)."""
    return _renderings(anchor.text)


@lru_cache(maxsize=4096)
def _renderings(text: str) -> tuple[str, ...]:
    forms = [text]
    eq = equivalents()
    for key in (text, text.rstrip("."), text.replace(".", "")):
        forms += eq.get(key, ())
    if any(script(c) == "CYRILLIC" for c in text):
        forms.append(transliterate(text))
    return tuple(dict.fromkeys(forms))


_WORD_CHAR = re.compile(r"\w")


def rendered_in(anchor: Anchor, target: str, source_latin: bool = True) -> bool:
    """Does `target` render this source anchor? An acronym must keep its capitals, except one of
    three letters or more from a non-Latin source (Chinese writes APP, CEO: "app" renders it)."""
    if anchor.kind in ("url", "email"):
        return anchor.text.lower() in target.lower()
    low = target.lower()
    for form in renderings(anchor):
        if not form or form.lower() not in low:  # the regex only confirms what a substring test finds
            continue
        keep_case = anchor.kind == "acronym" and form.isupper() and (source_latin or len(form) < 3)
        flags = 0 if keep_case else re.I
        # A word boundary is asked for only at a word character: "$" renders USD in "$93 billion".
        before = r"(?<![\w])" if _WORD_CHAR.match(form) else ""
        after = r"(?![\w])" if _WORD_CHAR.match(form[-1]) else ""
        if re.search(rf"{before}{re.escape(form)}{after}", target, flags):
            return True
    if anchor.kind == "acronym" and all(script(c) in ("LATIN", "") for c in anchor.text):
        return spelled_out(anchor.text, target)
    return False


def explained(target_anchor: Anchor, source_anchors: list[Anchor], source_text: str) -> bool:
    """Is a target anchor accounted for by the source (present, or an equivalent of a source anchor)?"""
    low = target_anchor.text.lower()
    if low in source_text.lower():
        return True
    return any(target_anchor.text in renderings(a) or low == r.lower() for a in source_anchors for r in renderings(a))
