"""Evaluation on annotated data: MQM TSV files (WMT layout) and mtcheck's own JSONL gold corpus.

MQM: each system's document is rebuilt from its segments (docSegId order, one paragraph
each) and checked; a target word (whitespace token) is BAD when any rater's `<v>…</v>` span
covers it, and it is predicted BAD when any finding overlaps it. Reported: precision, recall
and F1 of BAD, MCC, recall by MQM category and severity, and per-rule precision.

Gold JSONL (format in docs/gold-format.md): span recall, precision (a finding is correct when
it overlaps a gold span), suggestion accuracy and recall per error family.
"""

from __future__ import annotations

import bisect
import csv
import json
import math
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .document import Document, InputError
from .finding import Finding

MQM_COLUMNS = ("system", "doc", "docSegId", "globalSegId", "rater", "source", "target", "category", "severity")
_MARKER = re.compile(r"</?v>")
_WHITESPACE_TOKEN = re.compile(r"\S+")
SEGMENT_SEPARATOR = "\n\n"  # one segment per paragraph


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


def mcc(tp: int, fp: int, fn: int, tn: int) -> float:
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


def _overlaps(f: Finding, start: int, end: int) -> bool:
    return f.start < end and start < f.end


# -- MQM TSV ----------------------------------------------------------------------------------
def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without `<v>`/`</v>` markers, and the marked spans as offsets into it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, pos, opened = 0, 0, None
    for m in _MARKER.finditer(marked):
        piece = marked[pos:m.start()]
        out.append(piece)
        length += len(piece)
        pos = m.end()
        if m.group() == "<v>":
            opened = length
        elif opened is not None:
            spans.append((opened, length))
            opened = None
    out.append(marked[pos:])
    length += len(marked) - pos
    if opened is not None:  # an unclosed marker runs to the end
        spans.append((opened, length))
    return "".join(out), spans


@dataclass
class Segment:
    text: str
    words: list[tuple[int, int]]  # whitespace tokens, offsets into `text`
    labels: list[set[tuple[str, str]]]  # per word: (category, severity) of the spans covering it
    source: str = ""  # the source segment, markers removed (issue 14: --source-aware)


@dataclass
class MqmDocument:
    system: str
    doc: str
    segments: list[Segment]

    def document(self, source_aware: bool = False) -> tuple[Document, list[int]]:
        """The rebuilt document and each segment's offset in it (with its rebuilt source, if asked)."""
        offsets, pos = [], 0
        for seg in self.segments:
            offsets.append(pos)
            pos += len(seg.text) + len(SEGMENT_SEPARATOR)
        text = SEGMENT_SEPARATOR.join(seg.text for seg in self.segments) + "\n"
        doc = Document(text, f"{self.system}/{self.doc}", markdown=False)
        if source_aware:  # issue 14: the source segments, one paragraph each like the target's
            doc.source = Document(SEGMENT_SEPARATOR.join(seg.source for seg in self.segments) + "\n",
                                  f"{self.system}/{self.doc}.source", markdown=False)
        return doc, offsets


def read_mqm(path: str) -> tuple[list[MqmDocument], int]:
    """The documents of an MQM TSV file, sorted by (system, doc); and the rows whose target
    words differ from the segment's first row (their spans cannot be placed and are skipped)."""
    segments: dict[tuple[str, str, int], Segment] = {}
    skipped = 0
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(reader, None)
            if header is None or any(c not in header for c in MQM_COLUMNS):
                raise InputError(f"{path}: not an MQM TSV file (expected columns: {', '.join(MQM_COLUMNS)})")
            col = {name: header.index(name) for name in MQM_COLUMNS}
            for lineno, row in enumerate(reader, 2):
                if not row:
                    continue
                if len(row) < len(header):
                    raise InputError(f"{path}:{lineno}: expected {len(header)} tab-separated fields, found {len(row)}")
                try:
                    key = (row[col["system"]], row[col["doc"]], int(row[col["docSegId"]]))
                except ValueError:
                    raise InputError(f"{path}:{lineno}: docSegId is not a number") from None
                text, spans = unmark(row[col["target"]])
                tokens = [(m.start(), m.end()) for m in _WHITESPACE_TOKEN.finditer(text)]
                seg = segments.get(key)
                if seg is None:
                    lead = len(text) - len(text.lstrip())
                    seg = segments[key] = Segment(text.strip(), [(s - lead, e - lead) for s, e in tokens],
                                                  [set() for _ in tokens], unmark(row[col["source"]])[0].strip())
                elif [text[s:e] for s, e in tokens] != [seg.text[s:e] for s, e in seg.words]:
                    skipped += 1
                    continue
                label = (row[col["category"]], row[col["severity"]])
                for s, e in spans:
                    for i, (ts, te) in enumerate(tokens):
                        if ts < e and s < te:
                            seg.labels[i].add(label)
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid UTF-8 at byte {err.start}") from None
    docs: dict[tuple[str, str], list[tuple[int, Segment]]] = defaultdict(list)
    for (system, doc, seg_id), seg in segments.items():
        docs[(system, doc)].append((seg_id, seg))
    return [MqmDocument(system, doc, [s for _, s in sorted(segs, key=lambda x: x[0])])
            for (system, doc), segs in sorted(docs.items())], skipped


def subsample(items: list, limit: int | None) -> list:
    """`limit` items spread evenly over the list (all of it when limit is None or larger)."""
    if not limit or limit >= len(items):
        return items
    return [items[i * len(items) // limit] for i in range(limit)]


def eval_mqm(checker, path: str, limit: int | None = None, source_aware: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    all_docs, skipped_rows = read_mqm(path)
    docs = subsample(all_docs, limit)
    tp = fp = fn = tn = 0
    by_category: dict[str, Counter] = defaultdict(Counter)
    by_severity: dict[str, Counter] = defaultdict(Counter)
    rules: dict[str, Counter] = defaultdict(Counter)
    n_segments = 0
    for mdoc in docs:
        document, offsets = mdoc.document(source_aware)
        findings = checker.check(document)
        starts = [f.start for f in findings]
        flagged_by: dict[int, set[int]] = defaultdict(set)  # finding index -> flagged word ids
        word_id = 0
        bad_words: set[int] = set()
        for seg, offset in zip(mdoc.segments, offsets):
            n_segments += 1
            for (s, e), labels in zip(seg.words, seg.labels):
                s, e = s + offset, e + offset
                hit = False
                # Findings are sorted by start; those starting before `e` may overlap.
                for k in range(bisect.bisect_left(starts, e)):
                    if findings[k].end > s:
                        hit = True
                        flagged_by[k].add(word_id)
                bad = bool(labels)
                if bad:
                    bad_words.add(word_id)
                tp += hit and bad
                fp += hit and not bad
                fn += bad and not hit
                tn += not bad and not hit
                for category in {c for c, _ in labels}:
                    by_category[category]["words"] += 1
                    by_category[category]["found"] += hit
                for severity in {v for _, v in labels}:
                    by_severity[severity]["words"] += 1
                    by_severity[severity]["found"] += hit
                word_id += 1
        for k, f in enumerate(findings):
            words = flagged_by.get(k, set())
            counts = rules[f.rule]
            counts["findings"] += 1
            counts["words"] += len(words)
            counts["bad_words"] += len(words & bad_words)
            counts["correct_findings"] += bool(words & bad_words)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    words = tp + fp + fn + tn
    bad = tp + fn
    return {
        "kind": "mqm",
        "file": path,
        "source_aware": source_aware,
        "documents": len(docs),
        "documents_in_file": len(all_docs),
        "segments": n_segments,
        "words": words,
        "bad_words": bad,
        "skipped_rows": skipped_rows,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "mcc": mcc(tp, fp, fn, tn),
        "all_bad_baseline_f1": _f1(_ratio(bad, words), 1.0 if bad else None),
        "recall_by_category": _recall_table(by_category),
        "recall_by_severity": _recall_table(by_severity),
        "rules": {code: {**c, "precision": _ratio(c["bad_words"], c["words"]),
                         "finding_precision": _ratio(c["correct_findings"], c["findings"])}
                  for code, c in sorted(rules.items())},
        "seconds": round(time.perf_counter() - started, 2),
    }


def _recall_table(table: dict[str, Counter]) -> dict[str, dict[str, Any]]:
    return {k: {"words": c["words"], "found": c["found"], "recall": _ratio(c["found"], c["words"])}
            for k, c in sorted(table.items(), key=lambda kv: -kv[1]["words"])}


# -- gold JSONL -----------------------------------------------------------------------------
GOLD_KEYS = ("id", "errors")  # plus the garbled text: a file (`garbled`) or inline (`garbled_text`)
ERROR_KEYS = ("start", "end", "text", "family", "category", "severity", "corrections")


@dataclass(frozen=True)
class GoldError:
    start: int
    end: int
    text: str
    family: str
    category: str
    severity: str
    corrections: tuple[str, ...]


@dataclass
class GoldArticle:
    id: str
    garbled: Path | str  # the file, or a label for inline text
    clean: Path | None
    text: str
    errors: list[GoldError] = field(default_factory=list)
    clean_text: str | None = None  # inline clean twin

    def clean_twin(self) -> str | None:
        if self.clean_text is not None:
            return self.clean_text
        return read_text_exact(self.clean) if self.clean is not None else None


def resolve_path(relative: str, gold_file: Path) -> Path | None:
    """A path from the gold file: relative to the repository root, found by walking up from the
    gold file's folder (so it works from any working directory)."""
    p = Path(relative)
    if p.is_absolute():
        return p if p.exists() else None
    for base in (gold_file.resolve().parent, *gold_file.resolve().parents):
        if (base / p).exists():
            return base / p
    return None


def read_text_exact(path: Path) -> str:
    """A file's text with line endings untouched, as the gold offsets count it (decoded as
    `mtcheck check` decodes a file)."""
    from .engine import read_document

    return read_document(str(path)).text


def _gold_error(err: Any, i: int, where: str) -> GoldError:
    """One gold error of a record, its fields' types checked (a hand-edited file)."""
    if not isinstance(err, dict):
        raise InputError(f"{where}: error {i} must be an object")
    missing = [k for k in ERROR_KEYS if k not in err]
    if missing:
        raise InputError(f"{where}: error {i}: missing {', '.join(missing)}")
    if not all(isinstance(err[k], int) and not isinstance(err[k], bool) for k in ("start", "end")):
        raise InputError(f"{where}: error {i}: start and end must be whole numbers")
    corrections = err["corrections"]
    if not isinstance(corrections, list) or not all(isinstance(c, str) for c in corrections):
        raise InputError(f"{where}: error {i}: corrections must be a list of strings")
    if not all(isinstance(err[k], str) for k in ("text", "family", "category", "severity")):
        raise InputError(f"{where}: error {i}: text, family, category and severity must be strings")
    return GoldError(err["start"], err["end"], err["text"], err["family"], err["category"], err["severity"],
                     tuple(corrections))


def read_gold(path: str) -> list[GoldArticle]:
    gold_file = Path(path)
    articles = []
    lines = read_text_exact(gold_file).split("\n")  # not splitlines(): U+2028 may sit in a string
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: invalid JSON: {err.msg}") from None
        missing = [k for k in GOLD_KEYS if k not in obj] if isinstance(obj, dict) else list(GOLD_KEYS)
        if missing:
            raise InputError(f"{where}: missing {', '.join(missing)}")
        if not isinstance(obj["errors"], list):
            raise InputError(f"{where}: errors must be a list")
        for key in ("garbled_text", "clean_text", "garbled", "clean"):
            if obj.get(key) is not None and not isinstance(obj[key], str):
                raise InputError(f"{where}: {key} must be a string")
        if isinstance(obj.get("garbled_text"), str):  # a sentence set: the texts are inline
            article = GoldArticle(str(obj["id"]), f"{path}#{obj['id']}", None, obj["garbled_text"],
                                  clean_text=obj.get("clean_text"))
        elif "garbled" in obj:
            garbled = resolve_path(obj["garbled"], gold_file)
            if garbled is None:
                raise InputError(f"{where}: garbled file {obj['garbled']!r} not found")
            clean = resolve_path(obj["clean"], gold_file) if obj.get("clean") else None
            article = GoldArticle(str(obj["id"]), garbled, clean, read_text_exact(garbled))
            if clean is not None:  # read now: a bad twin is an input error, not a crash mid-report
                article.clean_text = read_text_exact(clean)
        else:
            raise InputError(f"{where}: missing garbled (a file) or garbled_text (inline text)")
        text = article.text
        for i, err in enumerate(obj["errors"]):
            g = _gold_error(err, i, where)
            if text[g.start:g.end] != g.text:
                raise InputError(f"{where}: error {i}: text {g.text!r} is not at [{g.start}, {g.end}) "
                                 f"of {article.garbled} (found {text[g.start:g.end]!r})")
            article.errors.append(g)
        articles.append(article)
    return articles


def suggestion_matches(text: str, f: Finding, g: GoldError, ours: str | None = None) -> bool:
    """True when replacing the finding's span with its top suggestion gives the same text as
    replacing the gold span with one of its corrections (spans may differ in extent). `ours`:
    that text of the finding's, when the caller has changed it (see copies_an_error)."""
    lo, hi = min(f.start, g.start), max(f.end, g.end)
    if ours is None:
        ours = text[lo:f.start] + f.suggestions[0] + text[f.end:hi]
    return any(ours == text[lo:g.start] + c + text[g.end:hi] for c in g.corrections)


def copies_an_error(text: str, f: Finding, g: GoldError, errors: list[GoldError]) -> bool:
    """A wrong fix that would be right but for a word it copies from elsewhere in the article,
    where the gold marks that word wrong ("Rajesh K. Srivastav said" for "Srivastava said",
    the surname copied from a misspelled "Mr Srivastav"): the copied error is another finding's."""
    lo, hi = min(f.start, g.start), max(f.end, g.end)
    ours = text[lo:f.start] + f.suggestions[0] + text[f.end:hi]
    for e in errors:
        if e.corrections and (e.end <= lo or e.start >= hi) and re.fullmatch(r"\w+", e.text):
            ours = re.sub(rf"\b{re.escape(e.text)}\b", e.corrections[0], ours)
    return suggestion_matches(text, f, g, ours)


def eval_gold(checker, path: str) -> dict[str, Any]:
    started = time.perf_counter()
    articles = read_gold(path)
    n_gold = found = n_findings = correct = judged = good_suggestions = 0
    clean_findings = clean_files = clean_flagged = 0
    families: dict[str, Counter] = defaultdict(Counter)
    rules: dict[str, Counter] = defaultdict(Counter)
    fix_families: dict[str, Counter] = defaultdict(Counter)  # safe fixes by rule and kind of evidence
    for article in articles:
        findings = checker.check(Document(article.text, str(article.garbled), markdown=None))
        for g in article.errors:
            n_gold += 1
            hit = any(_overlaps(f, g.start, g.end) for f in findings)
            found += hit
            families[g.family]["errors"] += 1
            families[g.family]["found"] += hit
        for f in findings:
            gold = [g for g in article.errors if _overlaps(f, g.start, g.end)]
            n_findings += 1
            correct += bool(gold)
            rules[f.rule]["findings"] += 1
            rules[f.rule]["correct"] += bool(gold)
            with_corrections = [g for g in gold if g.corrections]
            ok = bool(f.suggestions) and any(suggestion_matches(article.text, f, g) for g in with_corrections)
            if f.safe_fix is not None:  # what plain --fix would write: right only if a gold correction
                rules[f.rule]["safe_fixes"] += 1
                rules[f.rule]["safe_correct"] += ok
                fix_families[f.fix_family]["applied"] += 1
                fix_families[f.fix_family]["correct"] += ok
                fix_families[f.fix_family]["copied"] += not ok and any(
                    copies_an_error(article.text, f, g, article.errors) for g in with_corrections)
            if f.suggestions and with_corrections:
                judged += 1
                good_suggestions += ok
                rules[f.rule]["suggested"] += 1
                rules[f.rule]["good_suggestions"] += ok
        twin = article.clean_twin()
        if twin is not None:
            clean_files += 1
            on_clean = checker.check(Document(twin, str(article.clean or article.garbled)))
            for f in on_clean:  # a safe fix on correct text is a wrong fix
                rules[f.rule]["safe_fixes"] += f.safe_fix is not None
                if f.safe_fix is not None:
                    fix_families[f.fix_family]["applied"] += 1
            found_on_clean = len(on_clean)
            clean_findings += found_on_clean
            clean_flagged += found_on_clean > 0
    precision, recall = _ratio(correct, n_findings), _ratio(found, n_gold)
    return {
        "kind": "gold",
        "file": path,
        "articles": len(articles),
        "gold_errors": n_gold,
        "found": found,
        "findings": n_findings,
        "correct_findings": correct,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "suggestions_judged": judged,
        "good_suggestions": good_suggestions,
        "suggestion_accuracy": _ratio(good_suggestions, judged),
        "clean_files": clean_files,
        "findings_on_clean": clean_findings,
        "clean_with_findings": clean_flagged,  # clean twins with at least one finding (false alarms)
        "recall_by_family": {k: {**c, "recall": _ratio(c["found"], c["errors"])}
                             for k, c in sorted(families.items())},
        "rules": {code: {"safe_fixes": 0, "safe_correct": 0, **c, "precision": _ratio(c["correct"], c["findings"]),
                         "suggestion_accuracy": _ratio(c["good_suggestions"], c["suggested"]),
                         "safe_fix_precision": _ratio(c["safe_correct"], c["safe_fixes"])}
                  for code, c in sorted(rules.items())},
        "safe_fix_families": {k: {"applied": c["applied"], "correct": c["correct"], "copied_error": c["copied"],
                                  "precision": _ratio(c["correct"], c["applied"])}
                              for k, c in sorted(fix_families.items())},
        "safe_fixes": sum(c["safe_fixes"] for c in rules.values()),
        "safe_fixes_correct": sum(c["safe_correct"] for c in rules.values()),
        "seconds": round(time.perf_counter() - started, 2),
    }


def evaluate(checker, path: str, limit: int | None = None, source_aware: bool = False) -> dict[str, Any]:
    """Evaluate on one annotated file, chosen by its suffix (.tsv: MQM, .jsonl: gold)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tsv":
        return eval_mqm(checker, path, limit, source_aware)
    if suffix in (".jsonl", ".json"):
        return eval_gold(checker, path)
    raise InputError(f"{path}: unknown annotation format (expected .tsv for MQM or .jsonl for gold)")


# -- text report ------------------------------------------------------------------------------
def _pct(value: float | None) -> str:
    return "   –" if value is None else f"{100 * value:5.1f}"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def render_text(report: dict[str, Any]) -> str:
    lines = []
    if report["kind"] == "mqm":
        r = report
        scope = (f"{r['documents']} system-documents" if r["documents"] == r["documents_in_file"]
                 else f"{r['documents']} of {r['documents_in_file']} system-documents (evenly spaced subsample)")
        lines += [f"MQM evaluation of {r['file']}: {scope}, {r['segments']} segments, {r['words']} words, "
                  f"{r['bad_words']} BAD ({_pct(_ratio(r['bad_words'], r['words'])).strip()}%)",
                  f"word-level BAD: precision {_num(r['precision'])}  recall {_num(r['recall'])}  "
                  f"F1 {_num(r['f1'])}  MCC {_num(r['mcc'])}   (all-BAD baseline F1 {_num(r['all_bad_baseline_f1'])}, MCC 0)",
                  f"tp {r['tp']}  fp {r['fp']}  fn {r['fn']}  tn {r['tn']}"]
        if r["skipped_rows"]:
            lines.append(f"{r['skipped_rows']} rows skipped: their target words differ from the segment's first row")
        lines += ["", "recall by MQM category                    BAD words  found  recall%"]
        lines += [f"  {k[:41]:<41} {v['words']:>8} {v['found']:>6}  {_pct(v['recall'])}"
                  for k, v in r["recall_by_category"].items()]
        lines += ["", "recall by severity                        BAD words  found  recall%"]
        lines += [f"  {k[:41]:<41} {v['words']:>8} {v['found']:>6}  {_pct(v['recall'])}"
                  for k, v in r["recall_by_severity"].items()]
        lines += ["", "per rule     findings  words  BAD words  word precision%  finding precision%"]
        lines += [f"  {k:<10} {v['findings']:>8} {v['words']:>6} {v['bad_words']:>10}  {_pct(v['precision']):>15}"
                  f"  {_pct(v['finding_precision']):>18}" for k, v in r["rules"].items()]
    else:
        r = report
        lines += [f"Gold evaluation of {r['file']}: {r['articles']} articles, {r['gold_errors']} gold errors, "
                  f"{r['findings']} findings",
                  f"spans: precision {_num(r['precision'])}  recall {_num(r['recall'])}  F1 {_num(r['f1'])}"
                  f"   (found {r['found']}/{r['gold_errors']}, correct findings {r['correct_findings']}/{r['findings']})",
                  f"suggestion accuracy {_num(r['suggestion_accuracy'])}  "
                  f"({r['good_suggestions']}/{r['suggestions_judged']} top suggestions are an accepted correction)",
                  f"findings on the {r['clean_files']} clean versions: {r['findings_on_clean']} "
                  f"({r['clean_with_findings']} versions with a finding)",
                  "", "recall by family        errors  found  recall%"]
        lines += [f"  {k[:22]:<22} {v['errors']:>6} {v['found']:>6}  {_pct(v['recall'])}"
                  for k, v in r["recall_by_family"].items()]
        lines += ["", "per rule     findings  correct  precision%  suggestion accuracy%"]
        lines += [f"  {k:<10} {v['findings']:>8} {v['correct']:>8}  {_pct(v['precision']):>10}"
                  f"  {_pct(v['suggestion_accuracy']):>20}" for k, v in r["rules"].items()]
        lines += ["", "safe fixes (what --fix writes, garbled and clean versions)",
                  "per rule     applied  correct  precision%"]
        lines += [f"  {k:<10} {v['safe_fixes']:>7} {v['safe_correct']:>8}  {_pct(v['safe_fix_precision']):>10}"
                  for k, v in r["rules"].items() if v["safe_fixes"]]
        lines.append(f"  {'all':<10} {r['safe_fixes']:>7} {r['safe_fixes_correct']:>8}  "
                     f"{_pct(_ratio(r['safe_fixes_correct'], r['safe_fixes'])):>10}")
        if r.get("safe_fix_families"):
            lines += ["per family (rule, evidence)                                              applied  correct  precision%"]
            lines += [f"  {k[:70]:<70} {v['applied']:>7} {v['correct']:>8}  {_pct(v['precision']):>10}"
                      + (f"  (+{v['copied_error']} right but for a misspelling copied from the article)"
                         if v["copied_error"] else "")
                      for k, v in r["safe_fix_families"].items()]
    lines.append(f"({report['seconds']} s)")
    out = "\n".join(lines) + "\n"
    if report.get("model_curve"):
        out += render_curve(report["model_curve"])
    return out


# -- the model's operating curve ----------------------------------------------------------------
def model_curve(checker, path: str, limit: int | None = None) -> list[dict[str, Any]]:
    """The evaluation again at each of the model's calibrated margins (the score cache makes the
    reruns cheap: only the decision changes): one point per margin, strictest first, with the
    named operating points (--sensitivity) marked."""
    import dataclasses

    from .engine import Checker
    from .model.settings import curve_margins

    points = []
    for name, value in curve_margins():
        config = dataclasses.replace(checker.config, sensitivity=value)
        report = evaluate(Checker(config, checker.glossary, checker.model), path, limit)
        rule = report["rules"].get("MT901", {})
        point = {"margin": value, "sensitivity": name, "precision": report["precision"],
                 "recall": report["recall"], "mt901_findings": rule.get("findings", 0),
                 "mt901_precision": rule.get("finding_precision", rule.get("precision"))}
        if report["kind"] == "mqm":
            point["mcc"] = report["mcc"]
        else:
            point["findings_on_clean"] = report["findings_on_clean"]
            point["mt901_suggestion_accuracy"] = rule.get("suggestion_accuracy")
        points.append(point)
    return points


def render_curve(points: list[dict[str, Any]]) -> str:
    lines = ["", "model operating curve (MT901 margin in bits; point = its --sensitivity name)",
             "  margin  point     precision  recall    MCC  MT901 findings  MT901 precision%  findings on clean"]
    for p in points:
        clean = p.get("findings_on_clean")
        lines.append(f"  {p['margin']:6.1f}  {(p['sensitivity'] or ''):8}  {_num(p['precision']):>9}  "
                     f"{_num(p['recall']):>6}  {_num(p.get('mcc')):>5}  {p['mt901_findings']:>14}  "
                     f"{_pct(p['mt901_precision']):>16}  {'–' if clean is None else clean:>17}")
    return "\n".join(lines) + "\n"


def plot_curves(reports: list[dict[str, Any]], out: str) -> None:
    """Precision against recall of rules + model at each margin, one line per evaluated file."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("--plot needs matplotlib: pip install 'mtcheck[plot]'") from None
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for report in reports:
        points = report.get("model_curve") or []
        xs = [p["recall"] or 0 for p in points]
        ys = [p["precision"] or 0 for p in points]
        ax.plot(xs, ys, marker="o", label=Path(report["file"]).name)
        for p, x, y in zip(points, xs, ys):
            if p["sensitivity"]:
                ax.annotate(p["sensitivity"], (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xlabel("recall")
    ax.set_ylabel("precision")
    ax.set_title("mtcheck: rules + model at each MT901 operating point")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    try:
        fig.savefig(out, dpi=120)
    except OSError as err:
        raise InputError(f"{out}: cannot write the plot ({err.strerror or err})") from None
    finally:
        plt.close(fig)


def render_comparison(mono: dict[str, Any], aware: dict[str, Any]) -> str:
    """Monolingual and source-aware MQM figures side by side (issue 14: `eval --source-aware`)."""
    lines = [f"Monolingual vs source-aware on {mono['file']}: {aware['documents']} system-documents, {aware['words']} words",
             "                          monolingual  source-aware"]
    for key in ("precision", "recall", "f1", "mcc"):
        lines.append(f"  {key:<23} {_num(mono[key]):>11}  {_num(aware[key]):>12}")
    for key in ("tp", "fp"):
        lines.append(f"  {key:<23} {mono[key]:>11}  {aware[key]:>12}")
    lines += ["", "recall% by MQM category                   BAD words  monolingual  source-aware"]
    for k, v in aware["recall_by_category"].items():
        m = mono["recall_by_category"].get(k, {})
        lines.append(f"  {k[:41]:<41} {v['words']:>8}  {_pct(m.get('recall')):>11}  {_pct(v['recall']):>12}")
    return "\n".join(lines) + "\n\n"
