"""The word a cadre would use for a relative, from a reading (a chain).

Written forms investigators put in a ledger: 岳母, 妻弟, 儿媳, 外孙女, 姑母.
Chains the table does not list are named by python3-relationship (its first
term), and failing that spelt out (妻子的兄弟的儿子). Where the records do not
say which of two siblings is older, the word says both (伯父或叔父).

>>> from qinyou.graph.kinship.chain import parse_ids
>>> word(parse_ids("w,m")), word(parse_ids("w,lb")), word(parse_ids("d,d")), word(parse_ids("f,xs"))
('岳母', '妻弟', '外孙女', '姑母')
"""
from __future__ import annotations

import functools

from qinyou.graph.kinship import table
from qinyou.graph.kinship.chain import Chain, Step, ids
from qinyou.graph.kinship.scope import scope
from qinyou.graph.kinship.vocabulary import readings

#: chain ids → word, written from the standard terms (《现代汉语词典》 usage)
TERMS: dict[str, str] = {
    "f": "父亲", "m": "母亲", "p": "父母", "h": "丈夫", "w": "妻子", "sp": "配偶",
    "s": "儿子", "d": "女儿", "c": "子女",
    "ob": "哥哥", "lb": "弟弟", "xb": "兄弟", "os": "姐姐", "ls": "妹妹", "xs": "姐妹", "g": "兄弟姐妹",
    "w,f": "岳父", "w,m": "岳母", "h,f": "公公", "h,m": "婆婆", "sp,f": "配偶的父亲", "sp,m": "配偶的母亲",
    "w,ob": "妻兄", "w,lb": "妻弟", "w,xb": "妻兄弟", "w,os": "妻姐", "w,ls": "妻妹", "w,xs": "妻姐妹",
    "h,ob": "夫兄", "h,lb": "夫弟", "h,xb": "夫兄弟", "h,os": "夫姐", "h,ls": "夫妹", "h,xs": "夫姐妹",
    "ob,w": "嫂子", "lb,w": "弟媳", "xb,w": "嫂子或弟媳", "os,h": "姐夫", "ls,h": "妹夫", "xs,h": "姐夫或妹夫",
    "s,w": "儿媳", "d,h": "女婿", "c,sp": "子女的配偶",
    "f,f": "祖父", "f,m": "祖母", "m,f": "外祖父", "m,m": "外祖母",
    "s,s": "孙子", "s,d": "孙女", "d,s": "外孙", "d,d": "外孙女", "c,s": "孙子或外孙", "c,d": "孙女或外孙女",
    "f,ob": "伯父", "f,lb": "叔父", "f,xb": "伯父或叔父", "f,os": "姑母", "f,ls": "姑母", "f,xs": "姑母",
    "m,ob": "舅父", "m,lb": "舅父", "m,xb": "舅父", "m,os": "姨母", "m,ls": "姨母", "m,xs": "姨母",
    "f,ob,w": "伯母", "f,lb,w": "婶母", "f,xb,w": "伯母或婶母", "f,os,h": "姑父", "f,ls,h": "姑父",
    "f,xs,h": "姑父", "m,ob,w": "舅母", "m,lb,w": "舅母", "m,xb,w": "舅母", "m,os,h": "姨父",
    "m,ls,h": "姨父", "m,xs,h": "姨父",
    "ob,s": "侄子", "lb,s": "侄子", "xb,s": "侄子", "ob,d": "侄女", "lb,d": "侄女", "xb,d": "侄女",
    "os,s": "外甥", "ls,s": "外甥", "xs,s": "外甥", "os,d": "外甥女", "ls,d": "外甥女", "xs,d": "外甥女",
    "s,s,w": "孙媳", "s,d,h": "孙女婿", "d,s,w": "外孙媳", "d,d,h": "外孙女婿",
    "w,xs,h": "连襟", "h,xb,w": "妯娌", "s,w,f": "亲家公", "s,w,m": "亲家母", "d,h,f": "亲家公", "d,h,m": "亲家母",
    "w,xb,w": "舅嫂", "h,xs,h": "姑夫",
    "h,xb,s": "侄子", "h,xb,d": "侄女", "h,xs,s": "外甥", "h,xs,d": "外甥女",
    "w,xs,s": "外甥", "w,xs,d": "外甥女", "w,xb,s": "内侄", "w,xb,d": "内侄女",
    "d,h,xb": "女婿的兄弟", "s,w,xs": "儿媳的姐妹", "f,f,f": "曾祖父", "f,f,m": "曾祖母",
}
#: cousins: the word depends on whether the cousin is older than ego
_COUSINS = {"f,xb,s": ("堂兄", "堂弟", "堂兄弟"), "f,xb,d": ("堂姐", "堂妹", "堂姐妹"),
            "f,xs,s": ("表兄", "表弟", "表兄弟"), "f,xs,d": ("表姐", "表妹", "表姐妹"),
            "m,xb,s": ("表兄", "表弟", "表兄弟"), "m,xb,d": ("表姐", "表妹", "表姐妹"),
            "m,xs,s": ("表兄", "表弟", "表兄弟"), "m,xs,d": ("表姐", "表妹", "表姐妹")}
_CHAIN_WORD = {"f": "父亲", "m": "母亲", "p": "父母", "h": "丈夫", "w": "妻子", "sp": "配偶", "s": "儿子",
               "d": "女儿", "c": "子女", "ob": "哥哥", "lb": "弟弟", "xb": "兄弟", "os": "姐姐", "ls": "妹妹",
               "xs": "姐妹", "g": "兄弟姐妹"}
_LIB_WORD = {"f": "爸爸", "m": "妈妈", "h": "老公", "w": "老婆", "s": "儿子", "d": "女儿", "ob": "哥哥",
             "lb": "弟弟", "xb": "兄弟", "os": "姐姐", "ls": "妹妹", "xs": "姐妹"}


def _age_free(chain: Chain) -> str:
    return ids(tuple(Step(s.kind, s.sex) for s in chain))


def word(chain: Chain, older_than_ego: bool | None = None) -> str:
    """The cadre-side word for a reading; ``older_than_ego`` picks 堂兄 or 堂弟 for cousins."""
    key = ids(chain)
    if key in TERMS:
        return TERMS[key]
    free = _age_free(chain)
    if free in _COUSINS:
        older, younger, either = _COUSINS[free]
        return either if older_than_ego is None else (older if older_than_ego else younger)
    if free in TERMS:
        return TERMS[free]
    return _library_word(free)


def _library_word(key: str) -> str:
    known_words = table.words()
    found = known_words[key] if key in known_words else library_word(key)
    return found or "的".join(_CHAIN_WORD[p] for p in key.split(","))


@functools.cache
def library_word(key: str) -> str:
    """What python3-relationship itself calls a chain of its primitives (``"w,lb"``): its first
    term, or ``""`` when it has none (the oracle of :mod:`.table`)."""
    parts = key.split(",")
    if all(p in _LIB_WORD for p in parts):
        from qinyou.graph.kinship.vocabulary import _calculator

        try:
            found = _calculator().relationship({"text": "的".join(_LIB_WORD[p] for p in parts)})  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - spelt out below
            found = []
        if found:
            return str(found[0])
    return ""


def standard(raw: str) -> tuple[str | None, bool | None]:
    """(the standard word, whether it lies in the default scope) for a relation word as written;
    (None, None) when the vocabulary does not know it. Several readings give both words
    (伯父或叔父) and a scope of None when they disagree.

    >>> standard("丈人"), standard("其亲弟弟"), standard("侄子"), standard("同事")
    (('岳父', True), ('弟弟', True), ('侄子', False), (None, None))
    """
    found = readings(raw)
    if not found:
        return None, None
    inside = {scope().contains(c) for c in found}
    return "或".join(sorted({word(c) for c in found})), (inside.pop() if len(inside) == 1 else None)
