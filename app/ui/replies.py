"""The replies in flight, one per conversation, whether or not it is on screen.

A reply streams on the task runner's REPLY lane; what it has streamed so far is kept
here, so leaving its conversation never stops it and coming back shows it still
streaming (its text so far, then the rest as it comes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.engines.base import CancelToken


@dataclass(eq=False)
class LiveReply:
    """One reply in flight: its conversation, its stop switch, its text so far and the
    message view that shows it (None while its conversation is not on screen)."""

    conversation_id: int
    user_text: str | None = None
    cancel: CancelToken = field(default_factory=CancelToken)
    text: str = ""
    #: the stored reply's id, once the service has written its row
    reply_id: int | None = None
    #: shown in the reply's footer while it cannot stream yet ("Waiting for…")
    note: str = ""
    #: the model load this reply waits for (a scheduler ``LoadStarted``), if any
    loading: Any = None
    view: Any = None
    #: the tool calls it proposed, and those that finished, by call id
    proposals: dict[str, Any] = field(default_factory=dict)
    finished: dict[str, Any] = field(default_factory=dict)

    def stop(self, reason: str = "user") -> None:
        self.cancel.cancel(reason)  # type: ignore[arg-type]


def first_view_of(views: list[Any], message_id: int | None) -> Any:
    """The view in ``views`` that shows the stored message ``message_id``, if any."""
    if message_id is None:
        return None
    return next((v for v in views if v.item is not None and v.item.message.id == message_id),
                None)
