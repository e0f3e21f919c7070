"""The clue ledger (问题线索台账): findings as CSV (UTF-8 with BOM) or .xlsx, one row per finding.

A roster cell is data, never a formula: in the .xlsx every cell is written as a
string cell, and in the CSV a cell that Excel or WPS would read as a formula
(``=``, ``+``, ``-``, ``@``, tab or carriage return first) is prefixed with ``'``.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

HEADERS = ["线索编号", "规则", "问题类型", "严重程度", "干部", "干部身份证号", "对象", "对象身份证号",
           "关系", "是否备案", "确定性", "可能关系", "关系路径", "证据"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def evidence_text(ev: dict[str, Any]) -> str:
    """``文件 第N行`` or ``文件 第s–e字``."""
    if "row" in ev:
        return f"{ev['source']} 第{ev['row']}行"
    if "span" in ev:
        return f"{ev['source']} 第{ev['span'][0]}–{ev['span'][1]}字"
    return str(ev["source"])


def ledger_rows(findings: list[dict[str, Any]], reveal: bool = False) -> list[list[str]]:
    """One row per finding, in :data:`HEADERS` order (all text)."""
    rows = []
    for f in findings:
        people = f["people"]
        first = people[0] if people else {}
        second = people[1] if len(people) > 1 else {}
        key = "idno" if reveal else "idno_masked"
        declared = f.get("declared")
        rows.append([
            f["id"], f["rule"], f["title"], f["severity"],
            first.get("name") or "", first.get(key) or "",
            second.get("name") or "", second.get(key) or "",
            f.get("relation") or "", "" if declared is None else ("是" if declared else "否"),
            "确定" if f["certainty"] == "certain" else "存疑",
            "；".join(r["relation"] + ("" if r["in_scope"] else "(范围外)") for r in f.get("readings", [])),
            " ".join(f.get("path") or []),
            "；".join(evidence_text(e) for e in f["evidence"]),
        ])
    return rows


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_csv(findings: list[dict[str, Any]], path: Path, reveal: bool = False) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows([[_safe(c) for c in row] for row in ledger_rows(findings, reveal)])
    path.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")


def write_xlsx(findings: list[dict[str, Any]], path: Path, reveal: bool = False) -> None:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "问题线索台账"
    for r, row in enumerate([HEADERS, *ledger_rows(findings, reveal)], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # text, even when it starts with = (never a formula)
            if r == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKLMN", (30, 16, 20, 8, 10, 22, 10, 22, 10, 8, 8, 24, 40, 60)):
        sheet.column_dimensions[col].width = width
    book.save(path)
