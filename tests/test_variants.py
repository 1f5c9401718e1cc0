"""Form variants from the generator, read back in every format and held to their truth; the
regression variants in samples/variants agree with their truth too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import ROOT

from bench.metrics import score_document
from budget_perf.pipeline import convert
from samples.generators.forms import CI_SEEDS, RENDERERS, make, write

VARIANTS = ROOT / "samples" / "variants"


def _check(truth: dict, doc: dict) -> None:
    s = score_document(truth, doc, truth)
    assert (s.fn, s.fp) == (0, 0), s.misses
    assert s.value_ok == s.value_n and s.header_ok == s.header_n
    got, want = doc["tables"][0], truth["tables"][0]
    keys = ("kind", "title", "goals", "year")
    assert {k: got[k] for k in keys} == {k: want.get(k, "project" if k == "kind" else None) for k in keys}
    assert {k: got["budget"][k] for k in want["budget"]} == want["budget"]  # self-evaluation amounts too


@pytest.mark.parametrize("seed", CI_SEEDS)
@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_generated_variant_reads_as_its_truth(tmp_path: Path, seed: int, fmt: str) -> None:
    paths = write(seed, tmp_path, (fmt,))
    truth = json.loads((tmp_path / f"form_{seed}.truth.json").read_text(encoding="utf-8"))
    _check(truth, json.loads(convert(paths[fmt]).model_dump_json()))


@pytest.mark.parametrize("path", sorted(p for p in VARIANTS.glob("form_*.*") if p.suffix in (".pdf", ".docx", ".xlsx")),
                         ids=lambda p: p.name)  # fmt: skip
def test_regression_variant_matches_its_truth(path: Path) -> None:
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    _check(truth, json.loads(convert(path).model_dump_json()))


def test_generator_is_reproducible() -> None:
    assert make(3).truth == make(3).truth and make(3).traits == make(3).traits


def test_score_annotation_moves_to_the_weight_fields(tmp_path: Path) -> None:
    doc = json.loads(convert(VARIANTS / "form_6.docx").model_dump_json())
    rows = doc["tables"][0]["indicators"]
    assert {r["level1"] for r in rows} <= {"产出指标", "效益指标", "满意度指标"}
    assert {r["level1_weight"] for r in rows} == {50, 30, 10}
