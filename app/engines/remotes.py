"""Engine settings that are not plain preferences: remote endpoints and GPU environments.

A remote endpoint is a name, a base URL and an optional API key (a vLLM cluster, any
OpenAI-compatible server). The key is kept in the OS keyring (``keyring``), never in the
JSON file. The file (``engines.json`` beside settings.json) also records which Python
environment holds each GPU engine and which engine the user chose to run the chat
(``active``, see :mod:`app.engines.targets`). Written atomically, like settings.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import keyring
import keyring.errors

from app.atomic import write_atomic
from app.engines.base import EngineError
from app.paths import get_paths

KEYRING_SERVICE = "Hearth remote endpoints"


@dataclass(frozen=True)
class Remote:
    name: str
    base_url: str
    model: str | None = None


@dataclass
class EngineConfig:
    remotes: dict[str, Remote] = field(default_factory=dict)
    #: engine -> folder of the Python environment that holds it
    envs: dict[str, str] = field(default_factory=dict)
    #: the engine chosen to run the chat ({"engine", "remote", "model"}); None: the default
    active: dict[str, str | None] | None = None


def config_file() -> Path:
    return get_paths().config / "engines.json"


def load_config(path: Path | None = None) -> EngineConfig:
    """Read engines.json; a missing file gives an empty config."""
    path = path or config_file()
    if not path.exists():
        return EngineConfig()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise EngineError(f"{path} is damaged ({exc}); fix or delete it.") from exc
    remotes = {name: Remote(**item) for name, item in data.get("remotes", {}).items()}
    active = data.get("active")
    return EngineConfig(remotes=remotes, envs=dict(data.get("envs", {})),
                        active=dict(active) if isinstance(active, dict) else None)


def save_config(config: EngineConfig, path: Path | None = None) -> None:
    """Write atomically: the old file stays whole until the new one is complete."""
    path = path or config_file()
    payload = {"remotes": {n: asdict(r) for n, r in config.remotes.items()},
               "envs": config.envs, "active": config.active}
    write_atomic(path, json.dumps(payload, indent=2))


def check_url(url: str) -> str:
    """A base URL the OpenAI client can use, or a clear error."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise EngineError(f"{url!r} is not an http(s) URL; give e.g. https://host:8000/v1")
    return url.strip().rstrip("/")


def add_remote(name: str, base_url: str, api_key: str | None = None,
               model: str | None = None) -> Remote:
    """Save an endpoint; its key goes to the OS keyring."""
    if not name.strip():
        raise EngineError("Give the endpoint a name.")
    remote = Remote(name=name.strip(), base_url=check_url(base_url), model=model)
    if api_key:
        _set_key(remote.name, api_key)
    config = load_config()
    config.remotes[remote.name] = remote
    save_config(config)
    return remote


def remove_remote(name: str) -> bool:
    config = load_config()
    if config.remotes.pop(name, None) is None:
        return False
    save_config(config)
    try:
        keyring.delete_password(KEYRING_SERVICE, name)
    except keyring.errors.KeyringError:
        pass
    return True


def api_key(name: str) -> str | None:
    """The endpoint's key from the keyring (None when it has none)."""
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except keyring.errors.KeyringError as exc:
        raise EngineError(f"The OS keyring could not be read ({exc}).") from exc


def _set_key(name: str, key: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, name, key)
    except keyring.errors.KeyringError as exc:
        raise EngineError(
            f"No OS keyring is available to keep the API key safely ({exc}). On Linux, "
            "install and unlock a Secret Service (GNOME Keyring, KWallet) and try again."
        ) from exc


def set_engine_env(engine: str, folder: Path) -> None:
    """Remember the Python environment that holds ``engine``."""
    config = load_config()
    config.envs[engine] = str(folder)
    save_config(config)
