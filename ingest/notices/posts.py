"""The post layer: titles such as 村党支部书记, 党委原委员, 扶贫办主任, found by regex.

A title is a run of unit words (村, 党支部, 民政办 ...) and time prefixes
(原/时任/现任/曾任) ending in a head word (书记, 主任, 会计 ...). Prefixes are
dropped from the title as output, also inside it (党委原委员 → 党委委员).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.notices.lexicon import alternation, lexicon

_LEX = lexicon()
_UNIT = alternation(list(_LEX.post_units)) + r"|[\d一二三四五六七八九十]+组"
_HEAD = alternation(list(_LEX.post_heads))
_PREFIX = alternation(list(_LEX.post_prefixes))
TITLE_RE = re.compile(rf"(?:(?:{_PREFIX})?(?:{_UNIT}))*(?:{_PREFIX})?(?:{_HEAD})")
_PREFIX_RE = re.compile(_PREFIX)


@dataclass(frozen=True)
class TitleMention:
    start: int
    end: int
    raw: str        # simplified text of the span

    @property
    def title_span(self) -> tuple[int, int]:
        """The span without a leading time prefix (原/时任 ...)."""
        m = _PREFIX_RE.match(self.raw)
        return (self.start + (m.end() if m else 0), self.end)


def clean_title(raw: str) -> str:
    """Drop 原/时任/现任/曾任/前任 anywhere in a title."""
    return _PREFIX_RE.sub("", raw)


def is_discipline(title: str) -> bool:
    return any(w in title for w in _LEX.discipline)


def find_titles(text: str) -> list[TitleMention]:
    """Every title mention of ``text`` (simplified), left to right, non-overlapping."""
    out = []
    for m in TITLE_RE.finditer(text):
        raw = m.group(0)
        # a bare unit character glued to a head is not a title (村长 is; 办主任 alone is fine)
        if len(clean_title(raw)) < 2:
            continue
        out.append(TitleMention(m.start(), m.end(), raw))
    return out
