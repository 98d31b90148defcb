"""The pages other parts of Hearth add to the window (Models, Knowledge base, Engines,
Server, MCP servers)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def register_pages(window) -> None:
    """Build each page and hand it to ``window.register_page``."""
    from app.ui.models_page import ModelsPage

    window.models_page = ModelsPage(window.services, window.tasks, window)
    window.models_page.library_changed.connect(window.refresh_models)
    window.models_page.import_requested.connect(window.choose_import)  # the one import flow
    window.register_page("models", QCoreApplication.translate("MainWindow", "Models"), window.models_page)

    from app.ui.kb_page import KnowledgePage

    window.kb_page = KnowledgePage(window.services, window.tasks, window)
    window.register_page("knowledge", QCoreApplication.translate("MainWindow", "Knowledge base"), window.kb_page)

    from app.ui.engines_page import EnginesPage

    window.engines_page = EnginesPage(window.tasks, window, lambda: window.services.runtime)
    window.engines_page.switched.connect(window._show_load)  # the status bar: engine, why, cold start
    window.engines_page.switch_failed.connect(window._show_message)
    window.register_page("engines", QCoreApplication.translate("MainWindow", "Engines"), window.engines_page)

    from app.ui.server_page import ServerPage

    window.server_page = ServerPage(window.services, window.tasks, window)
    window.server_page.settings_changed.connect(window.apply_settings)  # applied and saved
    window.register_page("server", QCoreApplication.translate("MainWindow", "Server"), window.server_page)

    from app.ui.mcp_page import McpPage

    window.mcp_page = McpPage(window.services, window.tasks, window)
    window.mcp_page.changed.connect(window.refresh_tools)  # the chat's Tools menu follows
    window.mcp_page.error_shown.connect(window._show_message)
    window.register_page("mcp", QCoreApplication.translate("MainWindow", "MCP servers"), window.mcp_page)
