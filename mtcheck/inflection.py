"""A small English inflection generator: enough to match and re-inflect words of fixed phrases.

Matching only asks "is this token a form of that word?", so over-generation is harmless
(nobody writes "muscleses"); the regular rules plus tables of irregular verbs
(`data/irregular_verbs.tsv`) and irregular plurals (`data/irregular_nouns.tsv`) cover the words a
phrase lexicon uses. A maintained package
(lemminflect, pattern) would ship megabytes of data to a hook that must install in seconds.
"""

from __future__ import annotations

from functools import lru_cache

from .resources import data_rows

FORMS = ("base", "s", "ed", "en", "ing")
# Endings of adjectives and abstract nouns, which take no verb endings.
_NOT_VERB_ENDINGS = ("al", "an", "ic", "ous", "ful", "ive", "ary", "ment", "tion", "sion", "ness",
                     "ity", "ship", "ism", "ist", "ence", "ance", "less", "able", "ible")
_VOWELS = set("aeiou")
# The two English verbs whose present tense is not the base form and its -s form: the -s form
# ("s" in FORMS) first, then the other persons' ("I am", "they are"). Without them "has" was no
# form of "have" and "is" none of "be": "she has a lot on her plate" did not match the phrase
# "have a lot on one's plate", nor "he has other cats to whip" the calque.
_IRREGULAR_PRESENT = {"be": ("is", "am", "are"), "have": ("has",)}


@lru_cache(maxsize=None)
def _irregular() -> dict[str, tuple[str, str]]:
    """base -> (past, past participle)."""
    return {r["base"]: (r["past"], r["participle"]) for r in data_rows("irregular_verbs.tsv")}


@lru_cache(maxsize=None)
def _irregular_form() -> dict[str, tuple[str, str]]:
    """an irregular form -> (base, form name)."""
    out = {}
    for base, (past, participle) in _irregular().items():
        for form, word in (("ed", past), ("en", participle)):
            for w in word.split("|"):
                out.setdefault(w, (base, form))
    return out


@lru_cache(maxsize=None)
def _irregular_nouns() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """singular -> plurals, and plural -> singular, of the nouns with irregular plurals."""
    plurals = {r["singular"]: tuple(r["plural"].split("|")) for r in data_rows("irregular_nouns.tsv")}
    return plurals, {p: s for s, ps in plurals.items() for p in ps}


def irregular_number(a: str, b: str) -> bool:
    """`a` and `b` are one noun in its two numbers, irregularly ("goose", "geese")."""
    plurals, singulars = _irregular_nouns()
    return singulars.get(a) == b or singulars.get(b) == a


def is_irregular_plural(word: str) -> bool:
    """`word` is the irregular plural of a noun ("feet", "geese")."""
    return word in _irregular_nouns()[1]


def is_irregular_verb(word: str) -> bool:
    """True for the base form of an irregular verb (be, have, get…): the function words that inflect."""
    return word in _irregular()


def _doubles_final(word: str) -> bool:
    """Short consonant-vowel-consonant words double their last letter: stop, stopped."""
    if len(word) < 3 or word[-1] in "wxy" or word[-1] in _VOWELS:
        return False
    vowels = [c for c in word if c in _VOWELS]
    return (len(vowels) == 1 and word[-2] in _VOWELS and word[-3] not in _VOWELS)


def inflect(word: str, form: str) -> str:
    """`word` (a base form) in `form`: one of FORMS. Multi-part words inflect their last part."""
    if form == "base":
        return word
    if "-" in word:
        head, _, last = word.rpartition("-")
        return f"{head}-{inflect(last, form)}"
    irregular = _irregular().get(word)
    if irregular and form in ("ed", "en"):
        return (irregular[0] if form == "ed" else irregular[1]).split("|")[0]
    if form == "s":
        if word in _IRREGULAR_PRESENT:
            return _IRREGULAR_PRESENT[word][0]
        if word in _irregular_nouns()[0]:
            return _irregular_nouns()[0][word][0]
        if word.endswith(("s", "x", "z", "ch", "sh", "o")) and not word.endswith(("oo", "eo")):
            return word + "es"
        if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
            return word[:-1] + "ies"
        return word + "s"
    if form in ("ed", "en"):
        if word.endswith("e"):
            return word + "d"
        if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
            return word[:-1] + "ied"
        if _doubles_final(word):
            return word + word[-1] + "ed"
        return word + "ed"
    if form == "ing":
        if word.endswith("ie"):
            return word[:-2] + "ying"
        if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
            return word[:-1] + "ing"
        if _doubles_final(word):
            return word + word[-1] + "ing"
        return word + "ing"
    raise ValueError(f"unknown form {form!r}")


@lru_cache(maxsize=65536)
def forms(word: str) -> frozenset[str]:
    """Every form of `word`: itself, -s, -ed, participle, -ing, and irregular forms."""
    out = {word}
    for form in FORMS[1:]:
        out.add(inflect(word, form))
    if form_of(word) == "s":  # a plural in the phrase also matches its singular
        out.add(word[:-3] + "y" if word.endswith("ies") else word[:-1])
    plurals, singulars = _irregular_nouns()
    out.update(plurals.get(word, ()))
    if word in singulars:
        out.add(singulars[word])
    irregular = _irregular().get(word.rpartition("-")[2])
    if irregular:
        head = word.rpartition("-")[0]
        for w in "|".join(irregular).split("|"):
            out.add(f"{head}-{w}" if head else w)
        out.update(_IRREGULAR_PRESENT.get(word, ()))
    return frozenset(out)


# A count noun's plural is about as frequent as its singular; a mass noun's is rare or unlisted.
# Plural minus singular Zipf frequency on the modifiers of the lexicon's compounds: domino, ripple
# -0.4, landslide -0.5, smear, bailout -0.6 (count); power -0.8, poison -0.9, powder, blame -1.1,
# iron -1.4, vacuum -1.6, safety -2.3 (mass). "power" and "war", used both ways, fall on the mass
# side, where a literal reading is kept.
MAX_COUNT_PLURAL_DROP = 0.65


def is_count_noun(noun: str) -> bool:
    """`noun` (singular) is a count noun by its frequencies: its regular or irregular plural is
    listed and at most MAX_COUNT_PLURAL_DROP less frequent (english.zipf). A singular count noun
    cannot stand bare where English needs a determiner ("an effect of domino")."""
    from .english import zipf

    singular, plural = zipf(noun), zipf(inflect(noun, "s"))
    return singular > 0 and plural > 0 and plural >= singular - MAX_COUNT_PLURAL_DROP


@lru_cache(maxsize=65536)
def form_of(word: str) -> str:
    """A guess at which form `word` is in (for re-inflecting a suggestion to match it)."""
    last = word.lower().rpartition("-")[2]
    known = _irregular_form().get(last)
    if known:
        return known[1]
    for persons in _IRREGULAR_PRESENT.values():
        if last in persons:
            return "s" if last == persons[0] else "base"
    if last.endswith("ing") and len(last) > 5:
        return "ing"
    if last.endswith("ed") and len(last) > 4:
        return "ed"
    if last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
        return "s"
    return "base"


def match_form(canonical: str, found: str) -> str:
    """The canonical word inflected like the found word: flex + wrapping -> flexing.

    A canonical word that is itself inflected in the phrase ("muscles") is kept as written.
    Capitalisation follows the found word.
    """
    target = form_of(found)
    if target == "s" and not _has_stem(found):
        target = "base"  # "chaos", "lens", "politics": no noun or verb of which they are the -s form
    if target in ("ing", "ed", "en") and canonical.lower().endswith(_NOT_VERB_ENDINGS):
        target = "base"  # "humanitarian" has no -ing form, whatever the replaced word had
    if form_of(canonical) == "base" and target != "base" and canonical.lower() not in _irregular_nouns()[1]:
        out = inflect(canonical.lower(), target)
        if canonical[:1].isupper():  # ("be" -> "is": the first letter may change)
            out = out[:1].upper() + out[1:]
    else:
        out = canonical
    if found[:1].isupper() and not found.isupper():
        out = out[:1].upper() + out[1:]
    return out


def _has_stem(word: str) -> bool:
    """`word` (ending in s) is the -s form of a noun or verb the thesaurus knows ("troops",
    "sanctions"), not a word of its own that ends in s ("chaos": "chao" is no English noun)."""
    from .thesaurus import pos

    return any(pos(stem) & {"n", "v"} for stem in base_candidates(word.lower())[1:])


@lru_cache(maxsize=65536)  # the model's candidate sources ask for the same words many times
def base_candidates(word: str) -> tuple[str, ...]:
    """Base forms `word` may be an inflection of (irregular table, then suffix stripping)."""
    out = [word]
    known = _irregular_form().get(word)
    if known:
        out.append(known[0])
    out.extend(base for base, persons in _IRREGULAR_PRESENT.items() if word in persons)
    singular = _irregular_nouns()[1].get(word)
    if singular:
        out.append(singular)  # feet -> foot
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"),
                         ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            stem = word[: -len(suffix)] + repl
            if suffix in ("ed", "ing") and not repl and _doubles_final(stem):
                continue  # "fined" is not "fin" + ed (that is "finned"): only "fine"
            out.append(stem)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # stopped -> stop
    return tuple(dict.fromkeys(out))
