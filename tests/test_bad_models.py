"""Bad model files: each gives a clear error, Hearth's process survives, nothing is registered."""

from __future__ import annotations

import os

import pytest

from app.engines.base import ModelLoadError, ModelRef
from app.engines.llamacpp import LlamaCppEngine
from app.models.gguf_meta import InvalidModelError
from app.models.library import Library
from app.models.validate import validate_gguf
from tests.gguf_factory import tiny_gguf, truncated, with_header


@pytest.fixture(scope="module")
def small_model(smollm2_path):
    return smollm2_path


def assert_rejected(db, path, match):
    library = Library(db)
    with pytest.raises(InvalidModelError, match=match) as info:
        library.import_file(path)
    assert db.execute("select count(*) from models where source = 'import'").fetchone()[0] == 0
    return str(info.value)


def test_truncated_download(db, small_model, tmp_path):
    message = assert_rejected(db, truncated(small_model, tmp_path / "cut.gguf"), "cut short")
    assert "download it again" in message


def test_few_bytes_only(db, tmp_path):
    path = tmp_path / "tiny.gguf"
    path.write_bytes(b"GGUF\x03")
    assert_rejected(db, path, "empty or cut short")


def test_zero_bytes(db, tmp_path):
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    assert_rejected(db, path, "empty or cut short")


def test_wrong_magic(db, small_model, tmp_path):
    assert_rejected(db, with_header(small_model, tmp_path / "m.gguf", magic=b"GGML"),
                    "not a GGUF model")


def test_absurd_tensor_count(db, small_model, tmp_path):
    path = with_header(small_model, tmp_path / "many.gguf", tensor_count=2**60)
    assert_rejected(db, path, "no real model has")


def test_tensor_table_longer_than_the_file_says(db, small_model, tmp_path):
    # a plausible count that is larger than the table really is: the reader runs off the end
    path = with_header(small_model, tmp_path / "more.gguf", tensor_count=5000)
    assert_rejected(db, path, "damaged|cut short")


def test_tensor_data_past_the_end_of_the_file(db, tmp_path):
    path = tiny_gguf(tmp_path / "short.gguf")
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size - 100)
    assert_rejected(db, path, "cut short")


def test_html_page_named_gguf(db, tmp_path):
    path = tmp_path / "model.gguf"
    path.write_text("<!DOCTYPE html><html><body>Sign in to continue</body></html>" + " " * 100)
    message = assert_rejected(db, path, "web page")
    assert "Download the file again" in message


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch /tmp/hearth-pwned') }}",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 'x' * 10**10 }}",
])
def test_chat_template_that_escapes_or_hangs(db, tmp_path, template):
    path = tiny_gguf(tmp_path / "evil.gguf", template=template)
    message = assert_rejected(db, path, "chat template")
    assert "Hearth will not run" in message
    assert not os.path.exists("/tmp/hearth-pwned")


def test_file_llama_cpp_cannot_load_is_caught_in_the_child(db, tmp_path):
    # structurally valid GGUF, but no hyperparameters: llama.cpp refuses it
    path = tiny_gguf(tmp_path / "hollow.gguf")
    message = assert_rejected(db, path, "llama.cpp could not load")
    assert "hollow.gguf" in message


def test_engine_load_reports_bad_file_and_process_lives_on(tmp_path, smollm2_path):
    path = tmp_path / "model.gguf"
    path.write_text("<html>nope</html>" + " " * 64)
    engine = LlamaCppEngine()
    with pytest.raises(ModelLoadError, match="web page"):
        engine.load(ModelRef("bad", path))
    # the same process still loads a good model afterwards
    report = engine.load(ModelRef("good", smollm2_path))
    assert report.ready_s > 0
    engine.close()


def test_validation_time_limit(tmp_path, small_model):
    with pytest.raises(InvalidModelError, match="took longer than"):
        validate_gguf(small_model, timeout_s=0.05, use_cache=False)


def test_good_model_is_registered_once_valid(db, small_model):
    model = Library(db).import_file(small_model, "smol")
    assert model.architecture == "llama" and model.quantization == "Q4_1"
    assert Library(db).resolve("smol").path == small_model.resolve()
