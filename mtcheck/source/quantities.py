"""Numbers, amounts, percentages, dates and times, read in the conventions of the text's language.

`extract(text, lang)` finds them in a source (lang = its language) or in an English target
(lang = "en") and returns `Quantity` records with a comparable value: a float for numbers
(8万 = 80000, 3,2 Mrd. = 3.2e9, zwanzig = 20), a (year, month, day) triple for dates and
minutes after midnight for times. Dates and times are read first; the numbers inside them
are not read again as numbers.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple
from functools import lru_cache, partial

from ..english import MONTHS
from .lang import CJK_LANGUAGES, DECIMAL_COMMA, blocks, words

_FULLWIDTH = tuple(zip("０１２３４５６７８９，．：％", "0123456789,.:%"))
# Arabic-Indic and Persian digits, the Arabic decimal and thousands separators (٣٫٥ = 3.5,
# ١٢٬٥٠٠ = 12,500) and percent sign: one character for one, so offsets stay.
_ARABIC_DIGITS = str.maketrans({**{chr(0x660 + d): str(d) for d in range(10)},
                                **{chr(0x6F0 + d): str(d) for d in range(10)}, "٫": ".", "٬": ",", "٪": "%"})
_ARABIC_DIGIT = re.compile("[\u0660-\u0669\u06F0-\u06F9]")
_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}
_CJK_SMALL = {"十": 10, "百": 100, "千": 1000}
_CJK_BIG = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12}
_CJK_DIGIT_CHARS = "".join(_CJK_DIGITS)
_CJK_NUMERAL = "".join(_CJK_DIGITS) + "".join(_CJK_SMALL) + "".join(_CJK_BIG)
# 12-hour markers in Chinese and Japanese: 下午3点 = 15:00.
# Korean too: 오후 3시 = 15:00.
_CJK_PM = ("下午", "晚上", "傍晚", "午後", "夜", "오후", "저녁", "밤")
_CJK_AM = ("上午", "凌晨", "早上", "清晨", "午前", "早晨", "오전", "새벽", "아침")


class Quantity(NamedTuple):  # a tuple: hundreds are made per document, and tuples are cheap
    kind: str  # "number", "date", "time"
    value: Any  # number; (year, month, day) with None for unknown parts; minutes after midnight
    start: int
    end: int
    text: str
    digits: bool = True  # written with digits (not a number word)
    percent: bool = False
    ambiguous: bool = False  # a time without a.m./p.m. (3点, 3 o'clock): either half of the day
    scale: float = 1.0  # the multiplier of its scale word (million = 1e6), 1 without one
    # A source number followed by a word in a language whose scale words mtcheck does not know
    # (31 مليار): that word may multiply it, by a power of a thousand. 3, the digits of a
    # group; 0 for a known scale. (Korean units, 만 억 조, are read with their numbers.)
    open_scale: int = 0


# Quantity(...) with every field given, made in C: the class's own __new__ is Python code, which
# cost more than the rest of making the tuple where hundreds are made per pair.
_quantity = partial(tuple.__new__, Quantity)


# -- numbers ------------------------------------------------------------------------------------
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f'’]")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_NUMERAL_PAIR = re.compile(r"[一二两三四五六七八九]{2}")
_CJK_NUMBER_PART = re.compile(rf"\d+(?:\.\d+)?|[{_CJK_NUMERAL}]")


def parse_number(raw: str, decimal_comma: bool) -> float | None:
    """A digit string in the given convention: 3,2 / 12.000 / 2 500 / 1,234.5."""
    if raw.isdigit():
        return float(raw)
    s = _NUMBER_SPACES.sub("", raw)
    if decimal_comma:
        if "," in s:
            s = s.replace(".", "").replace(",", ".")
        elif _DOT_GROUPS.fullmatch(s):
            s = s.replace(".", "")
    else:
        if _COMMA_GROUPS.fullmatch(s):
            s = s.replace(",", "")
        elif "," in s:
            s = s.replace(",", ".") if s.count(",") == 1 and "." not in s else s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def cjk_value(text: str) -> float | None:
    """Value of a Chinese/Japanese amount: 8万 = 80000, 1万2千 = 12000, 三千五百 = 3500, 3.2亿."""
    whole, dot, fraction = text.partition(".")
    if whole.isdecimal() and (not dot or fraction.isdecimal()):  # \d+(?:\.\d+)? alone, the commonest case
        return float(text)  # what the loop below gives
    if not text.strip(_CJK_DIGIT_CHARS):  # all numerals (二〇二三): digit by digit
        return float("".join(str(_CJK_DIGITS[c]) for c in text))
    if _NUMERAL_PAIR.search(text):  # 一万六七千: "six or seven thousand", a range
        return None
    total = section = last_big = 0.0
    current: float | None = None
    for m in _CJK_NUMBER_PART.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            current = float(tok)
        elif tok in _CJK_DIGITS:
            current = float(_CJK_DIGITS[tok])
        elif tok in _CJK_SMALL:
            section += (1 if current is None else current) * _CJK_SMALL[tok]
            current = None
        else:
            big = _CJK_BIG[tok]
            chunk = section + (current or 0)
            if last_big and big > last_big:  # 万亿: the whole amount so far is multiplied
                total = (total + chunk) * big
            else:  # 1亿2千万: this part is added
                total += (chunk or 1) * big
            last_big, section, current = big, 0.0, None
    return total + section + (current or 0)


_NOT_IN_AMOUNT = re.compile(r"[,余多]")


def _after_ascii_letter(prefix: str) -> bool:
    """re.search(r"[A-Za-z]$", prefix), without the regex: `$` also matches before a final newline."""
    last = prefix[-1:]
    if last == "\n":
        last = prefix[-2:-1]
    return last.isascii() and last.isalpha()


@lru_cache(maxsize=None)
def _scale_pattern(lang: str) -> tuple[re.Pattern | None, dict[str, float]]:
    table = {w.lower(): float(v) for w, v in words("scale", lang).items()}
    if not table:
        return None, table
    dotted = {w.rstrip(".") for w in table if w.endswith(".")}
    table = {w.rstrip("."): v for w, v in table.items()}
    # "2,7 millones de", "3,7 Mrd. Euro", "3 million"; an abbreviation's period is optional, and
    # only an abbreviation takes one: the period of "1.7 million." ends the sentence.
    alternatives = "|".join(re.escape(w) + (r"(?![^\W\d_])\.?" if w in dotted else r"(?![^\W\d_])")
                            for w in sorted(table, key=len, reverse=True))
    return re.compile(rf"[ \u00a0\u202f]?(?:{alternatives})", re.I), table


_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


@lru_cache(maxsize=None)
def _number_words(lang: str) -> dict[str, float]:
    return {w.lower(): float(v) for w, v in words("number", lang).items()}


@lru_cache(maxsize=None)
def _percent_pattern(lang: str) -> re.Pattern | None:
    forms = [w for w in words("percent", lang) if w != "%"]
    alternatives = "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
    return re.compile(rf"[ \u00a0\u202f]?(?:%|(?:{alternatives})(?![^\W\d_]))" if forms else r"[ \u00a0\u202f]?%", re.I)


# A digit number: groups of three with a space (2 500) or, in Switzerland, an apostrophe
# (12'500, CHF 1'250.50), or digits with . and , inside.
# An ordinal or a decade may follow (15th, the 1990s, post-90s).
# A letter may not follow, but for the scale abbreviations written close ($3bn, 4.2tn): "100m"
# is metres as often as millions. Nor may a decimal part (the "4" of "4.2km" is no number).
# (The first digit is taken out of the alternatives: a pattern led by one character class is
# scanned for fast; the same goes for \d\d? below, which is \d{1,2}.)
_DIGITS = re.compile(r"\d(?:\d{0,2}(?:['’]\d{3})+(?:[.,]\d+)?(?![\d,.]\d)|\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)"
                     r"|\d*(?:[.,]\d+)*)(?:st|nd|rd|th|s)?"
                     r"(?!(?!(?:bn|tn)\b)[A-Za-z\d])(?![.,]\d)")
# Between the ends of a range, whose first number takes the second's scale: 12 to 14 million.
_RANGE = re.compile(r"\s*(?:to|and|or|bis|und|à|et|a|y|e|o|ou|до|и|или|[-–—~～至到])\s*$", re.I)
# 余/多 (and Japanese 余) between a number and its unit: 500余万 = over 5 million.
# Its first character is matched alone, then what follows a digit or a numeral (the
# lookbehinds tell which): a pattern led by one class is scanned for fast. The same as
# (?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[numerals])(?:\d+(?:\.\d+)?|[numerals]|…)*.
_CJK_AMOUNT = re.compile(rf"[\d{_CJK_NUMERAL}](?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+(?!\d)|\d*(?:\.\d+)?)|(?<=[{_CJK_NUMERAL}]))"
                         rf"(?:\d+(?:\.\d+)?|[{_CJK_NUMERAL}]|[余多](?=[万萬亿億兆千百]))*")
# The same where the text's only decimal digits are ASCII (_other_digit_blocks): with [0-9] for
# \d, the first character's class is a plain table, which the scan of a CJK text reads faster.
_CJK_AMOUNT_ASCII = re.compile(_CJK_AMOUNT.pattern.replace("[\\d", "[0-9").replace("\\d", "[0-9]"))


# Korean writes its amounts with digits and the units 천 (thousand), 만 (ten thousand), 억 (10⁸)
# and 조 (10¹²), as Chinese does with 千万亿兆, a space often between the parts: 2천714만 =
# 27,140,000, 31만 2천 = 312,000, 6조 6천억 = 6.6 trillion, 4천200 = 4,200. A part after a
# space needs its unit (a bare number there is the next number); digits end it only close up.
_KO_UNITS = str.maketrans("백천만억조", "百千万億兆")
_KO_PART = r"\d(?:\d{0,2}(?:,\d{3})+(?!\d)|\d*(?:\.\d+)?)"
_KO_AMOUNT = re.compile(rf"{_KO_PART}\s?[백천만억조](?:[천만억조]|\s?{_KO_PART}\s?[백천만억조])*(?:\d+(?![\d.,]\d))?")
_KO_SCALES = {"백": 1e2, "천": 1e3, "만": 1e4, "억": 1e8, "조": 1e12}


def _korean_amounts(text: str, taken: "_Spans") -> list[Quantity]:
    out = []
    for m in _after(_KO_AMOUNT, text, "0123456789.,", letters=True):
        s, e, raw = m.start(), m.end(), m.group()
        if taken.overlap(s, e):
            continue
        value = cjk_value(raw.replace(",", "").replace(" ", "").translate(_KO_UNITS))
        if value is not None:
            scale = max(_KO_SCALES[c] for c in raw if c in _KO_SCALES)
            out.append(Quantity("number", value, s, e, raw, scale=scale))
    return out


# A letter right after a number, or after one space: a word that may be a scale word.
_WORD_NEXT = re.compile(r"[ \u00a0]?[^\W\d_]")


def _numbers(text: str, lang: str, taken: list[tuple[int, int]], words_found=()) -> list[Quantity]:
    out: list[Quantity] = []
    dates = _Spans(taken)  # numbers inside dates and times were read with them
    comma = lang in DECIMAL_COMMA
    scale_re, scales = _scale_pattern(lang)
    percent_re = _percent_pattern(lang)
    # Korean units (만, 억, 조) are read with their numbers (_korean_amounts): none is unknown.
    unknown_scales = 0 if lang in ("en", "ko") or scales else 3
    if lang in CJK_LANGUAGES:
        counters = words("counter", lang)
        amount = _CJK_AMOUNT_ASCII if blocks(text).isdisjoint(_other_digit_blocks()) else _CJK_AMOUNT
        for m in amount.finditer(text):
            s, e, raw = m.start(), m.end(), m.group()
            if len(raw) == 1 and raw in _CJK_DIGITS and text[e:e + 1] not in counters:
                continue  # the commonest case by far: 一 in 一些, 统一
            if dates.overlap(s, e):
                continue
            digits = any(map(str.isdecimal, raw))  # \d is a decimal digit (Unicode Nd)
            if not digits:
                # Bare numerals are words too (一些, 统一, 九二共识): a numeral counts with a unit or a
                # counter, and a run of digits (二〇二三) only as a year.
                nxt = text[e:e + 1]
                if len(raw) > 1 and not raw.strip(_CJK_DIGIT_CHARS) and nxt != "年":
                    continue
                if len(raw) == 1 and nxt not in counters and raw not in _CJK_BIG and raw not in _CJK_SMALL:
                    continue
                if raw in _CJK_BIG or (raw in _CJK_SMALL and len(raw) == 1 and nxt not in counters):
                    continue
            prefix = text[max(0, s - 3):s]
            if _after_ascii_letter(prefix):  # a code such as A350 or G20
                continue
            value = cjk_value(_NOT_IN_AMOUNT.sub("", raw) if "," in raw or "余" in raw or "多" in raw else raw)
            if value is None:
                continue
            percent = prefix.endswith("百分之") or text[e:e + 1] == "%"
            out.append(_quantity(("number", value, s, e, raw, digits, percent, False, 1.0, 0)))
        return out
    if lang == "ko" and any(unit in text for unit in _KO_SCALES):
        out += _korean_amounts(text, dates)
        dates = _Spans(taken + [(q.start, q.end) for q in out])
    for m in _after(_DIGITS, text, "0123456789.,", letters=True):
        s, e = m.start(), m.end()
        raw = m.group()
        if raw[-1].isalpha():  # an ordinal or decade ending (15th, 1990s)
            raw = raw[:-2] if raw[-2].isalpha() else raw[:-1]
        if dates.overlap(s, e):
            continue
        value = parse_number(raw, comma)
        if value is None:
            continue
        sm = scale_re.match(text, e) if scale_re is not None else None
        scale = scales[sm.group().strip().rstrip(".").lower()] if sm else 1.0
        if sm:
            e = sm.end()
        percent = bool(percent_re.match(text, e))
        open_scale = unknown_scales if _WORD_NEXT.match(text, e) is not None and not percent else 0
        out.append(_quantity(("number", value * scale, s, e, text[s:e], True, percent, False, scale, open_scale)))
    for s, e, value in words_found:  # number words (zwanzig, twenty-five)
        if dates.overlap(s, e):
            continue
        sm = scale_re.match(text, e) if scale_re is not None else None
        if sm:
            value *= scales[sm.group().strip().rstrip(".").lower()]
            e = sm.end()
        out.append(_quantity(("number", value, s, e, text[s:e], False, bool(percent_re.match(text, e)), False, 1.0, 0)))
    return _ranges(sorted(out, key=lambda q: q.start), text)


def _ranges(found: list[Quantity], text: str) -> list[Quantity]:
    """The first end of a range takes the scale of the second: "12 to 14 million" is 12 million."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.kind == b.kind == "number" and a.scale == 1 and b.scale > 1 and a.value < 1000 \
                and _RANGE.match(text[a.end:b.start] + "") and a.end <= b.start:
            out[i] = Quantity("number", a.value * b.scale, a.start, a.end, a.text, a.digits, a.percent, scale=b.scale)
    return out


def _after(pattern: re.Pattern, text: str, not_after: str, letters: bool = False):
    """The pattern's matches not preceded by one of `not_after` (nor an ASCII letter, with
    `letters`). Every pattern given here starts with a digit and `not_after` holds the ASCII
    digits, so the pattern is tried only where a digit follows no ASCII digit (a whole news
    text is mostly digit-free), and no leading lookbehind is needed: the character before is
    tested here. As finditer's, the matches do not overlap; unlike finditer's, one that
    starts inside a number (and is not wanted) hides none that starts after it."""
    match = pattern.match
    last = 0
    for start in digit_starts(text):
        if start < last:
            continue
        m = match(text, start)
        if m is None:
            continue
        last = m.end()
        before = text[start - 1:start]
        if before and (before in not_after or (letters and before.isascii() and before.isalpha())):
            continue
        yield m


_DIGIT_RUN = re.compile(r"\d\d*")  # not \d+: a pattern led by one class is scanned for faster
_DIGIT_MARKS = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))  # b"0" for an ASCII digit, else b" "
# The 256-code-point blocks (lang.blocks) that hold a decimal digit other than ASCII's (the
# surrogates' too: a character beyond the BMP is counted in them): in a text with none of
# these (English prose, Chinese text with its fullwidth forms made ASCII) \d is [0-9].
@lru_cache(maxsize=None)  # on first use, not at import (the rules-only cold start imports this module)
def _other_digit_blocks() -> frozenset[int]:
    return frozenset({c >> 8 for c in range(0x80, 0x10000) if chr(c).isdecimal()} | set(range(0xD8, 0xE0)))


@lru_cache(maxsize=8)  # both texts of a pair, their prose, a translated copy
def digit_starts(text: str) -> tuple[int, ...]:
    """Where a digit follows no ASCII digit: where a digit-led pattern is tried."""
    if blocks(text).isdisjoint(_other_digit_blocks()):
        # The ASCII digits made "0" and all else " " (one byte a character, so offsets stay):
        # each run is found with two byte searches, faster than a regex scan of the text.
        marks = text.encode("ascii", "replace").translate(_DIGIT_MARKS)
        starts = []
        at = marks.find(b"0")
        while at >= 0:
            starts.append(at)
            end = marks.find(b" ", at)  # where the run ends
            at = marks.find(b"0", end) if end >= 0 else -1
        return tuple(starts)
    starts = []
    for m in _DIGIT_RUN.finditer(text):
        starts.append(m.start())
        if not m.group().isascii():  # a digit after another kind of digit starts afresh
            starts += [p for p in range(m.start() + 1, m.end()) if text[p - 1] not in "0123456789"]
    return tuple(starts)


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


class _Spans:
    """Non-overlapping spans, sorted, asked whether they overlap [s, e) by bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def overlap(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e) - 1
        return i >= 0 and self.spans[i][1] > s


# -- dates and times ------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _month_pattern(lang: str) -> tuple[str, dict[str, int]]:
    table = {w.lower(): int(v) for w, v in words("month", lang).items()}
    return "", table


_YEAR = r"((?:1[6-9]|20)\d\d)"
# Korean writes its dates alike with 년, 월, 일: 2023년 3월 15일.
_CJK_DATES = [(re.compile(p), order) for p, order in (
    (rf"{_YEAR}\s*[年년]\s*(\d{{1,2}})\s*[月월]\s*(\d{{1,2}})\s*[日号일]", "YND"),
    (r"(\d\d?)\s*[月월]\s*(\d{1,2})\s*[日号일]", "ND"),
    (rf"{_YEAR}\s*[年년]\s*(\d{{1,2}})\s*[月월]", "YN"), (r"(\d\d?)\s*[月월](?!\s*\d)", "N"))]
# Japanese era years: 令和 N年 is 2018 + N (令和元年, its first year, 2019), 平成 1988 + N, 昭和 1925 + N.
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_ERA_YEAR = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")
_CJK_DATE_CHARS = "年년月월日号일"  # with digits and spaces, all that a match of _CJK_DATES holds


def _near(text: str, marks: str, chars: str) -> list[tuple[int, int]]:
    """The stretches of `text` around each of `marks` made of digits, whitespace and `chars`
    (the marks among them), each with one character more on the right. A pattern whose every
    match holds a mark and nothing but these characters finds in the stretches alone what it
    finds in the whole text (its lookaheads see the character that ends a stretch, as they
    would there), and a CJK text is far longer than the stretches around its 月 or 点."""
    at = sorted(i for mark in marks if mark in text for i in _occurrences(text, mark))
    windows, n, hi = [], len(text), -1
    for i in at:
        if i < hi:
            continue  # in the last stretch
        lo, hi = i, i + 1
        while lo and (text[lo - 1] in chars or text[lo - 1].isdecimal() or text[lo - 1].isspace()):
            lo -= 1
        while hi < n and (text[hi] in chars or text[hi].isdecimal() or text[hi].isspace()):
            hi += 1
        windows.append((lo, min(n, hi + 1)))
    return windows


def _occurrences(text: str, sub: str):
    at = text.find(sub)
    while at >= 0:
        yield at
        at = text.find(sub, at + 1)


_ISO_DATE = re.compile(rf"{_YEAR}-(\d{{1,2}})-(\d{{1,2}})(?!\d)")
_NUMERIC_DATE = re.compile(rf"(\d\d?)[./](\d{{1,2}})[./]{_YEAR}(?!\d)")
# Around a month name: the day before it (12. Juni, 4 de noviembre, 21st of June, 1er mars) or after it
# (March 5), and the year after it (Juni 2025, noviembre de 2024, March 5, 2023).
# An ordinal day: 21st, 1er and 1re (French), 1º, 1.º, 1ª (Italian, Portuguese, Spanish).
_DAY_BEFORE = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|re|\.?[ºª°])?\.?\s*(?:de\s+|of\s+)?$")
_DAY_AFTER = re.compile(r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:])")
_YEAR_AFTER = re.compile(rf"\.?,?\s+(?:de(?:l)?\s+|of\s+)?{_YEAR}(?!\d)")
# Days joined before one month ("10 e 11 de dezembro", "10 and 11 December", "10-11 March") or
# after it ("December 10 and 11"): each day is a date of that month.
_JOINED_DAYS = r"\s*(?:,|-|–|and|or|to|e|y|et|und|bis|i|и|ve|ou|o|al)\s*"
_DAY_JOINED_BEFORE = re.compile(rf"(?<![\d.,])(\d{{1,2}})(?:st|nd|rd|th)?\.?{_JOINED_DAYS}$", re.I)
_DAY_JOINED_AFTER = re.compile(rf"{_JOINED_DAYS}(\d{{1,2}})(?:st|nd|rd|th)?(?![\d:.,]\d|[\d:])", re.I)


def _date(kind_order: str, groups, month_names) -> tuple | None:
    """(year, month, day) from a pattern's groups, named in order by `kind_order`: Y year, N
    month, D day; A for English 3/5/2023, month first unless the first cannot be a month
    (13/5/2023): the caller marks those dates ambiguous."""
    fields: dict[str, int | None] = {"Y": None, "N": None, "D": None}
    for key, group in zip(kind_order.replace("ANY", "NDY"), groups):
        if group is not None:
            fields[key] = int(group)
    month, day = fields["N"], fields["D"]
    if kind_order == "ANY" and month is not None and month > 12:
        month, day = day, month
    if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return (fields["Y"], month, day)


def _dates(text: str, lang: str, taken: list[tuple[int, int]], months_found=()) -> list[Quantity]:
    out: list[Quantity] = []

    def add(s: int, e: int, value: tuple | None, ambiguous: bool = False) -> None:
        if value is not None and not _inside(s, e, taken):
            out.append(_quantity(("date", value, s, e, text[s:e], True, False, ambiguous, 1.0, 0)))
            taken.append((s, e))

    if lang == "ja" and ("和" in text or "成" in text):
        for m in _ERA_YEAR.finditer(text):  # 令和6年(度) = 2024; 令和6年3月5日 = 5 March 2024
            year = _ERAS[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))
            if m.group(3):
                add(m.start(), m.end(), _date("YND", (year, m.group(3), m.group(4)), {}))
            elif not _inside(m.start(), m.end(), taken):
                out.append(Quantity("number", float(year), m.start(), m.end(), m.group()))
                taken.append((m.start(), m.end()))
    if lang in CJK_LANGUAGES or lang == "ko":
        windows = _near(text, "月월", _CJK_DATE_CHARS)
        for pattern, order in _CJK_DATES:
            for lo, hi in windows:
                for m in pattern.finditer(text, lo, hi):
                    add(m.start(), m.end(), _date(order, m.groups(), {}))
        return out
    if lang == "vi" and "tháng" in text:
        for m in _VI_DATE.finditer(text):
            day, month, year = (int(g) if g else None for g in m.groups())
            add(m.start(), m.end(), _date("DNY", (day, month, year), {}))
    for m in _after(_ISO_DATE, text, "0123456789./"):
        add(m.start(), m.end(), _date("YND", m.groups(), {}))
    for m in _after(_NUMERIC_DATE, text, "0123456789./"):
        # 05.03.2023 is day first in every source language here; 3/5/2023 either way in English.
        add(m.start(), m.end(), _date("ANY" if lang == "en" else "DNY", m.groups(), {}), ambiguous=lang == "en")
    for s, e, month in months_found:
        day = year = None
        joined = None  # (start, end, day) of another day of this month joined to this one
        before = _DAY_BEFORE.search(text[max(0, s - 12):s])
        if before:
            day, s = int(before.group(1)), s - len(before.group())
            other = _DAY_JOINED_BEFORE.search(text[max(0, s - 12):s])
            if other:
                joined = (s - len(other.group()), s - len(other.group()) + len(other.group(1)), int(other.group(1)))
        elif lang == "en":
            after = _DAY_AFTER.match(text, e)
            if after:
                day, e = int(after.group(1)), after.end()
                other = _DAY_JOINED_AFTER.match(text, e)
                if other:
                    joined = (other.start(1), other.end(1), int(other.group(1)))
        year_m = _YEAR_AFTER.match(text, e)
        if year_m:
            year, e = int(year_m.group(1)), year_m.end()
        if day is None and year is None and lang == "en" and not _english_month_alone(text, s, e):
            continue
        if day is not None and not 1 <= day <= 31:
            continue
        add(s, e, (year, month, day))
        if joined is not None and 1 <= joined[2] <= 31:
            add(joined[0], joined[1], (year, month, joined[2]))
    return out


_MONTH_CUES = re.compile(r"(?:\b(?:in|on|since|until|till|of|by|from|early|late|mid|last|next|this|through|"
                         r"end|before|after|between|and|to|during)[\s-]+)$", re.I)


def _english_month_alone(text: str, start: int, end: int) -> bool:
    """A month name with no day: capitalised, and "May" (or "March") only after a cue word
    ("in May", "since March"), not as the verb ("May I…", "they march")."""
    word = text[start:end]
    if not word[0].isupper():
        return False
    if word.lower() in ("may", "march", "mar"):
        return bool(_MONTH_CUES.search(text[max(0, start - 12):start]))
    return True


# 3点, 3時, Korean 3시 (not 3시간, three hours); 30分, 30분; 半, 반 (half past).
_CJK_TIME = re.compile(r"(\d\d?)\s*(?:[点點時时]|시(?!간))\s*(?:(\d{1,2})\s*[分분]|([半반]))?")
_CJK_TIME_CHARS = "点點時时시分분半반"  # with digits and spaces, all that a match of _CJK_TIME holds
_CJK_PERIOD = re.compile(r"(上午|下午|晚上|傍晚|凌晨|早上|清晨|中午|午前|午後|夜|오전|오후|새벽|저녁|아침|밤)\s*$")
_EN_TIME = re.compile(r"(\d\d?)(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?", re.I)
_EN_NOON = re.compile(r"\b(noon|midday|midnight)\b", re.I)
_EN_OCLOCK = re.compile(r"(\d\d?)\s*o['’]clock", re.I)
# 14:20, 14.45 Uhr, 15 h 30, 14h, 14 Uhr
_CLOCK = re.compile(r"(\d\d?)(?:\s*[:：]\s*(\d{2})|\.(\d{2})\s*Uhr|\s*h(?:\s*(\d{2}))?(?![^\W\d_])"
                    r"|\s+Uhr(?:\s+(\d{2}))?)(?!\d)")


# 10.30 or 6.40 in a language that writes 3,2 for three point two is no number (a group of
# thousands has three digits) but a time, where a clock word comes before it (alle 10.30,
# godz. 6.40, saat 14.00, a las 16.30) or after it (16.30 horas, 10.30 Uhr, 9 heures).
_DOT_CLOCK = re.compile(r"(?<![\d.,])(\d\d?)\.(\d{2})(?![\d]|[.,]\d)")
_CLOCK_BEFORE = re.compile(r"(?:\b(?:alle|ore|las|la|godz\.|godzinie|godzina|saat|às|as|um|gegen|ab|bis|à|a|at|"
                           r"entre|de|até|fino|dalle|od|do|в|к|до|с|от|около|pukul|jam|lúc)\s+)$", re.I)
_CLOCK_AFTER = re.compile(r"\s*(?:horas|hrs?|hs|heures|ore|Uhr|h)\b", re.I)
_HOURS_WORD = re.compile(r"(?<![\d.,])(\d\d?)\s+(?:heures|horas|ore)\b(?!\s*\d)", re.I)
# Vietnamese: 9 giờ sáng (9 a.m.), 3 giờ chiều (3 p.m.), 14 giờ 30 (phút); without a part of the
# day either half.
_VI_TIME = re.compile(r"(?<![\d.,])(\d\d?)\s*giờ(?:\s*(\d{1,2})(?:\s*phút)?)?(?:\s+(sáng|trưa|chiều|tối|đêm))?(?!\w)", re.I)
# Vietnamese dates name the month by its number: ngày 10 tháng 9 năm 2024, tháng 3 năm 2024, tháng 3/2024.
_VI_DATE = re.compile(rf"(?:(\d{{1,2}})\s+)?tháng\s+(\d{{1,2}})(?![\d.,]\d)(?:(?:\s*,?\s*năm\s+|/){_YEAR})?(?!\d)", re.I)


def _times(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    out: list[Quantity] = []

    def add(s: int, e: int, hour: int, minute: int, ambiguous: bool) -> None:
        if 0 <= hour <= 24 and 0 <= minute < 60 and not _inside(s, e, taken):
            out.append(_quantity(("time", hour * 60 + minute, s, e, text[s:e], True, False, ambiguous, 1.0, 0)))
            taken.append((s, e))

    if lang in CJK_LANGUAGES or lang == "ko":
        windows = _near(text, "点點時时시", _CJK_TIME_CHARS)
        for m in (m for lo, hi in windows for m in _CJK_TIME.finditer(text, lo, hi)):
            hour, minute = int(m.group(1)), int(m.group(2) or (30 if m.group(3) else 0))
            period = _CJK_PERIOD.search(text[max(0, m.start() - 3):m.start()])
            start = m.start() - len(period.group()) if period else m.start()
            if period and period.group(1) in _CJK_PM and hour < 12:
                hour += 12
            add(start, m.end(), hour, minute, not period and hour <= 12)
    if lang == "en":
        for m in _after(_EN_TIME, text, "0123456789.:"):
            hour, minute = int(m.group(1)) % 12, int(m.group(2) or 0)
            add(m.start(), m.end(), hour + (12 if m.group(3).lower() == "p" else 0), minute, False)
        for m in (_noons(text) if "oon" in text or "idnight" in text or "idday" in text else ()):
            add(m.start(), m.end(), 0 if m.group(1).lower() == "midnight" else 12, 0, False)
        for m in (_after(_EN_OCLOCK, text, "0123456789.:") if "clock" in text else ()):
            add(m.start(), m.end(), int(m.group(1)), 0, True)
    for m in _after(_CLOCK, text, "0123456789.:,"):
        if m.group(2) is None and m.group(3) is None and lang == "en":
            continue  # "5 h" in English is not a time
        minute = m.group(2) or m.group(3) or m.group(4) or m.group(5) or "0"
        add(m.start(), m.end(), int(m.group(1)), int(minute), False)
    if lang in DECIMAL_COMMA and lang != "und":
        for m in (_DOT_CLOCK.finditer(text) if "." in text else ()):
            if _CLOCK_BEFORE.search(text[max(0, m.start() - 12):m.start()]) or _CLOCK_AFTER.match(text, m.end()):
                add(m.start(), m.end(), int(m.group(1)), int(m.group(2)), False)
        for m in _HOURS_WORD.finditer(text):
            add(m.start(), m.end(), int(m.group(1)), 0, False)
    if lang == "vi" and "giờ" in text:
        for m in _VI_TIME.finditer(text):
            hour, minute, part = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
            if part in ("chiều", "tối") and hour < 12:
                hour += 12
            add(m.start(), m.end(), hour, minute, not part and hour <= 12)
    return out


def _noons(text: str):
    """_EN_NOON's matches, tried only where the lowercased text has one of its words (a
    regex scan with IGNORECASE is slow, and "afternoon" or "soon" let most texts through).
    The dotless and dotted i, which IGNORECASE matches with i, and a lowercasing that
    changes the length send the text to the regex itself."""
    low = text.lower()
    if len(low) != len(text) or "ı" in text or "İ" in text:
        yield from _EN_NOON.finditer(text)
        return
    found = []
    for word in ("noon", "midday", "midnight"):
        at = low.find(word)
        while at >= 0:
            m = _EN_NOON.match(text, at)
            if m:  # whole words: two matches never overlap, so these are finditer's
                found.append(m)
            at = low.find(word, at + 1)
    yield from sorted(found, key=lambda m: m.start())


_FULLWIDTH_CHARS = re.compile("[０-９，．：％]")


def _trie(words) -> str:
    """A regex alternation of `words` as a trie (shared prefixes written once: the regex
    engine then tries one branch per character, not one per word)."""
    branches: dict[str, list[str]] = {}
    for w in sorted(set(words)):
        branches.setdefault(w[:1], []).append(w[1:])
    optional = branches.pop("", None) is not None
    parts = [re.escape(c) + (_trie(rest) if rest != [""] else "") for c, rest in branches.items()]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 and not optional else "(?:" + "|".join(parts) + ")"
    return body + ("?" if optional else "")


@lru_cache(maxsize=None)
def _word_pattern(lang: str) -> re.Pattern | None:
    """A line of newline-joined lowercase words that is a month name, a number word or number
    words joined by hyphens (twenty-five): the newline before it, which counts the lines."""
    months, numbers = _month_pattern(lang)[1], _number_words(lang)
    if not months and not numbers:
        return None
    number = _trie(numbers) if numbers else "(?!)"
    return re.compile(rf"\n(?:{_trie(months) if months else '(?!)'}|{number}(?:-{number})*)(?=\n)")


def _word_hits(text: str, lang: str, tokens) -> tuple[list, list]:
    """Month names and number words. The text's words, joined by newlines and lowercased at
    once, are read by one regex whose lines are the table words (a news text has hundreds of
    words and a handful of hits: a word costs a step of the regex, not a lookup of its own),
    and only the tokens of the lines found are read."""
    pattern = _word_pattern(lang)
    month_hits, number_hits = [], []
    if pattern is None:
        return month_hits, number_hits
    months, numbers = _month_pattern(lang)[1], _number_words(lang)
    # No word holds a newline: line k of the joined text is word k.
    joined = "\n%s\n" % "\n".join(_TOKEN.findall(text) if tokens is None else map(_TOKEN_TEXT, tokens))
    low = joined.lower()
    if len(low) != len(joined):  # a letter whose lowercase is longer (İ): word by word
        low = "\n".join(w.lower() for w in joined.split("\n"))
    line = at = 0
    for m in pattern.finditer(low):
        line += low.count("\n", at, m.start())  # the lines before this one
        at = m.start()
        if tokens is None:
            tokens = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text)]
        start, end, _ = tokens[line]
        word = m.group()[1:]
        if word in months:
            month_hits.append((start, end, months[word]))
        elif word in numbers:
            number_hits.append((start, end, numbers[word]))
        else:  # a compound of number words (the regex also lets by table words with a hyphen)
            parts = word.split("-")
            if all(p in numbers for p in parts):
                number_hits.append((start, end, sum(numbers[p] for p in parts)))
    return month_hits, number_hits


_TOKEN_TEXT = itemgetter(2)


def extract(text: str, lang: str, tokens=None) -> list[Quantity]:
    """Every date, time and number in `text` (a source in `lang`, or English with lang "en").
    `tokens` are the text's words as (start, end, text), when the caller has them already."""
    present = blocks(text)
    if 0xFF in present and _FULLWIDTH_CHARS.search(text):
        for wide, narrow in _FULLWIDTH:  # str.replace, far faster than str.translate on CJK text
            if wide in text:
                text = text.replace(wide, narrow)
    if 0x06 in present and _ARABIC_DIGIT.search(text):
        text = text.translate(_ARABIC_DIGITS)
    taken: list[tuple[int, int]] = []
    month_hits, number_hits = _word_hits(text, lang, tokens) if lang not in CJK_LANGUAGES else ([], [])
    found = _dates(text, lang, taken, month_hits)
    found += _times(text, lang, taken)
    found += _numbers(text, lang, taken, number_hits)
    return sorted(found, key=lambda q: q.start)


# -- comparing and writing ----------------------------------------------------------------------
class Values:
    """Numbers to look a value up in, with the rounding same_number accepts, by bisection."""

    def __init__(self, values):
        self.values = sorted(values)

    def __contains__(self, x: float) -> bool:
        lo = bisect.bisect_left(self.values, x - abs(x) * 0.0051)
        return lo < len(self.values) and same_number(x, self.values[lo]) or \
            any(same_number(x, v) for v in self.values[lo:lo + 3])


def same_number(a: float, b: float) -> bool:
    """Equal, or equal after the rounding a translation may do (3.27亿 → 327 million, 1,784,000
    → 1.78 million): within 0.5%, and less than a unit of the last digit of the rounder of the
    two. Two numbers written to the same digit that differ there are not a rounding: 2023 and
    2024 are different years."""
    if a == b:
        return True
    big = max(abs(a), abs(b))
    diff = abs(a - b)
    return big > 0 and diff / big <= 0.005 and diff < max(_last_digit(a), _last_digit(b))


def _last_digit(x: float) -> float:
    """The value of a unit of the number's last significant digit: 2023 → 1, 1.78e6 → 1e4, 5.66 → 0.01."""
    return 10.0 ** Decimal(repr(float(x))).normalize().as_tuple().exponent


_POWERS = {3: (1e3, 1e6, 1e9, 1e12)}


def same_amount(src: Quantity, tgt: Quantity) -> bool:
    """The target number renders the source number: the same value, or, where the source's
    scale word is unknown (`open_scale`: 31 مليار), that value times a power of a thousand."""
    if same_number(src.value, tgt.value):
        return True
    return bool(src.open_scale) and src.value > 0 and any(
        same_number(src.value * p, tgt.value) for p in _POWERS[src.open_scale])


def same_date(src: tuple, tgt: tuple, tgt_ambiguous: bool = False) -> bool:
    """Every part the source gives is given alike in the target; a year may be left out."""
    candidates = [tgt]
    if tgt_ambiguous:
        candidates.append((tgt[0], tgt[2], tgt[1]))
    for t in candidates:
        sy, sm, sd = src
        ty, tm, td = t
        if sm != tm or sd != td:  # a month alone (2023年1月) is not a day in it (January 3, 2023)
            continue
        if sy is not None and ty is not None and sy != ty:
            continue
        return True
    return False


def same_time(src: Quantity, tgt: Quantity) -> bool:
    a, b = src.value, tgt.value
    if a == b:
        return True
    if src.ambiguous or tgt.ambiguous:
        return (a - b) % 720 == 0
    return False


def format_number(value: float, like: str) -> str:
    """`value` written in English, in the style of the target's number `like` (its scale word)."""
    if re.search(r"\b(?:lakhs?|crores?)\b", like, re.I):  # Indian English: 2,500 crore, 1.5 lakh, 11.11 lakh crore
        for word, size in (("lakh crore", 1e12), ("crore", 1e7), ("lakh", 1e5)):
            if value >= size and round(value / size, 3) * size == value:
                return f"{format_number(value / size, '')} {word}"
    m = re.search(r"(thousand|million|billion|trillion|bn|mn|tn)\b", like, re.I)
    for word, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if (m or value >= size) and value >= size and round(value / size, 3) * size == value:
            return f"{value / size:g} {word}"
    if value == int(value):
        return f"{int(value):,}" if value >= 10000 or "," in like else str(int(value))
    return f"{value:,.{max(1, min(3, len(str(value).split('.')[1])))}f}".rstrip("0").rstrip(".")


def format_date(value: tuple, like: str) -> str:
    """The source's date written like the target's date `like` (March 5, 2023 / 5 March 2023)."""
    year, month, day = value
    has_year = bool(re.search(r"\d{4}", like))
    name = MONTHS[month - 1]
    if day is None:
        return f"{name} {year}" if year and has_year else name
    if like.isdigit() and len(like) <= 2:  # a day joined to another's month ("December 10 and 11")
        return str(day)
    day_first = bool(re.match(r"\s*\d", like))
    text = f"{day} {name}" if day_first else f"{name} {day}"
    if year and has_year:
        text += f" {year}" if day_first else f", {year}"
    return text


def format_time(minutes: int, like: str) -> str:
    hour, minute = divmod(int(minutes), 60)
    if re.search(r"[ap]\.?\s?m", like, re.I):
        suffix = "p.m." if hour >= 12 else "a.m."
        h12 = hour % 12 or 12
        return f"{h12}:{minute:02d} {suffix}" if minute else f"{h12} {suffix}"
    return f"{hour:02d}:{minute:02d}"
