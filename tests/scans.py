"""Scans made the way agencies make them: a generated Word report, exported to PDF by LibreOffice, printed
to images at 120–300 dpi with scan damage (a slight rotation, blur, JPEG, a grey background, speckle), and
rebuilt as an image-only PDF, as image files, or as a page whose tables are pictures."""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from .documents import docx_bytes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def word_pdf(report: dict, ruled: bool = True) -> bytes:
    """The report as LibreOffice exports its Word file to PDF (``ruled``: its tables with ruling lines)."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "report.docx"
        source.write_bytes(docx_bytes(report, ruled=ruled))
        subprocess.run([SOFFICE or "soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", work, str(source)], capture_output=True, timeout=180, check=True)
        return (Path(work) / "report.pdf").read_bytes()


def page_images(pdf: bytes, dpi: int, rng: random.Random, damage: bool = True) -> list:
    """Each page printed at ``dpi`` and, with ``damage``, scanned back: rotated up to ±1.5°, blurred, on a grey
    background with speckle, through JPEG."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    images = []
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        image = document[index].render(scale=dpi / 72).to_pil().convert("L")
        if damage:
            image = image.point(lambda v: int(v * 0.86 + 18))          # a grey paper
            image = image.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=236)
            image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
            pixels = image.load()
            width, height = image.size
            for _ in range(width * height // 4000):                     # speckle
                pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((40, 90, 250))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=rng.randint(55, 80))
            image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
        images.append(image)
    return images


def image_pdf(images: list, dpi: int) -> bytes:
    """Pictures of pages as a PDF with no text layer, as a scanner writes it."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buffer.getvalue()


def png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def faulty_report() -> dict:
    """Our 2021 example with 表三 (七)总计/总计 printed 5 too many (31 for 26)."""
    from gzcheck.testing import example_report

    report = example_report("report-2021.json")
    report["applications"]["total"]["results"]["total"] += 5
    return report


def scanned_faulty_report() -> bytes:
    """:func:`faulty_report` scanned at 150 dpi with scan damage, as an image-only PDF."""
    return image_pdf(page_images(word_pdf(faulty_report()), 150, random.Random("faulty")), 150)
