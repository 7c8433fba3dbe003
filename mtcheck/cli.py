"""The command line: `mtcheck check`, `mtcheck baseline`, `mtcheck rules`, `mtcheck config`.

Bad input, config or usage ends with one clear line on stderr and exit code 2, never a
traceback. Exit code 1 means findings at or above the fail level.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import FORMATS, ConfigError, config_for, convert_value
from .document import InputError
from .engine import FileResult, warn_stderr
from .finding import Severity
from .glossary import GlossaryError
from .glossary.cli import glossary_group
from .rules import ALL_RULES, unknown_keys
from .runner import CheckOptions, Run, run_check

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtcheck")
def main() -> None:
    """Catch machine-translation errors in English news copy."""


def _run_options(f):
    """Options shared by `check` and `baseline`: which rules, which config, how to run."""
    for decorator in reversed((
        click.argument("paths", nargs=-1, required=True),
        click.option("-g", "--glossary", multiple=True, metavar="FILE", help="Glossary file (CSV, TSV or TBX); repeatable."),
        click.option("--no-model", is_flag=True, help="Rules only: do not load the language model."),
        click.option("--model", "model_path", metavar="DIR", help="Directory of a local causal language model."),
        click.option("--require-model", is_flag=True, help="Exit 2 if the language model cannot be loaded."),
        click.option("--select", multiple=True, metavar="CODES", help="Run only these rules (codes, prefixes or names)."),
        click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (codes, prefixes or names)."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop findings below this confidence."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file."),
        click.option("--encoding", help="Text encoding of the files (default: UTF-8)."),
        click.option("-j", "--jobs", type=click.IntRange(0), default=1, show_default=True,
                     help="Processes for the rule pass (0: one per CPU)."),
        click.option("--no-progress", is_flag=True, help="Never show a progress bar (it shows only on a terminal)."),
    )):
        f = decorator(f)
    return f


def _check_options(paths, glossary, no_model, model_path, require_model, select, ignore, min_confidence,
                   config_file, encoding, jobs, no_progress, fail_level=None, fmt=None) -> CheckOptions:
    overrides: dict[str, Any] = {
        "select": _codes(select),
        "ignore": _codes(ignore),
        "fail-level": convert_value("fail-level", fail_level, "--fail-level") if fail_level else None,
        "min-confidence": min_confidence,
        "format": fmt,
        "encoding": encoding,
        "model": model_path,
        "use-model": False if no_model else (True if model_path or require_model else None),
    }
    for key in ("select", "ignore"):
        unknown = unknown_keys(overrides[key] or [])
        if unknown:
            fail(f"--{key}: no rule matches {', '.join(unknown)} (see `mtcheck rules`)")
    return CheckOptions(overrides, list(glossary), Path(config_file) if config_file else None,
                        model_wanted=not no_model, require_model=require_model, jobs=jobs,
                        progress=not no_progress)


def _report_file_problems(run: Run) -> None:
    for result in run.results:
        if result.skipped:
            warn_stderr(result.skipped)
        if result.error:
            click.echo(f"mtcheck: error: {result.error}", err=True)


@main.command()
@_run_options
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--fail-level", type=click.Choice(SEVERITIES), help="Lowest severity that makes the exit code 1.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--stdin-filename", metavar="NAME", help="Name to report for standard input ('.md' reads it as Markdown).")
@click.option("--baseline", "baseline_file", metavar="FILE", help="Report only findings not recorded in this baseline.")
@click.option("--since", metavar="REF", help="Report only findings on lines changed since this git revision.")
def check(paths, fmt, output, fail_level, exit_zero, stdin_filename, baseline_file, since, **run_args):
    """Check text and Markdown files (directories recurse; '-' reads standard input)."""
    with user_errors():
        options = _check_options(paths, fail_level=fail_level, fmt=fmt, **run_args)
        options.stdin_filename = stdin_filename
        if baseline_file:
            from .baseline import Baseline

            options.baseline = Baseline.load(baseline_file)
        if since:
            from .changes import ChangedLines

            first = Path(paths[0]).resolve()
            where = None if paths[0] == "-" or not first.exists() else first if first.is_dir() else first.parent
            options.since = ChangedLines(since, where)  # the repository around the first path
        run = run_check(list(paths), options)
        _report_file_problems(run)
        results = run.results
        if not results and not run.ignored:
            fail("no text or Markdown files found in " + ", ".join(paths))
        if results and all(r.error for r in results):
            sys.exit(EXIT_ERROR)
        fmt = run.pool.config_for(paths[0]).format
        _write_report(fmt, results, output, run.summary_extra())
        if any(r.error for r in results):
            sys.exit(EXIT_ERROR)
        failing = any(f.severity >= level for r, level in zip(results, run.fail_levels) for f in r.findings)
        sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


@main.command("baseline")
@_run_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="The baseline file to write (JSON).")
def baseline_command(paths, output, **run_args):
    """Record today's findings in PATHS so that `check --baseline FILE` reports only new ones."""
    with user_errors():
        from .baseline import write_baseline

        options = _check_options(paths, **run_args)
        run = run_check(list(paths), options)
        _report_file_problems(run)
        items = [(r.path, r.document, r.findings) for r in run.results if r.document is not None]
        count = write_baseline(output, items)
        click.echo(f"mtcheck: recorded {count} finding{'s' if count != 1 else ''} "
                   f"in {len(items)} file{'s' if len(items) != 1 else ''} to {output}", err=True)
        # Files that could not be read are not in the baseline: say so with the exit code.
        sys.exit(EXIT_ERROR if any(r.error for r in run.results) else EXIT_OK)


def _write_report(fmt: str, results: list[FileResult], output: str | None, extra: dict | None = None) -> None:
    from .formats import render

    if output:
        try:
            with open(output, "w", encoding="utf-8", newline="\n") as out:
                render(fmt, results, out, extra)
        except OSError as err:
            fail(f"{output}: cannot write report: {err.strerror or err}")
    else:
        render(fmt, results, sys.stdout, extra)


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
