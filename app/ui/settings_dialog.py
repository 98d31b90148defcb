"""Settings dialogs: the app's (language, theme, defaults, proxy) and one conversation's.

No bound is written here: each number row takes its range and tooltip from the typed
model that defines it (``Sampling.bounds()`` / ``Sampling.description()`` for sampling,
the ``Settings`` fields for the rest).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
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

from app.engines.base import Sampling
from app.services.settings import ProxySettings, Settings, check_proxy_url, setting_bounds

SpinBox = QSpinBox | QDoubleSpinBox


def _box(low: float, high: float, name: str, tip: str) -> SpinBox:
    """A spin box over [low, high]: decimals when a bound is a float."""
    box: SpinBox
    if isinstance(low, float) or isinstance(high, float):
        box = QDoubleSpinBox(minimum=low, maximum=high, singleStep=0.05, decimals=2)
    else:
        box = QSpinBox(minimum=int(low), maximum=int(high))
    box.setAccessibleName(name)
    box.setToolTip(tip)
    return box


def sampling_box(option: str, name: str) -> SpinBox:
    """The row for a sampling option, bounded and described by ``Sampling``."""
    low, high = Sampling.bounds()[option]
    tip = QCoreApplication.translate("Sampling", Sampling.description(option))
    return _box(low, high, name, tip)


def setting_box(option: str, name: str) -> SpinBox:
    """The row for a numeric setting, bounded and described by its ``Settings`` field."""
    low, high = setting_bounds(option)
    tip = QCoreApplication.translate("Settings", Settings.model_fields[option].description or "")
    return _box(low, high, name, tip)


#: the sampling rows, in order (their bounds and tooltips come from ``Sampling``)
SAMPLING_ROWS = ("temperature", "top_p", "max_tokens", "context_length")


class SamplingRows:
    """Temperature, top-p, reply length, context length (and seed): one builder for the
    app's defaults and a conversation's overrides. ``labels`` maps each option to its
    (row label, accessible name), translated by the dialog that owns the rows."""

    def __init__(self, form: QFormLayout, labels: dict[str, tuple[str, str]],
                 fixed_seed: str = "") -> None:
        self.boxes = {}
        for option in SAMPLING_ROWS:
            label, name = labels[option]
            self.boxes[option] = sampling_box(option, name)
            form.addRow(label, self.boxes[option])
        self.temperature, self.top_p = self.boxes["temperature"], self.boxes["top_p"]
        self.max_tokens = self.boxes["max_tokens"]
        self.context_length = self.boxes["context_length"]
        self.fixed_seed: QCheckBox | None = None
        if fixed_seed:
            label, name = labels["seed"]
            self.fixed_seed = QCheckBox(fixed_seed)
            self.seed = sampling_box("seed", name)
            self.fixed_seed.toggled.connect(self.seed.setEnabled)
            form.addRow(self.fixed_seed)
            form.addRow(label, self.seed)

    def show(self, values: dict[str, Any]) -> None:
        self.temperature.setValue(float(values["temperature"]))
        self.top_p.setValue(float(values["top_p"]))
        self.max_tokens.setValue(int(values["max_tokens"]))
        self.context_length.setValue(int(values["context_length"]))
        if self.fixed_seed is not None:
            seed = values.get("seed")
            self.fixed_seed.setChecked(seed is not None)
            self.seed.setEnabled(seed is not None)
            self.seed.setValue(int(seed or 0))

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {"temperature": round(self.temperature.value(), 2),
                                 "top_p": round(self.top_p.value(), 2),
                                 "max_tokens": int(self.max_tokens.value()),
                                 "context_length": int(self.context_length.value())}
        if self.fixed_seed is not None:
            found["seed"] = int(self.seed.value()) if self.fixed_seed.isChecked() else None
        return found


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
        self.sampling = SamplingRows(form, {
            "temperature": (self.tr("Te&mperature:"), self.tr("Temperature")),
            "top_p": (self.tr("Top-&p:"), self.tr("Top-p")),
            "max_tokens": (self.tr("Max&imum reply tokens:"), self.tr("Maximum reply length")),
            "context_length": (self.tr("&Context length:"), self.tr("Context length"))})
        self.sampling.show({"temperature": settings.temperature, "top_p": settings.top_p,
                            "max_tokens": settings.max_tokens, "context_length": settings.n_ctx})
        self.n_threads = setting_box("n_threads", self.tr("CPU threads"))
        self.n_threads.setSpecialValueText(self.tr("automatic"))
        self.n_threads.setValue(settings.n_threads)
        form.addRow(self.tr("CPU t&hreads:"), self.n_threads)
        self._add_kv_cache_row(form, settings.kv_cache_type)
        self._add_model_rows(form, settings)
        self._add_endpoint_row(form, settings.download_endpoint)
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

    def _add_kv_cache_row(self, form: QFormLayout, kind: str) -> None:
        """How llama.cpp stores the conversation in memory (applies at the next load)."""
        self.kv_cache = QComboBox()
        for code, label in (("f16", self.tr("Exact (f16)")),
                            ("q8_0", self.tr("Half the memory (q8_0)")),
                            ("q4_0", self.tr("A quarter of the memory (q4_0, a little less "
                                             "accurate)"))):
            self.kv_cache.addItem(label, code)
        self.kv_cache.setCurrentIndex(max(self.kv_cache.findData(kind), 0))
        self.kv_cache.setAccessibleName(self.tr("Conversation memory"))
        self.kv_cache.setToolTip(self.tr("How llama.cpp keeps the conversation in memory (its "
                                         "KV cache). Smaller leaves room for longer contexts "
                                         "and larger models; it applies when a model is next "
                                         "loaded."))
        form.addRow(self.tr("Con&versation memory:"), self.kv_cache)

    def _add_endpoint_row(self, form: QFormLayout, endpoint: str) -> None:
        """Where model downloads come from first (the others follow if it fails)."""
        self.endpoint = QComboBox()
        for code, label in (("huggingface", self.tr("Hugging Face (huggingface.co)")),
                            ("hf-mirror", self.tr("hf-mirror.com (a mirror that works well "
                                                  "in China)")),
                            ("modelscope", self.tr("ModelScope (modelscope.cn)"))):
            self.endpoint.addItem(label, code)
        self.endpoint.setCurrentIndex(max(self.endpoint.findData(endpoint), 0))
        self.endpoint.setAccessibleName(self.tr("Download models from"))
        self.endpoint.setToolTip(self.tr("Tried first for every download; when it fails, the "
                                         "other locations are tried in turn."))
        form.addRow(self.tr("&Download models from:"), self.endpoint)

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

    def _add_model_rows(self, form: QFormLayout, settings: Settings) -> None:
        """When models are unloaded, how many replies may wait, what new chats consult."""
        self.idle_unload = setting_box("idle_unload_minutes", self.tr("Unload idle models after"))
        self.idle_unload.setSpecialValueText(self.tr("never"))
        self.idle_unload.setSuffix(self.tr(" min"))
        self.idle_unload.setValue(settings.idle_unload_minutes)
        form.addRow(self.tr("&Unload a model after it has been idle (minutes):"),
                    self.idle_unload)
        self.max_queued = setting_box("max_queued_replies", self.tr("Replies that may wait"))
        self.max_queued.setValue(settings.max_queued_replies)
        form.addRow(self.tr("Replies that may &wait:"), self.max_queued)
        self.new_chat_knowledge = QComboBox()
        for code, label in (("last", self.tr("The last conversation's collections")),
                            ("none", self.tr("No collections"))):
            self.new_chat_knowledge.addItem(label, code)
        self.new_chat_knowledge.setCurrentIndex(
            max(self.new_chat_knowledge.findData(settings.new_chat_knowledge), 0))
        self.new_chat_knowledge.setAccessibleName(self.tr("New conversations consult"))
        self.new_chat_knowledge.setToolTip(self.tr(
            "Which documents a new chat searches before you choose in its Knowledge menu."))
        form.addRow(self.tr("New conversations &consult:"), self.new_chat_knowledge)

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
        sampling = self.sampling.values()
        data.update(language=self.language.currentData(), theme=self.theme.currentData(),
                    default_model=self.model.currentText().strip() or self._settings.default_model,
                    temperature=sampling["temperature"], top_p=sampling["top_p"],
                    max_tokens=sampling["max_tokens"], n_ctx=sampling["context_length"],
                    n_threads=int(self.n_threads.value()),
                    kv_cache_type=self.kv_cache.currentData(),
                    idle_unload_minutes=int(self.idle_unload.value()),
                    max_queued_replies=int(self.max_queued.value()),
                    new_chat_knowledge=self.new_chat_knowledge.currentData(),
                    download_endpoint=self.endpoint.currentData(),
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
        self.sampling = SamplingRows(form, {
            "temperature": (self.tr("Te&mperature:"), self.tr("Temperature")),
            "top_p": (self.tr("Top-&p:"), self.tr("Top-p")),
            "max_tokens": (self.tr("Max&imum reply tokens:"), self.tr("Maximum reply length")),
            "context_length": (self.tr("&Context length:"), self.tr("Context length")),
            "seed": (self.tr("S&eed:"), self.tr("Seed"))},
            fixed_seed=self.tr("Use a fixed seed (same answer every time)"))
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
        self.sampling.show(values)

    def values(self) -> dict[str, Any]:
        return {"system_prompt": self.system_prompt.toPlainText().strip(),
                **self.sampling.values()}
