"""Indicators written as records inside one cell.

Some forms have no indicator grid: one cell per project holds every indicator as a numbered
record of semicolon-separated parts, level labels (with or without a code), the name, and
labelled targets:

    1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。
    2、产出指标；质量指标；保障场地正常运行；年度指标值》99.5%

The grammar is general, not one province's: numbering `1、` `1.` `(1)` `（1）` `①`, separators
`；` `;` (and a line break), level labels from the vocabulary with an optional code (`1-`, `11-`,
`22.`), `名称：值` pairs whose name is a target label (年度指标值, 实施周期指标值, 指标值, 目标值 …) with
or without the colon, or a level label (一级指标：产出指标, 三级指标：…), and the rest as the
indicator's name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers.labels import LEVEL_LABELS, role_of
from normalizers.text import join_wrapped_lines

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# A record's number: at the start of the cell or after the previous record's end (。；; or a line
# break), never inside a value ('≥99.5%', '2026.12'); a circled numeral anywhere.
_NUMBER = re.compile(
    rf"(?:(?:^|(?<=[。；;\n]))\s*(?:(?P<n>\d{{1,3}})\s*(?:、|[.．](?!\d)|[.．](?=\d{{1,3}}\s*[-－—]))"
    rf"|[(（]\s*(?P<p>\d{{1,3}})\s*[)）])|(?P<c>[{_CIRCLED}]))\s*"
)
# A record's number run on after the previous record's last line where the reader joined the two
# lines (the line ended at the cell's edge, so it read as wrapped): '…1184㎡2、1-产出指标'. Taken
# only where it goes on from the number before and a level (its code or its label) follows.
_NUMBER_RUN_ON = re.compile(r"(?<!\d)(?P<n>\d{1,3})\s*、(?=\s*(?:\d{1,3}\s*[-－—]|一级|产出|效益|满意度|成本))")
_PARTS_KEPT = re.compile(r"([；;\n])")  # the separators kept: a value may hold one
# '1-产出指标', '11－数量指标', '22.社会效益': a level label with the code some systems print before it.
_CODED = re.compile(r"^(?P<code>\d{1,3})\s*[-－—.．、]\s*(?P<label>\S.*)$")
# '年度指标值:每年≥20场', '实施周期指标值：≥99.5%', '年度指标值》90%' (no colon: the sign follows the label).
_PAIR = re.compile(r"^(?P<label>[^:：≥≤=<>＜＞≧≦》《]{2,12}?)\s*(?:[:：]\s*|(?=[≥≤=<>＜＞≧≦》]))(?P<value>.*)$")
_LEVEL_WORD = re.compile(r"(?:指标|效益|满意度|成本|影响)$")
MIN_RECORDS = 1


@dataclass(slots=True)
class Record:
    """One indicator written as a record."""

    text: str  # as printed, without its number
    level1: str | None = None
    level2: str | None = None
    codes: dict[str, str] = field(default_factory=dict)  # "一级代码" / "二级代码" -> the printed code
    name: str = ""
    value: str | None = None  # the annual (年度) target, or the only one
    period_value: str | None = None  # the 实施期 / 实施周期 target
    rest: list[str] = field(default_factory=list)  # parts that are no label, name or target


# A number whose '、' a scan lost where a line wrapped ('。3' | '、1-产出指标' read '。31-产出指标'):
# after a record's full stop, digits run straight into a level code and its dash. Which digits are
# the number is settled by the number expected (`_glued_number`).
_GLUED = re.compile(r"(?<=。)\s*(?P<d>\d{2,4})(?=\s*[-－—]\s*\S)")


def _glued_number(m: re.Match[str], expected: int) -> int | None:
    """Where the expected number ends inside `m`'s digits, a code of one or two digits after it."""
    digits = m["d"]
    cut = len(str(expected))
    if digits.startswith(str(expected)) and 1 <= len(digits) - cut <= 2:
        return m.start("d") + cut
    return None


def split_records(text: str) -> list[str]:
    """The numbered records of a cell, each without its number and with its wrapped lines joined;
    [] where the cell numbers none. A number counts where it goes on from the one before (or starts
    again at 1), so a figure at a line's start ('2.5万元') is no record."""
    cell = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    starts: list[tuple[int, int]] = []  # (where the number starts, where the record's text starts)
    expected = 1
    # Candidates in the cell's order; at one place a printed number before a run-on or glued one.
    patterns = {"number": _NUMBER, "run_on": _NUMBER_RUN_ON, "glued": _GLUED}
    found = [(m.start(), kind, m) for kind, rx in patterns.items() for m in rx.finditer(cell)]
    found.sort(key=lambda c: (c[0], list(patterns).index(c[1])))
    for at, kind, m in found:
        if starts and at < starts[-1][1]:
            continue  # inside the number just taken (matched twice)
        if kind == "glued":
            if starts and (body := _glued_number(m, expected)) is not None:
                starts.append((at, body))
                expected += 1
            continue
        n = _number_of(m)
        if kind == "run_on" and (n != expected or n == 1):
            continue
        if n == expected or (n == 1 and starts):
            starts.append((m.start(), m.end()))
            expected = n + 1
    if not starts or cell[: starts[0][0]].strip():
        return []
    out = []
    for i, (_, begins) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(cell)
        body = join_wrapped_lines(cell[begins:end].strip()).strip().rstrip("。；;").strip()
        if body:
            out.append(body)
    return out


def _number_of(m: re.Match[str]) -> int:
    groups = m.groupdict()
    if groups.get("c"):
        return _CIRCLED.index(groups["c"]) + 1
    return int(groups.get("n") or groups["p"])


def parse_record(text: str) -> Record | None:
    """A record's parts; None where it names no target (not a record of an indicator). A part
    after a target that is no label nor target of its own goes on that target: its value held a
    separator ('一级事件≤1小时；二级事件≤2小时')."""
    record = Record(text=text)
    pieces = _PARTS_KEPT.split(text)
    last_target: str | None = None
    for i in range(0, len(pieces), 2):
        part = pieces[i].strip()
        if not part:
            continue
        if _take_labelled_level(record, part) or _take_level(record, part):
            continue
        if (target := _take_target(record, part)) is not None:
            last_target = target
            continue
        if last_target is not None:
            setattr(record, last_target, f"{getattr(record, last_target)}{pieces[i - 1].strip() or '；'}{part}")
        elif not record.name:
            record.name = part
        else:
            record.rest.append(part)
    if record.value is None and record.period_value is None:
        return None
    return record


_LABELLED_SLOT = {"level1": "level1", "level2": "level2", "level3": "name"}


def _take_labelled_level(record: Record, part: str) -> bool:
    """A level or the name under its own label ('一级指标：产出指标', '三级指标：会议活动保障次数'),
    each once."""
    m = _PAIR.match(part)
    slot = _LABELLED_SLOT.get(role_of(m["label"]) or "") if m is not None else None
    if slot is None or getattr(record, slot) or not m["value"].strip():
        return False
    setattr(record, slot, m["value"].strip())
    return True


def _take_level(record: Record, part: str) -> bool:
    """A level label ('1-产出指标', '数量指标'), in order: 一级 first, then 二级, before the name."""
    if record.name or record.level2 is not None:
        return False
    m = _CODED.match(part)
    code, label = (m["code"], m["label"]) if m else (None, part)
    slot = "level1" if record.level1 is None else "level2"
    if not _is_level_label(label, slot, coded=code is not None):
        if slot == "level1" and _is_level_label(label, "level2", coded=code is not None):
            slot = "level2"  # a record that prints only its 二级
        else:
            return False
    setattr(record, slot, label)
    if code is not None:
        record.codes["一级代码" if slot == "level1" else "二级代码"] = code
    return True


def _is_level_label(label: str, slot: str, coded: bool) -> bool:
    key = label.replace(" ", "")
    if key in LEVEL_LABELS[slot] or f"{key}指标" in LEVEL_LABELS[slot]:
        return True
    # A label outside the vocabulary counts only with its code or its level word: '22-社会效益'.
    return coded and len(key) <= 10 and bool(_LEVEL_WORD.search(key))


def _take_target(record: Record, part: str) -> str | None:
    """The target a '名称：值' part gives ('value' or 'period_value'), set on the record."""
    m = _PAIR.match(part)
    if m is None:
        return None
    role = role_of(m["label"])
    if role not in ("value", "period_value"):
        return None
    setattr(record, role, m["value"].strip().rstrip("。；;").strip())
    return role


def looks_like_records(text: str) -> bool:
    """A cell that reads as numbered records of indicators: numbered, and naming a target label
    or a level label; what such a cell yields is checked, never dropped silently."""
    if not split_records(text):
        return False
    key = text.replace(" ", "")
    return bool(re.search(r"指标值|目标值", key)) or any(label in key for label in LEVEL_LABELS["level1"])


def parse_records(text: str) -> tuple[list[Record], list[str]]:
    """The records of a cell, and the numbered parts that are no record (to be reported)."""
    records: list[Record] = []
    unread: list[str] = []
    for body in split_records(text):
        record = parse_record(body)
        if record is None:
            unread.append(body)
        else:
            records.append(record)
    return records, unread
