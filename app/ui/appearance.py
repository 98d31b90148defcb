"""Looks and languages: theme (light/dark, following the system) and translations."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def resources_dir() -> Path:
    """``resources/`` in a checkout, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


# themes -------------------------------------------------------------------------------

COLOURS = {
    "light": {"surface": "#ffffff", "sidebar": "#f3f4f6", "text": "#1f2328", "muted": "#6b7280",
              "border": "#e5e7eb", "user": "#eef4ff", "assistant": "#ffffff",
              "accent": "#2563eb", "error": "#b42318", "error_bg": "#fef3f2",
              "info_bg": "#eff6ff"},
    "dark": {"surface": "#1e1f22", "sidebar": "#26272b", "text": "#e6e6e6", "muted": "#9aa0a6",
             "border": "#3a3b40", "user": "#2b3445", "assistant": "#1e1f22",
             "accent": "#60a5fa", "error": "#fca5a5", "error_bg": "#3b1d1d",
             "info_bg": "#1e2a3b"},
}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve_theme(choice: str) -> str:
    """"light" or "dark" for a setting of "system", "light" or "dark"."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_is_dark() else "light"


def apply_theme(app: QApplication, choice: str) -> str:
    """Fusion style, a palette and the style sheet for the theme; returns its name."""
    theme = resolve_theme(choice)
    colours = COLOURS[theme]
    app.setStyle("Fusion")
    palette = QPalette()
    if theme == "dark":
        for role, colour in ((QPalette.ColorRole.Window, colours["sidebar"]),
                             (QPalette.ColorRole.Base, colours["surface"]),
                             (QPalette.ColorRole.AlternateBase, colours["sidebar"]),
                             (QPalette.ColorRole.Button, "#303136"),
                             (QPalette.ColorRole.Text, colours["text"]),
                             (QPalette.ColorRole.WindowText, colours["text"]),
                             (QPalette.ColorRole.ButtonText, colours["text"]),
                             (QPalette.ColorRole.PlaceholderText, colours["muted"]),
                             (QPalette.ColorRole.Highlight, "#2f5fb3"),
                             (QPalette.ColorRole.Link, colours["accent"]),
                             (QPalette.ColorRole.ToolTipBase, colours["sidebar"]),
                             (QPalette.ColorRole.ToolTipText, colours["text"])):
            palette.setColor(role, QColor(colour))
    else:
        palette = app.style().standardPalette()
        palette.setColor(QPalette.ColorRole.Link, QColor(colours["accent"]))
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(colours))
    return theme


def style_sheet(colours: dict[str, str]) -> str:
    """resources/styles/hearth.qss with ``@name`` replaced by the theme's colours."""
    text = (resources_dir() / "styles" / "hearth.qss").read_text(encoding="utf-8")
    for name in sorted(colours, key=len, reverse=True):
        text = text.replace(f"@{name}", colours[name])
    return text


# languages ----------------------------------------------------------------------------

def language_code(choice: str) -> str:
    """"en" or "zh_CN" for a setting of "system", "en" or "zh_CN"."""
    if choice != "system":
        return choice
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def install_translators(app: QCoreApplication, choice: str) -> list[QTranslator]:
    """Load Hearth's and Qt's own translations for the language; returns them (keep them)."""
    code = language_code(choice)
    translators: list[QTranslator] = []
    if code == "en":
        return translators
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "translations" / f"hearth_{code}.qm")):
        translators.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(code))
    return translators
