"""The picture of one place in a PDF or an image file — a flagged cell as it was printed or scanned — so that a
clerk sees the original beside the finding (the upload page). A PDF's box is in points from the page's bottom
left (as its text layer and the OCR of a scanned PDF give it), a picture's in its pixels from the top left."""

from __future__ import annotations

import io

DPI = 150            # a PDF page is drawn at this resolution
MARGIN = 8           # pixels of surrounding print kept around the box
MAX_WIDTH = 480      # a wider crop is shrunk to this many pixels
MAX_CROPS = 20       # pictures in one answer


def crop_png(data: bytes, location: dict) -> bytes | None:
    """The box at ``location`` (``page`` from 1, ``bbox``) of the PDF or image ``data`` as a PNG, or None where
    there is no such page or box."""
    page, box = location.get("page"), location.get("bbox")
    if not isinstance(page, int) or page < 1 or not (isinstance(box, list) and len(box) == 4):
        return None
    try:
        picture = _pdf_crop(data, page, box) if data.startswith(b"%PDF") else _image_crop(data, page, box)
    except Exception:  # noqa: BLE001 - a picture is a help to the reader, never part of the verdict
        return None
    if picture is None or picture.width < 2 or picture.height < 2:
        return None
    if picture.width > MAX_WIDTH:
        picture = picture.resize((MAX_WIDTH, max(1, picture.height * MAX_WIDTH // picture.width)))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _pdf_crop(data: bytes, page: int, box: list):
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(data)
    if page > len(document):
        return None
    sheet = document[page - 1]
    height, scale = sheet.get_height(), DPI / 72
    x0, y0, x1, y1 = (float(v) for v in box)
    image = sheet.render(scale=scale).to_pil()
    return _cut(image, x0 * scale, (height - y1) * scale, x1 * scale, (height - y0) * scale)


def _image_crop(data: bytes, page: int, box: list):
    from gzcheck.read.scan import image_pages

    pages = image_pages(data)   # within the same pixel limits as reading it
    if page > len(pages):
        return None
    from PIL import Image

    return _cut(Image.fromarray(pages[page - 1]), *(float(v) for v in box))


def _cut(image, x0: float, y0: float, x1: float, y1: float):
    left, top = max(0, int(x0) - MARGIN), max(0, int(y0) - MARGIN)
    right, bottom = min(image.width, int(x1) + MARGIN), min(image.height, int(y1) + MARGIN)
    if right <= left or bottom <= top:
        return None
    return image.crop((left, top, right, bottom)).convert("L")
