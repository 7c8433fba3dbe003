"""Instructions of one step of the source-aware pass, counted alone by callgrind, per article pair.

    python benchmarks/source_steps.py                     # every step, under valgrind
    python benchmarks/source_steps.py lang 'Q._word_hits(doc.prose, "en", doc.tokens)'
    python benchmarks/source_steps.py --run STEP          # what valgrind runs

Each step runs on bench_source.py's ten real article pairs (renumbered afresh, twice each)
after the target has been checked without its source (as in a real run, the target's
tokens, sentences and the rules' work are done); only what runs inside functools.reduce is
counted (--toggle-collect), so the set-up is not. A step is one of STEPS or a Python
expression over doc (the target Document), src (its source Document), lang (the source's
language), Q (source.quantities), L (source.lang), A (source.analysis), AL (source.align).
  srcdoc      the source document's prose and paragraphs
  lang        language detection
  srcq, tgtq  the source's and the target's numbers, dates and times
  srcanchors  the source's URLs, acronyms, codes and Latin-script names
  analyse     the whole pair analysis (the four above and the bookkeeping)
  book        the pair analysis with the results of the four given: units, lengths,
              sentence split of the source, alignment, per-group slices
  rules       the MT5xx rules on a finished pair analysis
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

STEPS = ("srcdoc", "lang", "srcq", "tgtq", "srcanchors", "analyse", "book", "rules")
ROUNDS = 2


def _step(step: str, doc, checker):
    """The call to count for one pair (the set-up it needs done here, outside the count)."""
    from mtcheck.analysis import Analysis
    from mtcheck.source import align as AL, analysis as A, lang as L, quantities as Q
    from mtcheck.source.anchors import find_anchors

    src = doc.source
    if step == "srcdoc":
        return lambda: (src.prose, src.paragraphs)
    src.prose, src.paragraphs
    lang = L.detect_language(src.prose)
    latin = A.PairAnalysis(lang, 1.0, src, doc).source_latin
    steps = {
        "lang": lambda: L.detect_language(src.prose),
        "srcq": lambda: Q.extract(src.prose, lang),
        "tgtq": lambda: Q.extract(doc.prose, "en", doc.tokens),
        "srcanchors": lambda: find_anchors(src.text, latin),
        "analyse": lambda: A.analyse(doc, src),
    }
    if step in steps:
        return steps[step]
    if step == "book":  # the extraction steps' results handed in
        found = {"src": (Q.extract(src.prose, lang), find_anchors(src.text, latin)),
                 "tgt": (Q.extract(doc.prose, "en", doc.tokens), find_anchors(doc.text, True))}
        A.detect_language = lambda text: lang
        A.extract = lambda text, l, tokens=None: list(found["tgt" if tokens is not None else "src"][0])
        A.find_anchors = lambda text, l: list(found["src" if text is src.text else "tgt"][1])
        return lambda: A.analyse(doc, src)
    if step == "rules":
        analysis = Analysis(doc)
        analysis.pair
        rules = [r for r in checker.rules if r.code.startswith("MT5")]
        ctx = checker.context()
        return lambda: [f for r in rules for f in r.check(analysis, ctx)]
    code = compile(step, "<step>", "eval")
    names = {"Q": Q, "L": L, "A": A, "AL": AL, "doc": doc, "src": src, "lang": lang}
    return lambda: eval(code, names)


def run(step: str) -> None:
    from bench_source import renumbered, wmt_articles
    from mtcheck.config import Config
    from mtcheck.document import Document
    from mtcheck.engine import Checker

    checker = Checker(Config(use_model=False))

    def prepared(pair, run):
        source, target = renumbered(pair, run)
        doc = Document(target, "story.en.txt")
        checker.check(doc)  # the monolingual rules first, as in a real run
        doc.source = Document(source, "story.zh.txt")
        return doc

    pairs = wmt_articles()
    for pair in pairs:  # warm-up: data files, regexes
        _step(step, prepared(pair, 10_000), checker)()
    for run in range(ROUNDS):
        for pair in pairs:
            call = _step(step, prepared(pair, run), checker)
            functools.reduce(lambda _, __: call(), [None], None)  # counted: see --toggle-collect


def count(step: str) -> float:
    """Instructions of the step per article pair."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "callgrind.out")
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
        subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=functools_reduce",
                        f"--callgrind-out-file={out}", sys.executable, __file__, "--run", step],
                       env=env, check=True, capture_output=True)
        total = int(re.search(r"^summary: (\d+)", out.read_text(), re.M).group(1))
    return total / (ROUNDS * len(__import__("bench_source").wmt_articles()))


def main() -> None:
    if sys.argv[1:2] == ["--run"]:
        run(sys.argv[2])
        return
    for step in sys.argv[1:] or STEPS:
        print(f"{step:40.40s} {count(step) / 1e6:6.3f}M", flush=True)


if __name__ == "__main__":
    main()
