"""Helpers shared by the benchmarks: model choice and output."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import click

from app.models.builtin import smollm2_path

model_option = click.option(
    "--model", "model_path", type=click.Path(exists=True, dir_okay=False), default=None,
    help="GGUF file to measure (default: the built-in SmolLM2 starter).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")


def pick_model(model_path: str | None) -> Path:
    if model_path:
        return Path(model_path)
    path = smollm2_path()
    if path is None:
        raise click.ClickException("No model given and the starter model is not installed; "
                                   "pass --model PATH.")
    return path


def emit(result: dict, as_json: bool) -> None:
    """Print a result as JSON or as a two-column table."""
    if as_json:
        click.echo(json.dumps(result))
        return
    width = max(len(k) for k in result)
    for key, value in result.items():
        if isinstance(value, float):
            value = f"{value:.4g}"
        elif isinstance(value, list):
            value = ", ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in value)
        click.echo(f"{key:<{width}}  {value}")


def median(values: list[float]) -> float:
    return statistics.median(values)
