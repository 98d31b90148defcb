"""``hearth doctor``: what Hearth detects on this machine."""

from __future__ import annotations

import importlib.util
import json
import platform
import shutil
import sys

import click

from app import __version__
from app.paths import get_paths

ENGINE_MODULES = {"llama.cpp (llama-cpp-python)": "llama_cpp", "ollama client": "ollama",
                  "openai client": "openai", "vLLM": "vllm", "LMDeploy": "lmdeploy",
                  "TensorRT-LLM": "tensorrt_llm"}
ENGINE_COMMANDS = {"ollama": "ollama", "vllm": "vllm", "lmdeploy": "lmdeploy",
                   "trtllm-serve": "trtllm-serve"}


def collect() -> dict:
    """Everything doctor prints, as a dictionary."""
    paths = get_paths()
    report: dict = {
        "hearth": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "paths": {k: str(getattr(paths, k)) for k in ("data", "models", "logs", "cache", "config")},
        "engines": {name: importlib.util.find_spec(mod) is not None
                    for name, mod in ENGINE_MODULES.items()},
        "commands": {name: shutil.which(cmd) for name, cmd in ENGINE_COMMANDS.items()},
        "hardware": _hardware(),
    }
    report["llama_cpp_system_info"] = _llama_system_info()
    return report


def _hardware() -> dict:
    try:
        from app.engines.hardware import detect
    except ImportError:
        import psutil

        memory = psutil.virtual_memory()
        return {"cpu": platform.processor() or platform.machine(),
                "cores": psutil.cpu_count(logical=False), "threads": psutil.cpu_count(),
                "ram_total_gb": round(memory.total / 2**30, 1),
                "ram_free_gb": round(memory.available / 2**30, 1)}
    return detect().as_dict()


def _llama_system_info() -> str | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return None
    import llama_cpp

    return llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def doctor(as_json: bool) -> None:
    """Print what Hearth detects: CPU, RAM, GPUs, engines installed, paths."""
    report = collect()
    if as_json:
        click.echo(json.dumps(report, indent=2, default=str))
        return
    _print_tree(report)


def _print_tree(data: dict, indent: int = 0) -> None:
    for key, value in data.items():
        if isinstance(value, dict):
            click.echo(" " * indent + f"{key}:")
            _print_tree(value, indent + 2)
        else:
            click.echo(" " * indent + f"{key}: {value}")
