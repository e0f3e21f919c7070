"""Resident ID numbers (居民身份证号): validation, vectorised over columns.

An 18-character number carries an ISO 7064 MOD 11-2 check digit (``X`` for
10) and the birth date in characters 7-14. The old 15-digit form (birth year
without its century, no check digit) is converted to the 18-character form
for identity: the conversion is one-to-one, so it can never merge two people,
and it joins a person listed once by the old and once by the new number.

A value that fails is not repaired: the row is rejected with the reason.

>>> check_digit("11010519491231002")
'X'
>>> validate_one("11010519491231002X")
('11010519491231002X', '')
>>> validate_one("11010519491231002x")[0]
'11010519491231002X'
>>> validate_one("110105194912310021")[1]
'idno_check'
>>> validate_one("3.50102E+17")[1]
'idno_excel'
>>> validate_one("110105491231002")[0]
'11010519491231002X'
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK_CHARS = np.array(list("10X98765432"))

#: reason code → message (the part after the column name)
REASONS: dict[str, str] = {
    "idno_missing": "ID number missing",
    "idno_excel": "ID number mangled by Excel (stored as a number, e.g. 3.50102E+17)",
    "idno_format": "ID number malformed (not 18 characters 0-9/X nor the old 15 digits)",
    "idno_check": "ID number check digit wrong",
    "idno_birth": "ID number carries an impossible birth date",
}


def check_digit(first17: str) -> str:
    """The check character for 17 digits."""
    total = sum(int(c) * int(w) for c, w in zip(first17, WEIGHTS))
    return str(CHECK_CHARS[total % 11])


def _check_digits(body: np.ndarray) -> np.ndarray:
    """Check characters for an (n, 17) array of digit values."""
    return CHECK_CHARS[(body @ WEIGHTS) % 11]


def _digits(values: pd.Series, width: int) -> np.ndarray:
    """An (n, width) uint8 array of code points minus '0' (values are ASCII of that width)."""
    if not len(values):
        return np.zeros((0, width), dtype=np.int64)
    buf = "".join(values.tolist()).encode("ascii")
    return (np.frombuffer(buf, dtype=np.uint8).reshape(-1, width).astype(np.int64) - 48)


def _valid_dates(yyyymmdd: pd.Series) -> np.ndarray:
    parsed = pd.to_datetime(yyyymmdd, format="%Y%m%d", errors="coerce")
    ok = parsed.notna().to_numpy()
    years = parsed.dt.year.to_numpy(dtype=float, na_value=np.nan)
    return ok & (years >= 1880) & (years <= 2030)


def validate(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Normalised 18-character numbers and reason codes ('' when valid), index-aligned.

    Input is raw text (full-width digits, spaces, lower-case x allowed).
    """
    clean = _already_clean(values)
    if clean is not None and clean.any():
        # the usual case: 18 ASCII characters already; only the others need normalising
        out = np.full(len(values), "", dtype=object)
        reason = np.full(len(values), "", dtype=object)
        at = np.flatnonzero(clean)
        t18 = values.to_numpy(dtype=object)[at]
        r = _clean_reasons(t18.tolist())
        reason[at] = r
        ok = r == ""
        out[at[ok]] = t18[ok]
        if not clean.all():
            rest_out, rest_reason = _validate(values[~clean])
            out[~clean], reason[~clean] = rest_out.to_numpy(), rest_reason.to_numpy()
        return pd.Series(out, index=values.index, dtype=object), pd.Series(reason, index=values.index, dtype=object)
    return _validate(values)


_CHECK_CODES = np.frombuffer("".join(CHECK_CHARS.tolist()).encode("ascii"), dtype=np.uint8)
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _clean_reasons(numbers: list[str]) -> np.ndarray:
    """Reason codes for 18-character ASCII numbers, on their bytes: check digit, then birth date."""
    raw = np.frombuffer("".join(numbers).encode("ascii"), dtype=np.uint8).reshape(-1, 18)

    def number(first: int, stop: int) -> np.ndarray:
        out = np.zeros(len(raw), dtype=np.int64)
        for i in range(first, stop):
            out = out * 10 + (raw[:, i].astype(np.int64) - 48)
        return out

    total = np.zeros(len(raw), dtype=np.int64)
    for i, weight in enumerate(WEIGHTS.tolist()):
        total += raw[:, i].astype(np.int64) * weight
    total -= 48 * int(WEIGHTS.sum())
    good = _CHECK_CODES[total % 11] == raw[:, 17]
    year, month, day = number(6, 10), number(10, 12), number(12, 14)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    in_month = _MONTH_DAYS[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)
    dates = (month >= 1) & (month <= 12) & (day >= 1) & (day <= in_month) & (year >= 1880) & (year <= 2030)
    out = np.full(len(raw), "", dtype=object)
    out[~dates] = "idno_birth"
    out[~good] = "idno_check"
    return out


def _already_clean(values: pd.Series) -> np.ndarray | None:
    """Which values are exactly 17 ASCII digits and a digit or X (None when the column is not all text)."""
    try:
        arr = pa.array(values.astype(object).to_numpy(), pa.string(), from_pandas=True)
        hit = pc.match_substring_regex(arr, r"^[0-9]{17}[0-9X]$")
        return hit.fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
    except (pa.ArrowException, TypeError):
        return None


def _validate(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = values.astype("string").fillna("")
    text = text.str.normalize("NFKC").str.replace(r"\s+", "", regex=True).str.upper()
    text = text.str.replace(r"^'", "", regex=True)  # Excel's text-prefix quote
    out = pd.Series("", index=values.index, dtype=object)
    reason = pd.Series("idno_format", index=values.index, dtype=object)
    reason[text == ""] = "idno_missing"
    reason[text.str.fullmatch(r"\d(\.\d+)?E\+?\d+").fillna(False).to_numpy()] = "idno_excel"
    # a float that Excel wrote out in full: 18 digits ending in .0
    text = text.str.replace(r"^(\d{18})\.0+$", r"\1", regex=True)

    # ASCII digits only: \d would also take other scripts' digits, which NFKC keeps
    is18 = text.str.fullmatch(r"[0-9]{17}[0-9X]").fillna(False).to_numpy()
    if is18.any():
        t18 = text[is18].astype(object)
        r = _clean_reasons(t18.tolist())
        reason[is18] = r
        out[is18] = np.where(r == "", t18.to_numpy(dtype=object), "")

    is15 = text.str.fullmatch(r"[0-9]{15}").fillna(False).to_numpy()
    if is15.any():
        t15 = text[is15]
        body17 = t15.str.slice(0, 6) + "19" + t15.str.slice(6, 15)
        dates = _valid_dates(body17.str.slice(6, 14))
        full = body17 + pd.Series(_check_digits(_digits(body17, 17)), index=t15.index)
        reason[is15] = np.where(dates, "", "idno_birth")
        out[is15] = np.where(dates, full.to_numpy(dtype=object), "")
    return out, reason


def validate_one(value: str) -> tuple[str, str]:
    """:func:`validate` for one value: (normalised number or '', reason code or '')."""
    ids, reasons = validate(pd.Series([value], dtype=object))
    return str(ids.iloc[0]), str(reasons.iloc[0])


def gender_and_birth(ids: pd.Series) -> tuple[pd.Series, pd.Series]:
    """性别 (odd 17th digit: 男) and ISO birth date from valid 18-character numbers."""
    values = ids.tolist()
    if values and all(type(v) is str for v in values):
        joined = "".join(values)
        if joined.isascii() and len(joined) == 18 * len(values):
            raw = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(-1, 18)
            gender = np.where((raw[:, 16].astype(np.int64) - 48) % 2 == 1, "男", "女").astype(object)
            # YYYY-MM-DD from the birth digits, as bytes
            birth = np.full((len(values), 10), ord("-"), dtype=np.uint8)
            birth[:, 0:4], birth[:, 5:7], birth[:, 8:10] = raw[:, 6:10], raw[:, 10:12], raw[:, 12:14]
            offsets = np.arange(0, 10 * len(values) + 1, 10, dtype=np.int32)
            text = pa.StringArray.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(birth.tobytes()))
            return (pd.Series(gender, index=ids.index, dtype=object),
                    pd.Series(text.to_numpy(zero_copy_only=False), index=ids.index, dtype=object))
    ids = ids.astype("string")
    digit = pd.to_numeric(ids.str.slice(16, 17), errors="coerce")
    gender = pd.Series(np.where(digit.to_numpy(dtype=float, na_value=np.nan) % 2 == 1, "男", "女"),
                       index=ids.index, dtype=object)
    birth = ids.str.slice(6, 10) + "-" + ids.str.slice(10, 12) + "-" + ids.str.slice(12, 14)
    return gender, birth.astype(object)


def mask(idno: str) -> str:
    """An ID number fit for logs: region and last four kept.

    >>> mask("11010519491231002X")
    '110105********002X'
    """
    if len(idno) < 10:
        return "*" * len(idno)
    return idno[:6] + "*" * (len(idno) - 10) + idno[-4:]
