"""The engine: find files, read them, and the one check pipeline (`Checker`): analyse → rules →
model → suppress → merge → locate."""

from __future__ import annotations

import re

import codecs
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from .analysis import Analysis
from .config import Config, ConfigError
from .document import MARKDOWN_SUFFIXES, TEXT_SUFFIXES, WIDE_BOMS, Document, InputError
from .finding import WITHDRAWN, Finding, Severity
from .glossary import Glossary
from .glossary.matching import fold
from .english import honorifics
from .rules import Context, Rule, matches_selector, select_rules
from .suppress import apply_suppressions, ignored_by_file

Warn = Callable[[str], None]


def warn_stderr(message: str) -> None:
    print(f"mtcheck: warning: {message}", file=sys.stderr)


class ModelChecker(Protocol):
    """What the model layer provides: findings for a document, given the rules' findings.

    A model may also offer `check_batch(items, ctx) -> list[list[Finding]]`, items being
    (document analysis, rule findings) pairs: `Checker.add_model` then hands it every document
    of the run at once, so it can batch sentences across files. Among its findings, one with
    origin WITHDRAWN overrules the rules' finding of that rule and span (the model re-judged it).
    """

    def check(self, doc: Analysis, rule_findings: list[Finding], ctx: Context) -> list[Finding]: ...


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    error: str | None = None  # an input error (exit code 2)
    skipped: str | None = None  # why the file was skipped (a warning, not an error)
    fail_level: Severity = Severity.MINOR  # the file's config's `fail-level`

    @property
    def failed(self) -> bool:
        """True when a finding reaches the fail level (what makes `mtcheck check` exit 1)."""
        return any(f.severity >= self.fail_level for f in self.findings)


# -- files ----------------------------------------------------------------------------------
def iter_files(paths: Iterable[str], config: Config | None = None,
               ignored: list[str] | None = None) -> Iterator[str]:
    """Expand directories into their text and Markdown files (sorted, hidden folders skipped).

    Files named explicitly are yielded too, and missing paths, so the reader reports them as
    input errors in order. So are a directory without any text file to check (none, or all
    excluded: skipped with a warning, as ruff does) and a folder that cannot be listed: the
    reader says what is wrong with them. The config's `exclude` patterns leave
    out walked files, and named files too under `force-exclude`. Files a `.mtcheckignore`
    matches are left out, even when named (a pre-commit hook names every staged file). Named
    files left out either way are added to `ignored` if given, so a run left with nothing to
    check is not taken for one that found nothing. A file reached twice (named twice, or through a symbolic or hard
    link to a file also checked) is checked once: fixing it twice would write over the first fix. So is '-'.
    """
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            found: list[str] = []
            unreadable: list[str] = []
            for root, dirs, files in os.walk(p, onerror=lambda err: unreadable.append(err.filename)):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for name in files:
                    if Path(name).suffix.lower() in TEXT_SUFFIXES:
                        found.append(os.path.join(root, name))
            candidates = unreadable + [f for f in sorted(found) if config is None or not config.excluded(f)]
            if not candidates:  # none found, or all excluded: the reader skips it with a warning
                candidates = [raw]
        elif raw != "-" and config is not None and config.force_exclude and config.excluded(raw):
            if ignored is not None:
                ignored.append(raw)
            continue
        else:
            candidates = [raw]
        for f in candidates:
            key = _identity(f)
            if key in seen:
                continue
            seen.add(key)
            if ignored_by_file(f):
                if ignored is not None:
                    ignored.append(f)
            else:
                yield f


def _identity(path: str) -> object:
    """What makes two paths one file: '-' (standard input can be read once), else the device and
    inode (a symbolic or hard link to a file also checked), else the resolved path (a missing file)."""
    if path == "-":
        return path
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return os.path.realpath(path)
    return (st.st_dev, st.st_ino)


class SkippedInput(InputError):
    """Not an error: input skipped with a warning (a binary file, a folder with no text files)."""


BinaryFile = SkippedInput  # the name callers catch



def read_document(path: str, encoding: str | None = None, stdin_markdown: bool = False) -> Document:
    """Read and decode one file (or standard input for "-"). Raises InputError.

    Only regular files are read: a FIFO or a device named .txt would block or never end.
    A NUL byte anywhere marks a binary file (skipped), unless the text is UTF-16/32.
    """
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
        markdown = stdin_markdown
    else:
        name = path
        markdown = None
        p = Path(path)
        try:
            if p.is_dir():
                with os.scandir(p):  # a folder that cannot be listed is an error, not empty
                    pass
                raise SkippedInput(f"{path}: no text or Markdown files to check in this directory")
            if not p.exists():
                raise InputError(f"{path}: no such file or directory")
            if not p.is_file():
                raise InputError(f"{path}: not a regular file")
            data = p.read_bytes()
        except OSError as err:
            raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    if b"\x00" in data and not data.startswith(WIDE_BOMS) and not _wide(encoding):
        raise SkippedInput(f"{name}: binary file skipped (it contains NUL bytes)")
    return Document.from_bytes(data, name, encoding=encoding, markdown=markdown)


def read_file(path: str, encoding: str | None = None, stdin_filename: str | None = None) -> FileResult:
    """One file's result with its document, or with why it could not be read (an error, or a
    skipped binary file). `stdin_filename` names standard input ('.md' reads it as Markdown)."""
    markdown = bool(stdin_filename and Path(stdin_filename).suffix.lower() in MARKDOWN_SUFFIXES)
    try:
        doc = read_document(path, encoding, stdin_markdown=markdown)
    except BinaryFile as err:
        return FileResult(path, skipped=str(err))
    except InputError as err:
        return FileResult(path, error=str(err))
    if path == "-" and stdin_filename:
        doc.path = stdin_filename
    return FileResult(doc.path, document=doc)


def _wide(encoding: str | None) -> bool:
    """True for UTF-16/32 encodings, whose text is full of NUL bytes."""
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


# -- checking -------------------------------------------------------------------------------
def load_model(config: Config, required: bool = False, resident: bool = False) -> ModelChecker | None:
    """The language model for `config`, or None with a warning when it cannot run.

    With `required`, a model that cannot load is a ConfigError (exit 2) instead. With `resident`
    (the CLI), the model is the shared background server's (see mtcheck/model/server.py).
    """
    from .model import ModelUnavailable, load_checker

    try:
        return load_checker(config, warn_stderr, resident=resident)
    except ModelUnavailable as err:
        if required:
            raise ConfigError(f"{err} (--require-model was given)") from None
        warn_stderr(str(err))
        return None


class Checker:
    """The one check pipeline: read → analyse → rules → model → suppress → merge → locate.

    The library API and `mtcheck eval` call `check`/`check_all`; `mtcheck check` (runner.py)
    runs `check_rules` in worker processes with --jobs and hands their findings to
    `check_all` for the rest, so every caller gets the same findings.
    """

    def __init__(self, config: Config | None = None, glossary: Glossary | None = None,
                 model: ModelChecker | None = None, rules: list[type[Rule]] | None = None):
        self.config = config or Config()
        self.glossary = glossary
        self.model = model
        rule_classes = rules if rules is not None else select_rules(self.config.select, self.config.ignore)
        self.rules = [cls() for cls in rule_classes]
        self._context = Context(config=self.config, glossary=self.glossary)

    def context(self) -> Context:
        """The run's context (config and glossary): the same for every document."""
        return self._context

    def read(self, path: str, stdin_filename: str | None = None) -> FileResult:
        return read_file(path, self.config.encoding, stdin_filename)

    def analyse(self, doc: Document | Analysis) -> Analysis:
        """The document's analysis, which every rule reads (built once per document)."""
        return doc if isinstance(doc, Analysis) else Analysis(doc, self.glossary)

    def check(self, doc: Document | Analysis | str) -> list[Finding]:
        """Every finding for `doc` (a Document, or a plain string of text)."""
        return self.check_all([doc])[0]

    def check_all(self, docs: list[Document | Analysis | str],
                  rule_findings: list[list[Finding]] | None = None) -> list[list[Finding]]:
        """Findings for each document: rules (unless `rule_findings` holds them already, as
        after a parallel rule pass), then the model over all documents at once, then the
        confidence threshold and line numbers."""
        analyses = [self.analyse(d if isinstance(d, (Document, Analysis)) else Document(d, "<text>")) for d in docs]
        found = rule_findings if rule_findings is not None else [self.check_rules(a) for a in analyses]
        if self.model is not None:
            found = self.add_model(list(zip(analyses, found)))
        return [self.finish(a.document, f) for a, f in zip(analyses, found)]

    def check_rules(self, doc: Document | Analysis, ctx: Context | None = None) -> list[Finding]:
        """The rules' findings: per-file ignores and inline suppressions applied, same spans merged.

        Offsets only; `finish` adds line numbers. A parallel run calls this in worker processes.
        """
        ctx = ctx or self._context
        analysis = self.analyse(doc)
        document = analysis.document
        ignored = self.config.ignores_for(document.path)
        rules = [r for r in self.rules if not matches_selector(r.code, r.name, ignored)]
        findings: list[Finding] = []
        for offset, part in document.sections():
            # A part of a huge document is a document of its own, with its own analysis.
            part_analysis = analysis if part is document else Analysis(part, self.glossary)
            for rule in rules:
                for f in rule.check(part_analysis, ctx):
                    if 0 <= f.start < f.end <= len(part.text):
                        findings.append(f.with_(start=f.start + offset, end=f.end + offset) if offset else f)
        return consistent_suggestions(document, merge_findings(apply_suppressions(document, findings), document.text))

    def add_model(self, items: list[tuple[Document | Analysis, list[Finding]]]) -> list[list[Finding]]:
        """The model stage over (document, rule findings) pairs: the model's findings merged in.

        A model with `check_batch(items, ctx)` gets every document at once (it may batch
        sentences across files); otherwise each document goes to `check`, part by part.
        """
        items = [(self.analyse(doc), found) for doc, found in items]
        batch = getattr(self.model, "check_batch", None)
        if batch is not None:
            model_findings = batch(items, self._context)
        else:
            model_findings = [self.model_findings(doc, found) for doc, found in items]
        return [self.add_model_findings(doc.document, found, extra)
                for (doc, found), extra in zip(items, model_findings)]

    def add_model_findings(self, doc: Document, findings: list[Finding], model_findings: list[Finding]) -> list[Finding]:
        """Merge the model's findings into the rules' (a span the rules flagged stays theirs,
        unless the model withdrew the rule's finding there: finding.WITHDRAWN)."""
        withdrawn = {(f.rule, f.start, f.end) for f in model_findings if f.origin == WITHDRAWN}
        if withdrawn:
            findings = [f for f in findings if (f.rule, f.start, f.end) not in withdrawn]
            model_findings = [f for f in model_findings if f.origin != WITHDRAWN]
        ignored = self.config.ignores_for(doc.path)
        # The glossary is the authority on its names: the model never judges them ("Simone").
        listed = self.glossary.term_index.listed_words if self.glossary else frozenset()
        model_findings = [f for f in model_findings if not listed or fold(doc.text[f.start:f.end]) not in listed]
        model_findings = apply_suppressions(doc, [f for f in model_findings if not matches_selector(f.rule, f.name, ignored)])
        return merge_findings(findings + [f for f in model_findings if not any(_overlap(f, g) for g in findings)], doc.text)

    def finish(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """Drop findings below the confidence threshold; add line and column numbers."""
        return [locate(doc, f) for f in findings if f.confidence >= self.config.min_confidence]

    def model_findings(self, doc: Document | Analysis, findings: list[Finding], ctx: Context | None = None) -> list[Finding]:
        """The model's findings, part by part like the rules (its tokens would not fit a huge file)."""
        ctx = ctx or self._context
        analysis = self.analyse(doc)
        out: list[Finding] = []
        for offset, part in analysis.document.sections():
            if part is analysis.document:
                return self.model.check(analysis, findings, ctx)
            end = offset + len(part.text)
            inside = [f.with_(start=f.start - offset, end=f.end - offset)
                      for f in findings if offset <= f.start and f.end <= end]
            out += [f.with_(start=f.start + offset, end=f.end + offset)
                    for f in self.model.check(Analysis(part, self.glossary), inside, ctx)
                    if 0 <= f.start < f.end <= len(part.text)]
        return out


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _mark_markup(doc: Document, f: Finding) -> Finding:
    """A finding whose span crosses markup ("Ms. **Asked", "Ms. [Asked](url)") keeps its
    report but no fix: its replacement would delete the markup."""
    if f.suggestions and not f.spans_markup and doc.crosses_non_prose(f.start, f.end):
        return f.with_(spans_markup=True)
    return f


def locate(doc: Document, f: Finding) -> Finding:
    f = _mark_markup(doc, f)
    line, column = doc.position(f.start)
    end_line, end_column = doc.position(f.end)
    return f.with_(text=doc.text[f.start:f.end], line=line, column=column,
                   end_line=end_line, end_column=end_column)


def _case_contained(suggestions: tuple[str, ...], span: str) -> tuple[str, ...]:
    """Leave out a suggestion that only changes the span's case ("He" → "he") when another one
    already writes that case ("she"): the other fix does both."""
    def case_only(s: str) -> bool:
        return s != span and s.lower() == span.lower()

    return tuple(s for s in suggestions
                 if not (case_only(s) and any(o != s and not case_only(o) and o[:1] and s[:1]
                                              and o[:1].isupper() == s[:1].isupper() for o in suggestions)))


def merge_findings(findings: list[Finding], text: str | None = None) -> list[Finding]:
    """One finding per span: the most severe (then most confident) leads, the others join it.
    With the document's text, a case-only fix that another member's fix contains is left out."""
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        by_span.setdefault((f.start, f.end), []).append(f)
    merged = []
    for group in by_span.values():
        group.sort(key=lambda f: (-f.severity, -f.confidence, f.rule))
        lead = group[0]
        if len(group) > 1:
            suggestions = tuple(dict.fromkeys(s for f in group for s in f.suggestions))
            if text is not None:
                suggestions = _case_contained(suggestions, text[lead.start:lead.end])
            others = tuple(dict.fromkeys(f.rule for f in group[1:] if f.rule != lead.rule))
            # A safe fix of any member survives when every member agrees on it.
            vouched = next((f for f in group if f.safe_fix is not None), None)
            agreed = vouched is not None and suggestions == (vouched.safe_fix,)
            lead = lead.with_(suggestions=suggestions, also=others,
                              confidence=max(f.confidence for f in group),
                              fixable=(lead.fixable or agreed) and len(suggestions) == 1,
                              fix_evidence=vouched.fix_evidence if agreed else lead.fix_evidence)
        merged.append(lead)
    merged.sort(key=lambda f: (f.start, f.end, f.rule))
    return merged


def consistent_suggestions(doc: Document, findings: list[Finding]) -> list[Finding]:
    """A suggestion never writes a form another finding flags: "Ms. Merkle after" becomes
    "Ms. Merkel after" when "Merkle" is flagged with "Merkel" elsewhere, and is dropped when
    the flagged form has no correction."""
    flagged: dict[str, tuple[str, ...]] = {}
    for f in findings:
        text = doc.text[f.start:f.end]
        if " " not in text:
            # A name: the forms suggestions reuse (not a capital another rule lowercases).
            if text[:1].isupper() and not any(s.lower() == text.lower() for s in f.suggestions):
                flagged.setdefault(text, f.suggestions)
        elif f.suggestions and len(f.suggestions[0].split()) == len(text.split()):
            words = text.split()
            for wrong, right in zip(words, f.suggestions[0].split()):  # "Angela Merkle"
                # A word the suggestion only moves ("Ms. After …, she" → "After …, Ms. Okafor")
                # corrects nothing.
                # Nor does an honorific changed for one person ("Mr. Koné" → "Ms. Koné"): the
                # same word before another name is right.
                if wrong != right and wrong[:1].isupper() and right not in words and wrong.rstrip(".") not in honorifics():
                    flagged.setdefault(wrong, (right,))
    if not flagged:
        return findings
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(flagged, key=len, reverse=True))) + r")(?!\w)")

    def already_right(s: str, m: re.Match) -> bool:
        # The flagged form begins its own correction, written in full here ("Mr" → "Mr.": the
        # "Mr" of "Mr. Xi" is right as it stands).
        right = flagged[m.group()][:1]
        return bool(right) and right[0].startswith(m.group()) and s.startswith(right[0], m.start())

    out = []
    for f in findings:
        own = doc.text[f.start:f.end]
        kept = []
        for s in f.suggestions:
            bad = [m for m in pattern.finditer(s) if m.group() != own and not already_right(s, m)]
            if any(not flagged[m.group()] for m in bad):
                continue
            for m in reversed(bad):
                s = s[:m.start()] + flagged[m.group()][0] + s[m.end():]
            kept.append(s)
        kept = list(dict.fromkeys(kept))
        out.append(f if kept == list(f.suggestions) else
                   f.with_(suggestions=tuple(kept), fixable=f.fixable and len(kept) == 1))
    return out


def check_file(checker: Checker, path: str, encoding: str | None = None) -> FileResult:
    """Read and check one file (the library's `check_paths`)."""
    result = read_file(path, encoding if encoding is not None else checker.config.encoding)
    result.fail_level = checker.config.fail_level
    if result.document is not None:
        result.findings = checker.check(result.document)
    return result
