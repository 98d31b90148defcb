"""Vision models' second file, the projector (llama.cpp's ``mmproj`` GGUF), in the catalog,
the library, imports, downloads and the fit estimate.

Real files: the SmolLM2 GGUF (embedding width 576) stands for the language model, and the
projectors are small real GGUF files written with ``gguf`` (``general.architecture`` clip,
the ``clip.*`` keys llama.cpp reads, one tiny tensor) — enough for everything here, which
reads headers and never runs the encoder (the lead's tests/projector.py builds a loadable
one). Real SQLite, real validation child processes, a real HTTP hub on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from gguf import GGUFWriter

from app.models.catalog import CatalogError, get_entry, load_catalog, resolve_pull, resources_dir
from app.models.download import DownloadCancelled, DownloadControl, DownloadError, part_path
from app.models.fit import Memory, VisionShape, estimate, fit_for_entry, fit_for_model
from app.models.gguf_meta import read_metadata
from app.models.library import Library
from app.models.pull import pull
from app.models.validate import validate_gguf
from app.services import models as service
from app.services.models import InvalidModelError, ProjectorMismatchError
from tests.hub_server import HubServer

SMOLLM2_WIDTH = 576
MEMORY = Memory(ram_mb=64_000)


def projector_gguf(path: Path, *, width: int = SMOLLM2_WIDTH, kind: str = "idefics3",
                   image_size: int = 512, patch_size: int = 16,
                   scale_factor: int | None = 4, vision: bool = True) -> Path:
    """A small real projector: the clip keys llama.cpp reads and one tiny tensor."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = GGUFWriter(str(path), "clip")
    writer.add_name("test projector")
    writer.add_string("clip.projector_type", kind)
    writer.add_bool("clip.has_vision_encoder", vision)
    writer.add_uint32("clip.vision.image_size", image_size)
    writer.add_uint32("clip.vision.patch_size", patch_size)
    writer.add_uint32("clip.vision.projection_dim", width)
    writer.add_uint32("clip.vision.embedding_length", 768)
    writer.add_uint32("clip.vision.attention.head_count", 12)
    writer.add_uint32("clip.vision.feed_forward_length", 3072)
    if scale_factor is not None:
        writer.add_uint32("clip.vision.projector.scale_factor", scale_factor)
    writer.add_tensor("mm.model.fc.weight", np.zeros((width, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def model_link(smollm2_path: Path, path: Path) -> Path:
    """The real SmolLM2 file under another name (a symbolic link: nothing is copied)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(smollm2_path, path)
    return path


# metadata and validation ----------------------------------------------------------------


def test_a_projectors_header_gives_its_width_and_the_tokens_an_image_takes(tmp_path):
    info = read_metadata(projector_gguf(tmp_path / "mmproj-x.gguf"))
    assert info.is_projector and info.projector_type == "idefics3"
    assert (info.projection_dim, info.image_size, info.patch_size) == (576, 512, 16)
    # (512 / 16)² = 1024 patches, shuffled 4 x 4 into one token: 64, as SmolVLM
    assert info.patches == 1024 and info.image_tokens == 64
    gemma = read_metadata(projector_gguf(tmp_path / "mmproj-g.gguf", kind="gemma3",
                                         image_size=896, patch_size=14, scale_factor=None))
    assert gemma.image_tokens == 256  # 4096 patches pooled 4 x 4
    unknown = read_metadata(projector_gguf(tmp_path / "mmproj-u.gguf", kind="newkind",
                                           image_size=224, patch_size=14, scale_factor=None))
    assert unknown.image_tokens == 256  # one token per patch: never counted low


def test_a_projector_is_checked_in_the_child_and_refused_where_a_model_is_expected(tmp_path):
    path = projector_gguf(tmp_path / "mmproj-SmolVLM-256M-Instruct-f16.gguf")
    assert validate_gguf(path, projector=True).projection_dim == 576
    with pytest.raises(InvalidModelError, match="vision projector, not a model"):
        validate_gguf(path)  # the default: a language model
    no_encoder = projector_gguf(tmp_path / "mmproj-audio.gguf", vision=False)
    with pytest.raises(InvalidModelError, match="without a vision encoder"):
        validate_gguf(no_encoder, projector=True)


def test_a_language_model_given_as_a_projector_is_refused(smollm2_path):
    with pytest.raises(InvalidModelError, match="not a vision projector"):
        validate_gguf(smollm2_path, projector=True)


# import ------------------------------------------------------------------------------------


def test_a_model_and_its_projector_imported_together(db, smollm2_path, tmp_path):
    model_path = model_link(smollm2_path, tmp_path / "a" / "SmolVLM-256M-Instruct-Q8_0.gguf")
    projector = projector_gguf(tmp_path / "b" / "mmproj-SmolVLM-256M-Instruct-f16.gguf")
    model = service.import_gguf(model_path, projector=projector, library=Library(db))
    assert model.projector == projector.resolve() and model.vision
    assert model.embedding_length == 576 and model.image_tokens == 64
    assert model.projector_linked == 1 and not model.owns_projector  # the user's file
    ref = Library(db).resolve(model.name)
    assert ref.projector == projector.resolve()  # what the runtime hands llama.cpp


def test_the_two_files_may_come_in_either_order(db, smollm2_path, tmp_path):
    model_path = model_link(smollm2_path, tmp_path / "SmolVLM-500M-Instruct-Q8_0.gguf")
    projector = projector_gguf(tmp_path / "p" / "mmproj-SmolVLM-500M-Instruct-Q8_0.gguf")
    model = service.import_gguf(projector, projector=model_path, library=Library(db))
    assert model.name == "smolvlm-500m-instruct-q8_0" and model.projector == projector.resolve()


def test_a_projector_beside_the_model_is_found(db, smollm2_path, tmp_path):
    model_path = model_link(smollm2_path, tmp_path / "vlm" / "SmolVLM-256M-Instruct-Q8_0.gguf")
    beside = projector_gguf(tmp_path / "vlm" / "mmproj-SmolVLM-256M-Instruct-Q8_0.gguf")
    projector_gguf(tmp_path / "vlm" / "mmproj-other-model-f16.gguf", width=1024)  # not its width
    model = service.import_gguf(model_path, library=Library(db))
    assert model.projector == beside.resolve()


def test_a_text_model_without_a_projector_beside_stays_text_only(db, smollm2_path, tmp_path):
    model_path = model_link(smollm2_path, tmp_path / "text" / "Plain-Chat.gguf")
    projector_gguf(tmp_path / "text" / "mmproj-wide-f16.gguf", width=2048)
    model = service.import_gguf(model_path, library=Library(db))
    assert model.projector is None and not model.vision and model.ref().projector is None


def test_a_projector_whose_width_differs_is_refused_with_both_numbers(db, smollm2_path,
                                                                      tmp_path):
    model_path = model_link(smollm2_path, tmp_path / "Tiny-VLM.gguf")
    wide = projector_gguf(tmp_path / "mmproj-Tiny-VLM-f16.gguf", width=2048)
    with pytest.raises(ProjectorMismatchError) as caught:
        service.import_gguf(model_path, projector=wide, library=Library(db))
    assert "2048" in str(caught.value) and "576" in str(caught.value)
    assert Library(db).get("tiny-vlm") is None  # neither file was registered


def test_a_projector_alone_is_matched_to_the_installed_model_it_belongs_to(db, smollm2_path,
                                                                           tmp_path):
    library = Library(db)
    service.import_gguf(model_link(smollm2_path, tmp_path / "m" / "SmolVLM-256M-Instruct.gguf"),
                        library=library)
    service.import_gguf(model_link(smollm2_path, tmp_path / "m" / "Other-Chat.gguf"),
                        library=library)
    projector = projector_gguf(tmp_path / "d" / "mmproj-SmolVLM-256M-Instruct-f16.gguf")
    model = service.import_gguf(projector, library=library)
    assert model.name == "smolvlm-256m-instruct" and model.projector == projector.resolve()
    assert library.get("other-chat").projector is None


def test_a_projector_alone_that_fits_no_model_is_refused_with_a_reason(db, smollm2_path,
                                                                        tmp_path):
    projector = projector_gguf(tmp_path / "mmproj-Qwen2.5-VL-3B-Instruct-f16.gguf", width=2048)
    with pytest.raises(InvalidModelError) as caught:
        service.import_gguf(projector, library=Library(db))
    text = str(caught.value)
    assert "is a vision projector, not a model: import it together with its language model" in text
    assert "2048" in text
    assert all(m.projector is None for m in Library(db).list())


def test_a_projector_alone_named_for_a_model_of_another_width_gives_both_numbers(
        db, smollm2_path, tmp_path):
    library = Library(db)
    service.import_gguf(model_link(smollm2_path, tmp_path / "SmolVLM-256M-Instruct.gguf"),
                        library=library)
    wrong = projector_gguf(tmp_path / "p" / "mmproj-SmolVLM-256M-Instruct-f16.gguf", width=960)
    with pytest.raises(ProjectorMismatchError) as caught:
        service.import_gguf(wrong, library=library)
    assert "960" in str(caught.value) and "576" in str(caught.value)
    assert library.get("smolvlm-256m-instruct").projector is None


def test_a_projector_for_a_named_model(db, smollm2_path, tmp_path):
    library = Library(db)
    service.import_gguf(model_link(smollm2_path, tmp_path / "Anything.gguf"), library=library)
    generic = projector_gguf(tmp_path / "p" / "mmproj-F16.gguf")  # a name that says nothing
    with pytest.raises(InvalidModelError, match="vision projector, not a model"):
        service.import_gguf(generic, library=library)
    model = service.import_gguf(generic, for_model="anything", library=library)
    assert model.projector == generic.resolve()


def test_files_dropped_together_are_paired(db, smollm2_path, tmp_path):
    model_path = model_link(smollm2_path, tmp_path / "drop" / "Seeing-Chat.gguf")
    projector = projector_gguf(tmp_path / "elsewhere" / "mmproj-F16.gguf")
    [model] = service.import_files([projector, model_path], library=Library(db))
    assert model.name == "seeing-chat" and model.projector == projector.resolve()


def test_a_copied_pair_is_owned_and_removed_together(db, smollm2_path, tmp_path, hearth_home):
    library = Library(db)
    projector = projector_gguf(tmp_path / "mmproj-F16.gguf")
    model = service.import_gguf(smollm2_path, "seeing-copy", copy=True, projector=projector,
                                library=library)
    kept = model.projector
    assert kept.parent == (hearth_home / "models").resolve() and model.owns_projector
    assert kept.name == f"mmproj-{smollm2_path.name}"  # generic names would collide
    assert len(model.projector_sha256) == 64
    usage = library.disk_usage()
    freed = service.delete_model(library, "seeing-copy")
    assert freed == model.size_bytes + model.projector_size
    assert not kept.exists() and not Path(model.path).exists()
    assert projector.exists()  # the user's own file is never touched
    assert library.disk_usage().owned_bytes == usage.owned_bytes - freed


def test_removing_a_model_leaves_a_linked_projector_alone(db, smollm2_path, tmp_path):
    library = Library(db)
    projector = projector_gguf(tmp_path / "mmproj-F16.gguf")
    service.import_gguf(smollm2_path, "seeing-linked", projector=projector, library=library)
    service.delete_model(library, "seeing-linked")
    assert projector.exists() and library.get("seeing-linked") is None


def test_the_cli_imports_two_files_and_refuses_a_projector_alone(smollm2_path, tmp_path,
                                                                  hearth_home):
    model_path = model_link(smollm2_path, tmp_path / "SmolVLM-256M-Instruct.gguf")
    projector = projector_gguf(tmp_path / "p" / "mmproj-SmolVLM-256M-Instruct-f16.gguf")
    env = {**os.environ, "HEARTH_HOME": str(hearth_home)}

    def hearth(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", "models", *args],
                              capture_output=True, text=True, env=env, timeout=120)

    lone = projector_gguf(tmp_path / "q" / "mmproj-Llava-13B-f16.gguf", width=5120)
    refused = hearth("import", str(lone))
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "vision projector, not a model" in refused.stderr
    done = hearth("import", str(model_path), str(projector))
    assert done.returncode == 0, done.stderr
    assert "It sees images" in done.stdout and "64 tokens per image" in done.stdout
    listed = json.loads(hearth("list", "--json").stdout)
    row = next(r for r in listed if r["name"] == "smolvlm-256m-instruct")
    assert row["vision"] and row["projector"] == str(projector.resolve())


# fit ---------------------------------------------------------------------------------------


def test_the_fit_counts_the_projector_and_one_image_pass():
    text = estimate(100 * 2**20, 4096, memory=MEMORY)
    shape = VisionShape(512, 16, merge=16, width=768, heads=12, ffn=3072)
    seeing = estimate(100 * 2**20, 4096, memory=MEMORY, projector_bytes=50 * 2**20,
                      image_tokens=shape.image_tokens, image_pass_bytes=shape.pass_bytes)
    assert seeing.projector_mb == 50 and seeing.image_tokens == 64
    # one layer's attention scores (1024² x 12 heads x 4 B) and activations
    assert shape.pass_bytes == 1024 ** 2 * 12 * 4 + 1024 * (3 * 768 + 3072) * 4
    assert seeing.total_mb == pytest.approx(text.total_mb + 50 + shape.pass_bytes / 2**20)
    assert seeing.images_per_context == 4096 // 64 and text.images_per_context is None
    assert "sees images" in seeing.describe() and "64 tokens" in seeing.describe()
    assert "sees images" not in text.describe()


def test_a_projector_can_tip_a_model_over_the_memory_it_fits_in():
    small = Memory(ram_mb=300)
    assert estimate(100 * 2**20, 1024, memory=small).label == "fits"
    assert estimate(100 * 2**20, 1024, memory=small, projector_bytes=150 * 2**20,
                    image_tokens=64).label == "too large"


def test_catalog_vision_entries_are_estimated_with_their_projector():
    entry = get_entry("gemma-3-4b-it")
    fit = fit_for_entry(entry, 8192, MEMORY)
    assert fit.image_tokens == 256  # 896 px, 14 px patches, pooled 4 x 4
    assert fit.projector_mb == pytest.approx(entry.projector.size_bytes / 2**20)
    qwen = fit_for_entry(get_entry("qwen2.5-vl-3b-instruct"), 8192, MEMORY)
    assert qwen.image_tokens == 400  # the 560 px image the catalog assumes, merged 2 x 2


def test_an_installed_vision_model_is_estimated_with_its_projector(db, smollm2_path, tmp_path):
    library = Library(db)
    projector = projector_gguf(tmp_path / "mmproj-F16.gguf")
    model = service.import_gguf(smollm2_path, "seeing", projector=projector, library=library)
    fit = fit_for_model(model, 2048, MEMORY)
    text = fit_for_model(library.ensure_starter(), 2048, MEMORY)
    assert fit.image_tokens == 64 and fit.projector_mb == pytest.approx(
        projector.stat().st_size / 2**20)
    assert fit.total_mb > text.total_mb and text.image_tokens == 0
    rows = {row.model.name: row for row in service.installed(library, 2048, MEMORY).models}
    assert rows["seeing"].fit.image_tokens == 64


# catalog -----------------------------------------------------------------------------------


def test_the_catalog_has_small_vision_models_with_their_projector():
    seeing = {e.name: e for e in load_catalog() if e.vision}
    assert {"smolvlm-256m-instruct", "smolvlm-500m-instruct", "qwen2.5-vl-3b-instruct",
            "gemma-3-4b-it"} <= set(seeing)
    for entry in seeing.values():
        projector = entry.projector
        assert projector.file_name.lower().startswith("mmproj") and projector.size_bytes > 0
        assert "llama.cpp" in entry.engines and entry.format == "gguf"
        # no checksum was seen on a page for these: none is pinned, and the notes say so
        assert projector.sha256 is None and "sha256" in entry.notes
    target = resolve_pull("smolvlm-256m-instruct")
    assert target.projector.file_name == "mmproj-SmolVLM-256M-Instruct-Q8_0.gguf"
    assert target.projector.sources["huggingface"].repo == "ggml-org/SmolVLM-256M-Instruct-GGUF"
    gemma = resolve_pull("gemma-3-4b-it").projector
    assert gemma.file_name == "mmproj-gemma-3-4b-it-Q4_K_M.gguf"  # not the hub's mmproj-F16


@pytest.fixture
def catalog_copy(tmp_path):
    for name in ("catalog.json", "catalog.schema.json"):
        shutil.copy(resources_dir() / name, tmp_path / name)
    path = tmp_path / "catalog.json"
    return path, json.loads(path.read_text())


def test_the_schema_refuses_an_unbacked_projector_checksum_or_a_projector_on_a_folder(
        catalog_copy):
    path, data = catalog_copy
    index = next(i for i, m in enumerate(data["models"]) if m["name"] == "smolvlm-256m-instruct")
    data["models"][index]["projector"]["sha256"] = "ab" * 32
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError, match=f"models/{index}"):
        load_catalog(path)
    data["models"][index]["projector"]["sha256"] = None
    del data["models"][index]["projector"]["sources"]["huggingface"]["file"]
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError, match=f"models/{index}"):
        load_catalog(path)
    folder = next(i for i, m in enumerate(data["models"]) if m["format"] != "gguf")
    data["models"][folder]["projector"] = {
        "sources": {"huggingface": {"repo": "a/b", "file": "mmproj.gguf"}},
        "size_bytes": 10, "sha256": None}
    data["models"][index]["projector"]["sources"]["huggingface"]["file"] = "mmproj-x.gguf"
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError, match=f"models/{folder}"):
        load_catalog(path)


# download ----------------------------------------------------------------------------------

REPO = "ggml-org/Test-VLM-GGUF"
MODEL_FILE, PROJECTOR_FILE = "Test-VLM-Q8_0.gguf", "mmproj-F16.gguf"


@pytest.fixture
def hub(monkeypatch, tmp_path, smollm2_path):
    """A hub on 127.0.0.1 serving a vision model (SmolLM2's bytes) and its projector, and a
    catalog naming them; the other endpoints point at a closed port."""
    projector = projector_gguf(tmp_path / "served" / PROJECTOR_FILE).read_bytes()
    with HubServer() as server:
        server.add_hf(REPO, MODEL_FILE, smollm2_path.read_bytes())
        served = server.add_hf(REPO, PROJECTOR_FILE, projector)
        data = json.loads((resources_dir() / "catalog.json").read_text())
        data["models"].append({
            "name": "test-vlm", "title": "Test VLM", "family": "test", "kind": "chat",
            "parameters": 135000000, "quantization": "Q8_0", "format": "gguf",
            "engines": ["llama.cpp"], "size_bytes": smollm2_path.stat().st_size,
            "sha256": None, "license": "Apache-2.0", "context_length": 8192,
            "languages": ["en"], "sources": {"huggingface": {"repo": REPO, "file": MODEL_FILE}},
            "projector": {"sources": {"huggingface": {"repo": REPO, "file": PROJECTOR_FILE}},
                          "size_bytes": len(projector), "sha256": None,
                          "vision": {"image_size": 512, "patch_size": 16, "merge": 16}}})
        catalog = tmp_path / "catalog.json"
        catalog.write_text(json.dumps(data))
        monkeypatch.setenv("HEARTH_CATALOG", str(catalog))
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HEARTH_ENDPOINT_HF_MIRROR", "http://127.0.0.1:9")
        monkeypatch.setenv("HEARTH_ENDPOINT_MODELSCOPE", "http://127.0.0.1:9")
        server.projector_bytes = projector
        server.projector_served = served
        yield server


def _fetch(db, **options):
    options.setdefault("backoff_s", 0.05)
    options.setdefault("max_retries", 1)
    return pull(db, "test-vlm", **options)


def test_a_vision_model_is_downloaded_with_its_projector_and_removed_with_it(db, hub,
                                                                             hearth_home):
    model = _fetch(db)
    folder = (hearth_home / "models").resolve()
    assert model.projector == folder / f"mmproj-{MODEL_FILE}" and model.owns_projector
    assert model.projector.read_bytes() == hub.projector_bytes
    assert model.projector_sha256 == hashlib.sha256(hub.projector_bytes).hexdigest()
    assert model.ref().projector == model.projector and model.image_tokens == 64
    assert not part_path(model.projector).exists()
    freed = Library(db).delete("test-vlm")
    assert freed == model.size_bytes + model.projector_size
    assert not model.projector.exists() and not Path(model.path).exists()


def test_when_the_projector_cannot_be_had_neither_file_is_installed(db, hub, hearth_home):
    hub.projector_served.status = 404
    with pytest.raises(DownloadError, match="has no such file|Tried"):
        _fetch(db)
    assert Library(db).get("test-vlm") is None
    assert not (hearth_home / "models" / MODEL_FILE).exists()


def test_a_damaged_projector_fails_its_check_and_nothing_is_installed(db, hub, hearth_home):
    hub.projector_served.flip_byte_at = 40  # inside the header's keys: the hub hash catches it
    hub.projector_served.hf_sha256_header = True
    with pytest.raises(DownloadError):
        _fetch(db)
    assert Library(db).get("test-vlm") is None
    assert not (hearth_home / "models" / f"mmproj-{MODEL_FILE}").exists()


def test_a_cancelled_model_download_removes_the_projector_too(db, hub, hearth_home):
    control = DownloadControl()

    def cancel_on_model(event) -> None:
        if getattr(event, "done", 0) and getattr(event, "total", 0) and \
                event.total > len(hub.projector_bytes):
            control.cancel()

    with pytest.raises(DownloadCancelled):
        _fetch(db, control=control, on_event=cancel_on_model)
    folder = hearth_home / "models"
    assert not (folder / f"mmproj-{MODEL_FILE}").exists() and not (folder / MODEL_FILE).exists()
    assert Library(db).get("test-vlm") is None


def test_a_stopped_pull_keeps_the_projector_and_resumes_without_fetching_it_again(db, hub,
                                                                                   hearth_home):
    control = DownloadControl()

    def stop_on_model(event) -> None:
        if getattr(event, "total", 0) and event.total > len(hub.projector_bytes) \
                and event.done > 0:
            control.stop()

    with pytest.raises(DownloadCancelled):
        _fetch(db, control=control, on_event=stop_on_model)
    kept = hearth_home / "models" / f"mmproj-{MODEL_FILE}"
    assert kept.exists() and Library(db).get("test-vlm") is None
    fetched = len([r for r in hub.requests if r.path.endswith(PROJECTOR_FILE)])
    model = _fetch(db)
    assert model.projector == kept.resolve()
    assert len([r for r in hub.requests if r.path.endswith(PROJECTOR_FILE)]) == fetched


def test_a_model_installed_before_it_had_a_projector_gets_only_the_projector(db, hub,
                                                                             smollm2_path):
    library = Library(db)
    library.register("test-vlm", smollm2_path, "import", validate_gguf(smollm2_path))
    before = len([r for r in hub.requests if r.path.endswith(MODEL_FILE)])
    model = _fetch(db)
    assert model.vision and model.projector.read_bytes() == hub.projector_bytes
    assert len([r for r in hub.requests if r.path.endswith(MODEL_FILE)]) == before


# the window --------------------------------------------------------------------------------


def test_the_window_pairs_two_dropped_files_and_marks_the_model_that_sees_images(
        qtbot, smollm2_path, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from tests.test_ui_models_download import models_page
    from tests.ui_helpers import close_window

    window, page = models_page(qtbot)
    try:
        seeing = [e for e in page.catalog if e.vision]
        rows = {page.catalog_view.topLevelItem(i).text(0): page.catalog_view.topLevelItem(i)
                for i in range(page.catalog_view.topLevelItemCount())}
        assert seeing and all("sees images" in rows[e.name].text(1) for e in seeing)
        assert "sees images" not in rows["qwen2.5-0.5b-instruct"].text(1)
        page.catalog_search.setText("images")
        assert not rows["smolvlm-256m-instruct"].isHidden()
        assert rows["qwen2.5-0.5b-instruct"].isHidden()
        page.catalog_search.setText("")

        model_path = model_link(smollm2_path, tmp_path / "drop" / "Seeing-Chat.gguf")
        projector = projector_gguf(tmp_path / "other" / "mmproj-F16.gguf")
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(projector)), QUrl.fromLocalFile(str(model_path))])
        event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        with qtbot.waitSignal(window.import_finished, timeout=120_000) as imported:
            window.dropEvent(event)
        model = imported.args[0]
        assert model.name == "seeing-chat" and model.projector == projector.resolve()
        with qtbot.waitSignal(page.listed, timeout=60_000):
            page.refresh()
        items = {page.installed.topLevelItem(i).text(0): page.installed.topLevelItem(i)
                 for i in range(page.installed.topLevelItemCount())}
        assert "sees images" in items["seeing-chat"].text(2)
        assert str(projector.resolve()) in items["seeing-chat"].toolTip(2)
        assert "sees images" not in items["smollm2-135m-instruct"].text(2)
        window.resize(700, 520)  # the marks do not widen the window past its 700 px minimum
        assert window.width() == 700
    finally:
        close_window(window)


def test_a_model_given_by_path_takes_the_projector_beside_it(db, smollm2_path, tmp_path):
    model_path = model_link(smollm2_path, tmp_path / "loose" / "SmolVLM-256M-Instruct.gguf")
    assert Library(db).resolve(str(model_path)).projector is None
    beside = projector_gguf(tmp_path / "loose" / "mmproj-SmolVLM-256M-Instruct-f16.gguf")
    assert Library(db).resolve(str(model_path)).projector == beside


def test_what_an_interrupted_pull_kept_counts_the_projector(hub, hearth_home):
    from app.models.pull import interrupted_bytes

    folder = hearth_home / "models"
    folder.mkdir(parents=True)
    part_path(folder / f"mmproj-{MODEL_FILE}").write_bytes(b"x" * 1000)
    part_path(folder / MODEL_FILE).write_bytes(b"y" * 500)
    assert interrupted_bytes("test-vlm") == 1500


def test_a_vision_model_from_ollamas_store_keeps_its_projector_layer(db, smollm2_path,
                                                                     tmp_path):
    from tests.ollama_store_fixture import write_store_model

    store = tmp_path / "ollama"
    write_store_model(store, "seeing:small", smollm2_path)
    projector = projector_gguf(tmp_path / "p" / "mmproj.gguf").read_bytes()
    digest = "sha256:" + hashlib.sha256(projector).hexdigest()
    (store / "blobs" / digest.replace(":", "-")).write_bytes(projector)
    manifest_path = store / "manifests" / "registry.ollama.ai" / "library" / "seeing" / "small"
    manifest = json.loads(manifest_path.read_text())
    manifest["layers"].append({"mediaType": "application/vnd.ollama.image.projector",
                               "digest": digest, "size": len(projector)})
    manifest_path.write_text(json.dumps(manifest))
    [found] = service.pick_store_models(service.ollama_store(store), ["seeing:small"])
    model = service.register_ollama_model(found, library=Library(db))
    assert model.vision and model.projector == (store / "blobs" / digest.replace(":", "-"))
    assert model.projector_linked == 1  # Ollama's blob: never deleted by Hearth
    service.delete_model(Library(db), model.name)
    assert model.projector.exists()
