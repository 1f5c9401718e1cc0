"""Other provinces' forms (samples/generators/provinces.py) read as their truth says, field by field:
the committed regression variants (samples/variants/province_*) and one generated form of every
class; and the benchmark's held-out seeds are drawn afresh, never fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden import ROOT

from bench.metrics import squash
from bench.real import score_document
from bench.seeds import BASE, describe, fresh
from budget_perf.pipeline import convert
from samples.generators.provinces import CLASSES, FIRST_SEED, REGRESSION, make, write

VARIANTS = ROOT / "samples" / "variants"
TABLE_FIELDS = ("kind", "unit_name", "unit_code", "project_name", "project_code", "year", "goals")
ROW_FIELDS = ("level1", "level2", "weight", "extra", "basis", "scoring")
VALUE_FIELDS = ("operator", "operator_from", "number", "number_max", "unit", "deadline")


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return squash(a) == squash(b)
    if isinstance(a, float | int) and isinstance(b, float | int):
        return abs(a - b) < 1e-9
    return a == b


def _value_problems(where: str, want: dict | None, got: dict | None) -> list[str]:
    if want is None or got is None:
        return [] if want is got else [f"{where}: expected {want}, got {got}"]
    keys = ("raw", *(k for k in VALUE_FIELDS if k in want))
    return [f"{where}.{k}: expected {want[k]!r}, got {got[k]!r}" for k in keys if not _same(want[k], got[k])]


def problems(truth: dict, doc: dict) -> list[str]:
    """Every field the truth states that the document reads otherwise, table by table, row by row."""
    out: list[str] = []
    if len(doc["tables"]) != len(truth["tables"]):
        return [f"{len(doc['tables'])} tables, expected {len(truth['tables'])}"]
    for n, (want, got) in enumerate(zip(truth["tables"], doc["tables"], strict=True)):
        out += [
            f"table {n}.{k}: expected {want[k]!r}, got {got[k]!r}" for k in TABLE_FIELDS if not _same(want[k], got[k])
        ]
        budget = got["budget"] or {}
        out += [f"table {n}.budget.{k}: expected {v!r}, got {budget.get(k)!r}"
                for k, v in (want["budget"] or {}).items() if not _same(v, budget.get(k))]  # fmt: skip
        if len(want["indicators"]) != len(got["indicators"]):
            out.append(f"table {n}: {len(got['indicators'])} rows, expected {len(want['indicators'])}")
            continue
        for i, (w, g) in enumerate(zip(want["indicators"], got["indicators"], strict=True)):
            where = f"table {n} row {i} ({w['level3']})"
            if not _same(w["level3"], g["level3"]):
                out.append(f"{where}.level3: got {g['level3']!r}")
            out += [
                f"{where}.{k}: expected {w[k]!r}, got {g[k]!r}" for k in ROW_FIELDS if k in w and not _same(w[k], g[k])
            ]
            out += _value_problems(f"{where}.value", w["value"], g["value"])
            out += _value_problems(f"{where}.period_value", w["period_value"], g["period_value"])
    return out


def _read(path: Path) -> dict:
    return json.loads(convert(path).model_dump_json())


REGRESSION_FILES = [VARIANTS / f"province_{seed}.{fmt}" for seed, fmt in REGRESSION]


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=lambda p: p.name)
def test_regression_variant_reads_as_its_truth(path: Path) -> None:
    truth = json.loads(path.with_name(f"{path.stem}.truth.json").read_text(encoding="utf-8"))
    assert problems(truth, _read(path)) == []


def test_regression_variants_are_the_generators() -> None:
    """The committed truth is what the generator draws for the seed (rebuild: --regression)."""
    for path in REGRESSION_FILES:
        truth = json.loads(path.with_name(f"{path.stem}.truth.json").read_text(encoding="utf-8"))
        form = make(int(path.stem.split("_")[1]))
        assert {**form.truth, "traits": form.traits} == truth, path.name


def test_every_class_has_a_regression_variant() -> None:
    covered = {c for seed, _ in REGRESSION for c in make(seed).traits if c in CLASSES}
    assert covered == set(CLASSES)


@pytest.mark.parametrize("cls", CLASSES)
def test_generated_form_of_every_class_reads_as_its_truth(tmp_path: Path, cls: str) -> None:
    seed = FIRST_SEED[cls]
    assert cls in make(seed).traits
    path = write(seed, tmp_path, ("xlsx",))["xlsx"]
    truth = json.loads((tmp_path / f"province_{seed}.truth.json").read_text(encoding="utf-8"))
    doc = _read(path)
    assert problems(truth, doc) == []
    s = score_document(truth, doc)
    assert (s.f1, s.values, s.header) == (1.0, 1.0, 1.0), s.misses


def test_operator_and_unit_columns_fill_the_value() -> None:
    """'≥' in 绩效指标性质 and '套' in 计量单位 beside a bare '1000' give >= 1000 套, from the columns."""
    truth = json.loads((VARIANTS / "province_0.truth.json").read_text(encoding="utf-8"))
    rows = [r for t in truth["tables"] for r in t["indicators"] if r["value"].get("operator_from") == "column"]
    assert rows and all(r["value"]["raw"].replace(".", "").isdigit() for r in rows)


def test_fresh_seeds_are_distinct_unfixed_and_never_listed() -> None:
    a, b = fresh(20), fresh(20)
    assert len(set(a)) == 20 and min(a) >= BASE and a != b
    assert describe(a, True) == "20 drawn for this run"
