"""Record a real `mtcheck review` session: docs/review-session.txt (text) and .png (colours).

    python tools/review_recording.py [--no-model]

Runs the review on a copy of samples/garbled/01-kyiv-grain-corridor.txt in an 80-column tmux
pane, presses a fixed list of keys, then captures the pane: as text, and with its attributes,
rendered to HTML and photographed in headless Chromium (skipped when there is none). Needs tmux.
The text copy's diff shows what the session changed; the picture shows the session only.
"""

from __future__ import annotations

import html
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from headless_chromium import Chromium, find_chromium  # noqa: E402

SAMPLE = "samples/garbled/01-kyiv-grain-corridor.txt"
# ? help, 1 accept, g glossary, i silence, s skip, 1, s, s, u undo, 1, s, then e (edit).
KEYS = ["?", "1", "g", "i", "s", "1", "s", "s", "u", "1", "s", "e"]
EDIT = ["End", "”", "Enter"]  # close the quotation by hand
WIDTH, HEIGHT = 80, 50
HEADER = f"""\
A real `mtcheck review` session{{model}}, recorded by tools/review_recording.py in an {WIDTH}×{HEIGHT}
tmux pane on a copy of {SAMPLE}. Keys pressed:
{" ".join(KEYS[:-1])}, then e with End and ” typed. On a terminal the flagged span is in reverse
video and the rule, severity and numbers in colour (none under NO_COLOR): see review-session.png.
After the session: the word diff against the original, and the new glossary row.
"""
# tmux's SGR codes → CSS (the 16 colours of a light theme).
_COLOURS = ["#000", "#c33", "#080", "#a60", "#24c", "#a3a", "#088", "#ccc"]
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def record(folder: Path, model: bool) -> tuple[str, str]:
    session = f"mtcheck-review-{os.getpid()}"
    env = f"export PYTHONPATH={shlex.quote(str(REPO))} PATH={shlex.quote(str(Path(sys.executable).parent))}:$PATH"
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), "-c", str(folder),
         f"env PS1='$ ' LANG=C.UTF-8 bash --norc -i")
    try:
        tmux("send-keys", "-t", session, env, "Enter")
        tmux("send-keys", "-t", session, "clear", "Enter")
        time.sleep(0.5)
        tmux("clear-history", "-t", session)
        command = f"mtcheck review {'' if model else '--no-model '}-g glossary.csv {Path(SAMPLE).name}"
        tmux("send-keys", "-t", session, command, "Enter")
        time.sleep(6)
        for key in KEYS:
            tmux("send-keys", "-t", session, key)
            time.sleep(0.8)
        tmux("send-keys", "-t", session, *EDIT)
        time.sleep(3)
        tmux("send-keys", "-t", session, f"git diff --no-index --word-diff {SAMPLE} {Path(SAMPLE).name} | cat", "Enter")
        time.sleep(1)
        tmux("send-keys", "-t", session, "tail -1 glossary.csv", "Enter")
        time.sleep(1)
        text = tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session)
        styled = tmux("capture-pane", "-p", "-e", "-S", "-", "-t", session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return text, styled


def trimmed(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines()) + "\n"


def to_html(styled: str) -> str:
    """The pane's text with its attributes as HTML spans."""
    out, state = [], {"bold": False, "italic": False, "reverse": False, "fg": None}
    pos = 0
    for m in [*_SGR.finditer(styled), None]:
        chunk = styled[pos:m.start() if m else len(styled)]
        if chunk:
            fg, bg = (state["fg"] or "#111"), "transparent"
            if state["reverse"]:
                fg, bg = "#fff", (state["fg"] or "#111")
            css = f"color:{fg};background:{bg};font-weight:{'bold' if state['bold'] else 'normal'};" \
                  f"font-style:{'italic' if state['italic'] else 'normal'}"
            out.append(f'<span style="{css}">{html.escape(chunk)}</span>')
        if m is None:
            break
        pos = m.end()
        for code in [int(c) if c else 0 for c in m.group(1).split(";")]:
            if code == 0:
                state = {"bold": False, "italic": False, "reverse": False, "fg": None}
            elif code == 1:
                state["bold"] = True
            elif code == 3:
                state["italic"] = True
            elif code == 7:
                state["reverse"] = True
            elif 30 <= code <= 37:
                state["fg"] = _COLOURS[code - 30]
            elif code == 39:
                state["fg"] = None
    body = "".join(out).rstrip()
    return ("<!doctype html><meta charset=utf-8><style>body{margin:0;background:#fdfdf8}"
            "pre{margin:0;padding:12px;font:14px/1.3 'DejaVu Sans Mono',monospace;width:" + str(WIDTH) + "ch}</style>"
            f"<pre>{body}</pre>")


def main() -> None:
    if not shutil.which("tmux"):
        sys.exit("tools/review_recording.py needs tmux")
    model = "--no-model" not in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / SAMPLE).parent.mkdir(parents=True)
        shutil.copy(REPO / SAMPLE, folder / SAMPLE)
        shutil.copy(REPO / SAMPLE, folder / Path(SAMPLE).name)
        shutil.copy(REPO / "samples/glossary.csv", folder / "glossary.csv")
        text, styled = record(folder, model)
        header = HEADER.format(model=" (language model on)" if model else " (rules only)")
        (REPO / "docs/review-session.txt").write_text(header + "-" * WIDTH + "\n" + trimmed(text), encoding="utf-8")
        print("docs/review-session.txt")
        if find_chromium() is None:
            print("no Chromium: docs/review-session.png not remade")
            return
        page = folder / "session.html"
        styled = styled[:styled.index("$ git diff")]  # the picture shows the review itself
        page.write_text(to_html(styled), encoding="utf-8")
        lines = styled.rstrip().count("\n") + 1
        with Chromium(width=WIDTH * 9 + 40, height=int(lines * 18.2) + 30) as browser:
            browser.open(page)
            browser.screenshot(REPO / "docs/review-session.png")
        print("docs/review-session.png")


if __name__ == "__main__":
    main()
