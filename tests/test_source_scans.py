"""The faster scans of the source-aware pass give what the plain scans they replace give:
month names and number words (a trie regex over the joined words), CJK dates and times (the
stretches around 月 and 点), script counts (bytes operations). Random texts, fixed seeds."""

import random
import re

from mtcheck.document import Document
from mtcheck.source import lang, quantities
from mtcheck.source.quantities import _CJK_DATE_CHARS, _CJK_DATES, _CJK_TIME, _CJK_TIME_CHARS, _near, _word_hits

PIECES = ["3", "12", "2023", " ", "\n", "\u3000", "年", "月", "日", "号", "点", "時", "分", "半", "시", "간", "월",
          "일", "년", "下午", "一", "March", "may", "MAY", "twenty", "-", "five", "Twenty-Five", "first", "juin", "März",
          "zwanzig", "İ", "abc", "ß", "中", "。", "a"]


def _texts(seed, count=3000):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 20))) for _ in range(count)]


def _plain_word_hits(text, language, tokens):
    """Each token's lowercase form looked up in the tables (what _word_hits finds faster)."""
    months, numbers = quantities._month_pattern(language)[1], quantities._number_words(language)
    month_hits, number_hits = [], []
    for start, end, word in tokens:
        low = word.lower()
        if low in months:
            month_hits.append((start, end, months[low]))
        elif low in numbers:
            number_hits.append((start, end, numbers[low]))
        elif "-" in low and all(p in numbers for p in low.split("-")):
            number_hits.append((start, end, sum(numbers[p] for p in low.split("-"))))
    return month_hits, number_hits


def test_word_hits_are_the_tokens_whose_lowercase_is_a_table_word():
    for text in _texts(1):
        doc = Document(text)
        assert _word_hits(doc.prose, "en", doc.tokens) == _plain_word_hits(doc.prose, "en", doc.tokens), text
        source_tokens = [(m.start(), m.end(), m.group()) for m in quantities._TOKEN.finditer(text)]
        assert _word_hits(text, "de", None) == _plain_word_hits(text, "de", source_tokens), text


def test_word_hits_find_compounds_and_any_case():
    doc = Document("On MARCH 3, twenty-five and Twenty people came; someone left in may.")
    months, numbers = _word_hits(doc.prose, "en", doc.tokens)
    assert [doc.text[s:e] for s, e, _ in months] == ["MARCH", "may"]
    assert [(doc.text[s:e], v) for s, e, v in numbers] == [("twenty-five", 25.0), ("Twenty", 20.0)]


def test_cjk_dates_and_times_in_the_stretches_are_those_of_the_whole_text():
    for text in _texts(2):
        for pattern, _ in _CJK_DATES:
            near = [m.span() for lo, hi in _near(text, "月월", _CJK_DATE_CHARS) for m in pattern.finditer(text, lo, hi)]
            assert near == [m.span() for m in pattern.finditer(text)], text
        near = [m.span() for lo, hi in _near(text, "点點時时시", _CJK_TIME_CHARS) for m in _CJK_TIME.finditer(text, lo, hi)]
        assert near == [m.span() for m in _CJK_TIME.finditer(text)], text


def test_script_counts_are_the_characters_in_each_scripts_ranges():
    rng = random.Random(3)
    blocks = [0, 1, 2, 3, 4, 5, 6, 7, 9, 0xE, 0x11, 0x20, 0x30, 0x4D, 0x4E, 0xAC, 0xD7, 0xF9]
    for _ in range(3000):
        text = "".join(chr(rng.choice(blocks) << 8 | rng.randint(0, 255)) if rng.random() > 0.05
                       else chr(rng.randint(0x10000, 0x2FFFF)) for _ in range(rng.randint(0, 30)))
        expected = {name: len(re.findall(f"[{chars}]", text)) for name, chars in lang._SCRIPT_RANGES}
        assert dict(lang._script_counts(text)) == expected, ascii(text)
