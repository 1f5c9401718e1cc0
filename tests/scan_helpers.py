"""Lines typeset as the scan simulator prints them, for the glyph and sign checks' tests."""

from __future__ import annotations

import numpy as np

SERIF, SANS = "NotoSerifCJKsc-Regular.otf", "NotoSansCJKsc-Regular.otf"


def typeset(line: str, font: str, blur: float = 0.0, size: int = 29) -> np.ndarray:
    """A value line in the samples' CJK faces (Noto: a slanted-bar '≥' too) at 10.5 pt (`size`
    px; 25 is the generated forms' 9 pt), 200 dpi, softened by `blur` (px)."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    from samples.generators.scans import _font_path

    face = ImageFont.truetype(str(_font_path(font)), size)
    img = Image.new("L", (40 + (size - 7) * len(line), size + 15), 250)
    ImageDraw.Draw(img).text((14, 4), line, font=face, fill=20)
    grey = np.asarray(img)
    return cv2.GaussianBlur(grey, (0, 0), blur) if blur else grey
