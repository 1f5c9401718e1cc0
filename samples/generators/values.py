"""Target strings in the styles real forms use, each with the parse it must give.

The truth comes from how each string is composed, never from the parser. Every string belongs
to one construction class, so accuracy can be reported per class. Seeds make it reproducible:
the tests use a fixed development range; the benchmark reports on seeds drawn afresh at each run.

    python -m samples.generators.values --write     # rewrite tests/data/value_corpus.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "value_corpus.jsonl"
DEV_SEEDS = range(0, 40)  # the tests' corpus, developed against
# The benchmark's held-out seeds are drawn afresh at each run (bench/seeds.py).


@dataclass(frozen=True)
class Case:
    raw: str
    cls: str
    operator: str | None = None
    number: float | None = None
    number_max: float | None = None
    unit: str | None = None
    has_text: bool = False
    deadline: str | None = None


# Operator spellings as forms print them (misprints included) and what they mean.
PREFIXES = {
    ">=": ["≥", "≧", ">=", "不少于", "不低于", "不小于", "至少", "达到", "大于等于", "大于或等于", "大于或者等于",
           "不少", "》", "最少"],
    "<=": ["≤", "≦", "<=", "不超过", "不高于", "不大于", "小于等于", "小于或等于", "小于或者等于", "不超",
           "不超过过", "最多", "控制在"],
    ">": [">", "＞", "大于", "高于", "超过", "多于"],
    "<": ["<", "＜", "小于", "低于", "少于"],
    "=": ["", "=", "等于"],
}  # fmt: skip
SUFFIXES = {">=": ["以上", "及以上"], "<=": ["以内", "之内", "以下", "及以下", "内"]}
# (printed unit, the unit the parse must give)
UNITS = [
    ("%", "%"), ("人", "人"), ("人次", "人次"), ("万人次", "万人次"), ("次", "次"), ("场", "场"), ("个", "个"),
    ("户", "户"), ("家", "家"), ("所", "所"), ("项", "项"), ("件", "件"), ("份", "份"), ("万份", "万份"),
    ("册", "册"), ("本", "本"), ("篇", "篇"), ("期", "期"), ("批", "批"), ("台", "台"), ("辆", "辆"),
    ("套", "套"), ("座", "座"), ("栋", "栋"), ("盆", "盆"), ("盏", "盏"), ("株", "株"), ("棵", "棵"),
    ("处", "处"), ("条", "条"), ("公里", "公里"), ("千米", "千米"), ("米", "米"), ("平方米", "平方米"),
    ("万平方米", "万平方米"), ("㎡", "㎡"), ("亩", "亩"), ("万亩", "万亩"), ("公顷", "公顷"), ("吨", "吨"),
    ("万吨", "万吨"), ("万元", "万元"), ("元", "元"), ("亿元", "亿元"), ("元/人", "元/人"), ("元/人·月", "元/人·月"),
    ("元/平方米", "元/平方米"), ("天", "天"), ("个工作日", "工作日"), ("小时", "小时"), ("个小时", "小时"),
    ("分钟", "分钟"), ("个月", "个月"), ("分", "分"), ("度", "度"), ("百分比", "%"), ("亿次", "亿次"),
    ("万次", "万次"), ("秒/百小时", "秒/百小时"), ("次/年", "次/年"), ("人/班", "人/班"), ("课时", "课时"),
    ("个百分点", "个百分点"), ("例", "例"), ("起", "起"), ("名", "名"), ("位", "位"), ("宗", "宗"),
]  # fmt: skip
TIME_UNITS = [("小时", "小时"), ("个小时", "小时"), ("个工作日", "工作日"), ("工作日", "工作日"), ("天", "天"),
              ("分钟", "分钟"), ("日", "日")]  # fmt: skip
CN = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十", 12: "十二",
      15: "十五", 20: "二十", 24: "二十四", 30: "三十", 48: "四十八", 100: "一百", 120: "一百二十",
      300: "三百"}  # fmt: skip
SUBJECTS = ["培训人数", "覆盖率", "验收合格率", "资金支付进度", "群众满意度", "项目完成率", "设备完好率",
            "宣传覆盖面", "服务对象满意度", "总成本", "人均成本", "处置及时率", "开工数量", "建设面积"]  # fmt: skip
QUALITATIVE = ["明显提升", "及时", "达标", "良好", "有效改善", "显著", "逐步提高", "稳步提升", "合格", "符合要求",
               "持续改善", "得到有效保障", "不适用", "无", "/", "较上年有所提高", "按时完成", "长期", "优"]  # fmt: skip
CHANGES = ["提升", "提高", "增长", "下降", "降低", "减少"]
PERIODS = [("每年", "年"), ("每季度", "季度"), ("每月", "月"), ("每周", "周"), ("每天", "天"), ("每学期", "学期")]


def _number(rng: random.Random) -> tuple[str, float]:
    kind = rng.random()
    if kind < 0.45:
        n = rng.choice([1, 2, 3, 5, 8, 10, 12, 20, 30, 50, 60, 80, 85, 90, 95, 98, 100, 120, 200, 365, 500, 1000])
        n = n if rng.random() < 0.6 else rng.randint(1, 9999)
        return str(n), float(n)
    if kind < 0.7:
        printed = f"{rng.uniform(0.1, 999):.{rng.choice([1, 2])}f}"
        return printed, float(printed)
    if kind < 0.85:
        n = rng.randint(1000, 9_999_999)
        return f"{n:,}", float(n)  # thousands separators
    n = rng.randint(0, 999)
    return "".join(chr(ord(c) + 0xFEE0) for c in str(n)), float(n)  # full-width digits


def _fix(printed: str, value: float) -> tuple[str, float]:
    # '12.50' prints two places but is the number 12.5: keep the printed form, the value exact
    return printed, float(printed.replace(",", "")) if printed.isascii() else value


def op_number_unit(rng: random.Random) -> Case:
    op = rng.choice(list(PREFIXES))
    word = rng.choice(PREFIXES[op])
    printed, n = _fix(*_number(rng))
    unit, expect = rng.choice(UNITS)
    space = " " if word and rng.random() < 0.15 else ""
    return Case(f"{word}{space}{printed}{unit}", "op_number_unit", op, n, unit=expect)


def suffix_operator(rng: random.Random) -> Case:
    op = rng.choice(list(SUFFIXES))
    printed, n = _fix(*_number(rng))
    unit, expect = rng.choice(UNITS)
    return Case(f"{printed}{unit}{rng.choice(SUFFIXES[op])}", "suffix_operator", op, n, unit=expect)


def chinese_numeral(rng: random.Random) -> Case:
    n = rng.choice(list(CN))
    unit, expect = rng.choice([u for u in UNITS if u[0] not in ("%", "百分比", "个百分点", "度", "分")])
    op = rng.choice(["=", ">=", "<="])
    word = {"=": "", ">=": rng.choice(["≥", "不少于", "至少", "≧"]), "<=": rng.choice(["≤", "不超过"])}[op]
    # '九千米' reads 9000 米, not 9 千米; '二十四千米' 24 千米 (a 千 after 十 or 百 is the unit's)
    if unit.startswith("千") and not set(CN[n]) & set("十百"):
        return Case(f"{word}{CN[n]}{unit}", "chinese_numeral", op, float(n) * 1000, unit=expect[1:])
    return Case(f"{word}{CN[n]}{unit}", "chinese_numeral", op, float(n), unit=expect)


def time_limit(rng: random.Random) -> Case:
    unit, expect = rng.choice(TIME_UNITS)
    if rng.random() < 0.3:
        return Case(f"半{unit.removeprefix('个')}内", "time_limit", "<=", 0.5, unit=expect)
    n = rng.choice([1, 2, 3, 5, 7, 10, 15, 24, 30, 48, 72])
    digits = CN[n] if n in CN and rng.random() < 0.4 else str(n)
    return Case(f"{digits}{unit}{rng.choice(['内', '以内', '之内'])}", "time_limit", "<=", float(n), unit=expect)


def value_range(rng: random.Random) -> Case:
    a = rng.randint(1, 900)
    b = a + rng.randint(1, 900)
    unit, expect = rng.choice(UNITS[:30])
    sep = rng.choice(["-", "～", "至", "~", "到"])
    raw = f"{a}{unit}{sep}{b}{unit}" if rng.random() < 0.4 else f"{a}{sep}{b}{unit}"
    return Case(raw, "range", "range", float(a), float(b), expect)


def deadline(rng: random.Random) -> Case:
    y, m = rng.randint(2021, 2027), rng.randint(1, 12)
    last = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    style = rng.randrange(4)
    if style == 0:
        return Case(f"{y}年{m}月底前完成", "deadline", has_text=True, deadline=f"{y}-{m:02d}-{last:02d}")
    if style == 1:
        d = rng.randint(1, last)
        return Case(f"{y}年{m}月{d}日前", "deadline", has_text=True, deadline=f"{y}-{m:02d}-{d:02d}")
    if style == 2:
        q = rng.randint(1, 4)
        qm = q * 3
        ql = [31, 30, 30, 31][q - 1]
        return Case(f"{y}年第{'一二三四'[q - 1]}季度", "deadline", has_text=True, deadline=f"{y}-{qm:02d}-{ql}")
    return Case(f"{y}年{m}月底", "deadline", has_text=True, deadline=f"{y}-{m:02d}-{last:02d}")


def not_a_quantity(rng: random.Random) -> Case:
    y = rng.randint(2021, 2027)
    m1 = rng.randint(1, 6)
    m2 = rng.randint(m1 + 1, 12)
    style = rng.randrange(4)
    last = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m2 - 1]
    if style == 0:
        return Case(f"{y}年{m1}-{m2}月", "date_period", has_text=True, deadline=f"{y}-{m2:02d}-{last:02d}")
    if style == 1:
        return Case(f"每月{rng.randint(1, 28)}日前", "date_period", has_text=True)
    if style == 2:
        return Case(f"{rng.randint(8, 20)}:{rng.choice(['00', '30'])}前", "date_period", has_text=True)
    return Case(f"每月{rng.randint(1, 28)}号前报送", "date_period", has_text=True)


def frequency(rng: random.Random) -> Case:
    word, period = rng.choice(PERIODS)
    n = rng.randint(1, 12)
    unit = rng.choice(["次", "场", "期", "篇", "批"])
    op, sign = rng.choice([("=", ""), (">=", "≥"), (">=", "≧"), (">=", "不少于"), ("<=", "≤")])
    return Case(f"{word}{sign}{n}{unit}", "frequency", op, float(n), unit=f"{unit}/{period}")


def change(rng: random.Random) -> Case:
    printed, n = _fix(*_number(rng))
    if not printed.isascii():
        printed, n = "5", 5.0
    return Case(f"{rng.choice(CHANGES)}{printed}%", "change", "=", n, unit="%", has_text=True)


def qualitative(rng: random.Random) -> Case:
    return Case(rng.choice(QUALITATIVE), "qualitative", has_text=True)


def compound(rng: random.Random) -> Case:
    a, b = rng.sample(range(1, 500), 2)
    u1, u2 = rng.choice(UNITS[:25])[0], rng.choice(UNITS[:25])[0]
    s1, s2 = rng.sample(SUBJECTS, 2)
    return Case(f"{s1}不少于{a}{u1}，{s2}不少于{b}{u2}", "compound", has_text=True)


def two_lines(rng: random.Random) -> Case:
    op = rng.choice(["≥", "≤", ""])
    unit, expect = rng.choice(UNITS[:20])
    a = rng.randint(1, 500)
    if rng.random() < 0.5:
        meaning = {"≥": ">=", "≤": "<=", "": "="}[op]
        return Case(f"{op}{a}{unit}\n{op}{a}{unit}", "two_lines", meaning, float(a), unit=expect)
    b = a + rng.randint(1, 50)
    return Case(f"{a}\n{b}", "two_lines", has_text=True)


def with_subject(rng: random.Random) -> Case:
    op = rng.choice([">=", "<=", ">"])
    word = rng.choice(PREFIXES[op][:6])
    printed, n = _fix(*_number(rng))
    unit, expect = rng.choice(UNITS)
    year = f"{rng.randint(2021, 2027)}年" if rng.random() < 0.4 else ""
    return Case(f"{year}{rng.choice(SUBJECTS)}{word}{printed}{unit}", "with_subject", op, n, unit=expect,
                has_text=True)  # fmt: skip


def approximate(rng: random.Random) -> Case:
    n = rng.randint(2, 500)
    unit, expect = rng.choice(UNITS[:30])
    raw = f"约{n}{unit}" if rng.random() < 0.5 else f"{n}{unit}左右"
    return Case(raw, "approximate", "=", float(n), unit=expect, has_text=True)


def paren_unit(rng: random.Random) -> Case:
    op = rng.choice(["=", ">=", "<="])
    sign = {"=": "", ">=": "≥", "<=": "≤"}[op]
    n = rng.randint(1, 500)
    unit, expect = rng.choice([u for u in UNITS if "/" not in u[0]][:40])
    dec = rng.choice(["", ".00", ".0"])
    bracket = rng.choice([("(", ")"), ("（", "）")])
    return Case(f"{sign}{n}{dec}{bracket[0]}{unit}{bracket[1]}", "paren_unit", op, float(n), unit=expect)


CLASSES: dict[str, Callable[[random.Random], Case]] = {f.__name__: f for f in (
    op_number_unit, suffix_operator, chinese_numeral, time_limit, value_range, deadline, not_a_quantity, frequency,
    change, qualitative, compound, two_lines, with_subject, approximate, paren_unit)}  # fmt: skip


def cases(seeds: range) -> Iterator[Case]:
    """Distinct cases: each seed draws one string of every class; repeats are dropped."""
    seen: set[str] = set()
    for seed in seeds:
        for name, make in CLASSES.items():
            case = make(random.Random(f"{seed}:{name}"))
            if case.raw not in seen:
                seen.add(case.raw)
                yield case


def write(path: Path = CORPUS, seeds: range = DEV_SEEDS) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [json.dumps(asdict(c), ensure_ascii=False) for c in cases(seeds)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    if "--write" in sys.argv:
        print(f"{write()} cases -> {CORPUS}")
