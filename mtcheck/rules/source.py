"""Source-aware rules (MT5xx): compare the translation with its source-language original.

They run only when the document has a source (`doc.source`, from `check --source`, the
`sources` config key or `check_text(..., source=...)`) and read one shared analysis of the
pair (`mtcheck.source.pair_analysis`): the source's language, its aligned sentences, and
the numbers, dates and Latin-script tokens of both sides.
"""

from __future__ import annotations

import math
import re

from ..finding import Severity
from ..glossary.matching import base_letters
from ..glossary.reference import zipf
from ..source import pair_analysis
from ..source.anchors import Anchor, explained, rendered_in, renderings
from ..source.lang import FOREIGN_BLOCKS, FOREIGN_RUN, blocks, is_cjk, is_foreign
from ..source.quantities import (Values, format_date, format_number, format_time, same_amount, same_date,
                                 same_number, same_time)
from .base import Example, Rule


# Something of the source missing from the translation is an omission in MQM terms.
OMISSION = "Accuracy/Omission"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _first_unit(group) -> tuple[int, int]:
    return group.tgt[0].start, group.tgt[0].end


class NumberMismatch(Rule):
    """A number, amount or percentage of the source that the translation changed or dropped.

    Source numbers are read in the source's conventions (3,2 and 12.000 in German, 2 500 in
    French, 8万 = 80,000 and 3亿 = 300 million in Chinese, zwanzig = 20) and compared, by
    value, with the numbers of the aligned target sentences (a rounding of 0.5% is accepted).
    A source number with no equal in the target is paired with the nearest target number (a
    figure before a word, then by magnitude) that matches nothing in the source and can render
    it (a word renders a number under 10, as news style writes it): that one is flagged, with
    the source's value written in its style as the suggestion. A digit-written source number (2
    or more) missing from the whole translation is flagged on the aligned sentence, without a
    suggestion. In a language whose
    scale words mtcheck has no data for, a number followed by a word may be scaled by it ("31
    مليار"): a target that is the number times a power of a thousand counts as equal, and a
    mismatch is flagged without a suggestion, since the source's value is not known. Korean
    amounts are read with their units (2천714만 = 27,140,000, 6조 6천억 = 6.6 trillion).
    """

    code = "MT501"
    name = "source-number-mismatch"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    fixable = True
    examples = (
        Example("The earthquake forced 8,000 people from their homes.", flagged="8,000", fix="80,000",
                source="地震迫使8万人离开家园。"),
        Example("The project will cost 2.4 million euros.", flagged="2.4 million", fix="2.4 billion",
                source="Le projet coûtera 2,4 milliards d'euros."),
        Example("Twenty people, 3.2% of the staff, earn 12,000 euros.",
                source="Zwanzig Menschen, 3,2 % der Belegschaft, verdienen 12.000 Euro."),
        Example("Revenue reached 320 million yuan.", source="营收达3.2亿元。"),
    )

    def check(self, doc, ctx):
        pair = pair_analysis(doc)
        if pair is None:
            return
        tgt_numbers = [q for q in pair.tgt_quantities if q.kind == "number"]
        open_src = [q for q in pair.src_quantities if q.kind == "number" and q.open_scale]
        tgt_values = Values([q.value for q in tgt_numbers] + _date_parts(pair.tgt_quantities))
        src_values = Values([q.value for q in pair.src_quantities if q.kind == "number"] + _date_parts(pair.src_quantities))
        for group in pair.groups:
            if not group.src or not group.tgt:
                continue  # a whole sentence missing is MT505's
            src_numbers = [q for q in group.src_quantities if q.kind == "number"]
            if not src_numbers:
                continue  # nothing can be missing
            parts = _date_parts(group.tgt_quantities)
            missing, candidates = _unmatched(
                src_numbers,
                [q for q in group.tgt_quantities if q.kind == "number"],
                same_amount,
                # A number elsewhere in the translation moved with a sentence; a year or day
                # may stand for a date part; "one" is too often rendered as "a".
                lambda s: s.value == 1 or s.value in tgt_values or any(same_number(s.value, p) for p in parts)
                or s.open_scale and any(same_amount(s, t) for t in tgt_numbers),
                lambda t: t.value == 1 or t.value in src_values or any(same_amount(s, t) for s in open_src))
            yield from _report(self, group, missing, candidates, _number_mismatch,
                               lambda s: f"the source's number {s.text} is missing from this sentence"
                               if s.digits and s.value >= 2 else "", _number_distance)


def _number_mismatch(s, t) -> tuple[str, str]:
    plain = format_number(s.value, "").replace(",", "").replace(".", "")
    shown = s.text if s.text.replace(",", "").replace(".", "") == plain else f"{s.text} ({format_number(s.value, '')})"
    return f"“{t.text}” but the source says {shown}", format_number(s.value, t.text)


def _unmatched(src, tgt, same, found_elsewhere, explained):
    """The source items with no equal among the target items (nor `found_elsewhere`), and the
    target items left over that nothing in the source `explained`: the likely replacements."""
    left = list(tgt)
    missing = []
    for s in src:
        hit = next((t for t in left if same(s, t)), None)
        if hit is not None:
            left.remove(hit)
        elif not found_elsewhere(s):
            missing.append(s)
    return missing, [t for t in left if not explained(t)]


def _number_distance(s, t) -> tuple | None:
    """How far target number t is from rendering source number s (lower is nearer), or None
    when it cannot: a number written as a word renders a small one, not 2025 or 57 млрд (news
    style writes 10 and over in figures; "the two sides" may have no number in the source). A
    figure is nearer a figure, and a value nearer in magnitude ("2024" for 2025, "5.7 billion"
    for 57 млрд) nearer still."""
    if s.digits and not t.digits and s.value >= 10:
        return None
    magnitude = abs(math.log10(s.value) - math.log10(t.value)) if s.value > 0 and t.value > 0 else math.inf
    return (s.digits != t.digits, magnitude)


def _pairs(missing, candidates, distance):
    """Each missing source item with the nearest leftover target item that can render it (in
    the order they come when there is no `distance`), and the plausible candidates' count."""
    if distance is None:
        return list(zip(missing, candidates)), len(candidates)
    left, pairs = list(candidates), []
    for s in missing:
        near = [(d, i) for i, t in enumerate(left) if (d := distance(s, t)) is not None]
        if near:
            pairs.append((s, left.pop(min(near)[1])))
    plausible = sum(any(distance(s, t) is not None for s in missing) for t in candidates)
    return pairs, plausible


def _report(rule, group, missing, candidates, mismatch, missing_message, distance=None):
    """Findings for one aligned group: each missing source item paired with a leftover target
    item that can render it (`distance`, nearest first), flagged with the source's value
    suggested (safe only one to one); the rest reported as missing from the sentence where
    `missing_message` has something to say."""
    pairs, plausible = _pairs(missing, candidates, distance)
    one_to_one = len(missing) == 1 == plausible
    paired = {id(s) for s, _ in pairs}
    for s, t in pairs:
        message, fix = mismatch(s, t)
        # A source number whose scale word mtcheck cannot read (12,5 milyar) has no value to
        # suggest: "12.5" for "12.5 billion" would drop the word the source has.
        sure = not s.open_scale
        yield rule.finding(t.start, t.end, message, [fix] if sure else [],
                           confidence=0.85 if one_to_one and sure else 0.7, fixable=one_to_one and sure)
    for s in (s for s in missing if id(s) not in paired):
        message = missing_message(s)
        if message:
            start, end = _first_unit(group)
            yield rule.finding(start, end, message, confidence=0.6, fixable=False).with_(category=OMISSION)


def _date_parts(quantities) -> list[float]:
    """Years and days of dates, which a number may stand for (2025年 → "in 2025", 15日 → "the 15th")."""
    out: list[float] = []
    for q in quantities:
        if q.kind == "date":
            out += [float(v) for v in (q.value[0], q.value[2]) if v is not None]
    return out


class DateMismatch(Rule):
    """A date or time of the source that the translation changed or dropped.

    Dates are read with the source's month names and formats (12. Juni 2025, 30 juin,
    4 de noviembre de 2024, 17 марта, 2023年3月15日, 05.03.2023) and times in its clock
    conventions (14.45 Uhr, 15 h 30, 下午3点 = 15:00). A source date is matched by a target
    date with the same month and day (the year may be left out); a time by the same time
    (3点 without a.m./p.m. either half of the day). An unmatched source date is paired with an
    unmatched target date of the aligned sentences, which is flagged with the source's date
    written in the target's style. A full source date missing altogether is flagged on the
    aligned sentence.
    """

    code = "MT502"
    name = "source-date-mismatch"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    fixable = True
    examples = (
        Example("The agreement was signed on March 5, 2023.", flagged="March 5, 2023", fix="March 15, 2023",
                source="该协议于2023年3月15日签署。"),
        Example("The summit takes place on 21 June 2025.", flagged="21 June 2025", fix="12 June 2025",
                source="Der Gipfel findet am 12. Juni 2025 statt."),
        Example("The meeting begins at 3:30 p.m.", source="会议将于下午3点30分开始。"),
        Example("The vote is on June 30, 2024.", source="Le scrutin aura lieu le 30 juin 2024."),
    )

    def check(self, doc, ctx):
        pair = pair_analysis(doc)
        if pair is None:
            return
        for kind, same, fmt in (("date", lambda s, t: same_date(s.value, t.value, t.ambiguous), format_date),
                                ("time", same_time, format_time)):
            all_src = [q for q in pair.src_quantities if q.kind == kind]
            all_tgt = [q for q in pair.tgt_quantities if q.kind == kind]
            for group in pair.groups:
                if not group.src or not group.tgt:
                    continue
                src_items = [q for q in group.src_quantities if q.kind == kind]
                if not src_items:
                    continue  # nothing can be missing
                missing, candidates = _unmatched(
                    src_items,
                    [q for q in group.tgt_quantities if q.kind == kind], same,
                    lambda s: any(same(s, t) for t in all_tgt),
                    lambda t: any(same(s, t) for s in all_src))
                yield from _report(self, group, missing, candidates,
                                   lambda s, t: (f"“{t.text}” but the source says {s.text}", fmt(s.value, t.text)),
                                   lambda s: f"the source's date {s.text} is missing from this sentence"
                                   if kind == "date" and s.value[2] is not None else "")


class LatinTokenMismatch(Rule):
    """A URL, e-mail address, acronym, product code or name of the source missing or changed.

    These are kept as they are in a translation (or rendered by a known equivalent from
    mtcheck/data/source_equivalents.tsv: OTAN → NATO, ООН → UN; by a Cyrillic transliteration,
    ФСБ → FSB; or spelled out, WHO → World Health Organization). In a non-Latin source every
    Latin-script word counts (iPhone, OpenAI); in a Latin-script one only URLs, e-mails,
    standalone acronyms and codes. A missing token is paired with a target token of the same
    kind that the source does not account for (that one is flagged, the source's form
    suggested), else flagged as missing on the aligned sentence. In a Latin-script source a
    two-word name with one word kept and the other changed by a letter or two (Roland Busch →
    Roland Bush) is flagged too.
    """

    code = "MT503"
    name = "source-token-mismatch"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    fixable = True
    examples = (
        Example("Details are at www.health.gov.cn.", flagged="www.health.gov.cn", fix="www.moh.gov.cn",
                source="详细信息可在 www.moh.gov.cn 查询。"),
        Example("NATO and the EU condemned the attack.", flagged="EU", fix="UN",
                source="La OTAN y la ONU condenaron el ataque."),
        Example("Chancellor Olaf Scholz met Roland Bush.", flagged="Bush", fix="Busch",
                source="Bundeskanzler Olaf Scholz traf Roland Busch."),
        Example("A World Health Organization spokesman spoke to the UN.", source="世界卫生组织（WHO）发言人对ООН说。"),
    )

    def check(self, doc, ctx):
        pair = pair_analysis(doc)
        if pair is None:
            return
        target = doc.text
        flagged: set[tuple[int, int]] = set()
        for group in pair.groups:
            if not group.src or not group.tgt:
                continue
            ts, te = group.tgt_span
            src = group.src_anchors
            latin = pair.source_latin
            missing = [a for a in src if not rendered_in(a, target[ts:te], latin) and not rendered_in(a, target, latin)]
            if not missing:
                continue
            candidates = [t for t in group.tgt_anchors
                          if not explained(t, pair.src_anchors, pair.source.text)]
            for a in missing:
                t = _closest(a, candidates)
                if t is not None:
                    candidates.remove(t)
                    flagged.add((t.start, t.end))
                    forms = renderings(a)
                    fix = forms[1] if len(forms) > 1 else a.text  # OTAN → NATO, ФСБ → FSB, else as written
                    yield self.finding(t.start, t.end, f"“{t.text}” but the source has {a.text}", [fix],
                                       confidence=0.8, fixable=True)
                elif a.kind != "name" or len(a.text) > 1:
                    start, end = _first_unit(group)
                    yield self.finding(start, end, f"the source's {a.kind} “{a.text}” is missing from this sentence",
                                       confidence=0.6, fixable=False).with_(category=OMISSION)
        if pair.source_latin:
            yield from (f for f in self._changed_names(pair, target) if (f.start, f.end) not in flagged)

    def _changed_names(self, pair, target):
        from rapidfuzz.fuzz import ratio

        source = pair.source.prose
        for group in pair.groups:
            if not group.src or not group.tgt:
                continue
            (ss, se), (ts, te) = group.src_span, group.tgt_span
            tgt_words = [(m.start() + ts, m.group()) for m in _NAME_WORD.finditer(target[ts:te])]
            tgt_set = {w for _, w in tgt_words}
            for m in _NAME_RUN.finditer(source, ss, se):
                parts = m.group().split()
                for i in range(len(parts) - 1):
                    # One word of the name kept, its neighbour changed a little: Roland Busch → Roland Bush.
                    for keep, change, step in ((parts[i], parts[i + 1], 1), (parts[i + 1], parts[i], -1)):
                        if keep not in tgt_set or change in target:
                            continue
                        for k, (pos, word) in enumerate(tgt_words):
                            n = k + step
                            if word != keep or not 0 <= n < len(tgt_words):
                                continue
                            npos, nword = tgt_words[n]
                            between = target[pos + len(word):npos] if step == 1 else target[npos + len(nword):pos]
                            if (between.strip() == "" and nword[:1].isupper() and nword != change
                                    and ratio(nword, change) >= 80 and base_letters(nword) != base_letters(change)):
                                yield self.finding(npos, npos + len(nword),
                                                   f"“{nword}” but the source's name is {change}", [change],
                                                   confidence=0.7, fixable=False)


_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NAME_RUN = re.compile(r"(?<![\w])[A-ZÀ-Þ][\w'’-]+(?:[ \u00a0][A-ZÀ-Þ][\w'’-]+)+")


def _closest(a: Anchor, candidates: list[Anchor]) -> Anchor | None:
    from rapidfuzz.fuzz import ratio

    web = ("url", "email")
    same_kind = [t for t in candidates if (t.kind in web) == (a.kind in web)]
    if not same_kind:
        return None
    forms = renderings(a)
    return max(same_kind, key=lambda t: max(ratio(t.text.lower(), f.lower()) for f in forms))


class UntranslatedText(Rule):
    """Source-language text left untranslated in the English target.

    Letters of a non-Latin script (CJK, kana, Hangul, Cyrillic, Greek, Arabic, Hebrew, Thai,
    Devanagari…) in the translation's prose are flagged, a run at a time (one CJK character is
    enough, two letters of the others). For a Latin-script source, a run of two or more words
    copied from the aligned source sentence is flagged when one of them is not an English word
    (below Zipf 3.5 in English): "seien noch nicht abgeschlossen", "très préoccupante".
    """

    code = "MT504"
    name = "source-untranslated"
    category = "Accuracy/Untranslated"
    severity = Severity.MAJOR
    examples = (
        Example("The decision was made after 慎重考虑.", flagged="慎重考虑", source="这一决定是经过慎重考虑后作出的。"),
        Example("He called it «крайне напряжённой».", flagged="крайне напряжённой",
                source="Он назвал ситуацию «крайне напряжённой»."),
        Example("The spokesman said the talks seien noch nicht abgeschlossen.", flagged="seien noch nicht abgeschlossen",
                source="Der Sprecher sagte, die Gespräche seien noch nicht abgeschlossen."),
        Example("Sony released the PlayStation 5 Pro in Tokyo.", source="ソニーは東京でPlayStation 5 Proを発売した。"),
    )

    def check(self, doc, ctx):
        pair = pair_analysis(doc)
        if pair is None:
            return
        source_text = pair.source.text
        prose = doc.prose
        for m in (FOREIGN_RUN.finditer(prose) if not blocks(prose).isdisjoint(FOREIGN_BLOCKS) else ()):
            run = m.group()
            letters = sum(1 for c in run if is_foreign(c))
            if letters >= 2 or any(is_cjk(c) for c in run):
                yield self.finding(m.start(), m.end(), f"“{_short(run)}” is left untranslated",
                                   confidence=0.9 if run in source_text else 0.75)
        if pair.source_latin:
            yield from self._copied_runs(pair, doc)

    def _copied_runs(self, pair, doc):
        source = pair.source.prose
        for group in pair.groups:
            if not group.src or not group.tgt:
                continue
            (ss, se), (ts, te) = group.src_span, group.tgt_span
            src_words = {w.lower() for w in _WORD.findall(source[ss:se])}
            run: list[re.Match] = []
            for m in list(_WORD.finditer(doc.prose, ts, te)) + [None]:
                if m is not None and m.group().lower() in src_words and not m.group()[:1].isupper() \
                        and (not run or doc.prose[run[-1].end():m.start()].strip() in ("", ",")):
                    run.append(m)
                    continue
                if len(run) >= 2 and any(zipf(r.group()) < 3.5 and len(r.group()) >= 3 for r in run):
                    s, e = run[0].start(), run[-1].end()
                    yield self.finding(s, e, f"“{doc.text[s:e]}” is copied from the source untranslated",
                                       confidence=0.7)
                run = [m] if m is not None and m.group().lower() in src_words and not m.group()[:1].isupper() else []


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class Omission(Rule):
    """A source sentence or paragraph with no translation, or a translation far too short.

    Sentences are aligned by length and anchors (see mtcheck/source/align.py). A source
    sentence (of more than a few words) aligned with nothing is flagged on the target sentence
    next to the gap, when its paragraph's translation is short for the pair's length ratio
    (under 85% of the expected length). An aligned group whose target is under half the length the pair's ratio
    predicts (two thirds when several source sentences went into fewer target ones), for a
    source long enough to tell, is flagged as a partial omission. Two source sentences merged
    into one target sentence need something that joins two clauses there (and, which, a
    semicolon, ", saying"…); without it the merge is read as a sentence left out.
    """

    code = "MT505"
    name = "source-omission"
    category = "Accuracy/Omission"
    severity = Severity.MAJOR
    examples = (
        Example("Police arrested three suspects on Saturday. The investigation is continuing.",
                flagged="Police arrested three suspects on Saturday.",
                source="Die Polizei nahm am Samstag drei Verdächtige fest. Sie werden beschuldigt, mehrere Banken "
                       "überfallen zu haben. Die Ermittlungen dauern an."),
        Example("The NATO secretary general arrived in Kyiv on Tuesday and said the alliance would "
                "continue to support Ukraine.", source="北约秘书长周二抵达基辅。他表示，北约将继续支持乌克兰。"),
    )

    def check(self, doc, ctx):
        pair = pair_analysis(doc)
        if pair is None:
            return
        text = pair.source.text
        # What is left out, by the target span it is reported on: a sentence and the paragraph
        # after it, both left out at the end, share one neighbour and make one finding.
        left_out: dict[tuple[int, int], list[str]] = {}
        for index, group in enumerate(pair.groups):
            if group.src and not group.tgt:
                s, e = group.src_span
                # A sentence left out shortens its paragraph; in a paragraph of normal length the
                # alignment has only lost track (one long sentence split in many).
                if not _substantial(text[s:e]) or (not group.paragraph_level and group.paragraph_fill > OMISSION_FILL):
                    continue
                span = pair.neighbour_span(index)
                if span is not None:
                    what = "paragraph" if group.paragraph_level else "sentence"
                    left_out.setdefault(span, []).append(f"the source {what} “{_short(text[s:e])}”")
            elif group.src and group.tgt:
                ls = sum(u.length for u in group.src)
                lt = sum(u.length for u in group.tgt)
                expected = ls * pair.ratio
                merged = len(group.src) > len(group.tgt)
                ts, te = group.tgt_span
                if expected >= 60 and lt < (0.65 if merged else 0.5) * expected:
                    yield self.finding(ts, te, f"the translation is much shorter than its source "
                                               f"“{_short(text[group.src_span[0]:group.src_span[1]])}”: part of it may be missing",
                                       confidence=0.55)
                elif merged and len(group.tgt) == 1 and not _JOINT.search(doc.text, ts, te):
                    # Two source sentences in one target sentence with nothing that joins two clauses.
                    lost = min(group.src[1:], key=lambda u: (len(u.keys & group.tgt[0].keys), u.length))
                    if _substantial(text[lost.start:lost.end]):
                        yield self.finding(ts, te, f"the source sentence “{_short(text[lost.start:lost.end])}” seems "
                                                   "not to be translated (this sentence renders only part of the source)",
                                           confidence=0.6)
        for (start, end), parts in left_out.items():
            listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
            yield self.finding(start, end, f"{listed} {'is' if len(parts) == 1 else 'are'} not translated",
                               confidence=0.8)


# What joins two clauses in one English sentence: a conjunction, a relative pronoun, a
# participle after a comma, or a semicolon, colon or dash.
_JOINT = re.compile(r"\b(?:and|but|while|whereas|which|who|whom|whose|where|when|as|after|before|so|because|"
                    r"although|though|until|since|with|whom)\b|[;:—–]|,\s+\w+ing\b|,\s+(?:the|its|his|her|their)\b", re.I)


OMISSION_FILL = 0.85  # a paragraph with a sentence left out is at most this full
ADDITION_FILL = 1.2  # a paragraph with a sentence added is at least this full


def _substantial(text: str) -> bool:
    """Long enough that leaving it out loses content: 8 CJK characters, or 4 words."""
    cjk = sum(1 for c in text if is_cjk(c))
    return cjk >= 8 or len(re.findall(r"[^\W\d_]+", text)) >= 4


class Addition(Rule):
    """Target text with no counterpart in the source, or a translation far too long.

    A target sentence (of five words or more) that the alignment pairs with no source
    sentence, in a paragraph over 120% of the length the pair's ratio predicts, is flagged,
    and an aligned group whose target is more than 2.5 times the length
    the pair's ratio predicts.
    """

    code = "MT506"
    name = "source-addition"
    category = "Accuracy/Addition"
    severity = Severity.MINOR
    examples = (
        Example("The minister resigned on Monday. He had been in office since 2019 and was widely respected by "
                "colleagues across the political spectrum.",
                flagged="He had been in office since 2019 and was widely respected by colleagues across the "
                        "political spectrum.",
                source="Der Minister trat am Montag zurück."),
        Example("The minister resigned on Monday.", source="Der Minister trat am Montag zurück."),
    )

    def check(self, doc, ctx):
        pair = pair_analysis(doc)
        if pair is None:
            return
        text = doc.text
        for group in pair.groups:
            if group.tgt and not group.src:
                if not group.paragraph_level and group.paragraph_fill < ADDITION_FILL:
                    continue
                for unit in group.tgt:
                    if len(re.findall(r"[^\W\d_]+", text[unit.start:unit.end])) >= 5:
                        yield self.finding(unit.start, unit.end, "this sentence has no counterpart in the source",
                                           confidence=0.6)
            elif group.src and group.tgt:
                ls = sum(u.length for u in group.src)
                lt = sum(u.length for u in group.tgt)
                if lt >= 60 and lt > 2.5 * ls * pair.ratio:
                    ts, te = group.tgt_span
                    yield self.finding(ts, te, "the translation is much longer than its source: something may "
                                               "have been added", confidence=0.5)


class SourceGlossaryTerm(Rule):
    """A source term of the glossary not rendered by its required English term.

    Glossary entries may list the source-language terms they translate: a `source` column in
    CSV/TSV (`|`-separated forms) or a TBX entry's terms in other languages. Where the source
    has such a term (a Cyrillic or Latin one may take a short inflected ending), the aligned
    target sentences must contain the entry's term or one of its accepted forms. A listed
    variant there is flagged with the term as suggestion; otherwise the sentence is flagged.
    """

    code = "MT507"
    name = "source-glossary-term"
    category = "Terminology/Wrong term"
    severity = Severity.MAJOR
    examples = (
        Example("The Federal Constitutional Tribunal struck down the law.",
                flagged="The Federal Constitutional Tribunal struck down the law.",
                glossary=("term,source", "Federal Constitutional Court,Bundesverfassungsgericht"),
                source="Das Bundesverfassungsgericht hat das Gesetz gekippt."),
        Example("The State Duma passed the bill.", glossary=("term,source", "State Duma,Госдума"),
                source="Госдума приняла законопроект."),
    )

    def check(self, doc, ctx):
        pair = pair_analysis(doc)
        if pair is None or ctx.glossary is None:
            return
        entries = [e for e in ctx.glossary.entries if getattr(e, "source_terms", ())]
        if not entries:
            return
        source, target = pair.source.prose, doc.text
        for entry in entries:
            for form in entry.source_terms:
                for m in _term_pattern(form).finditer(source):
                    group = next((g for g in pair.groups if g.src and g.src_span[0] <= m.start() < g.src_span[1]), None)
                    if group is None or not group.tgt:
                        continue
                    ts, te = group.tgt_span
                    wanted = (entry.term, *entry.allowed)
                    if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", target[ts:te], re.I) for w in wanted):
                        continue
                    variant = next((v for v in entry.variants
                                    for vm in [re.search(rf"(?<!\w){re.escape(v)}(?!\w)", target[ts:te], re.I)] if vm), None)
                    if variant is not None:
                        vm = re.search(rf"(?<!\w){re.escape(variant)}(?!\w)", target[ts:te], re.I)
                        yield self.finding(ts + vm.start(), ts + vm.end(),
                                           f"the source's “{m.group()}” is “{entry.term}” in the glossary",
                                           [entry.term], confidence=0.85)
                    else:
                        yield self.finding(ts, te, f"the source's “{m.group()}” should be rendered “{entry.term}” "
                                                   "(glossary)", confidence=0.7)


def _term_pattern(form: str) -> re.Pattern:
    if any(is_cjk(c) for c in form):
        return re.compile(re.escape(form))
    # Inflected languages add an ending (Госдума → Госдумы); allow up to three letters.
    return re.compile(rf"(?<![^\W\d_]){re.escape(form)}[^\W\d_]{{0,3}}(?![^\W\d_])", re.I)


RULES = (NumberMismatch, DateMismatch, LatinTokenMismatch, UntranslatedText, Omission, Addition, SourceGlossaryTerm)
