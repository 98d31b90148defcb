"""Per-conversation settings: defaults from the user's settings and the model's metadata.

A conversation stores only what the user changed (``Conversation.settings``); everything
else comes from :func:`defaults_for`, so "reset to defaults" is just an empty dict. Its
model is loaded by the scheduler (``Scheduler.preload`` / the reply's lease) at the
conversation's context length.
"""

from __future__ import annotations

from typing import Any

from app.engines.base import Sampling
from app.models.library import LibraryModel
from app.settings import Settings

#: the keys a conversation may override, with their bounds (defined once, in the request model)
BOUNDS: dict[str, tuple[float, float]] = Sampling.bounds()


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
