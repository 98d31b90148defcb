"""The local API as an ASGI application, and the server that runs it.

``create_app(api)`` wires the OpenAI and Anthropic routes behind the guard (Host header,
body size, key) and Starlette's CORS middleware (origins from Settings, none by default).
:class:`ApiServer` runs it on uvicorn in a thread of the window's process, or in the
foreground for ``hearth serve``; both sit on the window's scheduler, so a model is never
loaded twice for the two.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.middleware.cors import CORSMiddleware

from app.engines.base import EngineError
from app.server import anthropic_api, openai_api
from app.server.guard import Guard, RequestLogger
from app.server.pump import ClientGone
from app.server.runs import ApiError
from app.services.serving import ApiService, ServeRefused, check_config


def _error_response(request: Request, error: ApiError) -> JSONResponse:
    if request.url.path.startswith("/v1/messages"):
        return anthropic_api.error_response(error)
    return openai_api.error_response(error)


def _validation_message(exc: RequestValidationError) -> str:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    if first.get("type") == "json_invalid":
        return "The request body is not valid JSON."
    return f"'{where}': {first.get('msg', 'invalid')}. See the API reference for this field."


def create_app(api: ApiService) -> FastAPI:
    """The API application for ``api`` (its config, its services)."""
    app = FastAPI(title="Hearth", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.api = api
    app.include_router(openai_api.router)
    app.include_router(anthropic_api.router)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        timing = getattr(request.state, "timing", None)
        if timing is not None:
            timing.error = exc.message
        return _error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error_response(request, ApiError(400, _validation_message(exc)))

    @app.exception_handler(EngineError)
    async def engine_error(request: Request, exc: EngineError) -> JSONResponse:
        return _error_response(request, ApiError(500, str(exc), "server_error"))

    @app.exception_handler(ClientGone)
    async def gone(request: Request, exc: ClientGone) -> JSONResponse:
        # nobody reads it; 499 is what the log shows (nginx's "client closed request")
        return JSONResponse({}, status_code=499)

    # outermost last: the logger sees everything, the guard runs before CORS and routes
    app.add_middleware(CORSMiddleware, allow_origins=list(api.config.allowed_origins),
                       allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["authorization", "content-type", "x-api-key",
                                      "anthropic-version", "anthropic-beta"])
    app.add_middleware(Guard, api=api)
    app.add_middleware(RequestLogger, api=api)
    return app


class ApiServer:
    """uvicorn serving :func:`create_app` on the configured address.

    ``start()`` runs it on a thread and returns once it listens (the window);
    ``run()`` serves in the foreground until SIGINT/SIGTERM (``hearth serve``).
    """

    def __init__(self, api: ApiService) -> None:
        check_config(api.config)
        self.api = api
        config = uvicorn.Config(create_app(api), host=api.config.host, port=api.config.port,
                                log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=3)
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port it listens on (the real one when 0 was asked for)."""
        for server in getattr(self._server, "servers", []):
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        return self.api.config.port

    @property
    def url(self) -> str:
        """The OpenAI base URL, with the port really listened on."""
        return replace(self.api.config, port=self.port).url

    def run(self) -> None:
        """Serve until interrupted (uvicorn handles SIGINT/SIGTERM)."""
        self._server.run()
        if not self._server.started:
            raise ServeRefused(self._bind_failure())

    def start(self, timeout_s: float = 10.0) -> None:
        """Serve on a background thread; ServeRefused when it cannot listen."""
        self._thread = threading.Thread(target=self._serve_quietly, name="hearth-api",
                                        daemon=True)
        self._thread.start()
        waited = 0.0
        while not self._server.started and self._thread.is_alive() and waited < timeout_s:
            self._thread.join(0.02)
            waited += 0.02
        if not self._server.started:
            self.stop()
            raise ServeRefused(self._bind_failure())

    def _serve_quietly(self) -> None:
        # uvicorn installs signal handlers only on the main thread; here it must not exit
        # the process when it cannot bind
        try:
            self._server.run()
        except SystemExit:
            pass

    def _bind_failure(self) -> str:
        config = self.api.config
        return (f"Hearth's API could not listen on {config.host}:{config.port}: the port is in "
                "use or the address is not this computer's. Choose another port (--port, or "
                "in the Server page).")

    @property
    def running(self) -> bool:
        return bool(self._server.started) and not self._server.should_exit

    def stop(self) -> None:
        """Stop listening; replies still streaming are cancelled with their connections."""
        self._server.should_exit = True
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(10)
