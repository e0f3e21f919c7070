"""Penalties: party, administrative, light, organisational and criminal outcomes with dates.

A penalty belongs to the nearest named person before it in the same sentence,
and to the persons coordinated with that one (X、Y均被…; X和Y，受到…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qinyou.ingest.notices.lexicon import alternation, lexicon

_LEX = lexicon()
_ALL = [p for cls in ("party", "administrative", "light", "organisational") for p in _LEX.penalties[cls]]
_NUM = r"[\d一二三四五六七八九十两零〇]+"
_TERM = rf"{_NUM}年(?:{_NUM}个月)?|{_NUM}个月"
# open outcome patterns (a verb and its object as written), then the listed phrases
PENALTY_RE = re.compile(
    rf"(?:判处)?有期徒刑(?:{_TERM})(?:[,，]?缓刑(?:{_TERM}))?|(?:判处)?(?:拘役|管制)(?:{_TERM})(?:[,，]?缓刑(?:{_TERM}))?"
    rf"|(?<=并处)罚金(?:人民币)?[\d.一二三四五六七八九十百千万]+万?元|(?<!并处)(?<=处)罚金(?:人民币)?[\d.]+万?元"
    rf"|(?:移送|移交)(?:至|到|给)?[^，,。；;]{{0,12}}?(?:人民检察院|检察院|检察机关|司法机关|公安机关|公安局)"
    rf"|留党察看(?:{_NUM})年"
    # 责令其作出书面检查 / 责令写出深刻检讨: the order as written, with its object
    rf"|责令其(?:作出|做出|写出|进行)?(?:深刻|书面)?(?:的)?(?:检查|检讨)|责令(?:做出|写出)(?:深刻|书面)?(?:检查|检讨)"
    rf"|(?:撤销|罢免|责令(?:其)?辞去)[^，,。；;]{{1,16}}?(?:党内)?职务|(?:取消|终止)[^，,。；;]{{1,12}}?(?:资格|待遇)"
    rf"|降为(?:{_NUM}级)?[^，,。；;、]{{0,8}}?(?:科员|办事员|干部|职员|工人|级|岗位)"
    rf"|降低[^，,。；;]{{0,6}}?(?:待遇|等级|级别|职级|档次)"
    rf"|解除[^，,。；;]{{0,6}}?(?:聘用|劳动)(?:合同|关系)?"
    rf"|免去[^，,。；;]{{1,16}}?职务|调离[^，,。；;和及]{{1,10}}"
    rf"|(?:扣发|扣减|停发)[^，,。；;]{{1,20}}?(?:绩效工资|工资|奖金|补贴|报酬|薪酬|误工补贴)|" + alternation(_ALL))
_CLASS = {p: cls for cls in ("party", "administrative", "light", "organisational") for p in _LEX.penalties[cls]}
DATE_RE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:底|初)?|\d{4}年")


@dataclass(frozen=True)
class PenaltyMention:
    text: str         # simplified
    start: int
    end: int
    proposed: bool


def penalty_class(text: str) -> str:
    """party | administrative | light | organisational | criminal | other."""
    if re.search("徒刑|拘役|管制|罚金|移送|移交", text):
        return "criminal"
    for p, cls in sorted(_CLASS.items(), key=lambda kv: -len(kv[0])):
        if p in text:
            return cls
    if text.startswith(("免去", "调离", "撤销", "罢免", "取消", "终止", "责令辞去", "责令其辞去", "降为", "降低", "解除")):
        return "organisational"
    if text.startswith(("扣发", "扣减", "停发")):
        return "other"
    return "other"


def is_severe(text: str) -> bool:
    return penalty_class(text) == "criminal" or any(s in text for s in _LEX.penalties["severe"])


def find_penalties(text: str) -> list[PenaltyMention]:
    out = []
    for m in PENALTY_RE.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        clause = re.split(r"[，,。；;]", before)[-1]
        # 拟给予…处分: only proposed (拟定 / 模拟 are other words)
        proposed = bool(re.search(r"(?<!模)拟(?![定订写稿])", clause))
        out.append(PenaltyMention(m.group(0), m.start(), m.end(), proposed))
    return out
