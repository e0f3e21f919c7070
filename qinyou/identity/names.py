"""Names as partial identities: 王建国 is a name, 王某某 and 黄某聪 are patterns over names.

Notices mask names: 王某 (surname 王 and one or more hidden characters),
王某某 (王 and exactly two hidden), 黄某聪 (黄, one hidden, then 聪). A pattern
never matches a name it contradicts: 王某某 is not 王建 (too short), 黄某聪 is
not 黄建国. Traditional characters are folded to simplified first, so 黃某聰
is 黄某聪.

>>> NamePattern.parse("黄某聪").matches(NamePattern.parse("黄德聪"))
True
>>> NamePattern.parse("王某某").matches(NamePattern.parse("王建"))
False
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from qinyou.ingest.notices.lexicon import lexicon
from qinyou.ingest.notices.script import to_simplified


#: :func:`to_simplified` of the short texts identity reads by the ten thousand (titles, place
#: names, relatives' names), each converted once: a pure function of its text
simplified = functools.lru_cache(maxsize=1 << 16)(to_simplified)

MASK = "某"
#: a given name has one or two characters (rarely three): 王某 stands for either
GIVEN_LENGTHS = (1, 2)


@functools.lru_cache(maxsize=1)
def _compound_surnames() -> frozenset[str]:
    return lexicon().compound_surnames


@dataclass(frozen=True)
class NamePattern:
    """A surname and the given-name characters, ``None`` for a hidden one.

    ``open_length`` is true for 王某: the number of hidden characters is unknown
    (one or two); 王某某 fixes it at two, 黄某聪 at two with the second known.
    """

    surname: str
    given: tuple[str | None, ...]
    open_length: bool = False

    @classmethod
    def parse(cls, raw: str) -> NamePattern:
        """Read a name or a masked name as written (spaces, width and script folded).

        >>> NamePattern.parse("王某")
        NamePattern(surname='王', given=(None,), open_length=True)
        >>> NamePattern.parse("欧阳某某").surname
        '欧阳'
        """
        return _parse(raw)

    @classmethod
    def _read(cls, raw: str) -> NamePattern:
        text = to_simplified("".join(unicodedata.normalize("NFKC", raw).split()))
        size = 2 if text[:2] in _compound_surnames() and len(text) > 2 else 1
        surname, rest = text[:size], text[size:]
        given = tuple(None if ch == MASK else ch for ch in rest)
        return cls(surname, given, open_length=rest == MASK)

    @property
    def masked(self) -> bool:
        return any(ch is None for ch in self.given)

    @property
    def text(self) -> str:
        return self.surname + "".join(ch or MASK for ch in self.given)

    def lengths(self) -> tuple[int, ...]:
        """The given-name lengths this pattern allows."""
        return GIVEN_LENGTHS if self.open_length else (len(self.given),)

    def readings(self) -> list[tuple[str | None, ...]]:
        """Every given name this pattern can stand for, hidden characters as None."""
        if self.open_length:
            return [(None,) * n for n in GIVEN_LENGTHS]
        return [self.given]

    def matches(self, other: NamePattern) -> bool:
        """Whether one person could be written both ways (symmetric).

        >>> p = NamePattern.parse
        >>> p("王某").matches(p("王建国")), p("王某").matches(p("王军")), p("王某").matches(p("汪军"))
        (True, True, False)
        >>> p("王某某").matches(p("王某")), p("黄某聪").matches(p("黄某某")), p("黄某聪").matches(p("黄某明"))
        (True, True, False)
        """
        if self.surname != other.surname:
            return False
        return any(len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))
                   for a in self.readings() for b in other.readings())

    def same_text(self, other: NamePattern) -> bool:
        """Both unmasked and written the same: the strongest name agreement."""
        return not self.masked and not other.masked and self == other

    def known_characters(self) -> int:
        """How much of the name is visible (surname characters count): 王建国 3, 黄某聪 2, 王某 1."""
        return len(self.surname) + sum(ch is not None for ch in self.given)


@functools.lru_cache(maxsize=1 << 18)
def _parse(raw: str) -> NamePattern:
    """Parsing is pure: a county's names are read once each (a pattern is immutable)."""
    return NamePattern._read(raw)
