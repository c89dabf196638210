"""Conversations, messages and feedback in SQLite, and the redaction of personal data."""
