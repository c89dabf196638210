"""Passages of a build: read once from store.db, then from memory."""
from index.embedder import HashingEmbedder
from index.layout import IndexLayout
from index.search import HybridIndex


def test_popular_passages_and_documents_are_read_from_memory(hashing_index_dir):
    index = HybridIndex(IndexLayout(hashing_index_dir), HashingEmbedder())
    statements: list[str] = []
    index.db.conn.set_trace_callback(statements.append)
    document_id = next(iter(index.documents))
    chunks = index.document_chunks(document_id)
    first = chunks[0]
    assert index.chunk(first.id) == (first, index.documents[document_id])
    read = len(statements)
    assert read > 0
    chunks.clear()  # callers get their own list
    assert index.document_chunks(document_id)[0] == first
    assert index.chunk(first.id)[0] == first
    assert index.row_of(first.id) is not None
    assert len(statements) == read  # no further queries
    assert index.chunk("no-such-passage") is None
