"""Per-conversation settings: defaults from the user's settings and the model's metadata.

A conversation stores only what the user changed (``Conversation.settings``); everything
else comes from :func:`defaults_for`, so "reset to defaults" is just an empty dict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.engines.base import LoadReport, Sampling
from app.models.library import LibraryModel
from app.services.runtime import Runtime
from app.settings import Settings

#: the keys a conversation may override, with their bounds (defined once, in the request model)
BOUNDS: dict[str, tuple[float, float]] = Sampling.bounds()


@dataclass(frozen=True)
class LoadStarted:
    """Reported before a model load begins, so the window can show it."""

    model: str
    engine: str


def defaults_for(settings: Settings, model: LibraryModel | None) -> dict[str, Any]:
    """The values a conversation uses when it overrides nothing."""
    context = settings.n_ctx
    if model is not None and model.context_length:
        context = min(context, model.context_length)
    return {"system_prompt": "", "temperature": settings.temperature, "top_p": settings.top_p,
            "max_tokens": settings.max_tokens, "context_length": context, "seed": None}


def overrides_from(values: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Keep only the values that differ from the defaults, checked against ``BOUNDS``."""
    kept: dict[str, Any] = {}
    for key, value in values.items():
        if key in BOUNDS and value is not None:
            low, high = BOUNDS[key]
            if not low <= value <= high:
                raise ValueError(f"{key} must be between {low:g} and {high:g}.")
        if value != defaults.get(key) and value not in ("", None):
            kept[key] = value
    return kept


def ensure_for_conversation(runtime: Runtime, model: str | None, settings: dict[str, Any],
                            default_n_ctx: int,
                            notify: Callable[[Any], None] | None = None) -> LoadReport | None:
    """Load the conversation's model with its context length; tell ``notify`` first.

    A conversation that asks for another context length than the loaded one reloads.
    """
    n_ctx = int(settings.get("context_length") or default_n_ctx)
    ref = runtime.library.resolve(model or runtime.settings.default_model)
    loaded = runtime.last_load
    same_ctx = runtime.settings.n_ctx == n_ctx
    if runtime.model == ref and same_ctx and loaded is not None:
        return None
    if not same_ctx:
        runtime.settings.n_ctx = n_ctx
        runtime.close()
    if notify is not None:
        notify(LoadStarted(ref.name, runtime.engine_for(model)))
    return runtime.ensure(model)
