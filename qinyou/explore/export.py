"""Tables and clue ledgers as downloadable bytes or files (CSV with BOM, .xlsx), for the app and the CLI.

Every cell is text: in the .xlsx a string cell, in the CSV a cell Excel would
read as a formula is prefixed with ``'`` (as the clue ledger does). A query's
whole answer is written by :func:`write_table` chunk by chunk, so no export
holds more than one chunk of rows (the .xlsx is written in openpyxl's
write-only mode, which streams rows to the file).
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
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


Rows = Sequence[Mapping[str, Any]]


def write_table(chunks: Iterable[Rows], columns: Sequence[str], fmt: str, path: Path) -> int:
    """Write a table given as chunks of rows to ``path`` as ``csv``, ``xlsx`` or ``json`` (JSON Lines);
    returns the row count."""
    if fmt == "csv":
        return _write_csv(chunks, columns, path)
    if fmt == "xlsx":
        return _write_xlsx(chunks, columns, path)
    if fmt == "json":
        return _write_jsonl(chunks, columns, path)
    raise ValueError(f"table format must be csv, xlsx or json, not {fmt!r}")


def _write_jsonl(chunks: Iterable[Rows], columns: Sequence[str], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for rows in chunks:
            out.writelines(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=str) + "\n"
                           for row in rows)
            count += len(rows)
    return count


def _write_csv(chunks: Iterable[Rows], columns: Sequence[str], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for rows in chunks:
            writer.writerows([[_cell(row.get(c)) for c in columns] for row in rows])
            count += len(rows)
    return count


def _write_xlsx(chunks: Iterable[Rows], columns: Sequence[str], path: Path, sheet: str = "结果") -> int:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)

    def text(value: Any, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value="" if value is None else str(value))
        cell.data_type = "s"  # a string cell, never a formula
        if font is not None:
            cell.font = font
        return cell

    ws.append([text(name, bold) for name in columns])
    count = 0
    for rows in chunks:
        for row in rows:
            ws.append([text(row.get(name)) for name in columns])
        count += len(rows)
    book.save(path)
    return count


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
