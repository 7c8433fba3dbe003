"""Calibrate MT201's model decision: the language model's gain for every candidate the broken-idiom
rule proposes, on clean prose (where every candidate is a false alarm) and on the dev garbles.

    python benchmarks/calibrate_idioms.py [--fit] [FOLDER ...]

Default: tests/data/clean_news and samples/clean (read as the checker reads them: Markdown as
Markdown), plus single sentences: the correct news sentences of benchmarks/data/correct_sentences.txt,
the correct idiomatic sentences of tests/data/idiomatic/sentences.txt, the literal uses of
figurative phrases' words of tests/data/idiomatic/literal.txt and the dev sets' literal
sentences and clean twins (benchmarks/data/idioms_dev_literal.jsonl, idioms_dev.jsonl,
idioms_dev2_literal.jsonl, idioms_dev2.jsonl, idioms_dev3_literal.jsonl, idioms_dev3.jsonl); and
the dev sets' garbled sentences, each
candidate labelled by the gold error it overlaps ("hit": its suggestion is right, "wrong-fix", or "other": no gold error there). The
held-out sets are not read.

Every candidate's gain and the features the prior reads (slip, relation, evidence, kept words)
go to benchmarks/results/idiom_calibration_dump.jsonl, keyed by the model's fingerprint and
scored once per key (MTCHECK_IDIOM_DUMP=FILE uses another dump). Printed: the gains per class,
the decision of mtcheck/model/idioms.py (gain + prior >= IDIOM_MARGIN) on every candidate: how
many clean ones pass it (must be 0) and the spare below the margin, and the dev hits it reports;
then where each dev garble the decision misses is lost, by the kind of slip its id names (losses()).
--fit also prints the prior's offsets this dump gives (fit()); PRIOR_BITS must be those
(tests/test_idioms.py reads the committed dump).

The fit, per class of PRIOR_BITS: the largest clean gain of the class (of its family where the
class has fewer than MIN_CLEAN clean candidates: too few to know its tail; no offset where the
family has fewer too) bounds the offset, so
that every clean candidate stays IDIOM_SPARE below the margin. Within that bound, the dev garbles
of the class the margin misses and the bound can reach: the offset puts the class's threshold
halfway between its largest clean gain and the lowest of them (rounded down to half a bit). No
such garble: 0 (no offset without dev evidence that it finds something).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mtcheck.document import Document  # noqa: E402
from mtcheck.model.idioms import (IDIOM_MARGIN, IDIOM_MARGIN_STRONG, IDIOM_SPARE, KEY, PRIOR_BITS,  # noqa: E402
                                  decision, gains, prior_class)
from mtcheck.rules.idioms import find_candidates, sentence_around  # noqa: E402

DUMP = Path(os.environ.get("MTCHECK_IDIOM_DUMP", REPO / "benchmarks" / "results" / "idiom_calibration_dump.jsonl"))
DATA = REPO / "benchmarks" / "data"
# The dev sets (garbles, clean twins, literal sentences): tuned on; the held-out sets never read.
DEV_SETS = ("idioms_dev", "idioms_dev2", "idioms_dev3")
MIN_CLEAN = 20  # clean candidates a class needs to be bounded by its own (the largest of 5 says little of a tail)
FAMILY = {"sub-related": "sub", "sub-related-kept": "sub", "sub-unrelated": "sub", "sub-figurative": "sub"}


def texts(folders: list[Path]):
    """(kind, name, prose, gold errors or None): clean texts, then the dev garbles."""
    default = not folders
    folders = folders or [REPO / "tests" / "data" / "clean_news", REPO / "samples" / "clean"]
    for p in (p for f in folders for p in sorted(f.glob("*"))):
        if p.suffix in (".txt", ".md") and p.name != "README.md":
            yield "clean", p.name, Document(p.read_text(encoding="utf-8"), p.name).prose, None
    if not default:
        return
    for n, line in enumerate((DATA / "correct_sentences.txt").read_text(encoding="utf-8").splitlines()):
        if line.strip():
            yield "clean", f"correct_sentences:{n + 1}", line, None
    # Idioms used rightly, and figurative phrases' words used literally.
    for name in ("sentences", "literal"):
        path = REPO / "tests" / "data" / "idiomatic" / f"{name}.txt"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip() and not line.startswith("#"):
                yield "clean", f"idiomatic{'' if name == 'sentences' else '-literal'}:{n + 1}", line, None
    for name in DEV_SETS:
        for line in (DATA / f"{name}_literal.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            yield "clean", f"literal:{row['id']}", row.get("clean_text") or row.get("garbled_text") or row["text"], None
    rows = [json.loads(line) for name in DEV_SETS
            for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    for row in rows:
        yield "clean", f"twin:{row['id']}", row["clean_text"], None
    for row in rows:
        yield "dev", row["id"], row["garbled_text"], row["errors"]


def label(prose: str, c, errors) -> str:
    """What a dev candidate is: the gold error's fix ("hit"), a wrong fix of it, or no error."""
    for g in errors:
        if c.start < g["end"] and g["start"] < c.end:
            lo, hi = min(c.start, g["start"]), max(c.end, g["end"])
            ours = prose[lo:c.start] + c.replacement + prose[c.end:hi]
            ok = any(ours == prose[lo:g["start"]] + fix + prose[g["end"]:hi] for fix in g["corrections"])
            return "hit" if ok else "wrong-fix"
    return "other"


def model_key():
    from mtcheck.config import Config
    from mtcheck.model.store import resolve_source

    source = resolve_source(Config().model)
    return source, f"{KEY}-{source.fingerprint[:16]}-{source.precision}"


def collect(folders: list[Path]) -> list[dict]:
    """Every candidate with its gain: from the dump where this key scored it, else scored now."""
    source, key = model_key()
    done = {}
    if DUMP.exists():
        for r in map(json.loads, DUMP.read_text(encoding="utf-8").splitlines()):
            if r["key"] == key:
                done[(r["sentence"], tuple(r["edit"]))] = r["gain"]
    scorer, rows, words, start = None, [], 0, time.perf_counter()
    for kind, name, prose, errors in texts(folders):
        words += len(prose.split()) if kind == "clean" else 0
        for c in find_candidates(prose):
            s0, s1 = sentence_around(prose, c.start, c.end)
            sentence, edit = prose[s0:s1], (c.start - s0, c.end - s0, c.replacement)
            gain = done.get((sentence, edit))
            if gain is None:
                if scorer is None:
                    from mtcheck.model.scorer import Scorer
                    from mtcheck.model.store import load

                    scorer = Scorer(*load(source, lambda m: print(m, file=sys.stderr)))
                gain = round(gains(scorer, sentence, [(edit[0], edit[1], [edit[2]])])[0][0], 3)
                done[(sentence, edit)] = gain
            rows.append({"kind": kind, "name": name, "key": key, "sentence": sentence, "edit": list(edit),
                         "found": prose[c.start:c.end], "shown": prose[c.shown[0]:c.shown[1]], "target": c.target,
                         "label": label(prose, c, errors) if errors is not None else "clean",
                         "strong": c.strong, "slip": c.slip, "relation": c.relation, "evidence": c.evidence,
                         "kept": c.kept, "contested": c.contested, "class": prior_class(c), "gain": gain})
    DUMP.parent.mkdir(parents=True, exist_ok=True)
    with DUMP.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    print(f"{words:,} clean words, {len(rows)} candidates, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return rows


def report(rows: list[dict]) -> None:
    from mtcheck.model.idioms import prior

    weak = [r for r in rows if not r["strong"]]
    by = defaultdict(lambda: defaultdict(list))
    for r in weak:
        by[r["class"]][r["label"]].append(r["gain"])
    print("weak candidates: gains (bits) per class; prior = the class's bits (PRIOR_BITS, mtcheck/model/idioms.py)")
    print(f"{'class':22} {'prior':>5}  {'clean n':>7} {'max':>6} {'2nd':>6}  {'dev hits':>8} {'min':>6} {'median':>6}"
          f"  {'reported':>8}  {'other/wrong-fix n':>17}")
    for cls in sorted(by):
        clean = sorted(by[cls]["clean"], reverse=True)
        hits = sorted(by[cls]["hit"])
        p = prior(cls)
        rep = sum(g + p >= IDIOM_MARGIN for g in hits)
        others = len(by[cls]["other"]) + len(by[cls]["wrong-fix"])
        fmt = lambda xs, i: f"{xs[i]:6.1f}" if len(xs) > i else f"{'-':>6}"  # noqa: E731
        print(f"{cls:22} {p:5.1f}  {len(clean):7} {fmt(clean, 0)} {fmt(clean, 1)}  {len(hits):8} {fmt(hits, 0)} "
              f"{fmt(hits, len(hits) // 2) if hits else '     -'}  {rep:8}  {others:17}")
    clean = sorted(((r["gain"] + prior(r["class"]), r) for r in weak if r["label"] == "clean"),
                   key=lambda x: -x[0])
    print("\nclean weak candidates nearest the decision (gain + prior):")
    for score, r in clean[:12]:
        print(f"{score:7.2f}  {r['gain']:6.2f}  {r['class']:20}  {r['name'][:26]:26}  {r['shown']!r} -> {r['edit'][2]}")
    passed = [r for score, r in clean if decision(r["gain"], r["class"], r["strong"])]
    top = clean[0][0] if clean else 0.0
    print(f"\n{len(clean)} clean weak candidates, {len(passed)} past the decision; "
          f"max gain + prior {top:.2f} bits, margin {IDIOM_MARGIN:.1f}: spare {IDIOM_MARGIN - top:.2f} bits")
    dev = [r for r in rows if r["label"] != "clean"]
    # Every candidate is the model's decision with the model on: a strong one it does not prefer
    # to the words as written is withdrawn.
    found = [r for r in dev if decision(r["gain"], r["class"], r["strong"])]
    withdrawn = [r for r in rows if r["strong"] and not decision(r["gain"], r["class"], r["strong"])]
    print(f"strong candidates the model withdraws (gain below {IDIOM_MARGIN_STRONG:g} bits): "
          + ", ".join(f"{r['label']} {r['shown']!r} {r['gain']:.1f}" for r in withdrawn))
    kept = [r for r in rows if r["strong"] and r["label"] == "clean" and r not in withdrawn]
    print(f"strong candidates on clean prose the model keeps: {len(kept)} "
          + ", ".join(f"{r['shown']!r} {r['gain']:.1f}" for r in kept))
    for lab in ("hit", "wrong-fix", "other"):
        print(f"dev candidates {lab}: {sum(r['label'] == lab for r in dev)}, reported "
              f"{sum(r['label'] == lab for r in found)} (weak ones {sum(r['label'] == lab and not r['strong'] for r in found)})")
    missed = sorted((r for r in dev if r["label"] == "hit" and r not in found),
                    key=lambda r: -(r["gain"] + prior(r["class"])))
    print("dev hits not reported (gain + prior):")
    for r in missed:
        print(f"{r['gain'] + prior(r['class']):7.2f}  {r['gain']:6.2f}  {r['class']:20}  {r['shown']!r} -> {r['edit'][2]}")


LOST = ("found", "weak, below the margin", "strong, withdrawn", "wrong fix only", "no candidate")


def lost(cands: list[dict]) -> str:
    """Where a dev garble is lost, from the dump's rows of its sentence: found (a candidate with
    its gold fix passes the decision), proposed but weak and below the margin, strong but
    withdrawn by the model, only candidates with another fix, or no candidate overlapping it at
    all (the rule's candidate generation is the limit there, not the model). A LOST entry."""
    from mtcheck.model.idioms import decision

    hits = [r for r in cands if r["label"] == "hit"]
    if any(decision(r["gain"], r["class"], r["strong"]) for r in hits):
        return LOST[0]
    if hits:
        return LOST[2] if any(r["strong"] for r in hits) else LOST[1]
    return LOST[3] if any(r["label"] == "wrong-fix" for r in cands) else LOST[4]


def losses(rows: list[dict]) -> None:
    """The dev garbles by where they are lost (lost()), per slip kind (the id's last part)."""
    by = defaultdict(list)
    for r in rows:
        if r["kind"] == "dev":
            by[r["name"]].append(r)
    table = defaultdict(lambda: [0] * len(LOST))
    for name in DEV_SETS:
        for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            n = LOST.index(lost(by[row["id"]]))
            for key in (name, "all"):
                table[(key, row["id"].rsplit("-", 1)[-1])][n] += 1
    print("\ndev garbles by where they are lost (slip kind from the id):")
    for key in DEV_SETS + ("all",):
        print(f"{key:12} {'':8}" + "".join(f"{h:>23}" for h in LOST))
        kinds = sorted(k for s, k in table if s == key)
        for kind in kinds + ["total"]:
            counts = table[(key, kind)] if kind != "total" else [sum(table[(key, k)][i] for k in kinds)
                                                                  for i in range(len(LOST))]
            print(f"{'':12} {kind:8}" + "".join(f"{n:>23}" for n in counts))


def fit(rows: list[dict]) -> dict[str, float]:
    """The prior's offsets this dump gives (see the module's docstring)."""
    weak = [r for r in rows if not r["strong"]]
    clean = defaultdict(list)
    for r in weak:
        if r["label"] == "clean":
            clean[r["class"]].append(r["gain"])
            clean["family:" + FAMILY.get(r["class"], r["class"])].append(r["gain"])
    out = {}
    for cls in PRIOR_BITS:
        pool = clean[cls] if len(clean[cls]) >= MIN_CLEAN else clean["family:" + FAMILY.get(cls, cls)]
        if len(pool) < MIN_CLEAN:
            out[cls] = 0.0  # too few clean candidates, its family's too, to know the tail
            continue
        top = max(pool)
        bound = IDIOM_MARGIN - IDIOM_SPARE - top
        reach = [r["gain"] for r in weak if r["class"] == cls and r["label"] == "hit"
                 and IDIOM_MARGIN - bound <= r["gain"] < IDIOM_MARGIN]
        offset = IDIOM_MARGIN - (top + min(reach)) / 2 if reach else 0.0
        out[cls] = min(bound, offset) // 0.5 * 0.5 if offset > 0 else 0.0  # half bits, rounded down
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="clean prose to read instead of the default")
    parser.add_argument("--fit", action="store_true", help="also print the prior's offsets this dump gives")
    args = parser.parse_args()
    missing = [str(f) for f in args.folders if not f.is_dir()]
    if missing:  # the dump is rewritten from what is read: a typo must not empty it
        parser.error(f"not a folder: {', '.join(missing)}")
    rows = collect(args.folders)
    report(rows)
    if not args.folders:
        losses(rows)
    if args.fit:
        fitted = fit(rows)
        print("\nfitted offsets (bits):", json.dumps(fitted))
        print("PRIOR_BITS is", "the same" if fitted == PRIOR_BITS else f"different: {json.dumps(PRIOR_BITS)}")


if __name__ == "__main__":
    main()
