"""Script handling: detect traditional text and convert it to simplified, character-aligned.

The extractor works on a simplified copy of the text with exactly the same
length, so every span found in the copy is valid in the original, and output
strings are cut from the original (same script as the input).
"""
from __future__ import annotations

import functools
from typing import Any

# characters that only occur in traditional text (a small, frequent set)
_TRAD_ONLY = set("們這個會來時後說對於與過還從當發經開關將應當問題現實體區縣鄉鎮書記黨員處職務紀監察報辦濟貧錢萬餘億親屬"
                 "貪違規領補貼戶數據審批處罰責給於並為義產權獲資當們員實際認識讓請謝該組織")


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def is_traditional(text: str) -> bool:
    """True when traditional-only characters make up a noticeable share of the Han text."""
    sample = text[:5000]
    han = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    if not han:
        return False
    trad = sum(1 for c in sample if c in _TRAD_ONLY)
    return trad >= 3 and trad / han > 0.02


def to_simplified(text: str) -> str:
    """Simplified copy of ``text`` with the same length (per character if needed)."""
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        return str(out)
    chars = []
    for ch in text:
        c = conv.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)
