"""Engine environments: a separate venv, pip inside it, progress out of pip's output."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import subprocess
import zipfile
from pathlib import Path

import pytest

from app.engines import envs
from app.engines.base import EngineError


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


def test_install_into_a_separate_environment(tmp_path):
    wheel = make_wheel(tmp_path)
    root = tmp_path / "engines"
    events = list(envs.install("vllm", root=root, packages=[str(wheel)],
                               pip_args=["--no-index"]))
    stages = [e.stage for e in events]
    assert stages[0] == "environment" and stages[-1] == "done"
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
        list(envs.install("sglang"))


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
