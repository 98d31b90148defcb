"""Sentences from the core in the user's language (gettext).

The window's own words are Qt translations (``resources/translations/hearth_*.ts``);
everything the core says — why an engine was chosen, why a file was skipped, what to do
when a download fails — goes through :func:`_` and is translated from
``resources/translations/core/<language>/LC_MESSAGES/hearth.po`` (compiled to ``.mo``;
``resources/translations/core/update.sh`` extracts, merges and compiles them with Babel).
A sentence with values is written with named fields and formatted after translation:
``_("{model} needs {need} GB").format(model=..., need=...)``. A sentence declared in a
table, before the language is known, is marked with :func:`N_` and translated where it is
shown.

The language follows the ``language`` setting ("system", "en", "zh_CN"); the window and
the CLI call :func:`set_language` at start and when the setting changes.
"""

from __future__ import annotations

import gettext
import locale
import os

from app.resources import resources_dir

DOMAIN = "hearth"
LANGUAGES = ("en", "zh_CN")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def locale_dir():
    return resources_dir() / "translations" / "core"


def system_language() -> str:
    """"zh_CN" when the system's locale is Chinese, else "en"."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    return "zh_CN" if name.lower().startswith("zh") else "en"


def language_code(choice: str | None) -> str:
    """The language for a setting of "system", "en" or "zh_CN"."""
    if not choice or choice == "system":
        return system_language()
    return choice if choice in LANGUAGES else "en"


def set_language(choice: str | None) -> str:
    """Speak ``choice`` from now on (every thread); returns the language code used."""
    global _translation, _language
    code = language_code(choice)
    _translation = (gettext.NullTranslations() if code == "en" else
                    gettext.translation(DOMAIN, str(locale_dir()), [code], fallback=True))
    _language = code
    return code


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the current language (itself when there is no translation)."""
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark ``message`` for translation where it is declared; :func:`_` it where shown."""
    return message
