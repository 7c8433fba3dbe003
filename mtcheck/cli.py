"""The command line: `mtcheck check` (with --fix, --diff, --reference), `review`, `baseline`, `score`, `eval`,
`rules`, `config`.

Bad input, config or usage ends with one clear line on stderr and exit code 2, never a
traceback. Exit code 1 means findings at or above the fail level.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import FORMATS, ConfigError, config_for, convert_value
from .document import InputError
from .engine import FileResult, warn_stderr
from .finding import Severity, plural
from .glossary import GlossaryError
from .glossary.cli import glossary_group
from .model.commands import model_group, server_command
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


class _Commands(click.Group):
    """The command group, the one place where every command's user errors (bad config,
    glossary or input), Ctrl-C and a closed output pipe become one line and an exit code
    (click's own handling says "Aborted!" and exits 1, the code for findings)."""

    def invoke(self, ctx: click.Context) -> Any:
        with user_errors():
            return super().invoke(ctx)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtcheck")
def main() -> None:
    """Catch machine-translation errors in English news copy."""
    # A terminal or pipe that cannot show a character (ASCII locale, an undecodable file name)
    # gets an escape, not a UnicodeEncodeError halfway through the report.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


_GLOSSARY_OPTION = click.option("-g", "--glossary", multiple=True, metavar="FILE",
                                help="Glossary file (CSV, TSV or TBX); repeatable.")
_NO_MODEL_OPTION = click.option("--no-model", is_flag=True, help="Rules only: do not load the language model.")
_MODEL_OPTION = click.option("--model", "model_path", metavar="DIR", help="Directory of a local causal language model.")
_SELECT_OPTION = click.option("--select", multiple=True, metavar="CODES", help="Run only these rules (codes, prefixes or names).")
_IGNORE_OPTION = click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (codes, prefixes or names).")
_SENSITIVITY_OPTION = click.option("--sensitivity", type=click.Choice(["low", "default", "high"]),
                                   help="The model's operating point: low = fewer, surer findings (default: default).")


def _rule_options(f):
    """Options shared by `check`, `baseline` and `eval`: the glossary, the model, which rules."""
    for decorator in reversed((_GLOSSARY_OPTION, _NO_MODEL_OPTION, _MODEL_OPTION, _SELECT_OPTION, _IGNORE_OPTION,
                               _SENSITIVITY_OPTION)):
        f = decorator(f)
    return f


def _selectors(select, ignore) -> dict[str, list[str] | None]:
    """--select/--ignore as config overrides; a selector that matches no rule is an error."""
    overrides = {"select": _codes(select), "ignore": _codes(ignore)}
    for key, keys in overrides.items():
        unknown = unknown_keys(keys or [])
        if unknown:
            fail(f"--{key}: no rule matches {', '.join(unknown)} (see `mtcheck rules`)")
    return overrides


def _run_options(f):
    """Options shared by `check`, `baseline` and `review`: which rules, which config, how to run."""
    for decorator in reversed((
        click.argument("paths", nargs=-1, required=True),
        _rule_options,
        click.option("--require-model", is_flag=True, help="Exit 2 if the language model cannot be loaded."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), help="Drop findings below this confidence."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file."),
        click.option("--force-exclude/--no-force-exclude", default=None,
                     help="Apply the config's `exclude` to files named here too (the pre-commit hooks pass it)."),
        click.option("--encoding", help="Text encoding of the files (default: UTF-8)."),
        click.option("-j", "--jobs", type=click.IntRange(0), default=1, show_default=True,
                     help="Processes for the rule pass (0: one per CPU)."),
        click.option("--no-progress", is_flag=True, help="Never show a progress bar (it shows only on a terminal)."),
    )):
        f = decorator(f)
    return f


def _check_options(paths, glossary, no_model, model_path, require_model, select, ignore, min_confidence,
                   config_file, encoding, jobs, no_progress, force_exclude=None, fail_level=None, fmt=None,
                   sensitivity=None) -> CheckOptions:
    overrides: dict[str, Any] = {
        "sensitivity": sensitivity,
        **_selectors(select, ignore),
        "fail-level": convert_value("fail-level", fail_level, "--fail-level") if fail_level else None,
        "min-confidence": min_confidence,
        "format": fmt,
        "encoding": convert_value("encoding", encoding, "--encoding") if encoding else None,
        "model": model_path,
        "use-model": False if no_model else (True if model_path or require_model else None),
        "force-exclude": force_exclude,
    }
    return CheckOptions(overrides, list(glossary), Path(config_file) if config_file else None,
                        model_wanted=not no_model, require_model=require_model, jobs=jobs,
                        progress=not no_progress)


def _refuse_output_over_input(output: str | None, run: Run, what: str) -> None:
    """An --output that is one of the checked files would replace the article: stop before
    anything is written (fixes included)."""
    if output is None or not os.path.exists(output):
        return
    for result in run.results:
        if result.document is not None and os.path.exists(result.path) and os.path.samefile(result.path, output):
            fail(f"-o {output} is a checked file: the {what} would replace it (name another file)")


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
@click.option("--fix", is_flag=True, help="Apply safe fixes in place; report what remains (exit 1 when a file changed).")
@click.option("--fix-only", is_flag=True,
              help="Apply safe fixes, list only what changed; exit 1 only when a file changed (the mtcheck-fix hook).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix/--diff: also apply model and first-choice suggestions.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing.")
@click.option("--reference", "references", multiple=True, metavar="FILE",
              help="Add BLEU/chrF/TER against this reference translation (one checked file); repeatable.")
@click.option("--source", "source_file", metavar="FILE",
              help="The source-language original of the one checked file (source-aware rules MT5xx).")
def check(paths, fmt, output, fail_level, exit_zero, stdin_filename, baseline_file, since, fix, fix_only,
          unsafe_fixes, diff, references, source_file, **run_args):
    """Check text and Markdown files (directories recurse; '-' reads standard input)."""
    fix = fix or fix_only
    fixing = fix or diff
    if fix and diff:
        fail("--fix writes the files and --diff writes nothing: use one of them")
    if unsafe_fixes and not fixing:
        fail("--unsafe-fixes needs --fix or --diff")
    if fix and "-" in paths:
        fail("--fix cannot write to standard input (use --diff)")
    options = _check_options(paths, fail_level=fail_level, fmt=fmt, **run_args)
    options.stdin_filename = stdin_filename
    if source_file:  # issue 14: one pair
        from .source.pairs import source_option

        try:
            options.overrides["sources"] = source_option(paths, source_file)
        except ValueError as err:
            fail(str(err))
    if baseline_file:
        from .baseline import Baseline

        options.baseline = Baseline.load(baseline_file)
    if since:
        from .changes import ChangedLines

        first = Path(paths[0]).resolve()
        where = None if paths[0] == "-" or not first.exists() else first if first.is_dir() else first.parent
        options.since = ChangedLines(since, where)  # the repository around the first path
    run = run_check(list(paths), options)
    _refuse_output_over_input(output, run, f"{run.pool.config_for(paths[0]).format} report")
    _report_file_problems(run)
    results = run.results
    if results and all(r.error for r in results):
        sys.exit(EXIT_ERROR)
    extra = run.summary_extra()
    extra.update(_fix_and_score(results, run, paths, fixing, diff, unsafe_fixes, references))
    if fix_only:  # another hook reports the findings: say only what changed
        _report_fixed(extra.pop("fixed_files"))
        sys.exit(EXIT_ERROR if any(r.error for r in results) else
                 EXIT_FINDINGS if extra.get("fixes_applied") and not exit_zero else EXIT_OK)
    extra.pop("fixed_files", None)
    fmt = run.pool.config_for(paths[0]).format
    _write_report(fmt, results, output, extra)
    if output:
        click.echo(f"mtcheck: wrote the {fmt} report to {output}", err=True)
    if any(r.error for r in results):
        sys.exit(EXIT_ERROR)
    if fix and extra.get("fixes_applied") and not exit_zero:  # a file changed: a hook must stop the commit
        sys.exit(EXIT_FINDINGS)
    failing = any(r.failed for r in results)
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


@main.command("baseline")
@_run_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="The baseline file to write (JSON).")
def baseline_command(paths, output, **run_args):
    """Record today's findings in PATHS so that `check --baseline FILE` reports only new ones."""
    from .baseline import write_baseline

    options = _check_options(paths, **run_args)
    run = run_check(list(paths), options)
    _refuse_output_over_input(output, run, "baseline")
    _report_file_problems(run)
    items = [(r.path, r.document, r.findings) for r in run.results if r.document is not None]
    unread = [r.path for r in run.results if r.error and r.path != "-"]
    count = write_baseline(output, items, unread)
    click.echo(f"mtcheck: recorded {plural(count, 'finding')} in {plural(len(items), 'file')} to {output}"
               + (f" (kept its entries for {plural(len(unread), 'path')} that could not be read)" if unread else ""),
               err=True)
    # Files that could not be read are not checked today: say so with the exit code.
    sys.exit(EXIT_ERROR if any(r.error for r in run.results) else EXIT_OK)


@main.command("review")
@_run_options
@click.option("--baseline", "baseline_file", metavar="FILE",
              help="Leave out findings this baseline holds; `i` records findings here instead of inline markers "
                   "(default: .mtcheck-baseline.json when it exists; plain text always uses a baseline).")
def review_command(paths, baseline_file, **run_args):
    """Go through the findings one at a time, like `git add -p`: accept, edit, skip or silence each."""
    from .fix import checked_roots
    from .review import glossary_target, review_results, terminal_problem

    problem = terminal_problem(paths)
    if problem:
        fail(problem)
    options = _check_options(paths, **run_args)
    from .review import DEFAULT_BASELINE

    if not baseline_file and Path(DEFAULT_BASELINE).exists():
        baseline_file = DEFAULT_BASELINE  # what an earlier review silenced stays silent
    if baseline_file and Path(baseline_file).exists():
        from .baseline import Baseline

        options.baseline = Baseline.load(baseline_file)
    run = run_check(list(paths), options)
    _report_file_problems(run)
    target = glossary_target(run_args["glossary"], run.pool.config_for(paths[0]).glossary)
    code = review_results(run.results, checked_roots(paths), target, baseline_file,
                          lambda line: click.echo(line, err=True))
    sys.exit(EXIT_ERROR if any(r.error for r in run.results) and code == 0 else code)


def _fix_and_score(results: list[FileResult], run: Run, paths: tuple[str, ...], fixing: bool, diff: bool,
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

    outcomes = fix_results(results, run.checker_for, unsafe, write=not diff, roots=checked_roots(paths), keep=run.keep)
    for outcome in outcomes:
        if outcome.error:
            click.echo(f"mtcheck: error: {outcome.error}", err=True)
    if diff:
        _report_diff(outcomes, results)
    extra["fixes_applied"] = sum(o.applied for o in outcomes)
    extra["fixed_files"] = [(o.original.path, o.applied) for o in outcomes if o.changed and not o.error]
    if references:
        outcome = outcomes[0]  # not written (an error) means the file still holds the original
        after = outcome.original.text if outcome.error else outcome.fixed.text
        extra["reference_scores_after"] = document_scores(after, list(references))
    return extra


def _report_diff(fixed: list, results: list[FileResult]) -> None:
    """--diff: the diffs on stdout, a summary on stderr; exit 1 when anything would change."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)  # the file's own bytes, not text in stdout's encoding
    for outcome in fixed:
        if outcome.changed and not outcome.diff_applies:
            click.echo(f"mtcheck: {outcome.original.path}: the diff shows this {outcome.original.encoding} "
                       "file's text in UTF-8 and does not apply to it; use --fix to change it", err=True)
        if out is None:
            click.echo(outcome.diff(), nl=False)
        else:
            out.write(outcome.diff_bytes())
    if out is not None:
        out.flush()
    changed = sum(1 for f in fixed if f.changed)
    remaining = sum(len(f.findings) for f in fixed)
    applied = sum(f.applied for f in fixed)
    click.echo(f"{plural(applied, 'fix', 'fixes')} would be applied to {plural(changed, 'file')}; "
               f"{plural(remaining, 'finding')} would remain", err=True)
    sys.exit(EXIT_ERROR if any(r.error for r in results) else EXIT_FINDINGS if changed else EXIT_OK)


def _report_fixed(fixed_files: list[tuple[str, int]]) -> None:
    for path, applied in fixed_files:
        click.echo(f"mtcheck: fixed {path} ({plural(applied, 'fix', 'fixes')}): review and stage it", err=True)


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
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--sentences", is_flag=True, help="Per-line scores, worst first.")
def score_command(hypothesis, refs, fmt, sentences):
    """BLEU, chrF and TER of HYPOTHESIS against reference translations (line by line, as sacrebleu)."""
    from .score import corpus_scores, format_scores, format_sentences, read_lines, sentence_scores

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
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@_rule_options
@click.option("--limit", type=click.IntRange(1), help="MQM files: evaluate only N system-documents, evenly spaced.")
@click.option("--source-aware", is_flag=True,
              help="MQM files: also check with each segment's source (MT5xx) and report both side by side.")
@click.option("--plot", metavar="FILE", help="Write the model's precision/recall curve as a PNG (needs matplotlib).")
def eval_command(files, fmt, no_model, model_path, select, ignore, glossary, limit, source_aware, sensitivity, plot):
    """Measure mtcheck on annotated files: MQM TSV (WMT layout) or mtcheck's gold JSONL."""
    from .api import make_checker
    from .evaluation import evaluate, render_text

    overrides = {**_selectors(select, ignore), "model": model_path, "use-model": False if no_model else None,
                 "sensitivity": sensitivity}
    config = config_for(None).merged(overrides)
    checker = make_checker(config, list(glossary), model=not no_model)
    reports = [evaluate(checker, path, limit) for path in files]
    if checker.model is not None:
        from .evaluation import model_curve

        for report, path in zip(reports, files):
            report["model_curve"] = model_curve(checker, path, limit)
    if plot:
        from .evaluation import plot_curves

        plot_curves(reports, plot)
    if source_aware:  # issue 14: the same files again with their sources, reported beside
        from .evaluation import render_comparison

        aware = [evaluate(checker, path, limit, source_aware=True) if r["kind"] == "mqm" else None
                 for path, r in zip(files, reports)]
    if fmt == "json":
        click.echo(json.dumps({"reports": reports + [a for a in aware if a] if source_aware else reports},
                              ensure_ascii=False, indent=2))
    elif source_aware:
        click.echo("".join(render_text(r) + (render_comparison(r, a) + render_text(a) if a else "")
                           for r, a in zip(reports, aware)), nl=False)
    else:
        click.echo("\n".join(render_text(r) for r in reports), nl=False)


@main.command("rules")
@click.argument("selectors", nargs=-1, metavar="[RULE]...")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def rules_command(selectors, fmt):
    """List every rule with its code, name, MQM category, severity, explanation and examples;
    only the rules named (a code, a code prefix such as MT2, or a name) when RULE is given."""
    from dataclasses import asdict

    from .rules import select_rules
    from .rules.docs import example_lines, header

    unknown = unknown_keys(list(selectors))
    if unknown:
        fail(f"no rule matches {', '.join(unknown)} (see `mtcheck rules`)")
    rules = select_rules(list(selectors)) if selectors else ALL_RULES
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "category": r.category,
                                "severity": r.severity.label, "fixable": r.fixable,
                                "explanation": r.explanation(),
                                "examples": [asdict(e) for e in r.examples]} for r in rules],
                              ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.code}  {r.name}  [{header(r)}]")
        for line in r.explanation().splitlines():
            click.echo(f"    {line}".rstrip())
        if r.examples:
            click.echo("\n    Examples:")
            for example in r.examples:
                for line in example_lines(example):
                    click.echo(f"    {line}")
        click.echo()


@main.command("config")
@click.argument("path", required=False, type=click.Path())
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file.")
def config_command(path, config_file):
    """Print the effective configuration for PATH (default: the current directory)."""
    if path and not Path(path).exists():
        fail(f"{path}: no such file or directory")
    config = config_for(Path(path) if path else None, Path(config_file) if config_file else None)
    click.echo(f"# source: {config.source or 'defaults (no config file found)'}")
    click.echo("[tool.mtcheck]")
    for key, value in config.as_toml_dict().items():
        if value is None:
            click.echo(f"# {key} is not set")
        else:
            click.echo(f"{key} = {_toml_value(value)}")


main.add_command(glossary_group)
main.add_command(model_group)  # mtcheck model install
main.add_command(server_command)  # mtcheck server [--stop]: the resident model


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)


from .audit.cli import register as _register_audit  # noqa: E402  (it reuses the options above)

_register_audit(main)


def run() -> None:
    """The console entry point (`mtcheck`, `python -m mtcheck`): `main`, then a quick exit.

    A normal interpreter exit frees the lexicons' million small objects one by one, which took
    a third of a rules-only hook run (~0.2 s CPU) for memory the process gives back anyway. So,
    as mypy does, the process ends with os._exit once its work is done: exit handlers run and
    output is flushed first. In-process callers (tests, library users) call `main` instead."""
    import atexit
    import os
    import threading

    try:
        main()
        code: Any = EXIT_OK
    except SystemExit as stop:
        code = stop.code
    if threading.active_count() > 1:  # a worker thread still running: let the normal exit join it
        sys.exit(code)
    if code is None:
        code = EXIT_OK
    elif not isinstance(code, int):  # sys.exit("message"), as the interpreter reports it
        print(code, file=sys.stderr)
        code = EXIT_FINDINGS
    atexit._run_exitfuncs()  # what a normal exit would run (logging, temporary files, Ray)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`mtcheck check … | head`) or stream
            code = code or EXIT_ERROR
    os._exit(code)
