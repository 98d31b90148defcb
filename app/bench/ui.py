"""``hearth bench ui``: does the window stay responsive while models load and two
replies stream at once (two conversations, the first off screen)? A 5 ms timer on the GUI thread records how late each tick fires; the longest
gap is the longest time the window could not repaint or react (the "stall").

The reference is the same timer on the idle window, measured in the same run.
"""

from __future__ import annotations

import os
import tempfile

import click

from app.bench.common import emit, json_option


@click.command()
@click.option("--tokens", default=500, show_default=True,
              help="Tokens to stream in each of the two replies.")
@json_option
def ui(tokens, as_json) -> None:
    """Longest event-loop stall of the real window (offscreen) while loading and while two
    replies stream at once."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as home:
        os.environ["HEARTH_HOME"] = home
        from app.ui.stall_bench import measure_window

        emit(measure_window(tokens), as_json)
