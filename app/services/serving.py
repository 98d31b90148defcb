"""What the local API needs from the core (the API in ``app/server/`` is a front, like the
window and the CLI, and reaches the core only through here).

- :class:`ServeConfig` and :func:`check_config`: where it listens, and the safety rule
  (an address other machines can reach needs a key);
- the API key, kept in the OS keyring;
- :class:`ApiService`: the names a client may ask for (installed models and
  ``hearth-kb/<collection>``), one completion on the shared scheduler, embeddings;
- :class:`RequestLog`: the last requests, for the window's Server page.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import keyring
import keyring.errors

from app.engines.base import CancelToken, CompletionRequest, EngineError, Event, Message
from app.models.library import ModelNotFoundError
from app.services.completion import Citations, Started
from app.services.desktop import Services
from app.services.scheduler import Resident
from app.settings import ServerSettings

#: the keyring entry that holds the API key
KEYRING_SERVICE = "hearth-api"
KEYRING_USER = "api-key"
#: a model name that asks a knowledge collection: ``hearth-kb/<collection>``
KB_PREFIX = "hearth-kb/"


class ServeRefused(Exception):
    """The API cannot start as configured; the message says why and what to do."""


@dataclass(frozen=True)
class ServeConfig:
    """Where the API listens and what it lets in."""

    host: str = "127.0.0.1"
    port: int = 7373
    api_key: str | None = None
    allowed_origins: tuple[str, ...] = ()
    max_body_bytes: int = 8 * 2**20
    #: answers requests that name no model, and is loaded when the server starts
    model: str | None = None

    @classmethod
    def from_settings(cls, server: ServerSettings, **overrides) -> ServeConfig:
        config = cls(host=server.host, port=server.port,
                     allowed_origins=tuple(server.allowed_origins),
                     max_body_bytes=server.max_body_mb * 2**20)
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(config, **given)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"


def is_loopback(host: str) -> bool:
    """True for addresses only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_config(config: ServeConfig) -> None:
    """ServeRefused when the API must not start as configured."""
    if not config.loopback and not config.api_key:
        raise ServeRefused(
            f"Hearth's API would listen on {config.host}, where other computers can reach it, "
            "without a key. Set a key (--api-key, or in the Server page) or listen on "
            "127.0.0.1.")


def allowed_hosts(config: ServeConfig) -> set[str]:
    """Host header values (without port) a request may carry: the bound address and
    this computer's own names. Anything else is refused (DNS rebinding)."""
    hosts = {"localhost", "127.0.0.1", "::1", config.host.lower().strip("[]")}
    if not config.loopback:
        hosts |= {socket.gethostname().lower(), f"{socket.gethostname().lower()}.local"}
    return hosts


def host_allowed(config: ServeConfig, host_header: str) -> bool:
    """Whether a request's Host header names this server (see :func:`allowed_hosts`).
    Bound to every address (0.0.0.0 / ::), any IP literal is this computer's too."""
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":")[0]
    if host in allowed_hosts(config):
        return True
    if config.host in ("0.0.0.0", "::"):
        try:
            ipaddress.ip_address(host)
            return True
        except ValueError:
            return False
    return False


# the key ---------------------------------------------------------------------------------


def saved_api_key() -> str | None:
    """The API key kept in the OS keyring, or None."""
    try:
        return keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except keyring.errors.KeyringError as exc:
        raise ServeRefused(f"The OS keyring could not be read ({exc}). Pass the key with "
                           "--api-key instead.") from exc


def save_api_key(key: str | None) -> None:
    """Keep ``key`` in the OS keyring (None or "" removes it)."""
    try:
        if key:
            keyring.set_password(KEYRING_SERVICE, KEYRING_USER, key)
        else:
            try:
                keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
            except keyring.errors.PasswordDeleteError:
                pass
    except keyring.errors.KeyringError as exc:
        raise ServeRefused(
            f"No OS keyring is available to keep the API key safely ({exc}). On Linux, "
            "install and unlock a Secret Service keyring (GNOME Keyring, KWallet), or pass "
            "the key with --api-key each time.") from exc


def new_api_key() -> str:
    """A fresh random key (what the Server page's "New key" makes)."""
    import secrets

    return "hearth-" + secrets.token_urlsafe(24)


# the request log -------------------------------------------------------------------------


@dataclass
class RequestRecord:
    """One request the API answered."""

    at: float
    method: str
    path: str
    status: int = 0
    client: str = ""
    model: str = ""
    duration_s: float = 0.0
    ttft_s: float | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    error: str = ""


class RequestLog:
    """The last requests (newest last), bounded; listeners hear each finished one."""

    def __init__(self, size: int = 200) -> None:
        self._records: deque[RequestRecord] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[RequestRecord], None]] = []

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(record)

    def recent(self, n: int = 50) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)[-n:]

    def listen(self, listener: Callable[[RequestRecord], None]) -> None:
        with self._lock:
            self._listeners.append(listener)


# the service -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ServedModel:
    """A name a client may put in ``model``."""

    id: str
    owned_by: str
    created: int
    kind: str = "model"  # "model" or "knowledge"


@dataclass(frozen=True)
class Target:
    """What a request's model name resolves to: the model and the collections to ask."""

    model: str
    collections: tuple[str, ...] = ()


def session_for(messages: Sequence[Message]) -> str:
    """A name for the client conversation ``messages`` belong to: their system prompt and
    first user message. The engine keeps that conversation's model state under it, so two
    clients taking turns each reuse their own prefix (the engine still checks the tokens:
    a wrong guess costs time, never correctness)."""
    head = [m for m in messages if m.role == "system"][:1]
    head += [m for m in messages if m.role == "user"][:1]
    digest = hashlib.sha256("\x00".join(f"{m.role}:{m.content}" for m in head).encode())
    return "api-" + digest.hexdigest()[:16]


class ApiService:
    """The core as the local API sees it: one instance per running server."""

    def __init__(self, services: Services, config: ServeConfig) -> None:
        from app.models.library import Library
        from app.services.chat import database_file
        from app.store.db import connect

        self.services = services
        self.config = config
        self.log = RequestLog()
        #: the API's own connection (its routes run on many threads), used under a lock
        self.db = connect(database_file(services.store_db))
        self.library = Library(self.db)
        self._db_lock = threading.Lock()
        self._embedders = _Embedders(self)

    def set_key(self, key: str | None) -> None:
        """Require ``key`` from the next request on (None: no key); ServeRefused when the
        server listens where a key is needed."""
        config = replace(self.config, api_key=key or None)
        check_config(config)
        self.config = config

    # names -----------------------------------------------------------------------------

    def models(self) -> list[ServedModel]:
        """Installed models whose files are present, then one name per knowledge collection."""
        from app.services import knowledge

        with self._db_lock:
            self.library.ensure_starter()
            served = [ServedModel(m.name, "hearth", int(m.added_at))
                      for m in self.library.list() if m.present]
            served += [ServedModel(KB_PREFIX + c.name, "hearth-kb", 0, "knowledge")
                       for c in knowledge.list_collections(self.db)]
        return served

    def resolve(self, name: str | None, collections: Sequence[str] = ()) -> Target:
        """The model and collections a request names; ModelNotFoundError (listing the
        names there are) when the name is not one a client may use. A client can never
        name a file path: only what :meth:`models` lists."""
        name = (name or "").strip() or self.config.model or self._base_model()
        served = self.models()  # one look at the library and the collections
        models = {m.id for m in served if m.kind == "model"}
        knowledge = {m.id[len(KB_PREFIX):] for m in served if m.kind == "knowledge"}
        wanted = tuple(collections)
        if name.startswith(KB_PREFIX):
            wanted = (name[len(KB_PREFIX):], *wanted)
            name = self._base_model()
        elif name not in models:
            raise ModelNotFoundError(self._unknown(name, "model", served))
        missing = [c for c in wanted if c not in knowledge]
        if missing:
            raise ModelNotFoundError(self._unknown(KB_PREFIX + missing[0],
                                                   "knowledge collection", served))
        return Target(name, wanted)

    def _base_model(self) -> str:
        """The model that answers knowledge questions and requests naming no model."""
        model = self.config.model
        if model and not model.startswith(KB_PREFIX):
            return model
        return self.services.settings.default_model

    @staticmethod
    def _unknown(name: str, what: str, served: list[ServedModel]) -> str:
        names = ", ".join(m.id for m in served) or "none yet"
        return (f"There is no {what} called '{name}'. Available: {names}. Install one with "
                "`hearth models pull` or `hearth models import PATH`.")

    # completions -----------------------------------------------------------------------

    def stream(self, request: CompletionRequest,
               cancel: CancelToken) -> Iterator[Event | Citations | Started]:
        """One completion's events on the shared scheduler (the window's models, its
        queue): what ``CompletionService.stream`` yields."""
        if request.session is None and request.prompt is None:
            request.session = session_for(request.messages)
        return self.services.completion.stream(request, cancel)

    def max_tokens_default(self) -> int:
        """max_tokens for a request that gives none: the context length."""
        return self.services.settings.n_ctx

    def preload(self) -> None:
        """Load the configured model now (``hearth serve --model``)."""
        if self.config.model:
            self.services.scheduler.preload(self.resolve(self.config.model).model)

    def residents(self) -> list[Resident]:
        """The loaded models, busy or idle, and how many replies wait for each."""
        return self.services.scheduler.residents()

    # embeddings ------------------------------------------------------------------------

    def embed(self, name: str, texts: Sequence[str]) -> tuple[list[list[float]], int]:
        """Vectors for ``texts`` with the embedding model ``name`` (an installed model, or
        the knowledge base's embedding model by its file name), and the tokens read."""
        return self._embedders.embed(name, texts)

    def close(self) -> None:
        self._embedders.close()
        self.db.close()


class _Embedders:
    """The embedding model last asked for, loaded once and kept until another is asked
    for or the server stops (embedding models are small; chat models go through the
    scheduler)."""

    def __init__(self, api: ApiService) -> None:
        self.api = api
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._embedder: Any = None

    def _path_for(self, name: str) -> Path:
        from app.kb.embed import configured_model_path

        with self.api._db_lock:
            model = self.api.library.get(name)
            try:
                configured = configured_model_path(self.api.db)
            except FileNotFoundError:
                configured = None
        if model is not None and model.present:
            return Path(model.path)
        if configured and name in (Path(configured).name, Path(configured).stem):
            return Path(configured)
        raise ModelNotFoundError(
            f"There is no embedding model called '{name}'. Import one with `hearth models "
            "import PATH` (a GGUF embedding model such as all-MiniLM-L6-v2), or name the "
            "knowledge base's embedding model by its file name.")

    def embed(self, name: str, texts: Sequence[str]) -> tuple[list[list[float]], int]:
        from app.kb.embed import load_embedder

        path = self._path_for(name)
        with self._lock:
            if self._path != path:
                self.close_locked()
                try:
                    self._embedder = load_embedder(path)
                except (ValueError, RuntimeError, OSError) as exc:
                    raise EngineError(f"{name} could not be loaded as an embedding model "
                                      f"({exc}). Choose an embedding model.") from exc
                self._path = path
            embedder = self._embedder
            assert embedder is not None
            vectors = embedder.embed(list(texts))
            tokens = sum(len(embedder.tokenize(t)) for t in texts)
        return [list(map(float, v)) for v in vectors], tokens

    def close_locked(self) -> None:
        if self._embedder is not None:
            self._embedder.close()
        self._embedder, self._path = None, None

    def close(self) -> None:
        with self._lock:
            self.close_locked()


@dataclass
class Timing:
    """What a route learns about its request while answering it (for the log)."""

    model: str = ""
    ttft_s: float | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    error: str = ""
    started: float = field(default_factory=time.perf_counter)
