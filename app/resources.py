"""Where Hearth's bundled files (``resources/``: catalog, icons, translations) are.

From a source checkout they sit beside the ``app`` package; in the PyInstaller build
they are unpacked next to the frozen modules (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder of this Hearth, frozen or from source."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """A path under ``resources/`` (it may not exist; callers check)."""
    return resources_dir().joinpath(*parts)
