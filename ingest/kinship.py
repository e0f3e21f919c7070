"""Kin words in notice text: the spellings the extractor looks for, and words that say only "a relative".

The meaning of a relation word (its readings, the standard word, the legal scope
read from the cadre's side) is :mod:`qinyou.graph.kinship`'s, for rosters and
notices alike. This module keeps what the notice extractor needs on top: every
spelling to match in running text (``其亲弟弟``, ``其妻``), and the words that name
no particular relative (亲属, 亲戚), which load with an unknown scope.

>>> normalise("其亲弟弟").canonical, normalise("其亲弟弟").legal
('弟', True)
>>> normalise("表哥").legal
False
>>> normalise("亲属").legal is None
True
>>> normalise("同事") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KinTerm:
    canonical: str
    legal: bool | None  # None: the word does not say which relative
    raw: str


_VOCAB: dict[str, tuple[bool | None, tuple[str, ...]]] = {
    # spouse
    "配偶": (True, ("配偶", "妻", "妻子", "老婆", "爱人", "媳妇", "夫人", "丈夫", "老公", "夫", "夫妻", "妻子儿女")),
    # parents, step and adoptive parents
    "父": (True, ("父", "父亲", "爸爸", "爹", "老父亲", "继父", "养父")),
    "母": (True, ("母", "母亲", "妈妈", "娘", "老母亲", "继母", "养母")),
    # spouse's parents
    "岳父": (True, ("岳父", "丈人", "老丈人")),
    "岳母": (True, ("岳母", "丈母娘")),
    "公公": (True, ("公公",)),
    "婆婆": (True, ("婆婆",)),
    # siblings (full, half, step)
    "兄": (True, ("兄", "哥", "哥哥", "胞兄", "大哥", "二哥", "长兄", "兄长")),
    "弟": (True, ("弟", "弟弟", "胞弟", "小弟", "二弟", "三弟")),
    "姐": (True, ("姐", "姐姐", "大姐", "二姐")),
    "妹": (True, ("妹", "妹妹", "小妹", "二妹")),
    "兄弟姐妹": (True, ("兄弟", "姐妹", "兄妹", "姐弟", "兄弟姐妹")),
    # spouse's siblings and their inverse, siblings' spouses
    "配偶的兄弟姐妹": (True, ("妻弟", "妻兄", "妻姐", "妻妹", "小舅子", "大舅子", "小姨子", "大姨子",
                          "小叔子", "大伯子", "小姑子", "大姑子", "夫兄", "夫弟")),
    "兄弟姐妹的配偶": (True, ("嫂子", "嫂", "嫂嫂", "大嫂", "弟媳", "弟媳妇", "弟妹", "姐夫", "妹夫")),
    # children (step, adoptive) and their spouses
    "子": (True, ("子", "儿子", "长子", "次子", "三子", "小儿子", "大儿子", "继子", "养子", "独子")),
    "女": (True, ("女", "女儿", "长女", "次女", "三女", "小女儿", "大女儿", "继女", "养女")),
    "子女": (True, ("子女", "儿女")),
    "儿媳": (True, ("儿媳", "儿媳妇", "媳妇儿")),
    "女婿": (True, ("女婿",)),
    # grandparents and grandchildren
    "祖父母": (True, ("祖父", "祖母", "爷爷", "奶奶", "外祖父", "外祖母", "外公", "外婆", "姥爷", "姥姥")),
    "孙子女": (True, ("孙", "孙子", "孙女", "外孙", "外孙子", "外孙女", "孙儿")),
    # parents' siblings and their inverse
    "父母的兄弟姐妹": (True, ("伯", "伯父", "伯伯", "大伯", "叔", "叔叔", "叔父", "姑", "姑姑", "姑妈", "舅",
                          "舅舅", "舅父", "姨", "姨妈", "大姨", "小姨", "二姨", "姨母")),
    "兄弟姐妹的子女": (True, ("侄", "侄子", "侄儿", "侄女", "外甥", "外甥女")),
    # wider kin
    "堂表亲": (False, ("堂兄", "堂弟", "堂姐", "堂妹", "堂兄弟", "堂哥", "表兄", "表弟", "表姐", "表妹",
                    "表哥", "表兄弟", "表亲")),
    "其他姻亲": (False, ("侄媳", "侄媳妇", "侄女婿", "外甥媳妇", "外甥女婿", "连襟", "妯娌", "亲家",
                     "孙媳", "孙媳妇", "孙女婿")),
    # unspecified: the word does not say which relative
    "亲属": (None, ("亲属", "亲戚", "家人", "家属", "近亲属", "亲友", "亲朋")),
}

_LOOKUP: dict[str, tuple[str, bool | None]] = {}
for _canon, (_legal, _words) in _VOCAB.items():
    for _w in _words:
        _LOOKUP[_w] = (_canon, _legal)

_PREFIX = re.compile(r"^(其|之|的|亲|自己的|本人)+")
_SUFFIX = re.compile(r"(之|的)$")


def normalise(term: str | None) -> KinTerm | None:
    """The vocabulary term for a kinship word, or None if it is not one."""
    if not term:
        return None
    raw = term
    word = "".join(str(term).split())
    for candidate in (word, _SUFFIX.sub("", _PREFIX.sub("", word))):
        hit = _LOOKUP.get(candidate)
        if hit is None and candidate.startswith("亲"):
            hit = _LOOKUP.get(candidate[1:])
        if hit:
            return KinTerm(hit[0], hit[1], raw)
    return None


def kin_words() -> list[str]:
    """Every spelling the vocabulary knows (for dictionaries and patterns), longest first."""
    return sorted(_LOOKUP, key=len, reverse=True)
