"""Generated forms as web pages, in both renderings and both encodings, read back and held to
their truth; the committed ones in samples/html too; and a page's rows read from its HTML equal
those read from the same form's PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import ROOT
from test_variants import _check

from bench.metrics import row_key
from budget_perf.pipeline import convert
from samples.generators import forms
from samples.generators.html import CI_SEEDS, ENCODINGS, STYLES, write

HTML = ROOT / "samples" / "html"


def _truth(directory: Path, seed: int | str) -> dict:
    return json.loads((directory / f"form_{seed}.truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("seed", CI_SEEDS)
def test_generated_web_page_reads_as_its_truth(tmp_path: Path, seed: int, style: str, encoding: str) -> None:
    path = write(seed, tmp_path, style, encoding, mhtml=seed % 3 == 0)
    _check(_truth(tmp_path, seed), json.loads(convert(path).model_dump_json()))


PAGES = sorted(p for p in HTML.glob("form_*") if p.suffix in (".html", ".mhtml"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_committed_web_page_matches_its_truth(path: Path) -> None:
    _check(_truth(HTML, path.name.split(".")[0].removeprefix("form_")), json.loads(convert(path).model_dump_json()))


def _rows(doc: dict) -> list[tuple]:
    """Each row's levels, raw target and parsed value, in order."""
    value = ("operator", "number", "unit", "deadline")
    return [(*row_key(i), *(i["value"][k] for k in value)) for t in doc["tables"] for i in t["indicators"]]


@pytest.mark.parametrize("seed", CI_SEEDS[:4])
def test_a_form_s_web_pages_and_its_pdf_give_the_same_rows(tmp_path: Path, seed: int) -> None:
    pdf = forms.write(seed, tmp_path, ("pdf",))["pdf"]
    from_pdf = _rows(json.loads(convert(pdf).model_dump_json()))
    assert from_pdf
    for style in STYLES:
        page = write(seed, tmp_path, style, "utf-8")
        assert _rows(json.loads(convert(page).model_dump_json())) == from_pdf, style
