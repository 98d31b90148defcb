"""A completion's events, from the thread that runs it to the event loop that answers.

The core streams on a plain thread (waiting in the model's queue, then generating); the
API reads the events asynchronously. Whatever ends the read (the reply is done, the
client went away, the server stops) cancels the generation, so a client that hangs up
frees the model within one token or one prompt batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from starlette.requests import Request

from app.engines.base import CancelToken

_END = object()


class EventPump:
    """Runs ``produce(cancel)`` (a generator of events) on its own thread."""

    def __init__(self, produce: Callable[[CancelToken], Iterator[Any]]) -> None:
        self.cancel = CancelToken()
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._run, args=(produce,), name="hearth-api-reply",
                         daemon=True).start()

    def _put(self, item: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed (server stopping)
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)

    def _run(self, produce: Callable[[CancelToken], Iterator[Any]]) -> None:
        try:
            for event in produce(self.cancel):
                self._put(event)
        except Exception as exc:  # noqa: BLE001 - becomes the reply's error
            self._put(exc)
        finally:
            self._put(_END)

    async def next(self) -> Any:
        """The next event, or None when there are no more; a producer's exception is raised."""
        item = await self._queue.get()
        if item is _END:
            return None
        if isinstance(item, Exception):
            raise item
        return item

    async def events(self) -> AsyncIterator[Any]:
        """Every remaining event; leaving early (a disconnect) cancels the generation."""
        try:
            while (event := await self.next()) is not None:
                yield event
        finally:
            self.cancel.cancel("user")


async def until_disconnect(request: Request) -> None:
    """Return when the client closes its connection."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def or_disconnect(request: Request, awaitable: Any, pump: EventPump) -> Any:
    """Await ``awaitable`` unless the client hangs up first; then cancel the generation
    and raise ``ClientGone``."""
    work = asyncio.ensure_future(awaitable)
    watch = asyncio.ensure_future(until_disconnect(request))
    try:
        done, _ = await asyncio.wait({work, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watch.cancel()
    if work not in done:
        pump.cancel.cancel("user")
        work.cancel()
        raise ClientGone()
    return work.result()


class ClientGone(Exception):
    """The client closed the connection before the answer was ready."""
