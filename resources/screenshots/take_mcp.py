"""Screenshots of MCP and structured output on the real window:

- mcp.png: the MCP page with the test server (tests/mcp_servers/weather.py, the ``mcp``
  SDK's server side, over stdio) switched on, its tools and one input schema;
- mcp-approval.png: a reply of the starter model that must call a tool, waiting for the
  user's approval (the card with the server, the tool and its arguments);
- mcp-result.png: the same call allowed once, its result, and the reply that followed;
- structured.png: the "Structured output" dialog with an example JSON schema, checked;
- structured-json.png: a reply under that schema, shown formatted with "Copy JSON";
- the same with ``-zh_CN`` in the names when the scene name ends in ``-zh_CN`` (the
  window's language setting; set HEARTH_EXTRA_QM to a compiled .qm to add translations
  not yet in the shipped one).

    xvfb-run -a -s "-screen 0 1280x800x24" python3 resources/screenshots/take_mcp.py [scene]

Scenes: mcp, approval, structured (and each with -zh_CN). Each runs on its own
throw-away HEARTH_HOME.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shots-")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shots  # noqa: E402

WEATHER = shots.REPO / "tests" / "mcp_servers" / "weather.py"


def weather_on(window):
    """The test server configured and switched on from the MCP page; returns the page."""
    page = window.pages["mcp"]
    window.show_page("mcp")
    shots.wait(page.servers_listed)
    page.add_servers([("weather", {"command": sys.executable, "args": [str(WEATHER)]})])
    shots.wait(page.servers_listed)
    page.table.item(0, 3).setCheckState(shots_checked())
    shots.wait(page.servers_listed, until=lambda *_: page.servers
               and page.servers[0].state in ("ready", "failed"))
    return page


def shots_checked():
    from PySide6.QtCore import Qt

    return Qt.CheckState.Checked


def mcp(window, suffix: str) -> None:
    page = weather_on(window)
    page.schema_button.setChecked(True)
    shots.save(window, f"mcp{suffix}.png")


def approval(window, suffix: str) -> None:
    weather_on(window)
    window.new_conversation()
    window._draft_settings = {"mcp_servers": ["weather"], "tool_choice": "required"}  # noqa: SLF001
    window.refresh_tools()
    cards = []
    window.tool_call_shown.connect(cards.append)
    window.send("What is the weather in Paris?")
    shots.wait(window.tool_call_shown, timeout_ms=600_000)
    window.chat_page.view.scroll_to_bottom()
    shots.save(window, f"mcp-approval{suffix}.png")
    window.tool_call_shown.connect(lambda card: card.deny.click())  # any further call
    cards[0].allow_once.click()
    shots.wait(window.replies_idle, timeout_ms=600_000)
    shots.settle(800)
    window.chat_page.view.scroll_to_bottom()
    shots.save(window, f"mcp-result{suffix}.png")


def structured(window, suffix: str) -> None:
    from app.ui.structured_dialog import StructuredOutputDialog

    window.new_conversation()
    dialog = StructuredOutputDialog(None, window.tasks, window)
    dialog.radios["json_schema"].setChecked(True)
    dialog.resize(620, 560)
    dialog.show()
    dialog.examples.setCurrentIndex(1)
    dialog.examples.activated.emit(1)
    shots.wait(dialog.checked)
    shots.settle()
    dialog.grab().save(str(shots.HERE / f"structured{suffix}.png"))
    print("wrote", shots.HERE / f"structured{suffix}.png")
    schema = json.loads(dialog.editor.toPlainText())
    dialog.close()
    window.set_structured_output({"type": "json_schema",
                                  "json_schema": {"name": "person", "schema": schema}})
    window.send("Describe Ada Lovelace, aged 36, as JSON.")
    shots.wait(window.replies_idle, timeout_ms=600_000)
    shots.settle(800)
    window.chat_page.view.scroll_to_bottom()
    shots.save(window, f"structured-json{suffix}.png")


SCENES = {"mcp": mcp, "approval": approval, "structured": structured}


def main() -> int:
    from app.settings import Settings

    scenes = sys.argv[1:] or list(SCENES)
    if len(scenes) > 1:  # one process (and one HEARTH_HOME) per scene
        import subprocess

        for scene in scenes:
            subprocess.run([sys.executable, __file__, scene], check=True)
        return 0
    name, _, language = scenes[0].partition("-")
    language = language or "en"
    suffix = f"-{language}" if language != "en" else ""
    settings = Settings(theme="light", language=language, max_tokens=120, temperature=0.0)
    extra = os.environ.get("HEARTH_EXTRA_QM") if language != "en" else None
    _app, services, window = shots.open_window(settings, extra_qm=extra)
    shots.wait(window.models_listed)
    SCENES[name](window, suffix)
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
