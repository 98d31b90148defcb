"""`hearth models pull` end to end: a killed download resumes, a full disk is a clear error,
proxies are honoured. Real processes, a real HTTP server on 127.0.0.1, a real small disk."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from app.models.download import DownloadProgress, NoSpaceError, download_file, part_path
from tests.model_server import ModelServer

REPO, FILE = "leliuga/all-MiniLM-L6-v2-GGUF", "all-MiniLM-L6-v2.Q8_0.gguf"
MB = 2**20


@pytest.fixture(scope="module")
def model_bytes(embedding_model_path) -> bytes:
    return embedding_model_path.read_bytes()


@pytest.fixture
def server():
    with ModelServer() as srv:
        yield srv


def hub_env(server: ModelServer) -> dict[str, str]:
    """Every endpoint pointed at the test server (hf) or at a closed port (the others)."""
    return {**os.environ, "HF_ENDPOINT": server.url, "HEARTH_ENDPOINT_HF_MIRROR": "http://127.0.0.1:9",
            "HEARTH_ENDPOINT_MODELSCOPE": "http://127.0.0.1:9"}


def hearth(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_killed_pull_resumes_after_restart_and_lands_in_the_library(server, model_bytes,
                                                                     hearth_home):
    server.add_hf(REPO, FILE, model_bytes, rate_bps=8 * MB)
    env = hub_env(server)
    dest = hearth_home / "models" / FILE
    child = subprocess.Popen([sys.executable, "-m", "app", "models", "pull", "all-minilm-l6-v2"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (part_path(dest).exists() and part_path(dest).stat().st_size >= 6 * MB):
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    kept = part_path(dest).stat().st_size
    assert not dest.exists() and kept < len(model_bytes)
    server.files[f"/{REPO}/resolve/main/{FILE}"].rate_bps = None
    done = hearth("models", "pull", "all-minilm-l6-v2", env=env)
    assert done.returncode == 0, done.stderr
    assert "Resuming at" in done.stderr and "is ready" in done.stdout
    assert server.requests[-1].range and int(server.requests[-1].range[6:-1]) >= kept
    assert dest.read_bytes() == model_bytes and not part_path(dest).exists()
    listed = hearth("models", "list", env=env)
    assert "all-minilm-l6-v2" in listed.stdout and "huggingface" in listed.stdout
    removed = hearth("models", "rm", "all-minilm-l6-v2", "--yes", env=env)
    assert removed.returncode == 0 and "MB freed" in removed.stdout and not dest.exists()


def test_pull_of_a_missing_file_is_a_clear_error(server, hearth_home):
    done = hearth("models", "pull", "someone/Nothing-GGUF/none.gguf", env=hub_env(server))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "has no such file" in done.stderr or "No endpoint" in done.stderr
    assert not (hearth_home / "models" / "none.gguf").exists()


# a small disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """Mount a tmpfs of the given size (root only); skipped, loudly, where mount is refused."""
    mounted: list[Path] = []

    def mount(size_mb: int) -> Path:
        point = tmp_path / f"disk{len(mounted)}"
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs",
                               str(point)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"SKIPPED: cannot mount a tmpfs here ({done.stderr.strip()}); "
                        "test_disk_limit_in_a_child_process covers a full disk instead")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_not_enough_space_is_refused_before_downloading(server, model_bytes, small_disk):
    disk = small_disk(16)
    server.add_hf(REPO, FILE, model_bytes)
    with pytest.raises(NoSpaceError, match="Not enough disk space.*MB free"):
        download_file([server.hf_url(REPO, FILE)], disk / FILE)
    assert sorted(p.name for p in disk.iterdir()) == [".locks"]
    assert [r.status for r in server.requests] == [200]


def test_disk_filling_up_during_a_download_then_resuming(server, model_bytes, small_disk):
    disk = small_disk(40)
    dest = disk / FILE
    server.add_hf(REPO, FILE, model_bytes, rate_bps=100 * MB)
    filler = disk / "someone-elses-file"

    def fill_the_disk(event):
        if isinstance(event, DownloadProgress) and event.done >= 5 * MB and not filler.exists():
            free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
            filler.write_bytes(b"\0" * (free - 64 * 1024))

    with pytest.raises(NoSpaceError, match="disk filled up.*free some space"):
        download_file([server.hf_url(REPO, FILE)], dest, on_event=fill_the_disk)
    assert not dest.exists() and part_path(dest).stat().st_size >= 5 * MB
    filler.unlink()
    result = download_file([server.hf_url(REPO, FILE)], dest)
    assert result.resumed_from >= 5 * MB and dest.read_bytes() == model_bytes
    assert not part_path(dest).exists()


def test_disk_limit_in_a_child_process(server, model_bytes, tmp_path):
    """A file-size limit (RLIMIT_FSIZE) gives EFBIG mid-write, as a full disk gives ENOSPC;
    this runs everywhere, mount or not."""
    server.add_hf(REPO, FILE, model_bytes)
    dest = tmp_path / "models" / FILE
    script = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({8 * MB}, {8 * MB}))
        from app.models.download import download_file, NoSpaceError
        try:
            download_file([{server.hf_url(REPO, FILE)!r}], {str(dest)!r})
        except NoSpaceError as exc:
            print("NoSpaceError:", exc)
            sys.exit(3)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env=os.environ)
    assert done.returncode == 3, done.stderr
    assert "disk filled up" in done.stdout
    assert not dest.exists() and part_path(dest).stat().st_size == 8 * MB


# proxies ---------------------------------------------------------------------------------


class _Proxy(BaseHTTPRequestHandler):
    """A forward HTTP proxy: absolute-URI requests in, relayed to the origin."""

    seen: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        _Proxy.seen.append(self.path)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "proxy-connection", "connection")}
        with httpx.Client(trust_env=False) as client, \
                client.stream("GET", self.path, headers=headers) as upstream:
            self.send_response(upstream.status_code)
            for key, value in upstream.headers.items():
                if key.lower() not in ("transfer-encoding", "connection"):
                    self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            for chunk in upstream.iter_raw():
                self.wfile.write(chunk)


def test_proxy_settings_are_honoured(server, model_bytes, tmp_path, monkeypatch):
    server.add_hf(REPO, FILE, model_bytes)
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
        result = download_file([server.hf_url(REPO, FILE)], tmp_path / FILE, validate=False)
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert _Proxy.seen == [server.hf_url(REPO, FILE)]
    assert result.sha256 == hashlib.sha256(model_bytes).hexdigest()
