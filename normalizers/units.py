"""Units and operator words met in indicator values, longest first where it matters."""

from __future__ import annotations

import re

_UNIT_GROUPS = (
    "% ‰ 个百分点 百分点",
    "亿元 万元 千元 元 万元/人 元/人 元/次 元/人次 元/平方米 元/亩 元/台 元/户 元/年 元/月 元/人·天",
    "万人次 人次 万人 人份 人 名 位 户 家 例 万户",
    "平方米 平方公里 平米 ㎡ 立方米 万亩 亩 公顷 公里 千米 米 吨 万吨 千克 公斤 升",
    "小时 分钟 个工作日 工作日 天 日 周 个月 月 年 季度",
    "场次 批次 篇次 人天 课时 学时",
    "次 场 期 批 门 篇 份 册 本 张 块 套 台 辆 座 条 件 项 处 所 种 类 个",
    "支 届 班 组 间 部 页 幅 盒 箱 袋 双 株 棵 头 只 分 岁 起 宗 例次",
    "万 千",
)
UNITS = sorted({u for group in _UNIT_GROUPS for u in group.split()}, key=len, reverse=True)
UNIT_RE = "|".join(re.escape(u) for u in UNITS)

# Operator words and signs; checked longest first.
OPERATOR_PREFIX = {
    "大于或等于": ">=",
    "大于等于": ">=",
    "不少于": ">=",
    "不低于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "最少": ">=",
    "达到": ">=",
    "达": ">=",
    "小于或等于": "<=",
    "小于等于": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "不大于": "<=",
    "不多于": "<=",
    "最多": "<=",
    "控制在": "<=",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "小于": "<",
    "低于": "<",
    "少于": "<",
    "等于": "=",
    ">=": ">=",
    "<=": "<=",
    "≥": ">=",
    "≤": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
}
OPERATOR_SUFFIX = {
    "及以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
    "左右": "=",
}
PREFIX_RE = "|".join(re.escape(k) for k in sorted(OPERATOR_PREFIX, key=len, reverse=True))
SUFFIX_RE = "|".join(re.escape(k) for k in sorted(OPERATOR_SUFFIX, key=len, reverse=True))

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """Small Chinese numerals as written in notes: 一, 十二, 二十, 三十五."""
    if not text:
        return None
    if len(text) == 1:
        return 10 if text == "十" else CN_DIGITS.get(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = CN_DIGITS.get(tens) if tens else 1
        o = CN_DIGITS.get(ones) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return None
