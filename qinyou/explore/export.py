"""Tables and clue ledgers as downloadable bytes (CSV with BOM, .xlsx), for the app and the CLI.

Every cell is text: in the .xlsx a string cell, in the CSV a cell Excel would
read as a formula is prefixed with ``'`` (as the clue ledger does).
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qinyou.detect.ledger import write_csv, write_xlsx

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def table_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """A table as CSV (UTF-8 with BOM, so Excel and WPS read Chinese correctly)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[_cell(row.get(c)) for c in columns] for row in rows])
    return buf.getvalue().encode("utf-8-sig")


def table_xlsx(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], sheet: str = "结果") -> bytes:
    """A table as an .xlsx workbook, every cell a string cell, header bold and frozen."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet[:31]
    for c, name in enumerate(columns, 1):
        cell = ws.cell(row=1, column=c, value=str(name))
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for c, name in enumerate(columns, 1):
            value = row.get(name)
            cell = ws.cell(row=r, column=c)
            cell.value = "" if value is None else str(value)
            cell.data_type = "s"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ledger_bytes(findings: list[dict[str, Any]], fmt: str, reveal: bool = False) -> bytes:
    """The clue ledger of ``findings`` as ``csv`` or ``xlsx`` bytes (the same writer as ``qinyou detect``)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"ledger.{fmt}"
        if fmt == "csv":
            write_csv(findings, path, reveal)
        elif fmt == "xlsx":
            write_xlsx(findings, path, reveal)
        else:
            raise ValueError(f"ledger format must be csv or xlsx, not {fmt!r}")
        return path.read_bytes()
