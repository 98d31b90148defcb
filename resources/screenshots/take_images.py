"""Screenshots of images in the chat, on the real window:

- images-composer.png: two images attached in the composer (a photo and an animated GIF,
  whose note says only its first frame is sent), a question typed;
- images-refused.png: a web page saved as ``photo.png`` dropped on the chat, refused in
  the composer with its sentence;
- images-cannot-see.png: the starter model (no projector) asked about an image: the
  composer says it cannot see, nothing is sent;
- images-sent.png / images-viewer.png: SmolLM2 imported with the test projector
  (app/bench/projector.py), an image sent and answered (the footer's image time), then the
  message's thumbnail opened full size;
- the same with ``-zh_CN`` in the names when the scene name ends in ``-zh_CN`` (set
  HEARTH_EXTRA_QM to a compiled .qm to add translations not yet in the shipped one).

    xvfb-run -a -s "-screen 0 1400x900x24" python3 resources/screenshots/take_images.py [scene]

Scenes: composer, refused, cannot, sent (and each with -zh_CN). Each runs on its own
throw-away HEARTH_HOME.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

os.environ["HEARTH_HOME"] = tempfile.mkdtemp(prefix="hearth-shots-")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import shots  # noqa: E402

FILES = Path(tempfile.mkdtemp(prefix="hearth-shot-images-"))


def photo() -> Path:
    """A landscape: sky, sun and hills (800 x 533 JPEG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 533))
    draw = ImageDraw.Draw(image)
    for y in range(533):
        draw.line([(0, y), (800, y)], fill=(255 - y // 4, 150 + y // 6, 90 + y // 3))
    draw.ellipse([520, 90, 640, 210], fill=(255, 220, 120))
    draw.polygon([(0, 420), (220, 300), (420, 400), (620, 280), (800, 380), (800, 533),
                  (0, 533)], fill=(60, 110, 70))
    path = FILES / "hills.jpg"
    image.save(path, "JPEG", quality=90)
    return path


def spinner() -> Path:
    from PIL import Image, ImageDraw

    frames = []
    for n in range(4):
        frame = Image.new("RGB", (120, 120), (245, 245, 245))
        ImageDraw.Draw(frame).pieslice([10, 10, 110, 110], n * 90, n * 90 + 90,
                                       fill=(37, 99, 235))
        frames.append(frame)
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=120)
    path = FILES / "spinner.gif"
    path.write_bytes(buffer.getvalue())
    return path


def attach(window, paths: list[Path]) -> None:
    page = window.chat_page
    for path in paths:
        page.attach_files([path])
        shots.wait(page.attach_finished)
    for thumb in page.attachments.thumbs:
        if not thumb.loaded:
            shots.wait(page.thumbnails.ready)


def composer(window, suffix: str) -> None:
    window.new_conversation()
    attach(window, [photo(), spinner()])
    window.chat_page.input.setPlainText("Which of these would suit a poster?")
    shots.save(window, f"images-composer{suffix}.png")


def refused(window, suffix: str) -> None:
    window.new_conversation()
    attach(window, [photo()])
    page_file = FILES / "photo.png"
    page_file.write_text("<!DOCTYPE html><html><body>Sign in to see this photo</body></html>")
    attach(window, [page_file])
    shots.save(window, f"images-refused{suffix}.png")


def cannot(window, suffix: str) -> None:
    window.new_conversation()
    attach(window, [photo()])
    window.chat_page.input.setPlainText("What is in this picture?")
    window.send("What is in this picture?")
    shots.wait(window.sight_refused)
    shots.save(window, f"images-cannot-see{suffix}.png")


def sent(window, suffix: str) -> None:
    from app.services.models import import_gguf
    from app.bench.projector import write_projector

    projector = write_projector(FILES / "mmproj-smollm2-test.gguf", 576)
    from app.models.builtin import smollm2_path

    model = import_gguf(smollm2_path(), "smollm2-sees", projector=projector)
    window.refresh_models()
    shots.wait(window.models_listed)
    window.new_conversation()
    window.chat_page.set_models(window.models, model.name)
    attach(window, [photo()])
    window.send("What is in this picture?")
    shots.wait(window.replies_idle, timeout_ms=600_000)
    shots.settle(800)
    window.chat_page.view.scroll_to_bottom()
    shots.save(window, f"images-sent{suffix}.png")
    bubble = next(v for v in window.chat_page.view.views if v.images.thumbs)
    bubble.images.thumbs[0].picture.click()
    viewer = window.chat_page.viewer
    if viewer is not None and viewer.picture.pixmap().isNull():
        shots.wait(viewer.shown)
    shots.settle()
    viewer.grab().save(str(shots.HERE / f"images-viewer{suffix}.png"))
    print("wrote", shots.HERE / f"images-viewer{suffix}.png")
    viewer.close()


SCENES = {"composer": composer, "refused": refused, "cannot": cannot, "sent": sent}


def main() -> int:
    from app.settings import Settings

    scenes = sys.argv[1:] or list(SCENES)
    if len(scenes) > 1:  # one process (and one HEARTH_HOME) per scene
        import subprocess

        for scene in scenes:
            subprocess.run([sys.executable, __file__, scene], check=True)
        return 0
    name, _, language = scenes[0].partition("-")
    language = language or "en"
    suffix = f"-{language}" if language != "en" else ""
    settings = Settings(theme="light", language=language, max_tokens=60, temperature=0.0)
    extra = os.environ.get("HEARTH_EXTRA_QM") if language != "en" else None
    _app, services, window = shots.open_window(settings, extra_qm=extra)
    shots.wait(window.models_listed)
    SCENES[name](window, suffix)
    window.close()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
