"""Split extracted text into chunks that follow its structure, within a token budget.

Headings start a new chunk and are remembered as the chunk's heading; paragraphs are
kept whole when they fit; long paragraphs are cut at sentence ends (including the
Chinese 。！？); a sentence longer than the budget is cut at word (or character)
boundaries. Consecutive chunks overlap by a few sentences. Every chunk keeps its page
and the character range it covers in that page's text, so a citation can open the
source at the right place.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from app.kb.index import CJK

DEFAULT_MAX_TOKENS = 160
DEFAULT_OVERLAP_TOKENS = 24

_TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}]+|[^\w\s]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|(?<=[。！？；…])\s*|\n+")
_HEADING = re.compile(r"#{1,6}\s+\S")


@dataclass
class Chunk:
    """One piece of a document, as stored in ``kb_chunks``."""

    text: str
    page: int | None
    char_start: int
    char_end: int
    heading: str
    n_tokens: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Piece:
    start: int
    end: int
    tokens: int
    paragraph_start: bool = False


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate: one per CJK character, punctuation mark, or short word.

    Long words count one token per 6 characters, roughly what WordPiece/BPE do.
    """
    return sum(1 + (len(t) - 1) // 6 for t in _TOKEN.findall(text))


def chunk_pages(
    pages: list[tuple[int | None, str]],
    *,
    code: bool = False,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    overlap_tokens: int = DEFAULT_OVERLAP_TOKENS,
) -> list[Chunk]:
    """Chunk every page; chunks never cross a page boundary."""
    chunks: list[Chunk] = []
    heading = ""
    for page, text in pages:
        page_chunks, heading = _chunk_text(text, page, heading, code, max_tokens, overlap_tokens)
        chunks.extend(page_chunks)
    return chunks


def _chunk_text(
    text: str, page: int | None, heading: str, code: bool, max_tokens: int, overlap: int
) -> tuple[list[Chunk], str]:
    chunks: list[Chunk] = []
    current: list[_Piece] = []

    def flush(keep_overlap: bool) -> None:
        nonlocal current
        if current:
            chunks.append(_make_chunk(text, current, page, heading))
        current = _overlap_tail(current, overlap) if keep_overlap else []

    for start, end in _paragraphs(text):
        para = text[start:end]
        if not code and _HEADING.match(para) and "\n" not in para.strip():
            flush(keep_overlap=False)
            heading = para.strip().lstrip("#").strip()
            current = [_Piece(start, end, estimate_tokens(para), True)]
            continue
        for i, piece in enumerate(_pieces(text, start, end, code, max_tokens)):
            piece.paragraph_start = i == 0
            if current and sum(p.tokens for p in current) + piece.tokens > max_tokens:
                flush(keep_overlap=not piece.paragraph_start)
                if sum(p.tokens for p in current) + piece.tokens > max_tokens:
                    current = []
            current.append(piece)
    flush(keep_overlap=False)
    return [c for c in chunks if c.text.strip()], heading


def _make_chunk(text: str, pieces: list[_Piece], page: int | None, heading: str) -> Chunk:
    start, end = pieces[0].start, pieces[-1].end
    body = text[start:end]
    return Chunk(body, page, start, end, heading, estimate_tokens(body))


def _overlap_tail(pieces: list[_Piece], overlap: int) -> list[_Piece]:
    tail: list[_Piece] = []
    total = 0
    for piece in reversed(pieces[1:]):
        if total + piece.tokens > overlap:
            break
        tail.insert(0, piece)
        total += piece.tokens
    return tail


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _pieces(text: str, start: int, end: int, code: bool, max_tokens: int) -> list[_Piece]:
    """Sentences (lines, for code) of a paragraph; over-long ones cut into windows."""
    splitter = re.compile(r"\n") if code else _SENTENCE_END
    pieces, pos = [], start
    for match in splitter.finditer(text, start, end):
        if match.end() > pos:
            pieces.extend(_windows(text, pos, match.end(), max_tokens))
            pos = match.end()
    if pos < end:
        pieces.extend(_windows(text, pos, end, max_tokens))
    return [p for p in pieces if text[p.start : p.end].strip()]


def _windows(text: str, start: int, end: int, max_tokens: int) -> list[_Piece]:
    tokens = estimate_tokens(text[start:end])
    if tokens <= max_tokens:
        return [_Piece(start, end, tokens)]
    pieces, piece_start, count = [], start, 0
    for match in _TOKEN.finditer(text, start, end):
        cost = 1 + (len(match.group()) - 1) // 6
        if count + cost > max_tokens and count:
            pieces.append(_Piece(piece_start, match.start(), count))
            piece_start, count = match.start(), 0
        count += cost
    pieces.append(_Piece(piece_start, end, count))
    return pieces
