"""The derived indexes on a real SQLite file: in-memory Hamming search against sqlite-vec's
own KNN, its staleness check, and BM25 leaving out words too common to rank by."""

from __future__ import annotations

import time

import numpy as np
import pytest

from app.kb import collections as colls
from app.kb import hamming, index
from app.kb.index import (
    as_blob,
    common_words,
    insert_chunks,
    insert_embeddings,
    search_fts,
    search_vectors,
    transaction,
    use_vector_model,
    vector_generation,
)
from app.kb.ingest import remove_document
from app.kb.schema import _vector_generation

MODEL, DIMS = "test-model", 384


def _add_document(db, collection_id, name, texts, vectors) -> tuple[int, list[int]]:
    chunks = [{"char_start": 0, "char_end": len(t), "text": t, "n_tokens": 10} for t in texts]
    with transaction(db):
        doc_id = db.execute(
            "INSERT INTO kb_documents (collection_id, path, status, added_at) "
            "VALUES (?, ?, 'indexed', ?)", [collection_id, f"/docs/{name}", time.time()],
        ).lastrowid
        ids = insert_chunks(db, doc_id, collection_id, chunks)
        insert_embeddings(db, MODEL, ids, vectors)
    return doc_id, ids


def _unit(rng, n):
    vectors = rng.standard_normal((n, DIMS)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def filled(db):
    """Two collections, 1,500 chunks with random unit vectors."""
    rng = np.random.default_rng(3)
    first, second = colls.get_or_create(db, "first"), colls.get_or_create(db, "second")
    use_vector_model(db, MODEL, DIMS)
    docs = {}
    for i in range(6):
        coll = first if i % 2 == 0 else second
        texts = [f"document {i} passage {j}" for j in range(250)]
        docs[i] = _add_document(db, coll, f"d{i}.txt", texts, _unit(rng, 250))
    return db, first, second, docs, rng


def _sqlite_vec_knn(db, vector, collection_id, k):
    return db.execute(
        "SELECT chunk_id, distance FROM kb_vec WHERE embedding MATCH vec_quantize_binary(?) "
        "AND k = ? AND collection_id = ?", [as_blob(vector), k, collection_id],
    ).fetchall()


def test_hamming_search_finds_what_sqlite_vec_finds(filled):
    db, first, second, _, rng = filled
    bits = hamming.cached(db, vector_generation(db), DIMS)
    assert bits is not None and len(bits) == 1500 and bits.present == {first, second}
    for query in _unit(rng, 5):
        for collection_id in (first, second):
            ours = bits.nearest(hamming.query_bits(query), [collection_id], 40)
            theirs = _sqlite_vec_knn(db, query, collection_id, 40)
            dist = bits.distances(hamming.query_bits(query), [collection_id])
            position = {int(c): i for i, c in enumerate(bits.chunk_ids)}
            # the same distances in the same order (ties may pick different chunks)
            assert [int(dist[position[c]]) for c in ours] == [int(d) for _, d in theirs]
            cutoff = int(theirs[-1][1])
            assert {c for c in ours if dist[position[c]] < cutoff} == {
                c for c, d in theirs if d < cutoff}
            marks = ",".join("?" * len(ours))
            owners = {r[0] for r in db.execute(
                f"SELECT collection_id FROM kb_chunks WHERE id IN ({marks})", ours).fetchall()}
            assert owners == {collection_id}


def test_search_vectors_ranks_the_exact_vector_first_and_rescoring_is_cosine(filled):
    db, first, second, docs, _ = filled
    _, ids = docs[1]
    target = np.frombuffer(db.execute(
        "SELECT vector FROM kb_embeddings WHERE chunk_id = ?", [ids[7]]).fetchone()[0], "<f4")
    hits = search_vectors(db, target, [first, second], 10)
    assert hits[0][0] == ids[7] and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert search_vectors(db, target, [first], 10)[0][0] != ids[7]  # other collection


def test_changes_bump_the_generation_and_the_copy_follows(filled):
    db, first, second, docs, rng = filled
    before = vector_generation(db)
    hamming.cached(db, before, DIMS)
    doc_id, ids = docs[2]
    target = np.frombuffer(db.execute(
        "SELECT vector FROM kb_embeddings WHERE chunk_id = ?", [ids[0]]).fetchone()[0], "<f4")
    remove_document(db, doc_id)  # deletes chunks: the trigger bumps the generation
    after_delete = vector_generation(db)
    assert after_delete > before
    assert ids[0] not in [c for c, _ in search_vectors(db, target, [first, second], 10)]
    assert len(hamming.cached(db, after_delete, DIMS)) == 1250

    new_vectors = _unit(rng, 3)
    _, new_ids = _add_document(db, second, "new.txt", ["a", "b", "c"], new_vectors)
    assert vector_generation(db) > after_delete
    assert search_vectors(db, new_vectors[1], [second], 5)[0][0] == new_ids[1]


def test_migration_makes_an_old_trigger_bump_the_generation(filled):
    db, *_ = filled
    db.execute("DROP TRIGGER kb_chunks_vec_delete")
    db.execute("CREATE TRIGGER kb_chunks_vec_delete AFTER DELETE ON kb_chunks BEGIN "
               "DELETE FROM kb_vec WHERE chunk_id = old.id; END")  # as session 1 made it
    with transaction(db):
        _vector_generation(db)
    before = vector_generation(db)
    with transaction(db):
        db.execute("DELETE FROM kb_chunks WHERE id = (SELECT min(id) FROM kb_chunks)")
    assert vector_generation(db) == before + 1


def test_without_the_copy_sqlite_vec_answers(filled, monkeypatch):
    db, first, second, docs, _ = filled
    _, ids = docs[3]
    target = np.frombuffer(db.execute(
        "SELECT vector FROM kb_embeddings WHERE chunk_id = ?", [ids[42]]).fetchone()[0], "<f4")
    monkeypatch.setattr(hamming, "load", lambda *args: None)
    hamming.forget(db)
    assert hamming.cached(db, vector_generation(db), DIMS) is None
    hits = search_vectors(db, target, [first, second], 10)
    assert hits[0][0] == ids[42] and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert len(hits) == 10


def test_bm25_leaves_out_words_most_chunks_contain(db, monkeypatch):
    monkeypatch.setattr(index, "COMMON_MIN_CHUNKS", 10)
    coll = colls.get_or_create(db, "words")
    texts = [f"river note {i}" for i in range(300)]
    texts[5] = "river glacier"
    texts[9] = "glacier moraine"
    with transaction(db):
        doc_id = db.execute(
            "INSERT INTO kb_documents (collection_id, path, status, added_at) "
            "VALUES (?, '/docs/w.txt', 'indexed', 0)", [coll]).lastrowid
        ids = insert_chunks(db, doc_id, coll, [
            {"char_start": 0, "char_end": len(t), "text": t, "n_tokens": 3} for t in texts])
    assert common_words(db, "river glacier") == {"river"}
    assert common_words(db, "glacier moraine") == set()
    assert common_words(db, "river note") == {"river"}  # note (298 chunks) is the rarest
    assert common_words(db, "river") == set()
    hits = [c for c, _ in search_fts(db, "river glacier", None, 10)]
    assert set(hits) == {ids[5], ids[9]}
    assert len(search_fts(db, "river", None, 400)) == 299
