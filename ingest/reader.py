"""Read one input file into a batch and a report: the reader each suffix calls for.

``.txt`` and ``.jsonl`` are case notices; ``.csv``, ``.xlsx`` and ``.xls`` are rosters.
"""
from __future__ import annotations

from pathlib import Path

from qinyou.errors import InputError
from qinyou.graph.batch import GraphBatch
from qinyou.graph.idkey import IdKey
from qinyou.ingest.report import FileReport, Reject

NOTICE_SUFFIXES = (".txt", ".jsonl")
ROSTER_SUFFIXES = (".csv", ".xlsx", ".xls")


def read_one(path: Path, kind: str | None = None, mapping: Path | None = None, *,
             key: IdKey) -> tuple[GraphBatch, FileReport]:
    """One file's batch and report; an unreadable file gives an empty batch and a report saying why.

    ``key`` makes roster persons' ids (:class:`qinyou.graph.idkey.IdKey`)."""
    try:
        return _read(path, kind, mapping, key)
    except InputError as exc:
        report = FileReport(source=path.name, kind="unreadable")
        report.rejects.append(Reject(path.name, None, exc.message, ""))
        return GraphBatch(), report


def _read(path: Path, kind: str | None, mapping: Path | None, key: IdKey) -> tuple[GraphBatch, FileReport]:
    suffix = path.suffix.lower()
    if suffix in NOTICE_SUFFIXES and kind is None:
        from qinyou.ingest.notices.graph import read_notice_file

        return read_notice_file(path)
    if suffix in ROSTER_SUFFIXES:
        from qinyou.ingest.rosters import read_roster

        return read_roster(path, kind=kind, mapping=mapping, key=key)
    raise InputError("cannot read this kind of file (notices: .txt .jsonl; rosters: .csv .xlsx .xls)",
                     file=str(path))
