"""What this machine has: CPU, memory, and the GPUs / NPUs an engine could use.

Every probe tolerates a missing driver or tool: it returns nothing and leaves a note
saying why, so ``hearth doctor`` can explain ("NVML: libnvidia-ml not found").

- NVIDIA: NVML through ``nvidia-ml-py`` (names, VRAM, compute capability, driver and
  CUDA versions); ``nvidia-smi`` when NVML cannot be loaded.
- Apple Silicon: unified memory and Metal, from ``sysctl``.
- Huawei Ascend: ``npu-smi info``.
- AMD: ``rocm-smi --json``, best effort.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: CPU features that matter to inference engines (llama.cpp kernels, vLLM CPU, AMX).
INTERESTING_FLAGS = (
    "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512_vnni",
    "avx512_bf16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8",
    "neon", "asimd", "sve", "sve2", "dotprod", "i8mm", "bf16",
)

#: Runs a tool and returns its stdout, or None when the tool is missing or fails.
ToolRunner = Callable[[list[str]], str | None]


@dataclass(frozen=True)
class Gpu:
    """One accelerator. ``vendor`` is "nvidia", "amd", "apple" or "ascend"."""

    vendor: str
    name: str
    index: int = 0
    memory_total_mb: int | None = None
    memory_free_mb: int | None = None
    compute_capability: str | None = None
    driver: str | None = None
    cuda: str | None = None
    unified_memory: bool = False

    @property
    def memory_total_gb(self) -> float | None:
        return None if self.memory_total_mb is None else round(self.memory_total_mb / 1024, 1)

    def capability_at_least(self, major: int, minor: int = 0) -> bool:
        """True when this is an NVIDIA GPU with compute capability >= major.minor."""
        if not self.compute_capability:
            return False
        got = tuple(int(part) for part in self.compute_capability.split(".")[:2])
        return got >= (major, minor)


@dataclass(frozen=True)
class Cpu:
    """The processor: model name, core counts and the instruction sets engines care about."""

    model: str
    arch: str
    physical_cores: int
    logical_cores: int
    flags: tuple[str, ...] = ()


@dataclass
class Hardware:
    """Everything :func:`detect` found, plus a note for every probe that found nothing."""

    os: str
    cpu: Cpu
    ram_total_mb: int | None
    ram_free_mb: int | None
    gpus: list[Gpu] = field(default_factory=list)
    metal: bool = False
    notes: list[str] = field(default_factory=list)

    def by_vendor(self, vendor: str) -> list[Gpu]:
        return [gpu for gpu in self.gpus if gpu.vendor == vendor]

    @property
    def nvidia(self) -> list[Gpu]:
        return self.by_vendor("nvidia")

    @property
    def ascend(self) -> list[Gpu]:
        return self.by_vendor("ascend")

    @property
    def apple_silicon(self) -> bool:
        return bool(self.by_vendor("apple"))

    def best_gpu(self, vendor: str) -> Gpu | None:
        """The device of ``vendor`` with the most memory, or None."""
        devices = self.by_vendor(vendor)
        return max(devices, key=lambda g: g.memory_total_mb or 0) if devices else None

    def as_dict(self) -> dict[str, Any]:
        """Plain data for ``hearth doctor`` and JSON output."""
        data = asdict(self)
        data["cpu"]["flags"] = list(self.cpu.flags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Hardware:
        """The inverse of :meth:`as_dict` (recorded hardware profiles are stored this way)."""
        cpu = dict(data["cpu"], flags=tuple(data["cpu"].get("flags", ())))
        return cls(os=data["os"], cpu=Cpu(**cpu), ram_total_mb=data.get("ram_total_mb"),
                   ram_free_mb=data.get("ram_free_mb"),
                   gpus=[Gpu(**gpu) for gpu in data.get("gpus", [])],
                   metal=data.get("metal", False), notes=list(data.get("notes", [])))


# ---------------------------------------------------------------------------- tools


def run_tool(argv: list[str], timeout: float = 5.0) -> str | None:
    """Run a probe tool; None if it is not installed, fails, or takes too long."""
    exe = shutil.which(argv[0])
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, *argv[1:]], capture_output=True, text=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


# ---------------------------------------------------------------------------- CPU, RAM


def parse_cpuinfo(text: str) -> tuple[str, int | None, tuple[str, ...]]:
    """(model, physical cores, interesting flags) from Linux's /proc/cpuinfo."""
    model, flags, cores = "", set(), set()
    physical_id = core_id = None
    for line in text.splitlines():
        key, _, value = (part.strip() for part in line.partition(":"))
        if key in ("model name", "Model", "cpu model") and not model:
            model = value
        elif key in ("flags", "Features"):
            flags.update(value.split())
        elif key == "physical id":
            physical_id = value
        elif key == "core id":
            core_id = value
        elif not key and physical_id is not None and core_id is not None:
            cores.add((physical_id, core_id))
            physical_id = core_id = None
    if physical_id is not None and core_id is not None:
        cores.add((physical_id, core_id))
    picked = tuple(flag for flag in INTERESTING_FLAGS if flag in flags)
    return model, (len(cores) or None), picked


def parse_meminfo(text: str) -> tuple[int | None, int | None]:
    """(total MB, available MB) from Linux's /proc/meminfo."""
    values = {}
    for line in text.splitlines():
        match = re.match(r"(\w+):\s+(\d+)\s*kB", line)
        if match:
            values[match.group(1)] = int(match.group(2)) // 1024
    return values.get("MemTotal"), values.get("MemAvailable", values.get("MemFree"))


def _sysctl(run: ToolRunner, name: str) -> str | None:
    out = run(["sysctl", "-n", name])
    return out.strip() if out else None


def probe_cpu(run: ToolRunner = run_tool) -> Cpu:
    """CPU model, cores and instruction sets on Linux, macOS or Windows."""
    logical = os.cpu_count() or 1
    model, physical = platform.processor() or platform.machine(), None
    flags: tuple[str, ...] = ()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found_model, physical, flags = parse_cpuinfo(cpuinfo.read_text(errors="replace"))
        model = found_model or model
    elif sys.platform == "darwin":
        model = _sysctl(run, "machdep.cpu.brand_string") or model
        physical = int(_sysctl(run, "hw.physicalcpu") or 0) or None
        features = " ".join(filter(None, (_sysctl(run, "machdep.cpu.features"),
                                          _sysctl(run, "machdep.cpu.leaf7_features"))))
        flags = tuple(f for f in INTERESTING_FLAGS if f in features.lower().split())
        if platform.machine() == "arm64":
            flags = ("neon", "dotprod")
    return Cpu(model=model, arch=platform.machine(), physical_cores=physical or logical,
               logical_cores=logical, flags=flags)


class _MemoryStatusEx(ctypes.Structure):
    _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]


def probe_ram(run: ToolRunner = run_tool) -> tuple[int | None, int | None]:
    """(total MB, free MB); either may be None where the OS will not say."""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        return parse_meminfo(meminfo.read_text())
    if sys.platform == "darwin":
        total = _sysctl(run, "hw.memsize")
        return (int(total) // 2**20 if total else None), _darwin_free_mb(run)
    if sys.platform == "win32":
        status = _MemoryStatusEx()
        status.dwLength = ctypes.sizeof(status)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return status.ullTotalPhys // 2**20, status.ullAvailPhys // 2**20
    return None, None


def _darwin_free_mb(run: ToolRunner) -> int | None:
    out = run(["vm_stat"])
    if not out:
        return None
    page = int(m.group(1)) if (m := re.search(r"page size of (\d+)", out)) else 4096
    pages = sum(int(m.group(1)) for m in re.finditer(
        r"Pages (?:free|inactive|speculative):\s+(\d+)", out))
    return pages * page // 2**20


# ---------------------------------------------------------------------------- NVIDIA


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def probe_nvml(nvml: Any = None) -> tuple[list[Gpu], str | None]:
    """NVIDIA GPUs through NVML; ``nvml`` is the ``pynvml`` module (tests pass a recording).

    Returns (gpus, note); the note says why nothing was found.
    """
    if nvml is None:
        try:
            import pynvml

            nvml = pynvml
        except ImportError:
            return [], "NVML: nvidia-ml-py is not installed"
    try:
        nvml.nvmlInit()
    except Exception as exc:  # NVMLError_LibraryNotFound, _DriverNotLoaded, ...
        return [], f"NVML: no NVIDIA driver ({exc})"
    try:
        driver = _text(nvml.nvmlSystemGetDriverVersion())
        cuda_raw = int(nvml.nvmlSystemGetCudaDriverVersion())
        cuda = f"{cuda_raw // 1000}.{cuda_raw % 1000 // 10}"
        gpus = [_nvml_gpu(nvml, index, driver, cuda)
                for index in range(int(nvml.nvmlDeviceGetCount()))]
    except Exception as exc:
        return [], f"NVML: query failed ({exc})"
    finally:
        try:
            nvml.nvmlShutdown()
        except Exception:
            pass
    return gpus, None if gpus else "NVML: driver loaded but no GPU listed"


def _nvml_gpu(nvml: Any, index: int, driver: str, cuda: str) -> Gpu:
    handle = nvml.nvmlDeviceGetHandleByIndex(index)
    memory = nvml.nvmlDeviceGetMemoryInfo(handle)
    major, minor = nvml.nvmlDeviceGetCudaComputeCapability(handle)
    return Gpu(vendor="nvidia", name=_text(nvml.nvmlDeviceGetName(handle)), index=index,
               memory_total_mb=int(memory.total) // 2**20, memory_free_mb=int(memory.free) // 2**20,
               compute_capability=f"{major}.{minor}", driver=driver, cuda=cuda)


NVIDIA_SMI_QUERY = ["nvidia-smi", "--query-gpu=index,name,memory.total,memory.free,compute_cap,"
                    "driver_version", "--format=csv,noheader,nounits"]


def parse_nvidia_smi_csv(text: str, cuda: str | None = None) -> list[Gpu]:
    """GPUs from ``nvidia-smi --query-gpu=...`` CSV (see :data:`NVIDIA_SMI_QUERY`)."""
    gpus = []
    for line in text.strip().splitlines():
        fields = [part.strip() for part in line.split(",")]
        if len(fields) < 6:
            continue
        index, name, total, free, capability, driver = fields[:6]
        gpus.append(Gpu(vendor="nvidia", name=name, index=int(index),
                        memory_total_mb=_int_or_none(total), memory_free_mb=_int_or_none(free),
                        compute_capability=None if "N/A" in capability else capability,
                        driver=driver, cuda=cuda))
    return gpus


def parse_nvidia_smi_cuda(text: str) -> str | None:
    """The "CUDA Version: 12.4" from plain ``nvidia-smi`` output."""
    match = re.search(r"CUDA Version:\s*([\d.]+)", text)
    return match.group(1) if match else None


def probe_nvidia_smi(run: ToolRunner = run_tool) -> tuple[list[Gpu], str | None]:
    """NVIDIA GPUs from the ``nvidia-smi`` tool, used when NVML cannot be loaded."""
    out = run(NVIDIA_SMI_QUERY)
    if out is None:
        return [], "nvidia-smi: not found or failed"
    return parse_nvidia_smi_csv(out, parse_nvidia_smi_cuda(run(["nvidia-smi"]) or "")), None


def _int_or_none(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


# ---------------------------------------------------------------------------- Ascend, AMD, Apple


def parse_npu_smi(text: str) -> list[Gpu]:
    """Ascend NPUs from ``npu-smi info``: a name row then a chip row with HBM use (MB)."""
    gpus, pending = [], None
    version = m.group(1) if (m := re.search(r"Version:\s*([\w.\-]+)", text)) else None
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            continue
        first = cells[0].split()
        if len(first) >= 2 and first[0].isdigit() and pending is None:
            pending = (int(first[0]), " ".join(first[1:]))
        elif pending is not None and first and first[0].isdigit():
            hbm = re.findall(r"(\d+)\s*/\s*(\d+)", cells[-1])
            used, total = (int(hbm[-1][0]), int(hbm[-1][1])) if hbm else (None, None)
            name = pending[1] if pending[1].lower().startswith("ascend") else f"Ascend {pending[1]}"
            gpus.append(Gpu(vendor="ascend", name=name, index=pending[0], memory_total_mb=total,
                            memory_free_mb=None if total is None else total - (used or 0),
                            driver=version))
            pending = None
    return gpus


def parse_rocm_smi(text: str) -> list[Gpu]:
    """AMD GPUs from ``rocm-smi --showproductname --showmeminfo vram --json``."""
    try:
        cards = json.loads(text)
    except json.JSONDecodeError:
        return []
    gpus = []
    for key, info in sorted(cards.items()):
        if not key.startswith("card") or not isinstance(info, dict):
            continue
        total = _int_or_none(info.get("VRAM Total Memory (B)", ""))
        used = _int_or_none(info.get("VRAM Total Used Memory (B)", ""))
        gpus.append(Gpu(vendor="amd", name=info.get("Card series") or info.get("Card model", "AMD GPU"),
                        index=int(key[4:] or 0),
                        memory_total_mb=None if total is None else total // 2**20,
                        memory_free_mb=None if total is None or used is None else (total - used) // 2**20,
                        compute_capability=None, driver=info.get("GFX Version")))
    return gpus


def probe_apple(run: ToolRunner = run_tool, system: str | None = None,
                machine: str | None = None) -> list[Gpu]:
    """Apple Silicon's GPU: shares the machine's memory (unified), driven through Metal."""
    if (system or platform.system()) != "Darwin" or (machine or platform.machine()) != "arm64":
        return []
    chip = _sysctl(run, "machdep.cpu.brand_string") or "Apple Silicon"
    total = _sysctl(run, "hw.memsize")
    return [Gpu(vendor="apple", name=chip, memory_total_mb=int(total) // 2**20 if total else None,
                unified_memory=True)]


# ---------------------------------------------------------------------------- all together


def detect(run: ToolRunner = run_tool, nvml: Any = None) -> Hardware:
    """Probe everything; never raises for a missing driver or tool."""
    total, free = probe_ram(run)
    hardware = Hardware(os=f"{platform.system()} {platform.release()}", cpu=probe_cpu(run),
                        ram_total_mb=total, ram_free_mb=free)
    gpus, note = probe_nvml(nvml)
    if not gpus:
        gpus, smi_note = probe_nvidia_smi(run)
        note = note if gpus else f"{note}; {smi_note}"
    hardware.gpus.extend(gpus)
    if note and not gpus:
        hardware.notes.append(note)
    _add(hardware, parse_npu_smi, run(["npu-smi", "info"]), "npu-smi: not found (no Ascend NPU)")
    _add(hardware, parse_rocm_smi, run(["rocm-smi", "--showproductname", "--showmeminfo", "vram",
                                        "--json"]), "rocm-smi: not found (no AMD GPU)")
    hardware.gpus.extend(probe_apple(run))
    hardware.metal = hardware.apple_silicon
    return hardware


def _add(hardware: Hardware, parse: Callable[[str], list[Gpu]], out: str | None,
         missing: str) -> None:
    if out is None:
        hardware.notes.append(missing)
        return
    hardware.gpus.extend(parse(out))
