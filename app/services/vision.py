"""Can this model see? Asked before an image is sent, so the window can say "X cannot see
images: choose a vision model" instead of failing after the send.

Each engine knows it its own way, without generating anything:

- llama.cpp in-process: the model has a projector (``mmproj``) file beside its weights
  (the library entry's ``projector``);
- Ollama: ``/api/show`` lists "vision" among the model's capabilities;
- a worker (vLLM, LMDeploy, SGLang...): the model folder's ``config.json`` describes a
  vision model (:func:`app.engines.workers.card_sees` says which keys and architectures);
- a remote endpoint: unknown (``can`` is None). The image is sent, and the endpoint's own
  error is shown if its model refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.engines import registry
from app.engines.base import EngineError, ModelRef
from app.engines.targets import EngineTarget, as_format
from app.i18n import _
from app.services.runtime import Runtime, ollama_name

__all__ = ["Sight", "model_sees"]


@dataclass(frozen=True)
class Sight:
    """Whether a model takes images: ``can`` True or False, or None when Hearth cannot
    tell before sending; ``reason`` is the sentence to show."""

    can: bool | None
    reason: str


def model_sees(runtime: Runtime, model: str | None) -> Sight:
    """Whether ``model`` (a library name or path; None: the default model) sees images
    on the engine that runs it or would run it."""
    try:
        ref = runtime.library.resolve(model or runtime.settings.default_model)
    except LookupError as exc:
        return Sight(None, str(exc))
    target = engine_target(runtime, ref)
    spec = registry.get(target.engine) if target is not None else None
    kind = spec.kind if spec is not None else None
    if kind == registry.REMOTE:
        return Sight(None, _("{model} runs on the remote endpoint {endpoint}; Hearth cannot "
                             "tell whether it sees images. The image is sent, and the "
                             "endpoint says if its model cannot read it.").format(
            model=ref.name, endpoint=target.remote if target else ""))
    if kind == registry.DAEMON and target is not None:
        return ollama_sight(target.model or ollama_name(runtime.library, ref) or ref.name)
    if kind == registry.WORKER or (kind is None and as_format(ref).format == "hf"):
        return card_sight(ref)
    return projector_sight(runtime, ref)


def engine_target(runtime: Runtime, ref: ModelRef) -> EngineTarget | None:
    """The engine that runs ``ref`` now, or would run it (None when the automatic choice
    cannot tell)."""
    if runtime.model == ref and runtime.running is not None:
        return runtime.running
    if not runtime.target.is_auto:
        return runtime.target
    try:
        return runtime.plan(ref).target
    except EngineError:
        return None


def projector_sight(runtime: Runtime, ref: ModelRef) -> Sight:
    """llama.cpp: the model sees when its projector file is there."""
    entry = runtime.library.get(ref.name)
    projector = getattr(entry, "projector", None) or ref.projector
    if not projector:
        return Sight(False, _("{model} cannot see images: it has no projector (mmproj) "
                              "file. Choose a vision model, or import this one together "
                              "with its projector.").format(model=ref.name))
    path = Path(projector)
    if not path.is_file():
        return Sight(False, _("{model} cannot see images: its projector file is gone "
                              "({path}). Download or import the model again.").format(
            model=ref.name, path=path))
    return Sight(True, _("{model} sees images through its projector {file}.").format(
        model=ref.name, file=path.name))


def ollama_sight(name: str) -> Sight:
    """Ollama: what ``/api/show`` says the model can do."""
    from app.engines.ollama import ollama_host, show_sees

    sees = show_sees(name)
    if sees is None:
        return Sight(None, _("Ollama at {host} did not say whether {model} sees images. "
                             "Start Ollama, or check the model's name in 'ollama list'.").format(
            host=ollama_host(), model=name))
    if sees:
        return Sight(True, _("Ollama says {model} sees images.").format(model=name))
    return Sight(False, _("{model} cannot see images: Ollama lists no vision capability for "
                          "it. Choose a vision model (for example gemma3:4b or "
                          "qwen2.5vl:3b).").format(model=name))


def card_sight(ref: ModelRef) -> Sight:
    """A worker: the model folder's ``config.json``."""
    from app.engines.workers import card_sees

    sees = card_sees(ref.path)
    if sees:
        return Sight(True, _("{model}'s config.json describes a vision model: it sees "
                             "images.").format(model=ref.name))
    if sees is None:
        return Sight(False, _("{model} cannot see images here: it has no config.json that "
                              "describes a vision model. Choose a vision model.").format(
            model=ref.name))
    return Sight(False, _("{model} cannot see images: its config.json describes a "
                          "text-only model. Choose a vision model.").format(model=ref.name))
