"""The model library's own migrations (``hearth.models``), applied after ``hearth.core``.

``hearth.core`` 003 created the ``models`` table; this set only adds to it.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

models_schema = Migrations("hearth.models")


@models_schema(name="001_origin_shape_measurement")
def _origin_shape_measurement(db: Database) -> None:
    table = db.table("models")
    # where the file came from (a URL, an Ollama name, a path) and its catalog entry
    table.add_column("origin", str)
    table.add_column("catalog_name", str)
    # "catalog", "server" or "computed": how the recorded sha256 is known
    table.add_column("sha256_source", str)
    # shape numbers for the KV-cache estimate
    table.add_column("n_layers", int)
    table.add_column("n_head_kv", int)
    table.add_column("head_dim", int)
    # memory measured after the last real load, at that load's context length
    table.add_column("measured_memory_mb", float)
    table.add_column("measured_n_ctx", int)
    table.add_column("measured_at", float)


@models_schema(name="002_projector")
def _projector(db: Database) -> None:
    table = db.table("models")
    # a vision model's projector (llama.cpp's mmproj GGUF), kept beside the weights
    table.add_column("projector", str)
    table.add_column("projector_size", int)
    table.add_column("projector_sha256", str)
    # 1 when the projector is the user's file linked in place (never deleted by Hearth)
    table.add_column("projector_linked", int)
    # the language model's embedding width, which the projector's output must equal
    table.add_column("embedding_length", int)
    # tokens one image takes in the context (from the projector's image and patch size)
    table.add_column("image_tokens", int)
    # memory of one image pass through the vision encoder, estimated in MB
    table.add_column("image_pass_mb", float)
