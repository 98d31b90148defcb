"""The in-process llama.cpp engine on real models from PyPI."""

from __future__ import annotations

import pytest

from app.engines.base import (
    CancelToken,
    ChatParams,
    Done,
    Error,
    LoadParams,
    Message,
    ModelLoadError,
    ModelRef,
    Token,
)
from app.engines.llamacpp import LlamaCppEngine, StateCache, _ReplyWriter
from app.models.gguf_meta import GGUFInfo
from app.models.templates import chat_format_for

FAST = LoadParams(n_ctx=2048, n_batch=64)


def reply(engine, messages, **params):
    tokens, done = [], None
    for event in engine.chat(messages, ChatParams(**params)):
        if isinstance(event, Token):
            tokens.append(event.text)
        elif isinstance(event, Done | Error):
            done = event
    return "".join(tokens), done


@pytest.fixture(scope="module")
def smol(smollm2_path, tmp_path_factory):
    import os

    os.environ["HEARTH_HOME"] = str(tmp_path_factory.mktemp("home"))
    engine = LlamaCppEngine()
    report = engine.load(ModelRef("smollm2", smollm2_path), FAST)
    yield engine, report
    engine.close()


def test_load_reports_each_cold_start_phase(smol):
    _, report = smol
    assert report.engine == "llama.cpp" and report.device == "CPU"
    for phase in (report.file_check_s, report.load_s, report.warmup_s):
        assert phase is not None and phase >= 0
    assert report.ready_s >= report.load_s
    assert report.chat_format == "metadata"


def test_smollm2_streams_with_the_template_from_its_metadata(smol):
    engine, _ = smol
    text, done = reply(engine, [Message("user", "Say hello.")], max_tokens=12, seed=1)
    assert isinstance(done, Done) and done.text == text and text.strip()
    # SmolLM2's own template adds its default system prompt when none is given
    assert engine.last_prompt == (
        "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging "
        "Face<|im_end|>\n<|im_start|>user\nSay hello.<|im_end|>\n<|im_start|>assistant\n")
    stats = done.stats
    assert stats.completion_tokens >= 1 and stats.ttft_s is not None
    assert stats.prompt_tokens == len(engine.tokenize(engine.last_prompt))


def test_cancel_mid_stream_stops_between_tokens(smol):
    engine, _ = smol
    cancel = CancelToken()
    seen = 0
    done = None
    for event in engine.chat([Message("user", "Count from one to one hundred.")],
                             ChatParams(max_tokens=200, seed=3), cancel):
        if isinstance(event, Token):
            seen += 1
            if seen == 3:
                cancel.cancel()
        else:
            done = event
    assert isinstance(done, Done)
    assert done.stats.finish_reason == "cancelled"
    assert done.stats.completion_tokens <= 4


def test_prefix_reuse_covers_the_previous_turn(smol):
    engine, _ = smol
    history = [Message("user", "Name three colours.")]
    first_text, first = reply(engine, history, max_tokens=16, seed=1, session="reuse")
    history += [Message("assistant", first_text), Message("user", "And three animals?")]
    _, second = reply(engine, history, max_tokens=8, seed=1, session="reuse")
    assert second.stats.cached_tokens >= first.stats.prompt_tokens
    _, cold = reply(engine, history, max_tokens=8, seed=1, session="reuse", reuse_prefix=False)
    assert cold.stats.cached_tokens == 0


def test_switching_conversations_restores_saved_state(smol):
    engine, _ = smol
    a = [Message("user", "Tell me about the moon in one sentence.")]
    _, first = reply(engine, a, max_tokens=8, seed=1, session="A")
    reply(engine, [Message("user", "What is rain?")], max_tokens=8, seed=1, session="B")
    assert engine.has_saved_state("A")
    _, back = reply(engine, a, max_tokens=8, seed=1, session="A")
    # the prompt of A was restored from its saved state, not recomputed
    assert back.stats.cached_tokens == first.stats.prompt_tokens - 1


def test_gemma_without_template_uses_its_known_format(gemma_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HEARTH_HOME", str(tmp_path))
    engine = LlamaCppEngine()
    report = engine.load(ModelRef("gemma", gemma_path), FAST)
    try:
        assert report.chat_format == "gemma"
        assert "no chat template" in report.notes[0]
        text, done = reply(engine, [Message("system", "Be brief."), Message("user", "Hi")],
                           max_tokens=8, seed=1)
        assert isinstance(done, Done)
        assert engine.last_prompt == (
            "<bos><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n")
        # <bos> came from the template, so the tokenizer must not add a second one
        tokens = engine.tokenize(engine.last_prompt)
        assert tokens.count(engine._llm.token_bos()) == 1
    finally:
        engine.close()


def test_unknown_format_falls_back_to_plain_completion():
    info = GGUFInfo(path="x", file_size=1, version=3, architecture="mystery")
    fmt = chat_format_for(info)
    assert not fmt.is_chat and "plain text completion" in fmt.describe()
    assert fmt.render([Message("user", "Hello")]) == "User: Hello\n\nAssistant:"


def test_history_is_trimmed_to_fit_the_context(smollm2_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HEARTH_HOME", str(tmp_path))
    engine = LlamaCppEngine()
    engine.load(ModelRef("smollm2", smollm2_path), LoadParams(n_ctx=512))
    try:
        long = [Message("user", "word " * 250), Message("assistant", "ok"),
                Message("user", "word " * 250), Message("assistant", "ok"),
                Message("user", "Last question?")]
        _, done = reply(engine, long, max_tokens=4)
        assert isinstance(done, Done)
        assert "Last question?" in engine.last_prompt
        assert engine.last_prompt.count("word") <= 250
    finally:
        engine.close()


def test_missing_file_is_a_clear_load_error(tmp_path):
    with pytest.raises(ModelLoadError, match="does not exist"):
        LlamaCppEngine().load(ModelRef("ghost", tmp_path / "ghost.gguf"))


def test_reply_writer_cuts_at_a_stop_string_split_across_tokens():
    writer = _ReplyWriter(["<|im_end|>"])
    out = writer.feed(b"Hello <|im") + writer.feed(b"_end|> tail")
    assert writer.stopped
    assert out == "Hello " and writer.text == "Hello "


def test_reply_writer_never_emits_half_a_character():
    writer = _ReplyWriter([])
    char = "\u4f60".encode()
    assert writer.feed(char[:2]) == ""
    assert writer.feed(char[2:]) == "\u4f60"


def test_reply_writer_drops_bytes_that_never_form_a_character():
    """A small model can emit half an emoji followed by something else: nothing shows as
    U+FFFD, the rest of the text stays."""
    writer = _ReplyWriter([])
    emoji = "\U0001f600".encode()
    out = writer.feed(b"ok " + emoji[:2]) + writer.feed(b" then") + writer.flush()
    assert out == "ok  then" and "\ufffd" not in writer.text


def test_state_cache_is_bounded_by_count_and_bytes():
    from app.engines.llamacpp import SavedState

    cache = StateCache(max_entries=2, max_bytes=100)
    for key in "abc":
        cache.put(key, SavedState([1], b"x" * 40))
    assert len(cache) == 2 and "a" not in cache
    cache.put("big", SavedState([1], b"x" * 101))
    assert "big" not in cache
    cache.put("d", SavedState([1], b"x" * 90))
    assert len(cache) == 1 and cache.nbytes == 90


def test_a_reply_cut_inside_a_character_ends_before_it():
    """A length limit can fall inside a multi-byte character: the reply drops its first
    bytes instead of ending in U+FFFD."""
    writer = _ReplyWriter([])
    char = "\u4f60".encode()
    assert writer.feed(b"ok " + char[:2]) == "ok "
    assert writer.flush() == "" and writer.text == "ok " and "\ufffd" not in writer.text


def test_stop_takes_effect_between_prompt_batches(smol, monkeypatch):
    """Stop during prompt processing (a long prompt, before the first token): no more
    batches are evaluated after it, and the reply ends cancelled with no text."""
    from app.engines.base import CancelToken

    engine, _ = smol
    llm = engine._llm
    cancel = CancelToken()
    batches = []
    real_eval = llm.eval

    def counting_eval(tokens):
        batches.append(len(tokens))
        if len(batches) == 2:
            cancel.cancel()
        return real_eval(tokens)

    monkeypatch.setattr(llm, "eval", counting_eval)
    long_prompt = "The quick brown fox jumps over the lazy dog. " * 80  # ~800 tokens
    events = list(engine.chat([Message("user", long_prompt)],
                              ChatParams(max_tokens=16, session="long"), cancel))
    assert len(batches) == 2 and all(n <= 64 for n in batches)
    assert not any(isinstance(e, Token) for e in events)
    done = events[-1]
    assert isinstance(done, Done) and done.stats.finish_reason == "cancelled"
    assert done.stats.prompt_tokens > 700 and done.text == ""
    # the engine is usable afterwards, and the cut prompt is not mistaken for a cached one
    monkeypatch.undo()
    text, after = reply(engine, [Message("user", "Hi")], max_tokens=4, session="after")
    assert isinstance(after, Done) and after.stats.finish_reason in ("stop", "length")
