"""``hearth chat``: stream an answer, or talk interactively, from the terminal.

Ctrl-C during a reply stops it the way Stop does in the window: the text so far is saved
(labelled "stopped by you"); a one-shot chat then exits with 130, the shell's code for an
interrupted command. A second Ctrl-C while stopping quits at once.

Tools: ``--mcp NAME`` (repeatable) has the conversation use enabled MCP server NAME (see
``hearth mcp``). Each call the model asks for is printed with its arguments and asked
about: ``Allow? [y]es once / [a]lways / [n]o``; when stdin is not a terminal nobody can
answer, so the call is denied and the chat says so.

Images: ``--image FILE`` (repeatable) attaches pictures to the message sent (the first
one, in an interactive chat). Every file is checked before anything loads or is stored: a
file that is not a usable image exits with status 1 and the reason, and nothing is kept.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator

import click

from app.engines.base import CancelToken, ImagePart, LoadReport, Sampling, Token
from app.services.chat import ChatService, ReplyStarted, Saved, ToolServerProblem
from app.services.conversations import reply_timing
from app.services.desktop import Services
from app.services.errors import describe_error
from app.services.formats import FormatError, format_from_files
from app.services.images import ImageError, attach_files
from app.services.models import language_hint
from app.services.settings import load_settings
from app.services.tools import Approval, ToolCallFinished, ToolCallProposed

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


def ask_approval(proposed: ToolCallProposed, read=input, interactive: bool | None = None,
                 ) -> Approval:
    """Show the call and ask at the terminal; deny when nobody can answer (stdin is not a
    terminal, or it ends)."""
    call = proposed.call
    click.echo(f"\n[tool] {proposed.server} wants to run {call.name} with {call.arguments}",
               err=True)
    if proposed.description:
        click.echo(f"       ({proposed.description})", err=True)
    if interactive is None:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    if not interactive:
        click.echo("       Denied: stdin is not a terminal, so nobody can allow it. Run "
                   "`hearth chat` in a terminal to answer.", err=True)
        return "deny"
    answers: dict[str, Approval] = {"y": "once", "yes": "once", "a": "always",
                                    "always": "always", "n": "deny", "no": "deny"}
    while True:
        click.echo("Allow? [y]es once / [a]lways / [n]o: ", nl=False, err=True)
        try:
            line = read().strip().lower()
        except (EOFError, KeyboardInterrupt):
            click.echo("", err=True)
            return "deny"
        if line in answers:
            return answers[line]


def _stream(events, out=sys.stdout, ask=ask_approval) -> Saved | None:
    saved = None
    rounds = 0
    for event in events:
        if isinstance(event, Token):
            out.write(event.text)
            out.flush()
        elif isinstance(event, Saved):
            saved = event
        elif isinstance(event, ReplyStarted):
            rounds += 1
            if rounds > 1:
                out.write("\n")
        elif isinstance(event, ToolCallProposed):
            event.decide(ask(event))
        elif isinstance(event, ToolCallFinished):
            result = " ".join(event.content.split())
            click.echo(f"[tool] {event.call.name}: {'' if event.ok else 'failed: '}"
                       f"{result[:200]}{'…' if len(result) > 200 else ''}", err=True)
        elif isinstance(event, ToolServerProblem):
            click.echo(f"[tools] {event.message}", err=True)
    out.write("\n")
    return saved


def _report(saved: Saved | None, outcome_error: str | None, timing: dict | None = None) -> None:
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
               f"{m.cached_tokens or 0} from cache{_extras(timing)}{note}]", err=True)


def _extras(timing: dict | None) -> str:
    """Images and speculative drafts in the reply's timings line, when there were any."""
    if not timing:
        return ""
    extra = ""
    if timing.get("image_tokens"):
        seconds = (timing.get("image_prep_s") or 0) + (timing.get("image_encode_s") or 0)
        extra += f", images {timing['image_tokens']} tokens in {seconds:.2f} s"
    if timing.get("draft_tokens"):
        extra += (f", {timing.get('draft_accepted') or 0} of {timing['draft_tokens']} "
                  "drafted tokens accepted")
    return extra


def _send(service: ChatService, conversation_id: int, prompt: str,
          quiet: bool, images: list[ImagePart] | None = None) -> tuple[Saved | None, bool]:
    """Stream one reply; (what was saved, whether Ctrl-C stopped it)."""
    cancel = CancelToken()
    with ctrl_c_stops(cancel):
        saved = _stream(service.send(conversation_id, prompt, cancel, images=images or ()))
    error = saved.message.error if saved and saved.message.status == "error" else None
    if not quiet or error:
        timing = reply_timing(service.db, saved.message.id) if saved else None
        _report(saved, error, timing)
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
@click.option("--mcp", "mcp_servers", multiple=True,
              help="An enabled MCP server whose tools the model may call, each call with your "
                   "approval (repeat for several; see `hearth mcp`).")
@click.option("--tool-choice", type=click.Choice(["auto", "required", "none"]), default=None,
              help="Whether the model may (auto), must (required) or must not (none) call a "
                   "tool in its first reply; saved with the conversation.")
@click.option("--image", "image_files", multiple=True, type=click.Path(dir_okay=False),
              help="An image to attach to the message (repeat for several); the model must "
                   "be able to see (a vision model).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the reply.")
@click.option("--json", "json_reply", is_flag=True,
              help="Replies are one JSON object (the conversation keeps this setting).")
@click.option("--json-schema", "schema_file", type=click.Path(dir_okay=False), default=None,
              help="Replies are JSON valid against the JSON schema in this file.")
@click.option("--grammar", "grammar_file", type=click.Path(dir_okay=False), default=None,
              help="Replies follow the GBNF grammar in this file (root ::= ...).")
@click.argument("prompt", required=False)
def chat(model, conversation, system, max_tokens, temperature, collections, mcp_servers,
         tool_choice, image_files, quiet, prompt, json_reply, schema_file,
         grammar_file) -> None:
    """Chat with a model. With PROMPT, answer once; without, talk until /quit or Ctrl+D."""
    response_format = _response_format(json_reply, schema_file, grammar_file)
    images = _attached(image_files, quiet)
    settings = load_settings()
    if max_tokens:
        settings.max_tokens = max_tokens
    if temperature is not None:
        settings.temperature = temperature
    services = Services.open(settings)
    try:
        tools = {"mcp_servers": list(mcp_servers)} if mcp_servers else {}
        if tool_choice:
            tools["tool_choice"] = tool_choice
        if response_format:
            tools["response_format"] = response_format
        _chat(services, model, conversation, system, list(collections), tools, quiet, prompt,
              images)
    finally:
        services.close()


def _attached(files: tuple[str, ...], quiet: bool) -> list[ImagePart]:
    """The --image files checked and kept, all or none; a bad one exits 1 with why."""
    if not files:
        return []
    try:
        attached = attach_files(list(files))
    except ImageError as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        for item in attached:
            for note in item.notes:
                click.echo(f"[image] {note}", err=True)
    return [item.part for item in attached]


def _check_servers(services: Services, names: list[str]) -> None:
    """Every --mcp server is configured and enabled, else a message saying what to do."""
    known = {s.name: s for s in services.mcp.servers()}
    for name in names:
        if name not in known:
            raise click.ClickException(f"There is no MCP server {name!r}; `hearth mcp list` "
                                       "shows them, `hearth mcp add` adds one.")
        if not known[name].enabled:
            raise click.ClickException(f"The MCP server {name} is disabled; "
                                       f"`hearth mcp enable {name}` first.")


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


def _chat(services: Services, model, conversation, system, collections, tools: dict, quiet,
          prompt, images: list[ImagePart]) -> None:
    service = services.chat
    service.recover_interrupted()
    try:
        if tools.get("mcp_servers"):
            _check_servers(services, tools["mcp_servers"])
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
        if tools:
            service.set_settings(conv.id, {**service.get(conv.id).settings, **tools})
    except click.ClickException:
        raise
    except Exception as exc:  # noqa: BLE001 - shown to the user
        raise click.ClickException(describe_error(exc)) from exc
    if not quiet:
        if report:
            click.echo(describe_load(report), err=True)
        click.echo(f"Engine: {services.runtime.reason}", err=True)
        used = service.collections(conv.id)
        tools = service.get(conv.id).settings.get("mcp_servers") or []
        click.echo(f"Conversation {conv.id}." + (f" Consults: {', '.join(used)}." if used
                                                  else "")
                   + (f" Tools from: {', '.join(tools)}." if tools else ""), err=True)
    if prompt and not quiet:
        _language_note(model, prompt)
    if prompt:
        saved, interrupted = _send(service, conv.id, prompt, quiet, images)
        if interrupted:
            sys.exit(EXIT_INTERRUPTED)
        if saved is None or saved.message.status == "error":
            sys.exit(1)
        return
    _interactive(service, conv.id, quiet, images)


def _language_note(model: str | None, text: str) -> None:
    """Say so when the model was not trained on the language of ``text``."""
    hint = language_hint(model or load_settings().default_model, text)
    if hint:
        click.echo(hint, err=True)


def _interactive(service: ChatService, conversation_id: int, quiet: bool,
                 images: list[ImagePart]) -> None:
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
        _send(service, conversation_id, line, quiet, images)
        images = []  # the --image files go with the first message only
