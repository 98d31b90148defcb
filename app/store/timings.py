"""Load and reply timings per model and engine: the history behind the Performance view."""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from app.engines.base import LoadReport, ReplyStats


def record_load(db: Database, report: LoadReport) -> int:
    """Store one load's cold-start breakdown."""
    row = {
        "model": report.model,
        "engine": report.engine,
        "device": report.device,
        "file_check_s": report.file_check_s,
        "spawn_s": report.spawn_s,
        "load_s": report.load_s,
        "warmup_s": report.warmup_s,
        "ready_s": report.ready_s,
        "memory_mb": report.memory_mb,
        "created_at": time.time(),
    }
    with db.atomic():
        return int(db.table("load_timings").insert(row).last_pk or 0)


def record_reply(db: Database, model: str, engine: str, stats: ReplyStats,
                 message_id: int | None = None) -> int:
    """Store one reply's timing."""
    known = {c.name for c in db["reply_timings"].columns}
    row: dict[str, Any] = {k: v for k, v in asdict(stats).items() if k in known}
    # a statistic without a column yet (a new ReplyStats field before its migration) is
    # left out rather than failing the save of the reply it belongs to
    row.update(model=model, engine=engine, message_id=message_id, created_at=time.time())
    with db.atomic():
        return int(db.table("reply_timings").insert(row).last_pk or 0)


def reply_timing(db: Database, message_id: int) -> dict | None:
    """The timings of the reply stored as message ``message_id`` (queue wait, first
    token, speed, image scaling and encoding, image tokens...), or None."""
    rows = list(db.query("SELECT * FROM reply_timings WHERE message_id = ? "
                         "ORDER BY id DESC LIMIT 1", [message_id]))
    return rows[0] if rows else None


def load_history(db: Database, model: str | None = None, limit: int = 1000) -> list[dict]:
    where, args = ("WHERE model = ?", [model]) if model else ("", [])
    return list(db.query(
        f"SELECT * FROM load_timings {where} ORDER BY created_at DESC LIMIT ?", [*args, limit]))


def reply_history(db: Database, model: str | None = None, limit: int = 1000) -> list[dict]:
    where, args = ("WHERE model = ?", [model]) if model else ("", [])
    return list(db.query(
        f"SELECT * FROM reply_timings {where} ORDER BY created_at DESC LIMIT ?", [*args, limit]))
