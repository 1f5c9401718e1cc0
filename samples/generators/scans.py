"""A scan simulator: generated forms (samples/generators/forms.py) printed and scanned under one
named condition each, with the form's truth beside them.

Each condition is what a reviewer receives: a resolution (150-400 dpi), a greyscale or a
bilevel (fax-like) page, sensor noise and dust, soft focus, heavy JPEG, a page turned up to 5°,
a page fed sideways or upside down, a phone photo (the sheet a quadrilateral on a desk, light
falling off), a shadow across the sheet, and rules printed thin and broken. The page is drawn
by PDFium from the form's PDF, degraded with numpy/OpenCV, and saved as an image-only PDF
(scanners) or a JPEG (phones).

    python -m samples.generators.scans SEED CONDITION OUTDIR
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

DEV_SEEDS = range(0, 8)  # developed against
# The benchmark's held-out seeds are drawn afresh at each run (bench/seeds.py).
CI_SEEDS = (3,)  # the tests' fixed form


@dataclass(frozen=True)
class Condition:
    dpi: int
    degrade: Callable[[np.ndarray, np.random.Generator, int], np.ndarray]
    photo: bool = False  # saved as a JPEG without a resolution, as phones do
    bilevel: bool = False


def _noise(grey: np.ndarray, rng: np.random.Generator, sigma: float = 6.0, dust: float = 0.0003) -> np.ndarray:
    arr = grey.astype(np.float32) + rng.normal(0, sigma, grey.shape)
    arr[rng.random(grey.shape) < dust] = 40
    return np.clip(arr, 0, 255).astype(np.uint8)


def _jpeg(grey: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE) if ok else grey


def _turn(grey: np.ndarray, degrees: float) -> np.ndarray:
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _plain(grey, rng, dpi):
    """An office scanner on a good day: slight skew, light noise, JPEG at 75."""
    return _jpeg(_noise(_turn(grey, rng.uniform(-1, 1)), rng), 75)


def _bilevel(grey, rng, dpi):
    """A fax or a scanner set to black and white: a fixed threshold after some noise."""
    noisy = _noise(cv2.GaussianBlur(_turn(grey, rng.uniform(-1, 1)), (0, 0), 0.6), rng, 10, 0.0006)
    return np.where(noisy < 150, 0, 255).astype(np.uint8)


def _heavy_noise(grey, rng, dpi):
    return _jpeg(_noise(grey, rng, sigma=18, dust=0.002), 75)


def _blur(grey, rng, dpi):
    return _jpeg(_noise(cv2.GaussianBlur(grey, (0, 0), 1.3 * dpi / 200), rng), 75)


def _heavy_jpeg(grey, rng, dpi):
    return _jpeg(_noise(grey, rng, 4), 22)


def _skew(grey, rng, dpi):
    return _jpeg(_noise(_turn(grey, rng.choice([-1, 1]) * rng.uniform(3.5, 5.0)), rng), 75)


def _rotated(quarter_turns: int):
    def degrade(grey, rng, dpi):
        return np.ascontiguousarray(np.rot90(_plain(grey, rng, dpi), quarter_turns))

    degrade.__doc__ = f"The sheet fed turned by {90 * quarter_turns}° (counter-clockwise)."
    return degrade


def _light(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Illumination 0.55..1: a lamp on one side of the sheet."""
    h, w = shape
    cy, cx = rng.uniform(0, 0.4) * h, rng.uniform(0, 1) * w
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.sqrt(((yy - cy) / h) ** 2 + ((xx - cx) / w) ** 2)
    return np.clip(1.0 - 0.45 * d, 0.55, 1.0)


def _photo(grey, rng, dpi):
    """A phone photo: the sheet on a darker desk seen slightly from the side (each corner moved
    by up to 5% of the sheet), light falling off, soft focus, JPEG."""
    h, w = grey.shape
    border = int(0.08 * max(h, w))
    desk = np.full((h + 2 * border, w + 2 * border), 90, np.uint8)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-0.05, 0.05, (4, 2)) * np.float32([w, h])
    dst = (src + border + jitter).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(grey, matrix, desk.shape[::-1], flags=cv2.INTER_LINEAR, borderValue=0)
    mask = cv2.warpPerspective(np.full_like(grey, 255), matrix, desk.shape[::-1], borderValue=0)
    sheet = np.where(mask > 0, warped, desk).astype(np.float32)
    sheet = sheet * _light(sheet.shape, rng) - 10
    sheet = cv2.GaussianBlur(np.clip(sheet, 0, 255).astype(np.uint8), (0, 0), 0.8)
    return _jpeg(_noise(sheet, rng, 5), 80)


def _shadow(grey, rng, dpi):
    """A shadow across the sheet (a hand, the scanner lid left open): one soft-edged band at 45-65%."""
    h, w = grey.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, math.pi)
    d = (xx - w / 2) * math.cos(angle) + (yy - h / 2) * math.sin(angle)
    width, centre = rng.uniform(0.15, 0.35) * max(h, w), rng.uniform(-0.25, 0.25) * max(h, w)
    band = 1 / (1 + np.exp((np.abs(d - centre) - width / 2) / (0.02 * max(h, w))))
    shade = 1.0 - rng.uniform(0.35, 0.55) * band
    return _jpeg(_noise((grey.astype(np.float32) * shade).astype(np.uint8), rng), 75)


def thin_rules(grey, rng, dpi, lost_share: float = 0.2):
    """Rules printed thin and faint, broken in a few places (breaks a few pixels wide), and one
    in five (`lost_share`) with a longer stretch missing (three tenths of the rule)."""
    ink = (grey < 128).astype(np.uint8)
    long = int(0.4 * dpi)
    h_rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1)))
    v_rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long)))
    out = grey.copy()
    out[(h_rules | v_rules) > 0] = 255
    thin = np.zeros_like(ink)
    for mask, horizontal in ((h_rules, True), (v_rules, False)):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        for x, y, cw, ch, _a in stats[1:n]:
            if horizontal:
                y_mid = y + ch // 2
                thin[y_mid, x : x + cw] = 1
            else:
                x_mid = x + cw // 2
                thin[y : y + ch, x_mid] = 1
            length = cw if horizontal else ch
            gaps = [int(rng.uniform(0.01, 0.05) * dpi) for _ in range(rng.integers(1, 5))]
            if rng.random() < lost_share:
                gaps.append(int(0.3 * length))
            for gap in gaps:
                start = int(rng.uniform(0, length))
                if horizontal:
                    thin[y_mid, x + start : x + start + gap] = 0
                else:
                    thin[y + start : y + start + gap, x_mid] = 0
    out[thin > 0] = np.minimum(out[thin > 0], 120)
    return _jpeg(_noise(out, rng), 75)


def _missing_rules(grey, rng, dpi):
    """Thin rules as above, half of them with a third of their length missing."""
    return thin_rules(grey, rng, dpi, lost_share=0.5)


CONDITIONS: dict[str, Condition] = {
    "150dpi": Condition(150, _plain),
    "200dpi": Condition(200, _plain),
    "300dpi": Condition(300, _plain),
    "400dpi": Condition(400, _plain),
    "bilevel": Condition(300, _bilevel, bilevel=True),
    "noise": Condition(200, _heavy_noise),
    "blur": Condition(200, _blur),
    "jpeg": Condition(200, _heavy_jpeg),
    "skew": Condition(200, _skew),
    "rotate90": Condition(200, _rotated(1)),
    "rotate180": Condition(200, _rotated(2)),
    "rotate270": Condition(200, _rotated(3)),
    "photo": Condition(200, _photo, photo=True),
    "shadow": Condition(200, _shadow),
    "thin_rules": Condition(200, thin_rules),
    "missing_rules": Condition(200, _missing_rules),
}


# The forms' PDFs do not embed their fonts. Printed forms are set in a Song (serif) face, some
# in a Hei (sans) one; Noto CJK SC (OFL, from the mplfonts wheel, a dev dependency) stands in for
# both. PDFium takes one system font per process, so each face renders in a process of its own.
FONTS = ("NotoSerifCJKsc-Regular.otf", "NotoSansCJKsc-Regular.otf")
_printers: dict[str, _Printer] = {}


def _font_path(name: str) -> Path:
    try:
        import mplfonts
    except ImportError as e:
        raise SystemExit("the scan simulator needs the dev dependencies: pip install -e '.[dev]'") from e
    return Path(mplfonts.__file__).parent / "fonts" / name


class _Printer:
    """A process of its own that draws PDF pages in one font (PDFium's font is per process).

    It reads "PDF<TAB>DPI<TAB>OUTDIR" lines and writes each page as OUTDIR/page-N.png, then "ok".
    """

    def __init__(self, font: str) -> None:
        import subprocess

        root = Path(__file__).resolve().parents[2]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "samples.generators.scans", "--printer", str(_font_path(font))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root,
        )  # fmt: skip

    def print(self, pdf: Path, dpi: int) -> list[np.ndarray]:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            self.proc.stdin.write(f"{pdf.resolve()}\t{dpi}\t{tmp}\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline().strip()
            if answer != "ok":
                raise RuntimeError(f"the page printer failed on {pdf}: {answer or 'it exited'}")
            files = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
            return [np.array(Image.open(f).convert("L")) for f in files]


def _serve(font: str) -> None:
    import pypdfium2 as pdfium

    from extract.pdf.fonts import use_font_file

    use_font_file(Path(font))
    for line in sys.stdin:
        try:
            pdf, dpi, outdir = line.rstrip("\n").split("\t")
            doc = pdfium.PdfDocument(pdf)
            for i in range(len(doc)):
                doc[i].render(scale=int(dpi) / 72, grayscale=True).to_pil().convert("L").save(
                    Path(outdir) / f"page-{i}.png", compress_level=1
                )
            doc.close()
            print("ok", flush=True)
        except Exception as e:  # told to the parent, which raises it
            print(f"{type(e).__name__}: {e}".replace("\n", " "), flush=True)


def print_pages(pdf: Path, dpi: int, font: str) -> list[np.ndarray]:
    """The PDF's pages as printed in `font`, grey at `dpi`."""
    if font not in _printers:
        _printers[font] = _Printer(font)
    return _printers[font].print(pdf, dpi)


def scan(pdf: Path, condition: str, out_stem: Path, seed: int, font: str = FONTS[0]) -> Path:
    """`pdf` printed in `font` and scanned under `condition`; returns the file written (.pdf, .jpg or .tif)."""
    cond = CONDITIONS[condition]
    rng = np.random.default_rng(seed)
    pages = [Image.fromarray(cond.degrade(grey, rng, cond.dpi)) for grey in print_pages(pdf, cond.dpi, font)]
    if cond.photo:
        # One photo per page, as a phone takes them; the JPEG says nothing about resolution.
        out = out_stem.with_suffix(".jpg")
        if len(pages) == 1:
            pages[0].save(out, "JPEG", quality=85)
        else:
            out = out_stem.with_suffix(".tif")
            pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], compression="jpeg")
        return out
    out = out_stem.with_suffix(".pdf")
    if cond.bilevel:
        pages = [p.convert("1", dither=Image.Dither.NONE) for p in pages]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=cond.dpi, save_all=True, append_images=pages[1:])
    out.write_bytes(buf.getvalue())
    return out


def write(seed: int, condition: str, outdir: Path, traits: Iterable[str] | None = None) -> tuple[Path, dict]:
    """The form of `seed` (with `traits` forced: forms.make) scanned under `condition`, and its
    truth. Every trait the form's PDF prints is scanned: prose target sections before the table,
    一级 labels turned a quarter, an operator column of small lone signs (forms.LATER_TRAITS)."""
    from samples.generators import forms

    outdir.mkdir(parents=True, exist_ok=True)
    form = forms.make(seed, traits)
    # The variants' embedded font is the tool's tofu font: it has no glyphs to print.
    form.traits = [t for t in form.traits if t != "embedded_font"]
    pdf = outdir / f"form_{seed}.pdf"
    forms.to_pdf(form, pdf)
    truth = {**form.truth, "traits": form.traits}
    # One stream of randomness per (form, condition), so adding a condition changes no other scan.
    rng_seed = seed * 1000 + list(CONDITIONS).index(condition)
    font = FONTS[seed % 3 == 2]  # a third of the forms in the sans face, every condition alike
    return scan(pdf, condition, outdir / f"form_{seed}_{condition}", rng_seed, font), truth


if __name__ == "__main__":
    if sys.argv[1] == "--printer":
        _serve(sys.argv[2])
    else:
        print(write(int(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))[0])
