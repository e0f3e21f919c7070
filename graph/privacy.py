"""Masking personal data before it is shown.

ID numbers and the names of ordinary household members are personal data
(DOMAIN.md): everything that displays graph elements passes their properties
through :func:`mask_props` unless the user deliberately asked to reveal them.

What counts as personal data is read from the schema (``sensitive: true``),
plus three rules the schema cannot yet express:

* any property whose name ends in ``idno`` is an ID number;
* ``birth_date`` is digits 7–14 of the ID number, and ``raw`` holds the
  strings as read (names and ID numbers before normalisation);
* a person read from a roster (one with an ID number) is an ordinary
  household member, so their ``name`` is masked; a person known only from a
  published notice keeps the name as printed there (often already 王某).

>>> mask_idno("350102199001011234")
'350102********1234'
>>> mask_name("王建国")
'王**'
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from qinyou.graph.model import Schema

#: characters kept at the start and end of an ID number
KEEP_HEAD, KEEP_TAIL = 6, 4
#: properties that are personal data in every type, whatever the schema says
ALWAYS_PERSONAL = frozenset({"birth_date", "raw"})
MASK = "*"
HIDDEN = "***"


def mask_idno(value: object) -> str:
    """An ID number with everything but its region code and last four masked.

    The result depends only on the first six and last four characters, so no
    digit of the birth date or sequence number survives; strings too short to
    keep anything safely are masked whole.

    >>> mask_idno("35010219900101123X")
    '350102********123X'
    >>> mask_idno("350102900101123")
    '350102*****1123'
    >>> mask_idno("12345")
    '*****'
    >>> mask_idno(None)
    ''
    """
    if value is None:
        return ""
    text = "".join(str(value).split())
    if len(text) <= KEEP_HEAD + KEEP_TAIL:
        return MASK * len(text)
    return text[:KEEP_HEAD] + MASK * (len(text) - KEEP_HEAD - KEEP_TAIL) + text[-KEEP_TAIL:]


def mask_name(value: object) -> str:
    """A personal name reduced to its first character (the surname) and stars.

    >>> mask_name("欧阳小明")
    '欧***'
    >>> mask_name("王某")
    '王*'
    >>> mask_name("李")
    '*'
    >>> mask_name(" ")
    ''
    """
    if value is None:
        return ""
    text = "".join(str(value).split())
    if len(text) <= 1:
        return MASK * len(text)
    return text[0] + MASK * (len(text) - 1)


def mask_value(prop: str, value: Any) -> Any:
    """Mask one personal property by its kind: ID number, name, or anything else.

    >>> mask_value("head_idno", "350102199001011234")
    '350102********1234'
    >>> mask_value("head_name", "王建国")
    '王**'
    >>> mask_value("raw", ["王建国 350102199001011234"])
    '***'
    >>> mask_value("birth_date", None) is None
    True
    """
    if value is None or value == [] or value == "":
        return value
    if prop == "id" and isinstance(value, str):
        return value.split(":", 1)[0] + ":" + HIDDEN
    if prop.endswith("idno"):
        return mask_idno(value)
    if prop.endswith("name"):
        return mask_name(value)
    return HIDDEN


def personal_props(label: str, props: Mapping[str, Any], sch: Schema) -> set[str]:
    """The properties of a ``label`` element that are personal data.

    >>> from graph.model import schema
    >>> sorted(personal_props("Person", {"name": "王建国", "idno": "350102199001011234"}, schema()))
    ['birth_date', 'id', 'idno', 'name', 'raw']
    >>> sorted(personal_props("Person", {"name": "王某", "scope": "D001"}, schema()))
    ['birth_date', 'idno', 'raw']
    """
    kind = sch.nodes.get(label) or sch.rels.get(label)
    declared = {p.name for p in kind.props.values() if p.sensitive} if kind else set()
    out = declared | ALWAYS_PERSONAL | {p for p in props if p.endswith("idno")}
    if label == "Person" and (props.get("idno") or props.get("idno_masked")):
        out |= {"name", "id"}  # a roster person: an ordinary household member (the id is a keyed hash)
    return out


def mask_props(label: str, props: Mapping[str, Any], sch: Schema,
               reveal: bool = False) -> dict[str, Any]:
    """A copy of ``props`` with its personal data masked (unless ``reveal``).

    >>> from graph.model import schema
    >>> mask_props("Household", {"hh_no": "H1", "head_name": "王建国"}, schema())
    {'hh_no': 'H1', 'head_name': '王**'}
    >>> mask_props("Household", {"head_name": "王建国"}, schema(), reveal=True)
    {'head_name': '王建国'}
    """
    if reveal:
        return dict(props)
    personal = personal_props(label, props, sch)
    return {k: mask_value(k, v) if k in personal else v for k, v in props.items()}


def notice_mask_name(value: object) -> str:
    """A name masked the way case notices print it: the surname, then 某 for each other character.

    >>> notice_mask_name("王建国"), notice_mask_name("王某"), notice_mask_name("欧阳小明")
    ('王某某', '王某', '欧某某某')
    >>> notice_mask_name("李")
    '某'
    """
    if value is None:
        return ""
    text = "".join(str(value).split())
    if len(text) <= 1:
        return "某" * len(text)
    return text[0] + "某" * (len(text) - 1)


class Masking:
    """How personal data is shown: revealed, masked (``王**``) or trainer style (``王某某``, everyone).

    Trainer mode masks every name, published or not, and every ID number, and
    cannot be combined with revealing.

    >>> Masking().name("王建国", personal=True), Masking().name("王某", personal=False)
    ('王**', '王某')
    >>> Masking(trainer=True).name("张三丰", personal=False)
    '张某某'
    >>> Masking(reveal=True, trainer=True).idno("350102199001011234")
    '350102********1234'
    """

    #: text properties in which trainer mode masks the names it knows (case titles, notice text)
    TEXT_PROPS = ("title", "text")

    def __init__(self, reveal: bool = False, trainer: bool = False, names: Iterable[str] = ()) -> None:
        self.trainer = trainer
        self.reveal = reveal and not trainer
        self.names = [n for n in names if n]  # names published in notices, masked inside texts

    def name(self, value: object, personal: bool = True) -> str:
        """A person's name; ``personal`` is false for a name as a notice published it."""
        if value is None:
            return ""
        if self.trainer:
            return notice_mask_name(value)
        if self.reveal or not personal:
            return str(value)
        return mask_name(value)

    def idno(self, value: object) -> str:
        if value is None:
            return ""
        return str(value) if self.reveal else mask_idno(value)

    def props(self, label: str, props: Mapping[str, Any], sch: Schema) -> dict[str, Any]:
        """:func:`mask_props`, with every name-like property masked notice-style in trainer mode."""
        shown = mask_props(label, props, sch, self.reveal)
        if self.trainer:
            for key, value in props.items():
                if key.endswith("name") and value:
                    shown[key] = notice_mask_name(value)
                elif key in self.TEXT_PROPS and isinstance(value, str):
                    shown[key] = self.text(value, self.names)
        return shown

    def text(self, value: str, names: list[str]) -> str:
        """``value`` with each of ``names`` replaced by its masked form (trainer mode only)."""
        if not self.trainer:
            return value
        for name in sorted({n for n in names if n and len(n) > 1}, key=len, reverse=True):
            value = value.replace(name, notice_mask_name(name))
        return value
