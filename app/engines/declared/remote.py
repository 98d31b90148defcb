"""Remote endpoints: any OpenAI-compatible server (a vLLM cluster, a hosted API)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.engines.base import Capabilities
from app.engines.registry import OPENAI_CLIENT, REMOTE, EngineEntry, EngineSpec
from app.engines.rules import Check, Rule
from app.i18n import N_

if TYPE_CHECKING:
    from app.engines.hardware import Hardware
    from app.engines.remotes import EngineConfig

REMOTE_SET = Check("remote", lambda s, _: bool(s.remote),
                   N_("no remote endpoint is set up (hearth engines add-remote NAME URL)"))


def probe(hw: Hardware, config: EngineConfig, ask_daemon: bool) -> list[EngineEntry]:
    """One row per endpoint saved in engines.json (none: one row saying how to add one)."""
    if not config.remotes:
        return [EngineEntry("remote", False, None, "", False,
                            "none set up (hearth engines add-remote NAME URL)")]
    return [EngineEntry("remote", True, None, remote.base_url, True,
                        f"model {remote.model}" if remote.model else "the server's model",
                        name=remote.name)
            for remote in config.remotes.values()]


ENGINE = EngineSpec(
    name="remote", label="remote endpoint", kind=REMOTE, order=90,
    summary="an OpenAI-compatible server elsewhere (key in the OS keyring)",
    client=OPENAI_CLIENT, capabilities=Capabilities(chat=True, embed=True, stream=True,
                                                    structured_output=True, tools=True),
    rules=(Rule("remote", (REMOTE_SET,), "remote endpoint {remote}: chosen in settings",
                rank=100),),
    probe=probe,
)
