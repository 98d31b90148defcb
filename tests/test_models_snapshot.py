"""Folder pulls for the GPU engines against a 127.0.0.1 server that follows the hubs' APIs.

The weights are real safetensors files written by the ``safetensors`` library; the server
answers Hugging Face's revision and tree APIs (paged) and ModelScope's files API, serves
files at commit-pinned /resolve/ URLs, and drops connections or lies about a checksum on
demand. Each case ends with a verified folder under its final name, or a clear error and
no folder under it.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save as save_safetensors

from app.models.catalog import FolderTarget, resolve_pull
from app.models.download import ChecksumMismatchError, NoSpaceError, NotFoundError
from app.models.gguf_meta import InvalidModelError
from app.models.library import Library
from app.models.pull import interrupted_bytes, pull
from app.models.snapshot import (
    MANIFEST,
    NotAModelFolderError,
    RepoFile,
    check_safetensors,
    git_blob_oid,
    select_files,
)
from tests.hub_server import HubServer, git_oid

REPO = "hearth-test/Tiny-Instruct-AWQ"
MB = 2**20

CONFIG = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 256,
          "num_attention_heads": 4, "num_key_value_heads": 2, "num_hidden_layers": 2,
          "max_position_embeddings": 4096, "torch_dtype": "float16",
          "quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 128}}


def shard(seed: int, n_values: int) -> bytes:
    rng = np.random.default_rng(seed)
    tensors = {f"model.layers.{seed}.mlp.weight": rng.standard_normal(n_values).astype(np.float16),
               f"model.layers.{seed}.norm.weight": np.ones(256, dtype=np.float32)}
    return save_safetensors(tensors, metadata={"format": "pt"})


@pytest.fixture(scope="module")
def repo_files() -> dict[str, bytes]:
    one, two = shard(0, 1_200_000), shard(1, 800_000)
    index = {"metadata": {"total_size": len(one) + len(two)}, "weight_map": {
        "model.layers.0.mlp.weight": "model-00001-of-00002.safetensors",
        "model.layers.0.norm.weight": "model-00001-of-00002.safetensors",
        "model.layers.1.mlp.weight": "model-00002-of-00002.safetensors",
        "model.layers.1.norm.weight": "model-00002-of-00002.safetensors"}}
    return {
        "config.json": json.dumps(CONFIG).encode(),
        "generation_config.json": b'{"do_sample": true, "temperature": 0.7}',
        "tokenizer.json": json.dumps({"version": "1.0", "model": {
            "type": "BPE", "vocab": {f"t{i}": i for i in range(3000)}}}).encode(),
        "tokenizer_config.json": b'{"model_max_length": 4096}',
        "model-00001-of-00002.safetensors": one,
        "model-00002-of-00002.safetensors": two,
        "model.safetensors.index.json": json.dumps(index).encode(),
        "pytorch_model.bin": b"\x80\x02 a pickle duplicate of the weights" * 1000,
        "README.md": b"# Tiny\n",
        ".gitattributes": b"*.safetensors filter=lfs diff=lfs merge=lfs -text\n",
        "original/consolidated.pth": b"not wanted",
    }


WANTED = ["config.json", "generation_config.json", "model-00001-of-00002.safetensors",
          "model-00002-of-00002.safetensors", "model.safetensors.index.json", "tokenizer.json",
          "tokenizer_config.json"]


@pytest.fixture
def hub(monkeypatch):
    with HubServer(page_size=4) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HEARTH_ENDPOINT_HF_MIRROR", "http://127.0.0.1:9")
        monkeypatch.setenv("HEARTH_ENDPOINT_MODELSCOPE", server.url)
        yield server


def fast(**options):
    return {"backoff_s": 0.05, "stall_timeout_s": 5.0, **options}


def folder_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


# the pieces ------------------------------------------------------------------------------


def test_select_files_keeps_what_engines_load_and_drops_duplicates():
    files = [RepoFile(p) for p in ["config.json", "model.safetensors", "pytorch_model.bin",
                                   "tokenizer.json", "README.md", "original/params.json",
                                   "qwen.tiktoken", "flax_model.msgpack"]]
    assert [f.path for f in select_files(files, "r")] == [
        "config.json", "qwen.tiktoken", "tokenizer.json", "model.safetensors"]
    legacy = [RepoFile("config.json"), RepoFile("pytorch_model.bin")]
    assert [f.path for f in select_files(legacy, "r")] == ["config.json", "pytorch_model.bin"]
    with pytest.raises(NotAModelFolderError, match="no config.json.*owner/repo/file.gguf"):
        select_files([RepoFile("model-Q4_K_M.gguf")], "r")
    with pytest.raises(NotAModelFolderError, match="no \\*.safetensors"):
        select_files([RepoFile("config.json"), RepoFile("model-Q4_K_M.gguf")], "r")


def test_safetensors_header_check(tmp_path, repo_files):
    good = tmp_path / "model.safetensors"
    good.write_bytes(repo_files["model-00002-of-00002.safetensors"])
    check_safetensors(good)
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes(good.read_bytes()[:-100])
    with pytest.raises(InvalidModelError, match="cut short or damaged"):
        check_safetensors(cut)
    huge = tmp_path / "huge.safetensors"
    huge.write_bytes((2**40).to_bytes(8, "little") + b"{}")
    with pytest.raises(InvalidModelError, match="header in a"):
        check_safetensors(huge)
    not_json = tmp_path / "html.safetensors"
    not_json.write_bytes((20).to_bytes(8, "little") + b"<html>not json</html>")
    with pytest.raises(InvalidModelError, match="not a JSON object"):
        check_safetensors(not_json)
    assert git_blob_oid(good) == git_oid(good.read_bytes())


def test_owner_repo_and_catalog_folders_resolve_to_folder_targets():
    target = resolve_pull("Qwen/Qwen2.5-1.5B-Instruct@abc123")
    assert isinstance(target, FolderTarget)
    assert (target.name, target.folder_name) == ("qwen2.5-1.5b-instruct",
                                                 "Qwen--Qwen2.5-1.5B-Instruct")
    assert target.sources["huggingface"].revision == "abc123"
    awq = resolve_pull("qwen2.5-7b-instruct-awq")
    assert isinstance(awq, FolderTarget) and awq.entry.format == "awq"
    assert {hub: s.repo for hub, s in awq.sources.items()} == {
        hub: s.repo for hub, s in awq.entry.sources.items()}
    assert all(s.file is None for s in awq.sources.values())


# whole pulls ---------------------------------------------------------------------------


def test_folder_pull_lands_verified_in_the_library(hub, db, repo_files, hearth_home):
    hub.add_repo(REPO, repo_files, dirs=("original",))
    events: list = []
    model = pull(db, REPO, on_event=events.append, **fast())
    folder = hearth_home / "models" / "hearth-test--Tiny-Instruct-AWQ"
    assert Path(model.path) == folder.resolve()
    assert folder_files(folder) == sorted([*WANTED, MANIFEST])
    for name in WANTED:
        assert (folder / name).read_bytes() == repo_files[name]
    assert not (hearth_home / "models" / "hearth-test--Tiny-Instruct-AWQ.partial").exists()
    assert (model.format, model.quantization, model.architecture) == (
        "hf-folder", "awq", "Qwen2ForCausalLM")
    assert (model.n_layers, model.n_head_kv, model.head_dim, model.context_length) == (
        2, 2, 64, 4096)
    assert model.size_bytes == sum(len(repo_files[n]) for n in WANTED)
    assert model.ref().format == "hf"  # what the engine selector calls a folder
    manifest = json.loads((folder / MANIFEST).read_text())
    commit = hub.repos[REPO].commit
    assert manifest["commit"] == commit and model.origin == f"{REPO}@{commit}"
    shard_row = next(f for f in manifest["files"] if f["path"].startswith("model-00001"))
    assert shard_row["sha256"] == hashlib.sha256(
        repo_files["model-00001-of-00002.safetensors"]).hexdigest()
    assert shard_row["sha256_source"] == "hub"
    # every file came from the pinned commit; the tree was read in pages
    assert all(f"/resolve/{commit}/" in path for path in hub.file_requests())
    assert hub.tree_pages == 3
    stages = [e.stage for e in events if hasattr(e, "stage")]
    assert stages[0] == "listing" and stages[-1] == "done"
    assert stages.count("file-done") == len(WANTED)
    progress = [e for e in events if hasattr(e, "done")]
    assert progress[-1].done == progress[-1].total == model.size_bytes
    assert [m.name for m in Library(db).list() if m.format == "hf-folder"] == [
        "tiny-instruct-awq"]
    on_disk = model.size_bytes + (folder / MANIFEST).stat().st_size
    assert Library(db).delete("tiny-instruct-awq") == on_disk and not folder.exists()


def test_dropped_connection_mid_file_resumes(hub, db, repo_files):
    shard1 = "model-00001-of-00002.safetensors"
    hub.add_repo(REPO, repo_files, **{shard1: {"drop_at": [1 * MB, int(1.5 * MB)]}})
    model = pull(db, REPO, **fast())
    assert (Path(model.path) / shard1).read_bytes() == repo_files[shard1]
    ranges = [r.range for r in hub.requests if r.path.endswith(shard1)]
    assert ranges[0] is None and ranges[1] == f"bytes={1 * MB}-"
    assert ranges[2] == f"bytes={int(1.5 * MB)}-"


def test_wrong_sha256_is_refused_and_the_rest_is_kept_for_the_retry(hub, db, repo_files,
                                                                    hearth_home):
    repo = hub.add_repo(REPO, repo_files)
    shard2 = "model-00002-of-00002.safetensors"
    repo.lfs_overrides[shard2] = "0" * 64
    with pytest.raises(ChecksumMismatchError, match="damaged.*removed"):
        pull(db, REPO, **fast())
    models = hearth_home / "models"
    assert not (models / "hearth-test--Tiny-Instruct-AWQ").exists()
    partial = models / "hearth-test--Tiny-Instruct-AWQ.partial"
    assert not (partial / shard2).exists() and not (partial / (shard2 + ".part")).exists()
    assert (partial / "model-00001-of-00002.safetensors").exists()
    assert Library(db).get("tiny-instruct-awq") is None
    assert interrupted_bytes(REPO) > MB

    del repo.lfs_overrides[shard2]
    before = len(hub.requests)
    model = pull(db, REPO, **fast())
    again = [r.path.rsplit("/", 1)[-1] for r in hub.requests[before:]]
    assert again == [shard2]  # the files verified the first time are not fetched again
    assert (Path(model.path) / shard2).read_bytes() == repo_files[shard2]


def test_a_damaged_safetensors_header_is_refused(hub, db, repo_files):
    bad = bytearray(repo_files["model-00002-of-00002.safetensors"])
    bad[0:8] = (len(bad) * 2).to_bytes(8, "little")  # header longer than the file
    hub.add_repo(REPO, {**repo_files, "model-00002-of-00002.safetensors": bytes(bad)})
    with pytest.raises(Exception, match="header in a") as raised:
        pull(db, REPO, **fast())
    assert "removed" in str(raised.value)
    assert Library(db).get("tiny-instruct-awq") is None


def test_a_small_file_that_does_not_match_its_git_id_is_refused(hub, db, repo_files):
    repo = hub.add_repo(REPO, repo_files)
    repo.served["config.json"].flip_byte_at = 3
    with pytest.raises(Exception, match="config.json does not match the hub's git id"):
        pull(db, REPO, **fast())


def test_not_enough_space_for_the_whole_set_is_refused_first(hub, db, repo_files):
    repo = hub.add_repo(REPO, repo_files)
    repo.size_overrides["model-00002-of-00002.safetensors"] = 2**50  # a petabyte shard
    with pytest.raises(NoSpaceError, match="7 files need.*MB free"):
        pull(db, REPO, **fast())
    assert hub.file_requests() == []  # refused before any file was fetched


def test_missing_repo_revision_and_gguf_repo_say_why(hub, db, repo_files):
    with pytest.raises(NotFoundError, match="has no model hearth-test/Nope"):
        pull(db, "hearth-test/Nope", **fast())
    hub.add_repo(REPO, repo_files)
    with pytest.raises(NotFoundError, match="no such revision"):
        pull(db, REPO + "@v9", **fast())
    hub.add_repo("hearth-test/Only-GGUF", {"model-Q4_K_M.gguf": b"GGUF" + b"\0" * 100})
    with pytest.raises(NotAModelFolderError, match="owner/repo/file.gguf"):
        pull(db, "hearth-test/Only-GGUF", **fast())


def test_catalog_folder_entry_through_modelscope(hub, db, repo_files, tmp_path, monkeypatch):
    catalog = json.loads((Path(__file__).parents[1] / "resources" / "catalog.json").read_text())
    entry = {**next(m for m in catalog["models"] if m["format"] == "awq"),
             "name": "tiny-test-awq", "sources": {"modelscope": {"repo": REPO}}}
    catalog["models"].append(entry)
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    monkeypatch.setenv("HEARTH_CATALOG", str(tmp_path / "catalog.json"))
    hub.add_modelscope_repo(REPO, repo_files, dirs=("original",))
    model = pull(db, "tiny-test-awq", endpoint="modelscope", **fast())
    assert model.source == "modelscope" and model.catalog_name == "tiny-test-awq"
    assert folder_files(Path(model.path)) == sorted([*WANTED, MANIFEST])
    assert any("/api/v1/models/" in path and "Recursive=true" in path
               for path, _ in hub.requests_api)


def test_killed_cli_folder_pull_resumes_after_restart(hub, repo_files, hearth_home):
    shard1 = "model-00001-of-00002.safetensors"
    hub.add_repo(REPO, repo_files, **{shard1: {"rate_bps": 1 * MB}})
    env = {**os.environ, "HF_ENDPOINT": hub.url, "HEARTH_ENDPOINT_HF_MIRROR": "http://127.0.0.1:9",
           "HEARTH_ENDPOINT_MODELSCOPE": "http://127.0.0.1:9"}
    partial = hearth_home / "models" / "hearth-test--Tiny-Instruct-AWQ.partial"
    child = subprocess.Popen([sys.executable, "-m", "app", "models", "pull", REPO], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        part = partial / (shard1 + ".part")
        while not (part.exists() and part.stat().st_size >= MB // 2):
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    kept = part.stat().st_size
    hub.repos[REPO].served[shard1].rate_bps = None
    done = subprocess.run([sys.executable, "-m", "app", "models", "pull", REPO], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Resuming at" in done.stderr and "tiny-instruct-awq is ready" in done.stdout
    resumed = [r.range for r in hub.requests if r.path.endswith(shard1)][-1]
    assert resumed and int(resumed[6:-1]) >= kept
    folder = hearth_home / "models" / "hearth-test--Tiny-Instruct-AWQ"
    assert (folder / shard1).read_bytes() == repo_files[shard1] and not partial.exists()
    listed = subprocess.run([sys.executable, "-m", "app", "models", "list"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert "tiny-instruct-awq" in listed.stdout and "hf-folder" in listed.stdout
