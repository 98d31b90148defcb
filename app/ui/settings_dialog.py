"""Settings dialogs: the app's (language, theme, defaults, proxy) and one conversation's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import ProxySettings, Settings, check_proxy_url


def _spin(low: int, high: int, value: int, name: str) -> QSpinBox:
    box = QSpinBox(minimum=low, maximum=high, value=value)
    box.setAccessibleName(name)
    return box


def _double(low: float, high: float, value: float, step: float, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(minimum=low, maximum=high, value=value, singleStep=step, decimals=2)
    box.setAccessibleName(name)
    return box


class SettingsDialog(QDialog):
    """Hearth's settings; ``result_settings()`` gives the edited copy."""

    def __init__(self, settings: Settings, models: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hearth settings"))
        self._settings = settings
        form = QFormLayout()
        self.language = QComboBox()
        for code, label in (("system", self.tr("Follow the system")), ("en", "English"),
                            ("zh_CN", "简体中文")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        self.language.setAccessibleName(self.tr("Language"))
        form.addRow(self.tr("&Language:"), self.language)
        self.theme = QComboBox()
        for code, label in (("system", self.tr("Follow the system")), ("light", self.tr("Light")),
                            ("dark", self.tr("Dark"))):
            self.theme.addItem(label, code)
        self.theme.setCurrentIndex(max(self.theme.findData(settings.theme), 0))
        self.theme.setAccessibleName(self.tr("Theme"))
        form.addRow(self.tr("&Theme:"), self.theme)
        self.model = QComboBox(editable=True)
        self.model.addItems(models)
        self.model.setCurrentText(settings.default_model)
        self.model.setAccessibleName(self.tr("Default model"))
        form.addRow(self.tr("Default &model:"), self.model)
        self.temperature = _double(0, 2, settings.temperature, 0.05, self.tr("Temperature"))
        form.addRow(self.tr("Te&mperature:"), self.temperature)
        self.top_p = _double(0.01, 1, settings.top_p, 0.05, self.tr("Top-p"))
        form.addRow(self.tr("Top-&p:"), self.top_p)
        self.max_tokens = _spin(1, 131_072, settings.max_tokens, self.tr("Maximum reply length"))
        form.addRow(self.tr("Max&imum reply tokens:"), self.max_tokens)
        self.n_ctx = _spin(256, 1_048_576, settings.n_ctx, self.tr("Context length"))
        form.addRow(self.tr("&Context length:"), self.n_ctx)
        self.n_threads = _spin(0, 512, settings.n_threads, self.tr("CPU threads"))
        self.n_threads.setSpecialValueText(self.tr("automatic"))
        form.addRow(self.tr("CPU t&hreads:"), self.n_threads)
        self._add_proxy_rows(form, settings.proxy)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.note = QLabel(self.tr("A new language applies the next time Hearth starts."),
                           wordWrap=True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check_proxy()

    def _add_proxy_rows(self, form: QFormLayout, proxy: ProxySettings) -> None:
        """Proxy for model downloads: none, the system's (environment), or a URL."""
        self.proxy_mode = QComboBox()
        for code, label in (("system", self.tr("Use the system's proxy settings")),
                            ("none", self.tr("No proxy (connect directly)")),
                            ("manual", self.tr("Manual proxy"))):
            self.proxy_mode.addItem(label, code)
        self.proxy_mode.setCurrentIndex(max(self.proxy_mode.findData(proxy.mode), 0))
        self.proxy_mode.setAccessibleName(self.tr("Proxy for downloads"))
        form.addRow(self.tr("Download &proxy:"), self.proxy_mode)
        self.proxy_url = QLineEdit(proxy.url)
        self.proxy_url.setPlaceholderText("http://host:8080 · socks5://127.0.0.1:1080")
        self.proxy_url.setAccessibleName(self.tr("Proxy address"))
        form.addRow(self.tr("Proxy &address:"), self.proxy_url)
        self.proxy_error = QLabel(wordWrap=True, objectName="proxyError")
        palette = self.proxy_error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, Qt.GlobalColor.red)
        self.proxy_error.setPalette(palette)
        self.proxy_error.hide()
        form.addRow(self.proxy_error)
        self.proxy_mode.currentIndexChanged.connect(self._check_proxy)
        self.proxy_url.textChanged.connect(self._check_proxy)

    def _check_proxy(self) -> None:
        """Enable the address for 'manual' only; OK only when the address can be used."""
        manual = self.proxy_mode.currentData() == "manual"
        self.proxy_url.setEnabled(manual)
        problem = ""
        if manual:
            try:
                check_proxy_url(self.proxy_url.text())
            except ValueError as exc:
                problem = str(exc) if self.proxy_url.text().strip() else self.tr(
                    "Type the proxy's address, e.g. http://proxy.example.com:8080 or "
                    "socks5://127.0.0.1:1080.")
        self.proxy_error.setText(problem)
        if self.proxy_error.isVisibleTo(self) != bool(problem):
            self.proxy_error.setVisible(bool(problem))
            self.adjustSize()  # room for the message, or none once it is gone
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def proxy_settings(self) -> ProxySettings:
        """The proxy chosen; an address typed for 'manual' is kept while it is valid."""
        mode, url = self.proxy_mode.currentData(), self.proxy_url.text().strip()
        try:
            check_proxy_url(url)
        except ValueError:
            url = url if mode == "manual" else ""
        return ProxySettings(mode=mode, url=url)

    def result_settings(self) -> Settings:
        data = self._settings.model_dump()
        data.update(language=self.language.currentData(), theme=self.theme.currentData(),
                    default_model=self.model.currentText().strip() or self._settings.default_model,
                    temperature=self.temperature.value(), top_p=self.top_p.value(),
                    max_tokens=self.max_tokens.value(), n_ctx=self.n_ctx.value(),
                    n_threads=self.n_threads.value(),
                    proxy=self.proxy_settings().model_dump())
        return Settings.model_validate(data)


class ConversationSettingsDialog(QDialog):
    """System prompt and sampling of one conversation; "Reset" goes back to the defaults."""

    def __init__(self, values: dict[str, Any], defaults: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conversation settings"))
        self.defaults = defaults
        form = QFormLayout()
        self.system_prompt = QPlainTextEdit()
        self.system_prompt.setPlaceholderText(self.tr("For example: You are a concise assistant."))
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setTabChangesFocus(True)
        form.addRow(self.tr("&System prompt:"), self.system_prompt)
        self.temperature = _double(0, 2, 0.7, 0.05, self.tr("Temperature"))
        form.addRow(self.tr("Te&mperature:"), self.temperature)
        self.top_p = _double(0.01, 1, 0.95, 0.05, self.tr("Top-p"))
        form.addRow(self.tr("Top-&p:"), self.top_p)
        self.max_tokens = _spin(1, 131_072, 512, self.tr("Maximum reply length"))
        form.addRow(self.tr("Max&imum reply tokens:"), self.max_tokens)
        self.context_length = _spin(256, 1_048_576, 4096, self.tr("Context length"))
        form.addRow(self.tr("&Context length:"), self.context_length)
        self.fixed_seed = QCheckBox(self.tr("Use a fixed seed (same answer every time)"))
        self.seed = _spin(0, 2**31 - 1, 0, self.tr("Seed"))
        self.fixed_seed.toggled.connect(self.seed.setEnabled)
        form.addRow(self.fixed_seed)
        form.addRow(self.tr("S&eed:"), self.seed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        reset = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        reset.setText(self.tr("Reset to defaults"))
        reset.clicked.connect(lambda: self.show_values(self.defaults))
        layout.addWidget(buttons)
        self.show_values({**defaults, **values})

    def show_values(self, values: dict[str, Any]) -> None:
        self.system_prompt.setPlainText(values.get("system_prompt") or "")
        self.temperature.setValue(float(values["temperature"]))
        self.top_p.setValue(float(values["top_p"]))
        self.max_tokens.setValue(int(values["max_tokens"]))
        self.context_length.setValue(int(values["context_length"]))
        seed = values.get("seed")
        self.fixed_seed.setChecked(seed is not None)
        self.seed.setEnabled(seed is not None)
        self.seed.setValue(int(seed or 0))

    def values(self) -> dict[str, Any]:
        return {"system_prompt": self.system_prompt.toPlainText().strip(),
                "temperature": round(self.temperature.value(), 2),
                "top_p": round(self.top_p.value(), 2),
                "max_tokens": self.max_tokens.value(),
                "context_length": self.context_length.value(),
                "seed": self.seed.value() if self.fixed_seed.isChecked() else None}
