"""The Models page's catalog: a search box, and each model's estimated speed here (#17)."""

from __future__ import annotations

from app.models.catalog import get_entry
from app.ui.models_page import SPEED_COLUMN
from tests.ui_helpers import close_window, open_window


def _visible(page) -> list[str]:
    view = page.catalog_view
    return [view.topLevelItem(i).text(0) for i in range(view.topLevelItemCount())
            if not view.topLevelItem(i).isHidden()]


def test_search_narrows_the_catalog_and_speed_is_shown(qtbot):
    window = open_window(qtbot)
    try:
        page = window.pages["models"]
        with qtbot.waitSignal(page.catalog_listed, timeout=60_000):
            window.show_page("models")
        everything = _visible(page)
        assert len(everything) == page.catalog_view.topLevelItemCount() > 10
        page.catalog_search.setText("zh embedding")
        found = _visible(page)
        assert found and len(found) < len(everything)
        for name in found:
            entry = get_entry(name)
            assert entry.kind == "embedding" and "zh" in entry.languages
        page.catalog_search.setText("no-such-model-anywhere")
        assert _visible(page) == []
        page.catalog_search.clear()
        assert _visible(page) == everything
        view = page.catalog_view
        speeds = {view.topLevelItem(i).text(0): view.topLevelItem(i).text(SPEED_COLUMN)
                  for i in range(view.topLevelItemCount())}
        assert speeds["qwen2.5-0.5b-instruct"].endswith("tokens/s")
        # bigger weights, slower answers: the estimate follows the size
        rate = {name: float(text.split()[1]) for name, text in speeds.items() if text}
        assert rate["qwen2.5-14b-instruct"] < rate["qwen2.5-1.5b-instruct"] \
            < rate["qwen2.5-0.5b-instruct"]
    finally:
        close_window(window)
