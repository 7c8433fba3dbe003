"""Autofix: apply findings' suggestions to a document, and write the file back safely.

Fixes are applied from the end of the text backwards so earlier offsets stay valid. Of two
overlapping fixes the first (in document order) wins; the text is then checked again and
the fixes still wanted are applied in the next pass, until nothing is left to fix.

Writing never loses the original: the new bytes go to a temporary file in the same folder,
are flushed to disk, and replace the original in one rename (a file with other hard links is
rewritten in place, so the links keep sharing it; see `_safe_write`). A file that changed
since it was read, or a symlink that leads out of the checked tree, is refused.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .document import Document, InputError
from .finding import Finding

UTF8_BOM = b"\xef\xbb\xbf"
# Fixing can reveal a new finding (or free a skipped overlapping one); a handful of passes
# settles any sane rule set without risking an endless loop between two rules.
MAX_PASSES = 5
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule: str


def replacement_for(f: Finding, unsafe: bool = False) -> str | None:
    """The text that replaces the finding's span, or None when it must not be fixed."""
    if f.safe_fix is not None:
        return f.safe_fix
    if unsafe and f.suggestions:
        return f.suggestions[0]
    return None


_SPACING = re.compile(r"\s+")


def keep_spacing(original: str, replacement: str) -> str:
    """The replacement with the span's own spacing after each word it keeps: a suggestion writes
    plain spaces, but the file may join those words with a no-break space ("Mr.\u00a0Lenehan")
    or break the line there, and a fix changes only what is wrong."""
    old_words, old_gaps = _SPACING.split(original), _SPACING.findall(original)
    new_words, new_gaps = _SPACING.split(replacement), _SPACING.findall(replacement)
    if not old_gaps or not new_gaps:
        return replacement
    matcher = difflib.SequenceMatcher(None, [w.casefold() for w in old_words], [w.casefold() for w in new_words],
                                      autojunk=False)
    for i, j, size in matcher.get_matching_blocks():
        for k in range(size):  # the gap after each kept word, where both texts have one
            if i + k < len(old_gaps) and j + k < len(new_gaps):
                new_gaps[j + k] = old_gaps[i + k]
    return "".join(w + g for w, g in zip(new_words, new_gaps + [""]))


def plan_edits(doc: Document, findings: Iterable[Finding], unsafe: bool = False) -> list[Edit]:
    """Non-overlapping edits in document order; an edit overlapping an earlier one is skipped."""
    edits: list[Edit] = []
    last_end = -1
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        replacement = replacement_for(f, unsafe)
        if replacement is None:
            continue
        # A suggestion keeps the span's spacing and never changes the file's line-ending convention.
        replacement = _NEWLINE.sub(lambda m: doc.newline, keep_spacing(doc.text[f.start:f.end], replacement))
        if (replacement == doc.text[f.start:f.end] or f.start < last_end or not _encodable(replacement, doc)
                or doc.crosses_non_prose(f.start, f.end)):  # the replacement would delete markup or a URL
            continue
        edits.append(Edit(f.start, f.end, replacement, f.rule))
        last_end = f.end
    return edits


def _encodable(text: str, doc: Document) -> bool:
    try:
        text.encode(doc.encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replace each edit's span, from the end backwards; text outside the spans is untouched."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


def _same_kind(doc: Document, text: str) -> Document:
    copy = Document(text, doc.path, markdown=doc.markdown, encoding=doc.encoding, bom=doc.bom)
    copy.source = doc.source  # issue 14: the re-check compares with the same source
    return copy


@dataclass
class FixResult:
    original: Document
    fixed: Document
    applied: int
    findings: list[Finding] = field(default_factory=list)  # what remains after fixing
    error: str | None = None  # why the fixed text was not written

    @property
    def changed(self) -> bool:
        return self.fixed.text != self.original.text

    def diff(self) -> str:
        return unified_diff(self.original.text, self.fixed.text, self.original.path)

    @property
    def diff_applies(self) -> bool:
        """Whether diff_bytes() holds the file's own bytes: not for UTF-16/32, whose lines
        patch and git apply cannot cut (their line break is not the byte 0x0A alone)."""
        return _byte_lines(self.original.encoding)

    def diff_bytes(self) -> bytes:
        """The diff as bytes that `patch -p1` and `git apply` apply to the file itself: each
        line in the file's encoding, the first with the file's BOM (a text diff of the decoded
        lines missed the BOM and wrote Latin-1 text as UTF-8, so its hunks did not apply); the
        file names in the file system's encoding. UTF-16/32 files get the text in UTF-8."""
        doc = self.original
        bom = "\ufeff" if doc.bom else ""
        old, new = self.original.text, self.fixed.text
        text = unified_diff(bom + old if old else old, bom + new if new else new, doc.path)
        body = doc.encoding if self.diff_applies else "utf-8"
        lines = _DIFF_LINE.findall(text)
        head = "".join(lines[:2]).encode("utf-8", "surrogateescape")
        return head + "".join(lines[2:]).encode(body, "surrogateescape" if body == "utf-8" else "strict")


def fix_document(checker, doc: Document, findings: list[Finding], unsafe: bool = False,
                 keep: Callable[[Document, list[Finding]], list[Finding]] | None = None) -> FixResult:
    """Apply fixes (and re-check) until no fix is left; nothing is written here. `keep`
    filters each re-check's findings as the run filtered the first (baseline, --since)."""
    fixed, applied = doc, 0
    for _ in range(MAX_PASSES):
        edits = plan_edits(fixed, findings, unsafe)
        if not edits:
            break
        fixed = _same_kind(doc, apply_edits(fixed.text, edits))
        applied += len(edits)
        findings = checker.check(fixed)
        if keep is not None:
            findings = keep(fixed, findings)
    return FixResult(doc, fixed, applied, findings)


def fix_results(results, checker_for, unsafe: bool = False, write: bool = True,
                roots: Iterable[Path] = (), keep=None) -> list[FixResult]:
    """Fix each readable file of a run (write=False: only compute the fixes, for a diff).

    Each result then lists the findings that remain; a file that could not be written keeps
    its findings and gets the reason as its error.
    """
    outcomes = []
    for result in results:
        if result.document is None:
            continue
        keep_here = None if keep is None else (lambda doc, found, path=result.path: keep(path, doc, found))
        outcome = fix_document(checker_for(result.path), result.document, result.findings, unsafe, keep_here)
        outcomes.append(outcome)
        if write and outcome.changed:
            try:
                write_fixed(outcome, list(roots))
            except InputError as err:
                result.error = outcome.error = str(err)
                outcome.applied = 0
                continue
        result.findings = outcome.findings
    return outcomes


_DIFF_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def _byte_lines(encoding: str) -> bool:
    """Whether text in `encoding` ends its lines with the single byte 0x0A, as diffs need."""
    try:
        return "a\n".encode(encoding).endswith(b"a\n") and len("\n".encode(encoding)) == 1
    except LookupError:
        return False


def unified_diff(old: str, new: str, path: str) -> str:
    """A diff that `git apply` and `patch` accept: lines end at "\\n" only, as they read it
    (a lone "\\r", a form feed or U+2028, which str.splitlines also cuts at, stay in the line).
    An absolute path is named from the root ("a/tmp/x.md", not "a//tmp/x.md", which git apply
    refuses), so the diff applies with `git apply` or `patch -p1` run there."""
    name = path.lstrip("/")
    lines = difflib.unified_diff(_DIFF_LINE.findall(old), _DIFF_LINE.findall(new),
                                 fromfile=f"a/{name}", tofile=f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


# -- writing ----------------------------------------------------------------------------------
def encode(doc: Document, text: str | None = None) -> bytes:
    """The file bytes for `text` (default: the document's own) in the document's encoding and BOM."""
    body = (doc.text if text is None else text).encode(doc.encoding)
    return (UTF8_BOM if doc.bom else b"") + body


def checked_roots(paths: Iterable[str]) -> list[Path]:
    """The trees a run checks: each directory argument, or the folder of each file argument."""
    roots = []
    for p in paths:
        if p == "-":
            continue
        path = Path(p)
        roots.append(path.resolve() if path.is_dir() else Path(os.path.abspath(p)).parent.resolve())
    return roots


@dataclass(frozen=True)
class Snapshot:
    """What a file looked like when mtcheck read it: written back only if it still does."""

    target: Path
    mtime_ns: int
    size: int
    digest: str

    @classmethod
    def take(cls, target: Path) -> tuple[Snapshot, bytes]:
        data = target.read_bytes()
        st = os.stat(target)
        return cls(target, st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest()), data

    def unchanged(self) -> bool:
        st = os.stat(self.target)
        if (st.st_mtime_ns, st.st_size) != (self.mtime_ns, self.size):
            return False
        return hashlib.sha256(self.target.read_bytes()).hexdigest() == self.digest


def write_target(path: str, roots: list[Path]) -> Path:
    """The real file to write for `path`; a symlink may only lead to a file inside a checked tree."""
    target = Path(path).resolve()
    linked = target != Path(os.path.abspath(path))  # the file or one of its folders is a symlink
    if linked and not any(target.is_relative_to(root) for root in roots):
        raise InputError(f"{path}: not fixed: it is a symlink to {target}, outside the checked tree")
    return target


def write_fixed(result: FixResult, roots: list[Path]) -> None:
    """Write the fixed text atomically, keeping encoding, BOM, line endings and file mode."""
    doc, path = result.original, result.original.path
    try:
        target = write_target(path, roots)
        snapshot, data = Snapshot.take(target)
        if data != encode(doc):
            if Document.from_bytes(data, path, encoding=doc.encoding).text == doc.text:
                raise InputError(f"{path}: not fixed: its bytes do not round-trip through {doc.encoding}")
            raise InputError(f"{path}: not fixed: the file changed since it was read")
        _safe_write(target, encode(doc, result.fixed.text), snapshot, data)
    except OSError as err:
        raise InputError(f"{path}: cannot write the fixed file: {err.strerror or err}") from None


def _safe_write(target: Path, data: bytes, snapshot: Snapshot, original: bytes) -> None:
    """Write `data` over `target`: the new bytes go to a flushed temporary file beside it first,
    which then replaces the file in one rename. A file with other hard links is rewritten in
    place instead (as editors do), so every link sees the fix: a rename would leave the other
    names on the old text. The temporary file is then a copy of the fixed text until the
    rewrite is on disk, and a failed rewrite puts the original bytes back."""
    st = os.stat(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mtcheck-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _keep_owner(tmp, st)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if not snapshot.unchanged():
            raise InputError(f"{target}: not fixed: the file changed while it was being fixed")
        if st.st_nlink > 1:
            _rewrite_in_place(target, data, original)
            os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _rewrite_in_place(target: Path, data: bytes, original: bytes) -> None:
    with open(target, "r+b") as out:
        try:
            out.write(data)
            out.truncate()
            out.flush()
            os.fsync(out.fileno())
        except BaseException:  # a full disk halfway: the original bytes back, then the error
            out.seek(0)
            out.write(original)
            out.truncate()
            out.flush()
            raise


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """Give the new file the original's owner and group, as far as this user may: the
    renamed file is a new one, so a fix run as root (a container) or by another member of a
    shared folder's group would otherwise take the article over."""
    if not hasattr(os, "chown"):
        return
    for uid in (st.st_uid, -1):  # only root may give a file away; the group, any member of it
        try:
            os.chown(tmp, uid, st.st_gid)
            return
        except OSError:
            continue


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip where folders can't be opened."""
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
