"""The hubs' file-listing APIs on 127.0.0.1, on top of :class:`ModelServer`'s file serving.

Hugging Face (the fields ``huggingface_hub`` reads):

- ``GET /api/models/{repo}/revision/{rev}`` → ``{"id", "sha", "siblings": [{"rfilename"}]}``;
  an unknown repo is 401 with ``X-Error-Code: RepoNotFound``, an unknown revision 404
  with ``X-Error-Code: RevisionNotFound``, as the hub answers anonymous callers;
- ``GET /api/models/{repo}/tree/{rev}`` → ``[{"type", "oid", "size", "path", "lfs":
  {"oid", "size", "pointerSize"}}]``, top level only, paged: ``Link: <...?cursor=N>;
  rel="next"`` while more entries follow;
- files at ``/{repo}/resolve/{commit}/{path}`` only (not the branch), so a client that
  does not pin the commit fails.

ModelScope: ``GET /api/v1/models/{repo}/repo/files?Revision=&Recursive=true`` →
``{"Code": 200, "Data": {"Files": [{"Name", "Path", "Type", "Size", "Sha256",
"Revision", "IsLFS"}]}, "Message", "Success"}``; files at
``/models/{repo}/resolve/{revision}/{path}``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.model_server import ModelServer, ServedFile, _Handler


def git_oid(data: bytes) -> str:
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


@dataclass
class HubRepo:
    """One repo: its files, its commit, and per-file knobs (``served[path]``)."""

    name: str
    commit: str
    branch: str
    files: dict[str, bytes]
    served: dict[str, ServedFile] = field(default_factory=dict)
    lfs_overrides: dict[str, str] = field(default_factory=dict)  # path -> claimed sha256
    size_overrides: dict[str, int] = field(default_factory=dict)  # path -> claimed size
    dirs: tuple[str, ...] = ()

    def is_lfs(self, path: str) -> bool:
        return path.endswith((".safetensors", ".bin")) or len(self.files[path]) > 10 * 1024

    def tree(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = [
            {"type": "directory", "oid": hashlib.sha1(d.encode()).hexdigest(), "size": 0,
             "path": d} for d in self.dirs]
        for path, data in sorted(self.files.items()):
            if "/" in path:
                continue  # non-recursive: only the top level
            size = self.size_overrides.get(path, len(data))
            entry: dict[str, Any] = {"type": "file", "oid": git_oid(data), "size": size,
                                     "path": path}
            if self.is_lfs(path):
                sha = self.lfs_overrides.get(path, hashlib.sha256(data).hexdigest())
                entry["lfs"] = {"oid": sha, "size": size, "pointerSize": 134}
            entries.append(entry)
        return entries


class _HubHandler(_Handler):
    server: HubServer  # type: ignore[assignment]

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        path, query = unquote(parts.path), parse_qs(parts.query)
        if path.startswith("/api/v1/models/"):
            return self._modelscope(path.removeprefix("/api/v1/models/"), query)
        if path.startswith("/api/models/"):
            return self._hf(path.removeprefix("/api/models/"), query)
        return super().do_GET()

    def _hf(self, rest: str, query: dict[str, list[str]]) -> None:
        for kind in ("/revision/", "/tree/"):
            if kind in rest:
                repo_name, rev = rest.split(kind, 1)
                break
        else:
            return self._json(404, {"error": "Not found"})
        repo = self.server.repos.get(repo_name)
        if repo is None:
            return self._json(401, {"error": "Repository Not Found"}, "RepoNotFound")
        if rev not in (repo.commit, repo.branch):
            return self._json(404, {"error": f"Invalid rev id: {rev}"}, "RevisionNotFound")
        if kind == "/revision/":
            return self._json(200, {"id": repo.name, "modelId": repo.name, "sha": repo.commit,
                                    "private": False, "gated": False,
                                    "siblings": [{"rfilename": p} for p in sorted(repo.files)]})
        entries = repo.tree()
        start = int(query.get("cursor", ["0"])[0])
        page = entries[start:start + self.server.page_size]
        link = None
        if start + self.server.page_size < len(entries):
            link = (f'<{self.server.url}/api/models/{repo.name}/tree/{rev}'
                    f'?cursor={start + self.server.page_size}>; rel="next"')
        self.server.tree_pages += 1
        return self._json(200, page, link=link)

    def _modelscope(self, rest: str, query: dict[str, list[str]]) -> None:
        repo = self.server.modelscope.get(rest.removesuffix("/repo/files"))
        if repo is None or query.get("Revision", ["master"])[0] != repo.branch:
            return self._json(404, {"Code": 10010205001, "Message": "model not found",
                                    "Success": False, "Data": None})
        files = [{"Name": p.rsplit("/", 1)[-1], "Path": p, "Type": "blob", "Size": len(d),
                  "Sha256": repo.lfs_overrides.get(p, hashlib.sha256(d).hexdigest()),
                  "Revision": repo.commit, "IsLFS": repo.is_lfs(p)}
                 for p, d in sorted(repo.files.items())]
        files += [{"Name": d, "Path": d, "Type": "tree", "Size": 0, "Sha256": "",
                   "Revision": repo.commit, "IsLFS": False} for d in repo.dirs]
        return self._json(200, {"Code": 200, "Data": {"Files": files}, "Message": "success",
                                "Success": True})

    def _json(self, status: int, body: Any, error_code: str | None = None,
              link: str | None = None) -> None:
        data = json.dumps(body).encode()
        self.server.requests_api.append((self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if error_code:
            self.send_header("X-Error-Code", error_code)
        if link:
            self.send_header("Link", link)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)


class HubServer(ModelServer):
    """``with HubServer() as hub:``; add repos with :meth:`add_repo`, ``hub.url``."""

    def __init__(self, page_size: int = 3) -> None:
        super().__init__()
        self.RequestHandlerClass = _HubHandler
        self.page_size = page_size
        self.repos: dict[str, HubRepo] = {}
        self.modelscope: dict[str, HubRepo] = {}
        self.requests_api: list[tuple[str, int]] = []
        self.tree_pages = 0

    def add_repo(self, name: str, files: dict[str, bytes], *, branch: str = "main",
                 dirs: tuple[str, ...] = (), **behaviour: Any) -> HubRepo:
        """A Hugging Face repo; its files are served at ``/resolve/{commit}/`` only."""
        commit = hashlib.sha1(f"{name}{sorted(files)}".encode()).hexdigest()
        repo = HubRepo(name, commit, branch, dict(files), dirs=dirs)
        for path, data in files.items():
            repo.served[path] = self.add_hf(name, path, data, revision=commit,
                                            **behaviour.get(path, {}))
        self.repos[name] = repo
        return repo

    def add_modelscope_repo(self, name: str, files: dict[str, bytes],
                            dirs: tuple[str, ...] = ()) -> HubRepo:
        repo = HubRepo(name, hashlib.sha1(name.encode()).hexdigest(), "master", dict(files),
                       dirs=dirs)
        for path, data in files.items():
            repo.served[path] = self.add_modelscope(name, path, data)
        self.modelscope[name] = repo
        return repo

    def file_requests(self) -> list[str]:
        return [r.path for r in self.requests]
