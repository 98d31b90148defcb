"""Hugging Face model folders (safetensors, AWQ, GPTQ) for the GPU engines, pulled whole.

vLLM and LMDeploy load a folder: ``config.json``, the tokenizer files and the weights as
``*.safetensors``. A folder pull

1. lists the repo through the hub's API. Hugging Face (and hf-mirror):
   ``GET {endpoint}/api/models/{repo}/revision/{rev}`` gives the commit (``sha``) that
   pins every file to one version, then ``GET {endpoint}/api/models/{repo}/tree/{commit}``
   (paged with ``Link: <...>; rel="next"``) gives each file's ``path``, ``size``, git
   ``oid`` and, for LFS files, ``lfs.oid`` (the SHA-256 of the content). ModelScope:
   ``GET {endpoint}/api/v1/models/{repo}/repo/files?Revision=&Recursive=true`` gives
   ``Data.Files[]`` with ``Path``, ``Type``, ``Size`` and ``Sha256``;
2. keeps what the engines need (:func:`select_files`): top-level config, tokenizer and
   generation files and the ``*.safetensors`` weights (``*.bin``/``*.pth`` only when the
   repo has no safetensors, never both);
3. checks the free space for the whole set (counting what is already downloaded);
4. downloads each file into ``<folder>.partial/`` with the resumable, verified
   :class:`~app.models.download.Downloader` (SHA-256 from LFS or ModelScope; small files
   against their git blob id), checking each safetensors header (8-byte length + JSON
   whose tensors fill the file exactly) and that each JSON file parses;
5. writes ``hearth-folder.json`` (what came from where) and renames the folder into place
   with one atomic ``os.replace``. A killed pull resumes from ``<folder>.partial/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from app.atomic import fsync_dir, write_atomic
from app.models.catalog import FolderTarget
from app.models.download import (
    SPACE_MARGIN,
    DownloadCancelled,
    DownloadControl,
    DownloadError,
    DownloadProgress,
    DownloadStatus,
    EventSink,
    HtmlServedError,
    NoSpaceError,
    NotFoundError,
    OfflineError,
    discard_partial,
    download_file,
    endpoint_base,
    new_client,
    partial_bytes,
)
from app.models.filelock import FileLock, LockBusyError
from app.models.gguf_meta import InvalidModelError
from app.settings import ProxySettings

MANIFEST = "hearth-folder.json"
_STATE = ".hearth-snapshot.json"
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_SHA1_RE = re.compile(r"^[0-9a-f]{40}$")
#: a safetensors header larger than this is damage, not a model (real ones are < 10 MB)
MAX_SAFETENSORS_HEADER = 100 * 2**20
#: git blob ids are checked for files up to this size (LFS files carry a SHA-256 instead)
GIT_OID_LIMIT = 64 * 2**20

#: top-level files an engine reads besides the weights
SUPPORT_FILES = frozenset({
    "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
    "tokenizer.model", "special_tokens_map.json", "added_tokens.json", "vocab.json",
    "vocab.txt", "merges.txt", "chat_template.json", "chat_template.jinja",
    "preprocessor_config.json", "quantize_config.json", "quant_config.json",
    "model.safetensors.index.json", "pytorch_model.bin.index.json",
})
LEGACY_WEIGHTS = (".bin", ".pth", ".pt")


class NotAModelFolderError(DownloadError):
    """The repo has no config.json or no weights an engine can load."""


# listing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepoFile:
    """One file of a repo: its path, size, and what its content must hash to."""

    path: str
    size: int | None = None
    sha256: str | None = None
    git_oid: str | None = None  # SHA-1 of "blob {size}\0" + content, for non-LFS files


@dataclass(frozen=True)
class RepoListing:
    """A repo's files at one commit on one endpoint."""

    endpoint: str
    repo: str
    revision: str
    commit: str
    files: tuple[RepoFile, ...]

    def url(self, path: str, endpoint: str | None = None) -> str:
        """The file's download URL on ``endpoint`` (default: the one that listed it)."""
        endpoint = endpoint or self.endpoint
        base, quoted = endpoint_base(endpoint), quote(path)
        if endpoint == "modelscope":
            return f"{base}/models/{self.repo}/resolve/{self.revision}/{quoted}"
        return f"{base}/{self.repo}/resolve/{self.commit}/{quoted}"


def list_repo(client: httpx.Client, endpoint: str, repo: str,
              revision: str | None = None) -> RepoListing:
    """The repo's files on ``endpoint``; raises a DownloadError subclass saying why not."""
    if endpoint == "modelscope":
        return _list_modelscope(client, repo, revision or "master")
    return _list_hf(client, endpoint, repo, revision or "main")


def _list_hf(client: httpx.Client, endpoint: str, repo: str, revision: str) -> RepoListing:
    base = endpoint_base(endpoint)
    info = _get_json(client, f"{base}/api/models/{repo}/revision/{quote(revision, safe='')}",
                     repo)
    commit = str(info.get("sha") or revision) if isinstance(info, dict) else revision
    files: list[RepoFile] = []
    url: str | None = f"{base}/api/models/{repo}/tree/{quote(commit, safe='')}"
    while url:
        response = _get(client, url, repo)
        entries = _json_of(response, url)
        if not isinstance(entries, list):
            raise DownloadError(f"{_host(url)} answered the file list of {repo} with "
                                "something that is not a list. Try another endpoint.")
        files += [_hf_file(e) for e in entries if isinstance(e, dict) and e.get("type") == "file"]
        url = response.links.get("next", {}).get("url")
    return RepoListing(endpoint, repo, revision, commit, tuple(files))


def _hf_file(entry: dict[str, Any]) -> RepoFile:
    lfs = entry.get("lfs") if isinstance(entry.get("lfs"), dict) else None
    sha256 = str(lfs.get("oid") or lfs.get("sha256") or "").lower() if lfs else ""
    oid = str(entry.get("oid") or "").lower()
    size = (lfs or {}).get("size", entry.get("size"))
    return RepoFile(str(entry["path"]), int(size) if isinstance(size, int) else None,
                    sha256 if _SHA256_RE.match(sha256) else None,
                    oid if not lfs and _SHA1_RE.match(oid) else None)


def _list_modelscope(client: httpx.Client, repo: str, revision: str) -> RepoListing:
    base = endpoint_base("modelscope")
    url = f"{base}/api/v1/models/{repo}/repo/files"
    data = _get_json(client, url, repo, params={"Revision": revision, "Recursive": "true"})
    if not isinstance(data, dict) or data.get("Code", 200) != 200 \
            or not isinstance((data.get("Data") or {}).get("Files"), list):
        message = data.get("Message") if isinstance(data, dict) else None
        raise NotFoundError(f"ModelScope has no model {repo} at {revision}"
                            + (f" ({message})" if message else "") + ".")
    files = []
    for entry in data["Data"]["Files"]:
        if not isinstance(entry, dict) or entry.get("Type") == "tree":
            continue
        sha256 = str(entry.get("Sha256") or "").lower()
        size = entry.get("Size")
        files.append(RepoFile(str(entry.get("Path") or entry.get("Name")),
                              int(size) if isinstance(size, int) else None,
                              sha256 if _SHA256_RE.match(sha256) else None))
    return RepoListing("modelscope", repo, revision, revision, tuple(files))


def _get(client: httpx.Client, url: str, repo: str, **kwargs: Any) -> httpx.Response:
    try:
        response = client.get(url, **kwargs)
    except httpx.ConnectError as exc:
        raise OfflineError(f"Could not reach {_host(url)} ({exc}). Check the internet "
                           "connection and proxy settings, or choose another endpoint.") from exc
    except httpx.HTTPError as exc:
        raise OfflineError(f"{_host(url)} did not answer the file list of {repo} ({exc}). "
                           "Try again, or choose another endpoint.") from exc
    status, code = response.status_code, response.headers.get("x-error-code", "")
    if code == "RepoNotFound" or (status in (404, 410) and code != "RevisionNotFound"):
        raise NotFoundError(f"{_host(url)} has no model {repo}. Check the name (owner/repo, "
                            "as on the hub's page).")
    if code == "RevisionNotFound":
        raise NotFoundError(f"{repo} on {_host(url)} has no such revision. Check what follows "
                            "the @, or leave it out for the newest.")
    if status in (401, 403):
        raise NotFoundError(f"{_host(url)} refused to list {repo} ({status}): it is gated and "
                            "needs a login on the hub's website, or it is private.")
    if status != 200:
        raise DownloadError(f"{_host(url)} answered {status} when listing {repo}. Try again "
                            "later, or choose another endpoint.")
    if "html" in response.headers.get("content-type", "").lower():
        raise HtmlServedError(f"{_host(url)} sent a web page instead of the file list of "
                              f"{repo}. Try another endpoint, or check the network.")
    return response


def _get_json(client: httpx.Client, url: str, repo: str, **kwargs: Any) -> Any:
    return _json_of(_get(client, url, repo, **kwargs), url)


def _json_of(response: httpx.Response, url: str) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise DownloadError(f"{_host(url)} sent a file list that is not JSON. Try another "
                            "endpoint.") from exc


# choosing files ---------------------------------------------------------------------------


def select_files(files: tuple[RepoFile, ...] | list[RepoFile], repo: str) -> list[RepoFile]:
    """The top-level files an engine needs; raises NotAModelFolderError when it cannot run."""
    top = [f for f in files if "/" not in f.path]
    safetensors = [f for f in top if f.path.endswith(".safetensors")]
    weights = safetensors or [f for f in top if f.path.endswith(LEGACY_WEIGHTS)
                              and f.path.startswith("pytorch_model")]
    support = [f for f in top if f.path in SUPPORT_FILES or f.path.endswith(".tiktoken")]
    if safetensors:
        support = [f for f in support if f.path != "pytorch_model.bin.index.json"]
    names = {f.path for f in top}
    if "config.json" not in names:
        raise NotAModelFolderError(
            f"{repo} has no config.json, so it is not a model folder the GPU engines can "
            "load. For a GGUF, pull owner/repo/file.gguf instead.")
    if not weights:
        raise NotAModelFolderError(
            f"{repo} has no *.safetensors weights at its top level. If it holds GGUF files, "
            "pull one as owner/repo/file.gguf.")
    return sorted(support + weights, key=lambda f: (f in weights, f.path))


# checking files ---------------------------------------------------------------------------


def check_safetensors(path: Path) -> None:
    """An 8-byte little-endian header length, a JSON header, and tensors that fill the file."""
    size, name = path.stat().st_size, _final_name(path)
    with path.open("rb") as handle:
        head = handle.read(8)
        if len(head) < 8:
            raise InvalidModelError(f"{name} is only {size} bytes: cut short, not a safetensors "
                                    "file. Download it again.")
        (length,) = struct.unpack("<Q", head)
        if length < 2 or length > min(size - 8, MAX_SAFETENSORS_HEADER):
            raise InvalidModelError(f"{name} claims a {length:,}-byte header in a {size:,}-byte "
                                    "file: it is damaged. Download it again.")
        raw = handle.read(length)
    try:
        header = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict):
        raise InvalidModelError(f"{name}'s header is not a JSON object: the file is damaged. "
                                "Download it again.")
    end = _tensors_end(header, name)
    if 8 + length + end != size:
        raise InvalidModelError(
            f"{name}'s header describes {end:,} bytes of tensors but the file holds "
            f"{size - 8 - length:,}: it is cut short or damaged. Download it again.")


def _tensors_end(header: dict[str, Any], name: str) -> int:
    end = 0
    for key, tensor in header.items():
        if key == "__metadata__":
            continue
        offsets = tensor.get("data_offsets") if isinstance(tensor, dict) else None
        if not (isinstance(offsets, list) and len(offsets) == 2
                and all(isinstance(o, int) for o in offsets) and 0 <= offsets[0] <= offsets[1]
                and isinstance(tensor.get("dtype"), str)
                and isinstance(tensor.get("shape"), list)):
            raise InvalidModelError(f"{name}'s header entry for {key!r} is malformed: the file "
                                    "is damaged. Download it again.")
        end = max(end, offsets[1])
    return end


def check_json(path: Path) -> None:
    """The file is a JSON document (config, tokenizer)."""
    try:
        json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidModelError(f"{_final_name(path)} is not valid JSON ({exc}): it is damaged. "
                                "Download it again.") from exc


def git_blob_oid(path: Path) -> str:
    """Git's blob id of a file: SHA-1 of ``blob <size>\\0`` + its bytes."""
    hasher = hashlib.sha1(f"blob {path.stat().st_size}\0".encode(), usedforsecurity=False)
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            hasher.update(block)
    return hasher.hexdigest()


def checker_for(file: RepoFile) -> Callable[[Path], None]:
    """What a downloaded file must pass before it is renamed into the folder."""

    def check(path: Path) -> None:
        if file.git_oid and path.stat().st_size <= GIT_OID_LIMIT \
                and git_blob_oid(path) != file.git_oid:
            raise InvalidModelError(f"{file.path} does not match the hub's git id "
                                    f"{file.git_oid[:12]}…: it is damaged. Download it again.")
        if file.path.endswith(".safetensors"):
            check_safetensors(path)
        elif file.path.endswith(".json"):
            check_json(path)

    return check


def _final_name(path: Path) -> str:
    return path.name.removesuffix(".part")


# the pull ---------------------------------------------------------------------------------


@dataclass
class FolderResult:
    """A verified folder under its final name."""

    path: Path
    size: int
    digest: str  # SHA-256 over "path sha256" lines: the folder's identity
    listing: RepoListing
    files: list[dict[str, Any]] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)


@dataclass
class SnapshotDownloader:
    """Pull ``target`` into ``models_dir/target.folder_name``; see the module docstring."""

    target: FolderTarget
    models_dir: Path
    endpoints: list[str]
    on_event: EventSink | None = None
    control: DownloadControl = field(default_factory=DownloadControl)
    proxy: ProxySettings | None = None
    client: httpx.Client | None = None
    download_options: dict[str, Any] = field(default_factory=dict)

    @property
    def dest(self) -> Path:
        return self.models_dir / self.target.folder_name

    @property
    def partial(self) -> Path:
        return self.models_dir / (self.target.folder_name + ".partial")

    def run(self) -> FolderResult:
        """List, download, verify and rename into place; raises a DownloadError subclass."""
        self.models_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.models_dir / ".locks" / (self.target.folder_name + ".lock"))
        try:
            lock.acquire()
        except LockBusyError:
            raise DownloadError(f"{self.target.name} is already being downloaded (by another "
                                "window or `hearth` command). Wait for it to finish.") from None
        client = self.client or new_client(self.proxy, **_client_timeouts(self.download_options))
        try:
            return self._run(client)
        except DownloadCancelled:
            if not self.control.keep_partial:
                shutil.rmtree(self.partial, ignore_errors=True)
            raise
        finally:
            if self.client is None:
                client.close()
            lock.release()

    def _run(self, client: httpx.Client) -> FolderResult:
        listing = self._list(client)
        files = select_files(listing.files, listing.repo)
        self.partial.mkdir(exist_ok=True)
        done = self._kept_files(listing, files)
        self._check_space(files, done)
        total = sum(f.size or 0 for f in files)
        for index, file in enumerate(files, 1):
            if file.path not in done:
                done[file.path] = self._fetch(client, listing, file, done, total)
                self._save_state(listing, done)
            self._emit(DownloadStatus("file-done", f"[{index}/{len(files)}] {file.path} verified"))
        return self._finish(listing, files, done)

    def _list(self, client: httpx.Client) -> RepoListing:
        failures: list[tuple[str, DownloadError]] = []
        for endpoint in self.endpoints:
            source = self.target.sources.get("modelscope" if endpoint == "modelscope"
                                             else "huggingface")
            if source is None:
                continue
            self._emit(DownloadStatus("listing", f"Listing {source.repo} on {endpoint}"))
            try:
                return list_repo(client, endpoint, source.repo, source.revision)
            except DownloadError as exc:
                failures.append((endpoint, exc))
                self._emit(DownloadStatus("fallback", f"{endpoint}: {exc}"))
            if self.control.cancelled:
                raise DownloadCancelled(f"Download of {self.target.name} cancelled.")
        if not failures:
            raise NotFoundError(f"No download location is known for {self.target.name}.")
        if len({type(exc) for _, exc in failures}) == 1:
            raise failures[-1][1]
        raise NotFoundError(f"No endpoint could list {self.target.name}. "
                            + "; ".join(f"{name}: {exc}" for name, exc in failures))

    def _kept_files(self, listing: RepoListing, files: list[RepoFile]) -> dict[str, dict]:
        """Files a previous, interrupted pull finished that are still the ones wanted."""
        state = _load_state(self.partial)
        same_commit = state.get("repo") == listing.repo and state.get("commit") == listing.commit
        kept = {}
        for file in files:
            record = state.get("files", {}).get(file.path)
            path = self.partial / file.path
            if record and path.is_file() and path.stat().st_size == record["size"] \
                    and (file.size is None or file.size == record["size"]) \
                    and (record["sha256"] == file.sha256 if file.sha256 else same_commit):
                kept[file.path] = record
        return kept

    def _check_space(self, files: list[RepoFile], done: dict[str, dict]) -> None:
        missing = [f for f in files if f.path not in done]
        needed = sum(max((f.size or 0) - partial_bytes(self.partial / f.path), 0)
                     for f in missing) + SPACE_MARGIN
        free = shutil.disk_usage(self.partial).free
        if free < needed:
            have = sum(partial_bytes(self.partial / f.path) for f in missing) + sum(
                r["size"] for r in done.values())
            raise NoSpaceError(
                f"Not enough disk space for {self.target.name}: its {len(files)} files need "
                f"{needed / 2**20:,.0f} MB more ({have / 2**20:,.0f} MB already downloaded), "
                f"but {self.models_dir} has {free / 2**20:,.0f} MB free. Free some space, or "
                "choose another models folder.")

    def _fetch(self, client: httpx.Client, listing: RepoListing, file: RepoFile,
               done: dict[str, dict], total: int) -> dict[str, Any]:
        before = sum(r["size"] for r in done.values())
        urls = [listing.url(file.path)] + [
            listing.url(file.path, other) for other in self.endpoints
            if other != listing.endpoint and "modelscope" not in (other, listing.endpoint)]
        result = download_file(urls, self.partial / file.path, sha256=file.sha256,
                               on_event=self._file_events(before, total), control=self.control,
                               client=client, check_file=checker_for(file),
                               **self.download_options)
        if file.size is not None and result.size != file.size:
            discard_partial(result.path)
            result.path.unlink(missing_ok=True)
            raise DownloadError(f"{file.path} arrived with {result.size:,} bytes, but the hub "
                                f"lists {file.size:,}. Download it again.")
        return {"size": result.size, "sha256": result.sha256,
                "sha256_source": "hub" if file.sha256 else result.sha256_source}

    def _file_events(self, before: int, total: int) -> EventSink:
        def forward(event: DownloadProgress | DownloadStatus) -> None:
            if isinstance(event, DownloadProgress):
                done = before + event.done
                eta = (total - done) / event.speed_bps if event.speed_bps and total else None
                self._emit(DownloadProgress(done, total or None, event.speed_bps, eta))
            elif event.stage not in ("done", "verifying", "validating"):
                self._emit(event)
        return forward

    def _finish(self, listing: RepoListing, files: list[RepoFile],
                done: dict[str, dict]) -> FolderResult:
        self._emit(DownloadStatus("verifying", f"Checking the folder {self.target.folder_name}"))
        _check_index(self.partial, {f.path for f in files})
        _tidy(self.partial, {f.path for f in files})
        records = [{"path": f.path, **done[f.path]} for f in files]
        digest = hashlib.sha256("".join(f"{r['path']} {r['sha256']}\n" for r in records)
                                .encode()).hexdigest()
        manifest = {"repo": listing.repo, "endpoint": listing.endpoint,
                    "revision": listing.revision, "commit": listing.commit, "digest": digest,
                    "downloaded_at": time.time(), "files": records}
        write_atomic(self.partial / MANIFEST, json.dumps(manifest, indent=2))
        config = json.loads((self.partial / "config.json").read_text(encoding="utf-8"))
        _replace_dir(self.partial, self.dest)
        self._emit(DownloadStatus("done", f"{self.target.folder_name} verified and saved"))
        return FolderResult(self.dest, sum(r["size"] for r in records), digest, listing,
                            records, config if isinstance(config, dict) else {})

    def _save_state(self, listing: RepoListing, done: dict[str, dict]) -> None:
        state = {"repo": listing.repo, "endpoint": listing.endpoint, "commit": listing.commit,
                 "files": done}
        write_atomic(self.partial / _STATE, json.dumps(state), durable=False)

    def _emit(self, event: DownloadProgress | DownloadStatus) -> None:
        if self.on_event is not None:
            self.on_event(event)


def download_folder(target: FolderTarget, models_dir: Path, endpoints: list[str],
                    **options: Any) -> FolderResult:
    """Pull a folder; ``options`` as :class:`SnapshotDownloader`'s fields."""
    return SnapshotDownloader(target, Path(models_dir), list(endpoints), **options).run()


def partial_folder_bytes(models_dir: Path, folder_name: str) -> int:
    """Bytes already downloaded for an interrupted folder pull (0 when none)."""
    partial = Path(models_dir) / (folder_name + ".partial")
    if not partial.is_dir():
        return 0
    return sum(p.stat().st_size for p in partial.iterdir()
               if p.is_file() and p.name != _STATE and not p.name.endswith(".part.json"))


# helpers ----------------------------------------------------------------------------------


def _check_index(folder: Path, present: set[str]) -> None:
    """Every shard a ``*.index.json`` names must be in the folder."""
    for index in folder.glob("*.index.json"):
        data = json.loads(index.read_text(encoding="utf-8"))
        wanted = set((data.get("weight_map") or {}).values()) if isinstance(data, dict) else set()
        missing = sorted(wanted - present)
        if missing:
            raise NotAModelFolderError(
                f"{index.name} names {', '.join(missing[:3])}, which the repo does not have "
                "at its top level; the folder would not load. Choose another revision.")


def _tidy(folder: Path, keep: set[str]) -> None:
    """Remove what is not part of the model: lock files, stale partial files, old state."""
    shutil.rmtree(folder / ".locks", ignore_errors=True)
    for path in folder.iterdir():
        if path.name not in keep and path.name != MANIFEST:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def _replace_dir(partial: Path, dest: Path) -> None:
    """Rename ``partial`` to ``dest`` atomically; an older ``dest`` is moved aside first."""
    old = None
    if dest.exists():
        old = dest.with_name(f"{dest.name}.old-{int(time.time())}")
        os.replace(dest, old)
    os.replace(partial, dest)
    fsync_dir(dest.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _load_state(partial: Path) -> dict[str, Any]:
    try:
        data = json.loads((partial / _STATE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _client_timeouts(options: dict[str, Any]) -> dict[str, float]:
    return {k: options[k] for k in ("stall_timeout_s", "connect_timeout_s") if k in options}


def _host(url: str) -> str:
    return httpx.URL(url).host or url


def folder_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest a folder pull wrote, or None."""
    try:
        return json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None

