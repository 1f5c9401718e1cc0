"""Indicator tables from targets written as prose: numbered target sections ("1. 开展应急救援工作。")
with their 绩效目标 and 绩效指标 paragraphs become tables with `origin: "prose"`, one indicator per
measurable clause (normalizers/prose.py), levels inferred and marked so."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import Paragraph
from normalizers import prose
from normalizers.text import clean
from normalizers.values import parse_value
from schemas import Indicator, IndicatorTable, Issue, Value

# A section heading: "1. …", "1、…", "（1）…", "(一)…" — short, and not a label line itself.
_SECTION = re.compile(
    r"^\s*(?:\d{1,2}\s*[.、．]|[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）])\s*(?P<title>.{2,60})$"
)
# Outline headings that end a section's text ("四、评价结论", "（二）…").
_OUTLINE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*、|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|第[一二三四五六七八九十]+部分)"
)
_LABEL = prose.LABELLED
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_ENDS = ("。", "；", ";", "！", "？", "：", ":")
# Confidence of a prose indicator: the clause is read exactly (text, not pixels); what is uncertain
# is the name cut from the sentence and the levels, which the form never printed.
CONFIDENCE = {"plain": 0.85, "shortened": 0.7, "qualitative": 0.6}


@dataclass(slots=True)
class _Section:
    title: str
    page: int | None
    goal: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


def _logical_paragraphs(paragraphs: list[Paragraph]) -> list[tuple[str, int | None]]:
    """Paragraphs joined back where a page or column break cut a sentence ("得到广大受" + "众的…")."""
    out: list[tuple[str, int | None]] = []
    for p in paragraphs:
        text = clean(p.text)
        if not text or _PAGE_NUMBER.match(text):
            continue
        starts_new = p.heading or _SECTION.match(text) or _OUTLINE.match(text) or _LABEL.match(text)
        if out and not starts_new and not out[-1][0].endswith(_ENDS):
            out[-1] = (out[-1][0] + text, out[-1][1])
        else:
            out.append((text, p.page))
    return out


def _sections(paragraphs: list[Paragraph]) -> list[_Section]:
    found: list[_Section] = []
    current: _Section | None = None
    target: list[str] | None = None  # the list the next plain paragraph continues
    for text, page in _logical_paragraphs(paragraphs):
        label = _LABEL.match(text)
        if label and current is not None:
            goal = label["label"] in prose.GOAL_LABELS
            target = current.goal if goal else current.indicators
            if label["text"]:
                target.append(label["text"])
            continue
        heading = _SECTION.match(text)
        if heading or _OUTLINE.match(text):
            current = _Section(heading["title"].rstrip("。.；;"), page) if heading else None
            if current is not None:
                found.append(current)
            target = None
            continue
        if current is not None and target is current.indicators:
            target.append(text)  # an indicator paragraph that goes on after a full stop
        else:
            target = None
    return [s for s in found if s.indicators]


def _indicator(clause: prose.Clause, page: int | None, year: int | None, weights: dict[str, float]) -> Indicator:
    if clause.target is not None:
        value = parse_value(clause.target, year)
    else:
        value = Value(raw=clause.description, text=clause.description)
    level1, level2 = prose.infer_levels(clause.name, clause.description, value.unit)
    kind = "qualitative" if clause.target is None else "shortened" if clause.shortened else "plain"
    return Indicator(
        level1=level1,
        level2=level2,
        level3=clause.name,
        description=clause.description,
        value=value,
        page=page,
        confidence=CONFIDENCE[kind],
        level_inferred=True,
        level1_weight=weights.get(level1),
    )


def level1_weights(paragraphs: list[Paragraph]) -> dict[str, float]:
    """'（一）产出指标（50分）' anywhere in the report: the weight of each inferred level-1 block."""
    out: dict[str, float] = {}
    for p in paragraphs:
        for m in prose.LEVEL1_WEIGHT.finditer(clean(p.text)):
            out.setdefault(f"{m['level1']}指标", float(m["weight"]))
    return out


def prose_tables(
    paragraphs: list[Paragraph], kind: str, unit_name: str | None, year: int | None
) -> tuple[list[IndicatorTable], list[Issue]]:
    """Tables of the prose target sections, and an info issue for each section whose 绩效指标
    text states nothing measurable and names no indicator (it is not dropped unsaid)."""
    weights = level1_weights(paragraphs)
    tables: list[IndicatorTable] = []
    issues: list[Issue] = []
    for section in _sections(paragraphs):
        indicators = [
            _indicator(c, section.page, year, weights) for c in prose.clauses("；".join(section.indicators)) if c.name
        ]
        if not indicators:
            issues.append(
                Issue(
                    severity="info",
                    code="prose_section_without_target",
                    page=section.page,
                    message=f"「{section.title}」的绩效指标段落没有可计量的目标，也未列出指标名称，未转为指标："
                    f"{'；'.join(section.indicators)[:80]}",
                )
            )
            continue
        tables.append(
            IndicatorTable(
                kind=kind,  # type: ignore[arg-type]
                title=section.title,
                unit_name=unit_name,
                goals=["".join(section.goal)] if section.goal else [],
                indicators=indicators,
                pages=[section.page] if section.page else [],
                year=year,
                origin="prose",
            )
        )
    return tables, issues


_ORG = r"(?:委员会|街道办事处|办事处|政府|中心|会|局|委|办|院|厅|处|站|所|馆|队|部|社|校)"
_UNIT_BEFORE_YEAR = re.compile(rf"^(?P<unit>\S.{{1,30}}?{_ORG})\s*(?:19|20)\d{{2}}\s*年")
_UNIT_LINE = re.compile(rf"^\S.{{1,24}}{_ORG}$")


def document_context(paragraphs: list[Paragraph]) -> tuple[str, str | None]:
    """The kind and the unit a report's first lines state ("石家庄市鹿泉区红十字会 2024 年度整体支出
    绩效自评报告" -> self_evaluation, 石家庄市鹿泉区红十字会)."""
    first = [t for t in (clean(p.text) for p in paragraphs[:8]) if t][:5]
    head = " ".join(first)
    kind = "self_evaluation" if "自评" in head else "department" if re.search(r"部门|整体", head) else "project"
    for text in first:
        if m := _UNIT_BEFORE_YEAR.match(text):
            return kind, m["unit"]
        if _UNIT_LINE.match(text):
            return kind, text
    return kind, None
