"""``hearth chat``: stream an answer, or talk interactively, from the terminal."""

from __future__ import annotations

import sys

import click

from app.engines.base import CancelToken, Done, Error, LoadReport, Token
from app.services.chat import ChatService
from app.services.runtime import Runtime
from app.settings import load_settings
from app.store import open_db
from app.store.conversations import NotFoundError


def describe_load(report: LoadReport) -> str:
    """One line for a cold start: what, where, and the breakdown."""
    parts = [f"check {report.file_check_s:.2f} s" if report.file_check_s is not None else "",
             f"load {report.load_s:.2f} s" if report.load_s is not None else "",
             f"warm-up {report.warmup_s:.2f} s" if report.warmup_s is not None else ""]
    breakdown = ", ".join(p for p in parts if p)
    return (f"{report.model} on {report.engine} ({report.device}) ready in {report.ready_s:.2f} s"
            + (f" ({breakdown})" if breakdown else "") + "; " + "; ".join(report.notes))


def _stream(events, out=sys.stdout) -> Done | Error | None:
    outcome = None
    for event in events:
        if isinstance(event, Token):
            out.write(event.text)
            out.flush()
        elif isinstance(event, Done | Error):
            outcome = event
    out.write("\n")
    return outcome


def _report(outcome: Done | Error | None) -> None:
    if isinstance(outcome, Error):
        click.echo(f"Error: {outcome.message}", err=True)
    elif isinstance(outcome, Done):
        s = outcome.stats
        speed = f"{s.tok_s:.1f} tok/s" if s.tok_s else "-"
        ttft = f"{s.ttft_s:.2f} s" if s.ttft_s is not None else "-"
        note = " (stopped)" if s.finish_reason == "cancelled" else ""
        click.echo(f"[first token {ttft}, {speed}, {s.prompt_tokens} prompt tokens, "
                   f"{s.cached_tokens} from cache{note}]", err=True)


def _send(service: ChatService, conversation_id: int, prompt: str) -> Done | Error | None:
    cancel = CancelToken()
    try:
        return _stream(service.send(conversation_id, prompt, cancel))
    except KeyboardInterrupt:
        cancel.cancel()
        return None


@click.command()
@click.option("--model", "-m", default=None, help="A model name from `hearth models list`, or a .gguf path.")
@click.option("--conversation", "-c", type=int, default=None, help="Resume a saved conversation by id.")
@click.option("--system", default=None, help="A system prompt for a new conversation.")
@click.option("--max-tokens", type=int, default=None, help="Cap on reply length.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the reply.")
@click.argument("prompt", required=False)
def chat(model, conversation, system, max_tokens, quiet, prompt) -> None:
    """Chat with a model. With PROMPT, answer once; without, talk until /quit or Ctrl+D."""
    db = open_db()
    runtime = Runtime(db, load_settings())
    if max_tokens:
        runtime.settings.max_tokens = max_tokens
    service = ChatService(runtime)
    service.store.recover_interrupted()
    try:
        conv = service.store.get(conversation) if conversation else service.store.create(
            model=model, settings={"system_prompt": system} if system else {})
        if conversation and model:
            service.store.set_model(conv.id, model)
        report = runtime.ensure(model or conv.model)
    except (NotFoundError, LookupError, Exception) as exc:  # noqa: BLE001 - shown to the user
        raise click.ClickException(str(exc)) from exc
    if report and not quiet:
        click.echo(describe_load(report), err=True)
        click.echo(f"Engine: {runtime.reason}", err=True)
    if prompt:
        outcome = _send(service, conv.id, prompt)
        if not quiet:
            _report(outcome)
        if isinstance(outcome, Error):
            sys.exit(1)
        return
    _interactive(service, conv.id, quiet)


def _interactive(service: ChatService, conversation_id: int, quiet: bool) -> None:
    click.echo(f"Conversation {conversation_id}. Type /quit or press Ctrl+D to leave; "
               "Ctrl+C stops a reply.", err=True)
    for message in service.store.thread(conversation_id):
        click.echo(f"{message.role}> {message.content}")
    while True:
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            click.echo("", err=True)
            return
        if line.strip() in ("/quit", "/exit"):
            return
        if not line.strip():
            continue
        outcome = _send(service, conversation_id, line)
        if not quiet:
            _report(outcome)
