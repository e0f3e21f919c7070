"""Violation labels (the 12 of the controlled vocabulary) from cue phrases and context.

Cues come from ``ingest/dicts/violations.yaml``. Context rules on top: money
drawn in relatives' names (代领) is a false claim, not favouritism; 套取 next
to 挪用 is diversion plus falsification; 骗取 caused by someone's laxity
(造成…骗取) is dereliction of the official, not his false claim.
"""
from __future__ import annotations

import bisect
import re

from qinyou.ingest.notices.lexicon import lexicon

LABELS = ("优亲厚友", "虚报冒领", "截留私分", "贪污侵占", "挪用资金", "吃拿卡要", "失职失责", "弄虚作假",
          "违规审批", "违规分配", "违规享受", "对抗组织审查")
_CUES = {label: re.compile("|".join(f"(?:{c})" for c in cues)) for label, cues in lexicon().violations.items()}
_BENEFIT = re.compile(r"低保|五保|特困|补助|补贴|救助|救济")
_FAVOUR = re.compile(r"纳入|办理|识别|享受|招进|安排|评为|评定|领取|申报|照顾|优先")
_USED_NAMES = re.compile(r"代领|(没有|未)领取|不知道此事")
_SENT = re.compile(r"[^。;；!！?？\n]+")
# 5起 / 十余起 (not 一起: one case, which is this one) … 典型案件; a colon ends that part
_ROUNDUP = re.compile(r"(?:\d+|[二三四五六七八九十几多][一二三四五六七八九十几多余]*)起.{0,30}(?:典型|案件|案例|问题)"
                      r"|典型案例中|典型问题中")
_PART = re.compile(r"[^。;；!！?？\n：:]+")


def classify(text: str, kin_spans: list[tuple[int, int]]) -> list[str]:
    """Labels of one item (simplified text); ``kin_spans`` are kinship words tied to officials."""
    # a sentence that counts cases (通报了8起…方面的典型案件) names violation types, not this case's
    roundup = [m.span() for m in _PART.finditer(text) if _ROUNDUP.search(m.group(0))]
    scope = text
    if roundup and len(roundup) < len(list(_PART.finditer(text))):
        keep = [True] * len(text)
        for a, b in roundup:
            keep[a:b] = [False] * (b - a)
        scope = "".join(ch if k else "。" for ch, k in zip(text, keep))
    elif roundup:  # the count sentence is the whole item: drop only the counted categories
        keep = [True] * len(text)
        for m in _ROUNDUP.finditer(text):
            keep[m.start():m.end()] = [False] * (m.end() - m.start())
        scope = "".join(ch if k else "。" for ch, k in zip(text, keep))
    found = {label for label, rx in _CUES.items() if rx.search(scope)}
    if "套取" in text and "挪用" in text and not re.search(r"冒领|虚报|骗取|代领|虚列", text):
        found.discard("虚报冒领")
    if "虚报冒领" in found and not re.search(
            r"冒领|虚报|(?<!造成一)(?<!公司)骗取|代领|冒名|虚列|虚增|死后领|套取|名义|去世|死亡"
            r"|虚构|重复申报|重复领取|多计算|多报|多领|虚领|冒用|顶替|套领|骗领|私自领取|虚设|骗保|骗补", text):
        found.discard("虚报冒领")
    if re.search(r"(造成|导致|致使).{0,8}骗取", text) and not re.search(r"冒领|虚报|代领|套取", text):
        found.discard("虚报冒领")
        found.add("失职失责")
    used_names = bool(_USED_NAMES.search(text))
    kin_starts = sorted(s for s, _ in kin_spans)
    for sent in _SENT.finditer(text) if kin_starts else ():
        i = bisect.bisect_left(kin_starts, sent.start())
        if i >= len(kin_starts) or kin_starts[i] >= sent.end():
            continue
        body = sent.group(0)
        if _FAVOUR.search(body) and not used_names:
            found.add("优亲厚友")
            if _BENEFIT.search(body):
                found.add("违规享受")
            if not re.search(r"违规审批|违规审核", text):
                found.discard("违规审批")
    if "优亲厚友" in found and used_names:
        found.discard("优亲厚友")
    if "违规审批" in found and kin_spans and "优亲厚友" in found and not re.search(r"违规审批|违规审核", text):
        found.discard("违规审批")  # a notice heading that names 违规审批 keeps it
    return [label for label in LABELS if label in found]
