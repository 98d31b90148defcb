"""Screenshots of the Models page: the catalog with each model's fit and estimated speed on
this machine (models.png), and the catalog searched for Chinese-speaking models
(models-search.png); ``zh_CN`` as an argument takes both in Chinese.

    xvfb-run -a -s "-screen 0 1400x900x24" python3 resources/screenshots/take_models.py [zh_CN]
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shots-")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shots  # noqa: E402


def main() -> int:
    from app.settings import Settings

    language = sys.argv[1] if len(sys.argv) > 1 else "en"
    suffix = "" if language == "en" else f"-{language}"
    _app, services, window = shots.open_window(Settings(theme="light", language=language))
    shots.wait(window.models_listed)
    page = window.pages["models"]
    window.show_page("models")
    shots.wait(page.catalog_listed)
    shots.settle(500)
    shots.save(window, f"models{suffix}.png")
    page.catalog_search.setText("zh chat")
    shots.settle(300)
    shots.save(window, f"models-search{suffix}.png")
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
