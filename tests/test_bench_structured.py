"""``hearth bench structured``: its prompts and schemas, and its JSON output from a short
real run on the starter model (behaviour only: the numbers are the bench's to report)."""

from __future__ import annotations

import json

import pytest

from app.bench.structured import (
    SCHEMAS,
    Reply,
    cases,
    round_rate,
    ten_property_schema,
    validates,
)
from app.engines.structured import OutputFormat
from tests.test_cli import hearth


def test_fifty_prompts_over_five_usable_schemas():
    all_cases = cases()
    assert len(all_cases) == 50 and len({c.prompt for c in all_cases}) == 50
    assert {c.schema_name for c in all_cases} == set(SCHEMAS) and len(SCHEMAS) == 5
    for case in all_cases:
        fmt = OutputFormat.parse(case.response_format())
        assert fmt.kind == "json_schema" and fmt.schema == case.schema
        assert all(field in case.prompt for field in case.schema["properties"])


def test_the_schemas_cover_nesting_enums_arrays_and_bounds():
    text = json.dumps(SCHEMAS)
    for keyword in ("enum", "minItems", "maxItems", "minimum", "maximum", "maxLength",
                    "required", "additionalProperties"):
        assert keyword in text, keyword
    order = SCHEMAS["order"]["properties"]
    assert order["customer"]["type"] == "object" and order["items"]["type"] == "array"
    assert SCHEMAS["event"]["required"] != list(SCHEMAS["event"]["properties"])


def test_validates_needs_the_whole_reply_to_be_valid():
    person = SCHEMAS["person"]
    assert validates('{"name": "Ann", "age": 30, "role": "admin"}', person)
    assert not validates('{"name": "Ann", "age": 300, "role": "admin"}', person)
    assert not validates('Here: {"name": "Ann", "age": 30, "role": "admin"}', person)
    assert not validates('{"name": "Ann", "age": 30', person)


def test_ten_property_variants_are_new_schemas():
    a, b = ten_property_schema(1), ten_property_schema(2)
    assert len(a["properties"]) == len(b["properties"]) == 10
    assert json.dumps(a, sort_keys=True) != json.dumps(b, sort_keys=True)
    OutputFormat.parse({"type": "json_schema", "json_schema": {"name": "p", "schema": a}})


def test_round_rate_weighs_replies_by_their_decode_time():
    replies = [Reply("", "stop", 0.1, 10.0, 11), Reply("", "stop", 0.1, 30.0, 31),
               Reply("", "stop", 0.1, None, 1)]
    # 10 tokens in 1 s and 30 tokens in 1 s: 40 tokens in 2 s
    assert round_rate(replies) == pytest.approx(20.0)
    assert round_rate([]) == 0.0


def test_bench_structured_json_reports_ratio_and_valid_fraction(smollm2_path):
    done = hearth("bench", "structured", "--rounds", "2", "--prompts", "2", "--max-tokens",
                  "64", "--threads", "1", "--json", timeout=900)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ratio"] > 0
    assert result["replies_per_side"] == 4
    # every constrained reply that was not cut short by --max-tokens validates
    cut = result["constrained_length_cuts"] / result["replies_per_side"]
    assert result["valid_fraction"] == pytest.approx(1 - cut, abs=1e-3)
    assert 0 <= result["unconstrained_valid_fraction"] <= 1
    for side in ("constrained_tok_s", "unconstrained_tok_s"):
        assert len(result[f"{side}_runs"]) == 2 and result[f"{side}_median"] > 0
        assert result[f"{side}_spread"] >= 0
    for key in ("setup_cold_ms_median", "setup_warm_ms_median", "ttft_overhead_cold_ms_median",
                "ttft_overhead_warm_ms_median", "first_constrained_ttft_s"):
        assert isinstance(result[key], float), key
    assert len(result["setup_cold_ms_runs"]) == 3
