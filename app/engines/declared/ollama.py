"""Ollama: the daemon where ``OLLAMA_HOST`` says, running models from its own store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.engines.base import Capabilities
from app.engines.registry import DAEMON, EngineEntry, EngineSpec
from app.engines.rules import INSTALLED, OLLAMA_MODEL, Rule

if TYPE_CHECKING:
    from app.engines.hardware import Hardware
    from app.engines.remotes import EngineConfig


def probe(hw: Hardware, config: EngineConfig, ask_daemon: bool) -> list[EngineEntry]:
    """Ask the daemon for its version and models (no row when not asked)."""
    if not ask_daemon:
        return []
    from app.engines.ollama import detect

    status = detect()
    return [EngineEntry("ollama", status.running, status.version, status.host, status.running,
                        f"{len(status.models)} models" if status.running
                        else (status.error or "not running"), models=status.models)]


ENGINE = EngineSpec(
    name="ollama", label="Ollama", kind=DAEMON, order=20,
    summary="models in Ollama's store, served by the Ollama daemon",
    client="app.engines.ollama:OllamaEngine",
    capabilities=Capabilities(chat=True, embed=True, stream=True, prefix_cache=True,
                              structured_output=True, tools=True),
    rules=(Rule("ollama", (OLLAMA_MODEL, INSTALLED), "Ollama: {model} is an Ollama model",
                rank=10),),
    probe=probe,
)
