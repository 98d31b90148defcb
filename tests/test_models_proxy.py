"""The proxy setting: downloads and folder pulls go through a real HTTP or SOCKS5 proxy on
127.0.0.1 when it says 'manual', ignore the environment's proxy when it says 'none', and
follow it when it says 'system'."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
from pydantic import ValidationError
from safetensors.numpy import save as save_safetensors

from app.models.download import DownloadError, OfflineError, client_proxy_options
from app.models.pull import pull
from app.settings import ProxySettings, Settings, load_settings, save_settings
from tests.hub_server import HubServer
from tests.proxies import HttpProxy, Socks5Proxy

REPO = "hearth-test/Tiny-Proxy"
GGUF_REPO, GGUF_FILE = "hearth-test/Tiny-GGUF", "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture
def hub(monkeypatch):
    with HubServer() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HEARTH_ENDPOINT_HF_MIRROR", "http://127.0.0.1:9")
        monkeypatch.setenv("HEARTH_ENDPOINT_MODELSCOPE", "http://127.0.0.1:9")
        for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY",
                     "http_proxy", "HTTPS_PROXY", "https_proxy"):
            monkeypatch.delenv(name, raising=False)
        server.add_repo(REPO, {
            "config.json": json.dumps({"architectures": ["LlamaForCausalLM"],
                                       "num_hidden_layers": 1}).encode(),
            "model.safetensors": save_safetensors(
                {"w": np.arange(4096, dtype=np.float32)}),
        })
        yield server


def use_proxy(mode: str, url: str = "") -> None:
    save_settings(Settings(proxy=ProxySettings(mode=mode, url=url)))


def test_proxy_setting_is_typed_and_saved():
    with pytest.raises(ValidationError, match="socks5://host:port"):
        ProxySettings(mode="manual", url="ftp://proxy:21")
    with pytest.raises(ValidationError, match="not a proxy address"):
        ProxySettings(mode="manual", url="")
    use_proxy("manual", "socks5://user:secret@127.0.0.1:1080")
    assert load_settings().proxy == ProxySettings(mode="manual",
                                                  url="socks5://user:secret@127.0.0.1:1080")
    assert client_proxy_options(ProxySettings(mode="none")) == {"trust_env": False}
    assert client_proxy_options(None) == {"trust_env": True}


def test_manual_http_proxy_carries_a_gguf_pull(hub, db, smollm2_path):
    data = smollm2_path.read_bytes()
    hub.add_hf(GGUF_REPO, GGUF_FILE, data)
    with HttpProxy() as proxy:
        use_proxy("manual", proxy.url)
        model = pull(db, f"{GGUF_REPO}/{GGUF_FILE}", validate=False)
    assert proxy.seen == [f"GET {hub.hf_url(GGUF_REPO, GGUF_FILE)}"]
    assert model.sha256 == hashlib.sha256(data).hexdigest()


def test_manual_socks5_proxy_carries_a_folder_pull_and_its_listing(hub, db):
    with Socks5Proxy() as proxy:
        use_proxy("manual", proxy.url)
        model = pull(db, REPO)
    port = hub.server_address[1]
    # revision + tree listing + two files, each on its own connection through the proxy
    assert proxy.seen == [f"127.0.0.1:{port}"] * 4
    assert model.format == "hf-folder"


def test_none_ignores_the_environments_proxy_and_system_follows_it(hub, db, monkeypatch):
    with HttpProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        use_proxy("none")
        pull(db, REPO)
        assert proxy.seen == []
        use_proxy("system")
        pull(db, REPO, force=True)
        assert proxy.seen and all(line.startswith("GET http://127.0.0.1") for line in proxy.seen)


def test_a_manual_proxy_that_is_down_is_a_clear_error(hub, db):
    use_proxy("manual", "http://127.0.0.1:9")
    with pytest.raises(OfflineError, match="proxy settings"):
        pull(db, REPO)


def test_a_proxy_url_httpx_cannot_use_says_so():
    from app.models.download import new_client

    with pytest.raises(DownloadError, match="proxy"):
        new_client(ProxySettings.model_construct(mode="manual", url="gopher://x:1"))
