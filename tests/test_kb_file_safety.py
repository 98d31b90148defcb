"""The knowledge base reads nothing it should not: links out of the added folder, pipes,
devices and huge files are passed over by their metadata, each with its reason (#16)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.kb import collections as colls
from app.kb.extract import Extractor
from app.kb.ingest import _submit, add_paths, ingest
from app.kb.search import search


@pytest.fixture
def outside(tmp_path) -> Path:
    """A private file outside the folder the user adds."""
    secret = tmp_path / "home" / ".ssh" / "id_rsa.txt"
    secret.parent.mkdir(parents=True)
    secret.write_text("PRIVATEKEYMATERIAL do not index me", encoding="utf-8")
    return secret


@pytest.fixture
def folder(tmp_path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("# Zorblat\n\nThe zorblat festival is in spring.",
                                   encoding="utf-8")
    return docs


def _skipped(result) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in result.skipped)


def test_a_link_out_of_the_folder_is_not_followed_and_says_why(db, folder, outside):
    (folder / "innocent.md").symlink_to(outside)
    cid = colls.get_or_create(db, "docs")
    result = add_paths(db, cid, [folder])
    assert result.pending == [str(folder / "notes.md")]
    reason = _skipped(result)[str(folder / "innocent.md")]
    assert str(outside) in reason and "outside the folder" in reason
    list(ingest(db, None))
    assert not search(db, "PRIVATEKEYMATERIAL", [cid], limit=5)
    assert search(db, "zorblat", [cid], limit=5)


def test_a_link_given_directly_is_refused_with_its_target(db, tmp_path, outside):
    link = tmp_path / "looks_fine.md"
    link.symlink_to(outside)
    cid = colls.get_or_create(db, "docs")
    result = add_paths(db, cid, [link])
    assert not result.pending
    reason = _skipped(result)[str(link)]
    assert str(outside) in reason and "Add" in reason


def test_a_linked_folder_is_not_walked(db, folder, outside):
    (folder / "keys").symlink_to(outside.parent, target_is_directory=True)
    cid = colls.get_or_create(db, "docs")
    result = add_paths(db, cid, [folder])
    assert result.pending == [str(folder / "notes.md")]
    assert "folder links" in _skipped(result)[str(folder / "keys")]


def test_a_link_inside_the_folder_is_read_once(db, folder):
    sub = folder / "sub"
    sub.mkdir()
    (sub / "alias.md").symlink_to(folder / "notes.md")  # the file is read as itself
    hidden = folder / ".drafts"
    hidden.mkdir()
    (hidden / "draft.md").write_text("Quenmoor draft", encoding="utf-8")
    (folder / "draft.md").symlink_to(hidden / "draft.md")  # only reachable through the link
    result = add_paths(db, colls.get_or_create(db, "docs"), [folder])
    assert result.pending == [str(folder / "draft.md"), str(folder / "notes.md")]
    assert not result.skipped


def test_pipes_devices_and_huge_files_are_skipped_by_metadata(db, folder):
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 64 GiB of nothing, as in the issue
        handle.truncate(64 * 2**30)
    result = add_paths(db, colls.get_or_create(db, "docs"), [folder])
    skipped = _skipped(result)
    assert "named pipe" in skipped[str(folder / "pipe.txt")]
    # /dev/zero is outside the folder: refused as a link before its kind matters
    assert "outside the folder" in skipped[str(folder / "zero.txt")]
    assert "larger than 512 MB" in skipped[str(huge)]
    assert result.pending == [str(folder / "notes.md")]


def test_a_socket_is_skipped_with_a_reason(db, folder):
    import socket

    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "agent.txt"))
        result = add_paths(db, colls.get_or_create(db, "docs"), [folder])
    finally:
        server.close()
    assert "a socket, not a regular file" in _skipped(result)[str(folder / "agent.txt")]
    assert result.pending == [str(folder / "notes.md")]


def test_a_device_given_directly_is_named(db, tmp_path):
    if not Path("/dev/null").exists():
        pytest.skip("needs /dev/null")
    result = add_paths(db, colls.get_or_create(db, "dev"), [Path("/dev/null")])
    assert "a device, not a regular file" in _skipped(result)["/dev/null"]


def test_a_file_replaced_by_a_pipe_after_adding_fails_without_reading(db, folder):
    cid = colls.get_or_create(db, "docs")
    add_paths(db, cid, [folder])
    target = folder / "notes.md"
    target.unlink()
    os.mkfifo(target)  # reading it would block forever
    docs = db.execute("SELECT id, collection_id, path FROM kb_documents").fetchall()
    outcome = _submit(Extractor(), docs, 0)
    assert outcome is not None and outcome.startswith("error:") and "named pipe" in outcome
    events = list(ingest(db, None))
    assert events[-1].files_failed == 1
    error = db.execute("SELECT error FROM kb_documents").fetchone()[0]
    assert "named pipe" in error
