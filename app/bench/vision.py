"""``hearth bench vision``: what an image costs in a chat, and what prefix reuse saves.

1. Follow-up turn: a conversation whose first message carries an image; the second turn
   asks about it again. With prefix reuse (Hearth's default) the image's KV cells are kept
   from the first turn and nothing is encoded again; without it the whole prompt,
   image included, is evaluated anew. The two sides are interleaved (ABAB, order flipped
   every round) on one loaded model; reported: each side's median and spread of time to
   first token, and ``followup_ratio`` = with reuse ÷ without (target ≤ 0.5).
2. Image preparation: scaling a 4000 × 3000 photo to the projector's side (what the
   completion service does before the engine), median and spread, and the projector's
   encode time per image.

Without ``--projector`` a synthetic projector (random weights, ``app/bench/projector.py``)
is written for the model: it measures Hearth's image pipeline, not a real vision encoder.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import click

from app.bench.common import emit, json_option, median, model_option, pick_model
from app.bench.serve import alternate, summary
from app.engines.base import ChatParams, Done, ImagePart, LoadParams, Message, ModelRef, TextPart
from app.engines.llamacpp import LlamaCppEngine
from app.media.images import for_model, part_of


def _photo(size: tuple[int, int], seed: int) -> ImagePart:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (size[1] // 50, size[0] // 50, 3), dtype=np.uint8)
    image = Image.fromarray(pixels).resize(size, Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return part_of(buffer.getvalue(), keep=False)[0]


def _ask(engine: LlamaCppEngine, messages: list[Message], session: str, reuse: bool) -> Done:
    done = None
    for event in engine.chat(messages, ChatParams(max_tokens=8, temperature=0.0, seed=1,
                                                  session=session, reuse_prefix=reuse)):
        if isinstance(event, Done):
            done = event
    if done is None or done.stats.ttft_s is None:
        raise click.ClickException("The model produced no reply.")
    return done


@click.command()
@model_option
@click.option("--projector", "projector_path", type=click.Path(exists=True, dir_okay=False),
              default=None, help="The model's mmproj GGUF (default: a synthetic one).")
@click.option("--rounds", default=6, show_default=True)
@click.option("--threads", default=0, help="CPU threads (0: one per core).")
@json_option
def vision(model_path, projector_path, rounds, threads, as_json) -> None:
    """Follow-up turns about an image with and without prefix reuse; image preparation."""
    path = pick_model(model_path)
    with tempfile.TemporaryDirectory() as folder:
        projector = Path(projector_path) if projector_path else _synthetic(path, Path(folder))
        engine = LlamaCppEngine()
        engine.load(ModelRef(path.stem, path, projector=projector),
                    LoadParams(n_threads=threads, n_ctx=4096))
        try:
            result = _measure(engine, rounds)
        finally:
            engine.close()
    result["projector"] = "synthetic (random weights)" if not projector_path else projector.name
    emit(result, as_json)


def _synthetic(model: Path, folder: Path) -> Path:
    from app.bench.projector import write_projector
    from app.models.gguf_meta import read_metadata

    width = read_metadata(model).embedding_length
    if not width:
        raise click.ClickException(f"{model.name} does not say its embedding width; pass "
                                   "--projector.")
    return write_projector(folder / f"mmproj-{model.stem}-synthetic.gguf", width)


def _measure(engine: LlamaCppEngine, rounds: int) -> dict:
    side = engine.image_max_side
    photo = _photo((4000, 3000), 0)
    scaled = for_model(photo, side)
    image = ImagePart(data=scaled.data, media_type=scaled.media_type, sha256=photo.sha256,
                      width=scaled.width, height=scaled.height)
    question = "Describe this picture in one sentence. " * 8
    first = [Message("user", parts=(image, TextPart(question)))]
    reuse_ttft: list[float] = []
    fresh_ttft: list[float] = []
    encode: list[float] = []

    def turn(session: str, reuse: bool, into: list[float]) -> None:
        opening = _ask(engine, first, session, True)
        encode.append(opening.stats.image_encode_s)
        follow = [*first, Message("assistant", opening.text or "A picture."),
                  Message("user", "What colours does it have?")]
        into.append(_ask(engine, follow, session, reuse).stats.ttft_s or 0.0)

    for n in range(rounds):
        alternate(n, lambda n=n: turn(f"reuse-{n}", True, reuse_ttft),
                  lambda n=n: turn(f"fresh-{n}", False, fresh_ttft))
    prep = [for_model(photo, side).seconds for _ in range(max(3, rounds))]
    return {**summary("followup_reuse_ttft_s", reuse_ttft, 4),
            **summary("followup_noreuse_ttft_s", fresh_ttft, 4),
            "followup_ratio": round(median(reuse_ttft) / median(fresh_ttft), 3),
            "image_side": side, **summary("prep_4000x3000_s", prep, 4),
            **summary("encode_s", [e for e in encode if e > 0] or [0.0], 4)}
