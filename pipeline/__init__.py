"""boardpapers: committee papers in, clean Parquet tables out.

Stages, one module each: ``read`` → ``detect`` → ``extract`` → ``apply_rules`` →
``publish``; ``ingest`` runs them over a folder and ``cli`` is the thin command line.
"""

EXTRACTOR_VERSION = "0.6.0"
"""Bump when extraction output changes: the nightly job re-processes every file."""
