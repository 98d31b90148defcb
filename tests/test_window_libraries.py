"""Before Qt loads, the window's system libraries are checked with the real loader
(``ldd``): a missing one is named with the package to install (#17), not a Qt abort."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.services import system

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("gcc")
                                or not shutil.which("ldd"), reason="needs Linux, gcc and ldd")


def _absent_library() -> str:
    """A library of the table that this machine's loader does not know."""
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True,
                           check=False).stdout if shutil.which("ldconfig") else ""
    absent = [lib for lib in system.PACKAGES if lib not in known]
    if not absent:
        pytest.skip("every library of the table is installed here")
    return absent[0]


def _linked_against(folder: Path, soname: str) -> Path:
    """A real shared object linked against ``soname``, which is then taken away — what
    Qt's libqxcb.so looks like on a machine without that library."""
    stub = folder / "stub"
    stub.mkdir(exist_ok=True)
    (folder / "empty.c").write_text("int missing_stub(void) { return 0; }\n")
    (folder / "plugin.c").write_text("int missing_stub(void);\n"
                                     "int plugin(void) { return missing_stub(); }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(stub / soname),
                    f"-Wl,-soname,{soname}", str(folder / "empty.c")], check=True)
    built = folder / "libqxcb.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(built), str(folder / "plugin.c"),
                    "-Wl,--no-as-needed", f"-L{stub}", f"-l:{soname}"], check=True)
    shutil.rmtree(stub)
    return built


@pytest.fixture
def absent() -> str:
    return _absent_library()


@pytest.fixture
def plugin(tmp_path, monkeypatch, absent) -> Path:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    return _linked_against(tmp_path, absent)


def test_a_missing_library_is_named_with_its_package(plugin, absent):
    found = system.check_window_libraries(plugin)
    assert found.checked and found.missing == [absent]
    debian, fedora, _ = system.PACKAGES[absent]
    commands = found.install_commands()
    assert f"Debian/Ubuntu: sudo apt-get install {debian}" in commands
    assert f"Fedora: sudo dnf install {fedora}" in commands
    assert debian in found.sentence()


def test_a_library_outside_the_table_is_still_named(tmp_path, monkeypatch):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    found = system.check_window_libraries(_linked_against(tmp_path, "libhearth-absent.so.7"))
    assert found.missing == ["libhearth-absent.so.7"]
    assert "libhearth-absent.so.7" in found.install_commands()[-1]


def test_the_installed_qt_plugin_is_checked_for_real():
    found = system.check_window_libraries()
    # whatever this machine has, the answer is a decision, not a guess
    assert found.checked or found.note
    assert all(lib.endswith(tuple(f".so.{n}" for n in range(10))) for lib in found.missing)


def test_hearth_says_what_to_install_instead_of_aborting(plugin, absent, monkeypatch, capsys):
    from app.commands.gui import MISSING_LIBRARIES, open_window

    monkeypatch.setattr(system, "xcb_plugin", lambda: plugin)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert open_window() == MISSING_LIBRARIES
    err = capsys.readouterr().err
    assert absent in err and f"sudo apt-get install {system.PACKAGES[absent][0]}" in err


def test_another_qt_platform_needs_no_check(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    found = system.check_window_libraries()
    assert not found.checked and "offscreen" in found.note
