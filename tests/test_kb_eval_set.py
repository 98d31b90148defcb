"""The bilingual knowledge-base evaluation set (resources/kb_eval) and its quality bench."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.bench.kb_quality import (
    build_corpus,
    docs_dir,
    evaluate,
    format_tables,
    hit_ranks,
    load_questions,
    near_duplicates,
    normalized,
    run_quality,
    scores,
)
from app.kb.extract import Limits, extract_pages
from app.kb.search import Hit


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The set's documents, built once (DOCX and PDF written from their text sources)."""
    folder = tmp_path_factory.mktemp("kb-eval")
    build_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def corpus(built) -> dict[str, dict[int | None, str]]:
    """The built set: each file's extracted text by page, as the knowledge base reads it."""
    out = {}
    for path in sorted(built.iterdir()):
        kind, pages = extract_pages(path, Limits())
        out[path.name] = {page: text for page, text in pages}
    return out


def test_the_set_has_enough_documents_in_every_format_and_language(corpus):
    assert len(corpus) >= 30
    suffixes = Counter(Path(name).suffix for name in corpus)
    for suffix in (".md", ".txt", ".html", ".docx", ".pdf"):
        assert suffixes[suffix] >= 2, suffix

    def chinese(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    def english(text: str) -> bool:
        return sum(ch.isascii() and ch.isalpha() for ch in text) > 200

    texts = {name: "\n".join(pages.values()) for name, pages in corpus.items()}
    both = [n for n, t in texts.items() if chinese(t) and english(t)]
    only_zh = [n for n, t in texts.items() if chinese(t) and not english(t)]
    only_en = [n for n, t in texts.items() if english(t) and not chinese(t)]
    assert len(only_en) >= 10 and len(only_zh) >= 10 and len(both) >= 3
    # multi-page PDFs, so that the page matters
    assert sum(1 for n, pages in corpus.items() if n.endswith(".pdf") and len(pages) >= 3) >= 3


def test_html_page_chrome_is_not_part_of_the_extracted_text(corpus):
    for name in ("hr-faq.html", "union-minutes-zh-may.html", "parking-rules-bilingual.html"):
        text = corpus[name][None]
        for chrome in ("Accept all", "同意", "Quick links", "相关链接", "Privacy", "评论",
                       "Comments"):
            assert chrome not in text, (name, chrome)


def test_every_question_points_at_a_real_passage(corpus):
    questions = load_questions()
    assert len({q.id for q in questions}) == len(questions)
    langs = Counter(q.lang for q in questions)
    assert set(langs) == {"en", "zh"}
    assert len(questions) >= 100 and langs["en"] >= 40 and langs["zh"] >= 40
    for q in questions:
        assert q.file in corpus, f"{q.id}: no file {q.file}"
        pages = corpus[q.file]
        assert q.page in pages, f"{q.id}: {q.file} has no page {q.page} (pages {list(pages)})"
        assert q.answer_snippet.strip() and len(q.answer_snippet) <= 80, q.id
        assert normalized(q.answer_snippet) in normalized(pages[q.page]), (
            f"{q.id}: {q.answer_snippet!r} is not on page {q.page} of {q.file}")
        if q.lang == "zh":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in q.question), q.id
        else:
            assert q.question.isascii(), q.id


def test_every_snippet_fits_in_one_chunk(built):
    """With today's chunker a strict hit is possible for every question."""
    from app.kb.extract import extract_file

    chunks = {p.name: extract_file(p, Limits()).chunks for p in built.iterdir()}
    for q in load_questions():
        assert any(c["page"] == q.page and normalized(q.answer_snippet) in normalized(c["text"])
                   for c in chunks[q.file]), f"{q.id}: the snippet straddles two chunks"


def test_near_duplicates_are_told_apart_only_by_details(corpus):
    questions = load_questions()
    twins = near_duplicates()
    assert len(twins) >= 16  # eight pairs at least
    pairs = [(a, b) for a, b in twins.items() if a < b]
    for first, second in pairs:
        for name, other in ((first, second), (second, first)):
            asked = [q for q in questions if q.file == name]
            assert asked, name
            # some of its answers are not in the other version: only details decide
            other_text = normalized("".join(corpus[other].values()))
            assert any(normalized(q.answer_snippet) not in other_text for q in asked), name


def test_the_questions_file_is_one_json_object_a_line():
    path = docs_dir().parent / "questions.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) == {"id", "lang", "question", "file", "page", "answer_snippet"}


def _hit(chunk_id: int, path: str, page: int | None, text: str) -> Hit:
    return Hit(chunk_id, 1, "c", path, page, 0, len(text), "", text, 1.0)


def test_hits_need_the_right_file_page_and_snippet():
    q = load_questions()[0]
    other_page = (q.page or 0) + 1
    hits = [
        _hit(1, f"/x/other-{q.file}", q.page, q.answer_snippet),       # wrong file
        _hit(2, f"/x/{q.file}", other_page, q.answer_snippet),         # wrong page
        _hit(3, f"/x/{q.file}", q.page, "unrelated text"),              # loose only
        _hit(4, f"/x/{q.file}", q.page, "so " + q.answer_snippet.replace(" ", "\n") + " ."),
    ]
    assert hit_ranks(hits, q) == (4, 3)
    assert hit_ranks(hits[:3], q) == (None, 3)
    assert scores([1, 2, None, 6]) == {"n": 4, "mrr": round((1 + 0.5 + 1 / 6) / 4, 3),
                                       "recall_at_1": 0.25, "recall_at_5": 0.5}
    result = evaluate([q], lambda text, limit: hits[:limit])
    assert result["strict"]["all"]["mrr"] == 0.25 and result["loose"]["all"]["mrr"] == 0.333
    assert result["ranks"] == {q.id: [4, 3]} and result["misses_at_5"] == []
    assert result["rank1_not_a_hit"] == {"right_page_wrong_chunk": 0, "other_file_or_page": 1,
                                         "near_duplicate": 0, "no_results": 0}
    assert result["top5_differs_k5_vs_k10"] == []
    # a ranking that changes with the limit is reported
    shifted = evaluate([q], lambda text, limit: hits[:limit] if limit > 5 else hits[::-1])
    assert shifted["top5_differs_k5_vs_k10"] == [q.id]


def test_quality_bench_full_text_on_five_questions(hearth_home, built):
    questions = load_questions()
    five = [q for q in questions if q.lang == "en"][:3] + [q for q in questions
                                                          if q.lang == "zh"][:2]
    result = run_quality(None, questions=five, built=built)
    assert set(result["modes"]["full-text"]["ranks"]) == {q.id for q in five}
    assert result["n_documents"] >= 30 and result["n_chunks"] > result["n_documents"]
    assert result["failed_files"] == 0
    assert result["unreachable"] == []
    assert result["n_questions"] == {"all": 5, "en": 3, "zh": 2}
    fts = result["modes"]["full-text"]
    assert fts["built"] and set(fts["strict"]) == {"all", "en", "zh"}
    for kind in ("strict", "loose"):
        for row in fts[kind].values():
            assert 0.0 <= row["recall_at_1"] <= row["recall_at_5"] <= 1.0
    # the loose hit is never harder than the strict one
    assert fts["loose"]["all"]["mrr"] >= fts["strict"]["all"]["mrr"]
    # plain words that occur in their passage are found by the full-text index
    assert fts["strict"]["all"]["recall_at_5"] > 0
    assert "hybrid" not in result["modes"] and result["ratio"] is None
    assert result["modes"]["hybrid+rerank"]["built"] is False
    assert result["spread"] == 0
    assert result["goals"]["mode"] == "full-text"
    assert "hybrid_not_below_full_text" not in result["goals"]
    tables = format_tables(result)
    assert "full-text" in tables and "hybrid+rerank: not built" in tables


def test_bench_command_quality_json(hearth_home, monkeypatch, built):
    monkeypatch.delenv("HEARTH_EMBEDDING_MODEL", raising=False)
    from app.bench import kb as kb_bench
    from app.bench import kb_quality

    few = load_questions()[:2]
    monkeypatch.setattr(kb_quality, "load_questions", lambda path=None: few)
    real_run = kb_quality.run_quality  # the documents built once for this module, reused
    monkeypatch.setattr(kb_quality, "run_quality",
                        lambda *a, **kw: real_run(*a, **kw, built=built))
    out = CliRunner().invoke(kb_bench.kb, ["--quality", "--json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert result["n_questions"]["all"] == 2
    assert result["modes"]["full-text"]["built"] is True


def test_bench_kb_without_quality_still_needs_a_model(hearth_home, monkeypatch):
    from app.bench import kb as kb_bench

    monkeypatch.delenv("HEARTH_EMBEDDING_MODEL", raising=False)
    out = CliRunner().invoke(kb_bench.kb, ["--json"])
    assert out.exit_code == 2 and "--embedding-model" in out.output


def test_goals_compare_hybrid_with_full_text_per_language():
    from app.bench.kb_quality import goals

    def row(mrr, r5):
        return {"n": 10, "mrr": mrr, "recall_at_1": 0.5, "recall_at_5": r5}

    modes: dict[str, dict] = {
        "full-text": {"built": True, "strict": {"all": row(0.8, 0.9), "en": row(0.7, 0.9),
                                                 "zh": row(0.9, 0.96)}},
        "hybrid": {"built": True, "strict": {"all": row(0.85, 0.95), "en": row(0.9, 0.97),
                                              "zh": row(0.86, 0.96)}},
        "hybrid+rerank": {"built": False},
    }
    result = goals(modes)
    assert result["mode"] == "hybrid"
    assert result["mrr_at_least_0.85"] == {"en": True, "zh": True}
    assert result["recall_at_5_at_least_0.95"] == {"en": True, "zh": True}
    assert result["hybrid_not_below_full_text"] == {"en": True, "zh": False}
