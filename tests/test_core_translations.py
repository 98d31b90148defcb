"""Every sentence the core marks for translation is in zh_CN, with the same fields, and
the compiled catalog Hearth loads says the same as the source (#17)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

from app import i18n

REPO = Path(__file__).resolve().parent.parent
CORE = REPO / "resources" / "translations" / "core"
PO = CORE / "zh_CN" / "LC_MESSAGES" / "hearth.po"
MO = CORE / "zh_CN" / "LC_MESSAGES" / "hearth.mo"
FIELD = re.compile(r"\{(\w*)\}")


def _marked() -> set[str]:
    """Every _() / N_() string and selection-rule reason in app/ (not the window's)."""
    babel = pytest.importorskip("babel.messages.extract", reason="Babel (test extras) extracts")
    found = babel.extract_from_dir(
        str(REPO / "app"), method_map=[("ui/**.py", "ignore"), ("**.py", "python")],
        keywords={"_": None, "N_": None, "Rule": (3,)})
    return {message for _file, _line, message, _comments, _context in found
            if isinstance(message, str)}


def _catalog() -> dict[str, str]:
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def test_every_marked_sentence_is_translated_with_the_same_fields():
    marked, catalog = _marked(), _catalog()
    assert len(marked) > 50
    missing = sorted(m for m in marked if not catalog.get(m))
    assert not missing, ("untranslated core sentences (run resources/translations/core/"
                         f"update.sh and translate them): {missing}")
    for source in marked:
        assert sorted(FIELD.findall(source)) == sorted(FIELD.findall(catalog[source])), source


def test_the_compiled_catalog_matches_the_source():
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for source, translation in _catalog().items():
        assert compiled.gettext(source) == translation, (
            f"{MO.name} is out of date: run resources/translations/core/update.sh")


def test_the_engine_reason_follows_the_language():
    import json

    from app.engines.hardware import Hardware
    from app.engines.select import ModelInfo, Situation, choose

    hardware = Hardware.from_dict(json.loads(
        (REPO / "tests" / "fixtures" / "hardware" / "no-gpu.json").read_text()))
    situation = Situation(hardware, ModelInfo("tiny.gguf", "gguf", 2**30), {"llama.cpp": "x"})
    assert choose(situation).reason == "llama.cpp in-process on the CPU (no NVIDIA GPU here)"
    assert i18n.set_language("zh_CN") == "zh_CN"
    assert "CPU" in choose(situation).reason and "NVIDIA" in choose(situation).reason
    assert choose(situation).reason != "llama.cpp in-process on the CPU (no NVIDIA GPU here)"
    pinned = choose(Situation(situation.hardware, situation.model, {"llama.cpp": "x"},
                              preference="vllm"))
    assert "已固定使用" in pinned.reason


def test_a_skipped_files_reason_follows_the_language(tmp_path):
    import os

    from app.kb.ingest import unsafe_reason

    os.mkfifo(tmp_path / "pipe.txt")
    assert unsafe_reason(tmp_path / "pipe.txt", tmp_path) == "a named pipe, not a regular file"
    i18n.set_language("zh_CN")
    assert unsafe_reason(tmp_path / "pipe.txt", tmp_path) == "命名管道，不是普通文件"


def test_system_means_the_locale(monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.set_language("system") == "zh_CN"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.set_language("system") == "en"
