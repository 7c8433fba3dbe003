"""The command line: `mtcheck check` (with --fix, --diff, --reference), `score`, `eval`, `rules`, `config`.

Bad input, config or usage ends with one clear line on stderr and exit code 2, never a
traceback. Exit code 1 means findings at or above the fail level.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import FORMATS, Config, ConfigError, config_for, convert_value
from .document import InputError
from .engine import BinaryFile, Checker, FileResult, iter_files, read_document, warn_stderr
from .finding import Severity
from .glossary import GlossaryError, load_glossaries
from .glossary.cli import glossary_group
from .rules import ALL_RULES, unknown_keys

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SEVERITIES = [s.label for s in Severity]


def fail(message: str) -> None:
    """Print one error line and exit 2."""
    click.echo(f"mtcheck: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@contextmanager
def user_errors():
    """Turn the errors a user can cause into one line and exit code 2."""
    try:
        yield
    except (ConfigError, GlossaryError, InputError) as err:
        fail(str(err))
    except KeyboardInterrupt:
        click.echo("mtcheck: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(EXIT_ERROR)


def _codes(values: tuple[str, ...]) -> list[str] | None:
    """--select A,B --select C → [A, B, C]; None when the option was not given."""
    if not values:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


@dataclass
class CheckOptions:
    """Command-line values that override the config file (None = not given)."""

    overrides: dict[str, Any] = field(default_factory=dict)
    extra_glossaries: list[str] = field(default_factory=list)
    explicit_config: Path | None = None


class CheckerPool:
    """One checker per effective config: files under different config files get their own."""

    def __init__(self, options: CheckOptions, model_wanted: bool, require_model: bool):
        self.options = options
        self.model_wanted = model_wanted
        self.require_model = require_model
        self._model: Any = None
        self._model_tried = False
        self._checkers: dict[str | None, Checker] = {}

    def config_for(self, path: str) -> Config:
        target = None if path == "-" else Path(path)
        return config_for(target, self.options.explicit_config).merged(self.options.overrides)

    def _load_model(self, config: Config):
        if not self._model_tried:
            self._model_tried = True
            from .model import ModelUnavailable, load_checker

            try:
                self._model = load_checker(config, warn_stderr)
            except ModelUnavailable as err:
                if self.require_model:
                    fail(f"{err} (--require-model was given)")
                warn_stderr(f"{err}")
        return self._model

    def checker(self, config: Config) -> Checker:
        key = config.source
        if key not in self._checkers:
            glossary_paths = [*config.glossary, *self.options.extra_glossaries]
            glossary = load_glossaries(glossary_paths) if glossary_paths else None
            model = self._load_model(config) if self.model_wanted and config.use_model else None
            self._checkers[key] = Checker(config, glossary, model)
        return self._checkers[key]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtcheck")
def main() -> None:
    """Catch machine-translation errors in English news copy."""
    # A terminal or pipe that cannot show a character (ASCII locale, an undecodable file name)
    # gets an escape, not a UnicodeEncodeError halfway through the report.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("-g", "--glossary", multiple=True, metavar="FILE", help="Glossary file (CSV, TSV or TBX); repeatable.")
@click.option("--no-model", is_flag=True, help="Rules only: do not load the language model.")
@click.option("--model", "model_path", metavar="DIR", help="Directory of a local causal language model.")
@click.option("--require-model", is_flag=True, help="Exit 2 if the language model cannot be loaded.")
@click.option("--select", multiple=True, metavar="CODES", help="Run only these rules (codes, prefixes or names).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (codes, prefixes or names).")
@click.option("--fail-level", type=click.Choice(SEVERITIES), help="Lowest severity that makes the exit code 1.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop findings below this confidence.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--encoding", help="Text encoding of the files (default: UTF-8).")
@click.option("--stdin-filename", metavar="NAME", help="Name to report for standard input ('.md' reads it as Markdown).")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place; report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix/--diff: also apply model and first-choice suggestions.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing.")
@click.option("--reference", "references", multiple=True, metavar="FILE",
              help="Add BLEU/chrF/TER against this reference translation (one checked file); repeatable.")
def check(paths, fmt, output, glossary, no_model, model_path, require_model, select, ignore, fail_level,
          min_confidence, exit_zero, config_file, encoding, stdin_filename, fix, unsafe_fixes, diff, references):
    """Check text and Markdown files (directories recurse; '-' reads standard input)."""
    with user_errors():
        fixing = fix or diff
        if fix and not diff and "-" in paths:
            fail("--fix cannot write to standard input (use --diff)")
        overrides: dict[str, Any] = {
            "select": _codes(select),
            "ignore": _codes(ignore),
            "fail-level": convert_value("fail-level", fail_level, "--fail-level") if fail_level else None,
            "min-confidence": min_confidence,
            "format": fmt,
            "encoding": convert_value("encoding", encoding, "--encoding") if encoding else None,
            "model": model_path,
            "use-model": False if no_model else (True if model_path or require_model else None),
        }
        for key in ("select", "ignore"):
            unknown = unknown_keys(overrides[key] or [])
            if unknown:
                fail(f"--{key}: no rule matches {', '.join(unknown)} (see `mtcheck rules`)")
        options = CheckOptions(overrides, list(glossary), Path(config_file) if config_file else None)
        pool = CheckerPool(options, model_wanted=not no_model, require_model=require_model)
        results: list[FileResult] = []
        fail_levels: list[Severity] = []
        base_config = pool.config_for(paths[0])
        for path in iter_files(paths, base_config):
            config = pool.config_for(path)
            result = _read(path, config, stdin_filename)
            if result.document is not None:
                result.findings = pool.checker(config).check(result.document)
            if result.skipped:
                warn_stderr(result.skipped)
            if result.error:
                click.echo(f"mtcheck: error: {result.error}", err=True)
            fail_levels.append(config.fail_level)
            results.append(result)
        if not results:
            fail("no text or Markdown files found in " + ", ".join(paths))
        if all(r.error for r in results):
            sys.exit(EXIT_ERROR)
        extra = _fix_and_score(results, lambda p: pool.checker(pool.config_for(p)), paths, fixing, diff,
                               unsafe_fixes, references)
        fmt = base_config.format
        _write_report(fmt, results, output, extra)
        if any(r.error for r in results):
            sys.exit(EXIT_ERROR)
        failing = any(f.severity >= level for r, level in zip(results, fail_levels) for f in r.findings)
        sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


def _read(path: str, config: Config, stdin_filename: str | None) -> FileResult:
    """The file's document, or a result that carries why it could not be read."""
    markdown = bool(stdin_filename and Path(stdin_filename).suffix.lower() in (".md", ".markdown"))
    try:
        doc = read_document(path, config.encoding, stdin_markdown=markdown)
    except BinaryFile as err:
        return FileResult(path, skipped=str(err))
    except InputError as err:
        return FileResult(path, error=str(err))
    if path == "-" and stdin_filename:
        doc.path = stdin_filename
    return FileResult(doc.path, document=doc)


def _fix_and_score(results: list[FileResult], checker_for, paths: tuple[str, ...], fixing: bool, diff: bool,
                   unsafe: bool, references: tuple[str, ...]) -> dict[str, Any]:
    """--fix/--diff and --reference: fix the files, score against the reference before and after."""
    extra: dict[str, Any] = {}
    readable = [r for r in results if r.document is not None]
    if references:
        from .score import document_scores

        if len(readable) != 1:
            fail("--reference needs exactly one file to check")
        before = document_scores(readable[0].document.text, list(references))
        extra["reference_scores_before" if fixing else "reference_scores"] = before
    if not fixing:
        return extra
    from .fix import checked_roots, fix_results

    outcomes = fix_results(results, checker_for, unsafe, write=not diff, roots=checked_roots(paths))
    for outcome in outcomes:
        if outcome.error:
            click.echo(f"mtcheck: error: {outcome.error}", err=True)
    if diff:
        _report_diff(outcomes, results)
    extra["fixes_applied"] = sum(o.applied for o in outcomes)
    if references:
        outcome = outcomes[0]  # not written (an error) means the file still holds the original
        after = outcome.original.text if outcome.error else outcome.fixed.text
        extra["reference_scores_after"] = document_scores(after, list(references))
    return extra


def _report_diff(fixed: list, results: list[FileResult]) -> None:
    """--diff: the diffs on stdout, a summary on stderr; exit 1 when anything would change."""
    for outcome in fixed:
        click.echo(outcome.diff(), nl=False)
    changed = sum(1 for f in fixed if f.changed)
    remaining = sum(len(f.findings) for f in fixed)
    click.echo(f"{sum(f.applied for f in fixed)} fixes would be applied to {changed} "
               f"file{'s' if changed != 1 else ''}; {remaining} findings would remain", err=True)
    sys.exit(EXIT_ERROR if any(r.error for r in results) else EXIT_FINDINGS if changed else EXIT_OK)


def _write_report(fmt: str, results: list[FileResult], output: str | None, extra: dict | None = None) -> None:
    from .formats import render

    if output:
        try:
            with open(output, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as out:
                render(fmt, results, out, extra)
        except OSError as err:
            fail(f"{output}: cannot write report: {err.strerror or err}")
    else:
        render(fmt, results, sys.stdout, extra)


@main.command("score")
@click.argument("hypothesis")
@click.option("--ref", "refs", multiple=True, required=True, metavar="FILE", help="Reference translation; repeatable.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--sentences", is_flag=True, help="Per-line scores, worst first.")
def score_command(hypothesis, refs, fmt, sentences):
    """BLEU, chrF and TER of HYPOTHESIS against reference translations (line by line, as sacrebleu)."""
    from .score import corpus_scores, format_scores, format_sentences, read_lines, sentence_scores

    with user_errors():
        hyp, ref_lines = read_lines(hypothesis), [read_lines(r) for r in refs]
        scores = corpus_scores(hyp, ref_lines, list(refs))
        rows = sentence_scores(hyp, ref_lines, list(refs)) if sentences else None
    if fmt == "json":
        data: dict[str, Any] = {"hypothesis": hypothesis, "references": list(refs),
                                "scores": [s.to_dict() for s in scores]}
        if rows is not None:
            data["sentences"] = [r.to_dict() for r in rows]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(format_scores(scores), nl=False)
    if rows is not None:
        click.echo()
        click.echo(format_sentences(rows), nl=False)


@main.command("eval")
@click.argument("files", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--no-model", is_flag=True, help="Rules only: do not load the language model.")
@click.option("--model", "model_path", metavar="DIR", help="Directory of a local causal language model.")
@click.option("--select", multiple=True, metavar="CODES", help="Run only these rules (codes, prefixes or names).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (codes, prefixes or names).")
@click.option("-g", "--glossary", multiple=True, metavar="FILE", help="Glossary file (CSV, TSV or TBX); repeatable.")
@click.option("--limit", type=click.IntRange(1), help="MQM files: evaluate only N system-documents, evenly spaced.")
def eval_command(files, fmt, no_model, model_path, select, ignore, glossary, limit):
    """Measure mtcheck on annotated files: MQM TSV (WMT layout) or mtcheck's gold JSONL."""
    from .api import make_checker
    from .evaluation import evaluate, render_text

    with user_errors():
        overrides = {"select": _codes(select), "ignore": _codes(ignore), "model": model_path,
                     "use-model": False if no_model else None}
        for key in ("select", "ignore"):
            unknown = unknown_keys(overrides[key] or [])
            if unknown:
                fail(f"--{key}: no rule matches {', '.join(unknown)} (see `mtcheck rules`)")
        config = config_for(None).merged(overrides)
        checker = make_checker(config, list(glossary), model=not no_model)
        reports = [evaluate(checker, path, limit) for path in files]
    if fmt == "json":
        click.echo(json.dumps({"reports": reports}, ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(render_text(r) for r in reports), nl=False)


@main.command("rules")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_command(fmt):
    """List every rule with its code, name, MQM category, severity and explanation."""
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "category": r.category,
                                "severity": r.severity.label, "fixable": r.fixable,
                                "explanation": r.explanation()} for r in ALL_RULES],
                              ensure_ascii=False, indent=2))
        return
    for r in ALL_RULES:
        click.echo(f"{r.code}  {r.name}  [{r.category}, {r.severity.label}{', fixable' if r.fixable else ''}]")
        for line in r.explanation().splitlines():
            click.echo(f"    {line}".rstrip())
        click.echo()


@main.command("config")
@click.argument("path", required=False, type=click.Path())
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file.")
def config_command(path, config_file):
    """Print the effective configuration for PATH (default: the current directory)."""
    with user_errors():
        config = config_for(Path(path) if path else None, Path(config_file) if config_file else None)
        click.echo(f"# source: {config.source or 'defaults (no config file found)'}")
        click.echo("[tool.mtcheck]")
        for key, value in config.as_toml_dict().items():
            if value is None:
                click.echo(f"# {key} is not set")
            else:
                click.echo(f"{key} = {_toml_value(value)}")


main.add_command(glossary_group)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)
