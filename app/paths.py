"""Where Hearth keeps its files.

platformdirs gives each OS's conventional places. ``HEARTH_HOME`` puts everything under
one folder instead (tests use it so they never touch the real home directory).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Hearth"


@dataclass(frozen=True)
class Paths:
    """The folders Hearth writes to. Call :meth:`ensure` before writing."""

    data: Path
    models: Path
    logs: Path
    cache: Path
    config: Path

    @property
    def database(self) -> Path:
        return self.data / "hearth.db"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def mcp_file(self) -> Path:
        """The MCP servers the user configured (LM Studio / Cursor format, see
        app.services.mcp); which are enabled is kept beside it in mcp-enabled.json."""
        return self.data / "mcp.json"

    def ensure(self) -> Paths:
        for folder in (self.data, self.models, self.logs, self.cache, self.config):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def get_paths() -> Paths:
    """Return the folders for this user, honouring ``HEARTH_HOME``."""
    home = os.environ.get("HEARTH_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(
            data=root / "data",
            models=root / "models",
            logs=root / "logs",
            cache=root / "cache",
            config=root / "config",
        )
    data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return Paths(
        data=data,
        models=data / "models",
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
