"""Split Markdown into segments, and find where a streaming reply stops changing.

Pure Python (no Qt), so it is tested on its own. A reply streams in; everything before
the *stable boundary* (the end of the last closed code fence or the last blank line
outside a fence) will not change any more, so only the text after it is re-rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")


@dataclass(frozen=True)
class Segment:
    """A run of Markdown, or one fenced code block (``closed`` False while it streams)."""

    kind: str  # "markdown" | "code"
    text: str
    language: str = ""
    closed: bool = True


def split_segments(text: str) -> list[Segment]:
    """Markdown and fenced code blocks, in order."""
    segments: list[Segment] = []
    prose: list[str] = []
    code: list[str] = []
    fence = ""
    language = ""
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if not fence and match:
            if prose:
                segments.append(Segment("markdown", "".join(prose)))
                prose = []
            fence, language = match.group(1), match.group(2)
        elif fence and match and match.group(1).startswith(fence[0] * len(fence)) \
                and not match.group(2):
            segments.append(Segment("code", "".join(code).rstrip("\n"), language))
            fence, code = "", []
        elif fence:
            code.append(line)
        else:
            prose.append(line)
    if fence:
        segments.append(Segment("code", "".join(code).rstrip("\n"), language, closed=False))
    elif prose:
        segments.append(Segment("markdown", "".join(prose)))
    return segments


#: past this many unfinished characters a plain line end also counts as a boundary
LONG_TAIL = 600


def stable_boundary(text: str, start: int = 0) -> int:
    """The index up to which ``text`` is final, looking only after ``start``.

    ``start`` must itself be a boundary (0 or a value this function returned), so the
    scan is over the unfinished tail only and stays cheap however long the reply grows.
    Boundaries are blank lines and closing fences; in a long paragraph also the end of a
    complete line (the finished reply is rendered whole once more, so a soft line break
    shown as a paragraph break only lasts while it streams).
    """
    boundary = start
    position = start
    in_fence = ""
    for line in text[start:].splitlines(keepends=True):
        position += len(line)
        if not line.endswith("\n"):
            break  # an unfinished line can still change
        match = _FENCE.match(line)
        if in_fence:
            if match and match.group(1).startswith(in_fence[0] * len(in_fence)) \
                    and not match.group(2):
                in_fence = ""
                boundary = position
        elif match:
            in_fence = match.group(1)
        elif not line.strip():
            boundary = position
        elif position - boundary > LONG_TAIL and not line.lstrip().startswith("|"):
            boundary = position
    return boundary
