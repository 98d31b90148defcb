"""The llama.cpp embedder and the F16 copy of its model, with the real MiniLM GGUF."""

from __future__ import annotations

import json

import numpy as np
import pytest
from gguf import GGMLQuantizationType, GGUFReader
from gguf.quants import dequantize

from app.kb import model_copy
from app.kb.embed import LlamaCppEmbedder, load_embedder
from app.kb.model_copy import file_sha256, make_copy, min_cosine, prepared_copy

TEXTS = [
    "Apple orchards are pruned in winter, before the buds open.",
    "机器学习是人工智能的一个分支。",
    "",
    "def add(a, b):\n    return a + b",
    " ".join(["The levee held back the flood on the river delta."] * 40),  # > 256 tokens
    "telescope mirror",
]


@pytest.fixture(scope="module")
def f16_copy(tmp_path_factory, embedding_model_path):
    """A real F16 copy of the MiniLM model and the record of its verification."""
    dest = tmp_path_factory.mktemp("copy") / "minilm.f16.gguf"
    record = make_copy(embedding_model_path, dest, file_sha256(embedding_model_path))
    return dest, record


def test_workers_and_batches_give_the_vectors_of_one_at_a_time(embedding_model_path):
    parallel = LlamaCppEmbedder(embedding_model_path, n_threads=2, workers=2)
    single = LlamaCppEmbedder(embedding_model_path, n_threads=1)
    try:
        assert parallel.workers == 2 and parallel.threads_per_worker == 1
        batched = parallel.embed(TEXTS * 3)
        alone = np.concatenate([single.embed([text]) for text in TEXTS])
    finally:
        parallel.close()
        single.close()
    assert batched.shape == (len(TEXTS) * 3, 384) and batched.dtype == np.float32
    np.testing.assert_array_equal(batched[: len(TEXTS)], alone)
    np.testing.assert_array_equal(batched[len(TEXTS) :], np.concatenate([alone, alone]))
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, rtol=1e-5)
    # different texts get different vectors; related ones are closer than unrelated ones
    assert batched[0] @ batched[5] < 0.9
    assert np.unique(batched[: len(TEXTS)].round(4), axis=0).shape[0] == len(TEXTS)


def test_long_text_is_truncated_not_refused(embedding_model_path):
    embedder = LlamaCppEmbedder(embedding_model_path, n_threads=1)
    try:
        tokens = embedder.tokenize(TEXTS[4])
        assert len(tokens) == embedder.max_tokens == 256
        assert embedder.embed([]).shape == (0, 384)
    finally:
        embedder.close()


def test_f16_copy_vectors_match_the_original(f16_copy, embedding_model_path):
    copy, record = f16_copy
    assert record.ok and record.reason == "verified"
    assert record.min_cosine >= model_copy.MIN_COSINE
    # texts the verification did not use, chunk-sized and query-sized
    chunks = [TEXTS[0], TEXTS[1], TEXTS[3], TEXTS[4], TEXTS[5], "how do rivers flood"]
    assert min_cosine(embedding_model_path, copy, chunks) >= 0.999


def test_f16_copy_holds_the_dequantized_weights(f16_copy, embedding_model_path):
    copy, _ = f16_copy
    source, dest = GGUFReader(embedding_model_path), GGUFReader(copy)
    assert [t.name for t in source.tensors] == [t.name for t in dest.tensors]
    by_name = {t.name: t for t in dest.tensors}
    quantized = 0
    for tensor in source.tensors:
        twin = by_name[tensor.name]
        assert list(twin.shape) == list(tensor.shape)
        if tensor.tensor_type == GGMLQuantizationType.F32:
            assert twin.tensor_type == GGMLQuantizationType.F32
            np.testing.assert_array_equal(twin.data, tensor.data)
        else:
            assert tensor.tensor_type == GGMLQuantizationType.Q8_0
            assert twin.tensor_type == GGMLQuantizationType.F16
            expected = dequantize(tensor.data, tensor.tensor_type).astype(np.float16)
            np.testing.assert_array_equal(twin.data, expected)
            quantized += 1
    assert quantized == 37
    assert dest.fields["general.file_type"].contents() == 1
    for key in ("general.architecture", "bert.block_count", "tokenizer.ggml.model",
                "bert.pooling_type"):
        assert dest.fields[key].contents() == source.fields[key].contents()
    assert len(dest.fields["tokenizer.ggml.tokens"].contents()) == 30522


def test_load_embedder_prepares_the_copy_once_and_keeps_the_name(
    embedding_model_path, hearth_home, monkeypatch
):
    embedder = load_embedder(embedding_model_path, n_threads=1)
    try:
        assert embedder.name == embedding_model_path.name
        assert embedder.model_path.parent == model_copy.copies_dir()
        assert embedder.model_path.name == f"{file_sha256(embedding_model_path)}.f16.gguf"
        vector = embedder.embed([TEXTS[0]])[0]
    finally:
        embedder.close()
    record = json.loads(embedder.model_path.with_name(
        embedder.model_path.name.replace(".f16.gguf", ".json")).read_text())
    assert record["ok"] and record["source"] == str(embedding_model_path)

    def no_second_conversion(*args):
        raise AssertionError("the copy was made again")

    monkeypatch.setattr(model_copy, "make_copy", no_second_conversion)
    assert prepared_copy(embedding_model_path) == embedder.model_path
    original = LlamaCppEmbedder(embedding_model_path, n_threads=1)
    try:
        assert float(original.embed([TEXTS[0]])[0] @ vector) >= 0.999
    finally:
        original.close()


def test_a_copy_whose_vectors_differ_is_discarded(embedding_model_path, hearth_home, monkeypatch):
    monkeypatch.setattr(model_copy, "MIN_COSINE", 1.0001)  # no copy can pass
    assert prepared_copy(embedding_model_path) is None
    folder = model_copy.copies_dir()
    assert list(folder.glob("*.gguf")) == [] and list(folder.glob("*.partial")) == []
    record = json.loads((folder / f"{file_sha256(embedding_model_path)}.json").read_text())
    assert record["ok"] is False and record["reason"] == "vectors differ"
    assert 0.999 <= record["min_cosine"] < 1.0001
    embedder = load_embedder(embedding_model_path, n_threads=1)
    try:
        assert embedder.model_path == embedding_model_path
    finally:
        embedder.close()


def test_an_f16_model_is_used_as_it_is(f16_copy, hearth_home):
    copy, _ = f16_copy
    assert prepared_copy(copy) is None
    record = json.loads((model_copy.copies_dir() / f"{file_sha256(copy)}.json").read_text())
    assert record["reason"] == "its weights are already F16 or F32"


def test_opened_configured_embedder_closes_the_model_after_the_run(embedding_model_path, db):
    from app.kb.embed import MODEL_PATH_KEY, opened_configured_embedder
    from app.kb.index import set_state

    set_state(db, MODEL_PATH_KEY, str(embedding_model_path))
    with pytest.raises(ValueError), opened_configured_embedder(db) as embedder:
        assert embedder.embed(["pruning apple trees"]).shape == (1, embedder.dims)
        raise ValueError("the run failed")
    assert embedder.closed
    with pytest.raises(RuntimeError, match="closed"):
        embedder.embed(["pruning apple trees"])
    embedder.close()  # a second close does nothing
