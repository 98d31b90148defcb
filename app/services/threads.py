"""The visible thread of a conversation, with what the branch arrows need.

Qt-free, so the window stays thin: one query gives every message's place among its
siblings ("2 of 3"), however long the conversation is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.store.conversations import ConversationStore, StoredMessage


@dataclass(frozen=True)
class ThreadItem:
    """A message of the visible thread and its place among the alternatives."""

    message: StoredMessage
    branch_index: int   # 0-based position among its siblings
    branch_count: int   # how many siblings (1 = no branches here)
    sibling_ids: tuple[int, ...]


def thread_items(store: ConversationStore, conversation_id: int) -> list[ThreadItem]:
    """The current thread, oldest first, each message with its siblings."""
    thread = store.thread(conversation_id)
    if not thread:
        return []
    by_parent: dict[int | None, list[int]] = defaultdict(list)
    rows = store.db.execute(
        "SELECT id, parent_id FROM messages WHERE conversation_id = ? ORDER BY id",
        [conversation_id]).fetchall()
    for message_id, parent_id in rows:
        by_parent[parent_id].append(message_id)
    items = []
    for message in thread:
        siblings = tuple(by_parent[message.parent_id]) or (message.id,)
        items.append(ThreadItem(message, siblings.index(message.id), len(siblings), siblings))
    return items


def switch_branch(store: ConversationStore, message_id: int, step: int) -> int:
    """Show the sibling ``step`` places from ``message_id``; returns the one now shown."""
    siblings = [m.id for m in store.siblings(message_id)]
    index = min(max(siblings.index(message_id) + step, 0), len(siblings) - 1)
    target = siblings[index]
    store.set_current_leaf(store.message(message_id).conversation_id, target)
    return target
