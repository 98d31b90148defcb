"""Rasterise resources/icons/hearth.svg into the PNG, .ico and .icns files installers use.

Run once after changing the SVG (the results are committed):
``python3 installers/make_icons.py``. Needs ``rsvg-convert`` (Debian: librsvg2-bin) and
Pillow.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render_png(svg: Path, size: int, out: Path) -> Path:
    """One square PNG of ``size`` pixels."""
    subprocess.run(["rsvg-convert", "-w", str(size), "-h", str(size), "-o", str(out), str(svg)],
                   check=True)
    return out


def main() -> int:
    """Write hearth-SIZE.png for every size, hearth.ico and hearth.icns."""
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert is missing: apt-get install librsvg2-bin", file=sys.stderr)
        return 1
    svg = ICONS / "hearth.svg"
    pngs = {size: render_png(svg, size, ICONS / f"hearth-{size}.png") for size in SIZES}
    biggest = Image.open(pngs[512]).convert("RGBA")
    biggest.save(ICONS / "hearth.ico", sizes=[(s, s) for s in ICO_SIZES])
    # Pillow builds each .icns member from the image it is given, scaled down
    biggest.save(ICONS / "hearth.icns", sizes=[(s, s) for s in ICNS_SIZES])
    print(f"wrote {len(pngs)} PNGs, hearth.ico and hearth.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
