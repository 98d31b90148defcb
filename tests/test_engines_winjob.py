"""The Windows job object that ends workers with Hearth. Windows cannot run here, so these
tests check what can be checked on any 64-bit OS: the ctypes structures have the sizes and
offsets of the Windows SDK's (x64), the limits carry KILL_ON_JOB_CLOSE, and the calls are
made in the documented order with those arguments (against a recording stand-in for
kernel32). On Windows itself the last test drives the real kernel32."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

from app.engines import winjob
from app.engines.winjob import (
    IO_COUNTERS,
    JOBOBJECT_BASIC_LIMIT_INFORMATION,
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    KillOnCloseJob,
    bind_to_hearth,
    kill_on_close_limits,
)

x64 = pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="64-bit layouts")

# Offsets and sizes of winnt.h's structures on 64-bit Windows (the MSVC x64 layout).
BASIC_X64 = {"PerProcessUserTimeLimit": 0, "PerJobUserTimeLimit": 8, "LimitFlags": 16,
             "MinimumWorkingSetSize": 24, "MaximumWorkingSetSize": 32,
             "ActiveProcessLimit": 40, "Affinity": 48, "PriorityClass": 56,
             "SchedulingClass": 60}
EXTENDED_X64 = {"BasicLimitInformation": 0, "IoInfo": 64, "ProcessMemoryLimit": 112,
                "JobMemoryLimit": 120, "PeakProcessMemoryUsed": 128, "PeakJobMemoryUsed": 136}


def offsets(struct: type[ctypes.Structure]) -> dict[str, int]:
    return {name: getattr(struct, name).offset for name, _ in struct._fields_}


@x64
def test_structures_match_the_windows_x64_layout():
    assert ctypes.sizeof(JOBOBJECT_BASIC_LIMIT_INFORMATION) == 64
    assert offsets(JOBOBJECT_BASIC_LIMIT_INFORMATION) == BASIC_X64
    assert ctypes.sizeof(IO_COUNTERS) == 48
    assert ctypes.sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) == 144
    assert offsets(JOBOBJECT_EXTENDED_LIMIT_INFORMATION) == EXTENDED_X64


def test_limits_kill_the_job_on_close():
    info = kill_on_close_limits()
    assert info.BasicLimitInformation.LimitFlags == 0x2000
    raw = bytes(info)
    assert int.from_bytes(raw[16:20], "little") == 0x2000 and raw.count(0) == len(raw) - 1


class RecordingKernel32:
    """Stands in for kernel32 (Windows only): records each call, answers like it does."""

    def __init__(self, fail: str = "") -> None:
        self.calls: list[tuple] = []
        self.fail = fail

    def _answer(self, name: str, value: int) -> int:
        return 0 if self.fail == name else value

    def CreateJobObjectW(self, attributes, name):  # noqa: N802 - the API's name
        self.calls.append(("CreateJobObjectW", attributes, name))
        return self._answer("CreateJobObjectW", 0x1234)

    def SetInformationJobObject(self, handle, info_class, info_ref, size):  # noqa: N802
        info = ctypes.cast(info_ref, ctypes.POINTER(JOBOBJECT_EXTENDED_LIMIT_INFORMATION))
        flags = info.contents.BasicLimitInformation.LimitFlags
        self.calls.append(("SetInformationJobObject", handle, info_class, flags, size))
        return self._answer("SetInformationJobObject", 1)

    def AssignProcessToJobObject(self, job, process):  # noqa: N802
        self.calls.append(("AssignProcessToJobObject", job, process))
        return self._answer("AssignProcessToJobObject", 1)

    def CloseHandle(self, handle):  # noqa: N802
        self.calls.append(("CloseHandle", handle))
        return 1


def test_the_job_is_created_with_kill_on_close_and_takes_the_process():
    kernel32 = RecordingKernel32()
    job = KillOnCloseJob(kernel32)
    job.assign(0x88)
    size = ctypes.sizeof(JOBOBJECT_EXTENDED_LIMIT_INFORMATION)
    assert kernel32.calls == [
        ("CreateJobObjectW", None, None),
        ("SetInformationJobObject", 0x1234, 9, 0x2000, size),
        ("AssignProcessToJobObject", 0x1234, 0x88),
    ]


@pytest.mark.parametrize("failing", ["CreateJobObjectW", "SetInformationJobObject"])
def test_a_failed_job_setup_raises_and_leaks_no_handle(failing):
    kernel32 = RecordingKernel32(fail=failing)
    with pytest.raises(OSError, match=f"{failing} failed"):
        KillOnCloseJob(kernel32)
    if failing == "SetInformationJobObject":
        assert kernel32.calls[-1] == ("CloseHandle", 0x1234)


def test_a_failed_assignment_leaves_the_guard_in_charge(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(winjob, "_job", KillOnCloseJob(RecordingKernel32(
        fail="AssignProcessToJobObject")))

    class Guard:
        _handle = 0x99

    note = bind_to_hearth(Guard())
    assert note.startswith("could not use a Windows job object")
    assert "watchdog pipe stays in charge" in note


@pytest.mark.skipif(sys.platform == "win32", reason="the non-Windows path")
def test_elsewhere_nothing_is_done():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        assert bind_to_hearth(proc) is None and winjob._job is None
    finally:
        proc.wait()


@pytest.mark.skipif(sys.platform != "win32", reason="needs Windows")
def test_on_windows_a_job_child_dies_when_the_job_closes():  # pragma: no cover - Windows
    kernel32 = winjob._kernel32()
    job = KillOnCloseJob(kernel32)
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    job.assign(proc._handle)
    kernel32.CloseHandle(job.handle)
    assert proc.wait(10) != 0
