"""Hamming search over the vector index's sign bits, held in memory.

``kb_vec`` (sqlite-vec) stores one sign bit per dimension of each chunk's embedding.
sqlite-vec's own KNN query over it costs O(N * k): measured on a shared 2-core machine
at 1,000,000 chunks, k=10 44 ms, k=80 131-172 ms. Here the bits are copied into numpy
once (48 bytes a chunk for 384 dimensions: 48 MB at 1M), read straight from
sqlite-vec's storage tables (1M in about 0.1 s, where a ``SELECT`` over ``kb_vec``
takes 12 s), and a query XORs and popcounts them column by column.

The copy is labelled with ``kb_state.vec_generation``, which every change to ``kb_vec``
bumps in the same transaction (see :mod:`app.kb.index`), and is reloaded when the
database's generation differs. Where the storage tables do not look as expected (a
different sqlite-vec), :func:`load` returns None and the caller asks sqlite-vec.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import sqlite_utils

FAR = np.iinfo(np.uint16).max  # the distance given to chunks outside the wanted collections


@dataclass(frozen=True)
class BitIndex:
    """The sign bits of every vector in ``kb_vec`` at one generation."""

    generation: int
    dims: int
    chunk_ids: np.ndarray  # int64, one per vector
    collections: np.ndarray  # int64, the collection of each vector
    columns: np.ndarray  # uint64, shape (words, vectors): word w of every vector together
    present: frozenset[int]  # the collections that have vectors

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def distances(self, query_bits: np.ndarray, collection_ids: Iterable[int]) -> np.ndarray:
        """Hamming distance from ``query_bits`` (packed like the index) to every vector."""
        words = _as_words(query_bits[np.newaxis, :], self.columns.shape[0])[0]
        dist = np.zeros(len(self), dtype=np.uint16)
        for w, column in enumerate(self.columns):
            dist += np.bitwise_count(column ^ words[w])
        wanted = set(collection_ids)
        if not self.present <= wanted:
            keep = np.isin(self.collections, np.fromiter(wanted, dtype=np.int64))
            dist[~keep] = FAR
        return dist

    def nearest(self, query_bits: np.ndarray, collection_ids: Iterable[int], k: int) -> list[int]:
        """Chunk ids of the ``k`` vectors nearest to ``query_bits`` in those collections."""
        if not len(self) or k <= 0:
            return []
        dist = self.distances(query_bits, collection_ids)
        return [int(self.chunk_ids[i]) for i in smallest(dist, k, self.dims)]


def smallest(dist: np.ndarray, k: int, max_distance: int) -> np.ndarray:
    """Indices of the ``k`` smallest distances up to ``max_distance``, nearest first.

    Distances are small integers, so a histogram finds the cut-off in one pass
    (np.argpartition over 1M values costs several times more).
    """
    counts = np.bincount(dist, minlength=max_distance + 1)[: max_distance + 1]
    cutoff = int(np.searchsorted(np.cumsum(counts), k))  # first distance reaching k
    chosen = np.flatnonzero(dist <= min(cutoff, max_distance))
    return chosen[np.argsort(dist[chosen], kind="stable")[:k]]


def query_bits(vector: np.ndarray) -> np.ndarray:
    """A float vector's sign bits, packed as sqlite-vec's ``vec_quantize_binary`` packs them."""
    return np.packbits(np.asarray(vector) > 0, bitorder="little")


def _as_words(packed: np.ndarray, words: int) -> np.ndarray:
    """Rows of packed bytes as rows of little-endian uint64 words (zero-padded)."""
    padded = np.zeros((packed.shape[0], words * 8), dtype=np.uint8)
    padded[:, : packed.shape[1]] = packed
    return padded.view("<u8")


_CACHE: dict[str, BitIndex] = {}
_LOCK = threading.Lock()


def cached(db: sqlite_utils.Database, generation: int, dims: int) -> BitIndex | None:
    """The in-memory bits of this database's ``kb_vec`` at ``generation``, loaded if stale."""
    key = _database_key(db)
    with _LOCK:
        index = _CACHE.get(key)
        if index is None or index.generation != generation or index.dims != dims:
            _CACHE.pop(key, None)
            index = load(db, generation, dims)
            if index is not None:
                _CACHE[key] = index
        return index


def forget(db: sqlite_utils.Database) -> None:
    """Drop this database's in-memory bits (they are reloaded on the next search)."""
    with _LOCK:
        _CACHE.pop(_database_key(db), None)


def _database_key(db: sqlite_utils.Database) -> str:
    """The database file, with its inode: a file replaced at the same path is another."""
    path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    if not path:
        return f"memory:{id(db.conn)}"
    try:
        return f"{path}:{os.stat(path).st_ino}"
    except OSError:
        return path


def load(db: sqlite_utils.Database, generation: int, dims: int) -> BitIndex | None:
    """Read every live vector's bits from sqlite-vec's storage tables; None if unreadable."""
    try:
        rows = db.execute(
            "SELECT c.size, c.partition00, c.validity, c.rowids, v.vectors "
            "FROM kb_vec_chunks c JOIN kb_vec_vector_chunks00 v ON v.rowid = c.chunk_id "
            "ORDER BY c.chunk_id"
        ).fetchall()
    except sqlite3.OperationalError:
        return None
    width = dims // 8
    if any(len(v) != size * width or len(r) != size * 8 or len(ok) * 8 < size
           for size, _, ok, r, v in rows):
        return None
    return _assemble(rows, generation, dims)


def _assemble(rows: list, generation: int, dims: int) -> BitIndex:
    width = dims // 8
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        columns = np.zeros((-(-width // 8), 0), np.uint64)
        return BitIndex(generation, dims, empty, empty, columns, frozenset())
    valid = np.concatenate([
        np.unpackbits(np.frombuffer(ok, np.uint8), bitorder="little")[:size].astype(bool)
        for size, _, ok, _, _ in rows
    ])
    ids = np.frombuffer(b"".join(r for _, _, _, r, _ in rows), dtype="<i8")
    colls = np.concatenate([np.full(size, -1 if coll is None else coll, np.int64)
                            for size, coll, _, _, _ in rows])
    packed = np.frombuffer(b"".join(v for _, _, _, _, v in rows), np.uint8).reshape(-1, width)
    words = _as_words(packed[valid], -(-width // 8))
    colls = colls[valid]
    return BitIndex(generation, dims, ids[valid].astype(np.int64), colls,
                    np.ascontiguousarray(words.T), frozenset(np.unique(colls).tolist()))
