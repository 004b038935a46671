"""OFD files written to GB/T 33190 from our generated reports, the way a converter makes them from a PDF: each
page's characters (PDFium gives their boxes in the LibreOffice export) written as text objects — one per run
of characters on a line, a ``TextCode`` with its baseline and each character's advance in ``DeltaX`` — in
millimetres, y downwards, on pages of the PDF's size. Optionally a running header on a template page and a
page number on every page, as agencies' OFD files have."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72   # millimetres per point
OFD_ROOT = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")


def pdf_to_ofd(pdf: bytes, header: str | None = None, page_numbers: bool = False) -> bytes:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(pdf)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", OFD_ROOT)
        width, height = document[0].get_width() * MM, document[0].get_height() * MM
        pages, next_id = [], 100
        for index in range(len(document)):
            objects, next_id = _page_objects(document[index], next_id)
            if page_numbers:
                objects.append(_text_object(next_id, f"— {index + 1} —", width / 2 - 6, height - 12, 3.5, [3.5] * 6))
                next_id += 1
            z.writestr(f"Doc_0/Pages/Page_{index}/Content.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">'
                       + ('<ofd:Template TemplateID="1" ZOrder="Background"/>' if header else "")
                       + f'<ofd:Content><ofd:Layer ID="{next_id}">' + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>")
            next_id += 1
            pages.append(f'<ofd:Page ID="{index + 2}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
        template = ""
        if header:
            template = '<ofd:TemplatePage ID="1" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
            z.writestr("Doc_0/Tpls/Tpl_0/Content.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="9">'
                       + _text_object(8, header, 25, 10, 3.0, [3.0] * len(header)) + "</ofd:Layer></ofd:Content></ofd:Page>")
        z.writestr("Doc_0/Document.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                   f"<ofd:MaxUnitID>{next_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {width:.2f} {height:.2f}</ofd:PhysicalBox>"
                   f"</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{template}</ofd:CommonData>"
                   "<ofd:Pages>" + "".join(pages) + "</ofd:Pages></ofd:Document>")
        z.writestr("Doc_0/PublicRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                          '<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    return out.getvalue()


def _page_objects(page, next_id: int) -> tuple[list[str], int]:
    """The page's characters as text objects, a run of characters on one baseline each."""
    textpage = page.get_textpage()
    height = page.get_height()
    runs: list[list[tuple[str, float, float, float, float]]] = []
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        if not ch or not ch.strip():
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        char = (ch, left * MM, (height - bottom) * MM, right * MM, max(top - bottom, 1) * MM)
        last = runs[-1][-1] if runs else None
        if last and abs(last[2] - char[2]) < 0.6 and 0 <= char[1] - last[3] < 0.25 * char[4]:   # a gap: another object
            runs[-1].append(char)
        else:
            runs.append([char])
    objects = []
    for run in runs:
        size = max(c[4] for c in run) * 1.15
        text = "".join(c[0] for c in run)
        advances = [b[1] - a[1] for a, b in zip(run, run[1:], strict=False)]
        objects.append(_text_object(next_id, text, run[0][1], run[0][2], size, advances))
        next_id += 1
    return objects, next_id


def _text_object(object_id: int, text: str, x: float, baseline: float, size: float, advances: list[float]) -> str:
    """A text object whose boundary starts at the run's left, one size above its baseline."""
    top = baseline - size
    width = sum(advances) + size
    delta = " ".join(f"{a:.3f}" for a in advances[: len(text) - 1])
    return (f'<ofd:TextObject ID="{object_id}" Boundary="{x:.3f} {top:.3f} {width:.3f} {size * 1.3:.3f}" Font="1" Size="{size:.3f}">'
            f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode X="0" Y="{size:.3f}" DeltaX="{delta}">{escape(text)}</ofd:TextCode></ofd:TextObject>')


def pictures_to_ofd(pdf: bytes, dpi: int = 96) -> bytes:
    """An OFD of the PDF's pages as pictures — one JPEG ImageObject over each page, its resource a MultiMedia
    of the document's resources — as a converter that renders pages (easyofd's pdf2ofd) makes one."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_width() * MM, document[0].get_height() * MM
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", OFD_ROOT)
        pages, media = [], []
        for index in range(len(document)):
            picture = io.BytesIO()
            document[index].render(scale=dpi / 72).to_pil().convert("RGB").save(picture, "JPEG", quality=85)
            z.writestr(f"Doc_0/Res/Image_{index}.jpg", picture.getvalue())
            media.append(f'<ofd:MultiMedia ID="{100 + index}" Type="Image"><ofd:MediaFile>Image_{index}.jpg</ofd:MediaFile></ofd:MultiMedia>')
            z.writestr(f"Doc_0/Pages/Page_{index}/Content.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                       f'<ofd:PageArea><ofd:PhysicalBox>0 0 {width:.2f} {height:.2f}</ofd:PhysicalBox></ofd:PageArea>'
                       f'<ofd:Layer ID="{200 + index}"><ofd:ImageObject ID="{300 + index}" CTM="{width:.2f} 0 0 {height:.2f} 0 0" '
                       f'Boundary="0 0 {width:.2f} {height:.2f}" ResourceID="{100 + index}"/></ofd:Layer></ofd:Content></ofd:Page>')
            pages.append(f'<ofd:Page ID="{index + 2}" BaseLoc="Pages/Page_{index}/Content.xml"/>')
        z.writestr("Doc_0/Document.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                   f"<ofd:PageArea><ofd:PhysicalBox>0 0 {width:.2f} {height:.2f}</ofd:PhysicalBox></ofd:PageArea>"
                   "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>"
                   "<ofd:Pages>" + "".join(pages) + "</ofd:Pages></ofd:Document>")
        z.writestr("Doc_0/DocumentRes.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                            "<ofd:MultiMedias>" + "".join(media) + "</ofd:MultiMedias></ofd:Res>")
    return out.getvalue()
