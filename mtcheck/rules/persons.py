"""Honorifics, broken names and pronoun gender: the people MT loses track of (MT3xx).

All four rules read the article's people from its Analysis (`doc.people`, see mtcheck.people).
"""

from __future__ import annotations

import re

from ..finding import Evidence, Severity, evidence
from ..glossary.matching import compare, plain
from ..inflection import form_of
from ..english import function_words, gap, honorifics, is_capitalised, is_initial
from ..people import (CONTINUING as _CONTINUING, PHRASE_SUBJECTS, PRONOUN_GENDER, bare,
                      cannot_be_surname, compatible, family_name_first, person_nouns, relatives, speech_verbs, word_after_phrase)
from .base import Example, Rule


# Confidences rank a rule's findings by how sure the evidence is; a fixable finding needs 0.8
# or more for plain --fix (Finding.safe_fix). Measured precision per rule: docs/rule-precision.md.
# MT301: the word after the honorific is a listed non-name the article never uses as a name.
BROKEN_HONORIFIC_CONFIDENCE = 0.85
# MT302: a title, honorific or known first name shows a person was named; a verb after the
# initial alone is weaker evidence.
CUT_NAME_CONFIDENCE, CUT_NAME_BY_VERB_CONFIDENCE = 0.85, 0.7
# MT303: a configured house style is certain; the article's majority is a guess (below 0.8:
# plain --fix leaves it to the editor).
HOUSE_STYLE_CONFIDENCE, MAJORITY_STYLE_CONFIDENCE = 0.95, 0.75
# MT304: gender from an honorific, noun or glossary; or only from earlier pronouns.
PRONOUN_CONFIDENCE, WEAK_PRONOUN_CONFIDENCE = 0.8, 0.65
# "“…,” he said. She added …": two pronouns of one speaker disagree; which is wrong is unknown.
CONTINUATION_CONFIDENCE = 0.6
_SUBJECT_PRONOUNS = frozenset(("he", "she", "they"))


class HonorificWithoutName(Rule):
    """An honorific followed by a word that cannot be a surname.

    "Ms. After leaving the capital…" or "Mr The minister said…": machine translation dropped
    the name or moved it, and left the honorific in front of a function word or a sentence
    opener. The finding covers the honorific and that word ("Ms. After"); the suggestion
    puts back the surname of the nearest person mentioned before it whose gender fits, and
    lowercases the word ("Ms. Grigorian, after"), for an editor to check. Words that are also
    surnames ("Ms. May", "Mr. Will"), any word the article capitalises mid-sentence elsewhere,
    and any it writes before a hyphenated given name, family name first ("An Ji-hoon" … "Mr
    An"), are read as names. Besides function words and openers (data files), a verb form
    followed by a function word ("Ms. Standing beside", "Mr. Said that") is no name, nor
    is a speech verb ("“…,” Ms. said"), an adverb ("Ms. Visibly moved, …"), nor an ordinary word followed by a determiner at the
    start of a sentence that has its own subject pronoun after the phrase ("Ms. Always a keen
    gardener, she grew …"). When such a pronoun follows the phrase ("Ms. After noticing the
    invoices, she raised …"), it stood for the name: the finding runs to the pronoun and the
    suggestion puts the name in its place ("After noticing the invoices, Ms. Okafor"); so
    when the surname itself follows, moved there by MT ("Mr. Asked about the vote, Tui
    said …": "Asked about the vote, Mr. Tui"). Another person named there is the subject:
    no safe fix.
    """

    code = "MT301"
    name = "honorific-without-name"
    category = "Fluency/Grammar"
    severity = Severity.MAJOR

    examples = (
        Example("Mr. Okafor left early. “We stayed until dawn,” said Irina Vasquez, a teacher.\n\n"
                "Ms. After leaving the city, she said, the family slept in a school.",
                "Ms. After leaving the city, she", "After leaving the city, Ms. Vasquez"),
        Example("Prime Minister Joseph Tui spoke first; Ms Lin followed.\n\n"
                "Mr The minister said the talks would resume.", "Mr The", "Mr Tui the"),
        Example("Nuala Byrne, a nurse, treated him. Ms. Standing beside the bed, she said he would live.",
                "Ms. Standing beside the bed, she", "Standing beside the bed, Ms. Byrne"),
        Example("Nuala Byrne, a nurse, treated him. Ms. Always a keen gardener, she grew roses.",
                "Ms. Always a keen gardener, she", "Always a keen gardener, Ms. Byrne"),
        Example("“We had no choice,” said Nuala Byrne, a nurse. “None at all,” Ms. said.", "Ms. said", "Ms. Byrne said"),
        Example("“We will pay,” said Ms Alofa, the envoy.\n\n"
                "Henrik Aalto, Finland’s chief negotiator, spoke next. “Nobody wants to walk away,” he said.\n\n"
                "Ms Speaking to reporters on Friday, rejected the idea.", "Ms Speaking", "Ms Alofa, speaking"),
        Example("Prime Minister Joseph Tui spoke first.\n\nMr. Asked about the vote, Tui said it would wait.",
                "Mr. Asked about the vote, Tui", "Asked about the vote, Mr. Tui"),
        Example("Dr. Despite the storm, the clinic stayed open.", "Dr. Despite", ""),
        Example("Nuala Byrne, a nurse, treated him.\n\nMs. Visibly moved, said he had lived.",
                "Ms. Visibly", "Ms. Byrne, visibly"),
        Example("Ms. Kelly moved on. Mr. Early said so."),
        Example("“We were not allowed in,” said Leila Haddad, a lawyer. Ms. She added that the court was closed.",
                "Ms. She", "Ms. Haddad"),
        Example("Ms. May said the vote would go ahead."),
        Example("“No,” said Mr. Long. Mr. Long left before noon."),
        Example("Mr. Brown and Dr. Strange spoke later."),
        Example("Mr. Brown, a keen gardener, grew roses. Mr. Young, she said, was late."),
        Example("Mr. And Mrs. Smith arrived on Friday."),
        Example("The author, Ann After, signed copies. Ms. After said she was tired."),
        Example("Mr. and Mrs. Patel stayed home."),
        Example("The series Dr. Who? It returns in May."),
        Example("“It works,” said John Fleming, a chemist. Mr. Fleming in his lab was calm."),
    )

    def check(self, doc, ctx):
        for use in doc.people.honorifics:
            if not (use.broken and use.info.abbreviated):
                continue
            end = use.word_start + len(use.word)
            word = use.word[0].lower() + use.word[1:]
            name = f"{use.text} {use.resolved.surname}" if use.resolved else ""
            sentence = doc.sentence_at(use.start)
            # The word after the phrase the honorific opens, up to the sentence's first comma.
            after = word_after_phrase(doc.prose, sentence.tokens, use.word_start) if sentence is not None else None
            subject = (after if after is not None and after.text in PHRASE_SUBJECTS and word not in _SUBJECT_PRONOUNS
                       and not (word in speech_verbs() and use.word.islower()) else None)  # "“…,” Ms. said"
            # "they" may be the honorific's person or a group: only "he" or "she" is read as the name.
            pronoun = (subject if subject is not None and subject.text in PRONOUN_GENDER
                       and compatible(PRONOUN_GENDER[subject.text], use.info.gender) else None)
            named = _person_named_at(doc, after) if after is not None and subject is None else None
            if named is not None and named.person is use.resolved:
                pronoun = named  # "Mr. Believing in …, Pereira said": MT moved the name behind the phrase
            if pronoun is not None and name:
                # "Ms. After noticing the invoices, she raised …": the phrase has its own subject
                # after it, which the name stood for: "After noticing the invoices, Ms. Okafor raised".
                phrase = doc.prose[use.word_start:pronoun.start]
                if use.start != sentence.start:
                    phrase = word + phrase[len(word):]
                suggestions, end = [phrase + name], pronoun.end
            elif name:
                # "Mr. Speaking to reporters, said …": the phrase after the lost name is set off
                # by commas, so the name needs the opening one ("Mr. Arslan, speaking …").
                comma = "," if _comma_phrase_follows(doc, end) else ""
                # "Ms. She added …": the pronoun stood in for the lost name, which replaces it.
                suggestions = [name if word in _SUBJECT_PRONOUNS else f"{name}{comma} {word}"]
            else:
                suggestions = []
            # Safe only when nobody else in the whole article could be meant.
            fits = [p for p in doc.people.persons.values()
                    if compatible(doc.people.gender_with_spellings(p), use.info.gender)]
            safe = (evidence(f"the only {'woman' if use.info.gender == 'f' else 'man'} named in the article ({{surname}})",
                             surname=use.resolved.surname)
                    if use.resolved and use.info.gender and fits == [use.resolved] else _just_introduced(doc, use))
            if (subject is not None and pronoun is None or named is not None and pronoun is not named
                    or after is not None and after.text in _OTHER_SUBJECTS):  # "After the recall, we …"
                safe = None  # "Ms. After the vote, he said …": someone else is the subject; unclear
            yield self.finding(
                use.start, end,
                f"“{use.text}” is followed by “{use.word}”, which cannot be a surname: the name is missing",
                suggestions, confidence=BROKEN_HONORIFIC_CONFIDENCE, safe=safe)


# Subject pronouns after a phrase that cannot stand for a named third person.
_OTHER_SUBJECTS = frozenset(("I", "we", "you", "it", "there"))


def _person_named_at(doc, token):
    """The mention of a person at `token`, the word after a phrase ("Believing in the
    promises, Pereira said …"), or None when no name stands there."""
    return next((m for m in doc.people.mentions_between(token.start, token.end) if m.person is not None
                 and m.kind != "broken-honorific"), None)


def _just_introduced(doc, use) -> Evidence | None:
    """Evidence that a broken honorific means the person it resolved to: news copy names a
    person in full on first mention and then as "Mr Surname", so when the last person
    mentioned before the honorific is someone just introduced in full ("Pablo Giménez, the
    head of a transport union, said … Mr Asked whether …"), with nobody else (no name, no
    person noun) in between, the honorific is that person, unless the article has already
    called someone else of that gender by an honorific twice or more ("Ms. Guðmundsdóttir"
    twice, then a tourist named in full: "Ms. Warned that the area …" may be either)."""
    before = [m for m in doc.people.mentions if m.start < use.start]
    if not before or use.resolved is None:
        return None
    last = before[-1]
    if last.person is not use.resolved or last.kind != "name" or len(doc.prose[last.start:last.end].split()) < 2:
        return None
    if any(m.person is use.resolved for m in before[:-1]):
        return None  # named before: "Mr" may as well mean someone else mentioned since
    others = [m for m in before if m.kind == "honorific" and m.person is not None and m.person is not use.resolved
              and use.info.gender and m.person.gender_at(m.start) == use.info.gender]
    if len(others) >= 2:
        return None  # "Ms" already stands for someone else, more than once: she may be meant again
    return evidence("the last person mentioned, just introduced in full ({name})", name=doc.prose[last.start:last.end])


class BrokenName(Rule):
    """A person's name cut off after an initial.

    "President Vladimir V. The Russian Foreign Ministry…": the surname after the initial was
    lost and the next sentence ran into the name. The rule needs evidence that a person is
    named (a title or honorific before the first name, of up to three words ("Mayor José Luis
    M."), or a person noun the name stands in apposition to ("the energy minister, Rustam K.
    The …"); a first name the article or the glossary gives to a person; or a verb right after
    the initial while the first name stands mid-sentence: "sent Amal K. Arrived in …", "the
    council, Jorge E. Said that …") and a next word that cannot be a surname ("The", "Said
    that", "Arrives in"; a modal that is also a name counts when a verb follows it: "Siti N.
    Will oversee …"). It suggests the full name: the surname of a person
    with that first name in the article or glossary, or else of the people whose first name is
    unknown (the one with the same title, the only one, or the most mentioned).
    The finding covers the name and the word after it ("Vladimir V. The"), which MT usually
    wrote in place of the surname; the suggestion puts the surname there ("Vladimir V. Putin").
    An initial that is the surname's own first letter may be that surname cut short: where the
    article or glossary writes the name without it ("Laurent Girard"), the suggestion does too
    ("Laurent Girard warned"); where nothing shows which, the fix is left to the editor.
    """

    code = "MT302"
    name = "broken-name"
    category = "Fluency/Grammar"
    severity = Severity.MAJOR

    examples = (
        Example("President George W. The White House declined to comment.\n\n"
                "Later, George W. Harlow said he had been misquoted.", "George W. The", "George W. Harlow. The"),
        Example("Mr Petrov warned on Monday that talks could fail. Petrov repeated it.\n\n"
                "President Ivan I. The ministry said talks would go on. Mr Petrov agreed. Ms Lo, 40, did not.",
                "Ivan I. The", "Ivan I. Petrov’s"),
        Example("Minister Nadia K. After the vote, talks stalled.", "Nadia K. After", "Nadia K. Rahman after",
                glossary=("Nadia K. Rahman,,,person,f",)),
        Example("Health Minister Grace N. Said that clinics were full.", "Grace N. Said", ""),
        Example("Health Minister Grace N. Said that clinics were full. Ms Chirwa asked for tents.",
                "Grace N. Said", "Grace N. Chirwa said"),
        Example("The interior minister, Laurent Girard, spoke. Later, Laurent G. Warned that it would fail.",
                "Laurent G. Warned", "Laurent Girard warned"),
        Example("The militia sent Amal K. Arrived in the city on Sunday.", "Amal K. Arrived", ""),
        Example("Tajikistan’s energy minister, Rustam K. The delegation asked for a dam.", "Rustam K. The", ""),
        Example("Deputy commissioner Siti N. Will oversee the count.", "Siti N. Will", ""),
        Example("Columnist George F. Will wrote about it."),
        Example("President\nIvan I. The ministry agreed.", "Ivan I. The", ""),
        Example("Amal K. Arrived in the city on Sunday."),
        Example("President George W. Bush spoke. The crowd cheered."),
        Example("The company adopted Plan B. The board agreed."),
        Example("Activist Malcolm X said so. A crowd formed around Malcolm X. The police watched."),
        Example("Take vitamin D. The doctor said so."),
        Example("Professor Edward W. Said, the critic, spoke."),
    )

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
            # A first name of two or three words after a title: "Mayor José Luis M. The …".
            k = i
            while (k > 0 and i - k < 2 and gap(prose, tokens[k - 1].end, tokens[k].start) == " "
                   and is_capitalised(tokens[k - 1].text) and not cannot_be_surname(tokens[k - 1].text)
                   and tokens[k - 1].text.lower() not in nouns and tokens[k - 1].text not in hons):
                k -= 1
            if k < i and k > 0 and _titles(prose, tokens[k - 1], tokens[k], nouns, hons):
                given = prose[tokens[k].start:first.end]
                first = tokens[k]
            else:
                k, given = i, first.text
            title = tokens[k - 1].text if k > 0 and (gap(prose, tokens[k - 1].end, first.start) in (" ", ". ")
                                                     or _titles(prose, tokens[k - 1], first, nouns, hons)) else ""
            titled = title.lower() in nouns or title in hons
            known = titled or first.text in firsts or people.glossary_full_names(first.text)
            # Without a title or a known first name, a verb after the initial ("sent Amal K.
            # Arrived in …", "the council, Jorge E. Said that …") still shows a cut name when the
            # first name stands mid-sentence.
            verb_after = after.text.lower() in speech_verbs() or after.text.lower().endswith(("ed", "ing"))
            before = gap(prose, tokens[k - 1].end, first.start) if k > 0 else ""
            mid_sentence = before == ", " or before == " " and tokens[k - 1].text.islower()
            if not (known or verb_after and mid_sentence):
                continue
            if _used_whole(doc, first.text, initial.text):
                continue  # "Malcolm X said": the initial is the whole name
            cut = f"{given} {initial.text}."
            surnames, why = _surname_candidates(people, first.text, initial.text, title.lower(), hons.get(title),
                                                first.start)
            seen_with = [s for given, s in people.full_names if given == first.text]
            safe = (evidence("the article names only one {first}: {name}", first=first.text,
                             name=f"{first.text} {surnames[0]}")
                    if len(surnames) == 1 and surnames == list(dict.fromkeys(seen_with)) else why)
            # "Laurent G." for "Laurent Girard": the initial may be the surname's own, cut short.
            written = {s: _written_given(people, first.text, s) for s in surnames
                       if plain(s)[:1] == plain(initial.text)[:1]}
            short = {s for s, forms in written.items() if given in forms and cut not in forms}
            if surnames and surnames[0] in written and surnames[0] not in short and cut not in written[surnames[0]]:
                safe = None  # a middle initial or the surname cut short: either may be meant
            yield self.finding(
                first.start, after.end,
                f"“{cut}” is cut off: “{after.text}” cannot be a surname",
                [f"{given if s in short else cut} {_with_next_word(doc, s, after)}" for s in surnames],
                confidence=CUT_NAME_CONFIDENCE if known else CUT_NAME_BY_VERB_CONFIDENCE, safe=safe)


def _titles(prose: str, word, first, nouns, hons) -> bool:
    """`word` is the title of the name that begins at `first`: a person noun or honorific
    right before it ("Minister Rustam K."), or a lowercase person noun the name stands in
    apposition to ("Tajikistan’s energy minister, Rustam K.")."""
    between = gap(prose, word.end, first.start)
    if between in (" ", ". "):
        return word.text.lower() in nouns or word.text in hons
    return between == ", " and word.text.islower() and word.text in nouns


def _written_given(people, first: str, surname: str) -> set[str]:
    """How the article and the glossary write the given names of `surname` when they begin
    with `first`: {"Laurent"} for "Laurent Girard", {"Sabine K."} for "Sabine K. Krüger"."""
    person = people.persons.get(surname)
    forms = {g for g in person.given if g.split()[0] == first} if person is not None else set()
    return forms | {term.rsplit(" ", 1)[0] for term in people.glossary_full_names(first)
                    if term.split()[-1] == surname}


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


def _surname_candidates(people, first: str, initial: str, title: str, honorific,
                        at: int) -> tuple[list[str], Evidence | None]:
    """Surnames for a name cut off after "First X.", best first, and the evidence that makes
    a single one safe (None when it is a guess): those the article or the glossary gives to
    someone with that first name (the glossary's own "First X. Surname" is certain); else,
    among people whose first name the article never gives, the one it calls by the same title
    ("Judge Eleanor J." … "Judge Whitcombe": safe), or one who clearly dominates it (three
    mentions or more, over twice anyone else's), or the only one it calls by surname alone
    (safe). A spelling of someone with another first
    name ("Kazlauskiene" beside "Rūta Kazlauskienė") is another person. No candidate fits: no
    suggestion."""
    glossary = people.glossary_full_names(first)
    exact = [surname for given, surname in people.full_names if given == first]
    exact += [term.split()[-1] for term in glossary]
    if exact:
        exact = list(dict.fromkeys(exact))[:3]
        spelled = list(dict.fromkeys(t for t in glossary if t.split()[1:2] == [initial + "."]))
        safe = (evidence("the glossary names {name}, with this first name and initial", name=spelled[0])
                if len(exact) == 1 and len(spelled) == 1 else None)
        return exact, safe
    gender = honorific.gender if honorific else person_nouns().get(title, "")
    named = [p.surname for p in people.persons.values() if p.given]
    pool = [p for p in people.persons.values()
            if not p.given and compatible(p.gender, gender)
            and not any(compare(p.surname, other) is not None or plain(p.surname) == plain(other) for other in named)]
    same_title = [p for p in pool if title and title in p.titles]
    if len(same_title) == 1:
        return [same_title[0].surname], evidence("the only person the article calls “{title}” without a first name",
                                                 title=title)
    # News copy names everyone in full once: a first name that lost its surname and the one
    # person called by surname alone are the same person (spellings of one surname count once,
    # the first written first, as MT103 prefers it).
    # Only someone first mentioned after the cut name, and not under another title ("President
    # Lula spoke. Finance Minister Joseph R. The …": Lula is someone else).
    if pool and all(p is pool[0] or compare(p.surname, pool[0].surname) is not None for p in pool):
        first_seen = min((m.start for m in people.mentions if m.person is pool[0]), default=-1)
        if first_seen > at and not (title and pool[0].titles - {title}):
            return [pool[0].surname], evidence("the only person the article calls by surname alone, never named in full")
    pool.sort(key=lambda p: -p.mentions)
    if pool and pool[0].mentions >= 3 and (len(pool) == 1 or pool[0].mentions > 2 * pool[1].mentions):
        return [pool[0].surname], None
    return [], None


# Verbs a subject's clause goes on with after a set-off phrase ("…, is expected to …").
_AUXILIARIES = frozenset({"is", "was", "has", "had", "will", "would", "could", "can", "must", "may",
                          "might", "should", "did", "does", "remains", "remained"})


def _finite_verb(word: str) -> bool:
    """A past or present verb form: "said", "called", "hit", "rejects", "is"."""
    return word in speech_verbs() or word in _AUXILIARIES or form_of(word) == "ed"


def _comma_phrase_follows(doc, offset: int) -> bool:
    """Does the sentence go on after `offset` with a phrase closed by a comma and then
    the clause's verb ("… after the meeting, said …"), rather than with a relative clause
    ("…, who had bet …") or another subject ("…, he said")?"""
    end = next((s.end for s in doc.sentences if s.start <= offset < s.end), len(doc.prose))
    return any(_finite_verb(w) for w in re.findall(r",\s+([a-z]+)", doc.prose[offset:end]))


def _apposition_follows(doc, offset: int) -> bool:
    """Does a noun phrase run from `offset` to the sentence's first comma, with the clause's
    verb right after it ("The former prime minister, told …")? Not when the phrase has a verb
    of its own: "The Russian Foreign Ministry said …; NATO, it said, had …" is a new clause."""
    end = next((s.end for s in doc.sentences if s.start <= offset < s.end), len(doc.prose))
    phrase, comma, rest = doc.prose[offset:end].partition(",")
    verb = re.match(r"\s+([a-z]+)", rest)
    return (bool(comma) and verb is not None and _finite_verb(verb.group(1)) and ";" not in phrase
            and not any(_finite_verb(w) for w in re.findall(r"[a-z]+", phrase)))


def _with_next_word(doc, surname: str, after) -> str:
    """The surname with the word MT wrote in its place: "Gebremariam opened"; before "The",
    an apposition ("Lund, the former prime minister, told"), the end of a sentence ("Putin.
    The Russian Foreign Ministry …") or else the possessive that "The" stands for
    ("Whitfield’s news conference"), with the article's own apostrophe."""
    word = after.text[0].lower() + after.text[1:]
    if word in ("the", "a", "an"):
        if _apposition_follows(doc, after.end):
            return f"{surname}, {word}"
        nxt = doc.prose[after.end:after.end + 2]
        if nxt[:1] == " " and nxt[1:].isupper():  # "The Russian Foreign Ministry": a new sentence
            return f"{surname}. {after.text}"
        apostrophe = _apostrophe(doc.prose)
        return surname + (apostrophe if surname.endswith("s") else apostrophe + "s")
    return f"{surname} {word}"


def _apostrophe(prose: str) -> str:
    """The article's apostrophe: straight when it writes "Otieno's" more often than "Otieno’s"."""
    straight = len(re.findall(r"[^\W\d_]'[^\W\d_]", prose))
    return "'" if straight > len(re.findall(r"[^\W\d_]’[^\W\d_]", prose)) else "’"


class HonorificStyle(Rule):
    """Honorifics written both with and without a period in one article.

    House styles write "Mr." (American) or "Mr" (British); an article mixes them when parts
    were translated or edited separately. The `honorific-style` setting chooses: `period`,
    `no-period`, or `auto` (default), which takes the article's majority and says nothing on a
    tie. Only abbreviations are checked (Mr, Mrs, Ms, Dr, Prof, …; not Sir or Miss), and only
    where a name follows. British style writes a contraction without a period and a truncation
    with one ("Dr Smith and Prof. Jones"), American style both with one: under `auto` a
    truncation with its period fits either, and neither counts nor is flagged.

    An honorific may belong to a name that is no person's: a company ("Mr. Motivator Ltd.")
    or a title set off in quotation marks or italics (“Mrs. Doubtfire”, *Dr. Strangelove*),
    whose spelling is not the house's to change: those are left alone and not counted. A
    title in plain text ("Mr. Smith Goes to Washington", "Dr. Strangelove") cannot be told
    from a person by its shape, so the fix is safe only for a person the article mentions
    again ("Mr. Putin" … "Putin"); one named only there is left to the editor.
    """

    code = "MT303"
    name = "honorific-style"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR
    fixable = True

    examples = (
        Example("Mr Aliyev spoke. Mr Putin listened. Later Mr. Putin left. Ms Grigorian stayed.", "Mr.", "Mr"),
        Example("Mr Aliyev spoke. Dr. Sato left.", "Mr", "Mr.", config=(("honorific-style", "period"),)),
        Example("Mr. Aliyev spoke. Mrs. Grigorian listened. Dr. Sato left."),
        Example("Mr Aliyev spoke. Ms Grigorian listened. Sir Keir Starmer left."),
        Example("Mr Aliyev spoke. Mr. Putin listened."),
        Example("Mr Lee spoke. Ms. After the vote, talks stalled. Mr Kim agreed."),
        Example("Mr Aliyev spoke. Mr Putin listened. Dr. Sato left. Ms Grigorian stayed.", "Dr.", "Dr"),
        Example("Dr Aliyev spoke. Prof. Sato left. Later Prof. Sato returned."),
        Example("Dr. Aliyev spoke. Mr. Putin listened. Prof Sato left.", "Prof", "Prof."),
        Example("Mr Aliyev spoke. Mr Putin listened. Ms Grigorian stayed. The gym is run by Mr. Motivator Ltd."),
        Example("Mr Aliyev spoke. Mr Putin listened. Ms Grigorian stayed. They watched “Mrs. Doubtfire”."),
    )

    def check(self, doc, ctx):
        uses = [u for u in doc.people.honorifics if u.info.abbreviated and not u.broken and not _no_person(doc, u)]
        style = ctx.config.honorific_style
        if style == "auto":  # "Prof." is both styles' (British: "Dr Smith", "Prof. Jones")
            uses = [u for u in uses if not (u.info.truncated and u.period)]
        with_period = sum(u.period for u in uses)
        without = len(uses) - with_period
        safe = None
        if style == "auto":
            if with_period == without:
                return
            want_period, confidence = with_period > without, MAJORITY_STYLE_CONFIDENCE
            majority = max(with_period, without)
            if majority >= 3 and majority >= 2 * (len(uses) - majority):
                safe = evidence("a clear house style in this article ({majority} of {uses})", majority=majority,
                                uses=len(uses))
        else:
            want_period, confidence, majority = style == "period", HOUSE_STYLE_CONFIDENCE, 0
            safe = evidence("the configured house style")
        for u in uses:
            if u.period == want_period:
                continue
            house = f"“{u.form}.” with a period" if want_period else f"“{u.form}” without a period"
            why = f"{majority} of {len(uses)} honorifics here write" if majority else "the house style writes"
            # A name mentioned only here may be a title or a character ("Dr. Strangelove"), whose
            # spelling keeps its period: for the editor.
            once = u.person is None or u.person.mentions < 2
            yield self.finding(u.start, u.end, f"“{u.text}”: {why} {house}",
                               [u.form + ("." if want_period else "")], confidence=confidence,
                               safe=None if once else safe)


# Words that end a company's name: "Mr. Motivator Ltd.", "Dr. Martens AG".
_COMPANY_ENDINGS = frozenset({"Ltd", "Inc", "Plc", "plc", "PLC", "LLC", "LLP", "Corp", "Co", "GmbH", "AG", "SA",
                              "NV", "BV", "Pty", "Limited", "Incorporated"})


_CLOSING = {"“": "”", '"': '"', "‘": "’", "*": "*", "_": "_"}


def _no_person(doc, use) -> bool:
    """The honorific belongs to a company's name ("Mr. Motivator Ltd.") or opens a title set off
    in quotation marks or italics (“Mrs. Doubtfire”, *Mr. Smith Goes to Washington*): a
    title-case run of up to eight words."""
    name = doc.tokens_within(use.word_start, use.name_end)
    nxt = doc.tokens_within(use.name_end, use.name_end + 16)[:1]
    if nxt and gap(doc.prose, use.name_end, nxt[0].start) in (" ", ", "):
        name += nxt
    if any(t.text in _COMPANY_ENDINGS for t in name):
        return True
    text = doc.text
    close = _CLOSING.get(text[use.start - 1:use.start]) if use.start else None
    end = text.find(close, use.end, use.end + 100) if close else -1
    if end < 0:
        return False
    words = text[use.start:end].rstrip(".,;:!?").split()
    return (2 <= len(words) <= 8 and words[-1][0].isupper()
            and all(w[0].isupper() or w in function_words() for w in words))


_SWAP = {"he": "she", "she": "he", "him": "her", "his": "her", "hers": "his",
         "himself": "herself", "herself": "himself"}


def swap_pronoun(word: str, next_word: str = "") -> str:
    """The pronoun of the other gender, same case: He -> She, his -> her/hers, her -> his/him.
    Before a noun "her" and "his" are possessive ("her team", "his team"); with none after
    them, "her" is the object ("thanked her": "him") and "his" stands alone ("was his": "hers")."""
    lower = word.lower()
    if lower in ("her", "his"):
        possessive = bool(next_word) and next_word[0].isalpha() and next_word.lower() not in function_words()
        other = ("his" if possessive else "him") if lower == "her" else ("her" if possessive else "hers")
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
    the glossary's `gender`; a name after joined honorifics, "Mr and Mrs Okafor", is a
    couple's and gets none) and checks a pronoun in a speech attribution (", he said",
    "He added") or at the start of a sentence, plus the pronouns that follow it in the same
    sentence. It reads the text in order: a pronoun whose referent is clear becomes evidence
    for later ones when nothing stronger is known. It flags only when exactly one person can
    be meant, and that person's gender conflicts: the candidates are those named before the
    pronoun in its own sentence, else in the previous one (further back when that names
    nobody). Another person, a person noun ("an official"), a full name nothing else
    confirms ("Anna Novak met Mr Horvat") or a pronoun with no clear referent makes the
    referent uncertain, and the rule says nothing; so does a surname the article gives two
    first names ("Ines Berg" … "Tomas Berg"), whose gender evidence may be either's. A
    pronoun of the other gender may pick an earlier referent, so before flagging the rule
    looks back to the start of the paragraph before the one that last names the person:
    anyone there who may have the pronoun's gender, or for "she" a ship or boat
    (`vessel_nouns.txt`), keeps it silent; not when the pronoun goes on with the speaker just
    quoted ("“…,” she said. He added …"), nor when it opens a sentence or attributes a
    quotation right after a sentence of its paragraph that names only that person ("Ms. Ruiz
    said she was glad. “…,” he said.", "Ms. Ruiz toured the camp. He declared …"). Quoted
    speech is skipped. First names are not used: there is no maintained list to rely on.
    Without a known referent, a sentence that goes on with the last speaker ("“…,” he said.
    She added …") must use that speaker's pronoun: the later one is flagged, for the editor.
    """

    code = "MT304"
    name = "pronoun-gender"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR

    examples = (
        Example("Mr. Berger, the governor, visited the town. She said the staff would help.", "She", "He"),
        Example("Its spokeswoman, Lucja Wojtowicz, said queues formed long after the official closing time. "
                "“People were still voting after midnight,” she said. He added that every ballot would count.",
                "He", "She"),
        Example("Chen Wei, a spokeswoman for the ministry, spoke on Monday. He said talks were over.", "He", "She"),
        Example("Amara Diallo, a senior official, addressed the press. “We are ready,” he said.", "he", "she",
                glossary=("Amara Diallo,,,person,f",)),
        Example("“We will rebuild,” said Ms. Lopez. “It will take years,” said John Park, an engineer. "
                "“We need steel,” he said."),
        Example("Ms. Smith met Mr. Jones on Monday. He said the meeting went well."),
        Example("Ms. Smith spoke to a police officer. He said the road was closed."),
        Example("Ms. Smith was furious. “He lied to us,” she said."),
        Example("Ms. Smith left. “Thanks,” Robin Tan said. “It was fun,” he said."),
        Example("Mr. Jones was arrested. Ms. Smith said he had been framed. He denied it."),
        Example("Ms. Ortiz spoke first. Later Igor Petrov, an analyst, said the talks reminded him of 1991. "
                "“It felt the same,” he said."),
        Example("Ms. Smith said her husband had been arrested. He said nothing."),
        Example("Ms. Smith’s gardener answered the phone. He said she was out."),
        Example("“Thank you, Mr. President,” said Ms. Ortiz. “You are welcome,” he said."),
        Example("A spokeswoman met an official. “We are ready,” he added."),
        Example("Kwabena Boateng, an economist, and a minister spoke. “We negotiate alone,” he said. "
                "She added that the union had discussed it.", "She", "He"),
        Example("“We negotiate alone,” she said. She added that the union had discussed it."),
        Example("“We negotiate alone,” he said.\n\nShe added that the union had discussed it."),
        Example("Mr Horvat said on Monday the talks had failed. She added that a new round was unlikely.",
                "She", "He"),
        Example("Mr Silva, the mayor, promised help.\n\nMs Santos said she was glad. “It is late,” he said.",
                "he", "she"),
        Example("Mr Silva, the mayor, promised help.\n\nMs Santos toured the camp. He declared an emergency.",
                "He", "She"),
        Example("Anna Novak met Mr Horvat on Monday. She said the meeting had gone well."),
        Example("Mr Rossi hired Giulia Conti last spring. She won the case in June."),
        Example("Maria Santos, 34, a teacher, lost her home.\n\nMr Silva, the mayor, promised help.\n\n"
                "She said she had heard that before."),
        Example("Mr Brennan’s firm built the trawler in Killybegs. She sank off Donegal in 1998."),
        Example("Mr and Mrs Hughes met at a dance in Rhyl in 1961. He was a miner, and she was a nurse."),
    )

    def check(self, doc, ctx):
        yield from self._conflicts(doc)
        yield from self._continuations(doc, {c.start for c in doc.people.pronoun_conflicts})

    def _continuations(self, doc, flagged):
        """ "“…,” he said. She added that …": "added" goes on with the speaker just attributed,
        so both pronouns are one person and one of them is wrong. Which one the article alone
        cannot say: the later is flagged, for the editor."""
        sentences = doc.sentences
        for prev, sent in zip(sentences, sentences[1:]):
            toks = sent.tokens
            if (len(toks) < 2 or toks[0].text not in ("He", "She") or toks[1].text not in _CONTINUING
                    or prev.paragraph != sent.paragraph or toks[0].start in flagged):
                continue
            before = _ATTRIBUTION_END.search(doc.prose[prev.start:prev.end])
            if before is None or before.group(1).lower() == toks[0].text.lower():
                continue
            yield self.finding(
                toks[0].start, toks[0].end,
                f"“{toks[0].text} {toks[1].text}” goes on with the speaker just quoted as “{before.group(1)}”",
                [swap_pronoun(toks[0].text)], confidence=CONTINUATION_CONFIDENCE)

    def _conflicts(self, doc):
        for c in doc.people.pronoun_conflicts:
            woman = PRONOUN_GENDER[c.word.lower()] == "m"
            other = swap_pronoun(c.word, c.next_word)
            if _AFTER_QUOTE.search(doc.prose[max(0, c.start - 8):c.start]):
                other = other.lower()  # “…?” he said: MT402's case too
            yield self.finding(
                c.start, c.end,
                f"“{c.word}” refers back to a {'woman' if woman else 'man'} ({c.referent.surname})",
                [other], confidence=WEAK_PRONOUN_CONFIDENCE if c.weak else PRONOUN_CONFIDENCE,
                safe=None if c.weak else evidence("one possible referent ({surname}), whose gender the article states",
                                                  surname=c.referent.surname))


# The attribution a sentence ends with ("…,” he said."); the verbs that go on with that speaker
# are people.CONTINUING.
_ATTRIBUTION_END = re.compile(r"[,?!][”\"]\s+(he|she)\s+(?:said|says|added|adds|asked|continued)\.\s*$")

# A quotation that ends in ?, ! or a comma right before: the attribution after it is lowercase.
_AFTER_QUOTE = re.compile(r"[?!,][”\"]\s*$")


# MT305: the honorific's own apposition names the other gender, or every other piece of
# evidence does, one of them before it; the person addressed by the family name elsewhere.
OWN_NOUN_CONFIDENCE, OTHER_EVIDENCE_CONFIDENCE, GIVEN_NAME_CONFIDENCE = 0.85, 0.7, 0.75
_OTHER = {"m": "f", "f": "m"}


class HonorificMismatch(Rule):
    """An honorific that does not fit the person it names: the wrong gender, or a given name.

    Languages without gendered honorifics or pronouns make MT guess "Mr." or "Ms." for each
    mention, and names written family name first ("Lee Jae-myung", "Wang Yi") lose their
    order. The rule flags a "Mr."/"Ms." (or another gendered honorific) whose own title or
    apposition names the other gender ("Mr. Paetongtarn, the daughter of …"), or that every
    other piece of evidence about the person contradicts, one of them before it: the
    person's other honorifics (with those whose name was lost and that MT301 reads as the
    person's: "Ms. Visibly moved, said …"), gendered nouns in title or apposition, the glossary's gender,
    and subject pronouns whose one possible referent is the person ("“…,” she said. Mr.
    Koné said …"). A surname the article gives two first names, a couple ("Mr and Mrs
    Hughes") and a relative of the honorific's gender named near the person ("her husband"),
    who may share the surname, keep it silent; so does any evidence of the honorific's own
    gender. A lone honorific contradicted only by a later pronoun, or by a single one that
    MT304 flags against it ("Tom Whitaker … “…,” she said. … Mr Whitaker said"), is MT304's
    to judge; a reflexive pronoun in the honorific's own sentence counts ("Mr. Osmani …
    distanced herself").
    It also flags an honorific before a person's given name when the article writes the
    family name first, before that given name, and either addresses the person by the
    family name elsewhere ("Yoon Suk Yeol" … "Mr. Yoon" … "Mr. Suk Yeol") or the given
    name is hyphenated with a lowercase second syllable, as Korean and Chinese given names
    are romanised ("Park Soon-ja" … "Mrs. Soon-ja": Mrs. Park), or is pinyin after a common
    Chinese family name ("Xi Jinping" … "Mr. Jinping": Mr. Xi).
    """

    code = "MT305"
    name = "honorific-mismatch"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR

    examples = (
        Example("Aminata Koné sells cloth in Abidjan. “Every truck pays three times,” she said. "
                "Mr. Koné said she would buy from Ghana instead.", "Mr. Koné", "Ms. Koné"),
        Example("Ms. Paetongtarn was removed in August. Mr. Paetongtarn, the daughter of Thaksin Shinawatra, "
                "had been in office for a year.", "Mr. Paetongtarn", "Ms. Paetongtarn"),
        Example("Ms. Osmani called for calm. Ms. Osmani spoke again on Monday. Mr. Osmani later left.",
                "Mr. Osmani", "Ms. Osmani"),
        Example("Sheikh Hasina fled to New Delhi. Ms. Hasina, 78, denied the charges."),
        Example("Mr Horvat said on Monday the talks had failed. She added that a new round was unlikely."),
        Example("Ms. Smith said her husband had been arrested. Mr. Smith was released on Monday."),
        Example("Mr and Mrs Hughes met in 1961. Mrs Hughes was a nurse. Mr Hughes was a miner."),
        Example("Ines Berg, a nurse, met Tomas Berg. Ms. Berg spoke. Mr. Berg left."),
        Example("President Lee Jae-myung spoke. Mr. Lee said he wanted talks. Mr. Jae-myung said so again.",
                "Mr. Jae-myung", "Mr. Lee"),
        Example("Park Soon-ja, 91, applied again. Mrs. Soon-ja said she would wait.", "Mrs. Soon-ja", "Mrs. Park"),
        Example("Jens-Frederik Nielsen did not attend. Mr. Nielsen sent a representative."),
        Example("Prime Minister Abiy Ahmed spoke. Mr. Abiy said Ethiopia needed a port."),
        Example("Paetongtarn Shinawatra was removed. Ms. Paetongtarn had been in office for a year."),
    )

    def check(self, doc, ctx):
        people = doc.people
        uses = [u for u in people.honorifics if not u.broken and u.person is not None]
        yield from self._wrong_gender(doc, uses)
        yield from self._given_name(doc, uses)

    def _wrong_gender(self, doc, uses):
        hons = honorifics()
        for use in uses:
            gender, person = use.info.gender, use.person
            if gender not in _OTHER or person.shared or use.coordinated:
                continue
            other = _OTHER[gender]
            if use.noun_gender == gender:
                continue
            mine = [u for u in uses if u.person is person and u is not use]
            if any(u.coordinated for u in mine):
                continue  # a couple, or a family
            if use.noun_gender == other:
                reason, confidence = "its own apposition or title", OWN_NOUN_CONFIDENCE
            else:
                # a broken honorific read as this person's ("Ms. Visibly moved, said …") is one too
                found = [(u.start, u.info.gender, "honorific") for u in mine + self._broken_for(doc, person)
                         if u.info.gender]
                found += [e for e in person.evidence if not use.start <= e[0] < use.name_end]
                if any(g == gender for _, g, _ in found):
                    continue
                # A title alone may be part of the name ("Sheikh Hasina"): not enough against it.
                before = [at for at, g, kind in found if g == other and at < use.start and kind != "title"]
                if not (before or sum(u.info.gender == other for u in mine) >= 2):
                    continue
                against = [e for e in found if e[1] == other]
                if (not mine and len(against) == 1 and against[0][2] == "pronoun"
                        and against[0][0] in {c.start for c in doc.people.pronoun_conflicts}):
                    continue  # one pronoun against one honorific: MT304 flags the pronoun
                if self._relative_near(doc, person, gender):
                    continue
                reason, confidence = "the rest of the article", OTHER_EVIDENCE_CONFIDENCE
            suggestion = self._honorific_for(uses, other, use, hons) + doc.prose[use.end:use.name_end]
            found = doc.prose[use.start:use.name_end]
            yield self.finding(use.start, use.name_end,
                               f"“{found}”: {reason} makes {person.surname} a {'woman' if other == 'f' else 'man'}",
                               [suggestion], confidence=confidence)

    @staticmethod
    def _broken_for(doc, person) -> list:
        """The honorifics whose name was lost (MT301) that the article's context gives to `person`."""
        return [u for u in doc.people.honorifics if u.broken and u.resolved is person]

    @staticmethod
    def _relative_near(doc, person, gender) -> bool:
        """A relative of `gender` named in a sentence that mentions the person: "Ms. Smith said
        her husband …" (Mr. Smith may be he)."""
        nouns, kin = person_nouns(), relatives()
        sentences = {id(doc.sentence_at(m.start)) for m in doc.people.mentions if m.person is person}
        for sentence in doc.sentences:
            if id(sentence) in sentences and any(
                    t.text.lower() in kin and nouns.get(t.text.lower()) == gender for t in sentence.tokens):
                return True
        return False

    @staticmethod
    def _honorific_for(uses, gender, use, hons) -> str:
        """The article's most used honorific of `gender` ("Ms", "Mrs"; "Ms"/"Mr" when none),
        in the style of the one replaced."""
        counts: dict[str, int] = {}
        for u in uses:
            if u.info.gender == gender and hons[u.form].abbreviated:
                counts[u.form] = counts.get(u.form, 0) + 1
        form = max(counts, key=counts.get) if counts else ("Ms" if gender == "f" else "Mr")
        if use.form[0].isupper() and form[0].islower():
            form = form.capitalize()
        return form + ("." if use.period and hons[form].abbreviated else "")

    def _given_name(self, doc, uses):
        prose = doc.prose
        hons = honorifics()
        runs = [[bare(m.text) for m in run] for run in doc.names.runs]
        addressed = {u.person.surname for u in uses if " " not in prose[u.word_start:u.name_end].strip()}
        for use in uses:
            words = prose[use.word_start:use.name_end].split()
            if not words or words[0] in hons:
                continue
            n = len(words)
            families = set()
            for run in runs:
                if len(run) > n and run[-n:] == words:
                    family = run[-n - 1]
                    if family in hons or family.lower() in person_nouns() or is_initial(family):
                        families = set()
                        break
                    families.add(family)
                elif run and run[-1] == words[-1] and run[-n:] != words:
                    families = set()  # the same last word after another name: someone else's surname
                    break
            if len(families) != 1:
                continue
            family = families.pop()
            if family in words or not (family in addressed
                                       or n == 1 and family_name_first(family, words[0])):
                continue
            found = prose[use.start:use.name_end]
            yield self.finding(use.start, use.name_end,
                               f"“{found}”: {' '.join(words)} is the given name; the article writes the family "
                               f"name, {family}, first", [f"{use.text} {family}"], confidence=GIVEN_NAME_CONFIDENCE)


RULES = (HonorificWithoutName, BrokenName, HonorificStyle, PronounGender, HonorificMismatch)
