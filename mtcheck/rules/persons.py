"""Honorifics, broken names and pronoun gender: the people MT loses track of (MT3xx).

All four rules read the article's people from its Analysis (`doc.people`, see mtcheck.people).
"""

from __future__ import annotations

import re

from ..finding import Severity
from ..english import function_words, gap, honorifics, is_capitalised, is_initial
from ..people import PRONOUN_GENDER, cannot_be_surname, compatible, person_nouns, speech_verbs
from .base import Rule


class HonorificWithoutName(Rule):
    """An honorific followed by a word that cannot be a surname.

    "Ms. After leaving the capital…" or "Mr The minister said…": machine translation dropped
    the name or moved it, and left the honorific in front of a function word or a sentence
    opener. The finding covers the honorific and that word ("Ms. After"); the suggestion
    puts back the surname of the nearest person mentioned before it whose gender fits, and
    lowercases the word ("Ms. Grigorian after"), for an editor to check. Words that are also
    surnames ("Ms. May", "Mr. Will"), and any word the article capitalises mid-sentence
    elsewhere, are read as names. Besides function words and openers (data files), a verb
    form followed by a function word ("Ms. Standing beside", "Mr. Said that") is no name.
    """

    code = "MT301"
    name = "honorific-without-name"
    category = "Fluency/Grammar"
    severity = Severity.MAJOR

    def check(self, doc, ctx):
        for use in doc.people.honorifics:
            if not (use.broken and use.info.abbreviated):
                continue
            word = use.word[0].lower() + use.word[1:]
            suggestions = [f"{use.text} {use.resolved.surname} {word}"] if use.resolved else []
            yield self.finding(
                use.start, use.word_start + len(use.word),
                f"“{use.text}” is followed by “{use.word}”, which cannot be a surname: the name is missing",
                suggestions, confidence=0.85)


class BrokenName(Rule):
    """A person's name cut off after an initial.

    "President Vladimir V. The Russian Foreign Ministry…": the surname after the initial was
    lost and the next sentence ran into the name. The rule needs evidence that a person is
    named (a title or honorific before the first name, a first name the article or the
    glossary gives to a person, or a verb right after the initial while the first name stands
    mid-sentence: "sent Amal K. Arrived in …") and a next word that cannot be a surname. It
    suggests the full name: the surname of a person with that first name in the article or glossary, or else of
    the most mentioned people whose first name is unknown (those with the same title first).
    The finding covers the name and the word after it ("Vladimir V. The"), which MT usually
    wrote in place of the surname; the suggestion puts the surname there ("Vladimir V. Putin").
    """

    code = "MT302"
    name = "broken-name"
    category = "Fluency/Grammar"
    severity = Severity.MAJOR

    def check(self, doc, ctx):
        people = doc.people
        tokens, prose = doc.tokens, doc.prose
        nouns, hons = person_nouns(), honorifics()
        firsts = {given for given, _ in people.full_names}
        for i in range(len(tokens) - 2):
            if len(tokens[i + 1].text) != 1:  # cheap test first: most words are no initial
                continue
            first, initial, after = tokens[i], tokens[i + 1], tokens[i + 2]
            if not (is_initial(initial.text) and gap(prose, first.end, initial.start) == " "
                    and gap(prose, initial.end, after.start) == ". " and is_capitalised(after.text)
                    and people.not_a_name(i + 2)):
                continue
            if not is_capitalised(first.text) or cannot_be_surname(first.text):
                continue
            title = tokens[i - 1].text if i > 0 and gap(prose, tokens[i - 1].end, first.start) in (" ", ". ") else ""
            titled = title.lower() in nouns or title in hons
            known = titled or first.text in firsts or people.glossary_full_names(first.text)
            # Without a title or a known first name, a verb after the initial ("sent Amal K.
            # Arrived in …") still shows a cut name when the first name stands mid-sentence.
            verb_after = after.text.lower() in speech_verbs() or after.text.lower().endswith(("ed", "ing"))
            mid_sentence = i > 0 and tokens[i - 1].text.islower() and gap(prose, tokens[i - 1].end, first.start) == " "
            if not (known or verb_after and mid_sentence):
                continue
            if _used_whole(doc, first.text, initial.text):
                continue  # "Malcolm X said": the initial is the whole name
            cut = f"{first.text} {initial.text}."
            surnames = _surname_candidates(people, first.text, title.lower(), hons.get(title))
            yield self.finding(
                first.start, after.end,
                f"“{cut}” is cut off: “{after.text}” cannot be a surname",
                [f"{cut} {s}" for s in surnames], confidence=0.85 if known else 0.7)


def _used_whole(doc, first: str, initial: str) -> bool:
    """True when the article writes "First X" elsewhere without a period after the initial."""
    prose = doc.prose
    needle = f"{first} {initial}"
    pos = prose.find(needle)
    while pos != -1:
        after = prose[pos + len(needle):pos + len(needle) + 1]
        if after != "." and not after.isalnum():
            return True
        pos = prose.find(needle, pos + 1)
    return False


def _surname_candidates(people, first: str, title: str, honorific) -> list[str]:
    """Surnames for a name cut off after "First X.", best first."""
    exact = [surname for given, surname in people.full_names if given == first]
    exact += [term.split()[-1] for term in people.glossary_full_names(first)]
    if exact:
        return list(dict.fromkeys(exact))[:3]
    gender = honorific.gender if honorific else person_nouns().get(title, "")
    pool = [p for p in people.persons.values() if not p.given and compatible(p.gender, gender)]
    pool.sort(key=lambda p: (title not in p.titles, -p.mentions))
    if len(pool) > 1 and (title in pool[0].titles) == (title in pool[1].titles) and pool[0].mentions > pool[1].mentions:
        pool = pool[:1]  # the most mentioned one
    return [p.surname for p in pool[:2]]


class HonorificStyle(Rule):
    """Honorifics written both with and without a period in one article.

    House styles write "Mr." (American) or "Mr" (British); an article mixes them when parts
    were translated or edited separately. The `honorific-style` setting chooses: `period`,
    `no-period`, or `auto` (default), which takes the article's majority and says nothing on a
    tie. Only abbreviations are checked (Mr, Mrs, Ms, Dr, Prof, …; not Sir or Miss), and only
    where a name follows.
    """

    code = "MT303"
    name = "honorific-style"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR
    fixable = True

    def check(self, doc, ctx):
        uses = [u for u in doc.people.honorifics if u.info.abbreviated and not u.broken]
        style = ctx.config.honorific_style
        with_period = sum(u.period for u in uses)
        without = len(uses) - with_period
        if style == "auto":
            if with_period == without:
                return
            want_period, confidence = with_period > without, 0.75
            majority = max(with_period, without)
        else:
            want_period, confidence, majority = style == "period", 0.95, 0
        for u in uses:
            if u.period == want_period:
                continue
            house = "“Mr.” with a period" if want_period else "“Mr” without a period"
            why = f"{majority} of {len(uses)} honorifics here" if majority else "the house style"
            yield self.finding(u.start, u.end, f"“{u.text}”: {why} write {house}",
                               [u.form + ("." if want_period else "")], confidence=confidence)


_SWAP = {"he": "she", "she": "he", "him": "her", "his": "her", "hers": "his",
         "himself": "herself", "herself": "himself"}


def swap_pronoun(word: str, next_word: str = "") -> str:
    """The pronoun of the other gender, same case: He -> She, his -> her, her -> his/him."""
    lower = word.lower()
    if lower == "her":
        possessive = bool(next_word) and next_word[0].isalpha() and next_word.lower() not in function_words()
        other = "his" if possessive else "him"
    else:
        other = _SWAP[lower]
    if word.isupper() and len(word) > 1:
        return other.upper()
    return other.capitalize() if word[0].isupper() else other


class PronounGender(Rule):
    """A pronoun whose gender conflicts with the person it refers to.

    Languages that drop subject pronouns or do not mark gender make MT guess, so a woman who
    was just quoted comes out as "he said". The rule tracks people with gender evidence
    (honorifics, gendered nouns such as "spokeswoman" or "father" in a title or apposition,
    the glossary's `gender`) and checks a pronoun in a speech attribution (", he said",
    "He added") or at the start of a sentence, plus the pronouns that follow it in the same
    sentence. It reads the text in order: a pronoun whose referent is clear becomes evidence
    for later ones when nothing stronger is known. It flags only when exactly one person can
    be meant, and that person's gender conflicts: the candidates are those named before the
    pronoun in its own sentence, else in the previous one (further back when that names
    nobody). Another person, a person noun ("an official") or a pronoun with no clear
    referent makes the referent uncertain, and the rule says nothing. Quoted
    speech is skipped. First names are not used: there is no maintained list to rely on.
    """

    code = "MT304"
    name = "pronoun-gender"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR

    def check(self, doc, ctx):
        for c in doc.people.pronoun_conflicts:
            woman = PRONOUN_GENDER[c.word.lower()] == "m"
            other = swap_pronoun(c.word, c.next_word)
            if _AFTER_QUOTE.search(doc.prose[max(0, c.start - 8):c.start]):
                other = other.lower()  # “…?” he said: MT402's case too
            yield self.finding(
                c.start, c.end,
                f"“{c.word}” refers back to a {'woman' if woman else 'man'} ({c.referent.surname})",
                [other], confidence=0.65 if c.weak else 0.8)


# A quotation that ends in ?, ! or a comma right before: the attribution after it is lowercase.
_AFTER_QUOTE = re.compile(r"[?!,][”\"]\s*$")


RULES = (HonorificWithoutName, BrokenName, HonorificStyle, PronounGender)
