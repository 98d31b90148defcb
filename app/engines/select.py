"""Choose an engine for a model on this machine, and say why in one sentence.

The whole policy is the rules table (:func:`rules`): every engine's declared rules
(:mod:`app.engines.declared`, read through :mod:`app.engines.registry`), in rank order.
The first rule whose requirements all hold wins, and its reason is what the status bar
shows. A requirement is a named check with the sentence that explains its failure, so a
pinned engine that cannot run can say exactly why ("vLLM cannot run: no NVIDIA GPU
found") and the rule that would have been chosen is offered as the fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.engines import registry
from app.engines.rules import (
    FORMATS,
    OVERHEAD_GB,
    RAM_BUDGET,
    VRAM_BUDGET,
    Check,
    ModelInfo,
    Rule,
    Situation,
)
from app.i18n import _

__all__ = ["FORMATS", "OVERHEAD_GB", "VRAM_BUDGET", "Check", "Choice", "ModelInfo", "Rule",
           "Situation", "choose", "engines", "facts", "failures", "rules"]


@dataclass(frozen=True)
class Choice:
    """The engine to use (None when nothing can run the model) and the sentence why.

    ``pin_problem`` is set when the user's pinned engine could not run; ``engine`` is
    then the fallback Hearth offers instead.
    """

    engine: str | None
    reason: str
    pinned: str | None = None
    pin_problem: str | None = None


def rules() -> tuple[Rule, ...]:
    """Read top to bottom; the first rule whose needs all hold is chosen."""
    return registry.all_rules()


def engines() -> tuple[str, ...]:
    """Every engine the selector knows (the registry's names)."""
    return registry.names()


def __getattr__(name: str) -> Any:
    """``RULES``, ``ENGINES`` and ``LABELS`` as they were: read from the registry now."""
    if name == "RULES":
        return rules()
    if name == "ENGINES":
        return engines()
    if name == "LABELS":
        return {spec.name: spec.label for spec in registry.engines()}
    raise AttributeError(name)


def facts(s: Situation, engine: str) -> dict[str, object]:
    """The values the reason and failure sentences are written with."""
    gpu, npu = s.gpu, s.hardware.best_gpu("ascend")
    apple = s.hardware.best_gpu("apple")
    vram = gpu.memory_total_gb if gpu else None
    return {
        "engine": engine, "label": registry.label(engine), "model": s.model.name,
        "format": {"hf": _("a Hugging Face folder"), "gguf": _("a GGUF file"),
                   "trt-engine": _("a TensorRT engine"), "ollama": _("an Ollama model")}.get(
                       s.model.format, s.model.format),
        "need": s.model.needs_gb, "gpu": _short(gpu.name) if gpu else _("no GPU"),
        "vram": f"{vram:g}" if vram is not None else "?",
        "budget": f"{(vram or 0) * VRAM_BUDGET:.1f}",
        "gpu_found": (_("{gpu} has compute capability {capability}").format(
                          gpu=_short(gpu.name), capability=gpu.compute_capability)
                      if gpu else _("no NVIDIA GPU found")),
        "npu": npu.name if npu else _("no NPU"), "apple": apple.name if apple else "",
        "ram": round((s.hardware.ram_total_mb or 0) / 1024), "remote": s.remote or "",
        "ram_budget": f"{(s.hardware.ram_total_mb or 0) / 1024 * RAM_BUDGET:.1f}",
    }


def _short(name: str) -> str:
    return name.removeprefix("NVIDIA ").removeprefix("GeForce ")


def failures(rule: Rule, s: Situation) -> list[str]:
    """The sentences for each requirement of ``rule`` that does not hold."""
    values = facts(s, rule.engine)
    return [_(check.why_not).format(**values, **dict(check.values)) for check in rule.needs
            if not check.test(s, rule.engine)]


def choose(s: Situation) -> Choice:
    """Apply :func:`rules`, honouring a pinned engine when it can run."""
    table = rules()
    automatic = _first_match(s, table)
    if s.preference in ("auto", "", None):
        return automatic
    pinned_rules = tuple(rule for rule in table if rule.engine == s.preference)
    pinned = _first_match(s, pinned_rules)
    if pinned.engine is not None:
        return Choice(pinned.engine, _("{reason} (pinned)").format(reason=pinned.reason),
                      pinned=s.preference)
    problem = _why_pinned_fails(s, pinned_rules)
    label = registry.label(s.preference)
    reason = _("{label} was pinned but cannot run: {problem}.").format(label=label,
                                                                        problem=problem)
    if automatic.engine:
        reason += _(" Falling back to {reason}").format(reason=automatic.reason)
    return Choice(automatic.engine, reason, pinned=s.preference, pin_problem=problem)


def _first_match(s: Situation, rules: tuple[Rule, ...]) -> Choice:
    for rule in rules:
        if not failures(rule, s):
            return Choice(rule.engine, _(rule.reason).format(**facts(s, rule.engine)))
    return Choice(None, _nothing_fits(s))


def _why_pinned_fails(s: Situation, rules: tuple[Rule, ...]) -> str:
    if not rules:
        return _("Hearth has no rule for that engine")
    closest = min(rules, key=lambda rule: len(failures(rule, s)))
    return "; ".join(failures(closest, s))


def _nothing_fits(s: Situation) -> str:
    """Why no engine can run the model, from the rule that came closest."""
    local = [rule for rule in rules()
             if registry.require(rule.engine).kind != registry.REMOTE]
    closest = min(local, key=lambda rule: len(failures(rule, s)))
    return _("No engine can run {model} here: {problems}. A remote endpoint can (hearth "
             "engines add-remote NAME URL).").format(model=s.model.name,
                                                     problems="; ".join(failures(closest, s)))
