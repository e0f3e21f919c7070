"""Sex and birth date of a person from an ID number or a 性别 cell.

The 17th character of an 18-character 居民身份证号 (the 15th of the old form)
is odd for men and even for women; characters 7–14 are the birth date.

>>> sex_of("11010519491231002X"), birth_of("11010519491231002X")
('F', '1949-12-31')
>>> sex_of(None, "男")
'M'
"""
from __future__ import annotations

_SEX_WORDS = {"男": "M", "女": "F", "男性": "M", "女性": "F", "M": "M", "F": "F", "1": "M", "2": "F"}


def sex_of(idno: str | None, column: str | None = None) -> str | None:
    """``"M"``, ``"F"`` or None: the 性别 column when given, else the ID number's sequence digit."""
    if column:
        hit = _SEX_WORDS.get(str(column).strip())
        if hit:
            return hit
    if not idno:
        return None
    text = str(idno).strip()
    digit = text[16] if len(text) == 18 else text[14] if len(text) == 15 else ""
    return ("M" if int(digit) % 2 else "F") if digit.isdigit() else None


def birth_of(idno: str | None) -> str | None:
    """The birth date (ISO) in an ID number, or None."""
    if not idno:
        return None
    text = str(idno).strip()
    body = text[6:14] if len(text) == 18 else "19" + text[6:12] if len(text) == 15 else ""
    if len(body) != 8 or not body.isdigit():
        return None
    return f"{body[:4]}-{body[4:6]}-{body[6:]}"
