"""The door to the core's language (``app.i18n``) for the fronts: the window and the CLI
set it from the ``language`` setting; their own sentences go through it too."""

from __future__ import annotations

from app.i18n import N_, _, current_language, language_code, set_language

__all__ = ["N_", "_", "current_language", "language_code", "set_language"]
