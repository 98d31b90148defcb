"""A small synthetic CLIP vision projector, written with ``gguf``: what the tests and
``hearth bench vision`` load beside SmolLM2 when no real vision model is at hand.

No vision model can be downloaded on the machines the tests run on, so they make one:
a two-layer ViT (patch 8, 32 x 32 pixels: 16 image tokens) with LLaVA's two-layer MLP
projector (``clip.projector_type = "mlp"``), whose output width equals the language
model's embedding width, so libmtmd accepts it beside that model. The weights are random
(seeded): the projector really encodes the image into the prompt — two different images
give different embeddings — but it has learned nothing, so a reply is not a description.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

IMAGE_SIZE = 32
PATCH_SIZE = 8
#: image tokens one image takes with this projector ((32 / 8) ** 2)
IMAGE_TOKENS = (IMAGE_SIZE // PATCH_SIZE) ** 2
VISION_WIDTH = 64
FFN_WIDTH = 128
BLOCKS = 2
HEADS = 4


def write_projector(path: Path, text_width: int, *, seed: int = 0,
                    image_size: int = IMAGE_SIZE, name: str = "test projector") -> Path:
    """Write the projector for a language model whose embedding width is ``text_width``."""
    import gguf

    rng = np.random.default_rng(seed)

    def weights(*shape: int, scale: float = 0.05) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    def ones(n: int) -> np.ndarray:
        return np.ones(n, dtype=np.float32)

    def zeros(n: int) -> np.ndarray:
        return np.zeros(n, dtype=np.float32)

    patches = (image_size // PATCH_SIZE) ** 2
    writer = gguf.GGUFWriter(str(path), "clip")
    writer.add_name(name)
    writer.add_string("clip.projector_type", "mlp")
    writer.add_bool("clip.has_vision_encoder", True)
    writer.add_bool("clip.has_text_encoder", False)
    writer.add_bool("clip.has_llava_projector", True)
    writer.add_bool("clip.use_gelu", True)
    writer.add_uint32("clip.vision.image_size", image_size)
    writer.add_uint32("clip.vision.patch_size", PATCH_SIZE)
    writer.add_uint32("clip.vision.embedding_length", VISION_WIDTH)
    writer.add_uint32("clip.vision.feed_forward_length", FFN_WIDTH)
    writer.add_uint32("clip.vision.projection_dim", text_width)
    writer.add_uint32("clip.vision.attention.head_count", HEADS)
    writer.add_float32("clip.vision.attention.layer_norm_epsilon", 1e-5)
    writer.add_uint32("clip.vision.block_count", BLOCKS)
    writer.add_array("clip.vision.image_mean", [0.5, 0.5, 0.5])
    writer.add_array("clip.vision.image_std", [0.5, 0.5, 0.5])
    # ViT: patch embedding (a convolution), position embedding, blocks, norms
    writer.add_tensor("v.patch_embd.weight", weights(VISION_WIDTH, 3, PATCH_SIZE, PATCH_SIZE))
    writer.add_tensor("v.position_embd.weight", weights(patches, VISION_WIDTH))
    writer.add_tensor("v.pre_ln.weight", ones(VISION_WIDTH))
    writer.add_tensor("v.pre_ln.bias", zeros(VISION_WIDTH))
    for i in range(BLOCKS):
        for part in ("attn_q", "attn_k", "attn_v", "attn_out"):
            writer.add_tensor(f"v.blk.{i}.{part}.weight", weights(VISION_WIDTH, VISION_WIDTH))
            writer.add_tensor(f"v.blk.{i}.{part}.bias", zeros(VISION_WIDTH))
        for norm in ("ln1", "ln2"):
            writer.add_tensor(f"v.blk.{i}.{norm}.weight", ones(VISION_WIDTH))
            writer.add_tensor(f"v.blk.{i}.{norm}.bias", zeros(VISION_WIDTH))
        writer.add_tensor(f"v.blk.{i}.ffn_up.weight", weights(FFN_WIDTH, VISION_WIDTH))
        writer.add_tensor(f"v.blk.{i}.ffn_up.bias", zeros(FFN_WIDTH))
        writer.add_tensor(f"v.blk.{i}.ffn_down.weight", weights(VISION_WIDTH, FFN_WIDTH))
        writer.add_tensor(f"v.blk.{i}.ffn_down.bias", zeros(VISION_WIDTH))
    writer.add_tensor("v.post_ln.weight", ones(VISION_WIDTH))
    writer.add_tensor("v.post_ln.bias", zeros(VISION_WIDTH))
    # LLaVA's projector: linear, GELU, linear into the language model's width
    writer.add_tensor("mm.0.weight", weights(text_width, VISION_WIDTH))
    writer.add_tensor("mm.0.bias", zeros(text_width))
    writer.add_tensor("mm.2.weight", weights(text_width, text_width))
    writer.add_tensor("mm.2.bias", zeros(text_width))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
