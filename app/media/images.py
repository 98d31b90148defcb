"""Images a user attaches to a message: checked, kept once by content hash, and scaled
to what the model reads.

Every front goes through the same three steps (the window's paste / drop / button, the
CLI's ``--image``, the local API's data URLs and image blocks):

1. :func:`check_image` reads the bytes with Pillow and refuses what is not a usable
   image with a sentence that says what to do: not an image at all (a web page saved
   with an image's name), damaged, too large in pixels (a decompression bomb) or bytes, a
   format no engine reads. An animated image keeps its first frame and a CMYK image is
   converted to RGB; both say so in ``notes``. The result is the bytes to keep.
2. :func:`store_image` writes them once under ``<data>/images/<aa>/<sha256>.<ext>``
   (temporary name, then rename: nothing is ever half written) and returns the
   :class:`ImagePart` a message carries. The database refers to images by hash and
   removes a file with the last message that uses it (``app.store``).
3. :func:`for_model` scales an image down to the longest side the model's projector
   reads before it reaches the engine, and says how long that took.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from app.engines.base import EngineError, ImagePart
from app.i18n import _

#: the most pixels an image may have (a 20000 x 20000 image is 400 million)
MAX_PIXELS = 50_000_000
#: the largest file accepted
MAX_BYTES = 40 * 2**20
#: Pillow's formats Hearth keeps as they are, with their media types
KEPT_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
#: formats read and converted to PNG
CONVERTED_FORMATS = {"GIF", "BMP", "TIFF", "ICO", "MPO"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}


class ImageError(EngineError):
    """An image that cannot be used; ``str(error)`` says why and what to do."""


@dataclass(frozen=True)
class CheckedImage:
    """Bytes ready to keep: ``data`` in ``media_type``, with their hash and size."""

    data: bytes
    media_type: str
    width: int
    height: int
    sha256: str
    #: what was changed on the way in (first frame kept, colours converted), for the user
    notes: tuple[str, ...] = ()


def images_folder() -> Path:
    """Where attached images are kept (under Hearth's data folder)."""
    from app.paths import get_paths

    return get_paths().data / "images"


def check_image(data: bytes, name: str = "") -> CheckedImage:
    """The image in ``data`` as bytes Hearth keeps, or :class:`ImageError`."""
    label = name or _("The image")
    if not data:
        raise ImageError(_("{name} is empty. Attach the image again.").format(name=label))
    if len(data) > MAX_BYTES:
        raise ImageError(_("{name} is {size} MB; images up to {limit} MB can be attached. "
                           "Save a smaller copy and attach that.").format(
            name=label, size=round(len(data) / 2**20), limit=MAX_BYTES // 2**20))
    if _looks_like_markup(data):
        raise ImageError(_("{name} is a web page or text file, not an image (it was probably "
                           "saved from a browser with an image's name). Open the picture "
                           "itself and save or copy that.").format(name=label))
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(label, None) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageError(_("{name} is not an image Hearth can read. Attach a PNG, JPEG, "
                           "WebP or GIF file.").format(name=label)) from None
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise _too_large(label, (width, height))
        fmt = image.format or ""
        if fmt not in KEPT_FORMATS and fmt not in CONVERTED_FORMATS:
            raise ImageError(_("{name} is a {format} image, which Hearth does not read. "
                               "Attach a PNG, JPEG, WebP or GIF file.").format(
                name=label, format=fmt or "?"))
        return _normalised(image, data, label)


def _looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"{"))


def _too_large(label: str, size: tuple[int, int] | None) -> ImageError:
    if size is None:
        return ImageError(_("{name} has too many pixels to open safely. Scale it down to "
                            "under {limit} million pixels and attach it again.").format(
            name=label, limit=MAX_PIXELS // 1_000_000))
    return ImageError(_("{name} is {width} × {height} pixels, more than the {limit} million "
                        "Hearth opens. Scale it down and attach it again.").format(
        name=label, width=size[0], height=size[1], limit=MAX_PIXELS // 1_000_000))


def _normalised(image, data: bytes, label: str) -> CheckedImage:
    """Decode fully (a truncated file fails here) and convert what engines do not take."""
    from PIL import ImageOps

    notes: list[str] = []
    animated = getattr(image, "n_frames", 1) > 1
    try:
        image.seek(0)
        image.load()
    except (OSError, ValueError, SyntaxError):
        raise ImageError(_("{name} is damaged: its data ends early or is corrupt. Open it "
                           "in an image viewer, save it again, and attach the copy.").format(
            name=label)) from None
    if animated:
        notes.append(_("{name} is animated; only its first frame is sent.").format(name=label))
    converted = image
    if image.mode == "CMYK":
        converted = image.convert("RGB")
        notes.append(_("{name} uses CMYK colours; it was converted to RGB.").format(name=label))
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        converted = image.convert("RGBA" if "A" in image.getbands() or
                                  "transparency" in image.info else "RGB")
    oriented = ImageOps.exif_transpose(converted)
    fmt = image.format or ""
    keep = (fmt in KEPT_FORMATS and not animated and converted is image
            and oriented is converted)
    if keep:
        media_type, out = KEPT_FORMATS[fmt], data
    else:
        media_type, out = _encode(oriented or converted, photo=fmt == "JPEG")
    final = oriented or converted
    return CheckedImage(out, media_type, final.size[0], final.size[1],
                        hashlib.sha256(out).hexdigest(), tuple(notes))


def _encode(image, *, photo: bool) -> tuple[str, bytes]:
    """PNG, or JPEG for a photo with no transparency (a PNG of a photo is 5x larger)."""
    buffer = io.BytesIO()
    if photo and image.mode in ("RGB", "L"):
        image.save(buffer, "JPEG", quality=92)
        return "image/jpeg", buffer.getvalue()
    image.save(buffer, "PNG", optimize=False)
    return "image/png", buffer.getvalue()


def store_image(image: CheckedImage, folder: Path | None = None) -> ImagePart:
    """Keep ``image`` once under ``folder`` (default :func:`images_folder`) by its hash."""
    folder = folder or images_folder()
    target = image_path(image.sha256, image.media_type, folder)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(image.data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return ImagePart(path=str(target), media_type=image.media_type, sha256=image.sha256,
                     width=image.width, height=image.height)


def image_path(sha256: str, media_type: str, folder: Path | None = None) -> Path:
    """Where the image with this hash is kept."""
    folder = folder or images_folder()
    return folder / sha256[:2] / f"{sha256}.{EXTENSIONS.get(media_type, 'png')}"


def part_of(data: bytes, name: str = "", *, keep: bool = True,
            folder: Path | None = None) -> tuple[ImagePart, tuple[str, ...]]:
    """Check ``data`` and return its part (kept on disk when ``keep``, else in memory),
    with the notes to show."""
    checked = check_image(data, name)
    if keep:
        return store_image(checked, folder), checked.notes
    return ImagePart(media_type=checked.media_type, data=checked.data, sha256=checked.sha256,
                     width=checked.width, height=checked.height), checked.notes


@dataclass(frozen=True)
class ScaledImage:
    """What the engine is given for one image, and how long preparing it took."""

    data: bytes
    media_type: str
    width: int
    height: int
    seconds: float


def for_model(part: ImagePart, max_side: int | None) -> ScaledImage:
    """``part``'s bytes with the longest side at most ``max_side`` pixels (as they are
    when already small enough, or when ``max_side`` is None)."""
    started = time.perf_counter()
    data = part.read()
    width, height = part.width, part.height
    from PIL import Image

    if not (width and height) or (max_side and max(width, height) > max_side):
        with Image.open(io.BytesIO(data)) as image:
            if max_side and image.format == "JPEG":
                # decode a JPEG at the smallest power-of-two scale still above max_side
                image.draft("RGB", (max_side, max_side))
            image.load()
            width, height = image.size
            if max_side and max(width, height) > max_side:
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                media_type, data = _encode(image, photo=part.media_type == "image/jpeg")
                return ScaledImage(data, media_type, image.size[0], image.size[1],
                                   time.perf_counter() - started)
    return ScaledImage(data, part.media_type, width, height, time.perf_counter() - started)
