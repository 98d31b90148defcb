"""Hybrid search that knows its embedding model's languages, and results that do not
depend on how many are asked for."""

from __future__ import annotations

import pytest

from app.kb import collections as colls
from app.kb.ingest import add_paths, ingest
from app.kb.languages import STATE_KEY, model_languages, query_language, weights_for
from app.kb.search import SearchTimings, rrf, search

DOCS = {
    "travel-en.md": "# Travel\n\nEmployees book flights through the company portal at least "
                    "fourteen days before they leave. Hotels are reimbursed up to 180 euros a "
                    "night in capital cities.",
    "travel-zh.md": "# 差旅\n\n员工须在出发前至少十四天通过公司门户预订机票。首都城市的酒店每晚"
                    "最多报销一百八十欧元。",
    "bread.md": "# Bread\n\nSourdough needs a long, slow rise; bake it hot with steam.",
    "面包.md": "# 面包\n\n酸面包需要长时间慢慢发酵，用高温和蒸汽烘烤。",
    "it-en.md": "# Passwords\n\nPasswords must be changed every ninety days and may not be "
                "reused.",
    "it-zh.md": "# 密码\n\n密码每九十天必须更换一次，且不得重复使用。",
}


def test_rrf_weights_and_a_fixed_order_for_ties():
    assert rrf([[3, 1], [1, 2]]) == [(1, pytest.approx(1 / 62 + 1 / 61)),
                                     (3, pytest.approx(1 / 61)), (2, pytest.approx(1 / 62))]
    assert [i for i, _ in rrf([[3, 1], [1, 2]], weights=[1.0, 0.0])] == [3, 1]
    assert [i for i, _ in rrf([[5], [4]])] == [4, 5]  # equal scores: by id


def test_the_query_language():
    assert query_language("When do hotels get reimbursed?") == "en"
    assert query_language("酒店每晚最多报销多少？") == "zh"
    assert query_language("VPN 密码多久更换一次？") == "zh"
    assert weights_for("酒店报销", ["en"]) == (1.0, 0.0)
    assert weights_for("hotel refunds", ["en"]) == (1.0, 1.0)
    assert weights_for("酒店报销", None) == (1.0, 1.0)


@pytest.fixture(scope="module")
def minilm(embedding_model_path):
    from app.kb.embed import LlamaCppEmbedder

    embedder = LlamaCppEmbedder(embedding_model_path)
    yield embedder
    embedder.close()


@pytest.fixture
def indexed(db, tmp_path, minilm):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    cid = colls.get_or_create(db, "office")
    add_paths(db, cid, [folder])
    for _ in ingest(db, minilm):
        pass
    return db, cid


def test_an_english_only_model_is_measured_once_as_english_only(indexed, minilm):
    db, _ = indexed
    assert model_languages(db, minilm) == ["en"]
    before = db.execute("SELECT value FROM kb_state WHERE key = ?", [STATE_KEY]).fetchone()
    assert model_languages(db, minilm) == ["en"]  # kept, not measured again
    after = db.execute("SELECT value FROM kb_state WHERE key = ?", [STATE_KEY]).fetchone()
    assert before == after
    assert not db.conn.in_transaction  # the search path leaves no write open


def test_chinese_queries_are_not_fused_with_an_english_only_models_list(indexed, minilm):
    db, cid = indexed
    timings = SearchTimings()
    hybrid = search(db, "首都城市的酒店每晚最多报销多少？", [cid], limit=3, embedder=minilm,
                    timings=timings)
    words = search(db, "首都城市的酒店每晚最多报销多少？", [cid], limit=3)
    assert timings.embed_ms == 0  # the model was not asked
    assert [h.chunk_id for h in hybrid] == [h.chunk_id for h in words]
    assert hybrid[0].path.endswith("travel-zh.md")


def test_english_queries_still_use_meaning(indexed, minilm):
    db, cid = indexed
    timings = SearchTimings()
    hits = search(db, "How long before a trip must plane tickets be bought?", [cid],
                  limit=3, embedder=minilm, timings=timings)
    assert timings.embed_ms > 0
    assert hits and hits[0].path.endswith("travel-en.md")


@pytest.mark.parametrize("query", ["passwords changed", "密码更换", "bread steam"])
def test_the_first_results_do_not_depend_on_how_many_are_asked_for(indexed, minilm, query):
    db, cid = indexed
    few = search(db, query, [cid], limit=2, embedder=minilm)
    many = search(db, query, [cid], limit=6, embedder=minilm)
    assert [h.chunk_id for h in few] == [h.chunk_id for h in many[:2]]
