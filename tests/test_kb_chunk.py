"""Chunking follows structure, keeps exact character ranges, and cuts Chinese at 。！？."""

from __future__ import annotations

from app.kb.chunk import chunk_pages, estimate_tokens
from app.kb.index import cjk_bigrams, fts_body, fts_match


def test_chunks_keep_exact_ranges_pages_and_headings():
    text = "# Intro\n\n" + " ".join(f"Sentence {i} is about apples." for i in range(60))
    text += "\n\n# Second\n\nOranges are citrus."
    chunks = chunk_pages([(3, text)], max_tokens=60, overlap_tokens=10)
    assert len(chunks) > 3
    for chunk in chunks:
        assert text[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.page == 3
        assert chunk.n_tokens <= 60 + 10
    assert chunks[0].heading == "Intro"
    assert chunks[-1].heading == "Second" and "Oranges" in chunks[-1].text
    # overlap: a chunk cut inside a paragraph repeats the previous chunk's last sentence
    assert chunks[1].char_start < chunks[0].char_end


def test_chinese_is_cut_at_sentence_ends():
    sentence = "机器学习是人工智能的一个分支。"
    text = sentence * 12 + "它能从数据中学习！" * 6 + "真的吗？"
    chunks = chunk_pages([(None, text)], max_tokens=40, overlap_tokens=0)
    assert len(chunks) > 2
    for chunk in chunks[:-1]:
        assert chunk.text[-1] in "。！？"
        assert text[chunk.char_start : chunk.char_end] == chunk.text


def test_an_endless_sentence_is_cut_within_budget():
    text = "word " * 2000
    chunks = chunk_pages([(None, text)], max_tokens=100, overlap_tokens=0)
    assert all(c.n_tokens <= 100 for c in chunks)
    assert sum(c.n_tokens for c in chunks) == estimate_tokens(text)


def test_chunks_do_not_cross_pages():
    chunks = chunk_pages([(1, "Page one text."), (2, "Page two text.")])
    assert [(c.page, c.text) for c in chunks] == [(1, "Page one text."), (2, "Page two text.")]


def test_cjk_text_is_indexed_as_bigrams_and_queried_by_them():
    assert cjk_bigrams("机器学习") == ["机器", "器学", "学习", "习"]
    body = fts_body("用Python做机器学习")
    assert "Python" in body and "学习" in body.split()
    match = fts_match("什么是学习", None)
    assert '"学习"' in match and "coll" not in match
    assert fts_match("the and of", [3]).endswith("coll : (kbc3)")
    assert fts_match("   ", None) is None
