"""The HTML report: escaping and structure, then the real page in a headless Chromium."""

import json
import re

import pytest

from headless_chromium import Chromium, find_chromium
from mtcheck.finding import Finding, Severity
from mtcheck.html_report import family, highlighted, mqm_penalty

ARTICLE = (
    "# Talks <script>window.injected = 1</script> resume\n\n"
    "The talks failed on Friday; And maybe they resume. The envoy said \"we will see.\n\n"
    "Another line; But the & sign <b>stays</b> text.\n"
)


def finding(start, end, rule="MT401", severity=Severity.MINOR):
    return Finding(rule, "name", "Fluency/Capitalization", severity, start, end, "msg")


def test_highlighted_escapes_and_nests_overlaps():
    text = "a <b> & c"
    html = highlighted(text, [finding(0, 5), finding(2, 9, "MT201")])
    # The second span overlaps the first: it is clipped to nest inside it.
    assert re.sub(r"<mark [^>]*>", "<mark>", html) == "<mark>a <mark>&lt;b&gt;</mark></mark> &amp; c"
    assert 'data-family="MT2"' in html


def test_mqm_penalty_per_thousand_words():
    found = [finding(0, 1, severity=Severity.MAJOR), finding(1, 2), finding(2, 3, severity=Severity.INFO)]
    assert mqm_penalty(found, 200) == pytest.approx(30.0)  # (5 + 1 + 0) per 200 words
    assert mqm_penalty(found, 0) is None
    assert family("MT401") == "MT4" and family("MT9") == "MT9"


@pytest.fixture
def report(tmp_path, run_cli):
    (tmp_path / "story.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("The minister spoke to reporters.\n", encoding="utf-8")
    out = tmp_path / "report.html"
    proc = run_cli("check", "--no-model", "--format", "html", "-o", str(out), str(tmp_path))
    assert proc.returncode == 1, proc.stderr
    json_proc = run_cli("check", "--no-model", "--format", "json", str(tmp_path / "story.md"))
    expected = json.loads(json_proc.stdout)["files"][0]["findings"]
    assert len(expected) == 3  # two capitals after semicolons, one unclosed quote
    return out, expected


def test_report_is_standalone_and_escaped(report):
    out, expected = report
    html = out.read_text(encoding="utf-8")
    assert html.count("<script") == 1  # ours only: the article's tag is text
    assert "&lt;script&gt;window.injected = 1&lt;/script&gt;" in html
    assert "&lt;b&gt;stays&lt;/b&gt;" in html
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)  # no external assets
    assert "default-src 'none'" in html
    assert html.count('<mark class="hl') == len(expected)
    assert '<a href="#file-1">' in html and "clean.txt" in html


chromium_missing = pytest.mark.skipif(find_chromium() is None, reason="chromium is not installed")


@chromium_missing
def test_report_in_headless_chromium(report, tmp_path):
    out, expected = report
    with Chromium() as browser:
        browser.open(out)
        assert browser.evaluate("window.injected") is None
        assert browser.evaluate("performance.getEntriesByType('resource').length") == 0
        marks = browser.evaluate("""[...document.querySelectorAll('mark.hl')].map(m =>
            ({text: m.textContent, rule: m.dataset.rule, sev: m.dataset.severity, tab: m.tabIndex,
              bg: getComputedStyle(m).backgroundColor}))""")
        assert [(m["text"], m["rule"], m["sev"]) for m in marks] == [
            (f["text"], f["rule"], f["severity"]) for f in expected]
        assert all(m["tab"] == 0 and m["bg"] not in ("rgba(0, 0, 0, 0)", "transparent") for m in marks)
        assert browser.evaluate("document.querySelector('#summary tbody').rows.length") == 2

        # Keyboard: Tab until a highlight has the focus; its tooltip shows.
        assert browser.evaluate("document.getElementById('tip').hidden") is True
        for _ in range(20):
            browser.press_tab()
            if browser.evaluate("document.activeElement.matches('mark.hl')"):
                break
        assert browser.evaluate("document.activeElement.textContent") == "And"
        tip = browser.evaluate("document.getElementById('tip').hidden ? null : document.getElementById('tip').innerText")
        assert tip is not None
        assert "MT401" in tip and "“And” is capitalised after a semicolon" in tip and "Suggestion: and" in tip
        shot = tmp_path / "report.png"
        browser.screenshot(shot)
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000

        # Mouse: hovering the quotation-mark highlight shows its own message.
        x, y = browser.evaluate("""(() => { const m = [...document.querySelectorAll('mark.hl')]
            .find(m => m.dataset.rule === 'MT403'); m.scrollIntoView({block: 'center'});
            const r = m.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()""")
        browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        assert "MT403" in browser.evaluate("document.getElementById('tip').innerText")

        # The family filter hides the MT4xx highlights and takes them out of the tab order.
        browser.evaluate("document.querySelector('#filters input[data-family=\"MT4\"]').click()")
        after = browser.evaluate("""[...document.querySelectorAll('mark.hl')].map(m =>
            [m.tabIndex, getComputedStyle(m).backgroundColor])""")
        assert after == [[-1, "rgba(0, 0, 0, 0)"]] * len(expected)
