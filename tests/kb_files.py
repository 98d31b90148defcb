"""Real files for the knowledge-base tests: PDFs (with a real CJK font), DOCX, HTML, text.

Chinese PDFs need a CJK font: on Debian/Ubuntu `apt-get install -y fonts-noto-cjk`
(macOS and Windows ship one; set HEARTH_TEST_CJK_FONT to its path).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest


def cjk_font() -> Path:
    """A font with Chinese glyphs (the evaluation set's finder: HEARTH_TEST_CJK_FONT, the
    usual paths, fontconfig); the test fails saying how to install one."""
    from app.bench.kb_quality import EvalSetError
    from app.bench.kb_quality import cjk_font as find

    try:
        return find()
    except EvalSetError as exc:
        pytest.fail(str(exc))


def make_pdf(path: Path, pages: list[str], *, chinese: bool = False, **encrypt) -> Path:
    """A PDF with one text page per entry (CJK font when ``chinese``)."""
    from fpdf import FPDF

    pdf = FPDF()
    if chinese:
        pdf.add_font("cjk", fname=str(cjk_font()))
        pdf.set_font("cjk", size=12)
    else:
        pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    if encrypt:
        pdf.set_encryption(**encrypt)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose only page is an image: no text layer, as a scan without OCR."""
    from fpdf import FPDF
    from PIL import Image

    image = path.with_suffix(".png")
    Image.new("RGB", (200, 100), "white").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.output(str(path))
    image.unlink()
    return path


def make_circular_pdf(path: Path) -> Path:
    """A PDF whose page tree contains itself (Kids points back at the Pages node)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def make_docx(path: Path, sections: list[tuple[str, list[str]]]) -> Path:
    """A DOCX with a heading and paragraphs per section."""
    import docx

    document = docx.Document()
    for title, paragraphs in sections:
        document.add_heading(title, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def make_docx_bomb(path: Path, unpacked_mb: int = 600) -> Path:
    """A DOCX-shaped zip whose document.xml inflates to ``unpacked_mb`` of zeros."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                member.write(block)
    return path
