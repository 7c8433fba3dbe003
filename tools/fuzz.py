"""Fuzz the Markdown masker, the whole check and the glossary loaders for a fixed time budget.

Hypothesis generates the inputs (hostile Markdown-ish text, CSV/TSV and TBX glossaries); each
target states what must hold for every input:

- masker: `non_prose_spans` + `mask` keep length and line breaks, and stay fast when the input
  is repeated to ~60,000 characters (a quadratic pattern takes seconds there, not milliseconds);
- check: `check_text` never raises, every finding's text, line and column match its offsets,
  and the input repeated to ~10,000 characters is checked fast;
- glossary: a CSV, TSV or TBX file either loads or fails with GlossaryError, never another
  exception, and never slowly (an entity bomb must be refused before it expands).

    python tools/fuzz.py                   # 60 s per target
    python tools/fuzz.py --seconds 300 --target masker

Prints, per target, the examples tried and each failure (shrunk) it found; exit 1 on failures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from mtcheck import check_text, markdown  # noqa: E402
from mtcheck.glossary import GlossaryError  # noqa: E402
from mtcheck.glossary.loaders import load_glossary  # noqa: E402
from test_properties import _assert_findings_consistent, markdown_text  # noqa: E402

SLOW_SECONDS = 2.0  # for ~60,000 characters; linear code needs well under 0.2 s
SCALE_TO = 60_000
CHECK_SCALE_TO = 10_000


def masker(text: str) -> None:
    for is_markdown in (True, False):
        spans = markdown.merge_spans(markdown.non_prose_spans(text, is_markdown))
        prose = markdown.mask(text, spans)
        assert len(prose) == len(text)
        assert all(p == t or (p == " " and t not in "\r\n") for p, t in zip(prose, text))
    if text:
        big = text * (SCALE_TO // len(text) + 1)
        started = time.perf_counter()
        markdown.mask(big, markdown.merge_spans(markdown.non_prose_spans(big, True)))
        elapsed = time.perf_counter() - started
        assert elapsed < SLOW_SECONDS, f"masking {len(big)} characters took {elapsed:.1f} s"


def check(text: str) -> None:
    _assert_findings_consistent(text, markdown=True)
    if text.strip():  # every rule, on the input repeated: a quadratic rule shows up here
        big = text * (CHECK_SCALE_TO // len(text) + 1)
        started = time.perf_counter()
        check_text(big, markdown=True)
        elapsed = time.perf_counter() - started
        assert elapsed < SLOW_SECONDS, f"checking {len(big)} characters took {elapsed:.1f} s"


CSV_PIECES = ["term", "variants", "type", "gender", "note", ",", "\t", ";", '"', '""', "|", "\n", "\r\n", "\r",
              "person", "place", "org", "f", "m", "x", "Yerevan", "Jerevan|Erivan", "\x00", "\ufeff", " ", "é"]
XML_PIECES = [
    '<?xml version="1.0"?>', "<martif>", "</martif>", "<tbx>", "</tbx>", "<text><body>", "</body></text>",
    "<termEntry>", "</termEntry>", '<langSet xml:lang="en">', "</langSet>", '<langSet lang="fr">',
    "<tig>", "</tig>", "<ntig>", "</ntig>", "<termSec>", "</termSec>", "<term>", "</term>", "Yerevan",
    '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>',
    '<descrip type="definition">capital</descrip>', "&amp;", "&lt;", "&#65;", "&#0;", "&e;",
    '<!DOCTYPE martif [<!ENTITY e "x">]>', '<!DOCTYPE martif SYSTEM "file:///etc/passwd">',
    '<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
    '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/hostname">]>', "<!-- c -->", "<![CDATA[x]]>", "<", ">", "\n",
]


def _pieces(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=6)), max_size=60).map("".join)


glossary_file = st.one_of(
    st.tuples(st.sampled_from([".csv", ".tsv"]), _pieces(CSV_PIECES).map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.tuples(st.sampled_from([".csv", ".tsv"]), st.binary(max_size=200)),
    st.tuples(st.just(".tbx"), _pieces(XML_PIECES).map(lambda t: t.encode("utf-8", "surrogatepass"))),
)


def glossary(case: tuple[str, bytes], folder: Path = Path(tempfile.mkdtemp(prefix="mtcheck-fuzz-"))) -> None:
    suffix, data = case
    path = folder / f"glossary{suffix}"
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        load_glossary(path)
    except GlossaryError as err:
        assert "\n" not in str(err) and str(err).startswith(str(path)), f"not one clear line: {err!r}"
    assert time.perf_counter() - started < SLOW_SECONDS, "loading a tiny glossary was slow"


TARGETS = {"masker": (masker, markdown_text), "check": (check, markdown_text), "glossary": (glossary, glossary_file)}


def fuzz(name: str, seconds: float, batch: int = 200) -> tuple[int, list[str]]:
    """Run batches of examples with fresh seeds until the budget is spent: (examples, failures)."""
    body, strategy = TARGETS[name]
    tried = 0
    failures: list[str] = []

    def counted(value):
        nonlocal tried
        tried += 1
        body(value)

    deadline = time.monotonic() + seconds
    run = 0
    while time.monotonic() < deadline:
        run += 1
        test = settings(max_examples=batch, deadline=None, database=None, derandomize=False,
                        suppress_health_check=list(HealthCheck))(given(strategy)(counted))
        try:
            seed(run)(test)()
        except Exception as err:  # a falsified property: hypothesis re-raises with the shrunk input
            message = "".join(traceback.format_exception_only(type(err), err)).strip()
            notes = "\n".join(getattr(err, "__notes__", []))
            failures.append(f"{message}\n{notes}")
            print(f"[{name}] FAILURE:\n{message}\n{notes}\n", flush=True)
    return tried, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="budget per target (default 60)")
    parser.add_argument("--target", choices=list(TARGETS), action="append", help="default: all")
    args = parser.parse_args()
    total_failures = 0
    for name in args.target or list(TARGETS):
        started = time.monotonic()
        tried, failures = fuzz(name, args.seconds)
        total_failures += len(failures)
        print(f"{name}: {tried} examples in {time.monotonic() - started:.0f} s, {len(failures)} failures", flush=True)
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
