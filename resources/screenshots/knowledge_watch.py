"""Screenshot of the Knowledge base page with a watched folder (knowledge-watch.png).

    xvfb-run -a -s "-screen 0 1400x900x24" python3 resources/screenshots/knowledge_watch.py

Makes a throw-away HEARTH_HOME and a folder of notes, has the collection "Kitchen" watch
it, opens the real window, waits for the watcher's scan and for a live change to be
re-indexed, and grabs the window.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
NOTES = {
    "bread.md": "# Bread\n\nLet the dough rise overnight in a cool place.",
    "jam.md": "# Jam\n\nEqual weights of fruit and sugar; boil until it sets.",
    "soup.txt": "Leek and potato soup: sweat the leeks in butter first.",
    "pantry.csv": "item,shelf\nflour,top\nrice,middle\n",
}


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="hearth-shot-"))
    os.environ["HEARTH_HOME"] = str(home / "home")
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(HERE))
    folder = home / "Kitchen notes"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 a scanner wrote half of this")
    (folder / "~$menu.docx").write_bytes(b"Word's lock file: ignored")
    return shoot(folder)


def shoot(folder: Path) -> int:
    import shots

    from app.kb import collections as colls
    from app.settings import Settings
    from app.store import open_db

    db = open_db()
    colls.watch_folder(db, colls.get_or_create(db, "Kitchen"), folder)
    colls.get_or_create(db, "Travel")
    db.close()
    _app, services, window = shots.open_window(Settings(theme="light", language="en"))
    page = window.pages["knowledge"]
    page.collection = "Kitchen"
    window.show_page("knowledge")
    shots.wait(page.watch_reported, 120_000, until=lambda r: r.kind == "scanned")
    (folder / "tea.md").write_text("# Tea\n\nWarm the pot; four minutes for black tea.", "utf-8")
    shots.wait(page.watch_reported, 120_000, until=lambda r: r.kind == "reindexed")
    shots.wait(page.listed, 120_000)
    page.documents.topLevelItem(0).setSelected(True)
    shots.settle(500)
    shots.save(window, "knowledge-watch.png")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
