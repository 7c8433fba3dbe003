"""Capitalization, quotation-mark and repeated-word rules: broken sentence structure MT leaves behind."""

from __future__ import annotations

import re
from functools import lru_cache

from ..finding import Severity, evidence
from ..english import CALENDAR_NAMES, WRAPPED_SPACE as _SPACE, function_words, gap, honorifics, is_capitalised, titles
from ..glossary.reference import gazetteer
from ..inflection import base_candidates
from ..people import bare, cannot_be_surname, person_nouns, speech_verbs, surname_words
from ..quotes import CLOSE_CURLY, OPEN_CURLY, STRAIGHT, continues_quote, quote_marks
from ..resources import data_lines
from .base import Example, Rule

_AFTER_SEMICOLON = re.compile(rf";{_SPACE}([^\W\d_][\w’'-]*)(?:{_SPACE}([\w“\"]))?")


# Confidences rank a rule's findings by how sure the evidence is; a fixable finding needs 0.8
# or more for plain --fix (Finding.safe_fix). Measured precision per rule: docs/rule-precision.md.
# MT401: a capitalised function word is surely wrong; another word only by the article's usage.
FUNCTION_WORD_CONFIDENCE, USED_LOWERCASE_CONFIDENCE = 0.9, 0.7
# MT402: after a comma the sentence surely goes on; after ? or ! it may end there.
AFTER_COMMA_CONFIDENCE, AFTER_QUESTION_CONFIDENCE = 0.9, 0.8
# MT403: a mismatched pair is plain to see; a stray or turned mark may be a convention we do
# not know; an unclosed quotation may run on in a way we misread, the more so when the next
# one opens; where the closing mark belongs is a guess on top.
MISMATCHED_CONFIDENCE, WRONG_WAY_CONFIDENCE, STRAY_CLOSING_CONFIDENCE = 0.8, 0.75, 0.7
UNCLOSED_CONFIDENCE, UNCLOSED_BEFORE_NEXT_CONFIDENCE, CLOSING_SPOT_DISCOUNT = 0.75, 0.6, 0.1


def _lowercase(word: str) -> str:
    return word[0].lower() + word[1:]


class CapitalAfterSemicolon(Rule):
    """A capital letter right after a semicolon.

    A semicolon joins two clauses of one sentence, so the word after it is lowercase unless
    it is a proper noun, "I" or an acronym. Machine translation often splits and rejoins
    sentences and leaves the capital behind ("…a NATO member; And maybe Iran").
    The rule flags a capitalised function word, or a capitalised word that the same text
    also uses in lowercase and never capitalised mid-sentence, unless it is the name of a month
    or a day, which English capitalises wherever it stands ("the march was peaceful; March is
    the busiest month"). A quoted start ("; “We …") is left alone, and so is a word that may
    be a name when a capital or a number follows ("; May 5", "; Will Smith", "; Rose Tan").

    A capitalised function word may open a name or a title: a known one ("; The Hague",
    "; The Gambia": the gazetteer or the glossary), or a title-case run, the function word
    followed (past lowercase function words) by a capitalised word that is no sentence opener
    ("; Of Monsters and Men closed", "; In the Mood for Love was", "; And Just Like That,
    its sequel"). Such a word is left alone, unless the run after it is a name on its own, a
    known place, nationality, person or acronym, which the function word only stands before
    ("; Even Egypt", "; The Russian army", "; And Mr Tan"), or the article itself writes the
    phrase in lowercase elsewhere ("the Times").
    """

    code = "MT401"
    name = "capital-after-semicolon"
    category = "Fluency/Capitalization"
    severity = Severity.MINOR
    fixable = True

    examples = (
        Example("Turkey, a NATO member; And maybe Iran.", "And", "and"),
        Example("Prices rose; Markets fell. The markets recovered later.", "Markets", "markets"),
        Example("Turkey backed the plan; Iran did not."),
        Example("I agreed; I still do."),
        Example("Russia abstained; NATO objected."),
        Example("He paused; “We will not give up,” he said."),
        Example("The vote was set; May 5 was the date."),
        Example("Two were named; Will Smith was one. He will speak."),
        Example("Prices rose; Rose Tan, an analyst, was not surprised."),
        Example("Cairo hesitated; Even Egypt, a close ally, voted no.", "Even", "even"),
        Example("The envoys met in Geneva; The Hague, where the court sits; and Vienna."),
        Example("The band opened with a new single; Of Monsters and Men closed the festival."),
        Example("Two films shared the prize; In the Mood for Love was restored."),
        Example("Two series return: Sex and the City; And Just Like That, its sequel, follows."),
    )

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
                if _opens_name(doc, ctx, m.start(1)):
                    continue
                confidence = FUNCTION_WORD_CONFIDENCE
            else:
                if name_like:
                    continue
                if lower_words is None:
                    lower_words = {t.text for t in doc.tokens if t.text.islower()}
                    names = doc.midsentence_capitals
                if lower not in lower_words or any(at != m.start(1) for at in names.get(word, ())):
                    continue
                if word in CALENDAR_NAMES:
                    continue  # "; March is the busiest month" beside "the march": a month's name
                confidence = USED_LOWERCASE_CONFIDENCE
            yield self.finding(m.start(1), m.end(1), f"“{word}” is capitalised after a semicolon",
                               [_lowercase(word)], confidence=confidence)


_TITLE_LINKS = 2  # lowercase function words a title may have before its first capital ("In the Mood")
_RUN_WORDS = 4  # words of a name or a title read after the function word


def _opens_name(doc, ctx, start: int) -> bool:
    """Does the capitalised function word at `start` open a name or a title rather than a
    clause ("; The Hague", "; Of Monsters and Men closed …" against "; And maybe Iran",
    "; The peso", "; Even Egypt")? See CapitalAfterSemicolon."""
    prose = doc.prose
    sentence = doc.sentence_at(start)
    tokens = doc.tokens_within(start, sentence.end if sentence else len(prose))
    if not tokens or _known_name(ctx, prose, tokens, start):
        return True
    k = 1
    while (k < len(tokens) and k <= _TITLE_LINKS and tokens[k].text in function_words()
           and gap(prose, tokens[k - 1].end, tokens[k].start) == " "):
        k += 1
    if k >= len(tokens) or gap(prose, tokens[k - 1].end, tokens[k].start) != " ":
        return False  # "; However, …": punctuation, or the sentence ends
    first = tokens[k].text
    if first.isupper() and len(first) > 1:
        return False  # an acronym is a name of its own: "; The EU said"
    if not is_capitalised(first) or first == "I" or first.startswith(("I’", "I'")) or (
            cannot_be_surname(first) and first.lower() not in function_words()):
        return False  # "; And maybe Iran", "; And I said", "; But Yesterday …"
    run = [tokens[k]]
    while (len(run) < _RUN_WORDS and k + len(run) < len(tokens) and run[-1].text == bare(run[-1].text)
           and is_capitalised(tokens[k + len(run)].text)
           and gap(prose, run[-1].end, tokens[k + len(run)].start) == " "):
        run.append(tokens[k + len(run)])
    phrase = prose[start:run[-1].end]
    phrase = phrase[:len(phrase) - len(run[-1].text) + len(bare(run[-1].text))]
    usage = _usage(prose, phrase, start)
    if usage is not None:
        return usage
    return not _name_of_its_own(doc, ctx, [t.text for t in run])


def _known_name(ctx, prose: str, tokens, start: int) -> bool:
    """A known name starts at `start`: a place of the gazetteer ("The Hague") or a glossary term."""
    for j in range(1, min(len(tokens), _RUN_WORDS)):
        if gap(prose, tokens[j - 1].end, tokens[j].start) != " ":
            break
        if gazetteer().known_any(bare(prose[start:tokens[j].end])):
            return True
    if ctx.glossary:
        for entry in ctx.glossary.entries:
            for term in (entry.term, *entry.variants, *entry.allowed):
                end = start + len(term)
                if prose.startswith(term, start) and not prose[end:end + 1].isalnum():
                    return True
    return False


def _usage(prose: str, phrase: str, start: int) -> bool | None:
    """How the article writes the phrase elsewhere: True when it capitalises its function word
    mid-sentence (a name: "read The Times"), False when it lowercases it ("the Times"), None
    when it does not say."""
    lower = phrase[0].lower() + phrase[1:]
    for m in re.finditer(rf"(?<!\w)(?:{re.escape(phrase)}|{re.escape(lower)})(?!\w)", prose):
        if m.start() == start:
            continue
        if m.group()[0].islower():
            return False
        before = prose[:m.start()].rstrip()
        if before[-1:].isalpha() and before[-1:].islower() or before.endswith(","):
            return True
    return None


def _name_of_its_own(doc, ctx, words: list[str]) -> bool:
    """The capitalised run is a name without the function word before it: a known place or
    nationality ("Egypt", "Russian"), a person of the article or a titled one ("Mr Tan"), or
    a glossary term."""
    name = " ".join(words[:-1] + [bare(words[-1])])
    # One word: only a well-known place (many towns share a word: "Reading", "Nice").
    if gazetteer().known(name) if len(words) == 1 else gazetteer().known_any(name):
        return True
    if words[0] in honorifics() or words[0].lower() in titles() or words[0].lower() in person_nouns():
        return True
    if bare(words[-1]) in doc.people.persons:
        return True
    if ctx.glossary:
        return any(name == term for entry in ctx.glossary.entries for term in (entry.term, *entry.variants))
    return False


_CLAUSE_END = re.compile(rf"{_SPACE}(\w+)|([.,;:])")


class CapitalisedAttribution(Rule):
    """A capitalised attribution after a quotation that ends in ?, ! or a comma.

    In “Can’t they stop for a day or two?” she said. the question mark ends the quotation,
    not the sentence, so the attribution goes on in lowercase. MT writes "?” She said." The
    rule flags a capitalised pronoun followed by a speech verb ("She said", "He added"), or a
    capitalised speech verb ("?” Said the minister"), right after such a quotation. After ?
    or ! the attribution must end there, or add an adverb and end ("She asked again."), or go
    on with a person as object ("She asked him", "He told reporters.", "She asked the
    minister"), so a new sentence such as "?” He said nothing.", "?” She said it again" or
    "?” He asked the question every fan was asking" is left alone.
    """

    code = "MT402"
    name = "capitalised-attribution"
    category = "Fluency/Capitalization"
    severity = Severity.MINOR
    fixable = True

    _PATTERN = re.compile(rf"([?!,])[”\"]{_SPACE}(?:(He|She|They|We|It|You){_SPACE})?([A-Za-z]+)")

    examples = (
        Example("“Can’t they stop the war for at least a day or two?” She said. “Anything is better.”", "She", "she"),
        Example("“We are ready,” He added.", "He", "he"),
        Example('"Why now?" They asked him.', "They", "they"),
        Example("“Enough!” Said the minister.", "Said", "said"),
        Example("“Is it over?” He said nothing and left."),
        Example("“Is it over?” she said."),
        Example("“We are ready.” He said the army would hold."),
        Example("“Why?” I asked."),
        Example("“What is the alternative?” He asked reporters.", "He", "he"),
        Example("“Is it over?” He told reporters the army would hold."),
        Example("“Will you resign?” She asked the minister.", "She", "she"),
        Example("“Why did nobody warn us?” She said it again and again as she stood by the ruins."),
        Example("“Is this the end for the club?” He asked the question that every fan was asking."),
    )

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
            if mark != "," and not (_speaker_follows(prose, m.end(3)) if pronoun is None
                                    else _attribution_ends(prose, m.end(3))):
                continue
            yield self.finding(start, end,
                               f"“{word}” starts an attribution after “{mark}” and the closing quotation mark: lowercase",
                               [_lowercase(word)], confidence=AFTER_COMMA_CONFIDENCE if mark == "," else AFTER_QUESTION_CONFIDENCE)


# Words that open an object or a clause of what was said: after the speech verb ("She said
# it again", "He said this was …") or after the person addressed ("He told reporters the army
# would hold", "She said her son had died"), a new sentence.
_NEW_CLAUSE = frozenset({"the", "a", "an", "this", "these", "those", "his", "her", "their", "its",
                         "our", "my", "your", "it", "he", "she", "they", "we", "i",
                         "all", "some", "any", "each", "every", "both", "no", "none", "much", "many", "more",
                         "most", "few", "several", "such", "another", "one", "two", "three", "four", "five",
                         "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
                         "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may",
                         "might", "must"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "his", "her", "their", "its", "our", "my", "your"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you"})


def _next_word(prose: str, offset: int) -> tuple[str | None, int]:
    """The word at `offset` after a space, and where it ends; None at punctuation or the end."""
    m = _CLAUSE_END.match(prose, offset)
    if m is None or m.group(1) is None:
        return None, offset
    return m.group(1), m.end()


def _is_person_noun(word: str) -> bool:
    return any(base in person_nouns() for base in base_candidates(word.lower()))


def _attribution_ends(prose: str, offset: int) -> bool:
    """Does the clause after the speech verb read as an attribution? It ends there ("she
    said."), goes on with an adverb, a phrase or what was said ("she asked again.", "she said
    in an interview", "she added that …"), or with a person as object ("She asked him", "he
    told reporters.", "she asked the minister", "told Ms Tan") and then ends or goes on with a
    phrase ("… as she left"). A non-person object ("She said it again", "He asked the question
    …", "He said nothing"), a new clause ("He said this was …") or a second object after the
    person ("He told reporters the army would hold") makes it a new sentence."""
    word, end = _next_word(prose, offset)
    if word is None:
        return True
    lower = word.lower()
    if word[0].isupper():  # a name: "asked Mr Tan", "told Reuters"
        while word is not None and word[0].isupper():
            word, end = _next_word(prose, end)
        return _goes_on(word)
    if lower in _DETERMINERS:  # "asked the minister", "told her lawyer"
        noun, after = _next_word(prose, end)
        if noun is not None and _is_person_noun(noun):
            return _goes_on(_next_word(prose, after)[0])
        if lower != "her":
            return False  # "asked the question", "said its piece"
    if lower in _OBJECT_PRONOUNS or _is_person_noun(word):  # "asked him", "told reporters"
        return _goes_on(_next_word(prose, end)[0])
    if lower.endswith("ly"):  # "said quietly.", "asked politely whether …", not "said family mattered"
        return _goes_on(_next_word(prose, end)[0])
    return lower in function_words() and lower not in _NEW_CLAUSE


def _speaker_follows(prose: str, offset: int) -> bool:
    """After a capitalised speech verb the speaker follows ("?” Said the minister", "Asked Ms
    Tan"), not a phrase ("?” Asked about the delay, the minister …": a new sentence)."""
    word, end = _next_word(prose, offset)
    if word is None:
        return False
    if word.lower() in _DETERMINERS:
        word, end = _next_word(prose, end)
        return word is not None and _is_person_noun(word)
    return word[0].isupper() or _is_person_noun(word)


def _goes_on(word: str | None) -> bool:
    """After the person an attribution addresses: its end, or a phrase ("… as she left"), not
    what was said ("told him the truth", "told him to leave") nor a new clause ("her son had")."""
    return word is None or (word in function_words() and word not in _NEW_CLAUSE and word != "to")


class UnbalancedQuotes(Rule):
    """Unbalanced or mismatched double quotation marks in a paragraph.

    Every opening mark needs a closing one in the same paragraph, with one news convention:
    a quotation that runs over several paragraphs reopens each new paragraph with an
    opening mark and leaves the previous one unclosed; a paragraph that is only a bracketed
    note between two of its paragraphs (“(Laughter.)”, “[Applause]”), which a transcript
    inserts, does not end it. Straight and curly quotes are both read (a straight mark by what
    stands around it); a curly opening mark closed by a straight one, or a curly mark turned
    the wrong way (”Yes,” …), is reported as mismatched. Single quotes are not checked: they
    double as apostrophes.

    An unclosed quotation is reported where its closing mark probably belongs: before the
    attribution that follows it (“…any price, he said” → “price,”” ), else at the end of the
    paragraph or before the next opening mark; the message names the opening mark's line.
    """

    code = "MT403"
    name = "unbalanced-quotes"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR

    examples = (
        Example("It had “appealed to both sides. “The goal is peace,” the statement said.", "sides.", "sides.”"),
        Example("“If the ships stop again, I will have to sell at any price, he said. Mr. Hnat agreed.",
                "price,", "price,”"),
        Example('"We will respond to excessive moves, said Ms Arai, a deputy minister.', "moves,", 'moves,"'),
        Example("“We are ready,\" he said.", '"', "”"),
        Example("”We are ready,” he said.", "”", "“"),
        Example("“We will rebuild the school.\n\n“We will rebuild the hospital.\n\n"
                "“And we will rebuild the bridge,” she said."),
        Example("“I was asked to keep this short.\n\n(Laughter.)\n\n“So I shall try,” she said."),
        Example('"We are ready," he said. "Are you?"'),
        Example('The pipe was 6" wide, "too narrow," he said.'),
        Example("“We tried —” she began, then stopped."),
        Example('"We tried —" she began, then stopped.'),
        Example("She said “yes” and “no” in one breath."),
    )

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
                                       [right], confidence=WRONG_WAY_CONFIDENCE)
                if mark.opens:
                    if opened is not None:
                        # Double quotes don't nest in English: the earlier one was never closed.
                        yield self._unclosed(doc, opened, mark.offset, "before the next one opens", UNCLOSED_BEFORE_NEXT_CONFIDENCE)
                    opened = mark
                    continue
                if opened is None:
                    yield self.finding(mark.offset, mark.offset + 1, "closing quotation mark without an opening one",
                                       confidence=STRAY_CLOSING_CONFIDENCE)
                    continue
                if not mark.wrong_glyph and not opened.wrong_glyph and (opened.char == STRAIGHT) != (mark.char == STRAIGHT):
                    right = STRAIGHT if opened.char == STRAIGHT else CLOSE_CURLY
                    yield self.finding(mark.offset, mark.offset + 1,
                                       "quotation marks do not match (curly opening, straight closing or the reverse)",
                                       [right], confidence=MISMATCHED_CONFIDENCE)
                opened = None
            if opened is not None:
                nxt = _next_quoted_paragraph(prose, paras, index + 1)
                if nxt is None or not continues_quote(prose, nxt.start):
                    yield self._unclosed(doc, opened, para.end, "in this paragraph", UNCLOSED_CONFIDENCE)

    def _unclosed(self, doc, opened, limit: int, where: str, confidence: float):
        line, column = doc.position(opened.offset)
        close = STRAIGHT if opened.char == STRAIGHT else CLOSE_CURLY
        spot = _closing_spot(doc, opened.offset + 1, limit)
        if spot is None:
            return self.finding(opened.offset, opened.offset + 1,
                                f"quotation mark is never closed {where}", confidence=confidence)
        start, end, before_attribution = spot
        word = doc.prose[start:end]
        # A quotation left open at the paragraph's end with its attribution inside the paragraph
        # (“…any price, he said.”) can only close before that attribution: 12 of 12 right on
        # the gold corpus, none on the clean ones. Elsewhere the spot is a guess.
        if before_attribution:
            # The attribution closes the quotation, whether the paragraph ends or another opens.
            safe = evidence("the quotation ends before its attribution")
        elif where == "in this paragraph" and _one_sentence(doc, opened.offset, end) \
                and doc.prose[end - 1:end] in ".?!" and not doc.prose[end:limit].strip():
            # Opened in the paragraph's last sentence, which ends the paragraph, and the next
            # paragraph opens no quotation: only the paragraph's end can close it.
            safe = evidence("the quotation opens in the paragraph's last sentence and runs to its end")
        else:
            safe = None
        return self.finding(start, end,
                            f"the quotation opened at {line}:{column} is never closed {where}; "
                            f"the closing mark probably belongs after “{word}”",
                            [word + close], confidence=confidence - CLOSING_SPOT_DISCOUNT, safe=safe)


_TRAILING_PUNCT = re.compile(r"[.,!?…]*")
# A paragraph that is only a note in brackets, as transcripts insert them: "(Laughter.)",
# "[Applause]", "(Inaudible.)". It stands outside the speech it interrupts.
_BRACKETED_NOTE = re.compile(r"\s*(?:\([^()“”\"]*\)|\[[^\[\]“”\"]*\])[.]?\s*")


def _next_quoted_paragraph(prose: str, paras, index: int):
    """The paragraph from `index` on that may go on with a quotation left open: the next one,
    past any that is only a bracketed note; None at the end."""
    while index < len(paras) and _BRACKETED_NOTE.fullmatch(prose, paras[index].start, paras[index].end):
        index += 1
    return paras[index] if index < len(paras) else None


def _one_sentence(doc, start: int, end: int) -> bool:
    """True when prose[start:end] lies within one sentence."""
    return any(s.start <= start and end <= s.end for s in doc.sentences)


def _closing_spot(doc, start: int, limit: int) -> tuple[int, int, bool] | None:
    """Where the closing mark of a quotation opened before `start` probably belongs: the word
    (with its punctuation) before an attribution (", he said", ", said Ms Odhiambo",
    ", the statement said"), else the last word before `limit`; and whether an attribution
    placed it."""
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
                return (*_word_and_punctuation(doc, tok), True)
    if not tokens:
        return None
    return (*_word_and_punctuation(doc, tokens[-1]), False)


def _word_and_punctuation(doc, tok) -> tuple[int, int]:
    """The span after which a closing mark goes: the word with the punctuation right after it
    ("driving,"), or, where Markdown markup closes after the word ("*win it*,"), only the
    punctuation after that markup, so the mark lands outside the emphasis: "*win it*,”"."""
    prose, text = doc.prose, doc.text
    end = _TRAILING_PUNCT.match(prose, tok.end).end()
    if end > tok.end:
        return tok.start, end
    after = tok.end
    while after < len(prose) and prose[after] == " " and text[after] != " ":
        after += 1  # blanked markup: "*", "**", "_"
    end = _TRAILING_PUNCT.match(prose, after).end()
    return (after, end) if after > tok.end and end > after else (tok.start, tok.end)


# MT404: a word written twice, only spaces (one line break at most) between: the second is surely
# a slip unless English doubles the word on purpose (data/doubled_words.txt).
REPEATED_CONFIDENCE = 0.9
_ONE_LINE_GAP = re.compile(_SPACE)  # spaces, at most one line break among them


@lru_cache(maxsize=None)
def doubled_words() -> frozenset[str]:
    return frozenset(data_lines("doubled_words.txt"))


class RepeatedWord(Rule):
    """The same word twice in a row ("the the", "to to").

    Machine translation and editing in a hurry both leave a word doubled where two segments
    were joined or a phrase was retyped; a spell checker passes it, every word being a word.
    The rule flags a word followed, after nothing but spaces (and at most one line break), by
    the same word, letter case aside, and suggests the word once. It leaves alone the doublings
    English makes on purpose (data/doubled_words.txt: "had had", "that that", "gave her her
    passport", "bye bye"), a name ("Sirhan Sirhan", "Bora Bora": both capitalised), numbers, and
    words with markup or a quotation mark between them.
    """

    code = "MT404"
    name = "repeated-word"
    category = "Fluency/Grammar"
    severity = Severity.MINOR
    fixable = True

    examples = (
        Example("The minister said the the talks would resume on Monday.", "the the", "the"),
        Example("Officials declined to to comment on the report.", "to to", "to"),
        Example("Talks collapsed. The the envoys left Geneva.", "The the", "The"),
        Example("By then she had had enough of the negotiations."),
        Example("He insisted that that was the final offer."),
        Example("The consul handed her her passport at the border."),
        Example("The island of Bora Bora depends on tourism."),
        Example("Turnout was 10 10 years ago."),
    )

    def check(self, doc, ctx):
        prose, tokens = doc.prose, doc.tokens
        allowed = doubled_words()
        for a, b in zip(tokens, tokens[1:]):
            word = a.text
            if word.lower() != b.text.lower() or not word[:1].isalpha() or word.lower() in allowed:
                continue
            if word[:1].isupper() and b.text[:1].isupper():
                continue  # a name of two equal words, or a title's capitals
            if _ONE_LINE_GAP.fullmatch(prose, a.end, b.start) is None or doc.crosses_non_prose(a.start, b.end):
                continue
            yield self.finding(a.start, b.end, f"“{word}” is written twice", [word],
                               confidence=REPEATED_CONFIDENCE,
                               safe=evidence("the same word twice in a row, a doubling English does not make"))


RULES = (CapitalAfterSemicolon, CapitalisedAttribution, UnbalancedQuotes, RepeatedWord)
