"""The installers: selftest, the frozen build, and the per-OS packaging files.

The frozen build test is slow (a PyInstaller build: about 3 minutes on two cores) and runs
when PyInstaller is installed; the packaging files are checked with the real tools where
this machine has them (makensis, desktop-file-validate) and parsed everywhere.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.gguf_factory import truncated

REPO = Path(__file__).resolve().parent.parent
INSTALLERS = REPO / "installers"
ICONS = REPO / "resources" / "icons"
NSI = INSTALLERS / "windows" / "hearth.nsi"
#: Qt libraries that must never reach the frozen folder (Hearth is Widgets only).
UNUSED_QT = ("Qt6WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D", "Qt6Multimedia", "Qt6Pdf",
             "Qt6Charts", "Qt6VirtualKeyboard")


def run_hearth(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


# selftest from source ---------------------------------------------------------------------


def test_selftest_passes_on_the_starter_model(smollm2_path, hearth_home):
    done = run_hearth("--selftest", "--model", str(smollm2_path))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = {line.split()[1]: line.split()[0] for line in done.stdout.splitlines()
             if len(line.split()) > 1 and line.split()[0] in ("ok", "skip", "FAIL")}
    assert lines["imports"] == lines["database"] == lines["validate"] == "ok"
    assert lines["generate"] == "ok"
    assert "selftest ok (from source)" in done.stdout
    assert not hearth_home.exists()  # it worked in a temporary home, never the user's


def test_selftest_says_what_is_broken_for_a_damaged_model(smollm2_path, tmp_path):
    cut = truncated(smollm2_path, tmp_path / "cut.gguf")
    done = run_hearth("--selftest", "--model", str(cut))
    assert done.returncode == 1
    failing = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert failing and failing[0].split()[1] == "validate"
    assert "cut.gguf" in failing[0]
    assert "selftest FAILED" in done.stdout


def test_selftest_refuses_a_missing_model(tmp_path):
    done = run_hearth("--selftest", "--model", str(tmp_path / "absent.gguf"))
    assert done.returncode == 1
    assert "does not exist" in done.stdout


# the frozen build ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory) -> Path:
    """PyInstaller's onedir build of this checkout (HEARTH_FROZEN_APP reuses an existing one)."""
    existing = os.environ.get("HEARTH_FROZEN_APP")
    if existing:
        return Path(existing)
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("SKIPPED: PyInstaller is not installed, so the frozen build cannot be made "
                    "here; pip install 'pyinstaller>=6.10,<7' to run it (CI's installers "
                    "workflow does).")
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                    str(INSTALLERS / "hearth.spec")], cwd=REPO, check=True, timeout=1800)
    exe = work / "dist" / "hearth" / ("hearth.exe" if sys.platform == "win32" else "hearth")
    assert exe.exists()
    return exe


@pytest.mark.slow
def test_frozen_app_passes_its_selftest(frozen_app, smollm2_path, tmp_path):
    env = {**os.environ, "HEARTH_HOME": str(tmp_path / "home")}
    done = subprocess.run([str(frozen_app), "--selftest", "--model", str(smollm2_path)],
                          capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "selftest ok (frozen)" in done.stdout
    # validation ran in a child process of the frozen executable (hearth --run-module ...)
    assert re.search(r"^ok\s+validate\s.*checked in a child", done.stdout, re.M)


@pytest.mark.slow
def test_frozen_app_reports_a_damaged_model_and_survives(frozen_app, smollm2_path, tmp_path):
    cut = truncated(smollm2_path, tmp_path / "cut.gguf")
    done = subprocess.run([str(frozen_app), "--selftest", "--model", str(cut)],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 1
    assert re.search(r"^FAIL\s+validate\s.*cut\.gguf", done.stdout, re.M)


@pytest.mark.slow
def test_frozen_app_version_and_contents(frozen_app):
    done = subprocess.run([str(frozen_app), "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and "Hearth, version" in done.stdout
    folder = frozen_app.parent
    names = [p.name for p in folder.rglob("*")]
    assert not [n for n in names if any(token in n for token in UNUSED_QT)]
    assert (folder / "_internal" / "resources" / "icons" / "hearth.svg").exists()
    assert not [n for n in names if n.startswith("botocore")]


# Windows: NSIS ------------------------------------------------------------------------------


def nsis_sections(text: str) -> dict[str, str]:
    """Section title -> body, for every Section ... SectionEnd of an NSIS script."""
    found = re.findall(r'^Section\s+(?:/o\s+)?"([^"]+)".*?$(.*?)^SectionEnd', text, re.M | re.S)
    return dict(found)


def test_nsis_script_has_shortcuts_association_and_a_data_keeping_uninstaller():
    text = NSI.read_text(encoding="utf-8")
    sections = nsis_sections(text)
    body = "\n".join(sections.values())
    assert 'CreateShortcut "$SMPROGRAMS\\${APP_NAME}\\${APP_NAME}.lnk"' in body
    assert 'CreateShortcut "$DESKTOP\\${APP_NAME}.lnk"' in body
    assert 'Software\\Classes\\.gguf' in body and '"%1"' in body
    assert "WriteUninstaller" in body
    data = sections["un.Also delete my conversations and models"]
    assert re.search(r'^Section\s+/o\s+"un\.Also delete', text, re.M), "must be unticked"
    assert "$LOCALAPPDATA\\${APP_NAME}" in data
    others = [b for title, b in sections.items() if title != "un.Also delete my conversations and models"]
    assert not [b for b in others if "LOCALAPPDATA" in b or "$APPDATA" in b]


@pytest.mark.skipif(shutil.which("makensis") is None,
                    reason="makensis is not installed (Debian: apt-get install nsis)")
def test_nsis_script_compiles_with_a_stub_payload(tmp_path):
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    (payload / "hearth.exe").write_bytes(b"MZ stub, not a program")
    (payload / "_internal" / "base_library.zip").write_bytes(b"stub")
    out = tmp_path / "Hearth-test-installer.exe"
    done = subprocess.run(["makensis", "-V2", "-WX", f"-DPAYLOAD={payload}", f"-DOUTFILE={out}",
                           "-DVERSION=0.1.0", str(NSI)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes()[:2] == b"MZ"


# macOS: Info.plist --------------------------------------------------------------------------


def test_info_plist_identifies_hearth_and_owns_gguf_files():
    plist = plistlib.loads((INSTALLERS / "macos" / "Info.plist").read_bytes())
    assert plist["CFBundleIdentifier"] == "org.hearth.Hearth"
    assert plist["CFBundleExecutable"] == "hearth"
    assert plist["CFBundlePackageType"] == "APPL"
    assert plist["CFBundleIconFile"] == "hearth.icns"
    assert plist["CFBundleShortVersionString"] == "@VERSION@"  # filled in by hearth.spec
    (doc,) = plist["CFBundleDocumentTypes"]
    assert doc["CFBundleTypeExtensions"] == ["gguf"]
    assert doc["LSItemContentTypes"] == ["org.hearth.gguf"]
    (uti,) = plist["UTExportedTypeDeclarations"]
    assert uti["UTTypeIdentifier"] == "org.hearth.gguf"
    assert uti["UTTypeTagSpecification"]["public.filename-extension"] == ["gguf"]
    entitlements = plistlib.loads((INSTALLERS / "macos" / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.cs.disable-library-validation"] is True


# Linux: desktop entry, MIME type ----------------------------------------------------------


def test_desktop_entry_launches_hearth_for_gguf_files():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(INSTALLERS / "linux" / "hearth.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"].split()[0] == "hearth" and "%f" in section["Exec"]
    assert section["Icon"] == "hearth" and section["Type"] == "Application"
    assert "application/x-gguf" in section["MimeType"].split(";")
    mime = ET.parse(INSTALLERS / "linux" / "hearth-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.find("m:mime-type", ns)
    assert kind.get("type") == "application/x-gguf"
    assert kind.find("m:glob", ns).get("pattern") == "*.gguf"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (apt-get install desktop-file-utils)")
def test_desktop_entry_validates():
    done = subprocess.run(["desktop-file-validate", str(INSTALLERS / "linux" / "hearth.desktop")],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr


# icons --------------------------------------------------------------------------------------


def test_icons_exist_at_every_size():
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        head = (ICONS / f"hearth-{size}.png").read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", head[16:24]) == (size, size)
    ico = (ICONS / "hearth.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    widths = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= widths
    icns = (ICONS / "hearth.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert ET.parse(ICONS / "hearth.svg").getroot().get("viewBox") == "0 0 512 512"


# the engine registry in the installers ----------------------------------------------------


def test_the_frozen_app_carries_every_engine_declaration():
    """The spec collects every submodule of app, so each module in app/engines/declared
    reaches the frozen app, where the registry finds it with pkgutil (PyInstaller's
    pkgutil runtime hook lists frozen modules)."""
    import pkgutil

    import app
    from app.engines import declared

    collected = {m.name for m in pkgutil.walk_packages(app.__path__, "app.")}
    modules = {f"app.engines.declared.{m.name}" for m in pkgutil.iter_modules(declared.__path__)}
    assert {"app.engines.declared.vllm", "app.engines.declared.sglang"} <= modules <= collected
    assert 'collect_submodules("app")' in (INSTALLERS / "hearth.spec").read_text()


def test_the_package_description_names_the_registrys_workers():
    script = (INSTALLERS / "build_linux.sh").read_text()
    assert "from app.engines.registry import worker_labels" in script
    assert "worker engines ($WORKER_ENGINES) installed separately" in script
    labels = subprocess.run([sys.executable, "-c", "from app.engines.registry import "
                             "worker_labels; print(worker_labels())"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.strip()
    assert labels == "vLLM, LMDeploy, TensorRT-LLM or SGLang"
