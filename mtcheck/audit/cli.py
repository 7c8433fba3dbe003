"""`mtcheck audit` and `mtcheck audit-report`, registered on the main command group."""

from __future__ import annotations

import sys

import click

from ..cli import EXIT_ERROR, EXIT_OK, _check_options, _run_options, fail
from ..finding import plural
from . import MissingExtra


@click.command("audit")
@_run_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Findings table (.parquet or .jsonl); articles go to FILE with .articles before the suffix.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a process pool (--jobs); ray: Ray Data tasks and model actors.")
@click.option("--address", metavar="ADDR", help="--engine ray: an existing Ray cluster (default: a local instance).")
@click.option("--model-actors", type=click.IntRange(1), default=1, show_default=True,
              help="--engine ray: actors that each hold the model.")
@click.option("--batch-size", type=click.IntRange(1), default=50, show_default=True, help="Articles per task.")
@click.option("--commit-every", type=click.IntRange(1), default=1000, show_default=True,
              help="Articles per committed part (what an interruption can lose).")
@click.option("--restart", is_flag=True, help="Forget an unfinished or earlier audit into FILE and start over.")
@click.option("--report", "report", type=click.Path(dir_okay=False), metavar="HTML",
              help="Also write the summary report (as `mtcheck audit-report`).")
def audit_command(paths, output, engine, address, model_actors, batch_size, commit_every, restart, report,
                  **run_args):
    """Audit an archive: folders of .txt/.md files, JSONL or Parquet tables of articles (id, text, metadata)."""
    from .run import run_audit

    with _missing_extra():
        options = _check_options(paths, **run_args)
        explicit_jobs = click.get_current_context().get_parameter_source("jobs") != click.core.ParameterSource.DEFAULT
        ray_cpus = (options.jobs or None) if explicit_jobs else None
        summary = run_audit(list(paths), options, output, engine=engine, jobs=options.jobs or _cpus(),
                            address=address, ray_cpus=ray_cpus, model_actors=model_actors,
                            batch_size=batch_size, commit_every=commit_every, restart=restart)
        from .store import articles_path
        from pathlib import Path

        click.echo(f"mtcheck: audited {plural(summary.checked, 'article')} ({summary.resumed} done by an earlier "
                   f"run), {plural(summary.findings, 'finding')}; {summary.errors} could not be read, "
                   f"{summary.skipped} skipped "
                   f"→ {output}, {articles_path(Path(output))}", err=True)
        if report:
            from .report import write_report

            write_report(output, report)
        if summary.checked + summary.resumed == 0 and not summary.ignored:
            fail("no articles found in " + ", ".join(paths))
        sys.exit(EXIT_ERROR if summary.errors else EXIT_OK)


@click.command("audit-report")
@click.argument("table", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="HTML",
              help="The report to write (one standalone HTML page).")
@click.option("--worst", type=click.IntRange(1), default=20, show_default=True, help="How many worst articles to list.")
def audit_report_command(table, output, worst):
    """Summarise an audit table: MQM penalty per 1,000 words by desk, month, vendor and rule family."""
    from .report import write_report

    with _missing_extra():
        write_report(table, output, worst)


class _missing_extra:
    """An optional package is missing: one line naming the extra, exit 2."""

    def __enter__(self):
        return self

    def __exit__(self, kind, err, tb):
        if kind is not None and issubclass(kind, MissingExtra):
            fail(str(err))
        return False


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def register(group: click.Group) -> None:
    group.add_command(audit_command)
    group.add_command(audit_report_command)
