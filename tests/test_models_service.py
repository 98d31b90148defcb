"""app.services.models, the one door for models: imports, the library, the catalog, Ollama.

Real files (the SmolLM2 GGUF and copies of it), a real SQLite file, real child processes
for the checks; the CLI runs as a real process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.models.catalog import resolve_pull
from app.models.download import part_path
from app.models.library import Library
from app.paths import get_paths
from app.services import models as service
from tests.ollama_store_fixture import write_store_model


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _truncated(source: Path, target: Path, keep: int = 64 * 1024) -> Path:
    """A GGUF whose header is right but whose tensors run past the end of the file."""
    with source.open("rb") as src:
        target.write_bytes(src.read(keep))
    return target


def test_an_import_links_the_file_in_place_named_after_it(db, smollm2_path, tmp_path):
    mine = _copy(smollm2_path, tmp_path / "Tiny-Chat.gguf")
    model = service.import_gguf(mine)  # a connection of its own, as a window worker does
    assert (model.name, model.source, model.format) == ("tiny-chat", "import", "gguf")
    assert model.linked and model.path == str(mine.resolve()) and model.architecture == "llama"
    assert Library(db).get("tiny-chat") == model
    again = service.import_gguf(mine, library=Library(db))
    assert again.name == "tiny-chat"  # the same file again keeps its name, no "-2"
    assert [m.name for m in Library(db).list()].count("tiny-chat") == 1


def test_an_import_never_replaces_another_file_of_the_same_name(db, smollm2_path, tmp_path):
    first = service.import_gguf(_copy(smollm2_path, tmp_path / "a" / "Tiny-Chat.gguf"))
    second = service.import_gguf(_copy(smollm2_path, tmp_path / "b" / "Tiny-Chat.gguf"))
    assert (first.name, second.name) == ("tiny-chat", "tiny-chat-2")
    library = Library(db)
    assert library.get("tiny-chat").path == str((tmp_path / "a" / "Tiny-Chat.gguf").resolve())
    assert library.get("tiny-chat-2").path == str((tmp_path / "b" / "Tiny-Chat.gguf").resolve())


def test_an_import_by_copy_is_owned_and_checksummed(db, smollm2_path):
    model = service.import_gguf(smollm2_path, "owned-copy", copy=True)
    assert not model.linked and model.owned and len(model.sha256) == 64
    assert Path(model.path).parent == get_paths().models
    with service.open_library() as library:
        assert service.disk_usage(library).owned_bytes == smollm2_path.stat().st_size
        assert service.delete_model(library, "owned-copy") == smollm2_path.stat().st_size
    assert not Path(model.path).exists() and smollm2_path.exists()


def test_a_linked_import_never_takes_over_a_copy_of_the_same_file(db, smollm2_path, tmp_path):
    mine = _copy(smollm2_path, tmp_path / "Tiny-Chat.gguf")
    owned = service.import_gguf(mine, copy=True)
    linked = service.import_gguf(mine)
    assert (owned.name, linked.name) == ("tiny-chat", "tiny-chat-2")
    assert Library(db).get("tiny-chat").owned and Path(owned.path).exists()


@pytest.mark.parametrize("content", ["junk", "truncated"])
def test_a_bad_gguf_is_refused_with_a_reason_and_never_listed(db, smollm2_path, tmp_path,
                                                             content):
    bad = tmp_path / "broken.gguf"
    if content == "junk":
        bad.write_text("these are my notes, not a model")
    else:
        _truncated(smollm2_path, bad)
    before = [m.name for m in Library(db).list()]
    with pytest.raises(service.InvalidModelError) as refused:
        service.import_gguf(bad)
    assert "broken.gguf" in str(refused.value)
    assert [m.name for m in Library(db).list()] == before


def test_the_cli_import_refuses_a_bad_file_with_the_services_words(db, smollm2_path, tmp_path):
    bad = _truncated(smollm2_path, tmp_path / "broken.gguf")
    with pytest.raises(service.InvalidModelError) as refused:
        service.import_gguf(bad)
    done = subprocess.run([sys.executable, "-m", "app", "models", "import", str(bad)],
                          capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 1
    assert str(refused.value) in " ".join(done.stderr.split())  # click wraps nothing; spaces only

    good = _copy(smollm2_path, tmp_path / "Good-One.gguf")
    done = subprocess.run([sys.executable, "-m", "app", "models", "import", str(good)],
                          capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert "Imported good-one (llama, " in done.stdout
    row = Library(db).get("good-one")
    assert row.linked and row.source == "import" and row.path == str(good.resolve())


def test_the_library_lists_each_model_with_its_fit_and_the_disk_used(db, smollm2_path):
    found = service.installed(Library(db), n_ctx=2048)
    starter = next(row for row in found.models if row.model.name == service.STARTER_NAME)
    assert starter.fit.n_ctx == 2048 and starter.fit.label in ("fits", "tight", "too large")
    assert starter.fit.weights_mb > 50
    assert found.usage.linked_bytes == smollm2_path.stat().st_size
    assert found.usage.owned_bytes == 0
    with pytest.raises(service.ModelNotFoundError, match="no model called 'nope'"):
        service.find_model(Library(db), "nope")
    assert service.reveal_command(starter.model)[-1] in (str(smollm2_path),
                                                         str(smollm2_path.parent))


def test_the_catalog_comes_with_fit_and_what_a_paused_pull_kept(hearth_home):
    everything = service.catalog(n_ctx=2048, with_kept=True)
    names = [row.entry.name for row in everything]
    assert "smollm2-135m-instruct" in names and len(names) > 5
    assert all(row.fit.n_ctx == min(2048, row.entry.context_length) and row.kept_bytes == 0
               for row in everything)

    target = resolve_pull("smollm2-135m-instruct")
    part = part_path(get_paths().ensure().models / target.file_name)
    part.write_bytes(b"\0" * 12345)
    kept = {row.entry.name: row.kept_bytes for row in service.catalog(n_ctx=2048,
                                                                     with_kept=True)}
    assert kept["smollm2-135m-instruct"] == 12345

    found = service.catalog("smollm2", n_ctx=2048)
    assert found and all("smollm2" in row.entry.name for row in found)
    assert all(row.entry.kind == "embedding"
               for row in service.catalog("", kind="embedding", n_ctx=2048))


def test_ollama_store_models_are_picked_by_name_and_registered_in_place(db, smollm2_path,
                                                                       tmp_path):
    store = tmp_path / "ollama"
    write_store_model(store, "smol:latest", smollm2_path)
    scan = service.ollama_store(store)
    assert [m.name for m in scan.models] == ["smol:latest"]
    with pytest.raises(service.ModelNotFoundError, match="llama3.*Found: smol:latest"):
        service.pick_store_models(scan, ["llama3"])
    [picked] = service.pick_store_models(scan, ["smol"])
    row = service.register_ollama_model(picked, library=Library(db))
    assert row.source == "ollama" and row.linked and row.path == str(picked.blob.resolve())
    assert service.pick_store_models(scan, [], everything=True) == [picked]


def test_an_import_under_a_name_another_file_holds_is_refused(db, smollm2_path, tmp_path):
    service.import_gguf(_copy(smollm2_path, tmp_path / "a" / "first.gguf"), "mine")
    other = _copy(smollm2_path, tmp_path / "b" / "second.gguf")
    with pytest.raises(service.ModelNameTakenError, match="already a model called 'mine'"):
        service.import_gguf(other, "mine")
    assert Library(db).get("mine").path == str((tmp_path / "a" / "first.gguf").resolve())
    assert service.import_gguf(other, "mine-too").path == str(other.resolve())
