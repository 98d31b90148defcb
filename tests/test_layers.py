"""One door (DESIGN.md): the window, the CLI and the local API reach the core only through
app.services, plus the value types of app/engines/base.py."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"

#: what a front may import from Hearth, besides its own package
ALLOWED = ("app.services", "app.engines.base", "app.resources")
FRONTS = {"ui": "app.ui", "commands": "app.commands", "server": "app.server"}
#: where one front hands over to another (it reaches nothing below the services through
#: it): the command that opens the window (`hearth` alone), and the two places that run
#: the API (`hearth serve` and the window's Server page)
HAND_OVERS = {"app/commands/gui.py": ("app.ui.main_window",),
              "app/commands/serve.py": ("app.server.app",),
              "app/ui/server_page.py": ("app.server.app",)}


def hearth_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of an ``app`` module in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "app"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "app":
            found.append((node.lineno, node.module))
    return found


def allowed(module: str, own: str) -> bool:
    return any(module == a or module.startswith(a + ".") for a in (*ALLOWED, own))


def offenders_in(folder: Path, own: str) -> dict[str, list[str]]:
    bad = {}
    for path in sorted(folder.rglob("*.py")):
        name = str(path.relative_to(APP.parent))
        wrong = [f"{line}: {module}" for line, module in hearth_imports(path)
                 if not allowed(module, own) and module not in HAND_OVERS.get(name, ())]
        if wrong:
            bad[name] = wrong
    return bad


def test_the_window_the_cli_and_the_api_import_only_services():
    offenders = {}
    for folder, own in FRONTS.items():
        offenders.update(offenders_in(APP / folder, own))
    assert offenders == {}


def test_the_checker_sees_an_import_past_the_door(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from app.store import open_db\nfrom app.services.chat import Saved\n"
                      "def f():\n    import app.kb.index\n")
    assert [m for _, m in hearth_imports(sample) if not allowed(m, "app.ui")] == [
        "app.store", "app.kb.index"]
