"""Embedders: anything with ``embed(texts) -> list of vectors``, plus a fast llama.cpp one.

The knowledge base only needs :class:`Embedder`: a name (stored with each vector, so a
change of model is noticed), and ``embed``. Engine clients (Ollama's embed API, an
OpenAI-compatible ``/v1/embeddings``) already have ``embed(texts)``;
:func:`as_embedder` wraps them.

:class:`LlamaCppEmbedder` runs a GGUF embedding model in-process. llama-cpp-python's
``Llama.embed`` tokenizes and copies every vector into Python lists and, batched, packs
up to ``n_batch`` tokens of many sequences into one non-causal ubatch, where attention
grows with the square of the ubatch. This one packs sequences into ubatches of a measured
size, decodes them with every thread, and reads the pooled vectors straight into numpy.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class SupportsEmbed(Protocol):
    """Any object with ``embed(texts) -> list[list[float]]`` (engine clients have one)."""

    def embed(self, texts: list[str]) -> Sequence[Sequence[float]]: ...


@runtime_checkable
class Embedder(Protocol):
    """What the knowledge base needs from an embedding model."""

    #: Identifies the model; vectors are stored with it so a change is noticed.
    name: str

    def embed(self, texts: list[str]) -> Sequence[Sequence[float]]: ...


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


def default_threads() -> int:
    """One thread per core this process may use (llama.cpp's best on small models)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class LlamaCppEmbedder:
    """A GGUF embedding model in-process, batched; vectors are L2-normalised float32."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        n_threads: int | None = None,
        ubatch_tokens: int = 256,
        max_tokens: int | None = None,
        flash_attn: bool = True,
    ) -> None:
        from llama_cpp import Llama

        self.model_path = Path(model_path)
        self.name = self.model_path.name
        threads = n_threads or default_threads()
        self._llm = Llama(
            model_path=str(self.model_path), embedding=True, n_ctx=ubatch_tokens,
            n_batch=ubatch_tokens, n_ubatch=ubatch_tokens, n_threads=threads,
            n_threads_batch=threads, flash_attn=flash_attn, verbose=False,
        )
        self.ubatch_tokens = ubatch_tokens
        train_ctx = self._llm._model.n_ctx_train()
        self.max_tokens = min(max_tokens or train_ctx, train_ctx, ubatch_tokens)
        self.dims = self._llm.n_embd()
        self.n_seq_max = self._llm.context_params.n_seq_max

    def tokenize(self, text: str) -> list[int]:
        """The model's tokens for ``text``, truncated to what it can embed."""
        tokens = self._llm.tokenize(text.encode("utf-8", "replace"), add_bos=True)
        if len(tokens) > self.max_tokens:
            tokens = tokens[: self.max_tokens - 1] + tokens[-1:]
        return tokens

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        group: list[tuple[int, list[int]]] = []
        used = 0
        for i, text in enumerate(texts):
            tokens = self.tokenize(text)
            if group and (used + len(tokens) > self.ubatch_tokens or len(group) >= self.n_seq_max):
                self._decode(group, out)
                group, used = [], 0
            group.append((i, tokens))
            used += len(tokens)
        if group:
            self._decode(group, out)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def _decode(self, group: list[tuple[int, list[int]]], out: np.ndarray) -> None:
        import llama_cpp

        batch = self._llm._batch
        batch.reset()
        for seq_id, (_, tokens) in enumerate(group):
            batch.add_sequence(tokens, seq_id, True)
        ctx = self._llm._ctx
        ctx.kv_cache_clear()
        ctx.decode(batch)
        for seq_id, (row, _) in enumerate(group):
            pointer = llama_cpp.llama_get_embeddings_seq(ctx.ctx, seq_id)
            if not pointer:
                raise RuntimeError("The embedding model returned no pooled vector.")
            array = ctypes.cast(pointer, ctypes.POINTER(ctypes.c_float * self.dims)).contents
            out[row] = np.frombuffer(array, dtype=np.float32, count=self.dims)
        batch.reset()

    def close(self) -> None:
        """Free the model."""
        self._llm.close()


MODEL_PATH_KEY = "embedding_model_path"


def configured_embedder(db) -> LlamaCppEmbedder | None:
    """The GGUF embedding model the user chose for the knowledge base, loaded; or None.

    Raises FileNotFoundError with advice when the chosen file has gone.
    """
    from app.kb.index import get_state

    path = get_state(db, MODEL_PATH_KEY)
    if not path:
        return None
    if not Path(path).is_file():
        raise FileNotFoundError(
            f"The knowledge base's embedding model {path} is missing. Choose another with "
            "`hearth kb model PATH`, or `hearth kb model --none` for full-text search only."
        )
    return LlamaCppEmbedder(path)
