"""Engine environments: a separate venv, pip inside it, progress out of pip's output."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.engines import envs
from app.engines.base import EngineError

REAL_EXECUTABLE = sys.executable  # before a test pretends to be the frozen app


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def make_wheel(folder: Path, name: str = "hearth_fake_engine", version: str = "1.2.3") -> Path:
    """A real, minimal wheel (PEP 427) with a console script, built by hand: no network."""
    files = {
        f"{name}/__init__.py": b"def main():\n    print('fake engine ready')\n",
        f"{name}-{version}.dist-info/METADATA":
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
        f"{name}-{version}.dist-info/WHEEL":
            b"Wheel-Version: 1.0\nGenerator: hearth-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{name}-{version}.dist-info/entry_points.txt":
            f"[console_scripts]\nvllm = {name}:main\n".encode(),
    }
    record = f"{name}-{version}.dist-info/RECORD"
    lines = [_record_line(n, d) for n, d in files.items()] + [f"{record},,"]
    files[record] = ("\n".join(lines) + "\n").encode()
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for n, d in files.items():
            archive.writestr(n, d)
    return wheel


def version_of(python: Path) -> str:
    return subprocess.run([str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                          capture_output=True, text=True, check=True).stdout.strip()


THIS = f"{sys.version_info[0]}.{sys.version_info[1]}"
THIS_SUPPORTED = sys.version_info[:2] in envs.SUPPORTED


def real_python(version: str) -> Path | None:
    """A real interpreter of ``version`` on this machine (PATH, pyenv, /usr/bin), or None."""
    places = [shutil.which(f"python{version}")]
    places += sorted(str(p) for p in Path.home().glob(f".pyenv/versions/{version}.*/bin/python{version}"))
    places += [f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    for place in places:
        if place and Path(place).exists():
            done = subprocess.run([place, "-c", "import venv"], capture_output=True, check=False)
            if done.returncode == 0:
                return Path(place)
    return None


@pytest.fixture
def frozen_app(tmp_path, monkeypatch):
    """Hearth as the PyInstaller build sees itself: sys.frozen, sys.executable the app binary
    (a script that leaves a mark if anything runs it), PATH only a folder the test fills."""
    app = tmp_path / "Hearth"
    app.write_text(f"#!/bin/sh\ntouch {tmp_path / 'app-was-run'}\n")
    app.chmod(0o755)
    bin_dir = tmp_path / "path-bin"
    bin_dir.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app))
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


def link(bin_dir: Path, name: str, python: Path | str) -> Path:
    target = bin_dir / name
    target.symlink_to(python)
    return target


def test_install_from_the_frozen_app_uses_a_real_python(tmp_path, frozen_app):
    real = Path(os.path.realpath(REAL_EXECUTABLE))
    if not THIS_SUPPORTED:
        pytest.skip(f"SKIPPED: this test links the running Python ({THIS}) as the one on "
                    "PATH, and GPU engines need 3.10-3.12")
    link(frozen_app, f"python{THIS}", real)
    wheel = make_wheel(tmp_path)
    root = tmp_path / "engines"
    events = list(envs.install("vllm", root=root, packages=[str(wheel)],
                               pip_args=["--no-index"]))
    stages = [e.stage for e in events]
    assert stages[0] == "environment" and stages[-1] == "done"
    assert f"with Python {THIS}." in events[0].message and f"PATH: python{THIS}" in events[0].message
    assert not (tmp_path / "app-was-run").exists(), "the app binary was run as a Python"
    assert version_of(envs.env_python(root / "vllm")) == THIS
    assert "hearth-fake-engine-1.2.3" in events[-1].message
    python = envs.env_python(root / "vllm")
    out = subprocess.run([str(python), "-c", "import hearth_fake_engine; print('ok')"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "ok"
    # Hearth's own environment is untouched
    assert importlib.util.find_spec("hearth_fake_engine") is None
    # and the engine is now found there, with its console script
    from app.engines.workers import find_engine

    found = find_engine("vllm", root / "vllm")
    assert found is not None and found.command[0].startswith(str(root / "vllm"))


def test_failed_install_says_why(tmp_path):
    with pytest.raises(EngineError, match="Installing failed: ERROR"):
        list(envs.install("lmdeploy", root=tmp_path, packages=["no-such-package-hearth"],
                          pip_args=["--no-index"]))


def test_unknown_engine():
    with pytest.raises(EngineError, match="Unknown engine"):
        list(envs.install("no-such-engine"))


@pytest.mark.parametrize("line,stage,message", [
    ("Collecting vllm==0.10.2", "resolve", "Collecting vllm==0.10.2"),
    ("  Downloading vllm-0.10.2-cp38-abi3-manylinux1_x86_64.whl (436.4 MB)", "download",
     "Downloading vllm-0.10.2-cp38-abi3-manylinux1_x86_64.whl (436.4 MB)"),
    ("Installing collected packages: torch, vllm", "install", "Installing torch, vllm"),
    ("Successfully installed torch-2.8.0 vllm-0.10.2", "done", "Installed torch-2.8.0 vllm-0.10.2"),
])
def test_progress_from_pip(line, stage, message):
    event = envs.progress_from_pip(line)
    assert event.stage == stage and event.message == message
    assert envs.progress_from_pip("Requirement already satisfied: numpy") is None


def test_frozen_app_without_a_python_refuses_and_says_what_to_do(tmp_path, frozen_app):
    with pytest.raises(EngineError) as refused:
        envs.find_base_python()
    message = str(refused.value)
    assert message.startswith("GPU engines need Python 3.10-3.12 to build their environment. "
                              "None was found on PATH.")
    assert "--python PATH" in message and "engines_python" in message
    assert not (tmp_path / "app-was-run").exists()
    with pytest.raises(EngineError, match="None was found on PATH"):
        list(envs.install("vllm", root=tmp_path / "engines", packages=["x"]))
    assert not (tmp_path / "engines" / "vllm").exists()


def test_an_unsupported_python_on_path_is_passed_over(tmp_path, frozen_app):
    newer = real_python("3.13") or real_python("3.9")
    if newer is None:
        pytest.skip("SKIPPED: no Python 3.13 or 3.9 on this machine to stand for an "
                    "unsupported one")
    link(frozen_app, "python3", newer)
    with pytest.raises(EngineError, match=rf"Found: {frozen_app}/python3 is 3\.(13|9)\.\d+\."):
        envs.find_base_python()
    if THIS_SUPPORTED:
        link(frozen_app, f"python{THIS}", os.path.realpath(REAL_EXECUTABLE))
        chosen = envs.find_base_python()
        assert chosen.source == f"PATH: python{THIS}" and chosen.version[:2] == sys.version_info[:2]


def test_explicit_python_wins_and_is_checked(tmp_path, frozen_app):
    newer = real_python("3.13") or real_python("3.9")
    here = Path(os.path.realpath(REAL_EXECUTABLE))
    if THIS_SUPPORTED:
        chosen = envs.find_base_python(str(here), setting="/nowhere/python")
        assert chosen.source == "--python" and chosen.executable == Path(str(here))
        from_setting = envs.find_base_python(None, setting=str(here))
        assert from_setting.source == "setting engines_python"
    with pytest.raises(EngineError, match="is not a working Python with the venv module"):
        envs.find_base_python("/bin/true")
    with pytest.raises(EngineError, match="from setting engines_python\\) is not a working"):
        envs.find_base_python(None, setting=str(tmp_path / "missing-python"))
    if newer is not None:
        with pytest.raises(EngineError, match=r"is Python 3\.(13|9)\.\d+; GPU engines need "
                                              r"3\.10-3\.12"):
            envs.find_base_python(str(newer))


def test_running_from_source_prefers_hearths_own_python(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    if not THIS_SUPPORTED:
        pytest.skip(f"SKIPPED: the running Python is {THIS}")
    chosen = envs.find_base_python()
    assert chosen.source == "Hearth's Python"
    assert chosen.version[:2] == sys.version_info[:2]


def test_cli_install_refuses_an_unsupported_python(tmp_path, frozen_app):
    from click.testing import CliRunner

    from app.commands.engines import engines

    result = CliRunner().invoke(engines, ["install", "vllm", "--python", "/bin/true"])
    assert result.exit_code != 0
    assert "/bin/true (from --python) is not a working Python" in result.output


def test_an_environment_left_without_pip_is_made_again(tmp_path):
    """An interrupted creation leaves a python but no pip: the next install rebuilds it."""
    from app.engines.envs import create_env, env_python

    folder = tmp_path / "vllm"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = env_python(folder)
    assert subprocess.run([str(python), "-m", "pip", "--version"],
                          capture_output=True).returncode != 0
    assert create_env(folder) == python
    assert subprocess.run([str(python), "-m", "pip", "--version"],
                          capture_output=True).returncode == 0


def test_engines_use_offers_every_target_kind():
    """The CLI's list is written out (so the CLI does not import targets); keep it in step."""
    from app.commands.engines import use
    from app.engines.targets import CHOICES

    (engine,) = [p for p in use.params if p.name == "engine"]
    assert tuple(engine.type.choices) == CHOICES
