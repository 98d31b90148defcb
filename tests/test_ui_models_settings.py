"""The proxy controls in the window's Settings dialog, and the window saving what they say."""

from __future__ import annotations

from tests.ui_helpers import close_window, open_window


def ok_enabled(dialog) -> bool:
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_proxy_controls_check_the_address_and_give_the_setting(qtbot):
    from app.settings import ProxySettings, Settings
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), ["smollm2-135m-instruct"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.proxy_mode.currentData() == "system" and not dialog.proxy_url.isEnabled()
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("manual"))
    assert dialog.proxy_url.isEnabled() and not ok_enabled(dialog)
    assert "Type the proxy's address" in dialog.proxy_error.text()
    qtbot.keyClicks(dialog.proxy_url, "ftp://proxy:21")
    assert dialog.proxy_error.isVisible() and "socks5://host:port" in dialog.proxy_error.text()
    assert not ok_enabled(dialog)
    dialog.proxy_url.clear()
    qtbot.keyClicks(dialog.proxy_url, "socks5://127.0.0.1:1080")
    assert not dialog.proxy_error.isVisible() and ok_enabled(dialog)
    assert dialog.result_settings().proxy == ProxySettings(mode="manual",
                                                           url="socks5://127.0.0.1:1080")
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("none"))
    assert not dialog.proxy_url.isEnabled() and ok_enabled(dialog)
    assert dialog.result_settings().proxy.mode == "none"


def test_the_window_saves_the_proxy_setting(qtbot):
    from app.settings import ProxySettings, load_settings
    from app.ui.settings_dialog import SettingsDialog

    window = open_window(qtbot)
    dialog = SettingsDialog(window.services.settings, window.models, window)
    dialog.proxy_mode.setCurrentIndex(dialog.proxy_mode.findData("manual"))
    dialog.proxy_url.setText("http://proxy.example.com:8080")
    with qtbot.waitSignal(window.tasks.idle, timeout=30_000):
        window.apply_settings(dialog.result_settings())
    assert load_settings().proxy == ProxySettings(mode="manual",
                                                  url="http://proxy.example.com:8080")
    reopened = SettingsDialog(load_settings(), window.models, window)
    assert reopened.proxy_mode.currentData() == "manual"
    assert reopened.proxy_url.text() == "http://proxy.example.com:8080"
    close_window(window)


def test_the_download_location_is_a_setting_in_the_window(qtbot):
    """Users in China pick hf-mirror or ModelScope in the window, not only in a file."""
    from app.models.pull import endpoint_order
    from app.settings import load_settings
    from app.ui.settings_dialog import SettingsDialog

    window = open_window(qtbot)
    try:
        dialog = SettingsDialog(window.services.settings, window.models, window)
        assert dialog.endpoint.currentData() == "huggingface"
        dialog.endpoint.setCurrentIndex(dialog.endpoint.findData("hf-mirror"))
        with qtbot.waitSignal(window.tasks.idle, timeout=30_000):
            window.apply_settings(dialog.result_settings())
        saved = load_settings()
        assert saved.download_endpoint == "hf-mirror"
        assert endpoint_order(saved.download_endpoint, saved.download_fallback_order)[0] \
            == "hf-mirror"
        assert SettingsDialog(saved, window.models, window).endpoint.currentData() == "hf-mirror"
    finally:
        close_window(window)
