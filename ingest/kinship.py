"""Kinship terms: normalised to a small vocabulary that knows the legal 近亲属 scope.

The legal scope for 低保 备案 (DOMAIN.md): spouse; parents and siblings of both
spouses; children and their spouses; grandparents and grandchildren; parents'
siblings; step, adoptive and half relations. The scope is symmetric, so a term
is in scope when it, or its inverse, is listed (a cadre's 侄子 has the cadre as
叔/伯/舅 — in scope; a 嫂子 has the cadre as her spouse's brother — in scope).
Cousins (堂/表), in-laws of in-laws and unspecified 亲戚 are wider kin.

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


#: household-register relations to the head (与户主关系) → (generation vs head, branch)
#: generation: +1 parent's generation, 0 same, -1 children, -2 grandchildren
HEAD_RELATIONS: dict[str, tuple[str, int]] = {
    "户主": ("self", 0), "本人": ("self", 0),
    "配偶": ("spouse", 0), "妻": ("spouse", 0), "妻子": ("spouse", 0), "夫": ("spouse", 0), "丈夫": ("spouse", 0),
    "子": ("child", -1), "儿子": ("child", -1), "长子": ("child", -1), "次子": ("child", -1), "三子": ("child", -1),
    "女": ("child", -1), "女儿": ("child", -1), "长女": ("child", -1), "次女": ("child", -1), "三女": ("child", -1),
    "养子": ("child", -1), "养女": ("child", -1), "继子": ("child", -1), "继女": ("child", -1),
    "儿媳": ("child_spouse", -1), "女婿": ("child_spouse", -1),
    "孙子": ("grandchild", -2), "孙女": ("grandchild", -2), "外孙子": ("grandchild", -2),
    "外孙女": ("grandchild", -2), "外孙": ("grandchild", -2),
    "父亲": ("parent", 1), "母亲": ("parent", 1), "父": ("parent", 1), "母": ("parent", 1),
    "祖父": ("grandparent", 2), "祖母": ("grandparent", 2), "外祖父": ("grandparent", 2), "外祖母": ("grandparent", 2),
    "兄": ("sibling", 0), "弟": ("sibling", 0), "姐": ("sibling", 0), "妹": ("sibling", 0), "兄弟": ("sibling", 0),
    "姐妹": ("sibling", 0), "哥哥": ("sibling", 0), "弟弟": ("sibling", 0), "姐姐": ("sibling", 0), "妹妹": ("sibling", 0),
    "岳父": ("spouse_parent", 1), "岳母": ("spouse_parent", 1), "公公": ("spouse_parent", 1), "婆婆": ("spouse_parent", 1),
}

#: (role of a, role of b) in one household → relation "b is the ___ of a" (vocabulary term)
_PAIR: dict[tuple[str, str], str] = {
    ("self", "spouse"): "配偶", ("spouse", "self"): "配偶",
    ("self", "child"): "子女", ("spouse", "child"): "子女",
    ("child", "self"): "父", ("child", "spouse"): "母",
    ("self", "child_spouse"): "儿媳", ("spouse", "child_spouse"): "儿媳",
    ("child_spouse", "self"): "公公", ("child_spouse", "spouse"): "婆婆",
    ("self", "grandchild"): "孙子女", ("spouse", "grandchild"): "孙子女",
    ("grandchild", "self"): "祖父母", ("grandchild", "spouse"): "祖父母",
    ("self", "parent"): "父", ("parent", "self"): "子女",
    ("child", "parent"): "祖父母", ("parent", "child"): "孙子女",
    ("self", "grandparent"): "祖父母", ("grandparent", "self"): "孙子女",
    ("self", "sibling"): "兄弟姐妹", ("sibling", "self"): "兄弟姐妹",
    ("sibling", "sibling"): "兄弟姐妹", ("child", "child"): "兄弟姐妹",
    ("parent", "sibling"): "子女", ("sibling", "parent"): "父",
    ("spouse", "parent"): "岳父", ("parent", "spouse"): "儿媳",
    ("spouse", "sibling"): "配偶的兄弟姐妹", ("sibling", "spouse"): "兄弟姐妹的配偶",
    ("child", "sibling"): "父母的兄弟姐妹", ("sibling", "child"): "兄弟姐妹的子女",
    ("self", "spouse_parent"): "岳父", ("spouse_parent", "self"): "女婿",
    ("spouse", "spouse_parent"): "父", ("spouse_parent", "spouse"): "子女",
    ("child", "child_spouse"): "兄弟姐妹的配偶", ("child_spouse", "child"): "配偶的兄弟姐妹",
    ("child", "grandchild"): "子女", ("grandchild", "child"): "父",
}


def household_relation(role_a: str, role_b: str) -> KinTerm | None:
    """What member b is to member a, from both their relations to the head.

    Roles are values of :data:`HEAD_RELATIONS` (already looked up). The register
    does not say which child a 儿媳 married or whose child a grandchild is, so
    child → child_spouse is read as a sibling's spouse and child → grandchild
    as a child; both readings lie inside the legal scope either way.

    >>> household_relation("child", "child").canonical
    '兄弟姐妹'
    >>> household_relation("self", "spouse").legal
    True
    """
    canon = _PAIR.get((role_a, role_b))
    if canon is None:
        return None
    legal = _VOCAB[canon][0]
    return KinTerm(canon, legal, f"{role_a}→{role_b}")
