"""Relation words → every chain they can denote.

The vocabulary is the python3-relationship calculator (MIT; a port of the
relationship.js kinship calculator: standard, regional and old forms, sex-aware),
asked through its public API for the chains of a word (``"老婆的弟弟"``), plus
what household registers write and the calculator does not read as a term:
户主/本人 (the head itself), 配偶 and 子女 (sex left to the person), ordinal and
step/adoptive prefixes (长子, 独生女, 养子, 继母 — step and adoptive relations
count as the relation they stand for), and register pairs joined by 或
(孙媳妇或外孙媳妇).

>>> sorted(ids(c) for c in readings("丈人"))
['w,f']
>>> sorted(ids(c) for c in readings("长子"))
['s']
>>> readings("朋友") is None
True
"""
from __future__ import annotations

import functools
import re

from qinyou.graph.kinship.chain import Chain, Step, ids, merge_ages, parse_ids
from qinyou.graph.kinship import table

#: the calculator's chain words (the first name of each primitive in its data)
_CHAIN_WORDS = {"爸爸": "f", "妈妈": "m", "老公": "h", "老婆": "w", "儿子": "s", "女儿": "d",
                "哥哥": "ob", "弟弟": "lb", "姐姐": "os", "妹妹": "ls", "兄弟": "xb", "姐妹": "xs"}

#: words of registers and rosters the calculator does not read as one term
_OWN: dict[str, tuple[str, ...]] = {
    "户主": ("",), "本人": ("",), "自己": ("",), "本身": ("",),
    "配偶": ("sp",), "爱人": ("sp",), "夫妻": ("sp",), "对象": ("sp",),
    "子女": ("c",), "儿女": ("c",), "父母": ("p",), "双亲": ("p",),
    "兄弟姐妹": ("g",), "姐弟": ("g",), "兄妹": ("g",), "姊妹": ("xs",), "兄弟姊妹": ("g",),
    "孙子女": ("c,c",), "外孙子女": ("d,c",), "祖父母": ("f,p",), "外祖父母": ("m,p",),
    "外孙": ("d,s",), "外孙子": ("d,s",), "外甥": ("xs,s",),
    "孙媳": ("s,s,w",), "孙媳妇": ("s,s,w",), "外孙媳妇": ("d,s,w",), "外孙媳": ("d,s,w",),
    "孙女婿": ("s,d,h",), "外孙女婿": ("d,d,h",),
    "婶婶": ("f,lb,w",), "婶母": ("f,lb,w",), "婶子": ("f,lb,w",), "婶": ("f,lb,w",),
    "曾孙": ("s,s,s",), "曾孙子": ("s,s,s",), "曾孙女": ("s,s,d",), "外曾孙": ("c,d,s",),
    "表哥": ("f,xs,s", "m,xb,s", "m,xs,s"), "表弟": ("f,xs,s", "m,xb,s", "m,xs,s"),
    "表姐": ("f,xs,d", "m,xb,d", "m,xs,d"), "表妹": ("f,xs,d", "m,xb,d", "m,xs,d"),
    "表兄弟": ("f,xs,s", "m,xb,s", "m,xs,s"), "表姐妹": ("f,xs,d", "m,xb,d", "m,xs,d"),
}
_ORDINAL = re.compile(r"^(?:长|次|幼|独生|大|小|二|三|四|五|六|七|八|老)(子|女|儿子|女儿)$")
_STEP_PREFIX = re.compile(r"^(?:养|继|亲生|亲)(父|母|子|女|父亲|母亲|儿子|女儿|兄|弟|姐|妹|孙子|孙女)$")
_JOINERS = re.compile(r"或|、|/|／|及|和")
_PREFIX = re.compile(r"^(?:其|之|自己的|本人的|系)+")
_SUFFIX = re.compile(r"(?:之|的)$")
_NOT_KIN = frozenset({"其他", "其它", "非亲属", "朋友", "同事", "邻居", "保姆", "亲属", "亲戚"})


@functools.cache
def _calculator() -> object:
    from relationship import Relationship

    return Relationship()


def _library(word: str) -> frozenset[Chain]:
    """The calculator's chains of one word (empty when it does not know the word): from the
    table written from it ahead of time (:mod:`.table`), else from the calculator itself."""
    known_terms = table.terms()
    return known_terms[word] if word in known_terms else library_chains(word)


@functools.cache
def library_chains(word: str) -> frozenset[Chain]:
    """What python3-relationship itself says of a word (the oracle of the table; tests, cross-checks)."""
    calc = _calculator()
    try:
        chains = calc.relationship({"text": word, "type": "chain"})  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - the calculator fails on some odd input; the word is then unknown
        return frozenset()
    out: set[Chain] = set()
    for text in chains:
        if text == "自己":
            out.add(())
            continue
        parts = text.split("的")
        if text.startswith("(") or not all(p in _CHAIN_WORDS for p in parts):
            continue
        out.add(parse_ids(",".join(_CHAIN_WORDS[p] for p in parts)))
    return merge_ages(out)


@functools.cache
def readings(word: str | None) -> frozenset[Chain] | None:
    """Every chain a relation word can denote ("the relative is my …"); None for an unknown word."""
    if word is None:
        return None
    text = _SUFFIX.sub("", _PREFIX.sub("", "".join(str(word).split())))
    if not text or text in _NOT_KIN:
        return None
    if text in _OWN:
        return frozenset(parse_ids(c) for c in _OWN[text])
    m = _ORDINAL.match(text) or _STEP_PREFIX.match(text)
    if m:
        return readings(m.group(1))
    found = _library(text)
    if found:
        return found
    parts = [p for p in _JOINERS.split(text) if p]
    if len(parts) > 1:
        each = [readings(p) for p in parts]
        if all(e is not None for e in each):
            return frozenset().union(*each)  # type: ignore[arg-type]
    if text.startswith("亲") and len(text) > 1:
        return readings(text[1:])
    return None


def known(word: str | None) -> bool:
    """Whether the vocabulary reads the word as a kinship relation."""
    return readings(word) is not None


def is_self(word: str | None) -> bool:
    """户主 / 本人: the head's own row."""
    return readings(word) == frozenset({()})


__all__ = ["readings", "known", "is_self", "library_chains", "ids", "Step"]
