"""Images as the engines that talk to a server send them: Ollama's ``images`` (base64) and
OpenAI's ``image_url`` parts (data URLs) for the workers and remote endpoints.

Each image is read once and scaled down so its longest side is at most :data:`MAX_SIDE`
pixels before it goes over the wire; the server then scales it again to what its model
reads (no model these servers run reads more by default: Ollama's largest, Llama 3.2
Vision, reads 1120 pixels, Gemma 3 896; only Qwen2-VL's dynamic resolution reads more,
and it then sees up to 2048 × 2048). The seconds it took go in the reply's timings
(``ReplyStats.image_prep_s``).

Every turn sends the whole conversation again, images included, so the scaled copies of
the last images are kept (by content hash, :data:`KEPT_BYTES` at most): a follow-up
question about a photo does not scale it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from app.engines.base import ImagePart, Message
from app.i18n import _
from app.media.images import ImageError, ScaledImage, for_model

#: the longest side, in pixels, of an image sent to a server
MAX_SIDE = 2048
#: bytes of scaled copies kept for the next turns
KEPT_BYTES = 64 * 2**20

_kept: OrderedDict[tuple[str, int], ScaledImage] = OrderedDict()
_kept_lock = threading.Lock()


@dataclass(frozen=True)
class Prepared:
    """The messages with every image read and scaled, and how long that took."""

    messages: tuple[Message, ...]
    seconds: float = 0.0


def prepare(messages: Sequence[Message], max_side: int | None = MAX_SIDE) -> Prepared:
    """``messages`` with their images' bytes in memory, scaled to ``max_side``; raises
    :class:`ImageError` when an image cannot be read (its file is gone or damaged)."""
    seconds = 0.0
    out: list[Message] = []
    for message in messages:
        if not message.has_images:
            out.append(message)
            continue
        parts = []
        for part in message.parts:
            if isinstance(part, ImagePart):
                part, took = scaled(part, max_side)
                seconds += took
            parts.append(part)
        out.append(replace(message, parts=tuple(parts)))
    return Prepared(tuple(out), seconds)


def scaled(part: ImagePart, max_side: int | None) -> tuple[ImagePart, float]:
    """``part`` with its bytes in memory, scaled to ``max_side``, and the seconds taken
    (none for a copy kept from an earlier turn)."""
    if part.data is None and part.path and not Path(part.path).is_file():
        raise _gone(part)  # a kept copy would hide it only until the next restart
    key = (part.sha256, max_side) if part.sha256 and max_side else None
    with _kept_lock:
        image = _kept.get(key) if key else None
        if key and image is not None:
            _kept.move_to_end(key)
    if image is not None:
        return _part(part, image), 0.0
    image = _scale(part, max_side)
    if key and part.width and (image.width, image.height) != (part.width, part.height):
        _keep(key, image)  # it was scaled: worth keeping
    return _part(part, image), image.seconds


def _gone(part: ImagePart) -> ImageError:
    return ImageError(_("An image of this conversation can no longer be read ({name}). "
                        "Send the message again with the image attached.").format(
        name=Path(part.path).name or part.sha256[:12]))


def _part(part: ImagePart, image: ScaledImage) -> ImagePart:
    return ImagePart(path=part.path, media_type=image.media_type, data=image.data,
                     sha256=part.sha256, width=image.width, height=image.height)


def _keep(key: tuple[str, int], image: ScaledImage) -> None:
    with _kept_lock:
        _kept[key] = image
        while sum(len(kept.data) for kept in _kept.values()) > KEPT_BYTES and len(_kept) > 1:
            _kept.popitem(last=False)


def forget_scaled() -> None:
    """Drop the kept scaled copies (tests)."""
    with _kept_lock:
        _kept.clear()


def _scale(part: ImagePart, max_side: int | None) -> ScaledImage:
    """``part``'s bytes scaled to ``max_side``; ImageError when they cannot be read."""
    try:
        data = part.read()
    except OSError:
        raise _gone(part) from None
    try:
        return for_model(replace(part, data=data), max_side)
    except (OSError, ValueError, SyntaxError):
        raise ImageError(_("An image in this conversation is damaged. Remove it and attach "
                           "it again.")) from None
