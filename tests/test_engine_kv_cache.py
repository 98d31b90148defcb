"""KV-cache quantization in the in-process engine: q8_0 / q4_0 keys and values."""

from __future__ import annotations

import pytest

from app.engines.base import ChatParams, Done, LoadParams, Message, ModelLoadError, ModelRef
from app.engines.llamacpp import LlamaCppEngine, kv_buffer_mb, recent_log

QUESTION = [Message("user", "Name three colours.")]


def load(path, kind: str) -> tuple[LlamaCppEngine, float | None, list[str]]:
    engine = LlamaCppEngine()
    report = engine.load(ModelRef("smollm2", path),
                         LoadParams(n_ctx=4096, n_batch=64, kv_cache_type=kind))
    return engine, kv_buffer_mb(recent_log()), report.notes


def answer(engine: LlamaCppEngine, session: str = "s") -> Done:
    done = None
    for event in engine.chat(QUESTION, ChatParams(temperature=0, max_tokens=12,
                                                  session=session)):
        if isinstance(event, Done):
            done = event
    assert done is not None
    return done


def test_quantized_caches_take_less_memory_and_still_answer(smollm2_path):
    sizes = {}
    for kind in ("f16", "q8_0", "q4_0"):
        engine, sizes[kind], notes = load(smollm2_path, kind)
        try:
            done = answer(engine)
            assert done.text.strip()
            assert done.stats.completion_tokens > 0
            assert any(kind in note for note in notes) == (kind != "f16")
        finally:
            engine.close()
    assert sizes["f16"] and sizes["q8_0"] and sizes["q4_0"]
    # q8_0 stores 34 bytes per 32 values, q4_0 18: against f16's 64
    assert sizes["q8_0"] == pytest.approx(sizes["f16"] * 34 / 64, rel=0.02)
    assert sizes["q4_0"] == pytest.approx(sizes["f16"] * 18 / 64, rel=0.02)


def test_saved_states_are_kept_per_cache_type(smollm2_path):
    engine, _, _ = load(smollm2_path, "q8_0")
    try:
        answer(engine, "A")
        answer(engine, "B")
        assert engine.has_saved_state("A")
        engine.params.kv_cache_type = "f16"  # the same conversation under another layout
        assert not engine.has_saved_state("A")
    finally:
        engine.close()


def test_an_unknown_cache_type_is_refused(smollm2_path):
    with pytest.raises(ModelLoadError, match="q8_0"):
        load(smollm2_path, "q2_k")


def test_the_fit_estimate_counts_the_cache_type():
    from app.models.fit import Memory, Shape, estimate

    shape = Shape(layers=30, kv_heads=3, head_dim=64)
    memory = Memory(ram_mb=16_000, vram_mb=None)
    full = estimate(100 * 2**20, 8192, shape=shape, memory=memory)
    half = estimate(100 * 2**20, 8192, shape=shape, memory=memory, kv_cache_type="q8_0")
    quarter = estimate(100 * 2**20, 8192, shape=shape, memory=memory, kv_cache_type="q4_0")
    assert half.kv_cache_mb == pytest.approx(full.kv_cache_mb * 34 / 64)
    assert quarter.kv_cache_mb == pytest.approx(full.kv_cache_mb * 18 / 64)
