"""Safe by default: the API answers only for its own host names, every route needs the key
when one is set, no wildcard CORS, bounded bodies, and no reachable address without a key.
Real server on 127.0.0.1, real HTTP (httpx, the official clients)."""

from __future__ import annotations

import socket

import anthropic
import httpx
import openai
import pytest

from app.server.app import ApiServer
from app.services.serving import (
    ApiService,
    ServeConfig,
    ServeRefused,
    host_allowed,
    save_api_key,
    saved_api_key,
)
from tests.api_helpers import running_api
from tests.memory_keyring import installed_memory_keyring

KEY = "test-key-1234"
ROUTES = [("GET", "/models", None),
          ("GET", "/models/smollm2-135m-instruct", None),
          ("POST", "/chat/completions", {"model": "x", "messages": []}),
          ("POST", "/completions", {"model": "x", "prompt": "a"}),
          ("POST", "/embeddings", {"model": "x", "input": "a"}),
          ("POST", "/messages", {"model": "x", "max_tokens": 1, "messages": []})]


def test_a_foreign_host_header_is_refused(services):
    with running_api(services) as api:
        refused = httpx.get(f"{api.url}/models", headers={"Host": "evil.example"})
        assert refused.status_code == 421
        assert "evil.example" in refused.json()["error"]["message"]
        port = api.server.port
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
            assert httpx.get(f"{api.url}/models", headers={"Host": host}).status_code == 200


def test_host_rules_for_a_server_on_every_address():
    everywhere = ServeConfig(host="0.0.0.0", api_key=KEY)
    assert host_allowed(everywhere, "192.168.1.20:7373")
    assert host_allowed(everywhere, f"{socket.gethostname()}:7373")
    assert not host_allowed(everywhere, "evil.example:7373")
    assert not host_allowed(ServeConfig(), "192.168.1.20")
    assert host_allowed(ServeConfig(host="::1"), "[::1]:7373")


def test_with_a_key_every_route_needs_it(services):
    with running_api(services, api_key=KEY) as api:
        for method, path, body in ROUTES:
            refused = httpx.request(method, api.url + path, json=body)
            assert refused.status_code == 401, path
            assert "key" in refused.text
            wrong = httpx.request(method, api.url + path, json=body,
                                  headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401, path
        bearer = httpx.get(f"{api.url}/models", headers={"Authorization": f"Bearer {KEY}"})
        assert bearer.status_code == 200
        header = httpx.get(f"{api.url}/models", headers={"x-api-key": KEY})
        assert header.status_code == 200
        # the official clients send it their own way
        assert openai.OpenAI(base_url=api.url, api_key=KEY).models.list().data
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=api.url, api_key="wrong", max_retries=0).models.list()
        with pytest.raises(anthropic.AuthenticationError) as caught:
            anthropic.Anthropic(base_url=api.root, api_key="wrong", max_retries=0
                                ).messages.create(model="x", max_tokens=1, messages=[])
        assert caught.value.body["error"]["type"] == "authentication_error"


def test_cors_allows_only_listed_origins(services):
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization, content-type"}
    with running_api(services, allowed_origins=("https://app.example",)) as api:
        unlisted = httpx.options(f"{api.url}/chat/completions",
                                 headers={**preflight, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in unlisted.headers
        listed = httpx.options(f"{api.url}/chat/completions",
                               headers={**preflight, "Origin": "https://app.example"})
        assert listed.headers["access-control-allow-origin"] == "https://app.example"
        simple = httpx.get(f"{api.url}/models", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in simple.headers
    with running_api(services, allowed_origins=("https://app.example",), api_key=KEY) as api:
        # a browser's preflight carries no key; the request after it does
        listed = httpx.options(f"{api.url}/chat/completions",
                               headers={**preflight, "Origin": "https://app.example"})
        assert listed.headers["access-control-allow-origin"] == "https://app.example"
        assert httpx.get(f"{api.url}/models", headers={"Origin": "https://app.example"}
                         ).status_code == 401
    with running_api(services) as api:  # the default: no origin at all
        default = httpx.options(f"{api.url}/models",
                                headers={**preflight, "Origin": "https://app.example"})
        assert "access-control-allow-origin" not in default.headers


def test_an_oversized_body_is_refused_with_a_sentence(services):
    with running_api(services, max_body_bytes=4096) as api:
        big = {"model": "smollm2-135m-instruct",
               "messages": [{"role": "user", "content": "x" * 10_000}]}
        refused = httpx.post(f"{api.url}/chat/completions", json=big)
        assert refused.status_code == 413
        assert "larger than this server accepts" in refused.json()["error"]["message"]

        def chunked():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"x" * 1000

        streamed = httpx.post(f"{api.url}/chat/completions", content=chunked(),
                              headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
        anthropic_refused = httpx.post(f"{api.root}/v1/messages", json={
            "model": "x", "max_tokens": 1, "messages": [{"role": "user", "content": "x" * 10_000}]})
        assert anthropic_refused.status_code == 413
        assert anthropic_refused.json()["error"]["type"] == "request_too_large"


def test_a_reachable_address_without_a_key_is_refused_at_start(services):
    api = ApiService(services, ServeConfig(host="0.0.0.0", port=0))
    try:
        with pytest.raises(ServeRefused, match="without a key"):
            ApiServer(api)
    finally:
        api.close()


def test_bad_json_and_missing_fields_get_a_clear_400(services):
    with running_api(services) as api:
        broken = httpx.post(f"{api.url}/chat/completions", content=b"{not json",
                            headers={"Content-Type": "application/json"})
        assert broken.status_code == 400
        assert "JSON" in broken.json()["error"]["message"]
        missing = httpx.post(f"{api.root}/v1/messages", json={"model": "x", "messages": []})
        assert missing.status_code == 400
        assert missing.json()["type"] == "error"
        assert "max_tokens" in missing.json()["error"]["message"]


def test_the_key_lives_in_the_os_keyring():
    with installed_memory_keyring() as ring:
        save_api_key(KEY)
        assert saved_api_key() == KEY
        assert KEY in ring.store.values()
        save_api_key(None)
        assert saved_api_key() is None
