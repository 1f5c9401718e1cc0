"""A PDF's drawing graph, page boxes and rendering, bounded (issue 37, items 3-5): recursive or
fanning-out forms, patterns and appearances, the densest content under the budget, boxes given
in either order, cut by a CropBox or scaled by /UserUnit, and pages far beyond any paper size.
Each run is a subprocess under a 4 GB address-space cap, measured on its own (archive_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from archive_helpers import (
    PDF,
    annotation_drawing_itself,
    check,
    dense_page,
    forms_drawing_each_other,
    forms_fanning_out,
    huge_scan,
    indicators_of,
    issues_of,
    measured,
    pattern_drawing_itself,
    with_boxes,
)

# ---- 3: the drawing graph, bounded ------------------------------------------------------------


@pytest.mark.parametrize(
    "name, make, what",
    [
        ("forms_drawing_each_other", forms_drawing_each_other, "递归"),
        ("forms_fanning_out", forms_fanning_out, "超过 8 MB"),
        ("pattern_drawing_itself", pattern_drawing_itself, "图案"),
        ("annotation_drawing_itself", annotation_drawing_itself, "批注外观"),
    ],
)
def test_a_recursive_drawing_is_an_error_issue_not_a_memory_blow_up(tmp_path: Path, name, make, what) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    assert path.stat().st_size < 5000
    r = measured("extract", str(path), "--compact")
    check(r, {0})  # the issue: 4,076 MB and "out of memory" for the first
    (message,) = issues_of(r.stdout)["page_too_complex"]
    assert what in message and "第 1 页" in message


def test_the_densest_content_under_the_budget_stays_under_1_gb(tmp_path: Path) -> None:
    """Inline images are PDFium's most expensive content per byte (~31 MB per MB parsed, measured);
    a page of them just under the 8 MB budget is read, and one just over it is not."""
    op = b"BI /W 1 /H 1 /BPC 8 /CS /G ID x EI\n"
    under = tmp_path / "under.pdf"
    under.write_bytes(dense_page(op, 7.9))
    check(measured("extract", str(under), "--compact"), {0})
    over = tmp_path / "over.pdf"
    over.write_bytes(dense_page(op, 8.1))
    r = measured("extract", str(over), "--compact")
    check(r, {0})
    assert "page_too_complex" in issues_of(r.stdout)


def test_a_page_of_a_million_paths_is_refused_by_count(tmp_path: Path) -> None:
    path = tmp_path / "paths.pdf"
    path.write_bytes(dense_page(b"0 0 m 1 1 l S\n", 7.9))  # ~590,000 path objects
    r = measured("extract", str(path), "--compact")
    check(r, {0})
    assert "线条对象" in issues_of(r.stdout)["page_too_complex"][0]


# ---- 4: page boxes --------------------------------------------------------------------------


def test_page_box_corners_in_either_order_read_the_whole_page(tmp_path: Path) -> None:
    """The issue: MediaBox [595 842 0 0] lost 9 of 18 indicators silently."""
    expected = indicators_of(measured("extract", str(PDF), "--compact").stdout)
    assert len(expected) == 18
    flipped = with_boxes(PDF, tmp_path / "flipped.pdf", MediaBox=[595.3, 841.9, 0, 0])
    r = measured("extract", str(flipped), "--compact")
    check(r, {0})
    assert indicators_of(r.stdout) == expected
    assert not {"text_outside_page", "page_geometry"} & set(issues_of(r.stdout))


def test_a_crop_box_cutting_text_off_reads_it_and_says_so(tmp_path: Path) -> None:
    cropped = with_boxes(PDF, tmp_path / "cropped.pdf", CropBox=[0, 421, 595.3, 841.9])  # the top half shown
    r = measured("extract", str(cropped), "--compact")
    check(r, {0})
    assert len(indicators_of(r.stdout)) == 18  # read, not dropped
    assert "text_outside_page" in issues_of(r.stdout)


def test_user_unit_scales_user_space_to_points(tmp_path: Path) -> None:
    """The same page drawn at half scale with /UserUnit 2 is the same size on paper: read alike."""
    expected = indicators_of(measured("extract", str(PDF), "--compact").stdout)
    half = with_boxes(PDF, tmp_path / "half.pdf", scale=0.5, UserUnit=2.0)
    r = measured("extract", str(half), "--compact")
    check(r, {0})
    assert indicators_of(r.stdout) == expected


def test_frame_normalises_the_box() -> None:
    from extract.pdf.frame import Frame

    class Page:
        def get_bbox(self):
            return (595.0, 842.0, 0.0, 0.0)

        def get_rotation(self):
            return 0

    frame = Frame.of(Page(), unit=2.0)
    assert (frame.x0, frame.y0, frame.width, frame.height) == (0.0, 0.0, 1190.0, 1684.0)
    assert frame.point(10.0, 20.0) == (20.0, 40.0) and not frame.identity


# ---- 5: rendering by a pixel budget ---------------------------------------------------------


def test_a_huge_scanned_page_is_rendered_within_the_pixel_budget(tmp_path: Path) -> None:
    """The issue: a 200000 x 200000 pt scanned page succeeded at 2.9 GB (here 4.2 GB and 300 s)."""
    path = huge_scan(tmp_path / "huge_scan.pdf")
    r = measured("extract", str(path), "--compact")
    check(r, {0})
    issues = issues_of(r.stdout)
    assert "page_geometry" in issues and "page_scaled_down" in issues


def test_an_image_over_the_pixel_budget_is_scaled_down(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "wide.png"
    Image.new("L", (9000, 6000), 255).save(path, dpi=(200, 200))  # 54 megapixels
    r = measured("extract", str(path), "--compact")
    check(r, {0})
    assert "page_scaled_down" in issues_of(r.stdout)
