"""`hearth kb` commands against a real database and real files."""

from __future__ import annotations

import json
from pathlib import Path

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
    assert added.exit_code == 1, added.output  # c.txt is empty: it failed
    assert "3 to index" in added.output and "Indexed 2 of 3 files" in added.output
    assert f"failed: {folder / 'c.txt'}: The file is empty" in added.stderr
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


def test_add_exits_1_on_a_broken_pdf_and_reports_each_failure_once(tmp_path,
                                                                   embedding_model_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    good = tmp_path / "good.md"
    good.write_text("# Bees\n\nBees make honey from nectar.", encoding="utf-8")
    runner = CliRunner()

    first = runner.invoke(kb, ["add", str(broken), "--embedding-model",
                               str(embedding_model_path)])
    assert first.exit_code == 1, first.output
    assert first.stderr.count("failed: ") == 1 and f"failed: {broken}: " in first.stderr

    second = runner.invoke(kb, ["add", str(good)])  # another file: the old failure is not news
    assert second.exit_code == 0, second.output
    assert "broken.pdf" not in second.output and "failed" not in second.output
    assert "Indexed 1 of 1 files" in second.output

    again = runner.invoke(kb, ["add", str(broken), str(good)])  # unchanged: not tried again
    assert again.exit_code == 0, again.output
    assert "0 to index, 2 unchanged (1 of them failed before" in again.output
    assert "failed: " not in again.output

    hits = json.loads(runner.invoke(kb, ["search", "where does honey come from",
                                         "--json"]).output)
    assert [Path(h["path"]).name for h in hits] == ["good.md"]
    assert hits[0]["vector_rank"] == 1  # found by meaning too: the real model embedded it


def test_add_exits_1_when_a_path_is_not_there(tmp_path):
    result = CliRunner().invoke(kb, ["add", str(tmp_path / "nowhere.md")])
    assert result.exit_code == 1
    assert f"skipped: {tmp_path / 'nowhere.md'}: no such file or folder" in result.stderr


def test_search_without_hits_says_no_matches(tmp_path):
    (tmp_path / "owls.md").write_text("Owls hunt at night.", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(kb, ["add", str(tmp_path / "owls.md")]).exit_code == 0
    plain = runner.invoke(kb, ["search", "submarine"])
    assert plain.exit_code == 0 and plain.output == "No matches.\n"
    as_json = runner.invoke(kb, ["search", "submarine", "--json"])
    assert as_json.exit_code == 0 and json.loads(as_json.output) == []
    found = runner.invoke(kb, ["search", "owls"])
    assert "No matches." not in found.output and "owls.md" in found.output


def test_a_real_process_exits_1_and_names_the_broken_file_once(tmp_path, hearth_home):
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    env = {**os.environ, "PYTHONPATH": str(repo), "HEARTH_HOME": str(hearth_home)}
    run = subprocess.run([sys.executable, "-m", "app", "kb", "add", str(broken)], cwd=repo,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    # one line, from Hearth: the PDF library's own warnings stay out of it
    [line] = run.stderr.splitlines()
    assert line.startswith(f"failed: {broken}: The PDF is damaged")
