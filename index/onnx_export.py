"""Export the converted e5 folder to ONNX (float32) and an int8 copy of it, at install time.

    python -m index.onnx_export [MODEL_DIR]

Both files go into ``MODEL_DIR/onnx/``. The graph takes ``input_ids`` and ``attention_mask`` and
returns the normalised mean-pooled sentence vector, so the runtime needs no torch. The int8 copy
quantises the weights of the encoder's matrix products per output channel (activations are
quantised on the fly), except each layer's feed-forward output projection, whose input (after
GELU) has outliers that 8 bits flatten: per-tensor scales measured cosine 0.98 against the float
model, per-channel 0.981 at worst over 2,115 corpus texts, per-channel with those projections in
float 0.990 at worst and 0.998 on average (benchmarks/encoder.py). Everything is local: nothing is read from a hub.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ONNX_DIR = "onnx"
FLOAT_FILE = "model.onnx"
INT8_FILE = "model_qint8.onnx"
STAMP_FILE = "export.json"
EXPORT_VERSION = 2  # bump when the exported graphs change, so stale files get rebuilt
OPSET = 17


def _source_stamp(model_dir: Path) -> dict:
    """What the export was made from: the converter's own stamp names the weights' digest."""
    from index.e5_convert import STAMP_FILE as SOURCE_STAMP

    source = model_dir / SOURCE_STAMP
    made_from = json.loads(source.read_text(encoding="utf-8")) if source.exists() else {"folder": str(model_dir)}
    return {"export_version": EXPORT_VERSION, "made_from": made_from}


def _is_current(model_dir: Path) -> bool:
    folder = model_dir / ONNX_DIR
    try:
        stamp = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == _source_stamp(model_dir) and (folder / FLOAT_FILE).exists() and (folder / INT8_FILE).exists()


def export_float(model_dir: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        """The sentence-transformers pipeline of this model: encoder, mean over the mask, L2."""

        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    # Eager attention and a padded example: the traced graph must apply the mask, not drop it
    # as the fused kernels may do for an all-ones mask.
    encoder = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    ids = torch.ones(2, 16, dtype=torch.long)
    mask = torch.ones(2, 16, dtype=torch.long)
    mask[1, 10:] = 0
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}}
    with torch.inference_mode():
        torch.onnx.export(Pooled(encoder), (ids, mask), str(out), input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], dynamic_axes=axes, opset_version=OPSET, dynamo=False)


def fuse(model_dir: Path, source: Path, out: Path) -> None:
    """onnxruntime's BERT fusions (attention, skip-layer-norm, gelu) written into the file."""
    from onnxruntime.transformers.optimizer import optimize_model

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    fused = optimize_model(str(source), model_type="bert", num_heads=config["num_attention_heads"],
                           hidden_size=config["hidden_size"], opt_level=1)
    fused.save_model_to_file(str(out))


def quantize_int8(source: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source), load_external_data=False).graph
    feed_forward_out = [n.name for n in graph.node
                        if n.op_type == "MatMul" and "/output/dense/" in n.name and "/attention/" not in n.name]
    # The fused Attention nodes keep float weights; DefaultTensorType covers their outputs,
    # which onnx shape inference cannot type.
    quantize_dynamic(str(source), str(out), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"], nodes_to_exclude=feed_forward_out,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def export_onnx(model_dir: Path) -> Path:
    """Write ``model_dir/onnx`` afresh: built beside it, then renamed into place."""
    model_dir = Path(model_dir)
    dest = model_dir / ONNX_DIR
    tmp = Path(tempfile.mkdtemp(prefix=f".{ONNX_DIR}.", dir=model_dir))
    try:
        export_float(model_dir, tmp / "traced.onnx")
        fuse(model_dir, tmp / "traced.onnx", tmp / FLOAT_FILE)
        (tmp / "traced.onnx").unlink()
        quantize_int8(tmp / FLOAT_FILE, tmp / INT8_FILE)
        (tmp / STAMP_FILE).write_text(json.dumps(_source_stamp(model_dir), indent=2) + "\n", encoding="utf-8")
        for path in [tmp, *tmp.iterdir()]:  # mkdtemp creates 0700
            path.chmod(0o755 if path.is_dir() else 0o644)
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def ensure_onnx(model_dir: Path) -> Path:
    """The up-to-date ``onnx`` folder of a model folder, exporting only when missing or stale."""
    model_dir = Path(model_dir)
    if _is_current(model_dir):
        return model_dir / ONNX_DIR
    # Several workers may start at once: let one export, the rest reuse it.
    with open(model_dir.parent / f".{model_dir.name}.onnx.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _is_current(model_dir):
            export_onnx(model_dir)
    return model_dir / ONNX_DIR


if __name__ == "__main__":
    from index.e5_convert import ensure_model

    print(ensure_onnx(Path(sys.argv[1]) if len(sys.argv) > 1 else ensure_model()))
