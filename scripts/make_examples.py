"""Write the bundled example papers: every example as PDF, four of them as DOCX too.

    python scripts/make_examples.py [--out data/raw]

The papers come from ``docbuilders.examples``; the builders are deterministic, so a
rerun rewrites byte-identical files. Only the example files are written; anything
else in the folder is left alone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from docbuilders.examples import ALL_EXAMPLES, DOCX_EXAMPLES
from docbuilders.spec import Paper
from pipeline.settings import DEFAULT_RAW_DIR

Builder = Callable[[Paper, Path], Path]


def make_examples(
    out_dir: Path,
    build_pdf: Builder | None = None,
    build_docx: Builder | None = None,
) -> list[Path]:
    """Render every example into ``out_dir`` and return the paths written, in order.

    The builders default to ``docbuilders.pdf.build_pdf`` and ``docbuilders.docx.build_docx``,
    imported only when needed because they pull in reportlab and python-docx.
    """
    if build_pdf is None:
        from docbuilders.pdf import build_pdf
    if build_docx is None:
        from docbuilders.docx import build_docx
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, make_paper in ALL_EXAMPLES.items():
        paper = make_paper()
        written.append(build_pdf(paper, out_dir / f"{stem}.pdf"))
        if stem in DOCX_EXAMPLES:
            written.append(build_docx(paper, out_dir / f"{stem}.docx"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_RAW_DIR,
        help=f"folder to write the papers into (default: {DEFAULT_RAW_DIR})",
    )
    args = parser.parse_args(argv)
    written = make_examples(args.out)
    for path in written:
        print(path)
    print(f"wrote {len(written)} example papers to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
