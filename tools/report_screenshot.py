"""Make docs/report.png: the HTML report on samples/garbled, one tooltip open, in headless Chromium.

    python tools/report_screenshot.py [--model]      # rules only unless --model
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from headless_chromium import screenshot_report  # noqa: E402


def main() -> None:
    model = "--model" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        cmd = [sys.executable, "-m", "mtcheck", "check", "--format", "html", "-o", str(report),
               "--glossary", "samples/glossary.csv", "samples/garbled"]
        if not model:
            cmd.insert(4, "--no-model")
        proc = subprocess.run(cmd, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            sys.exit(proc.stderr)
        out = REPO / "docs" / "report.png"
        out.parent.mkdir(exist_ok=True)
        tip = screenshot_report(str(report), str(out), height=1000)
        print(f"{out.relative_to(REPO)}: tooltip shown: {tip}")


if __name__ == "__main__":
    main()
