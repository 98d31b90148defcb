"""Typed settings: every field has a type, a default, bounds and a one-line description.

Saved as JSON, atomically (write a temporary file, fsync, rename), so a crash never
leaves a half-written settings file. Unknown keys from a newer Hearth are kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from app.atomic import write_atomic
from app.engines.base import ContextLength, MaxTokens, Temperature, TopP
from app.paths import get_paths


class SettingsError(Exception):
    """The settings file could not be read; the message says what to do."""


PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def check_proxy_url(url: str) -> str:
    """``url`` if it is a proxy address Hearth can use; ValueError saying what to type if not."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in PROXY_SCHEMES or not parts.hostname \
            or parts.path not in ("", "/"):
        raise ValueError(
            f"'{url}' is not a proxy address. Write it as http://host:port, https://host:port "
            "or socks5://host:port (user:password@ before the host if it needs a login).")
    return url.strip()


class ProxySettings(BaseModel):
    """How model downloads reach the internet."""

    model_config = ConfigDict(validate_assignment=True)

    mode: Literal["none", "system", "manual"] = Field(
        "system", description="'none': connect directly; 'system': the HTTP(S)_PROXY/ALL_PROXY/"
        "NO_PROXY environment variables; 'manual': the URL below.")
    url: str = Field(
        "", max_length=2048, description="The proxy for 'manual': http://, https:// or "
        "socks5://host:port, with user:password@ if it needs a login.")

    @model_validator(mode="after")
    def _url_needed_for_manual(self) -> ProxySettings:
        if self.mode == "manual" or self.url.strip():
            check_proxy_url(self.url)
        return self


def check_origin(origin: str) -> str:
    """``origin`` if it is a web origin (scheme://host[:port]); ValueError saying what to type."""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or origin.strip() == "*":
        raise ValueError(f"'{origin}' is not a web origin. Write it as https://host or "
                         "http://host:port (no path, no wildcard).")
    return origin.strip().rstrip("/")


class ServerSettings(BaseModel):
    """The local API (``hearth serve`` and the window's Server page). Its key lives in
    the OS keyring, never here."""

    model_config = ConfigDict(validate_assignment=True)

    host: str = Field("127.0.0.1", min_length=1, max_length=255, description="The address "
                      "the API listens on. 127.0.0.1: this computer only; any other needs a key.")
    port: int = Field(7373, ge=0, le=65535, description="The port the API listens on; 0 "
                      "picks a free one each time it starts (as `hearth serve --port 0`).")
    allowed_origins: list[Annotated[str, AfterValidator(check_origin)]] = Field(
        default_factory=list, description="Web pages (origins) whose scripts may call the "
        "API from a browser; empty: none.")
    max_body_mb: int = Field(8, ge=1, le=1024, description="The largest request body the API "
                             "accepts, in MB.")
    start_with_window: bool = Field(False, description="Start the API when the window opens.")


def engine_choice(value: str) -> str:
    """``value`` if it is 'auto' or an engine of the registry; ValueError listing them."""
    from app.engines.registry import selectable

    choices = ("auto", *selectable())
    if value not in choices:
        raise ValueError(f"{value!r} is not an engine Hearth knows; choose one of "
                         f"{', '.join(choices)}")
    return value


class Settings(BaseModel):
    """User settings. Add a field here with its bounds and description; nothing else."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    default_model: str = Field(
        "smollm2-135m-instruct", description="Model opened when a conversation names none."
    )
    engine_preference: Annotated[str, AfterValidator(engine_choice)] = Field(
        "auto", description="Which engine to use; 'auto' lets Hearth choose and explain why. "
        "One of 'auto' and the engine registry's names (hearth engines use --help)."
    )
    engines_python: str = Field(
        "", description="Python 3.10-3.12 that GPU engine environments are made from; empty: find one."
    )
    n_threads: int = Field(
        0, ge=0, le=512, description="CPU threads for llama.cpp; 0 means one per physical core."
    )
    n_ctx: ContextLength = 4096
    n_batch: int = Field(
        64,
        ge=8,
        le=4096,
        description="Prompt batch size. Small keeps conversation switches cheap on big vocabularies.",
    )
    prefix_cache_conversations: int = Field(
        4, ge=0, le=64, description="How many conversations' model states are kept for fast switching."
    )
    prefix_cache_mb: int = Field(
        1024, ge=0, le=65_536, description="Memory budget in MB for saved conversation states."
    )
    speculative: Literal["auto", "off"] = Field(
        "auto", description="Speculative decoding by prompt lookup: replies at temperature 0 "
        "draft tokens from the conversation itself and check them in one batch (the reply is "
        "the same, faster when it repeats text: rewrites, edits, code); 'off' never drafts.")
    kv_cache_type: Literal["f16", "q8_0", "q4_0"] = Field(
        "f16", description="How llama.cpp stores the conversation in memory (the KV cache): "
        "f16 is exact, q8_0 takes about half the memory, q4_0 about a quarter and is a little "
        "less accurate.")
    # sampling defaults: the bounds and descriptions are the request model's (engines/base.py)
    temperature: Temperature = 0.7
    top_p: TopP = 0.95
    max_tokens: MaxTokens = 512
    idle_unload_minutes: int = Field(
        30, ge=0, le=24 * 60,
        description="Free a model's memory after it has been idle this many minutes; 0: never.")
    max_queued_replies: int = Field(
        8, ge=1, le=256,
        description="Replies that may wait for a busy model before new ones are refused.")
    new_chat_knowledge: Literal["last", "none"] = Field(
        "last", description="Knowledge collections a new conversation starts with: the last "
        "conversation's ('last') or none.")
    validate_timeout_s: float = Field(
        60.0, ge=1.0, le=600.0, description="Time limit for checking a model file in a child process."
    )
    download_endpoint: Literal["huggingface", "hf-mirror", "modelscope"] = Field(
        "huggingface", description="Where models are downloaded from (hf-mirror/ModelScope for users in China)."
    )
    download_fallback_order: list[Literal["huggingface", "hf-mirror", "modelscope"]] = Field(
        ["huggingface", "hf-mirror", "modelscope"], description="Endpoints tried, in this order, after download_endpoint fails."
    )
    proxy: ProxySettings = Field(
        default_factory=ProxySettings, description="The proxy that model downloads and pulls use."
    )
    server: ServerSettings = Field(
        default_factory=ServerSettings, description="The local OpenAI- and Anthropic-compatible API."
    )
    language: str = Field("system", description="Interface language: 'system', 'en' or 'zh_CN'.")
    theme: Literal["system", "light", "dark"] = Field("system", description="Colour theme.")


def setting_bounds(option: str) -> tuple[float, float]:
    """(ge, le) of a ``Settings`` field: dialog rows and CLI options read them here."""
    low = high = None
    for meta in Settings.model_fields[option].metadata:
        low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    assert low is not None and high is not None, option
    return low, high


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from disk; a missing file gives the defaults."""
    path = path or get_paths().settings_file
    if not path.exists():
        return Settings()
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, ValidationError, UnicodeDecodeError) as exc:
        raise SettingsError(
            f"The settings file {path} is damaged ({exc.__class__.__name__}: {exc}). "
            "Fix it or delete it to go back to the defaults."
        ) from exc


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically: the old file stays whole until the new one is complete."""
    path = path or get_paths().settings_file
    write_atomic(path, json.dumps(settings.model_dump(mode="json"), indent=2, ensure_ascii=False))
