"""Changed-lines mode (`--since REF`): keep only findings on lines changed since a git revision.

The lines come from `git diff -U0 REF` (the working tree against REF, staged or not); files
git does not track yet count as wholly new. A finding is kept when any line it covers changed.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from .document import InputError
from .finding import Finding

WHOLE_FILE = None  # every line counts as changed
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class GitError(InputError):
    """--since cannot work: no git, not a repository, or a bad revision."""


def _git(args: list[str], cwd: str | Path) -> str:
    try:
        proc = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True)
    except FileNotFoundError:
        raise GitError("--since needs git, which is not installed") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"--since: git {args[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout.decode("utf-8", "surrogateescape")


def _unquote(path: str) -> str:
    """git quotes paths with unusual characters: "a\\tb" → a<TAB>b."""
    if path.startswith('"') and path.endswith('"'):
        raw = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", "surrogateescape")
    return path


def parse_diff(diff: str) -> dict[str, set[int] | None]:
    """Changed line numbers of each new-side path in a `git diff -U0` output."""
    changed: dict[str, set[int] | None] = {}
    current: str | None = None
    new_file = False
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            current, new_file = None, False
        elif line.startswith("--- "):
            new_file = line[4:].strip() == "/dev/null"
        elif line.startswith("+++ "):
            target = _unquote(line[4:].rstrip("\t"))
            current = None if target == "/dev/null" else target[2:] if target.startswith("b/") else target
            if current is not None:
                changed[current] = WHOLE_FILE if new_file else set()
        elif current is not None and line.startswith("@@"):
            m = _HUNK.match(line)
            lines = changed[current]
            if m and lines is not None:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                lines.update(range(start, start + count))
    return changed


class ChangedLines:
    """The lines changed since `ref` in the git repository around the current folder."""

    def __init__(self, ref: str, cwd: str | Path | None = None):
        cwd = Path(cwd or os.getcwd())
        try:
            top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
        except GitError:
            raise GitError(f"--since: {cwd} is not inside a git repository") from None
        self.top = Path(top).resolve()
        try:
            if ref.startswith("-"):
                raise GitError(ref)
            _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], self.top)
        except GitError:
            raise GitError(f"--since: unknown git revision {ref!r}") from None
        self.ref = ref
        diff = _git(["diff", "--no-color", "--no-ext-diff", "-M", "-U0", "--src-prefix=a/", "--dst-prefix=b/",
                     ref, "--"], self.top)
        self.lines = parse_diff(diff)
        untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], self.top)
        for name in filter(None, untracked.split("\0")):
            self.lines[name] = WHOLE_FILE

    def lines_for(self, path: str) -> set[int] | None:
        """Changed lines of `path` (None: all of them); unchanged files give an empty set."""
        if path == "-":
            return WHOLE_FILE
        try:
            rel = Path(os.path.abspath(path)).resolve().relative_to(self.top).as_posix()
        except ValueError:  # outside the repository: git knows nothing of it, so all is new
            return WHOLE_FILE
        return self.lines.get(rel, set())

    def filter(self, path: str, findings: list[Finding]) -> list[Finding]:
        lines = self.lines_for(path)
        if lines is WHOLE_FILE:
            return findings
        return [f for f in findings if any(n in lines for n in range(f.line, max(f.line, f.end_line) + 1))]
