"""Reading a roster file into a grid of text cells with spreadsheet row numbers.

CSV encodings are detected (UTF-8 with or without BOM, else GB18030, a
superset of GBK/GB2312), never assumed. Workbooks are read with openpyxl
(``.xlsx``) or xlrd (``.xls``); merged cells are filled with their top-left
value so a merged header reads like a plain one. Numbers are turned into text
the way a user sees them, except that an 18-digit ID number Excel stored as a
float keeps its mangled ``3.50102E+17`` form, to be rejected with that reason.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from qinyou.errors import InputError

#: files larger than this are read with openpyxl's streaming reader (merged cells then stay unfilled)
XLSX_STREAM_BYTES = 30_000_000
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")


@dataclass
class Grid:
    """All cells of the first sheet as text ('' when empty), and each row's spreadsheet number."""

    cells: pd.DataFrame
    rows: np.ndarray
    encoding: str


def detect_encoding(data: bytes) -> str:
    """``utf-8-sig``, ``utf-8`` or ``gb18030``: the first that decodes the whole file.

    >>> detect_encoding("姓名".encode("gb18030"))
    'gb18030'
    >>> detect_encoding(b"\\xef\\xbb\\xbf" + "姓名".encode())
    'utf-8-sig'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError("the file is neither UTF-8 nor GB18030 text") from exc


def cell_text(value: Any) -> str:
    """A workbook cell as the text a user reads in it.

    >>> cell_text(350102199001011234), cell_text(3.5010219900101101e17), cell_text(43525.0)
    ('350102199001011234', '3.50102E+17', '43525')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ""
        if abs(value) >= 1e15:
            return f"{value:.5E}".replace("E+0", "E+")
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _grid(rows: list[list[str]], encoding: str) -> Grid:
    width = max((len(r) for r in rows), default=0)
    padded = [r + [""] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object) if padded else pd.DataFrame()
    return Grid(frame, np.arange(1, len(rows) + 1), encoding)


def read_csv(path: Path) -> Grid:
    data = path.read_bytes()
    encoding = detect_encoding(data)
    head = data[:200_000].decode(encoding, errors="ignore")
    width = max((len(r) for r in csv.reader(io.StringIO(head))), default=1)
    try:
        frame = pd.read_csv(io.BytesIO(data), encoding=encoding, header=None, names=range(width),
                            dtype=str, keep_default_na=False, na_filter=False,
                            skip_blank_lines=False, engine="c")
    except (pd.errors.ParserError, ValueError):
        # wider rows further down: the slow, tolerant path
        text = data.decode(encoding)
        return _grid([list(r) for r in csv.reader(io.StringIO(text))], encoding)
    frame = frame.astype(object)
    return Grid(frame, np.arange(1, len(frame) + 1), encoding)


def read_xlsx(path: Path) -> Grid:
    import openpyxl

    stream = path.stat().st_size > XLSX_STREAM_BYTES
    try:
        book = openpyxl.load_workbook(path, read_only=stream, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(f"cannot open the workbook: {exc}", file=path.name) from exc
    try:
        sheet = book.worksheets[0]
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        if not stream:
            for merged in sheet.merged_cells.ranges:
                top = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(values) else None
                for r in range(merged.min_row - 1, min(merged.max_row, len(values))):
                    row = values[r]
                    row.extend([None] * (merged.max_col - len(row)))
                    for c in range(merged.min_col - 1, merged.max_col):
                        row[c] = top
    finally:
        book.close()
    return _grid([[cell_text(v) for v in row] for row in values], "xlsx")


def read_xls(path: Path) -> Grid:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except Exception as exc:  # xlrd raises XLRDError and struct errors alike
        raise InputError(f"cannot open the workbook: {exc}", file=path.name) from exc
    sheet = book.sheet_by_index(0)
    rows: list[list[str]] = []
    for r in range(sheet.nrows):
        out = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                out.append(cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode)))
            else:
                out.append(cell_text(cell.value) if cell.ctype != xlrd.XL_CELL_EMPTY else "")
        rows.append(out)
    for r0, r1, c0, c1 in sheet.merged_cells:
        top = rows[r0][c0]
        for r in range(r0, r1):
            for c in range(c0, c1):
                rows[r][c] = top
    return _grid(rows, "xls")


def read_grid(path: Path) -> Grid:
    """The first sheet (or the CSV) of ``path`` as a :class:`Grid`."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError("no such file", file=str(path))
    if suffix in (".csv", ".txt"):
        return read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".xls":
        return read_xls(path)
    raise InputError(f"rosters are {', '.join(SUFFIXES)} files", file=path.name)
