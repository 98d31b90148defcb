"""The command line: ``hearth chat|models|doctor|bench|...``.

Each part of Hearth keeps its commands in its own module and is registered here with one
line, so this file stays a table of contents. Commands are imported only when they run:
opening the window (``hearth`` alone) or ``hearth --version`` pays for none of them.
"""

from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """A click group whose subcommands are ``"module:attribute"`` strings, imported on use."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, attribute = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, invoke_without_command=True, lazy={
    "chat": "app.commands.chat:chat",
    "chats": "app.commands.chats:chats",
    "models": "app.commands.models:models",
    "doctor": "app.commands.doctor:doctor",
    "engines": "app.commands.engines:engines",
    "kb": "app.commands.kb:kb",
    "mcp": "app.commands.mcp:mcp",
    "serve": "app.commands.serve:serve",
    "backup": "app.commands.backup:backup",
})
@click.version_option(package_name="hearth-desktop", prog_name="Hearth")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Hearth: run language models on your own machine. With no command, open the window."""
    _speak_the_users_language()
    if ctx.invoked_subcommand is None:
        try:
            from app.commands.gui import open_window
        except ImportError as exc:  # a build without the window (no PySide6)
            click.echo(f"The window is not available ({exc}); starting the terminal chat.",
                       err=True)
            from app.commands.chat import chat

            ctx.invoke(chat)
            return
        ctx.exit(open_window())


@cli.group(cls=LazyGroup, lazy={
    "decode": "app.bench.decode:decode",
    "multiturn": "app.bench.multiturn:multiturn",
    "coldstart": "app.bench.coldstart:coldstart",
    "kb": "app.bench.kb:kb",
    "ui": "app.bench.ui:ui",
    "switch": "app.bench.switch:switch",
    "stop": "app.bench.stop:stop",
    "serve": "app.bench.serve:serve",
    "load": "app.bench.load:load",
    "structured": "app.bench.structured:structured",
    "vision": "app.bench.vision:vision",
    "contention": "app.bench.contention:contention",
    "kv": "app.bench.kv:kv",
    "speculative": "app.bench.speculative:speculative",
})
def bench() -> None:
    """Measure Hearth against a reference taken in the same run."""


def _speak_the_users_language() -> None:
    """The core's sentences in the ``language`` setting (the system's when it cannot be
    read: a broken settings file is reported by the command that needs it)."""
    from app.services.language import set_language
    from app.services.settings import load_settings

    try:
        set_language(load_settings().language)
    except Exception:  # noqa: BLE001
        set_language("system")
