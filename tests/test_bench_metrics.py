"""The benchmark's scoring: rows as a multiset, values on matched rows, whitespace-insensitive."""

from __future__ import annotations

from bench.baselines import rows_from_tables
from bench.metrics import loose_key, score_rows


def _row(l1: str, l2: str, l3: str, raw: str, op: str | None = "=") -> dict:
    return {
        "level1": l1,
        "level2": l2,
        "level3": l3,
        "value": {"raw": raw, "operator": op, "number": 1.0, "unit": None, "deadline": None},
    }


def test_precision_recall_and_values() -> None:
    truth = [
        _row("产出指标", "数量指标", "培训次数", "≥2次", ">="),
        _row("产出指标", "数量指标", "培训次数", "≥2次", ">="),
        _row("效益指标", "社会效益", "影响", "显著", None),
    ]
    got = [_row("产出指标", "数量指标", "培训 次数", "≥2次", "="), _row("满意度指标", "x", "y", "z")]
    s = score_rows(truth, got)
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    assert (s.value_n, s.value_ok) == (4, 3)  # one matched pair; its operator differs
    assert round(s.f1, 3) == round(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3), 3)


def test_loose_key_ignores_levels() -> None:
    assert score_rows([_row("产出指标", "数量指标", "次数", "1")], [_row("", "", "次数", "1")], key=loose_key).tp == 1


def test_baseline_mapping_fills_labels_down() -> None:
    table = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "次数", "1次"],
        ["", "", "人数", "2人"],
    ]
    assert [(r["level1"], r["level3"], r["value"]["raw"]) for r in rows_from_tables([table])] == [
        ("产出指标", "次数", "1次"),
        ("产出指标", "人数", "2人"),
    ]


def test_a_scan_is_not_asked_what_it_cannot_show() -> None:
    """Full width and '㎡' as one character do not show on a page; a lost superscript does."""
    from bench.metrics import scan_row_key

    assert scan_row_key(_row("产出指标", "数量指标", "面积", "≥１４５㎡")) == scan_row_key(
        _row("产出指标", "数量指标", "面积", "≥145m²")
    )
    assert scan_row_key(_row("产出指标", "数量指标", "面积", "≥145㎡")) != scan_row_key(
        _row("产出指标", "数量指标", "面积", "≥145m")
    )
