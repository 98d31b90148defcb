"""Where each catalog fact came from: the ``verified`` record, checksums, and what the CLI shows."""

from __future__ import annotations

import datetime
import json
import re
import shutil

import pytest
from click.testing import CliRunner

from app.commands.models import models
from app.models.catalog import CatalogError, get_entry, load_catalog, resources_dir


@pytest.fixture
def catalog_copy(tmp_path):
    """A writable copy of the shipped catalog and schema; returns (path, data)."""
    for name in ("catalog.json", "catalog.schema.json"):
        shutil.copy(resources_dir() / name, tmp_path / name)
    path = tmp_path / "catalog.json"
    return path, json.loads(path.read_text())


def _write(path, data):
    path.write_text(json.dumps(data))
    return path


def test_the_schema_accepts_a_verified_record_and_the_loader_keeps_it(catalog_copy):
    path, data = catalog_copy
    entry = next(m for m in data["models"] if m["name"] == "bge-m3")
    assert "verified" not in entry
    entry["verified"] = {"source": "https://huggingface.co/gpustack/bge-m3-GGUF/tree/main",
                         "checked": "2026-11-25", "fields": ["repo", "file", "size"],
                         "approximate": ["size"], "see_also": ["https://example.org/x"],
                         "note": "size shown as 635 MB"}
    loaded = {e.name: e for e in load_catalog(_write(path, data))}["bge-m3"]
    assert loaded.verified.source.endswith("/tree/main") and loaded.verified.checked == "2026-11-25"
    assert loaded.verified.fields == ("repo", "file", "size")
    assert not loaded.verified.confirms("size") and loaded.verified.confirms("file")
    assert loaded.verification == "verified"


@pytest.mark.parametrize("bad", [
    {"source": "https://x.example/y", "checked": "25 Nov 2026", "fields": ["repo"]},
    {"source": "http://x.example/y", "checked": "2026-11-25", "fields": ["repo"]},
    {"source": "https://x.example/y", "checked": "2026-11-25", "fields": ["mood"]},
    {"source": "https://x.example/y", "checked": "2026-11-25", "fields": []},
    {"source": "https://x.example/y", "checked": "2026-11-25", "fields": ["repo"], "by": "me"},
    {"checked": "2026-11-25", "fields": ["repo"]},
])
def test_a_malformed_verified_record_is_refused(catalog_copy, bad):
    path, data = catalog_copy
    data["models"][1]["verified"] = bad
    with pytest.raises(CatalogError, match="models/1"):
        load_catalog(_write(path, data))


def test_a_checksum_without_a_record_of_where_it_was_seen_is_refused(catalog_copy):
    path, data = catalog_copy
    entry = data["models"][1]
    entry["sha256"] = "ab" * 32
    entry.pop("verified", None)
    with pytest.raises(CatalogError, match="verified"):
        load_catalog(_write(path, data))
    entry["verified"] = {"source": "https://x.example/y", "checked": "2026-11-25", "fields": ["repo"]}
    with pytest.raises(CatalogError, match="models/1"):
        load_catalog(_write(path, data))


def test_every_checksum_is_64_hex_and_backed_by_a_page_for_one_pinned_upload():
    with_sha = [e for e in load_catalog() if e.sha256]
    assert len(with_sha) >= 2
    for entry in with_sha:
        assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256), entry.name
        assert entry.verified and entry.verified.confirms("sha256"), entry.name
        hub = entry.sources["huggingface"]
        # A repository's file can be uploaded again; the checksum holds for one revision only.
        assert hub.revision and re.fullmatch(r"[0-9a-f]{40}", hub.revision), entry.name


def test_verified_records_are_well_formed_and_no_modelscope_copy_is_claimed_unseen():
    today = datetime.date(2026, 11, 25)
    for entry in load_catalog():
        assert "modelscope" not in entry.sources, entry.name
        if entry.verified is None:
            assert entry.verification == "unverified"
            continue
        assert datetime.date.fromisoformat(entry.verified.checked) <= today
        assert set(entry.verified.approximate) <= set(entry.verified.fields), entry.name
        if entry.verified.confirms("size"):
            assert entry.size_bytes % 1000 != 0, f"{entry.name}: an exact size should not be round"


def test_search_marks_what_was_not_verified():
    runner = CliRunner()
    listed = runner.invoke(models, ["search", "qwen3"])
    assert listed.exit_code == 0, listed.output
    rows = {line.split()[0]: line for line in listed.output.splitlines() if line.startswith("qwen3")}
    assert "unverified" in rows["qwen3-14b"] and "repo only" in rows["qwen3-8b"]
    assert "unverified: their repository and file name were not confirmed" in listed.output
    as_json = json.loads(runner.invoke(models, ["search", "llama", "--json"]).output)
    by_name = {row["name"]: row for row in as_json}
    checked = by_name["llama-3.1-8b-instruct"]
    assert checked["verification"] == "sha256 checked"
    assert checked["sha256"] == get_entry("llama-3.1-8b-instruct").sha256
    assert checked["verified"]["source"].startswith("https://huggingface.co/bartowski/")
    assert by_name["llama-3.1-8b-instruct-awq"]["verified"]["approximate"] == ["size"]
