"""Which characters of a PDF page a reader cannot see, so they are not read as the report.

A PDF can carry text nobody sees: drawn in the invisible render mode, fully transparent, white on the white
page, too small to make out (under 2 pt), or outside the page's crop box. A hidden copy of a correct table
row drawn before the printed wrong one must not make the report pass. Invisible text laid over a picture is
an OCR layer (a scanned page made searchable): what the picture shows is what it says, so it is read.

Cost: one pass over the page's objects; the per-character lookup runs only on a page that has hidden text.
"""

from __future__ import annotations

import ctypes

import pypdfium2.raw as raw  # type: ignore[import-untyped]

TINY_POINTS = 2.0
_WHITE = 245  # every channel at or above this is white on a white page
_INVISIBLE_MODES = {raw.FPDF_TEXTRENDERMODE_INVISIBLE, raw.FPDF_TEXTRENDERMODE_CLIP}


class _Probe:
    """Asks PDFium about one object at a time through output slots made once (a page can hold thousands of
    text objects, one per character)."""

    def __init__(self):
        self.floats = [ctypes.c_float() for _ in range(5)]
        self.float_refs = [ctypes.byref(f) for f in self.floats]
        self.colour = [ctypes.c_uint() for _ in range(4)]
        self.colour_refs = [ctypes.byref(c) for c in self.colour]
        self.mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.matrix = raw.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)

    def bounds(self, obj) -> tuple[float, float, float, float]:
        f = self.floats
        raw.FPDFPageObj_GetBounds(obj, *self.float_refs[:4])
        return f[0].value, f[1].value, f[2].value, f[3].value

    def fill(self, obj) -> tuple[int, int, int, int]:
        if not raw.FPDFPageObj_GetFillColor(obj, *self.colour_refs):
            return (0, 0, 0, 255)  # no fill colour set: drawn in black
        c = self.colour
        return c[0].value, c[1].value, c[2].value, c[3].value

    def font_points(self, obj) -> float:
        """The size the text is drawn at: its font size scaled by its matrix (the glyphs' own boxes are no
        guide: a 一 is a thin box at any size)."""
        if not raw.FPDFTextObj_GetFontSize(obj, self.float_refs[4]):
            return TINY_POINTS  # unknown: not called tiny
        size = self.floats[4].value
        if not raw.FPDFPageObj_GetMatrix(obj, self.matrix_ref):
            return size
        return size * (self.matrix.b * self.matrix.b + self.matrix.d * self.matrix.d) ** 0.5

    def filled_not_white(self, obj) -> bool:
        if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(self.mode), ctypes.byref(self.stroke)):
            return False
        if self.mode.value == raw.FPDF_FILLMODE_NONE:
            return False
        r, g, b, a = self.fill(obj)
        return a > 0 and min(r, g, b) < _WHITE

    def how_hidden(self, obj, crop, backgrounds, pictures) -> str | None:
        left, bottom, right, top = self.bounds(obj)
        centre = ((left + right) / 2, (bottom + top) / 2)
        if raw.FPDFTextObj_GetTextRenderMode(obj) in _INVISIBLE_MODES:
            return None if any(_inside(centre, box) for box in pictures) else "不可见文字"
        r, g, b, a = self.fill(obj)
        if a == 0:
            return "透明文字"
        if min(r, g, b) >= _WHITE and not any(_inside(centre, box) for box in backgrounds + pictures):
            return "白色文字"
        if self.font_points(obj) < TINY_POINTS:
            return "字号过小"
        c_left, c_bottom, c_right, c_top = crop
        if right <= c_left or left >= c_right or top <= c_bottom or bottom >= c_top:
            return "页面以外"
        return None


def hidden_characters(page, textpage, count: int) -> dict[int, str]:
    """Character index -> how it is hidden (zh), for the characters of ``textpage`` a reader cannot see."""
    probe = _Probe()
    texts, backgrounds, pictures = [], [], []
    for obj in _objects(page.raw):
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            texts.append(obj)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            pictures.append(probe.bounds(obj))
        elif kind == raw.FPDF_PAGEOBJ_PATH and probe.filled_not_white(obj):
            backgrounds.append(probe.bounds(obj))
    crop = page.get_cropbox()
    hiding: dict[int, str] = {}
    for obj in texts:
        how = probe.how_hidden(obj, crop, backgrounds, pictures)
        if how:
            hiding[_address(obj)] = how
    if not hiding:
        return {}
    out = {}
    for index in range(count):
        handle = raw.FPDFText_GetTextObject(textpage, index)
        how = hiding.get(_address(handle)) if handle else None
        if how:
            out[index] = how
    return out


def _objects(page, depth: int = 0):
    """The page's objects, and those inside its form XObjects (raw handles: no wrapper per object)."""
    for i in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, i)
        yield obj
        if depth < 4 and raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
            yield from _form_objects(obj, depth + 1)


def _form_objects(form, depth: int):
    for i in range(raw.FPDFFormObj_CountObjects(form)):
        obj = raw.FPDFFormObj_GetObject(form, i)
        yield obj
        if depth < 4 and raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
            yield from _form_objects(obj, depth + 1)


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _inside(point: tuple[float, float], box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]
