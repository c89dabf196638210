"""Learned ranking: features of passages, sentences and evidence, and the small models over them.

The models are logistic regressions fitted by `assistant fit` (see `fitting.py`) from the dev set
with grouped cross-validation, and stored as JSON beside this code (`models.json`).
"""
