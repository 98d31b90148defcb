"""Hearth: run language models on your own machine."""

import os as _os

__version__ = "0.1.0"

# llama.cpp's CPU backend runs its threads under OpenMP, whose threads spin while they wait
# for each other. When another program holds a core, a spinning thread steals the time the
# thread it waits for needs, and decoding collapses (1.4-2 tok/s instead of 14-19 on a busy
# 2-core machine). Passive waiting keeps idle speed and survives a busy machine
# (`hearth bench contention`). libgomp reads this once, when it loads: it must be set
# before llama_cpp is imported, and a user's own setting wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
