"""The benchmark corpus: example papers of every kind, lengthened and made unique.

Built once into ``bench/.corpus/<docs>x<pages-per-doc>/`` and reused; deterministic,
so every run measures the same bytes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docbuilders.examples import ALL_EXAMPLES
from docbuilders.spec import PageBreak, Paper, Paragraph

CORPUS_ROOT = Path(__file__).resolve().parent / ".corpus"


def lengthen(paper: Paper, copies: int, serial: int) -> Paper:
    """``paper``'s body repeated ``copies`` times, tagged with ``serial`` so every file differs."""
    blocks: list = [Paragraph(f"Corpus reference BP-{serial:05d}.")]
    for i in range(copies):
        if i:
            blocks.append(PageBreak())
        blocks.extend(paper.blocks)
    return replace(paper, blocks=blocks, title=f"{paper.title} ({serial})")


def corpus_dir(n_docs: int, copies: int) -> Path:
    return CORPUS_ROOT / f"{n_docs}x{copies}"


def make_corpus(n_docs: int, copies: int) -> Path:
    """Build the corpus unless it is there already; return its folder."""
    from docbuilders.pdf import build_pdf

    folder = corpus_dir(n_docs, copies)
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    makers = sorted(ALL_EXAMPLES.items())
    for serial in range(n_docs):
        stem, make = makers[serial % len(makers)]
        build_pdf(lengthen(make(), copies, serial), folder / f"{serial:04d}_{stem}.pdf")
    done.write_text("ok\n")
    return folder
