"""Downloads against a real HTTP server on 127.0.0.1 that misbehaves on purpose.

Every case ends with either a verified model under its final name, or a clear error and no
file under the final name. The served file is a real GGUF (all-MiniLM-L6-v2, 25 MB).
"""

from __future__ import annotations

import hashlib
import random
import threading
from pathlib import Path

import pytest

from app.models.download import (
    ChecksumMismatchError,
    DownloadBusyError,
    DownloadCancelled,
    DownloadControl,
    DownloadProgress,
    DownloadStatus,
    HtmlServedError,
    NotFoundError,
    OfflineError,
    download_file,
    part_path,
)
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


@pytest.fixture
def dest(tmp_path) -> Path:
    return tmp_path / "models" / FILE


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(server, dest, events=None, **options):
    """Download the served file; small timeouts and back-off so failures are quick."""
    options.setdefault("backoff_s", 0.05)
    options.setdefault("stall_timeout_s", 5.0)
    url = options.pop("url", None) or server.hf_url(REPO, FILE)
    return download_file([url] if isinstance(url, str) else url, dest,
                         on_event=(events.append if events is not None else None), **options)


def assert_nothing_left(dest: Path) -> None:
    assert not dest.exists()
    assert not part_path(dest).exists()


def test_clean_download_is_verified_then_renamed(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes)
    events: list = []
    result = fetch(server, dest, events, sha256=sha(model_bytes))
    assert dest.read_bytes() == model_bytes
    assert result.sha256_source == "catalog" and result.info.architecture == "bert"
    assert sorted(p.name for p in dest.parent.iterdir()) == [".locks", FILE]
    stages = [e.stage for e in events if isinstance(e, DownloadStatus)]
    assert stages[0] == "connecting" and stages[-3:] == ["verifying", "validating", "done"]
    last = [e for e in events if isinstance(e, DownloadProgress)][-1]
    assert last.done == last.total == len(model_bytes) and last.fraction == 1.0
    assert last.speed_bps and last.speed_bps > 0


def test_drops_at_random_points_resume_with_range_and_if_range(server, dest, model_bytes):
    points = sorted(random.Random(7).sample(range(1, len(model_bytes) - 1), 4))
    served = server.add_hf(REPO, FILE, model_bytes, drop_at=list(points))
    result = fetch(server, dest, sha256=sha(model_bytes))
    assert dest.read_bytes() == model_bytes and result.restarts == 0
    assert served.drop_at == []
    resumed = [r for r in server.requests if r.range]
    assert [r.range for r in resumed] == [f"bytes={p}-" for p in points]
    assert all(r.if_range == served.etag and r.status == 206 for r in resumed)


def test_range_answered_with_the_whole_file_starts_over(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes, drop_at=[3 * MB], ignore_range=True)
    events: list = []
    result = fetch(server, dest, events, sha256=sha(model_bytes))
    assert dest.read_bytes() == model_bytes and result.restarts == 1
    assert any("ignored the resume" in e.message for e in events
               if isinstance(e, DownloadStatus) and e.stage == "restarting")


def test_file_changed_between_resumes_starts_over_with_the_new_file(server, dest, model_bytes):
    new = bytearray(model_bytes)
    new[-100] ^= 0x01  # inside the last tensor: still a valid model, different bytes
    new = bytes(new)
    served = server.add_hf(REPO, FILE, model_bytes, drop_at=[5 * MB], hf_sha256_header=True)
    events: list = []

    def on_event(event):
        events.append(event)
        if isinstance(event, DownloadStatus) and event.stage == "retrying" and served.version == 1:
            server.replace(served, new)

    result = download_file([server.hf_url(REPO, FILE)], dest, on_event=on_event, backoff_s=0.05)
    assert dest.read_bytes() == new
    assert result.sha256 == sha(new) and result.sha256_source == "server"
    assert any(e.stage == "restarting" and "changed" in e.message for e in events
               if isinstance(e, DownloadStatus))
    stale = [r for r in server.requests if r.range]
    assert stale and stale[0].status == 200  # the stale If-Range got the whole new file


def test_flipped_byte_with_same_size_fails_the_checksum_and_is_removed(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes, flip_byte_at=len(model_bytes) // 2)
    with pytest.raises(ChecksumMismatchError, match="damaged.*removed"):
        fetch(server, dest, sha256=sha(model_bytes))
    assert_nothing_left(dest)


def test_flipped_byte_is_caught_by_the_hubs_content_hash(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes, flip_byte_at=123, hf_sha256_header=True)
    with pytest.raises(ChecksumMismatchError, match="server says"):
        fetch(server, dest)
    assert_nothing_left(dest)


def test_html_page_with_status_200_is_refused(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes, html=True)
    with pytest.raises(HtmlServedError, match="web page instead of the model"):
        fetch(server, dest)
    assert_nothing_left(dest)


def test_html_body_sent_as_octet_stream_is_refused_on_the_first_bytes(server, dest):
    page = b"<!DOCTYPE html><html>" + b" " * 4096 + b"</html>"
    server.add_hf(REPO, FILE, page)
    with pytest.raises(HtmlServedError):
        fetch(server, dest)
    assert_nothing_left(dest)
    assert len(server.requests) == 1


def test_stall_is_noticed_and_the_download_resumes(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes, stall_at=2 * MB)
    events: list = []
    fetch(server, dest, events, sha256=sha(model_bytes), stall_timeout_s=0.5)
    assert dest.read_bytes() == model_bytes
    assert any("stopped sending" in e.message for e in events if isinstance(e, DownloadStatus))
    assert server.requests[-1].range == f"bytes={2 * MB}-"


def test_endpoints_fall_back_in_order(server, dest, model_bytes):
    server.add_hf("mirror/html", FILE, model_bytes, html=True)
    server.add_modelscope(REPO, FILE, model_bytes)
    urls = [server.hf_url("gone/repo", FILE), server.hf_url("mirror/html", FILE),
            f"{server.url}/models/{REPO}/resolve/master/{FILE}"]
    events: list = []
    result = fetch(server, dest, events, url=urls, sha256=sha(model_bytes))
    assert result.url == urls[2] and dest.read_bytes() == model_bytes
    assert len([e for e in events if isinstance(e, DownloadStatus) and e.stage == "fallback"]) == 2


def test_not_found_says_so(server, dest):
    with pytest.raises(NotFoundError, match="has no such file"):
        fetch(server, dest, url=server.hf_url("nobody/nothing", FILE))
    assert_nothing_left(dest)


def test_offline_says_what_to_do(dest):
    with ModelServer() as closed:
        url = closed.hf_url(REPO, FILE)
    with pytest.raises(OfflineError, match="internet connection"):
        download_file([url], dest, backoff_s=0.05)
    assert_nothing_left(dest)


def test_pause_then_resume_continues_with_a_range_request(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes, rate_bps=20 * MB)
    control = DownloadControl()
    events: list = []

    def on_event(event):
        events.append(event)
        if isinstance(event, DownloadProgress) and event.done >= 4 * MB and not events_paused:
            events_paused.append(True)
            control.pause()
            threading.Timer(0.3, control.resume).start()

    events_paused: list = []
    download_file([server.hf_url(REPO, FILE)], dest, on_event=on_event, control=control,
                  sha256=sha(model_bytes))
    assert dest.read_bytes() == model_bytes
    assert any(isinstance(e, DownloadStatus) and e.stage == "paused" for e in events)
    assert any(r.range and r.status == 206 for r in server.requests)


def test_cancel_removes_the_partial_file(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes, rate_bps=20 * MB)
    control = DownloadControl()

    def on_event(event):
        if isinstance(event, DownloadProgress) and event.done >= 2 * MB:
            control.cancel()

    with pytest.raises(DownloadCancelled):
        download_file([server.hf_url(REPO, FILE)], dest, on_event=on_event, control=control)
    assert_nothing_left(dest)


def test_one_download_per_file_at_a_time(server, dest, model_bytes):
    server.add_hf(REPO, FILE, model_bytes)
    control, started, outcome = DownloadControl(), threading.Event(), {}

    def on_event(event):
        if isinstance(event, DownloadProgress) and not started.is_set():
            control.pause()
            started.set()

    def first():
        outcome["result"] = download_file([server.hf_url(REPO, FILE)], dest, on_event=on_event,
                                          control=control, sha256=sha(model_bytes))

    thread = threading.Thread(target=first)
    thread.start()
    assert started.wait(20)
    with pytest.raises(DownloadBusyError, match="already being downloaded"):
        fetch(server, dest)
    control.resume()
    thread.join(60)
    assert outcome["result"].path == dest and dest.read_bytes() == model_bytes


def test_every_location_tried_is_named_when_all_fail(dest):
    """Three mirrors down: the message names each one tried, and suggests none of them."""
    servers = [ModelServer() for _ in range(3)]
    urls = []
    for index, closed in enumerate(servers):
        with closed:
            urls.append(closed.hf_url(REPO, FILE).replace("127.0.0.1", f"127.0.0.{index + 1}"))
    with pytest.raises(OfflineError) as caught:
        download_file(urls, dest, backoff_s=0.05)
    message = str(caught.value)
    assert "Tried 3 download locations" in message
    for index in range(3):
        assert f"127.0.0.{index + 1}" in message
    assert "internet connection" in message and "choose another endpoint" not in message
    assert_nothing_left(dest)
