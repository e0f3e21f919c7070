"""Normalising the values of a roster: names, places, dates, amounts.

Each normaliser has a scalar form (tested with Hypothesis) and a column form
that applies it to the distinct values only, so a million rows cost as much
as their few thousand distinct dates.

>>> norm_name(" 王 建国 ")
'王建国'
>>> norm_name("ＬＩ　Ｍｉｎｇ")
'LIMing'
>>> norm_place("城关镇 ")
'城关镇'
>>> norm_place("东坪村（居）")
'东坪村'
>>> parse_date("2019年3月")
'2019-03-01'
>>> parse_date("2019.03")
'2019-03-01'
>>> parse_date("2019/3/1")
'2019-03-01'
>>> parse_date("43525")
'2019-03-01'
>>> parse_date("去年") is None
True
>>> parse_amount("1,230.5元")
1230.5
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Excel serial numbers accepted as dates: 1927-05-18 .. 2064-03-24
SERIAL_RANGE = (10000, 60000)

_DATE = re.compile(
    r"(\d{4})\s*(?:年|\.|-|/)\s*(\d{1,2})\s*(?:(?:月|\.|-|/)\s*(?:(\d{1,2})\s*日?)?)?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")
_VILLAGE_SUFFIX = re.compile(r"[(]居[)]$|[(]社区[)]$")


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def norm_name(value: Any) -> str:
    """A person's name: NFKC (full width → half width), no spaces of any kind.

    Middle dots (张·某, 阿依·古丽) are unified to ``·``.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    # NFKC again after removing spaces: a space may have separated a combining mark
    text = _nfkc("".join(_nfkc(str(value)).split()))
    return text.replace("•", "·").replace("．", "·").replace("・", "·")


def norm_place(value: Any) -> str:
    """A place name: like a name, and ``村(居)`` / ``村（社区）`` forms reduced to the main name."""
    text = norm_name(value)
    return _VILLAGE_SUFFIX.sub("", text)


@functools.lru_cache(maxsize=200_000)
def parse_date(value: str) -> str | None:
    """An ISO date from the forms rosters use, or None if unreadable.

    ``2019年3月`` / ``2019.03`` (month only) read as the first of the month;
    integers in :data:`SERIAL_RANGE` are Excel serial day numbers.
    """
    text = "".join(_nfkc(str(value)).split())
    if not text:
        return None
    year = month = None
    day: str | None = None
    m = _DATE.fullmatch(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        c = _COMPACT.fullmatch(text)
        if c and len(text) in (6, 8):
            year, month, day = c.group(1), c.group(2), c.group(3)
        elif re.fullmatch(r"\d{5}(\.0+)?", text):
            serial = int(float(text))
            if SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
                return (EXCEL_EPOCH + dt.timedelta(days=serial)).isoformat()
            return None
        else:
            return None
    try:
        date = dt.date(int(year), int(month), int(day) if day else 1)
    except ValueError:
        return None
    if not 1880 <= date.year <= 2100:
        return None
    return date.isoformat()


def parse_amount(value: Any) -> float | None:
    """A money amount in yuan (``1,230.5``, ``1230.5元``, full width digits), or None."""
    text = "".join(_nfkc(str(value)).split()).replace(",", "").removesuffix("元")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def by_unique(values: pd.Series, func: Callable[[str], Any]) -> pd.Series:
    """Apply a scalar normaliser to each distinct value of a text column (empty → None)."""
    text = values.astype(object).where(values.notna(), "")
    uniques = pd.unique(text.to_numpy())
    table = {u: (func(u) if u != "" else None) for u in uniques}
    return text.map(table).astype(object)


#: text :func:`norm_name` leaves as it is: CJK unified ideographs (no compatibility forms) and visible ASCII
_PLAIN_NAME = r"^[\x{4e00}-\x{9fff}!-~]*$"


def names(values: pd.Series) -> pd.Series:
    """Column form of :func:`norm_name`; plain ideographs and visible ASCII are taken as they are."""
    text = values.astype(object).where(values.notna(), "")
    try:
        plain = pc.match_substring_regex(pa.array(text.to_numpy(), pa.string()), _PLAIN_NAME)
        plain_np = plain.to_numpy(zero_copy_only=False).astype(bool)
    except (pa.ArrowException, TypeError):  # not all text: the general path
        return by_unique(values, norm_name).fillna("")
    if plain_np.all():
        return text
    out = text.copy()
    out[~plain_np] = by_unique(text[~plain_np], norm_name).fillna("")
    return out


def places(values: pd.Series) -> pd.Series:
    """Column form of :func:`norm_place`."""
    return by_unique(values, norm_place).fillna("")
