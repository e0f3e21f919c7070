"""An ingest's outcome as the Ingest page shows it: per-file counts, and rejected rows page by page.

The same numbers ``qinyou ingest`` prints (and ``--rejects`` / ``--warnings`` write).
A rejected row's raw cells are personal data (ID numbers, names): they are hidden
unless the masking reveals them; the reason is always shown.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qinyou.graph.privacy import HIDDEN, Masking
from qinyou.ingest.report import FileReport, Reject

KINDS = ("rejects", "warnings")


def file_rows(reports: Sequence[FileReport]) -> list[dict[str, Any]]:
    """One row per file: kind, rows read, loaded, rejected, warnings."""
    return [{"文件 / file": r.source, "类型 / kind": r.kind, "读取 / read": r.read, "载入 / loaded": r.loaded,
             "拒绝 / rejected": r.rejected, "警告 / warnings": len(r.warnings)} for r in reports]


@dataclass
class RowPage:
    rows: list[dict[str, Any]]
    total: int
    offset: int


def problem_rows(reports: Sequence[FileReport], masking: Masking, which: str = "rejects", source: str | None = None,
                 offset: int = 0, limit: int = 50) -> RowPage:
    """One page of the rejected rows (or the warnings) of all files or of ``source``, with reasons."""
    if which not in KINDS:
        raise ValueError(f"which must be one of {KINDS}")
    found: list[Reject] = [x for r in reports if source in (None, r.source)
                           for x in (r.rejects if which == "rejects" else r.warnings)]
    offset = max(0, int(offset))
    rows = [{"文件 / file": x.source, "行 / row": x.row if x.row is not None else "", "原因 / reason": x.reason,
             "原始内容 / raw": x.raw if masking.reveal else (HIDDEN if x.raw else "")}
            for x in found[offset: offset + limit]]
    return RowPage(rows, len(found), offset)
