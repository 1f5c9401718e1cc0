"""Targets written as prose (issue 18): seed 001's report without its appended table, seed 000's
first part, and two departments written in other styles (new content: other headings, labels,
operator words and units), as DOCX, and the 鹿泉 report also as a text PDF whose page breaks
cut sentences."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from samples.builders.kit import new_document, paragraphs
from samples.builders.prose_seeds import CHENGDE, LUQUAN

# An education bureau's whole-department targets: "（一）" headings, 年度目标/年度指标 labels.
EDUCATION = [
    "平山县教育局2025年部门整体支出绩效目标",
    "一、部门职责",
    "负责全县学前教育、义务教育和高中教育的统筹规划与管理，组织实施学生资助政策。",
    "二、年度绩效目标",
    "（一）学前教育普惠发展。",
    "年度目标：扩大公办幼儿园学位供给，提高学前教育普及普惠水平。",
    "年度指标：新增公办幼儿园学位 600 个；学前三年毛入园率不低于 92%；幼儿园专任教师培训覆盖率达 100%。",
    "（二）义务教育学生资助。",
    "年度目标：落实家庭经济困难学生生活补助政策，确保应助尽助。",
    "年度指标：资助家庭经济困难寄宿生 1850 人，资助资金及时足额发放；每生年均补助成本控制在 1250 元以内，"
    "资助申请审核在 5 个工作日内完成；受助学生家长满意度 95%以上。",
    "（三）校舍安全保障。",
    "年度目标：开展校舍安全隐患排查整治，保障师生安全。",
    "年度指标：排查学校 126 所，隐患整改完成率不低于 98%，维修改造经费不超过 320 万元，师生安全意识明显增强。",
    "三、保障措施",
    "（一）加强组织领导，压实各股室责任。",
]

# A health commission's self-evaluation: "(1)" headings, 绩效目标/绩效指标, scores stated inline.
HEALTH = [
    "临城县卫生健康局2024年度部门整体支出绩效自评报告",
    "一、基本情况",
    "本部门2024年度支出总计2,386.40万元，其中基本支出1,120.15万元，项目支出1,266.25万元。",
    "二、绩效目标完成情况",
    "(1) 免疫规划工作",
    "绩效目标：做好适龄儿童免疫规划疫苗接种，维持高水平接种率。",
    "绩效指标：全年完成免疫规划疫苗接种 1.2 万剂次，适龄儿童接种率保持在 95%以上，疫苗冷链运转合格率100%。",
    "(2) 家庭医生签约服务",
    "绩效目标：巩固家庭医生签约服务，提升基层首诊能力。",
    "绩效指标：重点人群签约服务覆盖 3.5 万人，人均签约服务成本不超过 80 元；群众对家庭医生服务满意率达到 90%以上。",
    "(3) 突发公共卫生事件应对",
    "绩效目标：提高突发公共卫生事件监测、报告和处置能力。",
    "绩效指标：组织应急演练 4 场，突发公共卫生事件报告及时率100%，接到报告后 2 小时内到达现场。",
    "三、自评结论",
    "产出指标（50 分）：各项产出均按计划完成。效益指标（30 分）：基层卫生服务能力持续提升。满意度指标（20 分）：群众满意度较高。",
]

DOCX = {
    "008_luquan_report": LUQUAN,
    "009_chengde_targets": CHENGDE,
    "010_pingshan_education": EDUCATION,
    "011_lincheng_health": HEALTH,
}


def build(texts: list[str]):
    doc = new_document()
    paragraphs(doc, texts[0], heading=1)
    for text in texts[1:]:
        outline = text[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"} or text.startswith("第")
        paragraphs(doc, text, heading=2 if outline else None)
    return doc


FONT = "STSong-Light"  # not embedded: the reader's own fallback font reads it on any machine
SIZE, LEADING, MARGIN = 10.5, 18.0, 72.0


def _lines(text: str, width: float) -> list[str]:
    out, line = [], ""
    for ch in text:
        if line and pdfmetrics.stringWidth(line + ch, FONT, SIZE) > width:
            out.append(line)
            line = ""
        line += ch
    return [*out, line]


def write_pdf(texts: list[str], path: Path, lines_per_page: int = 30) -> None:
    """A plain text PDF, pages short enough that paragraphs run across page breaks."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = 595.0, 842.0
    canvas = Canvas(str(path), pagesize=(width, height), invariant=1)
    y, n, page = height - MARGIN, 0, 1
    for text in texts:
        for line in _lines(text, width - 2 * MARGIN):
            if n == lines_per_page:
                canvas.setFont(FONT, 9)
                canvas.drawCentredString(width / 2, 40, f"- {page} -")
                canvas.showPage()
                y, n, page = height - MARGIN, 0, page + 1
            canvas.setFont(FONT, SIZE)
            canvas.drawString(MARGIN, y, line)
            y -= LEADING
            n += 1
        y -= 6
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(width / 2, 40, f"- {page} -")
    canvas.save()
