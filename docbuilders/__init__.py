"""Build small, deterministic committee papers from a format-neutral spec.

The same ``Paper`` renders to PDF (reportlab) and DOCX (python-docx), so tests,
the bundled example data and the benchmark corpus all come from code, never from
a checked-in corpus. reportlab is a development dependency: importing
``docbuilders.pdf`` without it raises ImportError with the install hint.
"""

from docbuilders.spec import Cell, Heading, ListItem, PageBreak, Paper, Paragraph, Table

__all__ = ["Cell", "Heading", "ListItem", "PageBreak", "Paper", "Paragraph", "Table"]
