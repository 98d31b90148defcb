"""The local API with the official `openai` and `anthropic` clients against a real server
on 127.0.0.1, real SmolLM2 (llama.cpp), a real knowledge base and the MiniLM embedding
model."""

from __future__ import annotations

import threading
import time

import httpx
import openai
import pytest

from app.engines.base import Done
from app.kb import collections as colls
from app.kb.ingest import add_paths, ingest
from tests.api_helpers import running_api

MODEL = "smollm2-135m-instruct"
FACT = ("# Zorblat festival\n\nThe Zorblat festival in the town of Quenmoor is held every "
        "year on the ninth of Brindle, when the villagers paint their boats teal.\n")


def wait_idle(services, timeout_s: float = 30) -> bool:
    """Whether every resident model is idle within ``timeout_s`` (a reply's lease ends on
    its own thread just after the client has its answer)."""
    deadline = time.monotonic() + timeout_s
    while any(r.busy for r in services.scheduler.residents()):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_models_lists_the_installed_models_and_knowledge(client, services):
    colls.get_or_create(services.store_db, "notes")
    ids = [m.id for m in client.models.list().data]
    assert MODEL in ids
    assert "hearth-kb/notes" in ids
    assert client.models.retrieve(MODEL).id == MODEL


def test_chat_not_streamed_has_text_usage_and_finish(client):
    reply = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Say hello."}], max_tokens=6,
        temperature=0)
    choice = reply.choices[0]
    assert choice.message.role == "assistant" and choice.message.content
    assert choice.finish_reason in ("stop", "length")
    assert reply.usage.completion_tokens <= 6
    assert reply.usage.prompt_tokens > 0
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_chat_streamed_ends_with_usage(client):
    stream = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "Count to three."}],
        max_completion_tokens=8, temperature=0, stream=True,
        stream_options={"include_usage": True})
    text, finish, usage = "", None, None
    for chunk in stream:
        if chunk.choices:
            text += chunk.choices[0].delta.content or ""
            finish = chunk.choices[0].finish_reason or finish
        else:
            usage = chunk.usage
    assert text and finish in ("stop", "length")
    assert usage is not None and 0 < usage.completion_tokens <= 8


def test_same_seed_gives_the_same_reply(client):
    def ask() -> str:
        reply = client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Tell me a word."}],
            max_tokens=8, temperature=1.0, seed=1234)
        return reply.choices[0].message.content or ""

    assert ask() == ask()


def test_stop_strings_end_the_reply_before_them(client):
    # the greedy reply to this prompt is known to contain a comma early on
    free = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "List three fruits."}],
        max_tokens=24, temperature=0).choices[0].message.content or ""
    stop = next(c for c in (",", ".", "\n", " ") if c in free)
    cut = client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": "List three fruits."}],
        max_tokens=24, temperature=0, stop=[stop])
    assert cut.choices[0].message.content == free[: free.index(stop)]
    assert cut.choices[0].finish_reason == "stop"


def test_text_completion_continues_the_prompt(client):
    reply = client.completions.create(model=MODEL, prompt="The capital of France is",
                                      max_tokens=4, temperature=0)
    assert reply.object == "text_completion"
    assert reply.choices[0].text
    assert reply.usage.prompt_tokens == 5 or reply.usage.prompt_tokens > 0
    stream = client.completions.create(model=MODEL, prompt="One, two,", max_tokens=4,
                                       temperature=0, stream=True)
    assert "".join(c.choices[0].text for c in stream if c.choices)


def test_unknown_model_gets_openai_404_naming_the_installed_models(client):
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o",
                                       messages=[{"role": "user", "content": "hi"}])
    assert caught.value.body["code"] == "model_not_found"
    assert MODEL in caught.value.body["message"]


def test_a_file_path_is_not_a_model_name(client, smollm2_path):
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model=str(smollm2_path),
                                       messages=[{"role": "user", "content": "hi"}])


def test_max_tokens_past_the_bound_is_refused(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model=MODEL, max_tokens=10**9,
                                       messages=[{"role": "user", "content": "hi"}])
    assert "max_tokens" in caught.value.body["message"]


def test_what_the_engine_cannot_do_is_refused_before_generating(client):
    pixel = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
             "2mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image_url", "image_url": {"url": pixel}}]}])
    assert "image" in caught.value.body["message"]


def test_embeddings_with_minilm(client, services, embedding_model_path):
    from app.services.models import import_gguf

    import_gguf(embedding_model_path, "minilm", library=services.library)
    result = client.embeddings.create(model="minilm", input=["a cat", "a dog", "tax law"])
    vectors = [d.embedding for d in result.data]
    assert [d.index for d in result.data] == [0, 1, 2]
    assert all(len(v) == 384 for v in vectors)
    assert result.usage.prompt_tokens > 0

    def cos(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert cos(vectors[0], vectors[1]) > cos(vectors[0], vectors[2])
    floats = httpx.post(f"{client.base_url}embeddings", json={
        "model": "minilm", "input": "a cat", "encoding_format": "float"}).json()
    assert floats["data"][0]["embedding"] == pytest.approx(vectors[0], abs=1e-5)


def test_anthropic_messages_not_streamed(claude):
    message = claude.messages.create(
        model=MODEL, max_tokens=8, system="You answer briefly.",
        messages=[{"role": "user", "content": "Say hello."}])
    assert message.type == "message" and message.role == "assistant"
    assert message.content[0].type == "text" and message.content[0].text
    assert message.stop_reason in ("end_turn", "max_tokens")
    assert message.usage.output_tokens <= 8


def test_anthropic_stop_sequence_is_reported(claude):
    # anthropic 2.x dropped `temperature` from its signature; older clients send it
    greedy = {"temperature": 0}
    free = claude.messages.create(model=MODEL, max_tokens=24, extra_body=greedy,
                                  messages=[{"role": "user", "content": "List three fruits."}])
    text = free.content[0].text
    stop = next(c for c in (",", ".", "\n", " ") if c in text)
    cut = claude.messages.create(model=MODEL, max_tokens=24, extra_body=greedy,
                                 stop_sequences=[stop],
                                 messages=[{"role": "user", "content": "List three fruits."}])
    assert cut.stop_reason == "stop_sequence" and cut.stop_sequence == stop
    assert cut.content[0].text == text[: text.index(stop)]


def test_anthropic_messages_streamed(claude):
    with claude.messages.stream(model=MODEL, max_tokens=8,
                                messages=[{"role": "user", "content": "Hi"}]) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text and final.content[0].text == text
    assert final.stop_reason in ("end_turn", "max_tokens")
    assert final.usage.output_tokens > 0


def test_knowledge_answer_cites_the_document(api, client, claude, services, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "zorblat.md").write_text(FACT, encoding="utf-8")
    db = services.store_db
    cid = colls.get_or_create(db, "notes")
    add_paths(db, cid, [folder])
    for _ in ingest(db, None):
        pass
    question = [{"role": "user", "content": "When is the Zorblat festival held?"}]
    reply = client.chat.completions.create(model="hearth-kb/notes", messages=question,
                                           max_tokens=8)
    cited = reply.model_extra["citations"]
    assert cited and cited[0]["path"].endswith("zorblat.md")
    # the same through an extra body field, streamed
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=question, max_tokens=4, stream=True,
        extra_body={"collections": ["notes"]}))
    streamed = [c.model_extra["citations"] for c in chunks if c.model_extra.get("citations")]
    assert streamed and streamed[0][0]["path"].endswith("zorblat.md")
    message = claude.messages.create(model="hearth-kb/notes", max_tokens=8, messages=question)
    assert message.model_extra["citations"][0]["path"].endswith("zorblat.md")


def test_two_clients_taking_turns_each_reuse_their_own_prefix(client):
    system = {"role": "system", "content": "You are a patient tutor. " * 20}

    def turn(history: list[dict]) -> tuple[str, int, int]:
        reply = client.chat.completions.create(model=MODEL, messages=history, max_tokens=6,
                                               temperature=0)
        return (reply.choices[0].message.content or "", reply.usage.prompt_tokens,
                reply.usage.prompt_tokens_details.cached_tokens)

    a = [system, {"role": "user", "content": "What is rain?"}]
    b = [system, {"role": "user", "content": "Name a colour."}]
    a_text, a_prompt, _ = turn(a)
    b_text, _, _ = turn(b)  # another conversation in between
    a += [{"role": "assistant", "content": a_text}, {"role": "user", "content": "And snow?"}]
    _, _, cached = turn(a)
    assert cached >= a_prompt - 1  # everything said before was kept, not re-processed


def test_a_full_queue_answers_503_with_retry_after(services):
    services.scheduler.settings.max_queued_replies = 1
    with running_api(services) as api:
        body = {"model": MODEL, "messages": [{"role": "user", "content": "Write a long story."}],
                "max_tokens": 400, "stream": True}
        statuses: list[int] = []
        retry_after: list[str | None] = []
        gate = threading.Barrier(3)

        def call() -> None:
            gate.wait()
            with httpx.stream("POST", f"{api.url}/chat/completions", json=body,
                              timeout=120) as response:
                statuses.append(response.status_code)
                retry_after.append(response.headers.get("retry-after"))
                for _ in response.iter_lines():
                    if response.status_code == 200 and 503 in statuses:
                        break  # the refused one has been seen: let the queue go

        threads = [threading.Thread(target=call) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
    assert sorted(statuses) == [200, 200, 503]
    assert retry_after[statuses.index(503)] is not None


def test_a_client_that_hangs_up_stops_its_generation(api, services):
    ended = []
    finished = threading.Event()
    stream = api.api.stream

    def watched(request, cancel):
        for event in stream(request, cancel):
            if isinstance(event, Done):
                ended.append(event.stats)
                finished.set()
            yield event

    api.api.stream = watched
    body = {"model": MODEL, "messages": [{"role": "user", "content": "Write a long story."}],
            "max_tokens": 900, "stream": True}
    with httpx.stream("POST", f"{api.url}/chat/completions", json=body, timeout=60) as response:
        assert response.status_code == 200
        lines = response.iter_lines()
        while "content" not in next(lines):
            pass
    assert finished.wait(60)
    assert ended[0].finish_reason == "cancelled"
    assert ended[0].completion_tokens < 900
    # and its lease ends with it (right after Done, on the reply's thread)
    assert wait_idle(services)


def test_the_api_and_the_window_share_one_loaded_model(client, services):
    hello = [{"role": "user", "content": "Hi"}]
    client.chat.completions.create(model=MODEL, messages=hello, max_tokens=2)
    runtime = services.scheduler.runtime_for(MODEL)
    load = runtime.last_load
    conversation = services.chat.create(MODEL)
    for _ in services.chat.send(conversation.id, "Hello from the window"):
        pass
    assert services.scheduler.runtime_for(MODEL) is runtime
    assert runtime.last_load is load  # the window's reply loaded nothing
    assert [r.model for r in services.scheduler.residents()] == [MODEL]


def test_after_an_idle_unload_the_model_is_loaded_once_again(client, services):
    hello = [{"role": "user", "content": "Hi"}]
    client.chat.completions.create(model=MODEL, messages=hello, max_tokens=2)
    assert wait_idle(services)
    services.scheduler.settings.idle_unload_minutes = 1
    assert services.scheduler.unload_idle(now=time.monotonic() + 3600) == [MODEL]
    assert services.scheduler.residents() == []
    client.chat.completions.create(model=MODEL, messages=hello, max_tokens=2)
    client.chat.completions.create(model=MODEL, messages=hello, max_tokens=2)
    assert [r.model for r in services.scheduler.residents()] == [MODEL]
