"""Windows: worker processes die with Hearth through a job object.

Hearth creates one job object with ``JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE`` and puts each
worker's guard in it right after it starts (the guard then starts the worker, which
joins the job too, as do the worker's own children). Only Hearth holds the job's
handle; when Hearth exits or is killed, Windows closes the handle and ends every process
in the job. The guard's watchdog pipe (guard.py) stays as the fallback, and the only
mechanism on macOS; Linux adds PR_SET_PDEATHSIG.

The ctypes structures follow the Windows SDK (winnt.h); their sizes and offsets for
64-bit Windows are checked by a test that runs on any 64-bit OS. The calls themselves
only run on Windows.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from typing import Any

JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9  # JobObjectExtendedLimitInformation
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000

# winnt.h types by width: LARGE_INTEGER and ULONGLONG are 64-bit, DWORD 32-bit, SIZE_T and
# ULONG_PTR pointer-sized.
_LARGE_INTEGER = ctypes.c_int64
_DWORD = ctypes.c_uint32
_ULONGLONG = ctypes.c_uint64
_SIZE_T = ctypes.c_size_t
_ULONG_PTR = ctypes.c_size_t


class JOBOBJECT_BASIC_LIMIT_INFORMATION(ctypes.Structure):  # noqa: N801 - the SDK's name
    _fields_ = [
        ("PerProcessUserTimeLimit", _LARGE_INTEGER),
        ("PerJobUserTimeLimit", _LARGE_INTEGER),
        ("LimitFlags", _DWORD),
        ("MinimumWorkingSetSize", _SIZE_T),
        ("MaximumWorkingSetSize", _SIZE_T),
        ("ActiveProcessLimit", _DWORD),
        ("Affinity", _ULONG_PTR),
        ("PriorityClass", _DWORD),
        ("SchedulingClass", _DWORD),
    ]


class IO_COUNTERS(ctypes.Structure):  # noqa: N801 - the SDK's name
    _fields_ = [
        ("ReadOperationCount", _ULONGLONG),
        ("WriteOperationCount", _ULONGLONG),
        ("OtherOperationCount", _ULONGLONG),
        ("ReadTransferCount", _ULONGLONG),
        ("WriteTransferCount", _ULONGLONG),
        ("OtherTransferCount", _ULONGLONG),
    ]


class JOBOBJECT_EXTENDED_LIMIT_INFORMATION(ctypes.Structure):  # noqa: N801 - the SDK's name
    _fields_ = [
        ("BasicLimitInformation", JOBOBJECT_BASIC_LIMIT_INFORMATION),
        ("IoInfo", IO_COUNTERS),
        ("ProcessMemoryLimit", _SIZE_T),
        ("JobMemoryLimit", _SIZE_T),
        ("PeakProcessMemoryUsed", _SIZE_T),
        ("PeakJobMemoryUsed", _SIZE_T),
    ]


def kill_on_close_limits() -> JOBOBJECT_EXTENDED_LIMIT_INFORMATION:
    """The limits that make Windows end every process of the job when its last handle closes."""
    info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    return info


def _kernel32() -> Any:
    """kernel32 with the prototypes used here (Windows only)."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p]
    kernel32.CreateJobObjectW.restype = ctypes.c_void_p
    kernel32.SetInformationJobObject.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                                                 ctypes.c_uint32]
    kernel32.SetInformationJobObject.restype = ctypes.c_int
    kernel32.AssignProcessToJobObject.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    kernel32.AssignProcessToJobObject.restype = ctypes.c_int
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    kernel32.CloseHandle.restype = ctypes.c_int
    return kernel32


def _last_error(what: str) -> OSError:
    code = getattr(ctypes, "get_last_error", lambda: 0)()
    return OSError(code, f"{what} failed (Windows error {code})")


class KillOnCloseJob:
    """One job object that ends its processes when Hearth's handle to it closes."""

    def __init__(self, kernel32: Any = None) -> None:
        self._kernel32 = kernel32 if kernel32 is not None else _kernel32()
        handle = self._kernel32.CreateJobObjectW(None, None)
        if not handle:
            raise _last_error("CreateJobObjectW")
        info = kill_on_close_limits()
        if not self._kernel32.SetInformationJobObject(
                handle, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS, ctypes.byref(info),
                ctypes.sizeof(info)):
            error = _last_error("SetInformationJobObject")
            self._kernel32.CloseHandle(handle)
            raise error
        self.handle = handle

    def assign(self, process_handle: int) -> None:
        """Put a process (its Windows handle, e.g. ``Popen._handle``) in the job."""
        if not self._kernel32.AssignProcessToJobObject(self.handle, int(process_handle)):
            raise _last_error("AssignProcessToJobObject")


_job: KillOnCloseJob | None = None
_job_lock = threading.Lock()


def hearth_job() -> KillOnCloseJob:
    """This process's job, created once and never closed (closing it would end the workers)."""
    global _job
    with _job_lock:
        if _job is None:
            _job = KillOnCloseJob()
        return _job


def bind_to_hearth(process: Any) -> str | None:
    """On Windows, put ``process`` (a Popen) in Hearth's kill-on-close job.

    Returns None when done or not on Windows, else a note for the worker's log: the
    guard's watchdog pipe still stops the worker when Hearth exits.
    """
    if sys.platform != "win32":
        return None
    try:
        hearth_job().assign(process._handle)
    except OSError as exc:
        return f"could not use a Windows job object ({exc}); the watchdog pipe stays in charge"
    return None
