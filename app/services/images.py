"""The door for images attached to messages: the window's paste, drop and button, the
CLI's ``--image`` and the local API's data URLs and image blocks all come through here.

Each returns an :class:`ImagePart` (kept once under the data folder by content hash, or
held in memory for an API request that is never stored) and the notes to show the user
(an animated image's first frame, CMYK converted), or raises :class:`ImageError` with a
sentence that says what to do. Nothing is stored until the image has been read whole.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.engines.base import ImagePart
from app.i18n import _
from app.media.images import (
    MAX_BYTES,
    CheckedImage,
    ImageError,
    check_image,
    image_path,
    part_of,
    store_image,
)

__all__ = ["Attached", "ImageError", "attach_bytes", "attach_file", "attach_files",
           "from_base64", "from_data_url", "kept"]


@dataclass(frozen=True)
class Attached:
    """An image ready to go into a message, and what the user should be told about it."""

    part: ImagePart
    notes: tuple[str, ...] = ()


def attach_file(path: Path | str) -> Attached:
    """Read, check and keep the image file at ``path``."""
    path = Path(path)
    return attach_bytes(_read_file(path), path.name)


def attach_files(paths: Sequence[Path | str]) -> list[Attached]:
    """Read and check every file first, then keep them all: one bad file raises
    :class:`ImageError` and nothing is kept (``hearth chat --image``)."""
    checked: list[CheckedImage] = [check_image(_read_file(Path(p)), Path(p).name)
                                   for p in paths]
    return [Attached(_fresh(store_image(c)), c.notes) for c in checked]


def kept(part: ImagePart) -> ImagePart:
    """``part`` as a kept file under the data folder (what a stored message refers to):
    itself when it already is one, else its bytes checked and kept."""
    if part.sha256 and part.path and Path(part.path) == image_path(part.sha256,
                                                                   part.media_type):
        return part
    try:
        data = part.read()
    except OSError as exc:
        raise ImageError(_("{name} could not be read: {reason}.").format(
            name=Path(part.path).name or _("The image"),
            reason=exc.strerror or exc)) from None
    return _fresh(part_of(data, Path(part.path).name)[0])


def _read_file(path: Path) -> bytes:
    """The bytes of an image file, refusing folders and files too large to attach."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImageError(_("{name} is {size} MB; images up to {limit} MB can be attached. "
                               "Save a smaller copy and attach that.").format(
                name=path.name, size=round(size / 2**20), limit=MAX_BYTES // 2**20))
        return path.read_bytes()
    except IsADirectoryError:
        raise ImageError(_("{name} is a folder. Attach an image file.").format(
            name=path.name)) from None
    except OSError as exc:
        raise ImageError(_("{name} could not be read: {reason}.").format(
            name=path.name, reason=exc.strerror or exc)) from None


def attach_bytes(data: bytes, name: str = "") -> Attached:
    """Check and keep an image given as bytes (a paste, a drop from another program)."""
    part, notes = part_of(data, name)
    return Attached(_fresh(part), notes)


def _fresh(part: ImagePart) -> ImagePart:
    """Mark a kept file as just attached: a file already kept for an older message keeps
    its old time otherwise, and the start-up sweep spares only recent files that no
    message uses yet (``app.store.images.sweep``)."""
    with contextlib.suppress(OSError):
        os.utime(part.path)
    return part


def from_data_url(url: str, *, keep: bool = False) -> ImagePart:
    """An image from a ``data:image/...;base64,...`` URL (OpenAI's ``image_url``).

    Web addresses are refused: Hearth does not fetch anything a request points at."""
    if not url.startswith("data:"):
        raise ImageError(_("Images must be sent as data URLs (data:image/png;base64,...). "
                           "Hearth does not download images from web addresses: download "
                           "the image and send its bytes."))
    header, _comma, payload = url.partition(",")
    if ";base64" not in header:
        raise ImageError(_("The image's data URL is not base64-encoded. Send "
                           "data:image/png;base64,<data>."))
    return from_base64(payload, keep=keep)


def from_base64(payload: str, *, keep: bool = False) -> ImagePart:
    """An image from base64 text (Anthropic's image source, Ollama's ``images``)."""
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ImageError(_("The image's base64 data is damaged. Encode the file again and "
                           "resend it.")) from None
    part, _notes = part_of(data, keep=keep)
    return part
