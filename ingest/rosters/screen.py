"""Screening the data rows: every row ends loaded or rejected with a reason.

Reasons are ``code: detail``; the codes are a small fixed set (:data:`CODES`)
so rejects can be counted and compared. The first failing check decides.
Blank rows are not data rows: they are skipped and counted in the notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ingest.kinship import normalise as kin_normalise
from ingest.rosters import idno as idno_mod
from ingest.rosters import normalise as norm
from ingest.rosters.header import Header
from ingest.rosters.mapping import Mapping

CODES: dict[str, str] = {
    "total_row": "a 合计/小计 row, not a person",
    "duplicate": "exact duplicate of an earlier row",
    "missing_column": "a required column is missing",
    "missing_value": "a required value is empty",
    **idno_mod.REASONS,
    "bad_date": "unreadable date",
    "bad_number": "unreadable number",
    "bad_relation": "unknown kinship term",
}
_TOTAL = re.compile(r"^(?:合计|小计|总计|共计|合\s*计)")
_IDNO_LIKE = re.compile(r"\d{6}(\d{4,8})(\d{3}[\dXx]|\d)")


@dataclass
class Screened:
    """Field values (parsed) of the loaded rows, and the rejects."""

    values: pd.DataFrame            # one column per field key, parsed; index = grid index
    rows: np.ndarray                # spreadsheet row number per loaded row
    extras: pd.Series               # "header=value" strings of unmapped columns per loaded row
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reason, raw)
    blank: int = 0
    raw_idno: pd.Series | None = None  # the ID number as written, when it was the old 15-digit form


def mask_raw(text: str) -> str:
    """A raw row fit for a rejects file: ID-number-like digit runs masked."""
    return _IDNO_LIKE.sub(lambda m: m.group(0)[:6] + "*" * (len(m.group(0)) - 10) + m.group(0)[-4:], text)


def _stripped(col: pd.Series) -> pd.Series:
    """Cells as stripped text ('' for empty), kept as ``object`` (no per-column Arrow round trips)."""
    return pd.Series([v.strip() if type(v) is str else "" if v is None or v != v else str(v).strip()
                      for v in col.tolist()], index=col.index, dtype=object)


def _header_name(mapping: Mapping, key: str) -> str:
    return mapping.fields[key].header


def screen(cells: pd.DataFrame, row_numbers: np.ndarray, header: Header,
           defaults: dict[str, str]) -> Screened:
    """Check and parse the rows below ``header``; ``defaults`` fill missing place columns."""
    mapping = header.mapping
    data = cells.iloc[header.index + 1:]
    rows = row_numbers[header.index + 1:]
    data = pd.DataFrame({c: _stripped(data[c]) for c in data.columns}, index=data.index)
    nonblank = (data != "").any(axis=1).to_numpy()
    blank = int((~nonblank).sum())
    data, rows = data[nonblank], rows[nonblank]
    n = len(data)
    reason = np.full(n, "", dtype=object)

    def flag(mask: np.ndarray, text: str | np.ndarray) -> None:
        hit = mask & (reason == "")
        reason[hit] = text[hit] if isinstance(text, np.ndarray) else text

    # 合计 rows: a total word in any of the first cells
    first = data.iloc[:, : min(4, data.shape[1])]
    total = np.zeros(n, dtype=bool)
    for col in first.columns:
        cells = first[col].to_numpy(dtype=object)
        # only cells starting with a total word's first character go through the (Unicode) regex
        cand = pc.fill_null(pc.match_substring_regex(pa.array(cells, pa.string(), from_pandas=True),
                                                     "^[合小总共]"), False).to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(cand):
            total[i] |= _TOTAL.search(cells[i]) is not None
    flag(total, "total_row: 合计/小计 row")

    # exact duplicates of an earlier row
    hashes = pd.util.hash_pandas_object(data.astype(str), index=False).to_numpy()
    dup = pd.Series(hashes).duplicated(keep="first").to_numpy()
    if dup.any():
        first_row = pd.Series(rows).groupby(hashes).transform("min").to_numpy()
        texts = np.array([f"duplicate: exact duplicate of row {r}" for r in first_row], dtype=object)
        flag(dup, texts)

    found = mapping.match(header.cells)
    width = data.shape[1]
    raw = pd.DataFrame(index=data.index)
    for key, fld in mapping.fields.items():
        if key in found and found[key] < width:
            raw[key] = data.iloc[:, found[key]]
        elif key in defaults:
            raw[key] = defaults[key]
    for key in mapping.required:
        if key not in raw.columns:
            flag(np.ones(n, dtype=bool), f"missing_column: no {_header_name(mapping, key)} column")
        else:
            flag((raw[key] == "").to_numpy(), f"missing_value: {_header_name(mapping, key)} is empty")

    values = pd.DataFrame(index=data.index)
    raw_idno = None
    for key in raw.columns:
        fld = mapping.fields[key]
        col = raw[key]
        present = (col != "").to_numpy()
        if fld.parse == "idno":
            ids, codes = idno_mod.validate(col)
            codes = codes.to_numpy(dtype=object)
            bad = present & (codes != "")
            flag(bad, np.array([f"{c}: {fld.header} {idno_mod.REASONS.get(c, '')}" for c in codes], dtype=object)
                 if bad.any() else "")
            values[key] = ids
            if key in ("idno",):
                raw_idno = col.where(col.str.len() == 15, "")
        elif fld.parse == "date":
            parsed = norm.by_unique(col, norm.parse_date)
            flag(present & parsed.isna().to_numpy(), f"bad_date: {fld.header} is not a date")
            values[key] = parsed
        elif fld.parse in ("float", "int"):
            parsed = norm.by_unique(col, norm.parse_amount)
            bad = present & parsed.isna().to_numpy()
            if fld.parse == "int":
                num = pd.to_numeric(parsed, errors="coerce")
                bad |= present & ~(num.fillna(0) % 1 == 0).to_numpy()
                parsed = num.round().astype("Int64")
            else:
                parsed = pd.to_numeric(parsed, errors="coerce")
            flag(bad, f"bad_number: {fld.header} is not a number")
            values[key] = parsed
        elif fld.parse == "name":
            values[key] = norm.names(col)
        elif fld.parse == "place":
            values[key] = norm.places(col)
        else:
            values[key] = norm.names(col)
    if mapping.kind == "relatives" and "relation" in values:
        terms = norm.by_unique(values["relation"], lambda v: kin_normalise(v))
        flag((values["relation"] != "").to_numpy() & terms.isna().to_numpy(),
             "bad_relation: 关系 is not a kinship term")

    used = set(found.values())
    extra_cols = [c for i, c in enumerate(data.columns) if i not in used and i < len(header.cells)
                  and header.cells[i] and header.cells[i] not in ("序号", "编号", "No.")]
    extras = pd.Series([[] for _ in range(n)], index=data.index, dtype=object)
    if extra_cols:
        parts = [(header.cells[c], data[c]) for c in extra_cols]
        extras = pd.Series([[f"{h}={v}" for h, v in zip((p[0] for p in parts), vals) if v]
                            for vals in zip(*(p[1].tolist() for p in parts))], index=data.index, dtype=object)

    rejected_mask = reason != ""
    rejected = []
    if rejected_mask.any():
        rej = data[rejected_mask]
        for r, why, vals in zip(rows[rejected_mask], reason[rejected_mask], rej.itertuples(index=False)):
            rejected.append((int(r), str(why), mask_raw(",".join(str(v) for v in vals).rstrip(","))))
    keep = ~rejected_mask
    return Screened(values[keep], rows[keep], extras[keep], rejected, blank,
                    raw_idno[keep] if raw_idno is not None else None)
