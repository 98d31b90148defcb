"""``hearth bench serve``: the local API against its references, in one run.

1. Decode speed through ``hearth serve`` (a separate process, the official ``openai``
   client, a streamed chat) ÷ the same reply in-process (``Services.completion.stream``).
   Both sides are timed alike: from the first streamed piece of text to the last, over the
   reply's completion tokens after the first (the API's final usage chunk; ``Done.stats``
   in-process). Target: ratio ≥ 0.95.
2. Time to first token of two 10-turn conversations, interleaved turn by turn (A1 B1 A2
   B2 …), each with its own ~400-token system prompt (``--shared-system``: the same one),
   through ``hearth serve`` vs llama-cpp-python's own OpenAI server (one slot: it
   re-processes the prompt from where it differs from the previous request's). Same
   GGUF, context, threads and batch size; temperature 0; each turn appends that server's
   reply and a new question. Target: turn-10 ratio ≤ 0.5.

Sides alternate (ABAB, the order flipped every round) so the machine's load hits both
alike; every round's conversations are new (a round number opens each system prompt), so
no round reuses another's cache. Reported: median and spread (population standard
deviation) over the rounds.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.bench.servers import HearthServer, LlamaCppServer, bench_threads, write_hearth_settings
from app.models.builtin import STARTER_NAME

if TYPE_CHECKING:
    from openai import OpenAI

    from app.services.desktop import Services

DECODE_PROMPT = "Write a long story about a lighthouse keeper who finds a message in a bottle."

#: two conversations' subjects: (system prompt notes, the question asked each turn)
TOPICS = (
    ("the history of lighthouses, their keepers, the lenses they used and how ships found "
     "their way along dangerous coasts at night before radio navigation existed",
     "lighthouses"),
    ("keeping bees in a small garden: hives, frames, swarms, the seasons of the colony, "
     "harvesting honey and wax, and how to stay calm and safe around the bees",
     "beekeeping"),
)
SYSTEM_PARAGRAPH = ("You are a patient, concise assistant who answers questions about {notes}. "
                    "Answer in one or two short sentences, plainly, without lists. ")
#: repeats of the paragraph that make a system prompt of about 400 tokens (SmolLM2)
SYSTEM_REPEATS = 7


def system_prompt(round_no: int, conversation: int) -> str:
    """A ~400-token system prompt, distinct for every round and conversation."""
    notes, _ = TOPICS[conversation]
    head = f"Session {round_no + 1}-{'AB'[conversation]}. "
    return head + SYSTEM_PARAGRAPH.format(notes=notes) * SYSTEM_REPEATS


def user_message(conversation: int, turn: int) -> str:
    """The question of ``turn`` (0-based) in ``conversation``."""
    return (f"Question {turn + 1}: tell me one more thing about {TOPICS[conversation][1]} "
            "that you have not said yet.")


# ---------------------------------------------------------------------------- measures


def decode_rate(completion_tokens: int, first_s: float | None, last_s: float | None
                ) -> float | None:
    """Tokens/s after the first: (tokens - 1) over the time from the first streamed piece
    of text to the last; None when there is nothing to divide."""
    if first_s is None or last_s is None or completion_tokens < 2 or last_s <= first_s:
        return None
    return (completion_tokens - 1) / (last_s - first_s)


def spread(values: list[float]) -> float:
    """Population standard deviation (0 for fewer than two values)."""
    return statistics.pstdev(values) if len(values) > 1 else 0.0


def summary(prefix: str, values: list[float], digits: int = 3) -> dict[str, float | list]:
    """``{prefix}_median``, ``{prefix}_spread`` and the runs, rounded."""
    return {f"{prefix}_median": round(median(values), digits),
            f"{prefix}_spread": round(spread(values), digits),
            f"{prefix}_runs": [round(v, digits) for v in values]}


def alternate(round_no: int, first: Callable[[], None], second: Callable[[], None]) -> None:
    """Run both sides, the first one first in even rounds and second in odd ones."""
    for run in (first, second) if round_no % 2 == 0 else (second, first):
        run()


def api_decode_rate(client: OpenAI, model: str, max_tokens: int) -> float:
    """Decode tok/s of one streamed chat through an OpenAI-compatible API."""
    first = last = None
    chunks, tokens = 0, None
    stream = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": DECODE_PROMPT}],
        max_tokens=max_tokens, temperature=0, stream=True,
        stream_options={"include_usage": True})
    for chunk in stream:
        now = time.perf_counter()
        if chunk.choices and chunk.choices[0].delta.content:
            chunks += 1
            first = first if first is not None else now
            last = now
        if chunk.usage is not None:
            tokens = chunk.usage.completion_tokens
    rate = decode_rate(tokens if tokens is not None else chunks, first, last)
    if rate is None:
        raise click.ClickException("The API streamed too little to time its decoding.")
    return rate


def inprocess_decode_rate(services: Services, model: str, max_tokens: int) -> float:
    """Decode tok/s of the same reply through ``Services.completion.stream``."""
    from app.engines.base import CancelToken, CompletionRequest, Done, Error, Message, Token
    from app.engines.base import Sampling as EngineSampling

    request = CompletionRequest(messages=[Message("user", DECODE_PROMPT)], model=model,
                                sampling=EngineSampling(max_tokens=max_tokens, temperature=0))
    first = last = None
    tokens = 0
    for event in services.completion.stream(request, CancelToken()):
        now = time.perf_counter()
        if isinstance(event, Token) and event.text:
            first = first if first is not None else now
            last = now
        elif isinstance(event, Done):
            tokens = event.stats.completion_tokens
        elif isinstance(event, Error):
            raise click.ClickException(f"In-process reply failed: {event.message}")
    rate = decode_rate(tokens, first, last)
    if rate is None:
        raise click.ClickException("The in-process reply was too short to time its decoding.")
    return rate


@dataclass
class Turn:
    """One streamed reply: time to its first piece of text, the text, the prompt's size."""

    ttft_s: float
    text: str
    prompt_chars: int


def chat_turn(client: OpenAI, model: str, messages: list[dict], max_tokens: int) -> Turn:
    """Stream one reply; TTFT is from sending the request to the first text chunk."""
    started = time.perf_counter()
    ttft = None
    pieces: list[str] = []
    stream = client.chat.completions.create(model=model, messages=cast(Any, messages),
                                            max_tokens=max_tokens, temperature=0, stream=True)
    for chunk in stream:
        text = chunk.choices[0].delta.content if chunk.choices else None
        if text:
            ttft = ttft if ttft is not None else time.perf_counter() - started
            pieces.append(text)
    if ttft is None:  # an empty reply: its whole time stands for the first token
        ttft = time.perf_counter() - started
    return Turn(ttft, "".join(pieces), sum(len(m["content"]) for m in messages))


@dataclass
class Conversations:
    """Two conversations of one round on one server, played turn by turn."""

    turns: int
    #: both open with conversation A's system prompt (a server that keeps one prompt's
    #: cache then re-processes only what follows it)
    shared_system: bool = False
    ttft_s: list[list[float]] = field(default_factory=lambda: [[], []])
    prompt_chars: list[int] = field(default_factory=lambda: [0, 0])
    empty_replies: int = 0

    def play(self, client: OpenAI, model: str, round_no: int, max_tokens: int) -> None:
        """A1 B1 A2 B2 …: each turn appends the reply and the next question."""
        histories = [[{"role": "system", "content": system_prompt(round_no, 0 if self.shared_system else c)}]
                     for c in (0, 1)]
        for turn in range(self.turns):
            for c, history in enumerate(histories):
                history.append({"role": "user", "content": user_message(c, turn)})
                reply = chat_turn(client, model, history, max_tokens)
                self.empty_replies += not reply.text
                history.append({"role": "assistant", "content": reply.text or "OK."})
                self.ttft_s[c].append(reply.ttft_s)
                self.prompt_chars[c] = reply.prompt_chars

    def last_turn_ttft(self) -> float:
        """The median of the two conversations' last-turn TTFT."""
        return median([self.ttft_s[0][-1], self.ttft_s[1][-1]])


def ttft_by_turn(rounds: list[Conversations]) -> list[float]:
    """Per turn, the median TTFT over every round's two conversations."""
    turns = rounds[0].turns
    return [round(median([r.ttft_s[c][t] for r in rounds for c in (0, 1)]), 4)
            for t in range(turns)]


# ---------------------------------------------------------------------------- set-up


def openai_client(base_url: str, timeout_s: float = 300.0) -> OpenAI:
    """The official client, without retries (a retry would hide a failure's time)."""
    from openai import OpenAI

    return OpenAI(base_url=base_url, api_key="hearth-bench", max_retries=0, timeout=timeout_s)


@contextmanager
def hearth_home(path: Path) -> Iterator[None]:
    """Point ``HEARTH_HOME`` at ``path`` while the block runs (in-process services)."""
    old = os.environ.get("HEARTH_HOME")
    os.environ["HEARTH_HOME"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("HEARTH_HOME", None)
        else:
            os.environ["HEARTH_HOME"] = old


@dataclass(frozen=True)
class Setup:
    """What both sides of every comparison share."""

    gguf: Path
    model: str
    threads: int
    n_ctx: int
    n_batch: int

    def settings_fields(self) -> dict[str, int]:
        return {"n_threads": self.threads, "n_ctx": self.n_ctx, "n_batch": self.n_batch}


def measure_decode(setup: Setup, api: OpenAI, rounds: int, max_tokens: int) -> dict:
    """API vs in-process decode tok/s, ABAB, with a warm-up of each first."""
    from app.services.desktop import Services
    from app.settings import Settings

    api_rates: list[float] = []
    local_rates: list[float] = []
    services = Services.open(Settings(**setup.settings_fields()))  # type: ignore[arg-type]
    try:
        api_decode_rate(api, setup.model, 8)  # loads the model on both sides
        inprocess_decode_rate(services, setup.model, 8)
        for round_no in range(rounds):
            alternate(round_no,
                      lambda: api_rates.append(api_decode_rate(api, setup.model, max_tokens)),
                      lambda: local_rates.append(
                          inprocess_decode_rate(services, setup.model, max_tokens)))
    finally:
        services.close()
    ratio = median(api_rates) / median(local_rates)
    return {"ratio": round(ratio, 3), "ratio_target_met": ratio >= 0.95,
            **summary("api_tok_s", api_rates, 2), **summary("inprocess_tok_s", local_rates, 2)}


def measure_conversations(setup: Setup, hearth: OpenAI, reference: OpenAI, reference_model: str,
                          rounds: int, turns: int, max_tokens: int,
                          shared_system: bool = False) -> dict:
    """Turn-by-turn TTFT of two interleaved conversations: Hearth vs llama_cpp.server."""
    ours: list[Conversations] = []
    theirs: list[Conversations] = []
    for client, model in ((hearth, setup.model), (reference, reference_model)):
        chat_turn(client, model, [{"role": "user", "content": "Hello"}], 4)  # warm-up

    def play(into: list[Conversations], client: OpenAI, model: str, round_no: int) -> None:
        conversations = Conversations(turns, shared_system)
        conversations.play(client, model, round_no, max_tokens)
        into.append(conversations)

    for round_no in range(rounds):
        alternate(round_no, partial(play, ours, hearth, setup.model, round_no),
                  partial(play, theirs, reference, reference_model, round_no))
    hearth_last = [r.last_turn_ttft() for r in ours]
    server_last = [r.last_turn_ttft() for r in theirs]
    ttft_ratio = median(hearth_last) / median(server_last)
    return {"ttft_ratio": round(ttft_ratio, 3), "ttft_target_met": ttft_ratio <= 0.5,
            **summary(f"hearth_turn{turns}_ttft_s", hearth_last, 4),
            **summary(f"llamacpp_server_turn{turns}_ttft_s", server_last, 4),
            "hearth_ttft_s_by_turn": ttft_by_turn(ours),
            "llamacpp_server_ttft_s_by_turn": ttft_by_turn(theirs),
            "last_turn_prompt_chars": [ours[0].prompt_chars, theirs[0].prompt_chars],
            "empty_replies": sum(r.empty_replies for r in ours + theirs)}


@click.command()
@model_option
@click.option("--rounds", default=5, show_default=True, help="Interleaved runs of each side.")
@click.option("--tokens", "max_tokens", default=128, show_default=True,
              help="max_tokens of the decode-speed reply.")
@click.option("--turns", default=10, show_default=True, help="Turns of each conversation.")
@click.option("--turn-tokens", default=32, show_default=True,
              help="max_tokens of each conversation turn.")
@click.option("--threads", default=0,
              help="llama.cpp threads on every side (0: one fewer than the cores, at least 1).")
@click.option("--n-ctx", default=2048, show_default=True, help="Context length on every side.")
@click.option("--n-batch", default=None, type=int,
              help="Prompt batch size on every side (default: Hearth's setting's default).")
@click.option("--shared-system", is_flag=True,
              help="Both conversations open with the same system prompt (llama_cpp.server "
              "then re-processes only what follows it).")
@json_option
def serve(model_path, rounds, max_tokens, turns, turn_tokens, threads, n_ctx, n_batch,
          shared_system, as_json) -> None:
    """hearth serve vs in-process decoding, and vs llama_cpp.server on a conversation."""
    from app.settings import Settings

    gguf = pick_model(model_path)
    setup = Setup(gguf=gguf, model=str(gguf) if model_path else STARTER_NAME,
                  threads=bench_threads(threads), n_ctx=n_ctx,
                  n_batch=n_batch or Settings().n_batch)
    with tempfile.TemporaryDirectory(prefix="hearth-bench-serve-") as tmp:
        root = Path(tmp)
        write_hearth_settings(root / "api", **setup.settings_fields())
        with HearthServer(root / "api", setup.model) as server:
            api = openai_client(server.base_url)
            with hearth_home(root / "inprocess"):
                decode = measure_decode(setup, api, rounds, max_tokens)
            with LlamaCppServer(gguf, root / "llama_cpp_server.log", n_ctx, setup.threads,
                                setup.n_batch, alias="bench") as reference:
                conversations = measure_conversations(
                    setup, api, openai_client(reference.base_url), "bench", rounds, turns,
                    turn_tokens, shared_system)
        result = {"ratio": decode.pop("ratio"), "ttft_ratio": conversations.pop("ttft_ratio"),
                  "model": gguf.name, "threads": setup.threads, "n_ctx": n_ctx,
                  "n_batch": setup.n_batch, "rounds": rounds, "decode_max_tokens": max_tokens,
                  "turns": turns, "turn_max_tokens": turn_tokens,
                  "shared_system": shared_system, **decode, **conversations,
                  "serve_stopped_cleanly": server.stopped_cleanly}
    emit(result, as_json)
