"""Targets written as sentences: "绩效指标：租赁备灾仓库，面积不低于 100 平方米；…群众满意度达到 90%以上。"

A chain of small pure steps: split the indicator text into sentences and comma parts, find the
target in each part (operator word, number, unit, suffix: the value grammar's own words), name
the indicator from the words before (or after) it, and infer its level from cue words and units.
The cue tables are data here; a new wording is a new row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.grammar import CN_NUMERAL, MORE_THAN_MARKS, PREFIX_RE, SUFFIX_RE, UNIT_RE, YUAN_PER_UNIT
from normalizers.labels import WEIGHT_NOTE
from normalizers.values import UNIT_TAIL

# Labels that open a section's goal and its indicators ("绩效目标：", "年度指标：").
GOAL_LABELS = ("年度绩效目标", "绩效目标", "年度目标", "工作目标", "目标")
INDICATOR_LABELS = ("年度绩效指标", "绩效指标", "年度指标", "具体指标", "考核指标", "主要指标", "指标")
# A paragraph that opens with one of them: "绩效指标：…" (the longest label first).
LABELLED = re.compile(
    rf"^\s*(?P<label>{'|'.join(sorted({*GOAL_LABELS, *INDICATOR_LABELS}, key=len, reverse=True))})"
    r"\s*[:：]\s*(?P<text>.*)$"
)

# Verbs that open a clause and are not part of the indicator's name ("租赁备灾仓库" -> 备灾仓库).
LEADING_VERBS = (
    "进一步", "继续", "全年", "通过", "争取", "早日", "确保", "力争", "开展", "组织", "举办", "完成", "实现", "租赁",
    "提高",
    "提升", "增强", "加强", "促进", "推动", "制作", "发放", "招募", "保持", "维持", "做好", "加大", "扩大", "建立",
    "设立", "参与", "接受", "落实", "保障", "普及", "为", "对", "在", "使",
)  # fmt: skip
# Words between a name and its target that belong to neither ("满意度达到 90%": 达到 is the operator).
LINKING_WORDS = ("要达到", "需达到", "应达到", "保持", "维持", "均", "为", "是", "在", "要", "共", "累计", "计")
# A name part that reads as an indicator on its own: two names sharing one target are split
# ("合格率、及时率达到 90%以上", "社会影响力和工作满意度达到 90%以上").
INDICATOR_SUFFIX = re.compile(r"(率|度|力|性|次数|人数|人次|数量|数|程度|比例|面积|金额|成本|时间|周期)$")
# Nouns that make a clause without a number an indicator of its own ("提高社会影响力").
QUALITATIVE_NOUN = re.compile(r"影响力|影响|知名度|满意度|满意程度|认可度|效益|效果|合格率|及时率|达标率|稳定性|公信力")
TIMELY_WORDS = re.compile(r"按时|及时|按期|如期")

# (cue in the name or clause, level1, level2), first match wins; the unit decides last.
LEVEL_CUES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(cue), l1, l2)
    for cue, l1, l2 in (
        (r"满意", "满意度指标", "服务对象满意度指标"),
        (r"合格率|达标率|优良率|通过率|准确率|覆盖率|完好率|质量|合格", "产出指标", "质量指标"),
        (r"及时率|按时|及时|按期|如期|时限|完成时间|周期", "产出指标", "时效指标"),
        (r"带动|比例", "效益指标", "社会效益指标"),
        (r"成本|费用|经费|资金|补贴|工资|社保费|单价", "产出指标", "成本指标"),
        (r"可持续|长效|长期", "效益指标", "可持续影响指标"),
        (r"经济效益|收入|增收", "效益指标", "经济效益指标"),
        (r"生态|环境|绿化|节能|减排", "效益指标", "生态效益指标"),
        (r"影响|效益|效果|认可|带动|意识|能力|水平|稳定|公信力|知名度|归属感", "效益指标", "社会效益指标"),
    )
)
QUANTITY = ("产出指标", "数量指标")
TIME_UNITS = frozenset({"小时", "分钟", "天", "日", "个工作日", "工作日", "周", "个月"})


@dataclass(frozen=True, slots=True)
class Clause:
    """One indicator read from prose: its name, the clause it came from, the target as printed."""

    name: str
    description: str
    target: str | None  # the target's words ("不低于 100 平方米"); None for a qualitative indicator
    shortened: bool  # the name was cut from a longer phrase or completed from its context


# ---- sentences and parts -------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[；;。！!？?]")
_PART_END = re.compile(r"[，,]")
_QUOTED = re.compile(r"“[^”]*”|（[^）]*）|\([^)]*\)")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def parts(sentence: str) -> list[str]:
    """Comma parts, not split inside quotes or parentheses."""
    masked = _QUOTED.sub(lambda m: "\0" * len(m.group(0)), sentence)
    out, start = [], 0
    for m in _PART_END.finditer(masked):
        out.append(sentence[start : m.start()])
        start = m.end()
    out.append(sentence[start:])
    return [p.strip() for p in out if p.strip()]


# ---- targets -------------------------------------------------------------------------------

# A Chinese numeral counts only as a quantity ("举办一期"): not "新一届", "第一次", "数百人".
_NUMBER = rf"\d+(?:\.\d+)?|(?<![新第每同上下这那其本数几])(?:{CN_NUMERAL})(?=\s*(?:{UNIT_RE}))"
TARGET = re.compile(
    rf"(?P<op>{PREFIX_RE})?\s*(?P<num>{_NUMBER})\s*[{MORE_THAN_MARKS}]?"
    rf"\s*(?:(?P<ratio>[:：]\s*\d+(?:\.\d+)?)|(?P<unit>%|‰|{UNIT_TAIL}))?\s*(?P<post>{SUFFIX_RE})?"
)
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")


def find_target(part: str) -> re.Match[str] | None:
    """The number that is the target: with a unit, a percent, a ratio or an operator word; not a
    year ("2023 年") nor a count inside a name. Where a part has several, the one stated with an
    operator or a percent ("学前三年毛入园率不低于 92%": not 三年)."""
    found = list(_candidates(part))
    strong = [m for m in found if m["op"] or m["post"] or m["ratio"] or m["unit"] in ("%", "‰")]
    return (strong or found or [None])[0]


def _candidates(part: str):
    for m in TARGET.finditer(part):
        if _YEARISH.match(m["num"]) and (m["unit"] in (None, "年", "年度")):
            continue
        if set(m["num"]) <= set("百千万"):  # '百人' of '数百人': no number
            continue
        if m["unit"] or m["ratio"] or m["op"] or m["post"]:
            yield m


def _operator_before(part: str, start: int) -> int:
    """Where the target starts when an operator word stands a few characters before the number
    ("达到 90%以上"): TARGET took the nearest one already; this widens over linking words."""
    for word in LINKING_WORDS:
        if part[:start].rstrip().endswith(word):
            return part[:start].rstrip().rfind(word)
    return start


# ---- names ---------------------------------------------------------------------------------


def strip_verb(text: str, times: int = 3) -> str:
    """'争取早日实现志愿者登记注册目标' -> '实现志愿者…' -> … at most `times` verbs off the front."""
    text = text.strip(" 　、：:")
    for _ in range(times):
        verb = next((v for v in LEADING_VERBS if text.startswith(v) and len(text) - len(v) >= 4), None)
        if verb is None:
            break
        text = text[len(verb) :]
    return text


def _trim_linking(text: str) -> str:
    text = text.rstrip(" 　")
    changed = True
    while changed:
        changed = False
        for word in LINKING_WORDS:
            if text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)].rstrip(), True
    return text


def shorten(name: str, limit: int = 14) -> tuple[str, bool]:
    """A long phrase to its head: the words after the last 的 or 等 ('…提供服务的满意度' -> '服务满意度')."""
    if len(name) <= limit:
        return name, False
    for mark in ("的", "等"):
        i = name.rfind(mark)
        if 0 < i < len(name) - 1:
            tail = name[i + 1 :]
            return (name[max(0, i - 2) : i] + tail if len(tail) <= 4 else tail), True
    return name, False


def split_names(name: str) -> list[str]:
    """'合格率、及时率' -> both; '展牌及宣传资料' stays one (its parts are not indicators)."""
    pieces = [p for p in re.split(r"、|和", name) if p]
    if len(pieces) > 1 and all(INDICATOR_SUFFIX.search(p) and len(p) >= 2 for p in pieces):
        return pieces
    return [name]


def name_target(part: str, m: re.Match[str], context: list[str]) -> tuple[list[str], str, bool]:
    """Names, the target's printed words and whether a name was shortened or completed."""
    start = _operator_before(part, m.start())
    target = part[start : m.end()].strip()
    before = _trim_linking(part[:start])
    after = part[m.end() :].strip(" 　的")
    shortened = False
    name = strip_verb(before)
    if len(before.strip()) <= 2 and len(after) >= 2:  # '举办1期青少年交流活动': the noun follows
        name = strip_verb(after)
    if len(name) <= 2 and context:  # '租赁备灾仓库，面积不低于…': the object is in the part before
        name, shortened = strip_verb(context[-1]) + name, True
    name, cut = shorten(name)
    return split_names(name) if name else [], target, shortened or cut


def qualitative_name(part: str) -> str | None:
    """'提高社会影响力' names an indicator (社会影响力); '得到广大群众的充分认可' names none."""
    m = QUALITATIVE_NOUN.search(part)
    if m is None and not TIMELY_WORDS.search(part):
        return None
    name = strip_verb(part)
    if m is not None and len(name) > 14:
        name = name[: name.find(m.group(0)) + len(m.group(0))]
    return shorten(name)[0]


# ---- clauses ------------------------------------------------------------------------------


def clauses(text: str) -> list[Clause]:
    """Every indicator the text states: one per measurable part (or per name sharing a target),
    and one per part that names an indicator without a number. A part that does neither is
    context: it joins the description of the indicator before it in the sentence, or of the
    next one when none came before."""
    out: list[Clause] = []
    for sentence in sentences(text):
        context: list[str] = []
        last: list[int] = []  # indices in `out` of the sentence's latest indicators
        for part in parts(sentence):
            m = find_target(part)
            if m is not None:
                names, target, shortened = name_target(part, m, context)
                description = "，".join([*context, part])
                last = []
                for name in names:
                    last.append(len(out))
                    out.append(Clause(name, description, target, shortened or len(names) > 1))
                context = []
            elif (name := qualitative_name(part)) is not None:
                last = [len(out)]
                out.append(Clause(name, "，".join([*context, part]), None, name != part))
                context = []
            elif last:
                for i in last:
                    c = out[i]
                    out[i] = Clause(c.name, f"{c.description}，{part}", c.target, c.shortened)
            else:
                context.append(part)
    return out


def infer_levels(name: str, description: str, unit: str | None) -> tuple[str, str]:
    """level1 and level2 from the words of the name (then the clause) and the target's unit."""
    for text in (name, description):
        for cue, level1, level2 in LEVEL_CUES:
            if cue.search(text):
                return level1, level2
    if unit in YUAN_PER_UNIT:
        return "产出指标", "成本指标"
    if unit in TIME_UNITS:
        return "产出指标", "时效指标"
    return QUANTITY


# '（一）产出指标（50分）': the score a report gives each level-1 block.
LEVEL1_WEIGHT = re.compile(rf"(?P<level1>产出|效益|满意度|成本)指标\s*{WEIGHT_NOTE}")
