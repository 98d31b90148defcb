"""The pages other parts of Hearth add to the window (Models, Knowledge base, Engines)."""

from __future__ import annotations


def register_pages(window) -> None:
    """Build each page and hand it to ``window.register_page``."""
    from app.ui.models_page import ModelsPage

    window.models_page = ModelsPage(window.services, window.tasks, window)
    window.models_page.library_changed.connect(window.refresh_models)
    window.register_page("models", window.tr("Models"), window.models_page)
