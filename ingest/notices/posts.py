"""The post layer: titles such as 村党支部书记, 党委原委员, 扶贫办主任, found by regex.

A title is a run of unit words (村, 党支部, 民政办 ...) and time prefixes
(原/时任/现任/曾任) ending in a head word (书记, 主任, 会计 ...). Prefixes are
dropped from the title as output, also inside it (党委原委员 → 党委委员).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qinyou.ingest.notices.lexicon import alternation, lexicon

_LEX = lexicon()
_STOPS = re.escape("".join(sorted(_LEX.unit_stops)))
# a unit not in the list: up to 5 characters ending in a unit character (综合科, 水利股, 民宗委)
# (经 of 经查 never starts one; inside it is a word: 农经站)
_OPEN_UNIT = rf"(?!经)[^{_STOPS}\W\d_]{{1,5}}?(?:{alternation(list(_LEX.open_unit_ends))})"
_UNIT = alternation(list(_LEX.post_units)) + r"|[\d一二三四五六七八九十]+组|第[\d一二三四五六七八九十]+(?=派驻|纪检|监察|巡察)" \
    + "|" + _OPEN_UNIT
_HEAD = alternation(list(_LEX.post_heads))
_OPEN_HEAD_CHAR = re.escape(_LEX.open_head_end)
_PREFIX = alternation(list(_LEX.post_prefixes))
TITLE_RE = re.compile(rf"(?:(?:{_PREFIX})?(?:{_UNIT}))*(?:{_PREFIX})?(?:(?:{_HEAD})(?!{_OPEN_HEAD_CHAR})|[^{_STOPS}\W\d_]{{2}}{_OPEN_HEAD_CHAR}|{_HEAD})"
                      rf"|(?:(?:{_PREFIX})?(?:{_UNIT}))+(?:{alternation(list(_LEX.unit_heads))})")
# a title of listed units only (纪委书记, 报账员), not a named unit of its own (养殖合作社负责人)
_LISTED_RE = re.compile(rf"(?:(?:{_PREFIX})?(?:{alternation(list(_LEX.post_units))}))*(?:{_PREFIX})?(?:{_HEAD})")


def unit_named(title: str) -> bool:
    """True when ``title`` carries a unit outside the listed ones (its own named unit)."""
    return _LISTED_RE.fullmatch(title) is None
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
    """A discipline-inspection post (纪委书记); a village supervision committee (村监委) is not one."""
    if re.match(r"(?:原|时任|现任|曾任|前任)?村(?:务)?监", title):
        return False
    return any(w in title for w in _LEX.discipline)


# 长 that starts a place name after a place suffix: 某某市长滩村 is 某某市 + 长滩村, not 市长
_PLACE_CONT_RE = re.compile(r"长[^\W\d_某的在和与及、，,。；;]{0,3}?(?:村|镇|乡|街道|社区|屯|寨)(?![委民干级务里内])")
_LEADER_RE = re.compile(r"(?:市|县|区|镇|乡|村)长$")


def place_continues(text: str, pos: int) -> bool:
    """True when the 长 at ``pos`` begins a place name (长滩村, 长岭镇) rather than ending a title."""
    return bool(_PLACE_CONT_RE.match(text, pos))


def find_titles(text: str) -> list[TitleMention]:
    """Every title mention of ``text`` (simplified), left to right, non-overlapping."""
    out = []
    for m in TITLE_RE.finditer(text):
        raw = m.group(0)
        # a bare unit character glued to a head is not a title (村长 is; 办主任 alone is fine)
        if len(clean_title(raw)) < 2:
            continue
        if raw.endswith(_LEX.open_head_end) and raw[-2:] in _LEX.not_heads and not raw.endswith(_LEX.post_heads):
            continue  # 党员 / 会员: words, not posts
        # 荔浦市长滩村: a place suffix + a place name beginning with 长, not 市长 + a name
        if _LEADER_RE.search(raw) and m.start() > 0 and "\u4e00" <= text[m.end() - 3:m.end() - 2] <= "\u9fff" \
                and place_continues(text, m.end() - 1):
            continue
        out.append(TitleMention(m.start(), m.end(), raw))
    return out
