"""Turn a file into text, safely: every file is read in a child process.

The child runs with a memory limit (RLIMIT_AS where the OS has it) and the parent
kills it when a file takes longer than the time limit, so a hostile or broken file costs
one failed document, never the app. Zip containers (DOCX) are checked for bombs before
anything is decompressed. The child also chunks the text, so the parent receives chunks
ready to embed. One child serves many files and is replaced when it dies.
"""

from __future__ import annotations

import codecs
import logging
import multiprocessing
import os
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from app.i18n import _, current_language, set_language
from app.kb.chunk import DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS, chunk_pages

TEXT_SUFFIXES = {".txt", ".text", ".rst", ".csv", ".tsv", ".log", ".org", ".tex", ".srt"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdx"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CODE_SUFFIXES = {
    ".py", ".pyi", ".js", ".jsx", ".ts", ".tsx", ".c", ".h", ".cc", ".cpp", ".hpp", ".cs",
    ".java", ".kt", ".go", ".rs", ".rb", ".php", ".swift", ".m", ".scala", ".sh", ".bash",
    ".ps1", ".sql", ".r", ".lua", ".pl", ".json", ".yaml", ".yml", ".toml", ".ini", ".cfg",
    ".xml", ".css", ".scss", ".vue", ".dart", ".zig", ".hs", ".ex", ".clj", ".jl",
}
SUPPORTED_SUFFIXES = (
    {".pdf", ".docx"} | TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | CODE_SUFFIXES
)


class ExtractionError(Exception):
    """The file cannot be indexed; the message says why and what the user can do."""


@dataclass
class Limits:
    """Bounds on one file's extraction."""

    timeout_s: float = 120.0
    memory_mb: int = 2048
    max_file_mb: int = 512
    max_unzipped_mb: int = 512
    max_zip_ratio: float = 100.0
    max_zip_entries: int = 20_000
    max_tokens: int = DEFAULT_MAX_TOKENS
    overlap_tokens: int = DEFAULT_OVERLAP_TOKENS


@dataclass
class Extracted:
    """What a file yielded: its kind, page count and chunks (as dicts)."""

    kind: str
    pages: int | None
    chunks: list[dict] = field(default_factory=list)


def kind_of(path: Path) -> str:
    """The extractor a file gets, by its suffix (unknown suffixes are tried as text)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in CODE_SUFFIXES:
        return "code"
    return "text"


def extract_pages(path: Path, limits: Limits) -> tuple[str, list[tuple[int | None, str]]]:
    """(kind, [(page, text)]) of a file. Runs in the child; raises ExtractionError."""
    if not path.is_file():
        raise ExtractionError(_("It is not a regular file (a folder, device or pipe)."))
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError(_("The file is empty (0 bytes)."))
    if size > limits.max_file_mb * 1024 * 1024:
        raise ExtractionError(_("The file is larger than {limit} MB.").format(
            limit=limits.max_file_mb))
    kind = kind_of(path)
    reader = {"pdf": _pdf_pages, "docx": _docx_pages, "html": _html_pages}.get(kind)
    pages: list[tuple[int | None, str]] = (
        reader(path, limits) if reader else [(None, decode_text(path.read_bytes()))]
    )
    if not any(text.strip() for _page, text in pages):
        raise ExtractionError(_("The file contains no text."))
    return kind, pages


def extract_file(path: Path, limits: Limits) -> Extracted:
    """Extract and chunk one file (in the current process: call it in the child)."""
    kind, pages = extract_pages(path, limits)
    chunks = chunk_pages(
        pages, code=kind == "code", max_tokens=limits.max_tokens,
        overlap_tokens=limits.overlap_tokens,
    )
    page_count = len(pages) if kind == "pdf" else None
    return Extracted(kind, page_count, [c.as_dict() for c in chunks])


# --- PDF -------------------------------------------------------------------------------


def _pdf_pages(path: Path, limits: Limits) -> list[tuple[int | None, str]]:
    """Each page's text, read with PDFium (pypdfium2: 7x faster than pypdf on English
    pages and 13x on Chinese ones, without the stray NULs pypdf put between CJK
    characters); a file PDFium cannot open is tried with pypdf before it is called
    damaged."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return _pypdf_pages(path, limits)
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError(
                _("The PDF is protected by a password. Save an unprotected copy and add that.")
            ) from exc
        return _pypdf_pages(path, limits)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append((index + 1, textpage.get_text_range().replace("\r\n", "\n")))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise ExtractionError(_("The PDF is damaged: {reason}").format(reason=exc)) from exc
    finally:
        document.close()
    return _checked_pages(pages)


def _checked_pages(pages: list[tuple[int, str]]) -> list[tuple[int | None, str]]:
    if not pages:
        raise ExtractionError(_("The PDF has no pages that can be read."))
    if not any(text.strip() for _page, text in pages):
        raise ExtractionError(
            _("The PDF has {pages} page(s) but no text layer: it looks scanned. "
              "Run OCR on it (for example with OCRmyPDF) and add the result."
              ).format(pages=len(pages))
        )
    return [(n, _clean(t)) for n, t in pages]


def _pypdf_pages(path: Path, limits: Limits) -> list[tuple[int | None, str]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted and not _pdf_opens_without_password(reader):
            raise ExtractionError(
                _("The PDF is protected by a password. Save an unprotected copy and add that.")
            )
        pages = [(i + 1, page.extract_text() or "") for i, page in enumerate(reader.pages)]
    except (FileNotDecryptedError, DependencyError) as exc:
        raise ExtractionError(
            _("The PDF is encrypted and cannot be read ({reason}). Save an unprotected copy."
              ).format(reason=exc)
        ) from exc
    except RecursionError as exc:
        raise ExtractionError(_("The PDF's structure refers to itself in a loop.")) from exc
    except PdfReadError as exc:
        raise ExtractionError(_("The PDF is damaged: {reason}").format(reason=exc)) from exc
    return _checked_pages(pages)


def _pdf_opens_without_password(reader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


# --- DOCX and zip containers -------------------------------------------------------------


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse a zip container whose declared contents are a decompression bomb."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ExtractionError(
            _("The file is not a valid zip container ({reason}).").format(reason=exc)
        ) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_zip_entries:
            raise ExtractionError(
                _("The container holds {parts} parts: too many.").format(parts=len(infos)))
        total = sum(i.file_size for i in infos)
        if total > limits.max_unzipped_mb * 1024 * 1024:
            raise ExtractionError(
                _("The container unpacks to {size} MB, more than the {limit} MB limit: it "
                  "looks like a zip bomb.").format(size=total // 2**20,
                                                   limit=limits.max_unzipped_mb)
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
                raise ExtractionError(
                    _("Part {part} expands {ratio}-fold: it looks like a zip bomb, so it was "
                      "not opened.").format(part=repr(info.filename), ratio=f"{ratio:.0f}")
                )


def _docx_pages(path: Path, limits: Limits) -> list[tuple[int | None, str]]:
    check_zip(path, limits)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise ExtractionError(
            _("The DOCX file cannot be opened: {reason}").format(reason=exc)) from exc
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_table_rows(item))
        elif item.text.strip():
            blocks.append(_docx_paragraph(item))
    return [(None, "\n\n".join(blocks))]


def _docx_paragraph(paragraph) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    match = re.match(r"Heading (\d)", style)
    if match or style == "Title":
        level = int(match.group(1)) if match else 1
        return "#" * min(level, 6) + " " + paragraph.text.strip()
    return paragraph.text


def _table_rows(table) -> list[str]:
    return [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows]


# --- HTML --------------------------------------------------------------------------------


class _MainText(HTMLParser):
    """Visible text of a page, without scripts, styles, navigation, headers and footers."""

    SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer",
            "aside", "form", "button", "iframe", "head", "select", "canvas", "object"}
    BLOCK = {"p", "div", "section", "article", "main", "li", "tr", "br", "table", "ul",
             "ol", "pre", "blockquote", "dd", "dt", "figcaption", "hr"}
    VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.parts: dict[str, list[str]] = {"all": [], "main": []}
        self.main_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.VOID:
            if tag == "br":
                self._emit("\n")
            return
        self.stack.append(tag)
        if tag in self.SKIP:
            self.skip_depth += 1
        if tag in ("main", "article") or ("role", "main") in attrs:
            self.main_depth += 1
        if tag in self.BLOCK:
            self._emit("\n\n")
        elif re.fullmatch(r"h[1-6]", tag):
            self._emit("\n\n" + "#" * int(tag[1]) + " ")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in self.SKIP:
                self.skip_depth -= 1
            if open_tag in ("main", "article"):
                self.main_depth = max(0, self.main_depth - 1)
            if open_tag == tag:
                break
        if tag in self.BLOCK or re.fullmatch(r"h[1-6]", tag):
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._emit(re.sub(r"\s+", " ", data))

    def _emit(self, text: str) -> None:
        self.parts["all"].append(text)
        if self.main_depth:
            self.parts["main"].append(text)

    def text(self) -> str:
        main = "".join(self.parts["main"])
        chosen = main if main.strip() else "".join(self.parts["all"])
        return _clean(chosen)


def html_main_text(html: str) -> str:
    """The main text of an HTML page, as Markdown (headings and tables kept).

    trafilatura (the maintained main-content extractor) drops what is not content: menus
    and link bars, cookie banners, sidebars, comment threads, footers, scripts, even when
    they are plain ``<div>``s. A page too small or too plain for it to judge falls back to
    the tag walk (its ``<main>``/``<article>``, else everything outside navigation)."""
    main = _trafilatura_text(html)
    if main:
        return main
    parser = _MainText()
    parser.feed(html)
    parser.close()
    return parser.text()


def _trafilatura_text(html: str) -> str:
    try:
        import trafilatura
    except ImportError:  # an installation without it still extracts, by the tag walk
        return ""
    try:
        text = trafilatura.extract(html, output_format="markdown", include_tables=True,
                                   include_comments=False, include_images=False,
                                   include_links=False, favor_precision=True,
                                   with_metadata=False)
    except (ValueError, TypeError, RecursionError):
        return ""
    return _clean(text) if text else ""


def _html_pages(path: Path, limits: Limits) -> list[tuple[int | None, str]]:
    data = path.read_bytes()
    declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
    text = None
    if declared:
        try:
            text = data.decode(codecs.lookup(declared.group(1).decode()).name)
        except (LookupError, UnicodeDecodeError):
            text = None
    return [(None, html_main_text(text if text is not None else decode_text(data)))]


# --- plain text --------------------------------------------------------------------------

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def decode_text(data: bytes) -> str:
    """Decode text in whatever common encoding it is in; refuse binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _clean(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:65536]:
        raise ExtractionError(_("The file holds binary data, not text."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect_and_decode(data)
    if _control_ratio(text) > 0.01:
        raise ExtractionError(_("The file holds binary data, not text."))
    return _clean(text)


def _detect_and_decode(data: bytes) -> str:
    """charset-normalizer's candidates, the one whose text is most one script preferred.

    On short texts its first guess can be wrong (GB18030 Chinese read as CP949 gives a
    mix of Hangul and Han); a real text is written mostly in one script.
    """
    from charset_normalizer import from_bytes

    results = from_bytes(data[: 4 * 1024 * 1024])
    first = results.best()
    matches = [first] + [m for m in results if m is not first][:5] if first else []
    if not matches:
        raise ExtractionError(
            _("The file's text encoding could not be recognised (it may be binary data).")
        )
    texts = [str(m) for m in matches]
    if not any(_script(ch) in ("han", "hangul", "kana") for ch in texts[0][:20000]):
        return texts[0]  # Latin-script encodings: charset-normalizer's own choice
    best = max(range(len(texts)), key=lambda i: (round(_script_purity(texts[i]), 1), -i))
    return texts[best]


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return "latin"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF:
        return "han"
    return "other"


def _script_purity(text: str) -> float:
    """Share of the non-ASCII letters in the text's main script (kana and Han go together)."""
    scripts = [_script(ch) for ch in text[:20000] if ord(ch) > 127 and not ch.isspace()]
    if not scripts:
        return 1.0
    counts = {name: scripts.count(name) for name in set(scripts)}
    counts["kana"] = counts.get("kana", 0) + (counts.get("han", 0) if "kana" in counts else 0)
    return max(v for k, v in counts.items() if k != "other" or len(counts) == 1) / len(scripts)


def _control_ratio(text: str) -> float:
    sample = text[:100_000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad / len(sample)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- the child process -------------------------------------------------------------------


def _child_main(conn, limits: Limits, language: str = "en") -> None:
    # A spawned child starts in English: it speaks the language the parent spoke when it
    # started the child, so its reasons reach the user already translated.
    set_language(language)
    _limit_memory(limits.memory_mb)
    # pypdf logs what it works around in a damaged PDF ("EOF marker not found") to
    # stderr; a file that fails is reported once, with its reason, by whoever indexes.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        try:
            conn.send(("ok", extract_file(Path(path), limits)))
        except ExtractionError as exc:
            conn.send(("error", str(exc)))
        except MemoryError:
            conn.send(("error", _("Reading it needs more than {limit} MB of memory.").format(
                limit=limits.memory_mb)))
        except RecursionError:
            conn.send(("error", _("The file's structure is nested too deeply to read.")))
        except Exception as exc:  # any other failure is the file's, reported, not fatal
            conn.send(("error", _("It could not be read ({reason}).").format(
                reason=f"{type(exc).__name__}: {exc}")))


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the time limit still applies
        return
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


STARTUP_TIMEOUT_S = 120.0


class Extractor:
    """A child process that extracts files one by one; replaced when it dies or hangs.

    ``submit(path)`` hands a file over; ``result()`` waits for it (up to the time limit,
    counted from submission) and returns :class:`Extracted` or raises ExtractionError.
    Submitting the next file before embedding the current one keeps both busy.
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._ctx = multiprocessing.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._deadline: float | None = None

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_child_main, args=(child, self.limits, current_language()), daemon=True,
            name="hearth-kb-extract",
        )
        self._process = process
        process.start()
        child.close()
        self._conn = parent
        # The time limit is for reading a file, not for starting Python: wait until ready.
        try:
            started = parent.poll(STARTUP_TIMEOUT_S) and parent.recv()[0] == "ready"
        except (EOFError, OSError):  # it died while starting
            started = False
        if not started:
            code = self._kill()
            raise ExtractionError(_("The document reader process did not start (exit code "
                                    "{code}). Indexing stopped; add the files again to "
                                    "continue.").format(code=code))

    def submit(self, path: Path) -> None:
        """Start extracting ``path`` in the child."""
        import time

        if self._process is None or not self._process.is_alive():
            self._start()
        self._connection().send(str(path))
        self._deadline = time.monotonic() + self.limits.timeout_s

    def result(self) -> Extracted:
        """The submitted file's extraction; raises ExtractionError on any failure."""
        import time

        conn = self._connection()
        remaining = max(0.0, (self._deadline or 0.0) - time.monotonic())
        try:
            ready = conn.poll(remaining)
        except (EOFError, OSError):
            ready = True
        if not ready:
            self._kill()
            raise ExtractionError(
                _("Reading it took longer than {seconds} s, so it was stopped.").format(
                    seconds=f"{self.limits.timeout_s:.0f}")
            )
        try:
            status, value = conn.recv()
        except (EOFError, OSError) as exc:
            code = self._kill()
            raise ExtractionError(_death_reason(code, self.limits)) from exc
        if status == "error":
            raise ExtractionError(value)
        return value

    def _connection(self) -> Connection:
        if self._conn is None:
            raise ExtractionError(_("The document reader process is not running."))
        return self._conn

    def extract(self, path: Path) -> Extracted:
        """Extract one file and wait for it."""
        self.submit(path)
        return self.result()

    def _kill(self) -> int | None:
        process, self._process = self._process, None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if process is None:
            return None
        if process.is_alive():
            process.kill()
        process.join(5)
        return process.exitcode

    def close(self) -> None:
        """Stop the child process."""
        if self._conn is not None and self._process is not None and self._process.is_alive():
            try:
                self._conn.send(None)
                self._process.join(2)
            except OSError:
                pass
        self._kill()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _death_reason(exitcode: int | None, limits: Limits) -> str:
    if exitcode is not None and exitcode < 0 and -exitcode == getattr(os, "SIGKILL", 9):
        return _("Reading it used more than {limit} MB of memory, so it was stopped.").format(
            limit=limits.memory_mb)
    return _("The reader crashed on this file (exit code {code}).").format(code=exitcode)
