"""``hearth`` with no command: open the desktop window (Qt is imported only then)."""

from __future__ import annotations

import os
import sys

#: the exit status when the window cannot open for want of system libraries
MISSING_LIBRARIES = 3


def open_window() -> int:
    """Run the window until it closes; returns the exit status. On Linux, system libraries
    Qt's X11 plugin needs are checked first: a missing one is named with the package to
    install, instead of Qt aborting with a misleading message."""
    from app.services.language import _, set_language
    from app.services.settings import load_settings
    from app.services.system import check_window_libraries

    try:
        set_language(load_settings().language)
    except Exception:  # noqa: BLE001 - a broken settings file is reported by the window
        set_language("system")

    wayland = bool(os.environ.get("WAYLAND_DISPLAY")) and \
        os.environ.get("XDG_SESSION_TYPE") == "wayland"
    libraries = check_window_libraries()
    if libraries.checked and not libraries.ok and not wayland:
        print(libraries.sentence(), file=sys.stderr)
        print(_("Then run hearth again. (hearth doctor repeats this check.)"), file=sys.stderr)
        return MISSING_LIBRARIES
    from app.ui.main_window import run

    return run()
