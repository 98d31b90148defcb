"""Extraction of real files of every supported type, and of bad files, in a child process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kb_files import make_circular_pdf, make_docx, make_docx_bomb, make_pdf, make_scanned_pdf

from app.kb.extract import ExtractionError, Extractor, Limits, html_main_text


@pytest.fixture(scope="module")
def extractor():
    with Extractor(Limits(timeout_s=30, memory_mb=1024)) as ex:
        yield ex


def _texts(result) -> str:
    return "\n".join(c["text"] for c in result.chunks)


def test_pdf_pages_english_and_chinese(tmp_path, extractor):
    path = make_pdf(tmp_path / "mixed.pdf",
                    ["Apples grow in orchards.", "第二页：机器学习是人工智能的一个分支。"],
                    chinese=True)
    result = extractor.extract(path)
    assert result.kind == "pdf" and result.pages == 2
    pages = {c["page"]: c["text"] for c in result.chunks}
    assert "Apples" in pages[1]
    assert "机器学习" in pages[2]


def test_docx_headings_and_paragraphs(tmp_path, extractor):
    path = make_docx(tmp_path / "a.docx", [("Bakery", ["Sourdough needs time.", "酵母很重要。"])])
    result = extractor.extract(path)
    assert result.kind == "docx"
    assert result.chunks[0]["heading"] == "Bakery"
    assert "Sourdough" in _texts(result) and "酵母" in _texts(result)


def test_html_main_text_without_menus_scripts_or_images(tmp_path, extractor):
    html = ("<html><head><title>t</title><script>alert('x')</script><style>p{}</style></head>"
            "<body><nav>Home | About</nav><header>Site header</header><main><h1>Glaciers</h1>"
            "<p>Ice moves &amp; carves valleys.</p><img src='http://example.com/x.png'></main>"
            "<footer>Copyright</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    text = _texts(extractor.extract(path))
    assert "Ice moves & carves valleys." in text and "Glaciers" in text
    for unwanted in ("alert", "Home", "Site header", "Copyright", "example.com"):
        assert unwanted not in text
    assert html_main_text("<p>no main here</p><script>x</script>") == "no main here"


def test_html_page_chrome_in_plain_divs_is_not_content(tmp_path, extractor):
    body = ("<p>Employees book flights through the company portal at least fourteen days "
            "before departure. Economy class is the default for flights under six hours.</p>"
            "<h2>Hotels</h2><p>Hotel stays are reimbursed up to 180 euros per night in "
            "capital cities and 120 euros elsewhere. Keep the itemised invoice.</p>"
            "<p>差旅费用须在出差结束后三十天内通过财务系统报销，并附上发票原件。</p>")
    html = ("<html><head><title>Travel policy</title></head><body>"
            "<div class='cookie-banner'>We use cookies to improve your experience. "
            "<a href='#'>Accept all</a></div>"
            "<div class='topbar'><a href='/'>Home</a> | <a href='/hr'>HR</a></div>"
            "<div class='sidebar'><h3>Related</h3><ul><li><a href='/a'>Expense claims</a>"
            "</li></ul></div>"
            f"<div class='content'><h1>Travel policy 2024</h1>{body}</div>"
            "<div class='comments'><h3>3 comments</h3><p>Great post! Visit my site</p></div>"
            "<div class='footer-links'>© 2024 Example Corp · Privacy · Terms</div>"
            "</body></html>")
    path = tmp_path / "policy.html"
    path.write_text(html, encoding="utf-8")
    text = _texts(extractor.extract(path))
    assert "fourteen days" in text and "120 euros" in text and "三十天内" in text
    for unwanted in ("cookies", "Accept all", "Expense claims", "Great post", "Example Corp"):
        assert unwanted not in text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "gb18030", "big5", "shift_jis",
                                      "cp1252"])
def test_text_in_common_encodings(tmp_path, extractor, encoding):
    samples = {"gb18030": "机器学习是人工智能的一个分支，它让计算机从数据中学习。" * 5,
               "big5": "機器學習是人工智慧的一個分支，它讓電腦從資料中學習。" * 5,
               "shift_jis": "機械学習は人工知能の一分野です。データから学びます。" * 5,
               "cp1252": "Café crème brûlée — naïve façade, déjà vu. " * 10}
    text = samples.get(encoding, "Plain text with ümlauts and 中文. " * 5)
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert _texts(extractor.extract(path)).split()[0] == text.split()[0]


def test_markdown_and_code(tmp_path, extractor):
    md = tmp_path / "notes.md"
    md.write_text("# Title\n\nSome *notes*.\n\n## Part\n\nMore.", encoding="utf-8")
    code = tmp_path / "tool.py"
    code.write_text("def f(x):\n    return x + 1\n\n\nclass Thing:\n    pass\n", encoding="utf-8")
    assert extractor.extract(md).chunks[-1]["heading"] == "Part"
    result = extractor.extract(code)
    assert result.kind == "code" and "def f(x)" in _texts(result)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, reason", [
    (lambda p: make_pdf(p / "locked.pdf", ["secret"], owner_password="o", user_password="u"),
     "password"),
    (lambda p: make_circular_pdf(p / "loop.pdf"), ""),
    (lambda p: make_scanned_pdf(p / "scan.pdf"), "scanned"),
    (lambda p: make_docx_bomb(p / "bomb.docx"), "zip bomb"),
    (lambda p: _write(p / "empty.txt", b""), "empty"),
    (lambda p: _write(p / "noise.txt", os.urandom(20000)), "binary"),
    (lambda p: _write(p / "bad.docx", b"not a zip"), "zip"),
])
def test_bad_files_fail_with_a_reason(tmp_path, extractor, make, reason):
    path = make(tmp_path)
    with pytest.raises(ExtractionError) as failure:
        extractor.extract(path)
    assert reason in str(failure.value)
    assert str(failure.value).endswith((".", ")"))
    # the same child (or its replacement) goes on with the next file
    good = tmp_path / "good.txt"
    good.write_text("still working", encoding="utf-8")
    assert _texts(extractor.extract(good)) == "still working"


def test_a_file_that_takes_too_long_is_stopped_at_the_time_limit(tmp_path):
    slow = tmp_path / "slow.txt"
    slow.write_text("One more sentence. " * 1_500_000, encoding="utf-8")  # 28 MB to chunk
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with Extractor(Limits(timeout_s=0.5)) as ex:
        with pytest.raises(ExtractionError, match="longer than"):
            ex.extract(slow)
        with pytest.raises(ExtractionError, match="not a regular file"):
            ex.extract(fifo)
        ok = tmp_path / "ok.md"
        ok.write_text("# fine", encoding="utf-8")
        assert ex.extract(ok).chunks


def test_memory_limit_stops_a_greedy_file(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"abc " * (40 * 1024 * 1024))  # 160 MB of text, far over 200 MB once decoded
    with Extractor(Limits(memory_mb=300, timeout_s=60)) as ex:
        with pytest.raises(ExtractionError, match="memory|MB"):
            ex.extract(big)
        assert Path(big).exists()


def test_a_reader_that_dies_while_starting_is_a_clear_error(monkeypatch, tmp_path):
    """The child exits before saying 'ready': an ExtractionError, not an EOFError."""
    from app.kb import extract

    monkeypatch.setattr(extract, "_child_main", _exit_at_once)
    reader = extract.Extractor()
    target = tmp_path / "a.txt"
    target.write_text("hello", encoding="utf-8")
    with pytest.raises(extract.ExtractionError, match="did not start"):
        reader.submit(target)
    reader.close()


def _exit_at_once(conn, limits):
    import os

    os._exit(3)


def test_the_readers_reasons_are_in_the_language_hearth_speaks(tmp_path):
    """The reader is a spawned child: it starts in English unless it is told the language
    the parent speaks, so a Chinese window would show English reasons (#17)."""
    from app import i18n

    (tmp_path / "empty.txt").write_bytes(b"")
    i18n.set_language("zh_CN")
    try:
        with Extractor(Limits(timeout_s=30)) as ex, pytest.raises(ExtractionError) as failed:
            ex.extract(tmp_path / "empty.txt")
    finally:
        i18n.set_language("en")
    assert str(failed.value) == "文件是空的（0 字节）。"
