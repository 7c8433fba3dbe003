"""`mtcheck glossary check | suggest | add`: validate a glossary, start one from an archive of
articles, and add an entry to the project's glossary."""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import click

from . import Glossary, GlossaryEntry, GlossaryError, load_glossaries
from .loaders import GENDERS, TBX_SUFFIXES, TYPES, load_glossary, text_problem
from ..finding import plural
from .matching import fold

COLUMNS = ("term", "variants", "note", "type", "gender")
DEFAULT_GLOSSARY = "glossary.csv"


def _fail(message: str) -> None:
    click.echo(f"mtcheck: error: {message}", err=True)
    sys.exit(2)


@click.group("glossary")
def glossary_group() -> None:
    """Validate, start and extend the newsroom glossary."""


# -- check ------------------------------------------------------------------------------------
def glossary_problems(glossary: Glossary) -> list[str]:
    """Duplicates and contradictions, one line each, prefixed with the entry's file:line."""
    problems = []
    terms: dict[str, GlossaryEntry] = {}
    for entry in glossary.entries:
        key = fold(entry.term)
        if key in terms:
            problems.append(f"{entry.source}: duplicate term “{entry.term}” (first at {terms[key].source})")
        else:
            terms[key] = entry
    variant_of: dict[str, GlossaryEntry] = {}
    for entry in glossary.entries:
        seen = set()
        for variant in entry.variants:
            key = fold(variant)
            if variant == entry.term:
                problems.append(f"{entry.source}: variant “{variant}” is the term itself")
                continue
            if key == fold(entry.term):
                continue  # a case variant ("BoJ" for "BOJ")
            if key in seen:
                problems.append(f"{entry.source}: variant “{variant}” is listed twice")
                continue
            seen.add(key)
            if key in terms:
                problems.append(f"{entry.source}: variant “{variant}” of “{entry.term}” is itself a term "
                                f"({terms[key].source})")
            other = variant_of.get(key)
            if other is not None and fold(other.term) != fold(entry.term):
                problems.append(f"{entry.source}: variant “{variant}” points to “{entry.term}” here "
                                f"but to “{other.term}” at {other.source}")
            variant_of.setdefault(key, entry)
    for entry in glossary.entries:
        clash = _wrong_word_clash(glossary, entry)
        if clash:
            problems.append(f"{entry.source}: {clash}")
    return problems


def _wrong_words(entry: GlossaryEntry) -> set[str]:
    """The words of an entry's variants that its term does not use: the misspellings
    ("merkle" in "Angela Merkle" for Angela Merkel)."""
    right = {fold(w) for w in entry.term.split()}
    return {fold(w) for v in entry.variants for w in v.split()} - right


def _wrong_word_clash(glossary: Glossary, new: GlossaryEntry) -> str | None:
    """Why `new`'s term contradicts another entry: it uses a word that entry lists as wrong."""
    words = {fold(w) for w in new.term.split()}
    for entry in glossary.entries:
        if entry is new or fold(new.term) in {fold(x) for x in (entry.term, *entry.variants)}:
            continue  # the same term, or the whole term listed as a variant: reported as such
        wrong = words & _wrong_words(entry)
        if wrong:
            variant = next(v for v in entry.variants if wrong & {fold(w) for w in v.split()})
            return (f"term “{new.term}” uses a spelling that “{variant}”, a listed wrong form of "
                    f"“{entry.term}” ({entry.source}), marks as wrong")
    return None


@glossary_group.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def check_command(files):
    """Validate glossary FILES: format, duplicates, conflicting entries (exit 1 on problems)."""
    try:
        glossary = load_glossaries(files)
    except GlossaryError as err:
        _fail(str(err))
    problems = glossary_problems(glossary)
    for line in problems:
        click.echo(line)
    names = ", ".join(files)
    if problems:
        click.echo(f"{plural(len(problems), 'problem')} in {names}", err=True)
        sys.exit(1)
    click.echo(f"{names}: {plural(len(glossary), 'entry', 'entries')}, no problems", err=True)


# -- suggest ----------------------------------------------------------------------------------
# Words before a place name ("in Darfur", "to Lampedusa"): a name mostly after one is a place.
_LOCATIVES = frozenset({"in", "to", "from", "near", "at", "of", "into", "off", "across", "outside", "around"})


def suggest_entries(documents, min_count: int = 3) -> list[GlossaryEntry]:
    """Recurring proper names in `documents`, each with the rarer near spellings of it seen.

    People are proposed by their full name, counting every mention (a bare "Mr Hartley"
    counts for "Daniel Hartley"), with the misspelt surnames seen beside it as variants
    ("Kovalenco" for Olena Kovalenko) and the gender their honorifics give. A name mostly
    written after "in", "to", "from"… is typed as a place; a word always written after the
    same lowercase word ("degrees Celsius") is part of a fixed expression, not a name.
    """
    from ..analysis import Analysis
    from ..english import ORDINARY_WORD_ZIPF, could_be_first_name, zipf
    from .matching import compare, derived
    from .reference import gazetteer

    counts: Counter[str] = Counter()
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    people: dict[str, Counter[str]] = defaultdict(Counter)  # full name -> genders seen
    surname_variants: dict[str, set[str]] = defaultdict(set)
    before: dict[str, Counter[str]] = defaultdict(Counter)  # name -> the lowercase word before it
    for doc in documents:
        analysis = Analysis(doc)
        named = {}  # surname / first name -> full name, for this article
        for person in analysis.people.persons.values():
            if not person.given or person.mentions < 1:
                continue
            given = sorted(person.given, key=len)[0]
            full = f"{given} {person.surname}"
            counts[fold(full)] += person.mentions
            spelling[fold(full)][full] += person.mentions
            people[fold(full)].update(person.strong)
            named[fold(person.surname)] = named[fold(given)] = fold(full)
        for person in analysis.people.persons.values():  # "Kovalenco" beside "Olena Kovalenko"
            for surname, full in list(named.items()):
                if (not person.given and fold(person.surname) not in named and len(surname) >= 5
                        and compare(person.surname, surname) and not derived(fold(person.surname), surname)):
                    surname_variants[full].add(person.surname)
                    counts[full] += person.mentions  # a misspelt mention is still a mention
        for run in analysis.names.runs:
            lead = 0  # leave out leading titles and function words: "Mr", "The"
            while lead < len(run) and not could_be_first_name(run[lead].text):
                lead += 1
            words = run[lead:]
            if not words or len(words) > 3 or not all(could_be_first_name(m.text) for m in words):
                continue
            if len(words) == 1 and words[0].sentence_start and zipf(words[0].text) >= ORDINARY_WORD_ZIPF:
                continue  # a capitalised ordinary word opening a sentence
            if zipf(words[-1].text) >= ORDINARY_WORD_ZIPF:
                continue  # "Foreign Ministry", "Friday": not a name to keep
            name = " ".join(m.text for m in words)
            key = fold(name)
            if key in named.values() or all(fold(m.text) in named for m in words):
                continue  # a person's name or part of it: counted with the person
            if any(fold(variant) == key for variants in surname_variants.values() for variant in variants):
                continue
            counts[key] += 1
            spelling[key][name] += 1
            if len(words) > 1 and lead == 0:
                people.setdefault(key, Counter())
            previous = doc.prose[:words[0].start].split()[-1:] if words[0].start else []
            before[key][previous[0] if previous and previous[0].islower() else ""] += 1
    places = gazetteer()

    def fixed_expression(key: str) -> bool:
        (word, n), = before[key].most_common(1) or [("", 0)]
        return bool(word) and word not in _LOCATIVES and n == counts[key] and key not in people

    ranked = [k for k, n in counts.most_common() if n >= min_count and not places.known(k) and not fixed_expression(k)]
    entries = []
    taken: set[str] = set()
    for key in ranked:
        if key in taken:
            continue
        term = spelling[key].most_common(1)[0][0]
        variants = set(surname_variants.get(key, ()))
        for other, n in counts.items():
            if other in people and n >= 2 and key in people:
                continue  # two people each named more than once: "Kiprop" and "Kipruto"
            if other != key and other not in taken and n < counts[key] and not places.known(other):
                if compare(other, key) and not derived(other, key):
                    variants.add(spelling[other].most_common(1)[0][0])
                    taken.add(other)
        taken.add(key)
        if key in people:
            kind = "person"
            genders = [g for g in people[key] if g]
            gender = genders[0] if len(genders) == 1 else ""
        else:
            locative = sum(n for w, n in before[key].items() if w in _LOCATIVES)
            kind, gender = ("place" if locative * 2 > counts[key] else ""), ""
        entries.append(GlossaryEntry(term, tuple(sorted(variants)), type=kind, gender=gender,
                                     note=f"{counts[key]} mentions"))
    return entries


def entries_csv(entries) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow([e.term, "|".join(e.variants), e.note, e.type, e.gender])
    return out.getvalue()


@glossary_group.command("suggest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--min-count", default=3, show_default=True, type=click.IntRange(1),
              help="Keep names mentioned at least this many times.")
@click.option("--encoding", help="Text encoding of the files (default: UTF-8).")
def suggest_command(paths, min_count, encoding):
    """Propose glossary entries (CSV) from an archive of articles: recurring proper names
    and the near spellings of them that also occur."""
    from ..document import InputError
    from ..engine import BinaryFile, iter_files, read_document

    documents = []
    for path in iter_files(paths):
        try:
            documents.append(read_document(path, encoding))
        except BinaryFile:
            continue
        except InputError as err:
            _fail(str(err))
    if not documents:
        _fail("no text or Markdown files found in " + ", ".join(paths))
    click.echo(entries_csv(suggest_entries(documents, min_count)), nl=False)


# -- add --------------------------------------------------------------------------------------
def project_glossary() -> Path:
    """The glossary `add` extends by default: the config's first `glossary`, else ./glossary.csv."""
    from ..config import ConfigError, config_for

    try:
        config = config_for(None)
    except ConfigError as err:
        _fail(str(err))
    return Path(config.glossary[0]) if config.glossary else Path(DEFAULT_GLOSSARY)


def entry_problem(target: Path, term: str, variants: tuple[str, ...] = ()) -> str | None:
    """Why TERM (with VARIANTS) cannot be added to `target`, or None. Raises GlossaryError
    when `target` exists but cannot be read."""
    if not term:
        return "empty term"
    if target.suffix.lower() in TBX_SUFFIXES:
        return f"{target}: `glossary add` writes CSV or TSV glossaries, not TBX"
    if any("|" in v for v in variants):
        return "a variant cannot contain '|'"
    problem = next(filter(None, map(text_problem, (term, *variants))), None)
    if problem:
        return problem
    if target.exists():
        existing, new = load_glossary(target), GlossaryEntry(term, variants)
        return _clash(existing, new) or _wrong_word_clash(existing, new)
    return None


def append_entry(target: Path, term: str, variants: tuple[str, ...] = (), kind: str = "", gender: str = "",
                 note: str = "") -> None:
    """Append one entry to a CSV/TSV glossary (created with a header if missing).
    Raises GlossaryError when it cannot be added or written."""
    problem = entry_problem(target, term, variants)
    if problem:
        raise GlossaryError(problem)
    delimiter = "\t" if target.suffix.lower() == ".tsv" else ","
    header = list(COLUMNS)
    newline = "\n"
    if target.exists():
        text = target.read_bytes().decode("utf-8-sig")  # undecoded line ends: the new row keeps the file's
        found = re.search(r"\r\n|\r|\n", text)
        newline = found.group() if found else newline
        first = re.split(r"[\r\n]", text, maxsplit=1)[0]
        delimiter = "\t" if "\t" in first else delimiter
        header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter))]
        prefix = "" if not text or text.endswith(("\n", "\r")) else newline
    else:
        prefix = _row(header, dict(zip(COLUMNS, COLUMNS)), delimiter, newline)
    values = {"term": term, "variants": "|".join(variants), "note": note, "type": kind, "gender": gender}
    try:
        with open(target, "a", encoding="utf-8", newline="") as out:
            out.write(prefix + _row(header, values, delimiter, newline))
    except OSError as err:
        raise GlossaryError(f"{target}: cannot write glossary: {err.strerror or err}") from None


@glossary_group.command("add")
@click.argument("term")
@click.option("--variant", "variants", multiple=True, metavar="V", help="A wrong or discouraged form; repeatable.")
@click.option("--type", "kind", type=click.Choice(TYPES), help="What the term names.")
@click.option("--gender", type=click.Choice(GENDERS), help="For people: f or m.")
@click.option("--note", default="", help="A note for editors.")
@click.option("-g", "--glossary", "path", type=click.Path(dir_okay=False),
              help=f"Glossary to extend (default: the first `glossary` in the config, else ./{DEFAULT_GLOSSARY}).")
def add_command(term, variants, kind, gender, note, path):
    """Append TERM to the project's glossary (created with a header if missing)."""
    term = term.strip()
    variants = tuple(v.strip() for v in variants if v.strip())
    target = Path(path) if path else project_glossary()
    try:
        append_entry(target, term, variants, kind or "", gender or "", note)
    except GlossaryError as err:
        _fail(str(err))
    click.echo(f"{target}: added “{term}”", err=True)


def _row(header, values: dict[str, str], delimiter: str, newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerow([values.get(h, "") for h in header])
    return out.getvalue()


def _clash(glossary: Glossary, new: GlossaryEntry) -> str | None:
    """Why `new` cannot join `glossary`: its term or a variant is already there."""
    for entry in glossary.entries:
        listed = {fold(entry.term)} | {fold(v) for v in entry.variants}
        if fold(new.term) in listed:
            return f"{entry.source}: “{new.term}” is already in the glossary (entry “{entry.term}”)"
        for v in new.variants:
            if fold(v) in listed:
                return f"{entry.source}: variant “{v}” is already in the glossary (entry “{entry.term}”)"
    return None
