"""Replies that cite documents: real SmolLM2, a real knowledge base, real SQLite."""

from __future__ import annotations

import pytest

from app.engines.base import Message
from app.kb import collections as colls
from app.kb.embed import MODEL_PATH_KEY
from app.kb.index import set_state
from app.kb.ingest import add_paths, ingest
from app.services.chat import Saved
from app.services.completion import Citations
from app.services.retrieval import context_budget, with_context

FACT = ("# Zorblat festival\n\nThe Zorblat festival in the town of Quenmoor is held every "
        "year on the ninth of Brindle, when the villagers paint their boats teal.\n")
OTHER = "# Bread\n\nSourdough is proofed overnight in a cool kitchen before baking.\n"


@pytest.fixture
def service(services):
    return services.chat


@pytest.fixture
def db(services):
    return services.store_db


def last_prompt(service) -> str:
    return service.scheduler.primary.engine.last_prompt


def _collection(db, folder, embedder=None) -> int:
    folder.mkdir()
    (folder / "zorblat.md").write_text(FACT, encoding="utf-8")
    (folder / "bread.md").write_text(OTHER, encoding="utf-8")
    cid = colls.get_or_create(db, "notes")
    add_paths(db, cid, [folder])
    for _ in ingest(db, embedder):
        pass
    return cid


def _send(service, conversation_id, text):
    cites, saved = None, None
    for event in service.send(conversation_id, text):
        if isinstance(event, Citations):
            cites = event.items
        elif isinstance(event, Saved):
            saved = event.message
    return cites, saved


def test_reply_sees_the_excerpt_and_saves_its_citation(service, db, tmp_path):
    cid = _collection(db, tmp_path / "docs")
    conv = service.store.create()
    colls.set_conversation_collections(db, conv.id, [cid])
    cites, saved = _send(service, conv.id, "When is the Zorblat festival held?")
    prompt = last_prompt(service)
    assert "ninth of Brindle" in prompt and "<excerpt number=\"1\"" in prompt
    assert saved.status == "complete"
    stored = service.store.message(saved.id).citation_list()
    assert stored and stored[0]["path"].endswith("zorblat.md") and stored == cites
    assert stored[0]["char_end"] > stored[0]["char_start"] >= 0
    # the context went into the system message of that reply only, never saved
    thread = service.store.thread(conv.id)
    assert [m.role for m in thread] == ["user", "assistant"]
    assert all("ninth of Brindle" not in m.content for m in thread if m.role == "user")


def test_conversation_without_collections_gets_no_context(service, db, tmp_path):
    _collection(db, tmp_path / "docs")
    conv = service.store.create()
    cites, saved = _send(service, conv.id, "When is the Zorblat festival held?")
    assert cites is None and saved.citations is None
    assert "ninth of Brindle" not in last_prompt(service)


def test_hybrid_search_with_the_configured_embedding_model(service, db, tmp_path,
                                                           embedding_model_path):
    from app.kb.embed import LlamaCppEmbedder

    embedder = LlamaCppEmbedder(embedding_model_path)
    try:
        cid = _collection(db, tmp_path / "docs", embedder)
    finally:
        embedder.close()
    set_state(db, MODEL_PATH_KEY, str(embedding_model_path))
    conv = service.store.create()
    colls.set_conversation_collections(db, conv.id, [cid])
    # no word in common with the fact except the festival's name
    cites, saved = _send(service, conv.id, "Which day do Zorblat celebrations happen?")
    assert service.completion.retriever.embedder() is not None
    assert cites and cites[0]["path"].endswith("zorblat.md")
    assert "paint their boats teal" in last_prompt(service)


def test_budget_leaves_room_for_the_thread_and_the_reply():
    messages = [Message("user", "word " * 300)]
    assert context_budget(messages, 1024, 200, lambda t: len(t.split())) == 1024 - 200 - 316
    assert context_budget(messages, 512, 200, lambda t: len(t.split())) == 0
    assert context_budget([], 4096, 100, len) == 2048  # never more than half the window
    merged = with_context([Message("system", "Be brief."), Message("user", "hi")], "DOCS")
    assert merged[0].content == "Be brief.\n\nDOCS" and len(merged) == 2
    assert with_context([Message("user", "hi")], "DOCS")[0] == Message("system", "DOCS")
