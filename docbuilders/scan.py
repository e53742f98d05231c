"""Scanned copies of generated papers: what a council's scanner makes of a printed page.

Each page of the born-digital PDF is rendered to a greyscale picture (pypdfium2),
blurred a little, turned by a small angle, saved as a JPEG and wrapped as an
image-only PDF page (Pillow), so the result has no text layer at all.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from docbuilders.spec import Paper

SCAN_DPI = 200
SCAN_SKEW_DEGREES = 1.0
SCAN_BLUR_RADIUS = 0.6
SCAN_JPEG_QUALITY = 70


def scan_pdf(
    source: Path,
    path: Path,
    *,
    dpi: int = SCAN_DPI,
    skew_degrees: float = SCAN_SKEW_DEGREES,
    blur_radius: float = SCAN_BLUR_RADIUS,
    jpeg_quality: int = SCAN_JPEG_QUALITY,
) -> Path:
    """Write an image-only copy of the PDF at ``source`` to ``path``, page by page."""
    import pypdfium2
    from PIL import Image, ImageFilter

    pdf = pypdfium2.PdfDocument(source)
    try:
        pictures = []
        for index in range(len(pdf)):
            page = pdf[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil().convert("L")
            page.close()
            if blur_radius:
                image = image.filter(ImageFilter.GaussianBlur(blur_radius))
            if skew_degrees:
                image = image.rotate(
                    skew_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255
                )
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=jpeg_quality)
            pictures.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        pdf.close()
    first, *rest = pictures
    first.save(path, format="PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return path


def build_scanned_pdf(paper: Paper, path: Path, **scan: float) -> Path:
    """``paper`` built as a PDF, printed and scanned: an image-only PDF at ``path``."""
    from docbuilders.pdf import build_pdf

    with tempfile.TemporaryDirectory() as folder:
        source = build_pdf(paper, Path(folder) / "born_digital.pdf")
        return scan_pdf(source, path, **scan)  # type: ignore[arg-type]
