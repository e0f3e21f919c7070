"""The trainer's guided walk: each case pattern of the corpus, in an order a trainer presents it.

For each rule, in :data:`PATTERNS` order, the walk shows the pattern, the rule it
breaks (as docs/rules.md states the basis), and the first findings of that rule
(certain ones first), each with its path and evidence. Names and ID numbers are
masked the way notices mask them: the walk always uses trainer masking.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qinyou.detect.finding import TITLES
from qinyou.explore.findings import mask_finding
from qinyou.graph.privacy import Masking


@dataclass(frozen=True)
class Pattern:
    rule: str
    pattern: str
    basis: str


#: the order a trainer presents the patterns in: money to the dead first (plain), kin last (subtle)
PATTERNS: tuple[Pattern, ...] = (
    Pattern("deceased_paid", "死亡后仍发放资金：一卡通发放日期晚于火化/死亡登记日期。",
            "冒领惠民惠农资金；一卡通发放数据与殡葬火化数据比对。"),
    Pattern("duplicate_benefit", "一人同时在两个低保户中享受，或同时享受低保和特困供养。",
            "特困供养与低保不得重复享受；一人只能在一个保障户中。"),
    Pattern("self_benefit", "村干部本人家庭在任职期间享受低保。",
            "低保审核确认对村干部本人家庭的备案与从严审核规定；民政数据比对。"),
    Pattern("kin_benefit", "村干部的近亲属在其任职村（或乡镇干部在其乡镇）享受低保，是否备案另列。",
            "《最低生活保障审核确认办法》(民发〔2021〕57号) 近亲属备案与回避；《民法典》第1045条。"),
    Pattern("repeat_offender", "同一人在两份以上通报的案件中出现（屡查屡犯）。",
            "典型问题通报中屡查屡犯的情形。"),
    Pattern("post_after_punishment", "受撤职、留党察看等处分后仍在村（社区）任职（带病上岗）。",
            "《中国共产党纪律处分条例》《公职人员政务处分法》关于处分影响期的规定。"),
)


@dataclass
class Stop:
    """One stop of the walk: a pattern and one of its findings (masked notice-style)."""

    pattern: Pattern
    title: str
    finding: dict[str, Any]


def walk(findings: list[dict[str, Any]], per_rule: int = 2) -> list[Stop]:
    """The stops of the walk over ``findings`` (as :func:`qinyou.explore.findings.all_findings` gives them)."""
    shown = Masking(trainer=True)
    stops = []
    for p in PATTERNS:
        mine = sorted((f for f in findings if f["rule"] == p.rule), key=lambda f: (f["certainty"] != "certain", f["id"]))
        stops += [Stop(p, TITLES[p.rule][0], mask_finding(f, shown)) for f in mine[:per_rule]]
    return stops
