"""Downloads that never leave a corrupt model under its final name.

The file is written to ``<name>.part`` beside its final place (same folder, so the same
volume) with the server's validators kept in ``<name>.part.json``. A dropped connection,
a stall, a pause or a killed process resumes with ``Range`` + ``If-Range``; when the
server's file changed (new ETag / Last-Modified, or a 200 answer to a Range request) the
download starts over. When all bytes are in, the size, the SHA-256 (the catalog's, else
the hub's content hash, else computed and recorded) and the GGUF header are checked, then
the file is validated in a child process (``validate_gguf``), and only then renamed into
place with one atomic ``os.replace``. ``<name>.lock`` keeps one download per file.

HTTP goes through httpx, chosen on purpose: the official ``ollama`` client already depends
on it (no extra package), it has a separate read timeout (which is how a stalled server is
noticed), streams bodies, follows the hub's redirects to its CDN, and speaks to HTTP and
SOCKS5 proxies (SOCKS through ``socksio``). The ``proxy`` setting chooses: none (direct),
system (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) or a manual URL; see
:func:`client_proxy_options`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from app.atomic import fsync_dir, write_atomic
from app.control import PauseControl
from app.i18n import N_, _
from app.models.catalog import PullTarget
from app.models.filelock import FileLock, LockBusyError
from app.models.gguf_meta import GGUF_MAGIC, GGUFInfo, InvalidModelError, check_header
from app.models.validate import remember_valid, validate_gguf
from app.settings import ProxySettings

#: Base URLs of the hubs; override one with HEARTH_ENDPOINT_<NAME> (HF_ENDPOINT for huggingface).
ENDPOINTS = {
    "huggingface": "https://huggingface.co",
    "hf-mirror": "https://hf-mirror.com",
    "modelscope": "https://www.modelscope.cn",
}
ENDPOINT_ORDER = ("huggingface", "hf-mirror", "modelscope")
CHUNK = 1 << 20
SPACE_MARGIN = 8 << 20
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
USER_AGENT = "Hearth/0.1 (+https://github.com/hearth)"


# errors ---------------------------------------------------------------------------------


class DownloadError(Exception):
    """A download failed; the message says what happened and what to do."""


class NotFoundError(DownloadError):
    """No endpoint has the file (404/410), or it needs a login (401/403)."""


class OfflineError(DownloadError):
    """No endpoint could be reached."""


class NoSpaceError(DownloadError):
    """The disk is (or became) too full for the file."""


class ChecksumMismatchError(DownloadError):
    """The bytes received are not the file expected; the bad file was removed."""


class HtmlServedError(DownloadError):
    """The server answered with a web page instead of the model."""


class BadModelFileError(DownloadError):
    """The file arrived whole but is not a usable model file; it was removed."""


class DownloadCancelled(DownloadError):
    """The user cancelled; the partial file was removed."""


class DownloadStopped(DownloadCancelled):
    """Stopped for now (the window closed); the partial file is kept to resume later."""


class DownloadBusyError(DownloadError):
    """The same file is already being downloaded by another window or process."""


class _Transient(Exception):
    """A dropped connection, a stall or a server hiccup: retry and resume."""

    def __init__(self, message: str, *, connect: bool = False) -> None:
        super().__init__(message)
        self.connect = connect


class _Restart(Exception):
    """The server's file is not the one the partial file came from: start over."""


# events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadProgress:
    """Bytes so far, total (None if the server did not say), speed and time left."""

    done: int
    total: int | None
    speed_bps: float | None
    eta_s: float | None

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass(frozen=True)
class DownloadStatus:
    """A step: connecting, resuming, restarting, retrying, paused, verifying, validating, done."""

    stage: str
    message: str


DownloadEvent = DownloadProgress | DownloadStatus
EventSink = Callable[[DownloadEvent], None]


class DownloadControl(PauseControl):
    """Pause, resume and cancel a running download from any thread.

    ``cancel()`` gives up and removes what was downloaded; ``stop()`` ends the download but
    keeps the partial file, so the next download of the same file resumes it.
    """

    def __init__(self) -> None:
        super().__init__()
        self.keep_partial = False

    def stop(self) -> None:
        self.keep_partial = True
        self.cancel()


@dataclass
class DownloadResult:
    """A verified file under its final name."""

    path: Path
    size: int
    sha256: str
    sha256_source: str  # "catalog", "server" or "computed"
    url: str
    info: GGUFInfo | None = None
    resumed_from: int = 0
    restarts: int = 0


# endpoints ------------------------------------------------------------------------------


def endpoint_base(name: str) -> str:
    """The base URL of a hub, after environment overrides."""
    override = os.environ.get("HEARTH_ENDPOINT_" + name.upper().replace("-", "_"))
    if not override and name == "huggingface":
        override = os.environ.get("HF_ENDPOINT")
    return (override or ENDPOINTS[name]).rstrip("/")


def endpoint_order(first: str, order: Sequence[str] = ENDPOINT_ORDER) -> list[str]:
    """The chosen endpoint first, then the others in ``order``."""
    return [first] + [name for name in order if name != first]


def target_urls(target: PullTarget, order: list[str]) -> list[tuple[str, str]]:
    """(endpoint, URL) for each endpoint in ``order`` that has a copy of the file."""
    urls = []
    for endpoint in order:
        hub = "modelscope" if endpoint == "modelscope" else "huggingface"
        source = target.sources.get(hub)
        if source is None or not source.file:
            continue
        base, path = endpoint_base(endpoint), quote(source.file)
        if hub == "modelscope":
            urls.append((endpoint,
                         f"{base}/models/{source.repo}/resolve/{source.revision or 'master'}/{path}"))
        else:
            urls.append((endpoint, f"{base}/{source.repo}/resolve/{source.revision or 'main'}/{path}"))
    return urls


# the download ---------------------------------------------------------------------------


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _state_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part.json")


def _lock_path(dest: Path) -> Path:
    """Locks live in a hidden folder beside the models, out of the user's way."""
    return dest.parent / ".locks" / (dest.name + ".lock")


@dataclass
class _State:
    """What is known about the partial file: where from and the server's validators."""

    url: str = ""
    etag: str | None = None
    last_modified: str | None = None
    total: int | None = None
    content_sha256: str | None = None
    restarts: int = 0

    @property
    def validator(self) -> str | None:
        if self.etag and not self.etag.startswith("W/"):
            return self.etag
        return self.last_modified


class _Position:
    """How far the partial file goes, and the running SHA-256 of its bytes."""

    def __init__(self, state: _State, hasher: Any = None, offset: int = 0) -> None:
        self.state = state
        self.hasher = hasher or hashlib.sha256()
        self.offset = offset

    def advance(self, chunk: bytes) -> None:
        self.hasher.update(chunk)
        self.offset += len(chunk)

    def restart(self, url: str) -> None:
        self.state = _State(url=url, restarts=self.state.restarts + 1)
        self.hasher, self.offset = hashlib.sha256(), 0


@dataclass
class Downloader:
    """Download one URL list (fallback order) to ``dest``; see the module docstring."""

    urls: list[str]
    dest: Path
    sha256: str | None = None
    on_event: EventSink | None = None
    control: DownloadControl = field(default_factory=DownloadControl)
    validate: bool = True
    validate_timeout_s: float = 60.0
    stall_timeout_s: float = 30.0
    connect_timeout_s: float = 15.0
    max_retries: int = 8
    backoff_s: float = 0.5
    client: httpx.Client | None = None
    proxy: ProxySettings | None = None
    #: checks a whole file that is not a GGUF (config, safetensors): returns nothing, raises
    #: InvalidModelError; None checks a GGUF header and validates it in a child process
    check_file: Callable[[Path], None] | None = None

    def run(self) -> DownloadResult:
        """Download, verify and rename into place; raises a DownloadError subclass on failure."""
        self.dest = Path(self.dest)
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(_lock_path(self.dest))
        try:
            lock.acquire()
        except LockBusyError:
            raise DownloadBusyError(
                f"{self.dest.name} is already being downloaded (by another window or "
                "`hearth` command). Wait for it to finish, or cancel it there.") from None
        client = self.client or new_client(self.proxy, self.stall_timeout_s,
                                           self.connect_timeout_s)
        try:
            return self._run_with_fallback(client)
        except DownloadCancelled:
            if not self.control.keep_partial:
                discard_partial(self.dest)
            raise
        except DownloadError:
            part = part_path(self.dest)
            if not part.exists() or part.stat().st_size == 0:
                discard_partial(self.dest)
            raise
        finally:
            if self.client is None:
                client.close()
            lock.release()

    # fallback over endpoints

    def _run_with_fallback(self, client: httpx.Client) -> DownloadResult:
        failures: list[DownloadError] = []
        for index, url in enumerate(self.urls):
            try:
                return self._download(client, url)
            except (NotFoundError, OfflineError, HtmlServedError) as exc:
                failures.append(exc)
                if index + 1 < len(self.urls):
                    self._emit(DownloadStatus(
                        "fallback", f"{_host(url)} failed ({exc}); trying {_host(self.urls[index + 1])}"))
        if not failures:
            raise NotFoundError("No download location is known for this model.")
        if len(failures) == 1:
            raise failures[0]
        raise _all_failed(self.urls, failures)

    def _download(self, client: httpx.Client, url: str) -> DownloadResult:
        pos = self._open_partial(url)
        resumed_from = pos.offset
        retries, failed_at = 0, -1
        while pos.state.total is None or pos.offset < pos.state.total:
            self._check_control()
            try:
                if self._transfer(client, url, pos):
                    break
                retries = 0  # paused; the next request resumes
            except _Restart as exc:
                self._emit(DownloadStatus("restarting", str(exc)))
                pos.restart(url)
                _truncate(part_path(self.dest))
                if pos.state.restarts > self.max_retries:
                    raise DownloadError(
                        f"The file at {_host(url)} kept changing while it was downloaded. "
                        "Try again later, or choose another endpoint.") from exc
            except _Transient as exc:
                retries = 1 if pos.offset > failed_at else retries + 1
                failed_at = pos.offset
                limit = 2 if exc.connect and pos.offset == 0 else self.max_retries
                if retries > limit:
                    raise self._gave_up(url, exc, pos.offset) from exc
                self._emit(DownloadStatus(
                    "retrying", f"Connection problem ({exc}); resuming at "
                    f"{pos.offset / 2**20:,.1f} MB (attempt {retries} of {limit})"))
                self._sleep(min(self.backoff_s * 2 ** (retries - 1), 10.0))
        return self._finish(url, pos, resumed_from)

    def _gave_up(self, url: str, exc: _Transient, offset: int) -> DownloadError:
        if exc.connect and offset == 0:
            return OfflineError(
                f"Could not reach {_host(url)} ({exc}). Check the internet connection and "
                "proxy settings, or choose another endpoint (hf-mirror or ModelScope).")
        kept = (f" The {offset / 2**20:,.1f} MB received are kept; download again to "
                "resume.") if offset else ""
        return DownloadError(f"The download from {_host(url)} kept failing ({exc})." + kept)

    # one HTTP request

    def _transfer(self, client: httpx.Client, url: str, pos: _Position) -> bool:
        """One GET; True when every byte is in, False when paused. Raises _Transient/_Restart."""
        headers = {}
        if pos.offset > 0:
            headers["Range"] = f"bytes={pos.offset}-"
            if pos.state.validator:
                headers["If-Range"] = pos.state.validator
            self._emit(DownloadStatus("resuming", f"Resuming at {pos.offset / 2**20:,.1f} MB"))
        else:
            self._emit(DownloadStatus("connecting", f"Connecting to {_host(url)}"))
        try:
            with client.stream("GET", url, headers=headers) as response:
                self._check_response(response, url, pos.state, pos.offset)
                if response.status_code == 200 and pos.offset > 0:
                    changed = _validators(response) != (pos.state.etag, pos.state.last_modified)
                    raise _Restart("the server's file changed; starting again" if changed else
                                   "the server ignored the resume request; starting again")
                self._remember_validators(response, pos.state, url)
                self._check_space(pos.state.total, pos.offset)
                return self._receive(response, pos)
        except httpx.ConnectError as exc:
            raise _Transient(f"could not connect: {exc}", connect=True) from exc
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise _Transient(_describe(exc)) from exc

    def _check_response(self, response: httpx.Response, url: str, state: _State,
                        offset: int) -> None:
        status = response.status_code
        if status in (404, 410):
            raise NotFoundError(f"{_host(url)} has no such file ({status}): {_path(url)}")
        if status in (401, 403):
            raise NotFoundError(
                f"{_host(url)} refused the file ({status}): it may be gated and need a login "
                "on the hub's website, or be private. Choose another model or endpoint.")
        if status == 416:
            raise _Restart("the server no longer has the bytes asked for")
        if status >= 500 or status == 429:
            raise _Transient(f"server error {status}")
        if status not in (200, 206):
            raise DownloadError(f"{_host(url)} answered {status} for {_path(url)}.")
        if "html" in response.headers.get("content-type", "").lower():
            raise HtmlServedError(
                f"{_host(url)} sent a web page instead of the model (a login, error or "
                "captive-portal page). Try another endpoint, or check the network.")
        if status == 206:
            start, total = _content_range(response.headers.get("content-range", ""))
            if start != offset or (state.total is not None and total != state.total):
                raise _Restart("the server's file changed size; starting again")
            etag, modified = _validators(response)
            if (etag and state.etag and etag != state.etag) or (
                    not etag and modified and state.last_modified
                    and modified != state.last_modified):
                raise _Restart("the server's file changed; starting again")

    def _remember_validators(self, response: httpx.Response, state: _State, url: str) -> None:
        if response.status_code == 200:
            length = response.headers.get("content-length")
            state.total = int(length) if length and length.isdigit() else None
            state.etag, state.last_modified = _validators(response)
            state.content_sha256 = _server_sha256(response)
        state.url = url
        _save_state(self.dest, state)

    def _check_space(self, total: int | None, offset: int) -> None:
        if total is None:
            return
        needed = total - offset + SPACE_MARGIN
        free = shutil.disk_usage(self.dest.parent).free
        if free < needed:
            raise NoSpaceError(
                f"Not enough disk space for {self.dest.name}: it needs {needed / 2**20:,.0f} MB "
                f"more ({offset / 2**20:,.0f} MB already downloaded), but {self.dest.parent} "
                f"has {free / 2**20:,.0f} MB free. Free some space, or choose another models "
                "folder in Settings.")

    def _receive(self, response: httpx.Response, pos: _Position) -> bool:
        meter = _Meter(pos.offset, pos.state.total)
        with _open_part(part_path(self.dest), pos.offset) as handle:
            try:
                for chunk in response.iter_bytes():
                    if pos.offset == 0:
                        self._check_first_bytes(chunk)
                    _write(handle, chunk, self.dest, pos.offset)
                    pos.advance(chunk)
                    if meter.due(pos.offset):
                        self._emit(meter.event(pos.offset))
                    if self.control.cancelled:
                        raise self._cancelled()
                    if self.control.paused:
                        return False
            finally:
                _flush(handle)
        self._emit(meter.event(pos.offset))
        if pos.state.total is not None and pos.offset < pos.state.total:
            raise _Transient("the connection closed early")
        if pos.state.total is not None and pos.offset > pos.state.total:
            raise _Restart("the server sent more bytes than it announced")
        return True

    def _check_first_bytes(self, chunk: bytes) -> None:
        head = chunk[:64].lstrip().lower()
        if head.startswith((b"<!doctype", b"<html", b"<head")):
            raise HtmlServedError(
                "The server sent a web page instead of the model (a login, error or "
                "captive-portal page). Try another endpoint, or check the network.")
        if self.dest.suffix.lower() == ".gguf" and len(chunk) >= 4 and chunk[:4] != GGUF_MAGIC:
            raise BadModelFileError(
                f"The server's {self.dest.name} is not a GGUF model (it does not start with "
                "'GGUF'). Check the file name, or choose another model.")

    # partial file and the end

    def _open_partial(self, url: str) -> _Position:
        """Keep a partial file only when the server can prove it is still the same file."""
        part = part_path(self.dest)
        state = _load_state(self.dest)
        if not part.exists() or state is None or not state.validator or state.total is None \
                or part.stat().st_size > state.total:
            _truncate(part)
            return _Position(_State(url=url))
        size = part.stat().st_size
        self._emit(DownloadStatus(
            "checking", f"Checking the {size / 2**20:,.1f} MB already downloaded"))
        return _Position(state, _hash_file(part), size)

    def _finish(self, url: str, pos: _Position, resumed_from: int) -> DownloadResult:
        part, state, size = part_path(self.dest), pos.state, pos.offset
        self._emit(DownloadStatus("verifying", "Verifying size and SHA-256"))
        digest = pos.hasher.hexdigest()
        expected, source = self._expected_sha256(state)
        if state.total is not None and size != state.total:
            discard_partial(self.dest)
            raise DownloadError(f"{self.dest.name} arrived with {size:,} bytes instead of "
                                f"{state.total:,}. Download it again.")
        if expected and digest != expected:
            discard_partial(self.dest)
            raise ChecksumMismatchError(
                f"{self.dest.name} is damaged: its SHA-256 is {digest[:12]}… but the "
                f"{source} says {expected[:12]}…. The bad file was removed; download it "
                "again, or from another endpoint.")
        info = self._check_model(part)
        os.replace(part, self.dest)
        fsync_dir(self.dest.parent)
        if info is not None:
            info.path = str(self.dest)
            remember_valid(self.dest, info)  # the engine need not check it again
        _state_path(self.dest).unlink(missing_ok=True)
        self._emit(DownloadStatus("done", f"{self.dest.name} verified and saved"))
        return DownloadResult(self.dest, size, digest, source if expected else "computed", url,
                              info, resumed_from, state.restarts)

    def _expected_sha256(self, state: _State) -> tuple[str | None, str]:
        if self.sha256:
            return self.sha256.lower(), "catalog"
        if state.content_sha256:
            return state.content_sha256, "server"
        return None, "computed"

    def _check_model(self, part: Path) -> GGUFInfo | None:
        self._emit(DownloadStatus("validating", f"Checking {self.dest.name}"))
        try:
            if self.check_file is not None:
                self.check_file(part)
                return None
            check_header(part)
            if self.validate:
                return validate_gguf(part, timeout_s=self.validate_timeout_s)
        except InvalidModelError as exc:
            discard_partial(self.dest)
            message = str(exc).replace(part.name, self.dest.name)
            error = HtmlServedError if "web page" in message else BadModelFileError
            raise error(message + " The downloaded file was removed.") from exc
        return None

    def _check_control(self) -> None:
        if self.control.cancelled:
            raise self._cancelled()
        if self.control.paused:
            done = partial_bytes(self.dest)
            self._emit(DownloadStatus(
                "paused", f"Paused {self.dest.name} at {done / 2**20:,.1f} MB"))
            self.control.wait_while_paused()
            if self.control.cancelled:
                raise self._cancelled()

    def _cancelled(self) -> DownloadCancelled:
        if self.control.keep_partial:
            return DownloadStopped(f"Download of {self.dest.name} stopped; what arrived is "
                                   "kept and the next download resumes it.")
        return DownloadCancelled(f"Download of {self.dest.name} cancelled.")

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.control.cancelled:
            time.sleep(min(0.05, seconds))

    def _emit(self, event: DownloadEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)


def download_file(urls: list[str], dest: Path, **options) -> DownloadResult:
    """Download ``urls`` (tried in order) to ``dest``; options as :class:`Downloader`'s fields."""
    return Downloader(urls=list(urls), dest=Path(dest), **options).run()


def partial_bytes(dest: Path) -> int:
    """Bytes of ``dest`` already downloaded and kept for resuming (0 when none)."""
    try:
        return part_path(dest).stat().st_size
    except OSError:
        return 0


def discard_partial(dest: Path) -> None:
    """Remove a download's partial file and its state (not the lock, not the final file)."""
    part_path(dest).unlink(missing_ok=True)
    _state_path(dest).unlink(missing_ok=True)


# helpers --------------------------------------------------------------------------------


class _Meter:
    """Speed over the last few seconds, and events at most four times a second."""

    def __init__(self, start: int, total: int | None) -> None:
        self.total = total
        self.samples: list[tuple[float, int]] = [(time.monotonic(), start)]
        self.last_emit = 0.0

    def due(self, done: int) -> bool:
        now = time.monotonic()
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > 3.0:
            self.samples.pop(0)
        return now - self.last_emit >= 0.25

    def event(self, done: int, force: bool = False) -> DownloadProgress:
        self.last_emit = time.monotonic()
        (t0, d0), (t1, d1) = self.samples[0], self.samples[-1]
        speed = (d1 - d0) / (t1 - t0) if t1 > t0 else None
        eta = (self.total - done) / speed if speed and self.total else None
        return DownloadProgress(done, self.total, speed, eta)


def client_proxy_options(proxy: ProxySettings | None) -> dict[str, Any]:
    """httpx options for the proxy setting: direct, the environment's variables, or a URL."""
    if proxy is None or proxy.mode == "system":
        return {"trust_env": True}
    if proxy.mode == "none":
        return {"trust_env": False}
    return {"trust_env": True, "proxy": proxy.url.strip()}  # an explicit proxy wins over env


def new_client(proxy: ProxySettings | None = None, stall_timeout_s: float = 30.0,
               connect_timeout_s: float = 15.0) -> httpx.Client:
    """The HTTP client downloads and hub listings use (redirects, read timeout, proxy)."""
    timeout = httpx.Timeout(connect=connect_timeout_s, read=stall_timeout_s, write=30.0,
                            pool=connect_timeout_s)
    try:
        return httpx.Client(follow_redirects=True, timeout=timeout,
                            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"},
                            **client_proxy_options(proxy))
    except ImportError as exc:  # socks5:// without socksio
        raise DownloadError(f"The SOCKS proxy cannot be used: {exc}") from exc
    except ValueError as exc:
        raise DownloadError(f"The proxy setting is not usable ({exc}). Fix it in Settings, "
                            "or choose 'system' or 'none'.") from exc


def _validators(response: httpx.Response) -> tuple[str | None, str | None]:
    return response.headers.get("etag"), response.headers.get("last-modified")


def _server_sha256(response: httpx.Response) -> str | None:
    """The hub's content hash: Hugging Face sends an LFS file's SHA-256 as (X-Linked-)ETag."""
    for resp in [*response.history, response]:
        for name in ("x-linked-etag", "etag"):
            value = (resp.headers.get(name) or "").strip()
            value = value.removeprefix("W/").strip('"').lower()
            if _SHA256_RE.match(value):
                return value
    return None


def _content_range(value: str) -> tuple[int, int | None]:
    match = re.match(r"bytes (\d+)-(\d+)/(\d+|\*)", value.strip())
    if not match:
        raise _Restart("the server's answer to the resume request made no sense; starting again")
    total = match.group(3)
    return int(match.group(1)), int(total) if total != "*" else None


def _open_part(part: Path, offset: int):
    handle = part.open("r+b" if part.exists() else "wb")
    handle.truncate(offset)
    handle.seek(offset)
    return handle


def _write(handle, chunk: bytes, dest: Path, offset: int) -> None:
    try:
        handle.write(chunk)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            raise NoSpaceError(
                f"The disk filled up while downloading {dest.name} ({exc.strerror}). The "
                f"{offset / 2**20:,.1f} MB received are kept in {part_path(dest).name}; free "
                "some space and download again to resume, or remove the model to delete "
                "them.") from exc
        raise


def _flush(handle) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _truncate(part: Path) -> None:
    if part.exists():
        with part.open("r+b") as handle:
            handle.truncate(0)


def _hash_file(path: Path) -> Any:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            hasher.update(block)
    return hasher


def _load_state(dest: Path) -> _State | None:
    try:
        data = json.loads(_state_path(dest).read_text(encoding="utf-8"))
        return _State(**{k: v for k, v in data.items() if k in _State.__dataclass_fields__})
    except (OSError, ValueError, TypeError):
        return None


def _save_state(dest: Path, state: _State) -> None:
    write_atomic(_state_path(dest), json.dumps(state.__dict__), durable=False)


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.ReadTimeout):
        return "the server stopped sending"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return str(exc) or type(exc).__name__


def _host(url: str) -> str:
    return httpx.URL(url).host or url


def _path(url: str) -> str:
    return httpx.URL(url).path


#: what to do when every location failed the same way (none of them is worth retrying)
_ALL_FAILED_ADVICE: dict[type, str] = {
    OfflineError: N_("None could be reached: check the internet connection and the proxy "
                     "settings, then download again."),
    NotFoundError: N_("None has the file: it may have been renamed, made private or need a "
                      "login on the hub's website. Choose another model."),
    HtmlServedError: N_("Each answered with a web page instead of the file (a login or "
                        "captive-portal page): check the network, then download again."),
}


def _all_failed(urls: Sequence[str], failures: list[DownloadError]) -> DownloadError:
    """One error naming every location tried with its reason (not only the last, and
    not suggesting one that was already tried)."""
    tried = [_host(u) for u in urls[: len(failures)]]
    kinds = {type(f) for f in failures}
    same = len(kinds) == 1
    kind = next(iter(kinds)) if same else NotFoundError
    later = N_("Try again later.")
    advice = (_(_ALL_FAILED_ADVICE.get(kind, later)) if same else
              _("Check the internet connection and the proxy settings, or choose another "
                "model."))
    detail = "; ".join(f"{host}: {_first_sentence(str(f))}"
                       for host, f in zip(tried, failures, strict=False))
    return kind(_("Tried {count} download locations ({hosts}). {advice} ({detail})").format(
        count=len(failures), hosts=", ".join(dict.fromkeys(tried)), advice=advice,
        detail=detail))


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
