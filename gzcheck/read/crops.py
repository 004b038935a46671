"""Pictures of places in a PDF or an image file — flagged cells as they were printed or scanned — so that a
clerk sees the original beside the finding (the upload page). A PDF's box is in points from the page's bottom
left (as its text layer and the OCR of a scanned PDF give it), a picture's in its pixels from the top left."""

from __future__ import annotations

import io

DPI = 150            # a PDF page is drawn at this resolution
MARGIN = 8           # pixels of surrounding print kept around the box
MAX_WIDTH = 480      # a wider crop is shrunk to this many pixels


def crop_pngs(data: bytes, is_pdf: bool, locations: list[dict]) -> list[bytes | None]:
    """For each location (``page`` from 1, ``bbox``) in the PDF or image ``data``, its picture as a PNG, or None
    where there is no such page or box. The file is opened once and each page drawn once."""
    try:
        page_image = _pdf_pages(data) if is_pdf else _image_pages(data)
    except Exception:  # noqa: BLE001 - a picture is a help to the reader, never part of the verdict
        return [None] * len(locations)
    out = []
    for location in locations:
        page, box = location.get("page"), location.get("bbox")
        picture = None
        if isinstance(page, int) and page >= 1 and isinstance(box, list) and len(box) == 4:
            try:
                found = page_image(page)
                picture = None if found is None else _cut(found[0], *found[1]([float(v) for v in box]))
            except Exception:  # noqa: BLE001 - as above
                picture = None
        out.append(_png(picture) if picture is not None else None)
    return out


def _pdf_pages(data: bytes):
    """page number → (the page drawn, box in points → box in its pixels), each page drawn once."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document, drawn, scale = pdfium.PdfDocument(data), {}, DPI / 72

    def page_image(number: int):
        if number > len(document):
            return None
        if number not in drawn:
            sheet = document[number - 1]
            height = sheet.get_height()
            drawn[number] = (sheet.render(scale=scale).to_pil(),
                             lambda b: (b[0] * scale, (height - b[3]) * scale, b[2] * scale, (height - b[1]) * scale))
        return drawn[number]

    return page_image


def _image_pages(data: bytes):
    """page number → (the picture's page, boxes as they are: in its pixels), the file decoded once (within its limits)."""
    from PIL import Image

    from gzcheck.read.scan import image_pages

    pages = image_pages(data)

    def page_image(number: int):
        return (Image.fromarray(pages[number - 1]), lambda box: box) if number <= len(pages) else None

    return page_image


def _cut(image, x0: float, y0: float, x1: float, y1: float):
    left, top = max(0, int(x0) - MARGIN), max(0, int(y0) - MARGIN)
    right, bottom = min(image.width, int(x1) + MARGIN), min(image.height, int(y1) + MARGIN)
    if right - left < 2 or bottom - top < 2:
        return None
    picture = image.crop((left, top, right, bottom)).convert("L")
    if picture.width > MAX_WIDTH:
        picture = picture.resize((MAX_WIDTH, max(1, picture.height * MAX_WIDTH // picture.width)))
    return picture


def _png(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()
