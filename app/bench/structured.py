"""``hearth bench structured``: what constraining a reply to a JSON schema costs, and what
it buys.

1. Decode speed: the same prompts (five JSON schemas, ten prompts each, every prompt
   asking for JSON with the schema's fields) answered constrained (``response_format``
   json_schema: llguidance masks every token the schema does not allow) and unconstrained
   (the same prompt, free text), interleaved ABAB with the order flipped every round, on
   one loaded model. Reported per side: the median and spread over rounds of each round's
   decode tok/s (completion tokens after the first ÷ the time after the first token), and
   ``ratio`` = constrained ÷ unconstrained. Target: ≥ 0.8.
2. Time to first token overhead of the constraint for a 10-property schema, measured
   directly (``OutputFormat.parse`` + grammar compile + matcher creation) with the grammar
   cache cold (a new schema each time: one property is renamed) and warm (the same
   schema again), and in a reply: TTFT constrained − unconstrained on the same prompt
   with the prompt's tokens cached for both. Target: ≤ 50 ms.
3. ``valid_fraction``: the share of constrained replies that parse and validate with
   ``jsonschema`` (1.0 by construction), and ``unconstrained_valid_fraction``: the share of
   unconstrained replies that would have (the whole reply parsed as JSON).

llguidance's view of the model's vocabulary is built once per loaded model, on its first
constrained reply: that reply's time to first token is reported on its own
(``first_constrained_ttft_s``), not folded into the medians.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.bench.serve import alternate, summary
from app.engines.base import ChatParams, Done, Error, LoadParams, Message, ModelRef
from app.engines.llamacpp import LlamaCppEngine

# ------------------------------------------------------------------ schemas and prompts


def _text(max_length: int) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": max_length}


def _int(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


def _number(low: float, high: float) -> dict[str, Any]:
    """A number in halves (without ``multipleOf`` a constrained model may write digits
    after the point until the token limit; 0.5, not 0.1, because ``jsonschema`` divides in
    binary floating point and rejects 45.4 as a multiple of 0.1)."""
    return {"type": "number", "minimum": low, "maximum": high, "multipleOf": 0.5}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required,
            "additionalProperties": False}


#: five schemas: required fields, enums, bounded numbers, strings with maxLength, nested
#: objects, arrays with minItems / maxItems, an optional field. Every string, array and
#: number is bounded, so the longest valid reply fits in ``WORST_CASE_TOKENS`` even when a
#: model fills a string to its maxLength one digit per token
#: (a reply that does not fit is cut, reported as "length" and counted as invalid)
SCHEMAS: dict[str, dict[str, Any]] = {
    "person": _object({"name": _text(40), "age": _int(0, 120),
                       "role": {"enum": ["admin", "editor", "viewer"]}}),
    "order": _object({
        "order_id": _int(1, 99999),
        "customer": _object({"name": _text(30), "city": _text(20)}),
        "items": {"type": "array", "minItems": 1, "maxItems": 3,
                  "items": _object({"product": _text(20), "quantity": _int(1, 10)})}}),
    "weather": _object({"city": _text(30),
                        "temperature_c": _number(-50, 60),
                        "condition": {"enum": ["sunny", "cloudy", "rainy", "snowy"]},
                        "humidity": _int(0, 100)}),
    "book": _object({"title": _text(50), "author": _text(30), "year": _int(1450, 2030),
                     "tags": {"type": "array", "minItems": 2, "maxItems": 4,
                              "items": _text(15)},
                     "available": {"type": "boolean"}}),
    "event": _object({"name": _text(30),
                      "priority": {"enum": ["low", "medium", "high"]},
                      "attendees": {"type": "array", "minItems": 1, "maxItems": 3,
                                    "items": _object({
                                        "name": _text(20),
                                        "rsvp": {"enum": ["yes", "no", "maybe"]}})},
                      "notes": _text(30)},
                     required=["name", "priority", "attendees"]),
}

#: room for the longest reply any of SCHEMAS allows, at one token per character
WORST_CASE_TOKENS = 320

_SUBJECTS = {
    "person": ["a nurse", "a retired sailor", "a young chess player", "a baker in Paris",
               "a software engineer", "a school teacher", "a farmer", "a famous painter",
               "a firefighter", "a university student"],
    "order": [f"an order of {goods}" for goods in (
        "two books", "a laptop and a mouse", "three kinds of tea", "garden tools",
        "running shoes", "a birthday cake", "office chairs", "a guitar and strings",
        "winter clothes", "coffee beans")],
    "weather": [f"the weather in {place}" for place in (
        "Oslo in winter", "Cairo in summer", "London on a wet day", "Tokyo in spring",
        "Sydney in January", "Moscow in December", "Lima in the morning",
        "Mumbai in the monsoon", "Denver after a storm", "Rome in autumn")],
    "book": ["a novel about the sea", "a cookbook", "a history of Rome", "a children's book",
             "a science fiction classic", "a book on gardening", "a mystery novel",
             "a travel guide to Japan", "a poetry collection", "a programming manual"],
    "event": ["a team meeting", "a birthday party", "a product launch", "a school concert",
              "a football match", "a wedding", "a book club evening", "a job interview",
              "a hackathon", "a family dinner"],
}


@dataclass(frozen=True, eq=False)
class Case:
    """One prompt and the schema its reply must follow."""

    schema_name: str
    prompt: str
    schema: dict[str, Any]

    def response_format(self) -> dict[str, Any]:
        return {"type": "json_schema",
                "json_schema": {"name": self.schema_name, "schema": self.schema, "strict": True}}


def cases() -> list[Case]:
    """The 50 prompts: ten per schema, each asking for JSON with the schema's fields."""
    return [Case(name, _ask(subject, SCHEMAS[name]), SCHEMAS[name])
            for name, subjects in _SUBJECTS.items() for subject in subjects]


def _ask(subject: str, schema: dict[str, Any]) -> str:
    return (f"Reply with only a JSON object describing {subject}, with the fields "
            f"{', '.join(schema['properties'])}.")


def validates(text: str, schema: dict[str, Any]) -> bool:
    """Whether the whole of ``text`` is JSON valid against ``schema``."""
    import jsonschema

    try:
        jsonschema.validate(json.loads(text), schema)
    except (ValueError, jsonschema.ValidationError):
        return False
    return True


# ------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Reply:
    text: str
    finish_reason: str
    ttft_s: float | None
    tok_s: float | None
    completion_tokens: int


def answer(engine: LlamaCppEngine, case: Case, constrained: bool, max_tokens: int,
           seed: int) -> Reply:
    """One reply to ``case``, with or without its schema."""
    params = ChatParams(max_tokens=max_tokens, temperature=0.7, seed=seed,
                        response_format=case.response_format() if constrained else None)
    outcome = None
    for event in engine.chat([Message("user", case.prompt)], params):
        if isinstance(event, Done | Error):
            outcome = event
    if not isinstance(outcome, Done):
        raise click.ClickException(f"The model failed: {getattr(outcome, 'message', outcome)}")
    stats = outcome.stats
    return Reply(outcome.text, stats.finish_reason, stats.ttft_s, stats.tok_s,
                 stats.completion_tokens)


def round_rate(replies: list[Reply]) -> float:
    """Decode tok/s over a round's replies: tokens after the first ÷ time after the first
    token, summed over the replies (short replies weigh by their length)."""
    tokens = sum(r.completion_tokens - 1 for r in replies if r.tok_s)
    seconds = sum((r.completion_tokens - 1) / r.tok_s for r in replies if r.tok_s)
    return tokens / seconds if seconds else 0.0


def ten_property_schema(variant: int) -> dict[str, Any]:
    """A 10-property object schema; ``variant`` renames one property, so each variant is a
    schema the grammar cache has not seen."""
    properties: dict[str, Any] = {
        "name": _text(40), "email": {"type": "string", "maxLength": 60},
        "age": _int(0, 120), "height_cm": _number(30, 250),
        "country": {"enum": ["fr", "de", "jp", "us", "br", "in"]},
        "active": {"type": "boolean"},
        "tags": {"type": "array", "maxItems": 5, "items": _text(20)},
        "address": _object({"street": _text(60), "city": _text(40), "zip": _text(10)}),
        "score": _number(0, 100),
        f"note_{variant}": _text(100)}
    return _object(properties)


def grammar_setup_s(engine: LlamaCppEngine, schema: dict[str, Any]) -> float:
    """Seconds to check a schema, compile its grammar and make the reply's matcher: the
    constraint's whole cost before the first token."""
    from app.engines.structured import OutputFormat, output_grammar

    start = time.perf_counter()
    fmt = OutputFormat.parse({"type": "json_schema",
                              "json_schema": {"name": "bench", "schema": schema}})
    grammar = output_grammar(fmt)
    assert grammar is not None
    engine._guide(grammar)
    return time.perf_counter() - start


def measure_setup(engine: LlamaCppEngine, repeats: int, first_variant: int) -> dict[str, Any]:
    """Cold (a schema never seen) and warm (the same schema again) constraint setup."""
    cold, warm = [], []
    for i in range(repeats):
        schema = ten_property_schema(first_variant + i)
        cold.append(grammar_setup_s(engine, schema))
        warm.append(grammar_setup_s(engine, schema))
    return {**summary("setup_cold_ms", [c * 1000 for c in cold], 2),
            **summary("setup_warm_ms", [w * 1000 for w in warm], 2)}


def measure_ttft_overhead(engine: LlamaCppEngine, rounds: int,
                          first_variant: int) -> dict[str, Any]:
    """TTFT constrained − unconstrained for a prompt asking for the 10-property schema;
    the prompt is cached for both sides (one unconstrained reply first), so the difference
    is the constraint's. Cold: a new schema variant each round; warm: a known one."""
    cold, warm = [], []
    for r in range(rounds):
        schema = ten_property_schema(first_variant + r)
        case = Case("profile", _ask("a user profile", schema), schema)
        answer(engine, case, False, 2, seed=r)  # caches the prompt
        free = answer(engine, case, False, 2, seed=r).ttft_s or 0.0
        cold.append((answer(engine, case, True, 2, seed=r).ttft_s or 0.0) - free)
        free = answer(engine, case, False, 2, seed=r).ttft_s or 0.0
        warm.append((answer(engine, case, True, 2, seed=r).ttft_s or 0.0) - free)
    return {**summary("ttft_overhead_cold_ms", [c * 1000 for c in cold], 2),
            **summary("ttft_overhead_warm_ms", [w * 1000 for w in warm], 2)}


def measure_decode(engine: LlamaCppEngine, chosen: list[Case], rounds: int,
                   max_tokens: int) -> dict[str, Any]:
    """ABAB rounds over ``chosen``: per round, every prompt constrained and unconstrained
    (the sides alternate, the order flips each round). Decode tok/s per side and round,
    and how many replies validate on each side."""
    rates: dict[bool, list[float]] = {True: [], False: []}
    valid: dict[bool, list[bool]] = {True: [], False: []}
    lengths: dict[bool, int] = {True: 0, False: 0}

    def side(r: int, constrained: bool) -> None:
        replies = [answer(engine, case, constrained, max_tokens, seed=r * 1000 + i)
                   for i, case in enumerate(chosen)]
        rates[constrained].append(round_rate(replies))
        valid[constrained] += [validates(rep.text, case.schema)
                               for rep, case in zip(replies, chosen, strict=True)]
        lengths[constrained] += sum(rep.finish_reason == "length" for rep in replies)

    for r in range(rounds):
        alternate(r, partial(side, r, True), partial(side, r, False))
    constrained_s, free_s = median(rates[True]), median(rates[False])
    return {"ratio": round(constrained_s / free_s, 3) if free_s else None,
            "valid_fraction": round(sum(valid[True]) / len(valid[True]), 3),
            "unconstrained_valid_fraction": round(sum(valid[False]) / len(valid[False]), 3),
            "replies_per_side": len(valid[True]),
            "constrained_length_cuts": lengths[True],
            "unconstrained_length_cuts": lengths[False],
            **summary("constrained_tok_s", rates[True], 2),
            **summary("unconstrained_tok_s", rates[False], 2)}


def first_constrained_ttft(engine: LlamaCppEngine, case: Case) -> dict[str, Any]:
    """The first constrained reply of a loaded model (llguidance builds its view of the
    vocabulary then) next to an unconstrained one on the same, cached, prompt."""
    answer(engine, case, False, 2, seed=0)
    free = answer(engine, case, False, 2, seed=0).ttft_s or 0.0
    start = time.perf_counter()
    first = answer(engine, case, True, 2, seed=0).ttft_s or 0.0
    return {"first_constrained_ttft_s": round(first, 4),
            "unconstrained_ttft_s": round(free, 4),
            "first_constrained_wall_s": round(time.perf_counter() - start, 4)}


@click.command()
@model_option
@click.option("--rounds", default=3, show_default=True,
              help="ABAB rounds (each: every prompt constrained and unconstrained).")
@click.option("--prompts", "n_prompts", default=50, show_default=True,
              help="How many of the 50 prompts (five schemas, ten each) each round uses.")
@click.option("--max-tokens", default=160, show_default=True, help="Tokens per reply at most.")
@click.option("--threads", default=0, help="CPU threads (0: one per core).")
@json_option
def structured(model_path, rounds, n_prompts, max_tokens, threads, as_json) -> None:
    """Constrained (JSON schema) vs free decode speed, grammar setup time, validity."""
    path = pick_model(model_path)
    engine = LlamaCppEngine()
    engine.load(ModelRef(path.stem, path), LoadParams(n_threads=threads, n_ctx=2048))
    all_cases = cases()
    # spread the chosen prompts over the five schemas
    chosen = [all_cases[(i % 5) * 10 + i // 5] for i in range(min(n_prompts, 50))]
    try:
        first = first_constrained_ttft(engine, chosen[0])
        decode = measure_decode(engine, chosen, rounds, max_tokens)
        # schema variants no earlier run in this process has compiled: a cold cache
        variant = time.time_ns()
        setup = measure_setup(engine, max(rounds, 3), first_variant=variant)
        overhead = measure_ttft_overhead(engine, max(rounds, 3), first_variant=variant + 1000)
    finally:
        engine.close()
    emit({**decode, **setup, **overhead, **first,
          "rounds": rounds, "max_tokens": max_tokens, "model": path.stem}, as_json)
