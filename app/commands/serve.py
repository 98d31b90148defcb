"""``hearth serve``: the local OpenAI- and Anthropic-compatible API, in the foreground.

The same API the window's Server page starts, on the same services: a model loaded for
one is the model the other uses. Listens on 127.0.0.1 unless told otherwise; another
address needs a key, and then every route needs it.
"""

from __future__ import annotations

import signal
import sys
import threading
from dataclasses import replace

import click

from app.services.desktop import Services
from app.services.errors import describe_error
from app.services.serving import (
    ApiService,
    ServeConfig,
    ServeRefused,
    check_config,
    save_api_key,
    saved_api_key,
)
from app.services.settings import load_settings, setting_bounds


def _bounds(option: str) -> click.IntRange:
    """A click range from a Settings field's bounds (defined once, in Settings)."""
    low, high = setting_bounds(option)
    return click.IntRange(int(low), int(high))


def _key(given: str | None, save: bool, loopback: bool) -> str | None:
    """The key to require: the one given (saved to the keyring with --save-key), else the
    one in the keyring. A keyring that cannot be read matters only when a key is needed."""
    if given:
        if save:
            save_api_key(given)
        return given
    try:
        return saved_api_key()
    except ServeRefused:
        if loopback:
            click.echo("No OS keyring could be read, so no saved API key applies; serving "
                       "this computer only, without a key.", err=True)
        return None  # elsewhere, check_config says a key is needed


@click.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1: this "
              "computer only). Any other address needs --api-key.")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port to listen on (default 7373; 0 picks a free one).")
@click.option("--api-key", envvar="HEARTH_API_KEY", default=None,
              help="Require this key on every route (also $HEARTH_API_KEY; default: the key "
              "saved in the OS keyring, if any).")
@click.option("--save-key", is_flag=True, help="Keep --api-key in the OS keyring for next time.")
@click.option("--model", default=None, help="Load this model now; requests that name no "
              "model use it.")
@click.option("--allow-origin", "origins", multiple=True, help="A web origin whose pages may "
              "call the API from a browser (repeatable; default: none).")
@click.option("--ctx-size", "n_ctx", type=_bounds("n_ctx"), default=None,
              help="Context length in tokens for this run (default: Settings).")
@click.option("--threads", "n_threads", type=_bounds("n_threads"), default=None,
              help="CPU threads for llama.cpp for this run (0: one per physical core; "
              "default: Settings).")
def serve(host: str | None, port: int | None, api_key: str | None, save_key: bool,
          model: str | None, origins: tuple[str, ...], n_ctx: int | None,
          n_threads: int | None) -> None:
    """Serve Hearth's models to other programs (OpenAI and Anthropic APIs)."""
    from app.server.app import ApiServer

    settings = load_settings()
    if n_ctx is not None:
        settings.n_ctx = n_ctx
    if n_threads is not None:
        settings.n_threads = n_threads
    config = ServeConfig.from_settings(settings.server, host=host, port=port, model=model,
                                       allowed_origins=origins or None)
    try:
        config = replace(config, api_key=_key(api_key, save_key, config.loopback))
        check_config(config)
    except ServeRefused as exc:
        raise click.ClickException(str(exc)) from exc
    services = Services.open(settings)
    api = ApiService(services, config)
    try:
        if model:
            click.echo(f"Loading {model}…")
            api.preload()
        server = ApiServer(api)
        server.start()
    except Exception as exc:  # noqa: BLE001 - one sentence, then out
        api.close()
        services.close()
        raise click.ClickException(describe_error(exc)) from exc
    key_note = "a key is required" if config.api_key else "no key (this computer only)"
    click.echo(f"Hearth API listening on {server.url} (OpenAI and Anthropic routes; "
               f"{key_note}). Ctrl-C stops.", nl=True)
    sys.stdout.flush()
    _wait_for_signal()
    click.echo("Stopping…", err=True)
    server.stop()
    api.close()
    services.close()


def _wait_for_signal() -> None:
    stop = threading.Event()

    def on_signal(_signum, _frame) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    while not stop.wait(0.5):
        pass
