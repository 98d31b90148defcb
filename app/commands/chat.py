"""``hearth chat``: stream an answer, or talk interactively, from the terminal.

Ctrl-C during a reply stops it the way Stop does in the window: the text so far is saved
(labelled "stopped by you"); a one-shot chat then exits with 130, the shell's code for an
interrupted command. A second Ctrl-C while stopping quits at once.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator

import click

from app.engines.base import CancelToken, LoadReport, Sampling, Token
from app.services.chat import ChatService, Saved
from app.services.desktop import Services
from app.services.errors import describe_error
from app.services.formats import FormatError, format_from_files
from app.services.settings import load_settings

#: the exit status of a command stopped by Ctrl-C (128 + SIGINT)
EXIT_INTERRUPTED = 130
MAX_TOKENS = Sampling.bounds()["max_tokens"]
TEMPERATURE = Sampling.bounds()["temperature"]


def describe_load(report: LoadReport) -> str:
    """One line for a cold start: what, where, and the breakdown."""
    parts = [f"check {report.file_check_s:.2f} s" if report.file_check_s is not None else "",
             f"load {report.load_s:.2f} s" if report.load_s is not None else "",
             f"warm-up {report.warmup_s:.2f} s" if report.warmup_s is not None else ""]
    breakdown = ", ".join(p for p in parts if p)
    return (f"{report.model} on {report.engine} ({report.device}) ready in {report.ready_s:.2f} s"
            + (f" ({breakdown})" if breakdown else "") + "; " + "; ".join(report.notes))


@contextlib.contextmanager
def ctrl_c_stops(cancel: CancelToken) -> Iterator[None]:
    """While a reply streams, the first Ctrl-C stops it (the reply is saved); a second one
    raises KeyboardInterrupt as usual."""
    def stop(_signum, _frame) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        cancel.cancel("user")
    try:
        previous = signal.signal(signal.SIGINT, stop)
    except ValueError:  # not the main thread (tests calling the command in a thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _stream(events, out=sys.stdout) -> Saved | None:
    saved = None
    for event in events:
        if isinstance(event, Token):
            out.write(event.text)
            out.flush()
        elif isinstance(event, Saved):
            saved = event
    out.write("\n")
    return saved


def _report(saved: Saved | None, outcome_error: str | None) -> None:
    if outcome_error:
        click.echo(f"Error: {outcome_error}", err=True)
        return
    if saved is None:
        return
    m = saved.message
    speed = f"{m.tok_s:.1f} tok/s" if m.tok_s else "-"
    ttft = f"{m.ttft_s:.2f} s" if m.ttft_s is not None else "-"
    note = {"user": " (stopped)", "length": " (length limit reached: raise --max-tokens for "
            "longer replies)"}.get(m.end_reason or "", "")
    click.echo(f"[first token {ttft}, {speed}, {m.prompt_tokens or 0} prompt tokens, "
               f"{m.cached_tokens or 0} from cache{note}]", err=True)


def _send(service: ChatService, conversation_id: int, prompt: str,
          quiet: bool) -> tuple[Saved | None, bool]:
    """Stream one reply; (what was saved, whether Ctrl-C stopped it)."""
    cancel = CancelToken()
    with ctrl_c_stops(cancel):
        saved = _stream(service.send(conversation_id, prompt, cancel))
    error = saved.message.error if saved and saved.message.status == "error" else None
    if not quiet or error:
        _report(saved, error)
    return saved, cancel.cancelled


@click.command()
@click.option("--model", "-m", default=None, help="A model name from `hearth models list`, or a .gguf path.")
@click.option("--conversation", "-c", type=int, default=None, help="Resume a saved conversation by id.")
@click.option("--system", default=None, help="A system prompt for a new conversation.")
@click.option("--max-tokens", type=click.IntRange(*MAX_TOKENS), default=None,
              help=Sampling.description("max_tokens"))
@click.option("--temperature", type=click.FloatRange(*TEMPERATURE), default=None,
              help=Sampling.description("temperature"))
@click.option("--kb", "collections", multiple=True,
              help="A knowledge collection to consult (repeat for several); new conversations "
                   "otherwise use the last conversation's collections.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the reply.")
@click.option("--json", "json_reply", is_flag=True,
              help="Replies are one JSON object (the conversation keeps this setting).")
@click.option("--json-schema", "schema_file", type=click.Path(dir_okay=False), default=None,
              help="Replies are JSON valid against the JSON schema in this file.")
@click.option("--grammar", "grammar_file", type=click.Path(dir_okay=False), default=None,
              help="Replies follow the GBNF grammar in this file (root ::= ...).")
@click.argument("prompt", required=False)
def chat(model, conversation, system, max_tokens, temperature, collections, quiet,
         prompt, json_reply, schema_file, grammar_file) -> None:
    """Chat with a model. With PROMPT, answer once; without, talk until /quit or Ctrl+D."""
    response_format = _response_format(json_reply, schema_file, grammar_file)
    settings = load_settings()
    if max_tokens:
        settings.max_tokens = max_tokens
    if temperature is not None:
        settings.temperature = temperature
    services = Services.open(settings)
    try:
        _chat(services, model, conversation, system, list(collections), quiet, prompt,
              response_format)
    finally:
        services.close()


def _response_format(json_reply: bool, schema_file: str | None,
                     grammar_file: str | None) -> dict | None:
    """The conversation's structured output from the options, checked before anything
    loads or is created (a bad file: exit 2 with what to fix)."""
    try:
        return format_from_files(json_reply, schema_file, grammar_file)
    except FormatError as exc:
        hint = "'--json-schema'" if schema_file else "'--grammar'" if grammar_file else None
        if sum(map(bool, (json_reply, schema_file, grammar_file))) > 1:
            hint = None
        raise click.BadParameter(str(exc), param_hint=hint) from None


def _chat(services: Services, model, conversation, system, collections, quiet, prompt,
          response_format: dict | None = None) -> None:
    service = services.chat
    service.recover_interrupted()
    try:
        if conversation:
            conv = service.get(conversation)
            if model:
                service.set_model(conv.id, model)
            model = model or conv.model
            n_ctx = int(conv.settings.get("context_length") or 0) or None
        else:
            n_ctx = None
        # the model loads before a new conversation is made: a chat that cannot start
        # leaves no empty conversation behind
        report = services.scheduler.preload(model, n_ctx)
        if not conversation:
            conv = service.create(model=model, settings={"system_prompt": system} if system
                                  else {}, collections=collections or None)
        elif collections:
            service.attach(conv.id, collections)
        if response_format:
            service.set_settings(conv.id, {**conv.settings, "response_format": response_format})
    except Exception as exc:  # noqa: BLE001 - shown to the user
        raise click.ClickException(describe_error(exc)) from exc
    if not quiet:
        if report:
            click.echo(describe_load(report), err=True)
        click.echo(f"Engine: {services.runtime.reason}", err=True)
        used = service.collections(conv.id)
        click.echo(f"Conversation {conv.id}." + (f" Consults: {', '.join(used)}." if used
                                                  else ""), err=True)
    if prompt:
        saved, interrupted = _send(service, conv.id, prompt, quiet)
        if interrupted:
            sys.exit(EXIT_INTERRUPTED)
        if saved is None or saved.message.status == "error":
            sys.exit(1)
        return
    _interactive(service, conv.id, quiet)


def _interactive(service: ChatService, conversation_id: int, quiet: bool) -> None:
    click.echo("Type /quit or press Ctrl+D to leave; Ctrl+C stops a reply.", err=True)
    for message in service.thread(conversation_id):
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
        _send(service, conversation_id, line, quiet)
