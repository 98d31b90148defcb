"""Vision projectors (llama.cpp's ``mmproj`` GGUF) and the language models they belong to.

llama.cpp runs a vision model as two files: the language model and its projector, which
turns an image into embeddings the model reads as if they were tokens. libmtmd refuses a
pair whose widths differ, so Hearth checks before anything is registered: the projector's
output width (``clip.vision.projection_dim``) must equal the model's
``<arch>.embedding_length``.

A projector is found for a model in three ways: given with it (two files), lying beside
it named ``mmproj*.gguf``, or dropped alone and matched to an installed model whose width
equals its own and whose name fits (see :func:`name_fit`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.models.gguf_meta import GGUFInfo, InvalidModelError

#: parts of a file name that say how it was stored, not which model it is
_STORAGE_WORD = re.compile(r"^(mmproj|model|gguf|f16|f32|bf16|fp16|fp32|q\d.*|iq\d.*|"
                           r"k|m|s|l|xs|xxs|instruct|it|chat)$")
_SPLIT = re.compile(r"[-_. ]+")


class ProjectorMismatchError(InvalidModelError):
    """The projector's output width is not the model's embedding width."""


@dataclass(frozen=True)
class FoundProjector:
    """A projector file with its metadata."""

    path: Path
    info: GGUFInfo


def is_projector_name(path: Path) -> bool:
    """True for a file named like a projector (``mmproj*.gguf``)."""
    name = path.name.lower()
    return name.startswith("mmproj") and name.endswith(".gguf")


def name_words(text: str) -> set[str]:
    """The words of a file or model name that say which model it is."""
    stem = text.lower().removesuffix(".gguf")
    return {w for w in _SPLIT.split(stem) if w and not _STORAGE_WORD.match(w)}


def name_fit(projector: Path, model_names: Iterable[str]) -> int:
    """How well a projector's name fits a model's names: the number of its words found
    among theirs, or 0 when a word of its own is missing (or it has none, as in
    ``mmproj-F16.gguf``: then only lying beside the model can pair them)."""
    own = name_words(projector.name)
    theirs: set[str] = set()
    for name in model_names:
        theirs |= name_words(name)
    if not own or not own <= theirs:
        return 0
    return len(own)


def check_pair(model_info: GGUFInfo, model_name: str, projector_info: GGUFInfo,
               projector_name: str) -> None:
    """Raise :class:`ProjectorMismatchError`, with both numbers, unless the widths agree."""
    width, wanted = projector_info.projection_dim, model_info.embedding_length
    if width and wanted and width == wanted:
        return
    raise ProjectorMismatchError(_(
        "{projector} does not belong to {model}: it produces image embeddings {width} wide, "
        "but {model} reads embeddings {wanted} wide (llama.cpp refuses such a pair). Use the "
        "mmproj file published with {model}.").format(
            projector=projector_name, model=model_name, width=width or "?",
            wanted=wanted or "?"))


def beside(model_path: Path) -> list[Path]:
    """Files named ``mmproj*.gguf`` in the model's folder."""
    try:
        return sorted(p for p in model_path.parent.iterdir()
                      if p.is_file() and is_projector_name(p) and p != model_path)
    except OSError:
        return []


def pick_beside(model_path: Path, model_info: GGUFInfo,
                check: Callable[[Path], GGUFInfo]) -> FoundProjector | None:
    """The projector lying beside the model that fits it: its width equals the model's
    and, when several do, its name fits best (none when that leaves a tie).

    ``check`` validates one candidate (raising InvalidModelError for a bad file, which is
    then skipped: a damaged file beside the model does not stop its import)."""
    fitting: list[tuple[int, FoundProjector]] = []
    for path in beside(model_path):
        try:
            info = check(path)
        except InvalidModelError:
            continue
        if info.projection_dim and info.projection_dim == model_info.embedding_length:
            score = name_fit(path, [model_path.name, model_info.name])
            fitting.append((score, FoundProjector(path, info)))
    if not fitting:
        return None
    fitting.sort(key=lambda pair: -pair[0])
    if len(fitting) > 1 and fitting[0][0] == fitting[1][0]:
        return None
    return fitting[0][1]
