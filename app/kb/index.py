"""The derived indexes: FTS5 for words (English and Chinese) and sqlite-vec for vectors.

Chinese has no spaces, and FTS5's ``unicode61`` tokenizer would index a whole run of
Han characters as one token, while its ``trigram`` tokenizer cannot find two-character
words (most Chinese words). So runs of CJK characters are indexed as overlapping
bigrams plus the run's last character ("机器学习" -> "机器 器学 学习 习"), the scheme of
Lucene's CJKAnalyzer: every substring of two or more characters is a phrase of bigrams,
a single character is a prefix query, and nothing depends on a dictionary. Other text
goes through ``unicode61`` unchanged.

Vectors: a brute-force float32 scan is too slow at 100k chunks, so ``kb_vec`` holds
binary (sign-bit) vectors, searched by Hamming distance over an in-memory copy of them
(:mod:`app.kb.hamming`; sqlite-vec's own KNN when that copy cannot be read), and the
best candidates are re-scored with the stored float32 embeddings. Every change to
``kb_vec`` bumps ``kb_state.vec_generation`` in the same transaction (deleted chunks
through the trigger that removes their vectors), which tells the copy it is stale.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Collection, Iterable, Sequence
from contextlib import contextmanager

import numpy as np
import sqlite_utils

from app.kb import hamming

CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)
_CJK_RUN = re.compile(f"[{CJK}]+")
_WORD = re.compile(rf"[^\W{CJK}]+|[{CJK}]+")
STOPWORDS = frozenset(
    "a an and are as at be but by can could did do does for from had has have how i if in "
    "into is it its me my no not of on or our so such than that the their them then there "
    "these they this to was we were what when where which who whom why will with would you "
    "your".split()
)
# The Hamming pass fetches a few times the wanted count for float re-scoring. With the
# in-memory copy k costs nearly nothing; sqlite-vec's own KNN cost grows with k (100k
# binary vectors: k=40 6 ms, k=320 44 ms), so its k is capped.
RESCORE_FACTOR = 4
MAX_HAMMING_K = 96
# A word in more than COMMON_MIN_CHUNKS chunks and more than COMMON_FRACTION of them is
# left out of the BM25 query when the query has rarer words (see common_words). Ranking
# by a word costs about 2 ms per 1,000 chunks that contain it (measured, 2 shared
# cores), so below 1M chunks nothing is left out; at 1M, a query's top 10 by BM25
# keeps 69% of its chunks and p95 drops from 147 to 20 ms.
COMMON_FRACTION = 0.02
COMMON_MIN_CHUNKS = 20_000
TERM_COUNT_TTL_S = 300.0
GENERATION_KEY = "vec_generation"
BUMP_GENERATION = (
    f"INSERT INTO kb_state (key, value) VALUES ('{GENERATION_KEY}', '1') "
    "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
)


def collection_token(collection_id: int) -> str:
    """The token in ``kb_fts.coll`` that marks a chunk's collection."""
    return f"kbc{collection_id}"


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a CJK run, then its last character."""
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def fts_body(text: str) -> str:
    """The text as FTS5 should index it: CJK runs become space-separated bigrams."""
    return _CJK_RUN.sub(lambda m: " " + " ".join(cjk_bigrams(m.group())) + " ", text)


def _term_query(token: str) -> str | None:
    if _CJK_RUN.fullmatch(token):
        if len(token) == 1:
            return f'"{token}" *'
        return " OR ".join(f'"{pair}"' for pair in cjk_bigrams(token)[:-1])
    word = token.lower()
    return f'"{word}"'


def query_tokens(query: str) -> list[str]:
    """The words and CJK runs of a query, English stop words dropped unless nothing is left."""
    tokens = _WORD.findall(query)
    return [t for t in tokens if t.lower() not in STOPWORDS] or tokens


def fts_match(
    query: str,
    collection_ids: Sequence[int] | None = None,
    drop: Collection[str] = frozenset(),
) -> str | None:
    """An FTS5 MATCH expression for a user's query, or None when it has no words.

    Words are OR-ed and ranked by BM25; English stop words, and the lower-cased words in
    ``drop``, are left out unless nothing else is left; a CJK run contributes its
    bigrams, so a question written without spaces still finds passages that share its
    words.
    """
    content = query_tokens(query)
    content = [t for t in content if t.lower() not in drop] or content
    terms = list(dict.fromkeys(filter(None, (_term_query(t) for t in content))))
    if not terms:
        return None
    expr = "body : (" + " OR ".join(terms) + ")"
    if collection_ids is not None:
        colls = " OR ".join(collection_token(c) for c in collection_ids)
        expr += f" AND coll : ({colls})"
    return expr


@contextmanager
def transaction(db: sqlite_utils.Database):
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: all of it or none of it."""
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def load_vec(db: sqlite_utils.Database) -> None:
    """Load sqlite-vec into this connection (once)."""
    if getattr(db, "_hearth_vec_loaded", False):
        return
    import sqlite_vec

    db.conn.enable_load_extension(True)
    sqlite_vec.load(db.conn)
    db._hearth_vec_loaded = True  # type: ignore[attr-defined]


def get_state(db: sqlite_utils.Database, key: str) -> str | None:
    """A value from the knowledge base's key/value state, or None."""
    row = db.execute("SELECT value FROM kb_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_state(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    """Set or clear a state value (inside the caller's transaction, if any)."""
    if value is None:
        db.execute("DELETE FROM kb_state WHERE key = ?", [key])
    else:
        db.execute("INSERT OR REPLACE INTO kb_state (key, value) VALUES (?, ?)", [key, value])


def vector_model(db: sqlite_utils.Database) -> tuple[str, int] | None:
    """The embedding model the vector index is built for: (name, dimensions), or None."""
    name, dims = get_state(db, "embedding_model"), get_state(db, "embedding_dims")
    return (name, int(dims)) if name and dims else None


def _create_vec_table(db: sqlite_utils.Database, dims: int) -> None:
    if dims % 8:
        raise ValueError(f"Embedding width {dims} is not a multiple of 8.")
    db.execute(
        "CREATE VIRTUAL TABLE kb_vec USING vec0("
        f"chunk_id INTEGER PRIMARY KEY, collection_id INTEGER PARTITION KEY, "
        f"embedding bit[{dims}])"
    )
    db.execute(
        "CREATE TRIGGER kb_chunks_vec_delete AFTER DELETE ON kb_chunks BEGIN "
        "DELETE FROM kb_vec WHERE chunk_id = old.id; "
        f"UPDATE kb_state SET value = CAST(value AS INTEGER) + 1 WHERE key = '{GENERATION_KEY}'; "
        "END"
    )
    bump_generation(db)


def _drop_vec_table(db: sqlite_utils.Database) -> None:
    db.execute("DROP TRIGGER IF EXISTS kb_chunks_vec_delete")
    db.execute("DROP TABLE IF EXISTS kb_vec")
    bump_generation(db)


def bump_generation(db: sqlite_utils.Database) -> None:
    """Mark the vector index changed (inside the transaction that changes it)."""
    db.execute(BUMP_GENERATION)


def vector_generation(db: sqlite_utils.Database) -> int:
    """How many times the vector index has changed (0 before the first time)."""
    value = get_state(db, GENERATION_KEY)
    return int(value) if value else 0


def use_vector_model(db: sqlite_utils.Database, name: str, dims: int) -> bool:
    """Make ``name`` the embedding model; True when it changed (embeddings to redo).

    Embeddings of any other model are deleted and the vector index is recreated empty;
    :func:`app.kb.ingest.embed_missing` fills it again in the background.
    """
    load_vec(db)
    if vector_model(db) == (name, dims):
        return False
    with transaction(db):
        _drop_vec_table(db)
        db.execute("DELETE FROM kb_embeddings WHERE model != ?", [name])
        _create_vec_table(db, dims)
        _fill_vec_table(db)
        set_state(db, "embedding_model", name)
        set_state(db, "embedding_dims", str(dims))
    return True


def clear_vector_model(db: sqlite_utils.Database) -> None:
    """Go back to full-text search only (embeddings are kept until a model is chosen)."""
    with transaction(db):
        _drop_vec_table(db)
        set_state(db, "embedding_model", None)
        set_state(db, "embedding_dims", None)


def _fill_vec_table(db: sqlite_utils.Database) -> None:
    db.execute(
        "INSERT INTO kb_vec (chunk_id, collection_id, embedding) "
        "SELECT e.chunk_id, c.collection_id, vec_quantize_binary(e.vector) "
        "FROM kb_embeddings e JOIN kb_chunks c ON c.id = e.chunk_id"
    )


def new_rowid(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT just made (sqlite3 types it as optional)."""
    if cursor.lastrowid is None:
        raise RuntimeError("The INSERT made no row.")
    return cursor.lastrowid


def as_blob(vector: Sequence[float] | np.ndarray) -> bytes:
    """A vector as the little-endian float32 blob stored in ``kb_embeddings``."""
    return np.asarray(vector, dtype="<f4").tobytes()


def normalized(vectors: Sequence[Sequence[float] | np.ndarray] | np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), float32."""
    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return array / np.where(norms == 0, 1, norms)


def insert_chunks(
    db: sqlite_utils.Database,
    document_id: int,
    collection_id: int,
    chunks: Sequence[dict],
) -> list[int]:
    """Insert a document's chunks and their FTS rows; returns the new chunk ids in order.

    Call inside :func:`transaction` together with the document's status change.
    """
    ids = []
    coll = collection_token(collection_id)
    for seq, chunk in enumerate(chunks):
        cursor = db.execute(
            "INSERT INTO kb_chunks (document_id, collection_id, seq, page, char_start, "
            "char_end, heading, text, n_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [document_id, collection_id, seq, chunk.get("page"), chunk["char_start"],
             chunk["char_end"], chunk.get("heading", ""), chunk["text"], chunk["n_tokens"]],
        )
        ids.append(new_rowid(cursor))
    db.conn.executemany(
        "INSERT INTO kb_fts (rowid, body, coll) VALUES (?, ?, ?)",
        [(cid, fts_body(_indexed_text(c)), coll) for cid, c in zip(ids, chunks, strict=True)],
    )
    return ids


def _indexed_text(chunk: dict) -> str:
    heading = chunk.get("heading") or ""
    return f"{heading}\n{chunk['text']}" if heading else chunk["text"]


def insert_embeddings(
    db: sqlite_utils.Database,
    model: str,
    chunk_ids: Sequence[int],
    vectors: np.ndarray,
) -> None:
    """Store embeddings and add them to the vector index (inside a transaction)."""
    load_vec(db)
    rows = [(cid, model, as_blob(v)) for cid, v in zip(chunk_ids, vectors, strict=True)]
    db.conn.executemany(
        "INSERT OR REPLACE INTO kb_embeddings (chunk_id, model, vector) VALUES (?, ?, ?)", rows
    )
    current = vector_model(db)
    if current and current[0] == model:
        db.conn.executemany("DELETE FROM kb_vec WHERE chunk_id = ?", [(r[0],) for r in rows])
        db.conn.executemany(
            "INSERT INTO kb_vec (chunk_id, collection_id, embedding) "
            "SELECT ?, collection_id, vec_quantize_binary(?) FROM kb_chunks WHERE id = ?",
            [(cid, blob, cid) for cid, _, blob in rows],
        )
        bump_generation(db)


def term_doc_counts(db: sqlite_utils.Database, words: Iterable[str]) -> dict[str, int]:
    """How many chunks contain each (lower-case) word, from FTS5's vocabulary.

    Counting reads the word's whole posting list, a small fraction of what ranking
    it costs (1M chunks, a word in 115k of them: 7 ms against 228 ms for BM25), and the
    counts are remembered for :data:`TERM_COUNT_TTL_S`: a stale count only shifts which
    words are treated as common.
    """
    cache = _term_cache(db)
    now = time.monotonic()
    missing = [w for w in dict.fromkeys(words) if w not in cache or cache[w][1] < now]
    if missing:
        _ensure_vocab_table(db)
        marks = ",".join("?" * len(missing))
        found = dict(db.execute(
            f"SELECT term, doc FROM temp.kb_fts_terms WHERE term IN ({marks})", missing
        ).fetchall())
        for word in missing:
            cache[word] = (int(found.get(word, 0)), now + TERM_COUNT_TTL_S)
    return {w: cache[w][0] for w in words}


def _term_cache(db: sqlite_utils.Database) -> dict[str, tuple[int, float]]:
    cache = getattr(db, "_hearth_term_counts", None)
    if cache is None:
        cache = {}
        db._hearth_term_counts = cache  # type: ignore[attr-defined]
    return cache


def _ensure_vocab_table(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_fts_terms USING fts5vocab(main, kb_fts, row)"
    )


def chunk_count_estimate(db: sqlite_utils.Database) -> int:
    """The highest chunk id: at least the number of chunks, and read from the index alone
    (``count(*)`` walks all of them: 87 ms at 1M)."""
    return db.execute("SELECT coalesce(max(id), 0) FROM kb_chunks").fetchone()[0]


def common_words(db: sqlite_utils.Database, query: str) -> set[str]:
    """The query's words that too many chunks contain to be worth ranking by.

    BM25 ranks every chunk that has any of the query's words, so one word found in a
    tenth of a million chunks costs 200 ms while its weight (IDF) is a fraction of a
    rare word's. Such words are left out when the query has rarer ones, as
    Lucene's common-terms query does; the rarest word always stays.
    """
    tokens = query_tokens(query)
    words = [t.lower() for t in tokens if not _CJK_RUN.fullmatch(t)]
    if not words:
        return set()
    counts = term_doc_counts(db, words)
    threshold = max(COMMON_MIN_CHUNKS, COMMON_FRACTION * chunk_count_estimate(db))
    common = {w for w in words if counts[w] > threshold}
    if len(common) == len({t.lower() for t in tokens}):
        common.discard(min(common, key=counts.__getitem__))
    return common


def search_fts(
    db: sqlite_utils.Database,
    query: str,
    collection_ids: Sequence[int] | None,
    limit: int,
    *,
    drop_common: bool = True,
) -> list[tuple[int, float]]:
    """Best chunks by BM25: [(chunk_id, score)], higher is better (common words left out)."""
    drop = common_words(db, query) if drop_common else set()
    expr = fts_match(query, collection_ids, drop)
    if expr is None:
        return []
    rows = db.execute(
        "SELECT rowid, bm25(kb_fts, 1.0, 0.0) AS s FROM kb_fts WHERE kb_fts MATCH ? "
        "ORDER BY s LIMIT ?",
        [expr, limit],
    ).fetchall()
    return [(rowid, -score) for rowid, score in rows]


def search_vectors(
    db: sqlite_utils.Database,
    query_vector: Sequence[float] | np.ndarray,
    collection_ids: Iterable[int],
    limit: int,
) -> list[tuple[int, float]]:
    """Nearest chunks by cosine: Hamming search on binary vectors, float re-scoring."""
    model = vector_model(db)
    if model is None:
        return []
    load_vec(db)
    query = normalized([query_vector])[0]
    wanted = list(collection_ids)
    bits = hamming.cached(db, vector_generation(db), model[1])
    if bits is not None:
        candidates = bits.nearest(hamming.query_bits(query), wanted, limit * RESCORE_FACTOR)
    else:
        candidates = _sqlite_vec_candidates(db, query, wanted, limit)
    return rescore(db, query, candidates, limit)


def _sqlite_vec_candidates(
    db: sqlite_utils.Database, query: np.ndarray, collection_ids: list[int], limit: int
) -> list[int]:
    blob = as_blob(query)
    candidates: list[int] = []
    for collection_id in collection_ids:
        rows = db.execute(
            "SELECT chunk_id FROM kb_vec WHERE embedding MATCH vec_quantize_binary(?) "
            "AND k = ? AND collection_id = ?",
            [blob, max(limit, min(limit * RESCORE_FACTOR, MAX_HAMMING_K)), collection_id],
        ).fetchall()
        candidates.extend(r[0] for r in rows)
    return candidates


def rescore(
    db: sqlite_utils.Database, query: np.ndarray, chunk_ids: list[int], limit: int
) -> list[tuple[int, float]]:
    """Cosine similarity of the stored float vectors of ``chunk_ids``; best ``limit``."""
    if not chunk_ids:
        return []
    marks = ",".join("?" * len(chunk_ids))
    rows = db.execute(
        f"SELECT chunk_id, vector FROM kb_embeddings WHERE chunk_id IN ({marks})", chunk_ids
    ).fetchall()
    ids = [r[0] for r in rows]
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)
    scores = normalized(matrix) @ query
    order = np.argsort(-scores)[:limit]
    return [(ids[i], float(scores[i])) for i in order]


def rebuild(db: sqlite_utils.Database) -> dict:
    """Recreate both derived indexes from the chunks and stored embeddings."""
    with transaction(db):
        db.execute("DELETE FROM kb_fts")
        rows = db.execute(
            "SELECT id, collection_id, heading, text FROM kb_chunks ORDER BY id"
        ).fetchall()
        db.conn.executemany(
            "INSERT INTO kb_fts (rowid, body, coll) VALUES (?, ?, ?)",
            [(cid, fts_body(_indexed_text({"heading": h, "text": t})), collection_token(col))
             for cid, col, h, t in rows],
        )
        model = vector_model(db)
        if model:
            load_vec(db)
            _drop_vec_table(db)
            db.execute("DELETE FROM kb_embeddings WHERE model != ?", [model[0]])
            _create_vec_table(db, model[1])
            _fill_vec_table(db)
    n_vec = db.execute("SELECT count(*) FROM kb_embeddings").fetchone()[0] if model else 0
    return {"chunks": len(rows), "vectors": n_vec}
