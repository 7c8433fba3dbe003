"""Drive a headless Chromium over the DevTools protocol, with the standard library only.

Chromium's `--remote-debugging-pipe` reads protocol messages on file descriptor 3 and writes
replies on 4, each a JSON text ended by a NUL byte: no websocket client, no network port.
Used by the HTML report test and to take the report screenshot in docs/:

    python tests/headless_chromium.py report.html screenshot.png
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-first-run",
         "--no-default-browser-check", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe")


def find_chromium() -> str | None:
    env = os.environ.get("MTCHECK_CHROMIUM")
    if env:
        return env
    return next((p for p in map(shutil.which, CANDIDATES) if p), None)


_ON_3_AND_4 = "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])"


def _above_4(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class BrowserError(Exception):
    pass


class Chromium:
    """One headless browser with one page; `call` sends a protocol command to the page."""

    def __init__(self, executable: str | None = None, width: int = 1200, height: int = 900, timeout: float = 30):
        executable = executable or find_chromium()
        if executable is None:
            raise BrowserError("no chromium found")
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="mtcheck-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Move the child's ends above 4, so that the redirections below cannot clobber them.
        to_browser_r, from_browser_w = (_above_4(fd) for fd in (to_browser_r, from_browser_w))
        # A small Python puts the pipe ends on descriptors 3 and 4, then becomes the browser.
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _ON_3_AND_4, str(to_browser_r), str(from_browser_w), executable, *FLAGS,
             f"--user-data-dir={self._profile.name}", f"--window-size={width},{height}", "about:blank"],
            pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.session: str | None = None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.call("Emulation.setFocusEmulationEnabled", enabled=True)  # focus events as in a focused window
        self.call("Page.enable")
        self.call("Runtime.enable")

    def _read_message(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise BrowserError("timed out waiting for the browser")
            chunk = os.read(self._from_browser, 65536)
            if not chunk:
                raise BrowserError("the browser closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def open(self, path: str | Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=Path(path).resolve().as_uri())
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def press_tab(self) -> None:
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key="Tab", code="Tab", windowsVirtualKeyCode=9)

    def screenshot(self, path: str | Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.session = None
                try:
                    self.call("Browser.close")
                except BrowserError:
                    pass
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            self._profile.cleanup()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def screenshot_report(report: str, png: str, height: int = 900, mark: int = 0) -> str:
    """Open an HTML report, focus a highlight (its tooltip shows), save a screenshot around it."""
    with Chromium(height=height) as browser:
        browser.open(report)
        browser.evaluate(f"""(() => {{ const m = document.querySelectorAll('mark.hl')[{int(mark)}];
            if (m) {{ m.scrollIntoView({{block: 'center'}}); m.focus({{preventScroll: true}}); }} }})()""")
        browser.screenshot(png)
        return browser.evaluate("document.getElementById('tip').innerText")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(screenshot_report(sys.argv[1], sys.argv[2]))
