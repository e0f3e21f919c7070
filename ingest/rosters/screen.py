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

from qinyou.graph.kinship.vocabulary import known as kin_known
from qinyou.ingest.rosters import idno as idno_mod
from qinyou.ingest.rosters import normalise as norm
from qinyou.ingest.rosters.header import Header
from qinyou.ingest.rosters.mapping import Mapping

CODES: dict[str, str] = {
    "total_row": "a 合计/小计 row, not a person",
    "duplicate": "exact duplicate of an earlier row",
    "missing_column": "a required column is missing",
    "missing_value": "a required value is empty",
    **idno_mod.REASONS,
    "bad_date": "unreadable date",
    "bad_number": "unreadable number",
}
_TOTAL = re.compile(r"^(?:合计|小计|总计|共计|合\s*计)")
_IDNO_LIKE = re.compile(r"\d{6}(\d{4,8})(\d{3}[\dXx]|\d)")


@dataclass
class Screened:
    """Field values (parsed) of the loaded rows, and the rejects."""

    values: pd.DataFrame            # one column per field key, parsed; index = grid index
    rows: np.ndarray                # spreadsheet row number per loaded row
    extras: pd.Series               # "header=value" strings of unmapped columns per loaded row (() if none)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (row, reason, raw)
    blank: int = 0
    raw_idno: pd.Series | None = None  # the ID number as written, when it was the old 15-digit form
    warnings: list[tuple[int, str, str]] = field(default_factory=list)  # loaded rows: (row, reason, raw)


def mask_raw(text: str) -> str:
    """A raw row fit for a rejects file: ID-number-like digit runs masked."""
    return _IDNO_LIKE.sub(lambda m: m.group(0)[:6] + "*" * (len(m.group(0)) - 10) + m.group(0)[-4:], text)


#: what ``str.strip()`` removes: every character whose ``isspace()`` is true
_SPACES = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _SPACES) + "]"
_EDGE_SPACE = f"^{_SPACE_CLASS}|{_SPACE_CLASS}$"


def _strip_cell(v: object) -> str:
    return v.strip() if type(v) is str else "" if v is None or v != v else str(v).strip()


def _stripped(col: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Cells as stripped text ('' for empty), kept as ``object``, and which cells are not empty.

    Arrow finds the cells that need anything done (spaces at an edge, empty
    or non-text cells); only those go through Python.
    """
    values = col.to_numpy(dtype=object)
    try:
        arr = pa.array(values, pa.string(), from_pandas=True)
    except (pa.ArrowException, TypeError):  # cells that are not text
        out = np.array([_strip_cell(v) for v in values.tolist()], dtype=object)
        return pd.Series(out, index=col.index, dtype=object), out != ""
    fix = np.flatnonzero(pc.fill_null(pc.match_substring_regex(arr, _EDGE_SPACE), True)
                         .to_numpy(zero_copy_only=False))
    if not len(fix):
        filled = pc.not_equal(arr, "").to_numpy(zero_copy_only=False)
        return pd.Series(values, index=col.index, dtype=object, copy=False), filled
    out = values.copy()
    out[fix] = [_strip_cell(v) for v in values[fix].tolist()]
    return pd.Series(out, index=col.index, dtype=object, copy=False), out != ""


def _duplicates(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rows equal in every cell to an earlier row: their positions, and each one's first row's position.

    Rows are grouped column by column on exact values, and only rows still
    sharing a group with another go on to the next column, so a column of
    distinct values (序号, ID numbers) settles almost every row at once.
    """
    cand = np.arange(len(data))
    group = np.zeros(len(data), dtype=np.int64)
    for c in data.columns:
        if len(cand) < 2:
            break
        codes, uniques = pd.factorize(data[c].to_numpy(dtype=object)[cand])
        group = pd.factorize(group * max(len(uniques), 1) + codes)[0]
        shared = np.bincount(group)[group] > 1
        cand, group = cand[shared], pd.factorize(group[shared])[0]
    if len(cand) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, first, inverse = np.unique(group, return_index=True, return_inverse=True)  # cand is ascending
    first_pos = cand[first][inverse]
    later = cand != first_pos
    return cand[later], first_pos[later]


def _header_name(mapping: Mapping, key: str) -> str:
    return mapping.fields[key].header


def screen(cells: pd.DataFrame, row_numbers: np.ndarray, header: Header,
           defaults: dict[str, str]) -> Screened:
    """Check and parse the rows below ``header``; ``defaults`` fill missing place columns."""
    mapping = header.mapping
    data = cells.iloc[header.index + 1:]
    rows = row_numbers[header.index + 1:]
    stripped, nonblank = {}, np.zeros(len(data), dtype=bool)
    for c in data.columns:
        stripped[c], filled = _stripped(data[c])
        nonblank |= filled
    data = pd.DataFrame(stripped, index=data.index, copy=False)
    del stripped
    blank = int((~nonblank).sum())
    if blank:
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
    later, first = _duplicates(data)
    if len(later):
        dup = np.zeros(n, dtype=bool)
        dup[later] = True
        texts = np.full(n, "", dtype=object)
        texts[later] = [f"duplicate: exact duplicate of row {r}" for r in rows[first].tolist()]
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
            if bad.any():
                texts = np.full(n, "", dtype=object)
                texts[bad] = [f"{c}: {fld.header} {idno_mod.REASONS.get(c, '')}" for c in codes[bad].tolist()]
                flag(bad, texts)
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
    # a relation word is data: one the vocabulary does not know loads, and is listed as a warning
    unknown_word = np.zeros(n, dtype=bool)
    if "relation" in values:
        recognised = norm.by_unique(values["relation"], kin_known)
        unknown_word = (values["relation"] != "").to_numpy() & ~recognised.fillna(True).astype(bool).to_numpy()

    used = set(found.values())
    extra_cols = [c for i, c in enumerate(data.columns) if i not in used and i < len(header.cells)
                  and header.cells[i] and header.cells[i] not in ("序号", "编号", "No.")]
    extras = pd.Series([()] * n, index=data.index, dtype=object)  # one shared empty tuple
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
    warned = []
    if (unknown_word & keep).any():
        sel = unknown_word & keep
        for r, word, vals in zip(rows[sel], values["relation"][sel], data[sel].itertuples(index=False)):
            warned.append((int(r), f"unknown_relation: 关系 {word!r} is not in the kinship vocabulary",
                           mask_raw(",".join(str(v) for v in vals).rstrip(","))))
    return Screened(values[keep], rows[keep], extras[keep], rejected, blank,
                    raw_idno[keep] if raw_idno is not None else None, warned)
