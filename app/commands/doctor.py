"""``hearth doctor``: what Hearth detects on this machine."""

from __future__ import annotations

import json

import click


def collect() -> dict:
    """Everything doctor prints, as a dictionary."""
    from app.services.engines import doctor_report

    return doctor_report()


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def doctor(as_json: bool) -> None:
    """Print what Hearth detects: CPU, RAM, GPUs, every engine and why it can run, paths."""
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
