"""What the assistant knows, and how it is read: documents, cleaning, chunking.

No Flask and no vectors here; see `index` and `assistant` for those layers.
"""
