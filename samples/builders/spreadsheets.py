"""Spreadsheet and legacy-office samples with new content (an agriculture bureau, not a seed).

`build_traits` writes an .xlsx with every trait the spreadsheet reader must handle: header
labels with full-width colons and a currency inside the label, a code kept as text, a hidden
row (a withdrawn indicator) and a hidden column (an internal key), a target formatted as a
percentage, a deadline stored as a date, a target computed by a formula (cached value), empty
trailing rows, two project tables stacked in one sheet, and a blank template sheet. LibreOffice
re-saves it so the formula has its cached value, and converts it to .xls and .ods; the DOCX
sample 003 becomes .doc, .wps (a Word-compatible WPS file), .odt and .rtf.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

TITLE = "2024年度项目支出绩效目标申报表"
HEADER = ["一级指标", "二级指标", "三级指标", "目标值", "指标解释", "内部编号"]

PROJECT_A = {
    "code": "530102240000000123",
    "name": "高标准农田建设项目",
    "unit": "某县农业农村局",
    "total": 1280.5,
    "goal": "新建高标准农田2.3万亩，灌溉保证率提高到85%以上。",
    "rows": [
        ("产出指标", "数量指标", "新建高标准农田面积", "K01", "≥2.3万亩", "按建设计划"),
        ("产出指标", "数量指标", "已撤回的指标", "K02", "10个", "撤回，隐藏行"),
        ("产出指标", "质量指标", "工程验收合格率", "K03", 0.98, "按验收规范"),
        ("产出指标", "时效指标", "项目完工时间", "K04", date(2024, 11, 30), "按合同工期"),
        ("产出指标", "成本指标", "亩均建设成本", "K05", "≤3000元/亩", "按概算"),
        ("效益指标", "经济效益指标", "粮食亩产增加", "K06", "=E_FORMULA", "增产测算"),
        ("效益指标", "社会效益指标", "受益农户数", "K07", "不少于1,250户", "按受益清单"),
        ("满意度指标", "服务对象满意度指标", "受益农户满意度", "K08", "≧90%", "问卷调查"),
    ],
}
PROJECT_B = {
    "code": "530102240000000124",
    "name": "农机购置补贴项目",
    "unit": "某县农业农村局",
    "total": 356,
    "goal": "补贴农户购置农机具，全年办结补贴申请。",
    "rows": [
        ("产出指标", "数量指标", "补贴农机具数量", "M01", "两百台", "按申请"),
        ("产出指标", "时效指标", "补贴资金兑付时限", "M02", "三个工作日内", "按办事指南"),
        ("满意度指标", "服务对象满意度指标", "购机农户满意度", "M03", "不低于 95%", "问卷调查"),
    ],
}


def _write_project(ws, top: int, p: dict, hidden_rows: list[int]) -> int:
    """One project block from row `top` (1-based); returns the next free row."""
    from openpyxl.styles import Alignment

    ws.cell(top, 1, TITLE)
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=6)
    labels = [
        ("项目编码：", p["code"], "项目名称：", p["name"]),
        ("申请单位：", p["unit"], "本年度项目金额（万元）：", p["total"]),
    ]
    r = top + 1
    for a, b, c, d in labels:
        ws.cell(r, 1, a)
        ws.cell(r, 2, b).number_format = "@"
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        ws.cell(r, 4, c)
        ws.cell(r, 5, d)
        ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=6)
        r += 1
    ws.cell(r, 1, "年度目标：")
    ws.cell(r, 2, p["goal"]).alignment = Alignment(wrap_text=True)
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
    r += 1
    for c, text in enumerate(HEADER, start=1):
        ws.cell(r, c, text)
    r += 1
    first = r
    for l1, l2, l3, key, target, note in p["rows"]:
        ws.cell(r, 1, l1)
        ws.cell(r, 2, l2)
        ws.cell(r, 3, l3)
        ws.cell(r, 6, key)
        cell = ws.cell(r, 4)
        if target == "=E_FORMULA":
            cell.value = "=25*2"  # 50 (公斤): the sheet shows the computed value
            ws.cell(r, 5, note + "（公斤/亩）")
        else:
            cell.value = target
            if isinstance(target, float):
                cell.number_format = "0%"
            elif isinstance(target, date):
                cell.number_format = "yyyy-mm-dd"
            ws.cell(r, 5, note)
        if l3 == "已撤回的指标":
            hidden_rows.append(r)
        r += 1
    # Level labels merged down over their rows, as budget systems export them.
    _merge_runs(ws, first, r - 1, 1)
    _merge_runs(ws, first, r - 1, 2)
    return r + 1


def _merge_runs(ws, first: int, last: int, col: int) -> None:
    start = first
    for r in range(first + 1, last + 2):
        if r > last or ws.cell(r, col).value != ws.cell(start, col).value:
            if r - 1 > start:
                value = ws.cell(start, col).value
                for rr in range(start + 1, r):
                    ws.cell(rr, col).value = None
                ws.merge_cells(start_row=start, start_column=col, end_row=r - 1, end_column=col)
                ws.cell(start, col).value = value
            start = r


def build_traits(target: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "1.高标准农田建设"
    hidden: list[int] = []
    _write_project(ws, 1, PROJECT_A, hidden)
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    ws.column_dimensions["F"].hidden = True  # 内部编号: an internal key column
    second = wb.create_sheet("2.两个项目")
    hidden2: list[int] = []
    nxt = _write_project(second, 1, PROJECT_B, hidden2)
    _write_project(second, nxt, {**PROJECT_B, "code": "530102240000000125", "name": "农机安全宣传项目"}, hidden2)
    blank = wb.create_sheet("3.空白模板")
    blank.cell(1, 1, TITLE)
    for c, text in enumerate(HEADER, start=1):
        blank.cell(2, c, text)
    for r, (l1, l2) in enumerate([("产出指标", "数量指标"), ("效益指标", "社会效益指标")], start=3):
        blank.cell(r, 1, l1)
        blank.cell(r, 2, l2)
    for col in "ABCDE":
        ws.column_dimensions[col].width = 18
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / target.name
        wb.save(raw)
        # LibreOffice re-saves it: formulas get their cached values, as a budget system's export has.
        _soffice("xlsx", raw, Path(tmp) / "out")
        shutil.copyfile(Path(tmp) / "out" / target.name, target)


def _soffice(fmt: str, source: Path, outdir: Path) -> Path:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise SystemExit("LibreOffice is needed to build these samples: apt-get install libreoffice-calc-nogui")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
             "--outdir", str(outdir), str(source)],
            check=True,
            capture_output=True,
            timeout=180,
        )  # fmt: skip
    return outdir / f"{source.stem}.{fmt.split(':')[0]}"


def build_all(root: Path) -> list[Path]:
    sheets = root / "samples" / "spreadsheets"
    office = root / "samples" / "office"
    office.mkdir(parents=True, exist_ok=True)
    traits = sheets / "010_agriculture_traits.xlsx"
    build_traits(traits)
    made = [traits]
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("xls", "ods"):
            out = _soffice(fmt, traits, Path(tmp))
            made.append(Path(shutil.copyfile(out, sheets / f"010_agriculture_traits.{fmt}")))
        source = root / "samples" / "docx" / "003_yunnan_department.docx"
        # LibreOffice's DOCX-to-DOC filter drops these generated tables; its ODT-to-DOC one keeps them.
        odt = _soffice("odt", source, Path(tmp) / "odt")
        for fmt, suffix, src in (
            ("doc", "doc", odt),
            ("doc", "wps", odt),
            ("odt", "odt", source),
            ("rtf", "rtf", source),
        ):
            out = _soffice(fmt, src, Path(tmp) / suffix)
            made.append(Path(shutil.copyfile(out, office / f"003_yunnan_department.{suffix}")))
    return made
