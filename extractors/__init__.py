"""Readers (file format → document model) and extractors (document kind → records)."""
