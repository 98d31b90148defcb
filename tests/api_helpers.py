"""A real Hearth API on 127.0.0.1 for tests: uvicorn on a free port, in this process, on
the test's services (the same scheduler the window would use)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.server.app import ApiServer
from app.services.serving import ApiService, ServeConfig


@dataclass
class Running:
    server: ApiServer
    api: ApiService

    @property
    def url(self) -> str:
        """The OpenAI base URL (``…/v1``)."""
        return self.server.url

    @property
    def root(self) -> str:
        """The Anthropic base URL (no ``/v1``)."""
        return self.server.url.removesuffix("/v1")


@contextmanager
def running_api(services, **config) -> Iterator[Running]:
    """Serve ``services`` on a free loopback port until the block ends."""
    api = ApiService(services, ServeConfig(**{"port": 0, **config}))
    server = ApiServer(api)
    server.start()
    try:
        yield Running(server, api)
    finally:
        server.stop()
        api.close()
