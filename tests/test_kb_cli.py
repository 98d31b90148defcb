"""`hearth kb` commands against a real database and real files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from app.commands.kb import kb


def test_add_ls_search_json_rm_rebuild(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text("# Trains\n\nThe locomotive pulls freight.", encoding="utf-8")
    (folder / "b.txt").write_text("铁路时刻表很重要。", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"")
    runner = CliRunner()
    added = runner.invoke(kb, ["add", str(folder), "-c", "rail"])
    assert added.exit_code == 0, added.output
    assert "3 to index" in added.output and "failed" in added.output
    listed = runner.invoke(kb, ["ls", "-c", "rail", "--json"])
    statuses = sorted(d["status"] for d in json.loads(listed.output))
    assert statuses == ["failed", "indexed", "indexed"]
    found = runner.invoke(kb, ["search", "时刻表", "--json"])
    hits = json.loads(found.output)
    assert hits[0]["path"].endswith("b.txt") and {"page", "score", "text"} <= set(hits[0])
    assert runner.invoke(kb, ["rebuild"]).output.startswith("Rebuilt: 2 chunks")
    assert json.loads(runner.invoke(kb, ["search", "locomotive", "--json"]).output)
    removed = runner.invoke(kb, ["rm", str(folder / "a.md")])
    assert removed.exit_code == 0 and "Removed 1" in removed.output
    assert json.loads(runner.invoke(kb, ["search", "locomotive", "--json"]).output) == []
    missing = runner.invoke(kb, ["search", "x", "-c", "nope"])
    assert missing.exit_code != 0 and "no collection called 'nope'" in missing.output
    assert "rail" in runner.invoke(kb, ["collections"]).output
