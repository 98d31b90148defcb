"""What the window needs from the operating system, checked before Qt is loaded.

On Linux, Qt's X11 platform plugin (``libqxcb.so``) links a dozen system libraries that a
minimal desktop or a fresh server install may lack; Qt then aborts (exit 134) with a
message that names the wrong one. ``ldd`` on the plugin lists every library the loader
cannot find, and each maps to a package per distribution, so ``hearth`` and ``hearth
doctor`` can say exactly what to install. Qt itself is never imported here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import _

#: shared library → (Debian/Ubuntu, Fedora, Arch) package
PACKAGES: dict[str, tuple[str, str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil",
                                "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
}
DISTRIBUTIONS = (("Debian/Ubuntu", "sudo apt-get install"), ("Fedora", "sudo dnf install"),
                 ("Arch", "sudo pacman -S"))


@dataclass
class WindowLibraries:
    """The outcome of the check: ``missing`` libraries (empty when the window can open)."""

    checked: bool
    missing: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.missing

    def install_commands(self) -> list[str]:
        """One install command per distribution for the missing libraries."""
        lines = []
        for column, (distro, command) in enumerate(DISTRIBUTIONS):
            names = sorted({PACKAGES[lib][column] for lib in self.missing if lib in PACKAGES})
            if names:
                lines.append(f"{distro}: {command} {' '.join(names)}")
        unknown = [lib for lib in self.missing if lib not in PACKAGES]
        if unknown:
            lines.append(_("Also needed (find the package that provides it): {libraries}")
                         .format(libraries=", ".join(unknown)))
        return lines

    def sentence(self) -> str:
        """What ``hearth`` and ``hearth doctor`` print."""
        if not self.checked:
            return (_("not checked ({note})").format(note=self.note) if self.note
                    else _("not checked"))
        if self.ok:
            return _("ok: every system library the window needs is installed")
        return (_("The window cannot open: these system libraries are missing: {libraries}. "
                  "Install them:").format(libraries=", ".join(self.missing))
                + "\n  " + "\n  ".join(self.install_commands()))

    def as_dict(self) -> dict:
        return {"checked": self.checked, "missing": self.missing,
                "install": self.install_commands(), "note": self.note}


def xcb_plugin() -> Path | None:
    """Qt's X11 platform plugin inside the installed PySide6 (found without importing it)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = (Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins"
              / "platforms" / "libqxcb.so")
    return plugin if plugin.exists() else None


def missing_libraries(binary: Path) -> list[str]:
    """The shared libraries ``binary`` needs that the loader cannot find (``ldd``)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    done = subprocess.run([ldd, str(binary)], capture_output=True, text=True, timeout=30,
                          check=False)
    return sorted(set(re.findall(r"^\s*(\S+)\s+=>\s+not found", done.stdout, flags=re.M)))


def check_window_libraries(plugin: Path | None = None) -> WindowLibraries:
    """Whether the X11 window can open here (Linux only; other systems ship what Qt needs).
    A session that will not use X11 (``QT_QPA_PLATFORM`` set to another platform) needs
    no check."""
    if not sys.platform.startswith("linux"):
        return WindowLibraries(False, note="only needed on Linux")
    platform_name = os.environ.get("QT_QPA_PLATFORM", "")
    if platform_name and not platform_name.startswith("xcb"):
        return WindowLibraries(False, note=f"QT_QPA_PLATFORM is {platform_name}")
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return WindowLibraries(False, note="PySide6's X11 plugin was not found")
    try:
        return WindowLibraries(True, missing_libraries(plugin))
    except (OSError, subprocess.SubprocessError) as exc:
        return WindowLibraries(False, note=f"ldd failed: {exc}")


#: where Hearth's source, issues and releases live
HOMEPAGE = "https://github.com/hearth-app/hearth"
LICENSE = "Apache-2.0"


@dataclass(frozen=True)
class AboutHearth:
    """What the About box shows."""

    version: str
    license: str
    homepage: str
    data_folder: str


def about() -> AboutHearth:
    from app import __version__
    from app.paths import get_paths

    return AboutHearth(__version__, LICENSE, HOMEPAGE, str(get_paths().data))
