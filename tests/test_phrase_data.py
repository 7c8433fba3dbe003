"""The idiom data files are well formed (codespell-style checks of the data alone).

mtcheck/data/phrases.tsv is the lexicon of idioms, fixed phrases and terms of art read by the
broken-idiom rule (MT201); mtcheck/data/idiom_calques.tsv lists literal English renderings of
foreign idioms. The matcher has its own parser; these tests read the files independently, with a
small standard-library parser, so a bad row is caught before it reaches the engine.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "mtcheck" / "data"
PHRASES, CALQUES = DATA / "phrases.tsv", DATA / "idiom_calques.tsv"
PHRASE_COLUMNS = ("phrase", "domain", "variants", "wrong", "note", "figurative")
CALQUE_COLUMNS = ("calque", "idiom", "language", "note", "reading")
READINGS = ("", "literal")  # the reading column's values
DOMAINS = {"general", "politics", "war", "diplomacy", "economy", "disaster", "law", "election", "sport",
           "health", "science", "media"}
SLOTS = {"one's", "oneself", "someone", "something"}
# A word: letters, an optional apostrophe part (driver's, d'etat) or a plural possessive (farmers');
# a hyphenated compound is several words; a comma may follow a word.
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+|(?<=s)')?")
# Near-misses of the slot names are typos.
BAD_SLOTS = re.compile(r"\b(ones|somebody|sb|sth|oneselves|someone's|something's)\b")
PLAIN_RENDERING = "="  # an idiom cell starting with "=" is a plain-English rendering, not a phrase
ISO_639_1 = set("""aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id
ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh
mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa
sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
vi vo wa wo xh yi yo za zh zu""".split())
# Each source-language family the issue names must have calques.
FAMILIES = {"Romance": {"fr", "es", "it", "pt", "ro", "ca"}, "Slavic": {"ru", "pl", "uk", "cs", "sk", "bg",
            "sr", "hr", "sl", "be", "mk", "bs"}, "German": {"de"}, "Chinese": {"zh"}, "Japanese": {"ja"},
            "Korean": {"ko"}, "Arabic": {"ar"}}


def read_table(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a '#'-commented TSV whose first other line is the header `columns`."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert tuple(lines[0].split("\t")) == columns, f"{path.name}: header must be {columns}"
    rows = []
    for n, line in enumerate(lines[1:], 2):
        cells = line.split("\t")
        assert len(cells) == len(columns), f"{path.name} row {n}: {len(cells)} columns: {line!r}"
        rows.append(dict(zip(columns, cells)))
    return rows


def phrase_words(phrase: str) -> list[str]:
    """The words and slots of a phrase in the lexicon's syntax; raises ValueError when malformed."""
    if phrase != " ".join(phrase.split()) or not phrase:
        raise ValueError(f"spacing in {phrase!r}")
    if BAD_SLOTS.search(phrase):
        raise ValueError(f"misspelt slot in {phrase!r}")
    out = []
    for token in phrase.split(" "):
        token = token[:-1] if token.endswith(",") else token
        if token in SLOTS:
            out.append(token)
        elif all(WORD.fullmatch(part) for part in token.split("-")):
            out.extend(token.split("-"))
        else:
            raise ValueError(f"bad word {token!r} in {phrase!r}")
    # An article and one word ("a filibuster") is a bare word, not a phrase.
    if sum(1 for w in out if w not in SLOTS) - (out[0].lower() in ("a", "an", "the")) < 2:
        raise ValueError(f"{phrase!r} needs at least two words besides slots and a leading article")
    return out


def key(phrase: str) -> str:
    """Case, comma, hyphen and leading-article differences are trivial: one key for all."""
    words = phrase.lower().replace(",", " ").replace("-", " ").split()
    if words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)


def forms(cell: str) -> list[str]:
    return [f for f in cell.split("|") if f] if cell else []


PHRASE_ROWS = read_table(PHRASES, PHRASE_COLUMNS)
CALQUE_ROWS = read_table(CALQUES, CALQUE_COLUMNS)


# -- phrases.tsv ----------------------------------------------------------------------------------
def test_phrases_header_states_format_and_provenance():
    header = "\n".join(ln for ln in PHRASES.read_text(encoding="utf-8").splitlines() if ln.startswith("#"))
    for word in PHRASE_COLUMNS + ("MIT", "one's", "oneself", "someone", "something"):
        assert word in header


def test_phrases_size_and_domains():
    assert len(PHRASE_ROWS) >= 2000
    counts = Counter(r["domain"] for r in PHRASE_ROWS)
    assert set(counts) <= DOMAINS, set(counts) - DOMAINS
    assert set(counts) == DOMAINS, f"domains without rows: {DOMAINS - set(counts)}"


@pytest.mark.parametrize("column", ["phrase", "variants", "wrong"])
def test_phrase_syntax(column):
    bad = []
    for row in PHRASE_ROWS:
        for form in [row["phrase"]] if column == "phrase" else forms(row[column]):
            try:
                phrase_words(form)
            except ValueError as exc:
                bad.append(str(exc))
    assert bad == []


def test_phrase_cells_are_trimmed_and_notes_present():
    for row in PHRASE_ROWS:
        assert all(v == v.strip() for v in row.values()), row
        assert row["note"], f"{row['phrase']!r} has no note"
        assert "||" not in row["variants"] + row["wrong"] and not row["variants"].startswith("|"), row


def test_phrases_start_lowercase_unless_proper_noun():
    # A capital is only for a proper noun; the same word never appears capitalised in one row
    # and lowercase in another's canonical form at the start.
    for row in PHRASE_ROWS:
        first = row["phrase"].split()[0]
        assert first in SLOTS or first[0].islower() or first[0].isupper() and first.lower() not in (
            "a", "an", "the", "in", "on", "at", "to", "of", "by", "for", "with"), row["phrase"]


def test_no_duplicate_phrases_across_variants():
    """Nor in the number of the last word: "supply chain disruption", a variant of "supply
    chains", was the row "supply chain disruptions" again (probe 8)."""
    def any_number(form: str) -> str:
        k = key(form)
        return k[:-1] if k.endswith("s") else k

    owners: dict[str, list[str]] = {}
    for row in PHRASE_ROWS:
        for form in {any_number(f) for f in [row["phrase"], *forms(row["variants"])]}:
            owners.setdefault(form, []).append(row["phrase"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_variants_and_wrong_forms_differ_from_the_phrase():
    for row in PHRASE_ROWS:
        own = key(row["phrase"])
        variants, wrong = [key(f) for f in forms(row["variants"])], [key(f) for f in forms(row["wrong"])]
        assert own not in variants + wrong, row["phrase"]
        assert not set(variants) & set(wrong), row["phrase"]
        assert len(set(variants)) == len(variants) and len(set(wrong)) == len(wrong), row["phrase"]


def test_figurative_is_empty_or_yes_and_marks_images_not_terms():
    assert [(r["phrase"], r["figurative"]) for r in PHRASE_ROWS if r["figurative"] not in ("", "yes")] == []
    marked = {r["phrase"]: r["figurative"] == "yes" for r in PHRASE_ROWS}
    assert marked["a cash cow"] and marked["raise eyebrows"] and marked["sit on the fence"]
    assert not marked["hold talks"] and not marked["a state of emergency"]
    assert 0.2 < sum(marked.values()) / len(marked) < 0.8


def test_no_wrong_form_is_a_phrase():
    good = {key(f) for row in PHRASE_ROWS for f in [row["phrase"], *forms(row["variants"])]}
    clashes = [(row["phrase"], f) for row in PHRASE_ROWS for f in forms(row["wrong"]) if key(f) in good]
    assert clashes == []


# -- idiom_calques.tsv ----------------------------------------------------------------------------
def test_calques_header_size_and_languages():
    header = "\n".join(ln for ln in CALQUES.read_text(encoding="utf-8").splitlines() if ln.startswith("#"))
    for word in CALQUE_COLUMNS + ("MIT", PLAIN_RENDERING):
        assert word in header
    assert len(CALQUE_ROWS) >= 150
    languages = Counter(code for row in CALQUE_ROWS for code in row["language"].split("|"))
    assert set(languages) <= ISO_639_1, set(languages) - ISO_639_1
    for family, codes in FAMILIES.items():
        assert codes & set(languages), f"no calques from {family}"


def test_calque_syntax_and_no_duplicates():
    bad, seen = [], Counter(key(row["calque"]) for row in CALQUE_ROWS)
    for row in CALQUE_ROWS:
        assert all(v == v.strip() for v in row.values()), row
        try:
            phrase_words(row["calque"])
        except ValueError as exc:
            bad.append(str(exc))
    assert bad == []
    assert [c for c, n in seen.items() if n > 1] == []


def test_calque_readings_are_empty_or_literal():
    assert [(row["calque"], row["reading"]) for row in CALQUE_ROWS if row["reading"] not in READINGS] == []


def test_calque_idioms_are_phrases_or_marked_plain():
    phrases = {key(f) for row in PHRASE_ROWS for f in [row["phrase"], *forms(row["variants"])]}
    missing = []
    for row in CALQUE_ROWS:
        idiom = row["idiom"]
        if idiom.startswith(PLAIN_RENDERING):
            assert idiom[1:].strip() and idiom[1:] == idiom[1:].strip(), row
        elif key(idiom) not in phrases:
            missing.append(idiom)
    assert missing == []


def test_no_calque_is_a_phrase_or_its_own_idiom():
    phrases = {key(f) for row in PHRASE_ROWS for f in [row["phrase"], *forms(row["variants"])]}
    assert [r["calque"] for r in CALQUE_ROWS if key(r["calque"]) in phrases] == []
    assert [r["calque"] for r in CALQUE_ROWS if key(r["calque"]) == key(r["idiom"].lstrip("="))] == []


# -- the checks themselves catch what they should ---------------------------------------------------
@pytest.mark.parametrize("bad", ["one word", "bear the  brunt", "a 9/11 attack", "ones own goal",
                                 "somebody's fault", "over-", "someone something", "the", "a filibuster"])
def test_phrase_parser_rejects_malformed(bad):
    if bad == "one word":  # two plain words are fine: the smallest valid phrase
        assert phrase_words(bad) == ["one", "word"]
        return
    with pytest.raises(ValueError):
        phrase_words(bad)


def test_phrase_parser_accepts_slots_hyphens_commas_and_possessives():
    assert phrase_words("a hat-trick") == ["a", "hat", "trick"]
    assert phrase_words("bear the brunt of something") == ["bear", "the", "brunt", "of", "something"]
    assert phrase_words("lo, and behold") == ["lo", "and", "behold"]
    assert phrase_words("a coup d'etat") == ["a", "coup", "d'etat"]
    assert key("The Cold-War, era") == key("cold war era")



def test_a_calque_ending_in_of_hands_its_object_on():
    """A calque that ends in "of" ("put sticks in the wheels of [the reform]") is matched with
    it and replaced whole, so its idiom must take the object that follows: a plain rendering
    without a slot ("=collar") or one that ends in "of" too; "throw a spanner in the works" would
    leave "… works the reform"."""
    bad = [(row["calque"], row["idiom"]) for row in CALQUE_ROWS if key(row["calque"]).endswith(" of")
           and not (key(row["idiom"]).endswith(" of")
                    or row["idiom"].startswith(PLAIN_RENDERING) and not SLOTS & set(key(row["idiom"]).split()))]
    assert bad == []
