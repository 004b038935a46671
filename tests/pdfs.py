"""PDFs written directly (no LibreOffice): lines of text in the standard Chinese font STSong-Light, which
every PDF reader has without embedding, optionally in the invisible render mode and over a picture — the
way an OCR tool makes a scan searchable."""

from __future__ import annotations

import zlib

_LINES_PER_PAGE = 60


def text_pdf(lines: list[str], *, invisible: bool = False, picture: bool = False,
             invisible_lines: frozenset[int] = frozenset()) -> bytes:
    """A PDF of ``lines``; all of them (``invisible``) or some (``invisible_lines``, by index) drawn in the
    invisible render mode; ``picture`` puts a grey picture under every page."""
    pages = [lines[i:i + _LINES_PER_PAGE] for i in range(0, max(len(lines), 1), _LINES_PER_PAGE)]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
               b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor "
               b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
               b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> >>] >>")
    grey = zlib.compress(bytes([200]) * 64)
    image = add(b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
                b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(grey) + grey + b"\nendstream")
    kids = []
    pages_id = len(objects) + 1 + 2 * len(pages)  # written after every page and its content
    for number, page in enumerate(pages):
        start = number * _LINES_PER_PAGE
        ops = [b"q 595 0 0 842 0 0 cm /Im1 Do Q"] if picture else []
        ops.append(b"BT /F1 9 Tf")
        for n, line in enumerate(page):
            mode = 3 if invisible or (start + n) in invisible_lines else 0
            ops.append(b"%d Tr 1 0 0 1 40 %d Tm <%s> Tj" % (mode, 800 - 13 * n, line.encode("utf-16-be").hex().encode()))
        ops.append(b"ET")
        content = b"\n".join(ops)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>" % (pages_id, stream, font, image)))
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)
