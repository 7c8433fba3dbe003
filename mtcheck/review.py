"""`mtcheck review`: go through the findings one at a time and decide, like `git add -p`.

The findings come from the same run as `mtcheck check` (runner.py). Every decision is kept
in a list until the end, so `u` (undo) only has to forget the last one and the offsets of
later findings never move: the edits of a file are applied together, from the end backwards
(fix.apply_edits), and the file is written once, by fix.py's writer (atomic, encoding, BOM,
line endings and mode kept, refused when the file changed on disk meanwhile). Glossary
entries (`g`) and baseline entries (`i` with --baseline) are written at the same time.

Terminal input and output go through prompt_toolkit: it reads single keys and edits a line
portably (over SSH, in tmux), and it drops colour under NO_COLOR or on a dumb terminal.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .document import Document, InputError
from .engine import FileResult
from .finding import Finding
from .fix import Edit, FixResult, apply_edits, keep_spacing, write_fixed
from .glossary import GlossaryError
from .glossary.matching import fold

# Where `i` records plain-text findings when no --baseline is named (the README's baseline name).
DEFAULT_BASELINE = ".mtcheck-baseline.json"

HELP = """\
1-9  accept that suggestion
e    edit the replacement (Enter keeps it, Ctrl-C cancels)
s    skip this finding
i    silence this rule here (a Markdown comment; in plain text, or with --baseline, the baseline file)
g    accept it and add the flagged name to the glossary as a variant
u    undo the last decision
q    write the decisions made so far and quit
?    this help
Ctrl-C quits without writing anything."""

STYLE = {
    "head": "bold",
    "span": "reverse bold",  # reverse video shows without colour too
    "rule": "ansicyan bold",
    "major": "ansired",
    "critical": "ansired bold",
    "minor": "ansiyellow",
    "info": "",
    "number": "ansigreen bold",
    "note": "italic",
}
_WHITESPACE = re.compile(r"\s")
MAX_WIDTH = 100


@dataclass(frozen=True)
class Item:
    """One finding to review, with the file it is in."""

    result: FileResult
    finding: Finding

    @property
    def doc(self) -> Document:
        assert self.result.document is not None
        return self.result.document


@dataclass(frozen=True)
class Decision:
    """What the editor decided about one item (`auto`: skipped without asking)."""

    key: str  # "1"-"9" and "e" (replace), "g" (replace and add to the glossary), "s", "i"
    replacement: str | None = None
    auto: bool = False

    @property
    def replaces(self) -> bool:
        return self.replacement is not None


class Terminal:
    """The prompt_toolkit side: print styled lines, read one key, edit one line."""

    def __init__(self) -> None:
        from prompt_toolkit.styles import Style

        self.style = Style.from_dict(STYLE)

    @property
    def width(self) -> int:
        return min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH)

    def show(self, fragments: list[tuple[str, str]]) -> None:
        from prompt_toolkit import print_formatted_text
        from prompt_toolkit.formatted_text import FormattedText

        styled = FormattedText([(f"class:{c}" if c else "", t) for c, t in fragments])
        print_formatted_text(styled, style=self.style, end="")

    def key(self, message: str, keys: list[str]) -> str:
        """One key from `keys` (others are ignored); Ctrl-C raises KeyboardInterrupt, Ctrl-D means q."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        bindings = KeyBindings()
        for k in keys:
            bindings.add(k)(lambda event, k=k: event.app.exit(result=k))
        bindings.add("enter")(lambda event: event.app.exit(result="?"))
        bindings.add("c-d")(lambda event: event.app.exit(result="q"))
        bindings.add("c-c")(lambda event: event.app.exit(exception=KeyboardInterrupt()))
        bindings.add("<any>")(lambda event: None)
        window = Window(FormattedTextControl(message, show_cursor=True), height=1, always_hide_cursor=False)
        app: Application[str] = Application(layout=Layout(window), key_bindings=bindings, erase_when_done=True)
        key = app.run()
        self.show([("", message), ("head", key), ("", "\n")])
        return key

    def line(self, message: str, default: str) -> str | None:
        """A line edited from `default`; None when cancelled."""
        from prompt_toolkit import prompt

        try:
            return prompt(message, default=default)
        except (KeyboardInterrupt, EOFError):
            return None


# -- what a decision does to a file ------------------------------------------------------------
def _line_bounds(doc: Document, line: int) -> tuple[int, int]:
    """Offsets of the start and the end (before its line break) of a 1-based line."""
    starts = doc.line_starts
    start = starts[line - 1]
    end = starts[line] if line < len(starts) else len(doc.text)
    while end > start and doc.text[end - 1] in "\r\n":
        end -= 1
    return start, end


def marker_edit(doc: Document, line: int, codes: list[str]) -> Edit:
    """An inline marker that silences `codes` on `line`.

    Markdown: `<!-- mtcheck-disable-next-line CODES -->` on a line of its own before a block
    that starts on `line`; inside a block a line of its own would end the paragraph, so there the
    comment `<!-- mtcheck: ignore[CODES] -->` ends the line instead. Plain text has no comments:
    `mtcheck: ignore[CODES]` ends the line (suppress.py reads markers anywhere there); the review
    itself records plain-text findings in the baseline instead, so the copy stays clean.
    """
    joined = ",".join(codes)
    start, end = _line_bounds(doc, line)
    content_end = start + len(doc.text[start:end].rstrip())  # keep a Markdown hard break at the end
    if doc.markdown:
        above_blank = line == 1 or not doc.text[_line_bounds(doc, line - 1)[0]:_line_bounds(doc, line - 1)[1]].strip()
        if above_blank:
            indent = doc.text[start:end][: len(doc.text[start:end]) - len(doc.text[start:end].lstrip())]
            return Edit(start, start, f"{indent}<!-- mtcheck-disable-next-line {joined} -->{doc.newline}", "marker")
        return Edit(content_end, content_end, f" <!-- mtcheck: ignore[{joined}] -->", "marker")
    return Edit(content_end, content_end, f" mtcheck: ignore[{joined}]", "marker")


def file_edits(doc: Document, decided: list[tuple[Finding, Decision]], use_markers: bool) -> list[Edit]:
    """The edits for one file's decisions, in the order fix.apply_edits must apply them."""
    # A suggestion keeps the span's own spacing (as --fix does); a replacement typed in is the editor's.
    replacements = [Edit(f.start, f.end, d.replacement if d.key == "e" else keep_spacing(f.text, d.replacement), f.rule)
                    for f, d in decided if d.replacement is not None and d.replacement != doc.text[f.start:f.end]]
    markers: list[Edit] = []
    if use_markers:
        codes_by_line: dict[int, list[str]] = {}
        for f, d in decided:
            if d.key == "i":
                codes = codes_by_line.setdefault(f.line, [])
                if f.rule not in codes:
                    codes.append(f.rule)
        markers = [marker_edit(doc, line, codes) for line, codes in codes_by_line.items()]
    # apply_edits works from the end backwards and keeps the order of edits at one offset: a
    # replacement there goes first, so a marker inserted at the same offset ends up before it.
    return replacements + markers


# -- the session ---------------------------------------------------------------------------------
class Review:
    """The decisions about `items`, made one at a time through `ui`."""

    def __init__(self, items: list[Item], ui: Terminal, glossary_target: Path | None, baseline_file: str | None):
        self.items = items
        self.ui = ui
        self.glossary_target = glossary_target
        self.baseline_file = baseline_file
        self.decisions: list[Decision] = []  # one per item reviewed so far, in order

    # -- display -------------------------------------------------------------------------------
    def _context(self, item: Item) -> tuple[int, int]:
        """The sentence around the finding (its lines when it is not in a sentence)."""
        doc, f = item.doc, item.finding
        sentence = doc.sentence_at(f.start)
        if sentence is not None and sentence.end >= f.end:
            return sentence.start, sentence.end
        return _line_bounds(doc, f.line)[0], _line_bounds(doc, max(f.end_line, f.line))[1]

    def _wrapped(self, text: str, span: tuple[int, int], indent: str = "  ") -> list[tuple[str, str]]:
        """`text` wrapped to the terminal, with `span` highlighted."""
        width = max(20, self.ui.width - len(indent))
        shown = _WHITESPACE.sub(" ", text)
        out: list[tuple[str, str]] = []
        column = 0
        for m in re.finditer(r"\S+ *", shown):
            word = m.group().rstrip()
            if column and column + _cells(word) > width:
                out.append(("", "\n"))
                column = 0
            if column == 0:
                out.append(("", indent))
            for i, ch in enumerate(m.group() if column + _cells(m.group()) <= width else word, m.start()):
                out.append(("span" if span[0] <= i < span[1] else "", ch))
            column += _cells(m.group())
        out.append(("", "\n"))
        return _joined(out)

    def show(self, index: int) -> None:
        item = self.items[index]
        f = item.finding
        start, end = self._context(item)
        fragments = [("", "\n"), ("head", f"{item.result.path}:{f.line}:{f.column}"),
                     ("", f"  ({index + 1} of {len(self.items)})\n")]
        fragments += self._wrapped(item.doc.text[start:end], (f.start - start, f.end - start))
        fragments += [("rule", f.rule), ("", f" {f.name} · "), (f.severity.label, f.severity.label),
                      ("", f" · confidence {f.confidence:.2f}\n")]
        fragments += self._wrapped(f.message, (0, 0), indent="")
        for n, suggestion in enumerate(f.suggestions[:9], 1):
            fragments += [("", "  "), ("number", str(n)), ("", f"  {suggestion}\n")]
        self.ui.show(fragments)

    # -- deciding ------------------------------------------------------------------------------
    def _overlapped(self, index: int) -> Item | None:
        """An earlier item whose replacement overlaps this one's span (it cannot be applied too)."""
        item = self.items[index]
        for earlier, decision in zip(self.items, self.decisions):
            if (decision.replaces and earlier.result is item.result
                    and earlier.finding.start < item.finding.end and item.finding.start < earlier.finding.end):
                return earlier
        return None

    def _keys(self, f: Finding) -> list[str]:
        keys = [str(n) for n in range(1, min(9, len(f.suggestions)) + 1)] + ["e", "s", "i"]
        if self._offers_glossary(f):
            keys.append("g")
        return keys + ["u", "q", "?"]

    def _offers_glossary(self, f: Finding) -> bool:
        """`g` is for a name (capitalised, not a mere change of case) with a suggestion."""
        return (self.glossary_target is not None and bool(f.suggestions) and f.text[:1].isupper()
                and all(fold(f.text) != fold(s) for s in f.suggestions))

    def _encodable(self, item: Item, text: str) -> bool:
        try:
            text.encode(item.doc.encoding)
        except (UnicodeEncodeError, LookupError):
            self.ui.show([("note", f"“{text}” cannot be written in {item.doc.encoding}\n")])
            return False
        return True

    def decide(self, index: int) -> Decision | str:
        """Ask about one item: a Decision, or "u", "q"."""
        item, f = self.items[index], self.items[index].finding
        self.show(index)
        keys = self._keys(f)
        prompt = f"Apply? [{_key_list(keys)}] "
        while True:
            key = self.ui.key(prompt, keys)
            if key in ("u", "q"):
                return key
            if key == "?":
                self.ui.show([("note", HELP + "\n")])
            elif key == "s" or key == "i":
                return Decision(key)
            elif key.isdigit():
                replacement = f.suggestions[int(key) - 1]
                if self._encodable(item, replacement):
                    return Decision(key, replacement)
            elif key == "e":
                replacement = self.ui.line("replacement: ", f.text)
                if replacement is not None and self._encodable(item, replacement):
                    return Decision("e", replacement)
            elif key == "g":
                decision = self._glossary_decision(item)
                if decision is not None:
                    return decision

    def _glossary_decision(self, item: Item) -> Decision | None:
        f = item.finding
        term = f.suggestions[0]
        if len(f.suggestions) > 1:
            choice = self.ui.key(f"The glossary term: [1-{min(9, len(f.suggestions))}] ",
                                 [str(n) for n in range(1, min(9, len(f.suggestions)) + 1)])
            term = f.suggestions[int(choice) - 1]
        problem = self._entry_problem(term, f.text)
        if problem:
            self.ui.show([("note", problem + "\n")])
            return None
        if not self._encodable(item, term):
            return None
        return Decision("g", term)

    def _entry_problem(self, term: str, variant: str) -> str | None:
        from .glossary.cli import entry_problem

        assert self.glossary_target is not None
        for (earlier, decision) in zip(self.items, self.decisions):
            if decision.key == "g" and fold(earlier.finding.text) == fold(variant):
                return f"“{variant}” is already going into the glossary"
        try:
            return entry_problem(self.glossary_target, term, (variant,))
        except GlossaryError as err:
            return str(err)

    def run(self) -> bool:
        """Ask about every item; True when the decisions are to be written (not Ctrl-C)."""
        try:
            while len(self.decisions) < len(self.items):
                index = len(self.decisions)
                earlier = self._overlapped(index)
                if earlier is not None:
                    self.ui.show([("note", f"{self.items[index].result.path}:{self.items[index].finding.line}: "
                                   f"{self.items[index].finding.rule} skipped: its text was changed at "
                                   f"line {earlier.finding.line}\n")])
                    self.decisions.append(Decision("s", auto=True))
                    continue
                answer = self.decide(index)
                if answer == "q":
                    break
                if answer == "u":
                    self.undo()
                    continue
                assert isinstance(answer, Decision)
                self.decisions.append(answer)
        except KeyboardInterrupt:
            return False
        return True

    def undo(self) -> None:
        while self.decisions and self.decisions[-1].auto:
            self.decisions.pop()
        if not self.decisions:
            self.ui.show([("note", "nothing to undo\n")])
            return
        undone = self.decisions.pop()
        self.ui.show([("note", f"undone: {_describe(undone)}\n")])
        while self.decisions and self.decisions[-1].auto:  # back to the last question asked
            self.decisions.pop()

    # -- writing -------------------------------------------------------------------------------
    def write(self, roots: list[Path], report: Callable[[str], None]) -> bool:
        """Write every file with decisions that change it, then the glossary and baseline entries.

        Returns False when something could not be written (each reason is reported)."""
        ok = True
        by_file: dict[int, list[tuple[Item, Decision]]] = {}
        for item, decision in zip(self.items, self.decisions):
            by_file.setdefault(id(item.result), []).append((item, decision))
        silenced = []
        for decided in by_file.values():
            doc = decided[0][0].doc
            pairs = [(item.finding, d) for item, d in decided]
            # Plain text has no comments: a marker would be printed with the article, so `i`
            # records the finding in the baseline there (and everywhere when one is named).
            inline = doc.markdown and self.baseline_file is None
            edits = file_edits(doc, pairs, use_markers=inline)
            found = [f for f, d in pairs if d.key == "i"]
            if found and not inline:
                silenced.append((decided[0][0].result.path, doc, found))
            if not edits:
                continue
            fixed = Document(apply_edits(doc.text, edits), doc.path, markdown=doc.markdown,
                             encoding=doc.encoding, bom=doc.bom)
            try:
                write_fixed(FixResult(doc, fixed, len(edits)), roots)
            except InputError as err:
                report(f"mtcheck: error: {err}")
                ok = False
                continue
            report(f"{doc.path}: {len(edits)} change{'s' if len(edits) != 1 else ''} written")
        ok = self._write_glossary(report) and ok
        if silenced:
            from .baseline import add_to_baseline

            baseline_file = self.baseline_file or DEFAULT_BASELINE
            try:
                count = add_to_baseline(baseline_file, silenced)
                report(f"{baseline_file}: {count} finding{'s' if count != 1 else ''} recorded"
                       + ("" if self.baseline_file else f" (check with --baseline {baseline_file})"))
            except InputError as err:
                report(f"mtcheck: error: {err}")
                ok = False
        return ok

    def _write_glossary(self, report: Callable[[str], None]) -> bool:
        """One new entry per term, with every variant the editor tied to it."""
        from .glossary.cli import append_entry

        entries: dict[str, tuple[list[str], list[str]]] = {}  # term → (variants, files)
        for item, decision in zip(self.items, self.decisions):
            if decision.key == "g" and decision.replacement is not None:
                variants, files = entries.setdefault(decision.replacement, ([], []))
                variants.append(item.finding.text)
                if item.result.path not in files:
                    files.append(item.result.path)
        ok = True
        for term, (variants, files) in entries.items():
            assert self.glossary_target is not None
            try:
                append_entry(self.glossary_target, term, tuple(variants),
                             note=f"added by mtcheck review ({', '.join(files)})")
                shown = ", ".join(f"“{v}”" for v in variants)
                report(f"{self.glossary_target}: added {shown} as {'a variant' if len(variants) == 1 else 'variants'} "
                       f"of “{term}”")
            except GlossaryError as err:
                report(f"mtcheck: error: {err}")
                ok = False
        return ok


def _key_list(keys: list[str]) -> str:
    """"1-3,e,s,..." for the prompt."""
    numbers = [k for k in keys if k.isdigit()]
    shown = ([numbers[0]] if len(numbers) == 1 else [f"1-{numbers[-1]}"] if numbers else [])
    return ",".join(shown + [k for k in keys if not k.isdigit()])


def glossary_target(given: tuple[str, ...], configured: list[str]) -> Path | None:
    """Where `g` adds entries: the first --glossary, else the config's first, else ./glossary.csv
    (as `mtcheck glossary add`); None for a TBX glossary, which `glossary add` cannot extend."""
    from .glossary.cli import DEFAULT_GLOSSARY
    from .glossary.loaders import TBX_SUFFIXES

    target = Path(given[0] if given else configured[0] if configured else DEFAULT_GLOSSARY)
    return None if target.suffix.lower() in TBX_SUFFIXES else target


def terminal_problem(paths: tuple[str, ...]) -> str | None:
    """Why an interactive review cannot start here, or None."""
    import sys

    if "-" in paths:
        return "review cannot read standard input: name the files"
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return "review needs an interactive terminal (use `mtcheck check --fix` or `--diff` in scripts)"
    try:
        import prompt_toolkit  # noqa: F401
    except ImportError:
        return "review needs prompt_toolkit: pip install 'mtcheck[review]'"
    return None


def _describe(d: Decision) -> str:
    if d.key == "g":
        return f"“{d.replacement}” with a glossary entry"
    if d.replaces:
        return f"replacement “{d.replacement}”"
    return {"s": "skip", "i": "silence"}[d.key]


def _cells(text: str) -> int:
    """Terminal columns `text` takes: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _joined(fragments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Neighbouring fragments of one style joined (fewer escape codes on the wire)."""
    out: list[tuple[str, str]] = []
    for style, text in fragments:
        if out and out[-1][0] == style:
            out[-1] = (style, out[-1][1] + text)
        else:
            out.append((style, text))
    return out


def review_results(results: list[FileResult], roots: list[Path], glossary_target: Path | None,
                   baseline_file: str | None, report: Callable[[str], None], ui: Terminal | None = None) -> int:
    """The interactive review of a run's results; returns the exit code (0, or 2 when something
    could not be written)."""
    items = [Item(r, f) for r in results if r.document is not None for f in r.findings]
    if not items:
        report("mtcheck: nothing to review: no findings")
        return 0
    review = Review(items, ui or Terminal(), glossary_target, baseline_file)
    if not review.run():
        report("mtcheck: review interrupted: nothing written")
        return 130
    decided = len([d for d in review.decisions if not d.auto])
    report(f"mtcheck: {decided} of {len(items)} finding{'s' if len(items) != 1 else ''} decided")
    return 0 if review.write(roots, report) else 2
