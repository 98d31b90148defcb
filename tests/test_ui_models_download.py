"""The Models page downloads a catalog model from a real HTTP server on 127.0.0.1: Download,
Pause, Resume, Cancel, and Resume after the window was closed and opened again. The served
file is the real SmolLM2 GGUF; every wait is on a signal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.models.download import DownloadCancelled, DownloadProgress, DownloadStatus, part_path
from tests.model_server import ModelServer
from tests.ui_helpers import close_window, open_window

NAME = "smollm2-135m-served"
REPO, FILE = "hearth-test/SmolLM2-GGUF", "SmolLM2-135M-Served.Q4_1.gguf"
MB = 2**20


@pytest.fixture
def served(smollm2_path, tmp_path, monkeypatch):
    """A catalog entry for SmolLM2 served by a throttled 127.0.0.1 hub (25 MB/s)."""
    data = smollm2_path.read_bytes()
    catalog_path = Path(__file__).parents[1] / "resources" / "catalog.json"
    catalog = json.loads(catalog_path.read_text())
    starter = next(m for m in catalog["models"] if m["name"] == "smollm2-135m-instruct")
    catalog["models"].append({**starter, "name": NAME, "title": "SmolLM2 135M (served)",
                              "sources": {"huggingface": {"repo": REPO, "file": FILE}}})
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    monkeypatch.setenv("HEARTH_CATALOG", str(tmp_path / "catalog.json"))
    with ModelServer() as server:
        server.add_hf(REPO, FILE, data, rate_bps=25 * MB)
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HEARTH_ENDPOINT_HF_MIRROR", "http://127.0.0.1:9")
        monkeypatch.setenv("HEARTH_ENDPOINT_MODELSCOPE", "http://127.0.0.1:9")
        yield server, data


def models_page(qtbot):
    window = open_window(qtbot)
    page = window.pages["models"]
    with qtbot.waitSignal(page.catalog_listed, timeout=60_000):
        window.show_page("models")
    return window, page


def select(page, name: str):
    for index in range(page.catalog_view.topLevelItemCount()):
        item = page.catalog_view.topLevelItem(index)
        if item.text(0) == name:
            page.catalog_view.setCurrentItem(item)
            return item
    raise AssertionError(f"{name} is not in the catalog view")


def click(qtbot, button) -> None:
    from PySide6.QtCore import Qt

    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def past(megabytes: float):
    return lambda e: isinstance(e, DownloadProgress) and e.done >= megabytes * MB


def stage(name: str):
    return lambda e: isinstance(e, DownloadStatus) and e.stage == name


def installed_names(page) -> list[str]:
    return [page.installed.topLevelItem(i).text(0)
            for i in range(page.installed.topLevelItemCount())]


def test_download_pause_resume_finish(qtbot, served, hearth_home):
    server, data = served
    window, page = models_page(qtbot)
    select(page, NAME)
    assert page.download_button.text() == "Download"
    with qtbot.waitSignal(page.download_event, check_params_cb=past(10), timeout=60_000):
        click(qtbot, page.download_button)
    assert page.progress.isVisible() and not page.download_button.isEnabled()
    assert " / 93.8 MB" in page.speed_label.text() and "/s" in page.speed_label.text()
    assert "left" in page.speed_label.text()

    with qtbot.waitSignal(page.download_event, check_params_cb=stage("paused"),
                          timeout=30_000):
        click(qtbot, page.pause_button)
    assert page.pause_button.text() == "Resume" and "Paused" in page.speed_label.text()
    kept = part_path(hearth_home / "models" / FILE).stat().st_size
    assert 10 * MB <= kept < len(data)

    with qtbot.waitSignal(page.download_finished, timeout=120_000) as finished, \
            qtbot.waitSignal(page.listed, timeout=120_000):
        click(qtbot, page.pause_button)
    assert finished.args[0].name == NAME
    assert server.requests[-1].range == f"bytes={kept}-"  # resumed, not started over
    assert (hearth_home / "models" / FILE).read_bytes() == data
    assert not part_path(hearth_home / "models" / FILE).exists()
    assert NAME in installed_names(page) and NAME in window.models
    assert "is ready to use" in page.speed_label.text()
    assert not page.pause_button.isVisible() and not page.error_line.isVisible()
    close_window(window)


def test_cancel_leaves_nothing_under_the_final_name(qtbot, served, hearth_home):
    window, page = models_page(qtbot)
    select(page, NAME)
    with qtbot.waitSignal(page.download_event, check_params_cb=past(5), timeout=60_000):
        click(qtbot, page.download_button)
    with qtbot.waitSignal(page.download_finished, timeout=30_000) as finished:
        click(qtbot, page.cancel_button)
    assert isinstance(finished.args[0], DownloadCancelled)
    dest = hearth_home / "models" / FILE
    assert not dest.exists() and not part_path(dest).exists()
    assert "cancelled" in page.speed_label.text() and not page.error_line.isVisible()
    assert NAME not in installed_names(page)
    assert page.download_button.text() == "Download" and page.download_button.isEnabled()
    close_window(window)


def test_closed_window_shows_resume_and_resumes_next_time(qtbot, served, hearth_home):
    server, data = served
    window, page = models_page(qtbot)
    select(page, NAME)
    with qtbot.waitSignal(page.download_event, check_params_cb=past(8), timeout=60_000):
        click(qtbot, page.download_button)
    close_window(window)  # stops the download and keeps what arrived
    kept = part_path(hearth_home / "models" / FILE).stat().st_size
    assert kept >= 8 * MB and not (hearth_home / "models" / FILE).exists()

    window, page = models_page(qtbot)
    item = select(page, NAME)
    assert item.text(3).startswith("paused at ")
    assert page.download_button.text() == "Resume download"
    with qtbot.waitSignal(page.download_finished, timeout=120_000) as finished:
        click(qtbot, page.download_button)
    assert finished.args[0].name == NAME
    assert server.requests[-1].range == f"bytes={kept}-"
    assert (hearth_home / "models" / FILE).read_bytes() == data
    qtbot.waitUntil(lambda: NAME in installed_names(page), timeout=30_000)
    close_window(window)


def test_a_failed_download_shows_a_clear_error_line(qtbot, served, hearth_home):
    server, _ = served
    server.files[f"/{REPO}/resolve/main/{FILE}"].html = True
    window, page = models_page(qtbot)
    select(page, NAME)
    with qtbot.waitSignal(page.download_finished, timeout=60_000) as finished:
        click(qtbot, page.download_button)
    assert isinstance(finished.args[0], Exception)
    assert page.error_line.isVisible()
    assert page.error_line.text().startswith("Download failed: ")
    assert "web page instead of the model" in page.error_line.text()
    assert not (hearth_home / "models" / FILE).exists()
    close_window(window)
