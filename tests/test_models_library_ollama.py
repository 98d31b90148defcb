"""Imports (linked or copied), delete and disk use; Ollama's store and its daemon's API."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from app.models.gguf_meta import InvalidModelError
from app.models.library import Library, reveal_argv
from app.models.ollama_store import (
    OllamaPullError,
    OllamaUnavailableError,
    daemon_models,
    daemon_pull,
    register_store_model,
    scan_store,
)
from app.paths import get_paths
from tests.ollama_store_fixture import OllamaDaemonStub, write_store_model


def test_import_linked_in_place_never_deletes_the_users_file(db, tmp_path, embedding_model_path):
    mine = tmp_path / "mine.gguf"
    mine.write_bytes(embedding_model_path.read_bytes())
    library = Library(db)
    model = library.import_file(mine, "mini")
    assert model.linked and model.path == str(mine.resolve()) and model.n_layers == 6
    assert library.delete("mini") == 0
    assert mine.exists() and library.get("mini") is None


def test_import_by_copy_owns_the_copy(db, embedding_model_path):
    library = Library(db)
    seen: list[tuple[int, int]] = []
    model = library.import_file(embedding_model_path, "mini", copy=True,
                                on_progress=lambda done, total: seen.append((done, total)))
    size = embedding_model_path.stat().st_size
    assert model.owned and model.path.startswith(str(get_paths().models))
    assert model.sha256 == hashlib.sha256(embedding_model_path.read_bytes()).hexdigest()
    assert seen[-1] == (size, size)
    usage = library.disk_usage()
    assert usage.owned_bytes == size and usage.linked_bytes > 0  # the starter is linked
    assert library.delete("mini") == size
    assert not os.path.exists(model.path) and embedding_model_path.exists()


def test_a_bad_file_is_never_imported(db, tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"<html>sign in</html>" + b" " * 100)
    with pytest.raises(InvalidModelError, match="web page"):
        Library(db).import_file(bad, copy=True)
    assert Library(db).get("bad") is None
    assert not get_paths().models.exists() or not any(get_paths().models.iterdir())


def test_reveal_points_the_file_manager_at_the_model(tmp_path):
    argv = reveal_argv(tmp_path / "x.gguf")
    assert argv[0] in ("xdg-open", "open", "explorer") and str(tmp_path) in " ".join(argv)


# Ollama's store on disk -----------------------------------------------------------------


@pytest.fixture
def store(tmp_path, embedding_model_path):
    root = tmp_path / "ollama-models"
    write_store_model(root, "all-minilm:l6-v2", embedding_model_path, template="{{ .Prompt }}")
    write_store_model(root, "someone/mini:latest", embedding_model_path)
    write_store_model(root, "hf.co/leliuga/all-MiniLM-L6-v2-GGUF:Q8_0", embedding_model_path)
    broken = root / "manifests/registry.ollama.ai/library/gone/7b"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"schemaVersion": 2, "layers": [{"mediaType": '
                      '"application/vnd.ollama.image.model", "digest": "sha256:' + "0" * 64 +
                      '", "size": 5}]}')
    return root


def test_store_scan_finds_models_by_their_ollama_names(store, embedding_model_path):
    scan = scan_store(store)
    assert sorted(m.name for m in scan.models) == [
        "all-minilm:l6-v2", "hf.co/leliuga/all-MiniLM-L6-v2-GGUF:Q8_0", "someone/mini:latest"]
    assert scan.skipped == [("registry.ollama.ai/library/gone/7b",
                             "weights blob sha256-" + "0" * 64 + " is missing; pull the model again")]
    model = next(m for m in scan.models if m.name == "all-minilm:l6-v2")
    assert model.blob.name.startswith("sha256-") and model.size == embedding_model_path.stat().st_size


def test_store_model_runs_in_place_without_a_copy(db, store, monkeypatch):
    monkeypatch.setenv("OLLAMA_MODELS", str(store))
    model = next(m for m in scan_store().models if m.name == "all-minilm:l6-v2")
    row = register_store_model(Library(db), model)
    assert row.name == "ollama/all-minilm:l6-v2" and row.path == str(model.blob.resolve())
    assert row.linked and row.source == "ollama" and row.architecture == "bert"
    assert not get_paths().models.exists() or not any(get_paths().models.iterdir())
    from app.engines.llamacpp import LlamaCppEngine

    engine = LlamaCppEngine()
    try:
        engine.load(Library(db).resolve(row.name), embedding=True)
        assert len(engine.embed(["hello"])[0]) == 384
    finally:
        engine.close()
    assert Library(db).delete(row.name) == 0 and model.blob.exists()


def test_store_blob_with_the_wrong_size_is_skipped(store):
    model = next(m for m in scan_store(store).models if m.name == "someone/mini:latest")
    with model.blob.open("r+b") as handle:
        handle.truncate(1000)
    scan = scan_store(store)
    # the three manifests share one blob (same digest), as in Ollama's store
    assert scan.models == []
    assert all("manifest says" in reason or "missing" in reason for _, reason in scan.skipped)


def test_cli_lists_the_store_when_the_daemon_is_down(store):
    env = {**os.environ, "OLLAMA_MODELS": str(store), "OLLAMA_HOST": "127.0.0.1:9"}
    done = subprocess.run([sys.executable, "-m", "app", "models", "ollama", "list"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "not answering" in done.stderr and "all-minilm:l6-v2" in done.stdout
    added = subprocess.run([sys.executable, "-m", "app", "models", "ollama", "import",
                            "all-minilm:l6-v2"], capture_output=True, text=True, env=env,
                           timeout=120)
    assert added.returncode == 0, added.stderr
    assert "linked to" in added.stdout


# the daemon, through the official client ----------------------------------------------------


def test_daemon_list_and_pull_with_progress(tmp_path, embedding_model_path):
    store = tmp_path / "daemon-store"
    with OllamaDaemonStub(store) as daemon:
        daemon.installed["qwen2.5:0.5b"] = embedding_model_path
        daemon.pullable["all-minilm:l6-v2"] = embedding_model_path
        listed = daemon_models(daemon.host)
        assert listed[0]["name"] == "qwen2.5:0.5b" and listed[0]["quantization"] == "Q8_0"
        events: list = []
        assert daemon_pull("all-minilm:l6-v2", events.append, host=daemon.host) == "success"
        fractions = [e.fraction for e in events if hasattr(e, "fraction")]
        assert fractions[-1] == 1.0 and fractions == sorted(fractions)
        assert daemon.requests[-1] == ("/api/pull", {"model": "all-minilm:l6-v2",
                                                     "insecure": False, "stream": True})
        assert [m.name for m in scan_store(store).models] == ["all-minilm:l6-v2"]
        with pytest.raises(OllamaPullError, match="file does not exist"):
            daemon_pull("no-such-model", host=daemon.host)


def test_daemon_down_says_what_to_do():
    with pytest.raises(OllamaUnavailableError, match="not answering"):
        daemon_models("http://127.0.0.1:9", timeout_s=1)
