"""The form generator's later traits (samples/generators/forms.py LATER_TRAITS), each forced on a
form of a seed drawn afresh for this run: prose target sections before the table, 一级 labels
printed turned a quarter, an operator column of small lone signs. Each is printed in the PDF and
DOCX and by the scan simulator, and read back as the form's truth; the seeds of the forms before
draw none of them."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest

from bench.metrics import scan_row_key, score_document
from bench.seeds import fresh
from budget_perf.pipeline import convert
from samples.builders.drawn import SIZE
from samples.generators import forms, scans

TRAITS = tuple(forms.LATER_TRAITS)
# Failures of the reader on generated scans at 200 dpi, found when the traits were added (the
# generated truth checked against the PDF and DOCX readings, which give it exactly):
# - operator_column: a small lone '≤' (6.3 pt, about 13 px at 200 dpi, one-pixel strokes, as
#   北京's SimSun signs) is read 'M' by the recogniser (at 1x to 3x, padded or not), and its shape
#   is no sign to extract/ocr/signs.py: the arms run together five columns before the point (a
#   stem to `_strokes_only`), and with the bar run into the lower arm the ink below the point is
#   1.24 times that above (a '<' by STRICT_MOST); with two signs in the column one misread leaves
#   normalizers.operators.holds_operators short of three quarters, and the rows' operator falls
#   back to the value's '=' (seed 15592115378: '≤' -> '='; 19167006154 and 27653354339 read right
#   since the lone-sign shape check of 2026-12-08).
SCAN_FAILURES = {
    "operator_column": "a small lone '≤' read 'M' and its shape not told; the column then holds no operators",
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, int]:
    """For each trait, the first of a fresh draw whose form takes it (a self-evaluation form has
    no merged 一级 cells, a form with a 指标性质 column of its own or no sign-led target no
    operator column)."""
    drawn = fresh(60)
    out = {}
    for trait in TRAITS:
        taking = [s for s in drawn if trait in forms.make(s, {trait}).traits]
        assert taking, (trait, drawn)
        out[trait] = taking[0]
    return out


def _misreads(truth: dict, doc: dict, key) -> tuple:
    """What a reading got wrong: rows missed, rows read instead, values parsed otherwise."""
    s = score_document(truth, doc, truth, key)
    got = {key(i): i["value"] for t in doc["tables"] for i in t["indicators"]}
    wanted = {key(i) for t in truth["tables"] for i in t["indicators"]}
    values = [
        (key(i), {f: (i["value"][f], got[key(i)][f]) for f in ("operator", "number", "unit", "deadline")})
        for t in truth["tables"]
        for i in t["indicators"]
        if key(i) in got and any(i["value"][f] != got[key(i)][f] for f in ("operator", "number", "unit", "deadline"))
    ]
    return s.misses, [k for k in got if k not in wanted][:5], values, (s.header_ok, s.header_n)


def _printed(pdf: Path, trait: str, form: forms.Form) -> bool:
    """The PDF prints the trait: labels set turned, lone signs set small, target paragraphs."""
    with pdfplumber.open(pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars]
        text = "".join(page.extract_text() or "" for page in doc.pages)
    if trait == "sideways_level1":
        return all(any(not c["upright"] and c["text"] == label[0] for c in chars) for label in form.sideways)
    if trait == "operator_column":
        signs = [c for c in chars if c["text"] in forms.LONE_SIGNS and abs(c["size"] - SIZE * forms.SIGN_SCALE) < 0.1]
        return len(signs) >= 1
    labelled = [p for p in form.prose if "：" in p[:7]]  # '绩效目标：…', '年度指标：…'
    return len(labelled) >= 4 and all(p[:8] in text for p in labelled)


@pytest.mark.parametrize("trait", TRAITS)
def test_a_trait_is_printed_and_the_pdf_and_docx_read_as_the_truth(tmp_path: Path, seeds, trait: str) -> None:
    seed = seeds[trait]
    form = forms.make(seed, {trait})
    paths = forms.write(seed, tmp_path, ("pdf", "docx"), {trait})
    assert _printed(paths["pdf"], trait, form), seed
    truth = json.loads((tmp_path / f"form_{seed}.truth.json").read_text(encoding="utf-8"))
    for fmt, path in paths.items():
        doc = json.loads(convert(path).model_dump_json())
        misses, instead, values, (ok, n) = _misreads(truth, doc, scan_row_key)
        assert (misses, instead, values, ok) == ([], [], [], n), (seed, fmt)


@pytest.mark.parametrize(
    "trait",
    [pytest.param(t, marks=pytest.mark.xfail(reason=SCAN_FAILURES[t])) if t in SCAN_FAILURES else t for t in TRAITS],
)
def test_a_trait_scanned_at_200_dpi_reads_as_the_truth(tmp_path: Path, seeds, trait: str) -> None:
    seed = seeds[trait]
    path, truth = scans.write(seed, "200dpi", tmp_path, {trait})
    assert trait in truth["traits"]
    doc = json.loads(convert(path).model_dump_json())
    misses, instead, values, _ = _misreads(truth, doc, scan_row_key)
    assert (misses, instead, values) == ([], [], []), seed


def test_the_seeds_of_the_forms_before_draw_no_later_trait() -> None:
    earlier = {*forms.DEV_SEEDS, *forms.CI_SEEDS, *scans.DEV_SEEDS, *scans.CI_SEEDS, 277, 299, 999}
    assert not any(forms.drawn_traits(s) for s in earlier)
    assert all(forms.make(s).truth == forms.make(s, ()).truth for s in (0, 6, 13, 277))
    drawn = fresh(200)  # a fresh seed draws each trait now and then
    assert all(any(t in forms.drawn_traits(s) for s in drawn) for t in TRAITS)


def test_a_workbook_holds_no_prose_sections() -> None:
    truth = {"tables": [{"kind": "project"}, {"origin": "prose"}]}
    assert forms.truth_for(truth, "xlsx")["tables"] == [{"kind": "project"}]
    assert forms.truth_for(truth, "pdf") == truth
