"""Embedders: anything with ``embed(texts) -> list of vectors``, plus a fast llama.cpp one.

The knowledge base only needs :class:`Embedder`: a name (stored with each vector, so a
change of model is noticed), and ``embed``. Engine clients (Ollama's embed API, an
OpenAI-compatible ``/v1/embeddings``) already have ``embed(texts)``;
:func:`as_embedder` wraps them.

:class:`LlamaCppEmbedder` runs a GGUF embedding model in-process. llama-cpp-python's
``Llama.embed`` tokenizes and copies every vector into Python lists and, batched, packs
up to ``n_batch`` tokens of many sequences into one non-causal ubatch, where attention
grows with the square of the ubatch. This one decodes one text at a time (two ~130-token
chunks per decode cost 3% more CPU per chunk, four 11%, and a text's vector then
depends on its neighbours in the ubatch, by up to 4e-4 in cosine with flash attention)
and reads the pooled vector straight into numpy.

It decodes with one single-threaded llama.cpp context per core, working on different
chunks at once, rather than one context whose threads split every matrix product:
those threads meet at a barrier after each of the graph's ~100 operations (llama.cpp's
OpenMP threads spin there), so when another program takes a core the whole decode
waits. Measured with ``hearth bench kb`` on 2 shared Zen3 cores, same chunks: on a
quiet machine 28.5 chunks/s (one context, 2 threads) against 30.7 (two contexts); under
load from other programs 1.3-3.2 against 9.3-18.9. :func:`load_embedder` also loads a
verified F16 copy of a quantized model (:mod:`app.kb.model_copy`): 36.8 chunks/s quiet.
Tokenizing (0.05 ms a chunk) and filling the batch (0.09 ms) are too small to overlap.
"""

from __future__ import annotations

import ctypes
import queue
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

import numpy as np

from app.engines.llamacpp import default_threads

if TYPE_CHECKING:
    import sqlite_utils

#: What an embedder returns: one row per text (numpy or nested sequences).
Vectors: TypeAlias = "Sequence[Sequence[float]] | np.ndarray"


@runtime_checkable
class SupportsEmbed(Protocol):
    """Any object with ``embed(texts) -> list[list[float]]`` (engine clients have one)."""

    def embed(self, texts: list[str]) -> Vectors: ...


@runtime_checkable
class Embedder(Protocol):
    """What the knowledge base needs from an embedding model."""

    #: Identifies the model; vectors are stored with it so a change is noticed.
    name: str

    def embed(self, texts: list[str]) -> Vectors: ...


class EngineEmbedder:
    """Adapts any object with an ``embed`` method (Ollama, OpenAI-compatible clients)."""

    def __init__(self, client: SupportsEmbed, name: str, batch_size: int = 64) -> None:
        self.client = client
        self.name = name
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors for ``texts``, requested ``batch_size`` at a time."""
        parts = [
            np.asarray(self.client.embed(list(texts[i : i + self.batch_size])), np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)


def as_embedder(obj: SupportsEmbed, name: str | None = None) -> Embedder:
    """``obj`` itself when it is already an Embedder, else an :class:`EngineEmbedder`."""
    if isinstance(obj, Embedder) and name is None:
        return obj
    label = name or getattr(obj, "model", None) or type(obj).__name__
    return EngineEmbedder(obj, str(label))


@dataclass
class _Slot:
    """One llama.cpp context with its batch: a worker decodes through one at a time."""

    ctx: Any  # llama_cpp._internals.LlamaContext
    batch: Any  # llama_cpp._internals.LlamaBatch


class LlamaCppEmbedder:
    """A GGUF embedding model in-process, batched; vectors are L2-normalised float32.

    ``n_threads`` (default: one per core) is split between ``workers`` contexts
    (default: as many as threads, so each decodes single-threaded); ``name`` is what
    vectors are stored under (default: the file's name).
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        n_threads: int | None = None,
        workers: int | None = None,
        ubatch_tokens: int = 256,
        max_tokens: int | None = None,
        flash_attn: bool = True,
        name: str | None = None,
    ) -> None:
        from llama_cpp import Llama

        self.model_path = Path(model_path)
        self.name = name or self.model_path.name
        threads = n_threads or default_threads()
        self.workers = max(1, min(workers or threads, threads))
        self.threads_per_worker = max(1, threads // self.workers)
        self._llm = Llama(
            model_path=str(self.model_path), embedding=True, n_ctx=ubatch_tokens,
            n_batch=ubatch_tokens, n_ubatch=ubatch_tokens, n_threads=self.threads_per_worker,
            n_threads_batch=self.threads_per_worker, flash_attn=flash_attn, verbose=False,
        )
        self.ubatch_tokens = ubatch_tokens
        train_ctx = self._llm._model.n_ctx_train()
        self.max_tokens = min(max_tokens or train_ctx, train_ctx, ubatch_tokens)
        self.dims = self._llm.n_embd()
        self._slots: queue.SimpleQueue[_Slot] = queue.SimpleQueue()
        self._extra = [self._new_slot() for _ in range(self.workers - 1)]
        for slot in [_Slot(self._llm._ctx, self._llm._batch), *self._extra]:
            self._slots.put(slot)
        self._pool = (ThreadPoolExecutor(self.workers, thread_name_prefix="hearth-embed")
                      if self.workers > 1 else None)
        #: True once :meth:`close` freed the model; ``embed`` then refuses
        self.closed = False

    def _new_slot(self) -> _Slot:
        """Another context on the same weights (llama.cpp shares the model between them)."""
        from llama_cpp._internals import LlamaBatch, LlamaContext

        ctx = LlamaContext(model=self._llm._model, params=self._llm.context_params,
                           verbose=False)
        batch = LlamaBatch(n_tokens=self.ubatch_tokens, embd=0, n_seq_max=1, verbose=False)
        return _Slot(ctx, batch)

    def tokenize(self, text: str) -> list[int]:
        """The model's tokens for ``text``, truncated to what it can embed."""
        tokens = self._llm.tokenize(text.encode("utf-8", "replace"), add_bos=True)
        if len(tokens) > self.max_tokens:
            tokens = tokens[: self.max_tokens - 1] + tokens[-1:]
        return tokens

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""
        if self.closed:
            raise RuntimeError("This embedding model was closed; load it again to embed.")
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        jobs = [(row, self.tokenize(text)) for row, text in enumerate(texts)]
        if self._pool is None or len(jobs) == 1:
            for job in jobs:
                self._decode(job, out)
        else:
            list(self._pool.map(lambda job: self._decode(job, out), jobs))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def _decode(self, job: tuple[int, list[int]], out: np.ndarray) -> None:
        """Decode one text in a free context and copy its pooled vector into ``out``."""
        import llama_cpp

        row, tokens = job
        slot = self._slots.get()
        try:
            slot.batch.reset()
            slot.batch.add_sequence(tokens, 0, True)
            slot.ctx.kv_cache_clear()
            slot.ctx.decode(slot.batch)  # ctypes lets go of the GIL: workers run in parallel
            pointer = llama_cpp.llama_get_embeddings_seq(slot.ctx.ctx, 0)
            if not pointer:
                raise RuntimeError("The embedding model returned no pooled vector.")
            floats = ctypes.cast(pointer, ctypes.POINTER(ctypes.c_float))
            out[row] = np.ctypeslib.as_array(floats, shape=(self.dims,))
        finally:
            slot.batch.reset()
            self._slots.put(slot)

    def close(self) -> None:
        """Stop the workers and free the contexts and the model (again: nothing)."""
        if self.closed:
            return
        self.closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        for slot in self._extra:
            slot.batch.close()
            slot.ctx.close()
        self._extra = []
        self._llm.close()


def load_embedder(model_path: str | Path, **options: Any) -> LlamaCppEmbedder:
    """The GGUF embedding model at ``model_path``, from its verified F16 copy when it has one.

    The copy is made (once, into Hearth's data folder) on first use; vectors keep the
    original file's name, so a knowledge base indexed with either needs no re-embedding.
    """
    from app.kb.model_copy import prepared_copy

    source = Path(model_path)
    copy = prepared_copy(source)
    return LlamaCppEmbedder(copy or source, name=options.pop("name", source.name), **options)


MODEL_PATH_KEY = "embedding_model_path"


def configured_model_path(db: sqlite_utils.Database) -> str | None:
    """The path of the GGUF embedding model the user chose for the knowledge base, or None.

    Raises FileNotFoundError with advice when the chosen file has gone.
    """
    from app.kb.index import get_state

    path = get_state(db, MODEL_PATH_KEY)
    if path and not Path(path).is_file():
        raise FileNotFoundError(
            f"The knowledge base's embedding model {path} is missing. Choose another with "
            "`hearth kb model PATH`, or `hearth kb model --none` for full-text search only."
        )
    return path or None


def configured_embedder(db: sqlite_utils.Database) -> LlamaCppEmbedder | None:
    """The GGUF embedding model the user chose for the knowledge base, loaded; or None.

    Raises FileNotFoundError with advice when the chosen file has gone.
    """
    path = configured_model_path(db)
    return load_embedder(path) if path else None


@contextmanager
def opened_configured_embedder(db: sqlite_utils.Database) -> Iterator[LlamaCppEmbedder | None]:
    """:func:`configured_embedder` for one indexing run, closed when the run ends (its
    contexts and worker threads are freed even when the run fails)."""
    embedder = configured_embedder(db)
    try:
        yield embedder
    finally:
        if embedder is not None:
            embedder.close()
