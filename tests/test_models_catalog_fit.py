"""The catalog (schema-checked), pull targets and endpoints, and fit estimates."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace

import pytest

from app.models.catalog import (
    CatalogError,
    Source,
    UnknownModelError,
    get_entry,
    load_catalog,
    resolve_pull,
    resources_dir,
    search,
)
from app.models.download import endpoint_order, target_urls
from app.models.fit import Memory, Shape, estimate, fit_for_entry, fit_for_model, label_for


def test_catalog_validates_and_covers_the_families():
    catalog = load_catalog()
    chat = [e for e in catalog if e.kind == "chat" and e.format == "gguf"]
    assert {"qwen2.5", "qwen3", "llama3", "gemma3", "phi3", "phi4", "deepseek-r1",
            "smollm2"} <= {e.family for e in chat}
    sizes = sorted(e.parameters for e in chat if e.family != "smollm2")
    assert sizes[0] <= 0.7e9 and 12e9 <= sizes[-1] <= 15e9
    embedding = [e for e in catalog if e.kind == "embedding"]
    assert any("zh" in e.languages for e in embedding)
    assert get_entry("all-minilm-l6-v2").kind == "embedding"
    assert any(e.format in ("awq", "gptq") and "vllm" in e.engines for e in catalog)
    for entry in catalog:
        assert entry.sources, entry.name
        assert entry.sha256 is None or len(entry.sha256) == 64


def test_the_starters_checksum_is_the_real_files(smollm2_path):
    entry = get_entry("smollm2-135m-instruct")
    digest = hashlib.sha256(smollm2_path.read_bytes()).hexdigest()
    assert entry.sha256 == digest and entry.size_bytes == smollm2_path.stat().st_size
    assert entry.verified.confirms("sha256") and entry.verified.confirms("size")


def test_a_broken_catalog_is_refused_with_the_place_named(tmp_path):
    for name in ("catalog.json", "catalog.schema.json"):
        shutil.copy(resources_dir() / name, tmp_path / name)
    data = json.loads((tmp_path / "catalog.json").read_text())
    del data["models"][2]["license"]
    data["models"][3]["sha256"] = "not-a-checksum"
    (tmp_path / "catalog.json").write_text(json.dumps(data))
    with pytest.raises(CatalogError, match="models/"):
        load_catalog(tmp_path / "catalog.json")


def test_search_finds_chinese_embeddings_and_sorts_by_size():
    found = search("zh", kind="embedding")
    assert [e.name for e in found] == ["bge-m3"]
    qwen = search("qwen2.5 gguf")
    assert [e.size_bytes for e in qwen] == sorted(e.size_bytes for e in qwen)


def test_pull_targets_and_endpoint_order(monkeypatch):
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    target = resolve_pull("qwen2.5-0.5b-instruct")
    assert target_urls(target, endpoint_order("hf-mirror")) == [
        ("hf-mirror", "https://hf-mirror.com/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/"
                      "qwen2.5-0.5b-instruct-q4_k_m.gguf"),
        ("huggingface", "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/"
                        "qwen2.5-0.5b-instruct-q4_k_m.gguf"),
    ]  # no ModelScope copy: no public page showing one could be found
    both = replace(target, sources={**target.sources, "modelscope": Source(
        "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf")})
    assert target_urls(both, endpoint_order("modelscope"))[0] == (
        "modelscope", "https://www.modelscope.cn/models/Qwen/Qwen2.5-0.5B-Instruct-GGUF/"
                      "resolve/master/qwen2.5-0.5b-instruct-q4_k_m.gguf")
    pinned = resolve_pull("llama-3.1-8b-instruct")  # its checksum belongs to one upload
    assert target_urls(pinned, ["huggingface"]) == [
        ("huggingface", "https://huggingface.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF/resolve/"
                        "4f0c246f125fc7594238ebe7beb1435a8335f519/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf")]
    hub = resolve_pull("someone/Some-GGUF/sub/model-Q4_K_M.gguf@abc123")
    assert hub.name == "model-q4_k_m" and hub.sources["huggingface"].revision == "abc123"
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    assert target_urls(hub, endpoint_order("modelscope")) == [
        ("huggingface", "http://127.0.0.1:9/someone/Some-GGUF/resolve/abc123/sub/model-Q4_K_M.gguf"),
        ("hf-mirror", "https://hf-mirror.com/someone/Some-GGUF/resolve/abc123/sub/model-Q4_K_M.gguf"),
    ]


def test_pull_specs_that_cannot_be_pulled_say_why():
    with pytest.raises(UnknownModelError, match="owner/repo/file.gguf.*owner/repo for a model"):
        resolve_pull("not-a-model")
    with pytest.raises(UnknownModelError, match="not in the catalog"):
        resolve_pull("someone/repo/weights.bin")


def test_kv_cache_and_labels():
    llama8b = Shape(layers=32, kv_heads=8, head_dim=128)
    assert llama8b.kv_bytes(8192) == 2**30  # 1 GiB at 8k tokens in f16
    memory = Memory(ram_mb=16 * 1024)
    fit = estimate(int(4.92e9), 8192, shape=llama8b, memory=memory)
    assert fit.kv_cache_mb == 1024 and fit.label == "fits"
    assert estimate(int(4.92e9), 131072, shape=llama8b, memory=memory).label == "too large"
    assert label_for(90, 100) == "tight" and label_for(80, 100) == "fits"
    assert estimate(10**9, 4096, memory=memory, gpu=True).label == "needs a GPU"
    gpu = Memory(ram_mb=64 * 1024, vram_mb=8 * 1024)
    assert estimate(int(9e9), 4096, shape=Shape(48, 8, 128), memory=gpu, gpu=True).label == "too large"


def test_catalog_fit_is_capped_at_the_models_context():
    entry = get_entry("all-minilm-l6-v2")
    fit = fit_for_entry(entry, 32768, Memory(ram_mb=4096))
    assert fit.n_ctx == 512 and fit.label == "fits"


def test_measured_memory_after_a_real_load_is_shown_beside_the_estimate(db, smollm2_path):
    from app.models.library import Library
    from app.services.runtime import Runtime
    from app.settings import Settings

    runtime = Runtime(db, Settings(n_ctx=1024))
    try:
        report = runtime.ensure("smollm2-135m-instruct")
    finally:
        runtime.close()
    model = Library(db).get("smollm2-135m-instruct")
    assert model.measured_memory_mb == pytest.approx(report.memory_mb)
    assert model.measured_n_ctx == report.context_length == 1024
    fit = fit_for_model(model, 1024, Memory(ram_mb=8192))
    assert fit.measured_mb == model.measured_memory_mb
    assert "measured" in fit.describe() and "estimate" not in fit.label
    # SmolLM2's shape comes from its GGUF: 30 layers x 3 KV heads x 64
    assert fit.kv_cache_mb == pytest.approx(2 * 30 * 3 * 64 * 1024 * 2 / 2**20)


def test_pulling_the_starter_needs_no_network(db, smollm2_path):
    from app.models.pull import pull

    model = pull(db, "smollm2-135m-instruct", endpoint="huggingface")
    assert model.source == "builtin" and model.path == str(smollm2_path.resolve())


def test_speed_comes_from_this_machines_replies_and_marks_slow_models(db):
    """Decode speed ~ bandwidth / weights: measured from real reply timings of a model of
    at least 300 MB; a model that fits but would answer under 4 tokens/s is "too slow"."""
    import time

    from app.models.fit import cpu_bandwidth

    default = cpu_bandwidth(db)
    assert not default.measured and default.bytes_per_s > 0
    tiny = 98 * 2**20  # the starter: compute-bound, its replies only raise the default
    db.execute("INSERT INTO models (name, path, source, format, size_bytes, added_at) "
               "VALUES ('tiny', '/x/tiny.gguf', 'imported', 'gguf', ?, ?)", [tiny, time.time()])
    db.execute("INSERT INTO reply_timings (model, engine, tok_s, created_at) "
               "VALUES ('tiny', 'llama.cpp', 500.0, ?)", [time.time()])
    raised = cpu_bandwidth(db)
    assert not raised.measured and raised.bytes_per_s == pytest.approx(500.0 * tiny)
    size = 500 * 2**20
    db.execute("INSERT INTO models (name, path, source, format, size_bytes, added_at) "
               "VALUES ('mid', '/x/mid.gguf', 'imported', 'gguf', ?, ?)", [size, time.time()])
    for tok_s in (18.0, 20.0, 22.0):
        db.execute("INSERT INTO reply_timings (model, engine, tok_s, created_at) "
                   "VALUES ('mid', 'llama.cpp', ?, ?)", [tok_s, time.time()])
    measured = cpu_bandwidth(db)
    assert measured.measured and measured.bytes_per_s == pytest.approx(20.0 * size)
    roomy = Memory(ram_mb=64 * 1024)
    big = estimate(8 * 2**30, 4096, parameters=int(14e9), memory=roomy, bandwidth=measured)
    assert big.label == "too slow" and big.tok_s == pytest.approx(20.0 * size / (8 * 2**30))
    assert "tokens/s on this CPU (from your replies so far)" in big.describe()
    small = estimate(size, 4096, parameters=int(1e9), memory=roomy, bandwidth=measured)
    assert small.label == "fits" and small.tok_s == pytest.approx(20.0)
    gpu = estimate(size, 4096, memory=Memory(ram_mb=1e5, vram_mb=1e5), gpu=True,
                   bandwidth=measured)
    assert gpu.tok_s is None  # not estimated on a GPU
