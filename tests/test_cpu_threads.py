"""llama.cpp's threads on a busy machine: passive waits, one thread per physical core."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil

from app.engines.llamacpp import default_threads

SHOW = "import app, os; print(os.environ.get('OMP_WAIT_POLICY'))"


def run(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", SHOW], capture_output=True, text=True,
                          env=env, check=True).stdout.strip()


def test_hearth_makes_openmp_threads_wait_passively():
    assert run({}) == "PASSIVE"


def test_a_users_own_wait_policy_wins():
    assert run({"OMP_WAIT_POLICY": "ACTIVE"}) == "ACTIVE"


def test_default_threads_count_physical_cores_only():
    physical = psutil.cpu_count(logical=False) or os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else physical
    assert 1 <= default_threads() <= min(physical, usable, 8)
