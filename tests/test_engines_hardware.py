"""Hardware probes against recorded outputs of nvidia-smi, NVML, npu-smi and rocm-smi."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.engines import hardware as hw

PROBES = Path(__file__).parent / "fixtures" / "probes"


def test_nvidia_smi_csv_two_gpus():
    gpus = hw.parse_nvidia_smi_csv((PROBES / "nvidia-smi-2gpu.csv").read_text(), cuda="12.2")
    assert [(g.name, g.memory_total_mb, g.compute_capability) for g in gpus] == [
        ("NVIDIA GeForce RTX 3070", 8192, "8.6"), ("Tesla T4", 15360, "7.5")]
    assert gpus[1].index == 1 and gpus[0].driver == "535.183.01" and gpus[0].cuda == "12.2"
    assert gpus[0].capability_at_least(8, 0) and not gpus[1].capability_at_least(8, 0)


def test_nvidia_smi_header_gives_cuda_version():
    assert hw.parse_nvidia_smi_cuda((PROBES / "nvidia-smi-rtx4090.txt").read_text()) == "12.4"


class RecordedNvml:
    """Replays NVML answers recorded from a real H100 through pynvml's function names."""

    def __init__(self, recording: dict) -> None:
        self.rec = recording
        self.shut = False

    def nvmlInit(self):
        pass

    def nvmlShutdown(self):
        self.shut = True

    def nvmlSystemGetDriverVersion(self):
        return self.rec["driver"].encode()  # old bindings return bytes

    def nvmlSystemGetCudaDriverVersion(self):
        return self.rec["cuda_driver_version"]

    def nvmlDeviceGetCount(self):
        return len(self.rec["devices"])

    def nvmlDeviceGetHandleByIndex(self, index):
        return self.rec["devices"][index]

    def nvmlDeviceGetName(self, handle):
        return handle["name"]

    def nvmlDeviceGetMemoryInfo(self, handle):
        return SimpleNamespace(total=handle["memory_total"], free=handle["memory_free"])

    def nvmlDeviceGetCudaComputeCapability(self, handle):
        return tuple(handle["compute_capability"])


def test_nvml_recording_h100():
    nvml = RecordedNvml(json.loads((PROBES / "nvml-h100.json").read_text()))
    gpus, note = hw.probe_nvml(nvml)
    assert note is None and nvml.shut
    (gpu,) = gpus
    assert gpu.name == "NVIDIA H100 80GB HBM3" and gpu.compute_capability == "9.0"
    assert gpu.memory_total_mb == 81559 and gpu.driver == "550.90.07" and gpu.cuda == "12.4"


def test_real_nvml_on_a_machine_without_driver_leaves_a_note():
    gpus, note = hw.probe_nvml()
    if gpus:
        pytest.skip("this machine has an NVIDIA driver")
    assert note and note.startswith("NVML:")


def test_npu_smi_910b():
    npus = hw.parse_npu_smi((PROBES / "npu-smi-910b.txt").read_text())
    assert [(n.name, n.index, n.memory_total_mb, n.memory_free_mb) for n in npus] == [
        ("Ascend 910B3", 0, 65536, 65536 - 3161), ("Ascend 910B3", 1, 65536, 65536 - 3160)]
    assert npus[0].driver == "23.0.rc3" and npus[0].vendor == "ascend"


def test_rocm_smi_json():
    (gpu,) = hw.parse_rocm_smi((PROBES / "rocm-smi-7900xtx.json").read_text())
    assert gpu.vendor == "amd" and "7900" in gpu.name and gpu.memory_total_mb == 24560
    assert hw.parse_rocm_smi("not json") == []


def test_apple_silicon_probe_reads_sysctl():
    answers = {"machdep.cpu.brand_string": "Apple M3 Pro\n", "hw.memsize": str(36 * 2**30)}
    run = lambda argv: answers.get(argv[-1])  # noqa: E731 (a recorded sysctl)
    (gpu,) = hw.probe_apple(run, system="Darwin", machine="arm64")
    assert gpu.unified_memory and gpu.memory_total_mb == 36864 and gpu.name == "Apple M3 Pro"
    assert hw.probe_apple(run, system="Linux", machine="x86_64") == []


def _fake_tool(folder: Path, name: str, output: Path | str) -> None:
    text = output.read_text() if isinstance(output, Path) else output
    (folder / f"{name}.out").write_text(text)
    script = folder / name
    script.write_text(f"#!/bin/sh\ncat '{folder / (name + '.out')}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(os.name == "nt", reason="shell-script tools")
def test_detect_runs_the_real_tools_from_path(tmp_path, monkeypatch):
    """detect() runs nvidia-smi / npu-smi / rocm-smi as subprocesses (recorded outputs)."""
    _fake_tool(tmp_path, "nvidia-smi", PROBES / "nvidia-smi-rtx4090.csv")
    _fake_tool(tmp_path, "npu-smi", PROBES / "npu-smi-910b.txt")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    found = hw.detect(nvml=SimpleNamespace(nvmlInit=lambda: (_ for _ in ()).throw(
        OSError("NVML Shared Library Not Found"))))
    assert [g.vendor for g in found.gpus] == ["nvidia", "ascend", "ascend"]
    assert found.best_gpu("nvidia").name == "NVIDIA GeForce RTX 4090"
    assert any("rocm-smi" in note for note in found.notes)


def test_detect_on_this_machine_tolerates_missing_tools():
    found = hw.detect()
    assert found.cpu.logical_cores >= 1 and found.cpu.physical_cores >= 1
    assert found.ram_total_mb and found.ram_total_mb > 0
    data = found.as_dict()
    json.dumps(data)
    assert hw.Hardware.from_dict(data) == found


def test_cpuinfo_counts_physical_cores_and_flags():
    text = ("processor : 0\nmodel name : Test CPU\nflags : fpu avx avx2 fma avx512f\n"
            "physical id : 0\ncore id : 0\n\nprocessor : 1\nmodel name : Test CPU\n"
            "flags : fpu avx avx2 fma avx512f\nphysical id : 0\ncore id : 0\n\n")
    assert hw.parse_cpuinfo(text) == ("Test CPU", 1, ("avx", "avx2", "fma", "avx512f"))
