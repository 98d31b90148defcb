"""Launch Hearth's window on an X display, time it until its pixels show, and screenshot it.

    python3 installers/linux/window_check.py /usr/bin/hearth build/installers/hearth-window.png

Starts Xvfb on a free display when none is given (DISPLAY unset or --xvfb), launches the
executable with a fresh HEARTH_HOME, polls the screen until the window's pixels appear
(launch to first visible window, as a person sees it), waits for them to settle, saves a
PNG and closes the app. Prints one JSON line: {"visible_s", "cpu_s_to_visible",
"settled_s", "screenshot"}; cpu_s_to_visible is the app's own CPU time up to that moment,
a figure that holds on a busy machine where wall-clock times do not.
Needs Pillow with XCB support (the PyPI wheels have it) and, for --xvfb, Xvfb.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from PIL import ImageChops, ImageGrab

SCREEN = (1280, 800)


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb server on the first free display number."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is missing: apt-get install -y xvfb")
    for number in range(90, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            display = f":{number}"
            server = subprocess.Popen(["Xvfb", display, "-screen", "0",
                                       f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    return server, display
                time.sleep(0.05)
            server.kill()
    raise SystemExit("could not start Xvfb")


def wait_visible(display: str, blank, app: subprocess.Popen, timeout_s: float) -> float:
    """Seconds until the screen differs from ``blank`` (the window was drawn)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        if app.poll() is not None:
            raise SystemExit(f"Hearth exited with status {app.returncode} before a window showed")
        if ImageChops.difference(ImageGrab.grab(xdisplay=display), blank).getbbox():
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"no window within {timeout_s:.0f} s")


def wait_settled(display: str, quiet_s: float = 1.0, timeout_s: float = 20.0):
    """The screen once it stopped changing for ``quiet_s`` (fonts, layout, first paint)."""
    last, since = ImageGrab.grab(xdisplay=display), time.perf_counter()
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        time.sleep(0.1)
        now = ImageGrab.grab(xdisplay=display)
        if ImageChops.difference(now, last).getbbox():
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet_s:
            break
    return last


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the app used so far: what launch costs on an idle core,
    whatever else the machine is doing."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable")
    parser.add_argument("screenshot", type=Path)
    parser.add_argument("--xvfb", action="store_true", help="start Xvfb even if DISPLAY is set")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    server = None
    display = os.environ.get("DISPLAY")
    if args.xvfb or not display:
        server, display = start_xvfb()
    try:
        blank = ImageGrab.grab(xdisplay=display)
        with tempfile.TemporaryDirectory(prefix="hearth-window-") as home:
            env = {**os.environ, "DISPLAY": display, "HEARTH_HOME": home,
                   "QT_QPA_PLATFORM": "xcb"}
            started = time.perf_counter()
            app = subprocess.Popen([args.executable], env=env)
            try:
                visible = wait_visible(display, blank, app, args.timeout)
                cpu = _cpu_seconds(app.pid)
                shot = wait_settled(display)
                settled = time.perf_counter() - started
            finally:
                app.terminate()
                try:
                    app.wait(10)
                except subprocess.TimeoutExpired:
                    app.kill()
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        shot.save(args.screenshot)
    finally:
        if server is not None:
            server.terminate()
    print(json.dumps({"visible_s": round(visible, 3), "cpu_s_to_visible": round(cpu, 3),
                      "settled_s": round(settled, 3), "screenshot": str(args.screenshot)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
