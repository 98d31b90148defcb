"""Settings as the fronts see them: the typed model, reading and saving it.

The window, the CLI and the API read settings through here (one door); the model itself
lives in :mod:`app.settings`, below the services.
"""

from __future__ import annotations

from app.settings import (
    ProxySettings,
    ServerSettings,
    Settings,
    SettingsError,
    check_proxy_url,
    load_settings,
    save_settings,
    setting_bounds,
)

__all__ = ["ProxySettings", "ServerSettings", "Settings", "SettingsError", "check_proxy_url", "load_settings",
           "save_settings", "setting_bounds"]
