"""The settings dialogs' number rows come from the typed models (bounds and tooltips
written once), and the model-scheduling rows reach the saved settings."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ui_helpers import close_window, open_window


def test_sampling_rows_take_their_bounds_and_tooltips_from_sampling(qtbot):
    from app.engines.base import Sampling
    from app.services.settings import Settings
    from app.ui.settings_dialog import ConversationSettingsDialog, SettingsDialog

    defaults = {"system_prompt": "", "temperature": 0.7, "top_p": 0.95, "max_tokens": 512,
                "context_length": 4096, "seed": None}
    conversation = ConversationSettingsDialog({"seed": 7}, defaults)
    app_dialog = SettingsDialog(Settings(), ["smollm2-135m-instruct"])
    for dialog in (conversation, app_dialog):
        qtbot.addWidget(dialog)
    rows = conversation.sampling
    boxes = {"temperature": rows.temperature, "top_p": rows.top_p,
             "max_tokens": rows.max_tokens, "context_length": rows.context_length,
             "seed": rows.seed}
    for name, box in boxes.items():
        assert (box.minimum(), box.maximum()) == Sampling.bounds()[name], name
        assert box.toolTip() == Sampling.description(name) and box.toolTip()
    assert app_dialog.sampling.max_tokens.maximum() == Sampling.bounds()["max_tokens"][1]
    assert conversation.values()["seed"] == 7
    # nothing in the dialogs' source writes a bound by hand any more
    source = (Path(__file__).parent.parent / "app/ui/settings_dialog.py").read_text()
    assert not re.search(r"131_072|1_048_576|2\*\*31|\b0\.01\b", source)


def test_idle_unload_and_new_chat_rows_are_saved_and_used(qtbot, smollm2_path):
    from app.services.settings import Settings, load_settings
    from app.ui.settings_dialog import SettingsDialog

    window = open_window(qtbot)
    dialog = SettingsDialog(window.services.settings, window.models, window)
    low, high = dialog.idle_unload.minimum(), dialog.idle_unload.maximum()
    field = Settings.model_fields["idle_unload_minutes"]
    assert (low, high) == (0, 24 * 60) and dialog.idle_unload.toolTip() == field.description
    assert dialog.idle_unload.value() == 30
    dialog.idle_unload.setValue(0)
    assert dialog.idle_unload.text() == "never"
    dialog.new_chat_knowledge.setCurrentIndex(dialog.new_chat_knowledge.findData("none"))
    dialog.max_queued.setValue(3)
    with qtbot.waitSignal(window.tasks.idle, timeout=30_000):
        window.apply_settings(dialog.result_settings())
    saved = load_settings()
    assert (saved.idle_unload_minutes, saved.new_chat_knowledge, saved.max_queued_replies) \
        == (0, "none", 3)
    assert window.services.scheduler.settings.idle_unload_minutes == 0  # used now
    assert window.services.chat.default_collections() == []
    close_window(window)
