"""Nothing outside app/ui/ imports PySide6 (DESIGN.md: the core never knows about the GUI)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(n == "PySide6" or n.startswith("PySide6.") for n in names):
            lines.append(node.lineno)
    return lines


def test_pyside6_is_imported_only_under_app_ui():
    offenders = {
        str(path.relative_to(APP.parent)): lines
        for path in APP.rglob("*.py")
        if "ui" not in path.relative_to(APP).parts[:1]
        and (lines := qt_imports(path))
    }
    assert offenders == {}


def test_the_checker_sees_a_qt_import(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert qt_imports(sample) == [2]
