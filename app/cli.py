"""The command line: ``hearth chat|models|doctor|bench|...``.

Each part of Hearth keeps its commands in its own module and is registered here with one
line, so this file stays a table of contents.
"""

from __future__ import annotations

import click

from app.commands.chat import chat
from app.commands.doctor import doctor
from app.commands.engines import engines
from app.commands.kb import kb
from app.commands.models import models


@click.group(invoke_without_command=True)
@click.version_option(package_name="hearth", prog_name="Hearth")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Hearth: run language models on your own machine. With no command, open the window."""
    if ctx.invoked_subcommand is None:
        try:
            from app.commands.gui import open_window
        except ImportError as exc:  # a build without the window (no PySide6)
            click.echo(f"The window is not available ({exc}); starting the terminal chat.",
                       err=True)
            ctx.invoke(chat)
            return
        ctx.exit(open_window())


cli.add_command(chat)
cli.add_command(models)
cli.add_command(doctor)
cli.add_command(engines)
cli.add_command(kb)


@cli.group()
def bench() -> None:
    """Measure Hearth against a reference taken in the same run."""


def _register_benches() -> None:
    from app.bench.coldstart import coldstart
    from app.bench.decode import decode
    from app.bench.kb import kb as kb_bench
    from app.bench.multiturn import multiturn
    from app.bench.ui import ui

    for command in (decode, multiturn, coldstart, kb_bench, ui):
        bench.add_command(command)


_register_benches()
