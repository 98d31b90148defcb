"""Tool calls in a conversation: what a front is told, and how it answers.

When a reply calls a tool (an MCP server's, see ``app.services.mcp``), the chat service
stores the assistant's message with its calls, then for each call emits a
:class:`ToolCallProposed` and waits, on the reply's own thread, for the front to
:meth:`~ToolCallProposed.decide` — the window shows the call with its arguments and three
buttons, ``hearth chat`` asks at the terminal. Nothing runs without an answer: "once"
runs this call, "always" runs it and every later call of the same tool in the same
conversation (saved in the conversation's settings), "deny" tells the model the user
refused. A :class:`ToolCallFinished` follows with what went back to the model (the
tool's result or the reason it has none), stored as a ``tool`` message in the
conversation tree; then the model continues.

Conversation settings used (``Conversation.settings``):
- ``mcp_servers``: names of the MCP servers whose tools this conversation may call;
- ``tool_approvals``: ``"server/tool"`` names the user allowed always in it;
- ``response_format``: the conversation's structured output (OpenAI's shape, or
  ``{"type": "grammar", "grammar": GBNF}``), None for free text.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Literal

from app.engines.base import CancelToken, ToolCallPart

Approval = Literal["once", "always", "deny"]

#: how long a reply waits for the user's answer before treating the call as denied
APPROVAL_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class ToolCallProposed:
    """The model asked to call ``call.name`` of MCP server ``server`` with
    ``call.arguments`` (JSON text). ``message_id`` is the stored assistant message that
    holds the call. Answer with :meth:`decide` from any thread."""

    conversation_id: int
    message_id: int
    server: str
    call: ToolCallPart
    description: str = ""
    _answer: dict = field(default_factory=dict, compare=False, repr=False)
    _ready: threading.Event = field(default_factory=threading.Event, compare=False, repr=False)

    def decide(self, answer: Approval) -> None:
        """The user's answer; the first one counts."""
        if not self._ready.is_set():
            self._answer["value"] = answer
            self._ready.set()

    def wait(self, cancel: CancelToken, timeout_s: float = APPROVAL_TIMEOUT_S) -> Approval:
        """Block the reply's thread until answered; "deny" when the reply is stopped or
        nobody answers within ``timeout_s``."""
        waited = 0.0
        while not self._ready.wait(0.1):
            waited += 0.1
            if cancel.cancelled or waited >= timeout_s:
                return "deny"
        return self._answer["value"]

    @property
    def answered(self) -> bool:
        return self._ready.is_set()


@dataclass(frozen=True)
class ToolCallFinished:
    """A proposed call ended: ``ok`` False when it was denied, timed out or failed;
    ``content`` is what went back to the model; ``message_id`` the stored ``tool``
    message."""

    conversation_id: int
    message_id: int
    call: ToolCallPart
    approval: Approval
    ok: bool
    content: str
    seconds: float = 0.0
