"""Every bad input of issue 14 through the door the fronts use
(``app.services.images.attach_file``) and through ``hearth chat --image``: real files
made with Pillow here; each refusal is a sentence and leaves nothing stored."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys

import pytest
from PIL import Image

from app.media.images import images_folder
from app.services.images import ImageError, attach_file, attach_files


def kept_files() -> list[str]:
    folder = images_folder()
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def noisy_png(path, size=(120, 90)):
    rng = random.Random(1)
    image = Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))
    image.save(path, "PNG")
    return path


def refused(path, *words: str) -> str:
    with pytest.raises(ImageError) as error:
        attach_file(path)
    message = str(error.value)
    for word in words:
        assert word in message
    assert kept_files() == []
    return message


def test_a_corrupt_image_is_refused_as_damaged(tmp_path):
    whole = noisy_png(tmp_path / "whole.png").read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole[: len(whole) // 2])
    refused(cut, "cut.png", "damaged", "save it again")


def test_bytes_that_are_no_image_at_all_are_refused(tmp_path):
    noise = tmp_path / "noise.jpg"
    noise.write_bytes(os.urandom(4096))
    refused(noise, "noise.jpg", "not an image Hearth can read")


def test_a_20000_by_20000_image_is_refused_before_it_is_decoded(tmp_path):
    huge = tmp_path / "huge.png"
    Image.new("1", (20000, 20000)).save(huge, "PNG")
    assert huge.stat().st_size < 2 * 2**20  # small on disk: 400 million pixels inside
    refused(huge, "huge.png", "pixels", "Scale it down")


def test_an_html_page_named_png_is_refused(tmp_path):
    page = tmp_path / "cat.png"
    page.write_text("<!DOCTYPE html><html><head><title>Cat</title></head>"
                    "<body><img src='cat.png'></body></html>")
    refused(page, "cat.png", "web page", "save or copy")


def test_an_empty_file_a_folder_and_a_file_too_large_are_refused(tmp_path):
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    refused(empty, "empty.png", "empty")
    folder = tmp_path / "album.png"
    folder.mkdir()
    refused(folder, "album.png", "folder")
    big = tmp_path / "big.jpg"
    with open(big, "wb") as handle:
        handle.truncate(41 * 2**20)
    refused(big, "big.jpg", "41 MB", "smaller copy")


def test_an_animated_gif_is_taken_as_its_first_frame_with_a_note(tmp_path):
    frames = [Image.new("RGB", (30, 20), colour) for colour in ((255, 0, 0), (0, 255, 0))]
    gif = tmp_path / "blink.gif"
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    attached = attach_file(gif)
    assert any("animated" in note and "first frame" in note for note in attached.notes)
    assert attached.part.media_type == "image/png" and attached.part.path
    with Image.open(attached.part.path) as kept:
        assert getattr(kept, "n_frames", 1) == 1 and kept.size == (30, 20)
        assert kept.convert("RGB").getpixel((5, 5)) == (255, 0, 0)
    assert kept_files() == [os.path.basename(attached.part.path)]


def test_a_cmyk_jpeg_is_converted_to_rgb_with_a_note(tmp_path):
    cmyk = tmp_path / "print.jpg"
    Image.new("CMYK", (40, 30), (0, 255, 255, 0)).save(cmyk, "JPEG")
    attached = attach_file(cmyk)
    assert any("CMYK" in note and "RGB" in note for note in attached.notes)
    with Image.open(attached.part.path) as kept:
        assert kept.mode == "RGB" and kept.size == (40, 30)


def test_one_bad_file_among_several_keeps_none_of_them(tmp_path):
    good = noisy_png(tmp_path / "good.png")
    page = tmp_path / "page.png"
    page.write_text("<html><body>not a picture</body></html>")
    with pytest.raises(ImageError, match="web page"):
        attach_files([good, page])
    assert kept_files() == []
    assert len(attach_files([good])) == 1 and len(kept_files()) == 1


def hearth(*args: str, timeout: float = 300):
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ})


def test_cli_a_bad_image_exits_with_the_reason_and_stores_nothing(tmp_path, smollm2_path,
                                                                  hearth_home):
    good = noisy_png(tmp_path / "good.png")
    page = tmp_path / "photo.png"
    page.write_text("<!doctype html><html></html>")
    done = hearth("chat", "--max-tokens", "4", "--image", str(good), "--image", str(page),
                  "What is this?")
    assert done.returncode == 1
    assert "photo.png is a web page" in done.stderr and "Traceback" not in done.stderr
    assert kept_files() == []
    listed = hearth("chats", "list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []


def test_cli_image_is_stored_with_the_message(tmp_path, smollm2_path):
    gif = tmp_path / "blink.gif"
    frames = [Image.new("RGB", (16, 16), c) for c in ((0, 0, 255), (255, 255, 0))]
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=50)
    done = hearth("chat", "--max-tokens", "4", "--image", str(gif), "What is this?")
    # the starter model cannot see: the reply says so, the message keeps its image
    assert done.returncode == 1
    assert "animated" in done.stderr and "cannot read images" in done.stderr
    shown = hearth("chats", "show", "1", "--json")
    user = json.loads(shown.stdout)["messages"][0]
    assert user["content"] == "What is this?"
    assert [(i["width"], i["height"], i["media_type"]) for i in user["images"]] == [
        (16, 16, "image/png")]
    with Image.open(io.BytesIO(open(user["images"][0]["path"], "rb").read())) as kept:
        assert kept.size == (16, 16)
