"""Money amounts: 2.3万元, 6230元, 4.61万余元, 十余万元, 5千元, 400多块 -> yuan.

>>> [(a.text, a.value_yuan) for a in find_amounts("骗取资金2.3万元，其中6230元和十余万元")]
[('2.3万元', 23000), ('6230元', 6230), ('十余万元', 100000)]
>>> parse_amount("400多块")
400
>>> parse_amount("20多户") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000, "千": 1000, "百": 100}
_APPROX = "余多几来"

AMOUNT_RE = re.compile(
    r"(?<![\d.])(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
    r"(?P<a1>[余多几来])?(?P<big>万|亿|千|百)?(?P<a2>[余多])?(?P<unit>元|块)")


@dataclass(frozen=True)
class Amount:
    value_yuan: int
    text: str
    start: int
    end: int


def cn_number(text: str) -> int | None:
    """A small Chinese-numeral parser (up to the thousands): 十 -> 10, 三百五 -> 350."""
    if not text:
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _value(m: re.Match[str]) -> int | None:
    num = m.group("num")
    if num[0].isdigit():
        base: float = float(num)
    else:
        if m.group("unit") == "块" and not m.group("big"):
            return None  # 一块 / 两块: a piece, not money
        parsed = cn_number(num)
        if parsed is None:
            return None
        base = parsed
    mult = _BIG.get(m.group("big") or "", 1)
    value = base * mult
    if value <= 0:
        return None
    return int(round(value))


def parse_amount(text: str) -> int | None:
    """The yuan value of one amount expression, or None if it is not money."""
    m = AMOUNT_RE.fullmatch(text.strip())
    return _value(m) if m else None


def find_amounts(text: str) -> list[Amount]:
    """Every money figure of ``text`` (simplified), once per distinct written form."""
    seen: set[str] = set()
    out: list[Amount] = []
    for m in AMOUNT_RE.finditer(text):
        value = _value(m)
        if value is None:
            continue
        after = text[m.end():m.end() + 1]
        if m.group("unit") == "块" and after in "地田" and after:
            continue
        if m.group(0) in seen:
            continue
        seen.add(m.group(0))
        out.append(Amount(value, m.group(0), m.start(), m.end()))
    return out
