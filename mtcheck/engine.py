"""The engine: find files, read them, run the selected rules (and the model), merge findings."""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Protocol

from .config import Config
from .document import TEXT_SUFFIXES, WIDE_BOMS, Document, InputError
from .finding import Finding
from .glossary import Glossary
from .rules import Context, Rule, matches_selector, select_rules
from .suppress import apply_suppressions, ignored_by_file

Warn = Callable[[str], None]


def warn_stderr(message: str) -> None:
    print(f"mtcheck: warning: {message}", file=sys.stderr)


class ModelChecker(Protocol):
    """What the model layer provides: findings for a document, given the rules' findings.

    A model may also offer `check_batch(items, ctx) -> list[list[Finding]]`, items being
    (document, rule findings) pairs: `mtcheck check` then hands it every file of the run at
    once, so it can batch sentences across files (see runner._model_pass).
    """

    def check(self, doc: Document, rule_findings: list[Finding], ctx: Context) -> list[Finding]: ...


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    document: Document | None = None
    error: str | None = None  # an input error (exit code 2)
    skipped: str | None = None  # why the file was skipped (a warning, not an error)


# -- files ----------------------------------------------------------------------------------
def iter_files(paths: Iterable[str], config: Config | None = None,
               ignored: list[str] | None = None) -> Iterator[str]:
    """Expand directories into their text and Markdown files (sorted, hidden folders skipped).

    Files named explicitly are yielded too, and missing paths, so the reader reports them as
    input errors in order. So are a directory without any text file and a folder that cannot
    be listed: the reader says what is wrong with them. Files a `.mtcheckignore` matches are
    left out, even when named (a pre-commit hook names every staged file); they are added to
    `ignored` if given.
    """
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
            if not found and not unreadable:
                candidates = [raw]
        else:
            candidates = [raw]
        for f in candidates:
            if ignored_by_file(f):
                if ignored is not None:
                    ignored.append(f)
            else:
                yield f


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
                raise SkippedInput(f"{path}: no text or Markdown files in this directory")
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


def _wide(encoding: str | None) -> bool:
    """True for UTF-16/32 encodings, whose text is full of NUL bytes."""
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


# -- checking -------------------------------------------------------------------------------
class Checker:
    """Runs the selected rules, then the model, over documents."""

    def __init__(self, config: Config | None = None, glossary: Glossary | None = None,
                 model: ModelChecker | None = None, rules: list[type[Rule]] | None = None):
        self.config = config or Config()
        self.glossary = glossary
        self.model = model
        rule_classes = rules if rules is not None else select_rules(self.config.select, self.config.ignore)
        self.rules = [cls() for cls in rule_classes]

    def context(self) -> Context:
        return Context(config=self.config, glossary=self.glossary)

    def check(self, doc: Document) -> list[Finding]:
        """Every finding for `doc`: rules, then the model, suppression markers applied."""
        findings = self.check_rules(doc)
        if self.model is not None:
            findings = self.add_model_findings(doc, findings, self.model_findings(doc, findings, self.context()))
        return self.finish(doc, findings)

    def check_rules(self, doc: Document, ctx: Context | None = None) -> list[Finding]:
        """The rules' findings: per-file ignores and inline suppressions applied, same spans merged.

        Offsets only; `finish` adds line numbers. A parallel run calls this in worker processes.
        """
        ctx = ctx or self.context()
        ignored = self.config.ignores_for(doc.path)
        rules = [r for r in self.rules if not matches_selector(r.code, r.name, ignored)]
        findings: list[Finding] = []
        for offset, part in doc.sections():
            # A part is a document of its own to the rules, with its own per-document memo.
            part_ctx = ctx if part is doc else Context(config=self.config, glossary=self.glossary)
            for rule in rules:
                for f in rule.check(part, part_ctx):
                    if 0 <= f.start < f.end <= len(part.text):
                        findings.append(f.with_(start=f.start + offset, end=f.end + offset) if offset else f)
        return merge_findings(apply_suppressions(doc, findings))

    def add_model_findings(self, doc: Document, findings: list[Finding], model_findings: list[Finding]) -> list[Finding]:
        """Merge the model's findings into the rules' (a span the rules flagged stays theirs)."""
        ignored = self.config.ignores_for(doc.path)
        model_findings = apply_suppressions(doc, [f for f in model_findings if not matches_selector(f.rule, f.name, ignored)])
        return merge_findings(findings + [f for f in model_findings if not any(_overlap(f, g) for g in findings)])

    def finish(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """Drop findings below the confidence threshold; add line and column numbers."""
        return [locate(doc, f) for f in findings if f.confidence >= self.config.min_confidence]


    def model_findings(self, doc: Document, findings: list[Finding], ctx: Context) -> list[Finding]:
        """The model's findings, part by part like the rules (its tokens would not fit a huge file)."""
        out: list[Finding] = []
        for offset, part in doc.sections():
            if part is doc:
                return self.model.check(doc, findings, ctx)
            end = offset + len(part.text)
            inside = [f.with_(start=f.start - offset, end=f.end - offset)
                      for f in findings if offset <= f.start and f.end <= end]
            part_ctx = Context(config=self.config, glossary=self.glossary)
            out += [f.with_(start=f.start + offset, end=f.end + offset)
                    for f in self.model.check(part, inside, part_ctx) if 0 <= f.start < f.end <= len(part.text)]
        return out


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def locate(doc: Document, f: Finding) -> Finding:
    line, column = doc.position(f.start)
    end_line, end_column = doc.position(f.end)
    return f.with_(text=doc.text[f.start:f.end], line=line, column=column,
                   end_line=end_line, end_column=end_column)


def merge_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per span: the most severe (then most confident) leads, the others join it."""
    by_span: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        by_span.setdefault((f.start, f.end), []).append(f)
    merged = []
    for group in by_span.values():
        group.sort(key=lambda f: (-f.severity, -f.confidence, f.rule))
        lead = group[0]
        if len(group) > 1:
            suggestions = tuple(dict.fromkeys(s for f in group for s in f.suggestions))
            others = tuple(dict.fromkeys(f.rule for f in group[1:] if f.rule != lead.rule))
            lead = lead.with_(suggestions=suggestions, also=others,
                              confidence=max(f.confidence for f in group),
                              fixable=lead.fixable and len(suggestions) == 1)
        merged.append(lead)
    merged.sort(key=lambda f: (f.start, f.end, f.rule))
    return merged


def check_file(checker: Checker, path: str, encoding: str | None = None) -> FileResult:
    try:
        doc = read_document(path, encoding)
    except BinaryFile as err:
        return FileResult(path, skipped=str(err))
    except InputError as err:
        return FileResult(path, error=str(err))
    return FileResult(doc.path, checker.check(doc), document=doc)
