"""Route input paths to the right reader and gather one batch for one load.

``.txt`` and ``.jsonl`` are case notices; ``.csv``, ``.xlsx`` and ``.xls`` are
rosters. Directories are walked (sorted, so runs are reproducible). Reading
everything first and loading once lets the store fold a person who appears in
several files into one node at bulk speed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graph.batch import GraphBatch
from ingest.ahead import chosen, read_ahead
from ingest.report import FileReport, Reject
from qinyou.errors import InputError

NOTICE_SUFFIXES = (".txt", ".jsonl")
ROSTER_SUFFIXES = (".csv", ".xlsx", ".xls")
SKIP_NAMES = {"truth.json", "README.md", "readme.txt", "LICENSE"}


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: the given files, and the readable files below given directories."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*"))
                       if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES + ROSTER_SUFFIXES
                       and p.name not in SKIP_NAMES and not p.name.startswith((".", "~$")))
        elif path.exists():
            out.append(path)
        else:
            raise InputError("no such file or directory", file=str(path))
    return out


def read_inputs(paths: Iterable[Path], kind: str | None = None, mapping: Path | None = None,
                on_file: Callable[[Path, int, int], None] | None = None
                ) -> Iterator[tuple[GraphBatch, FileReport]]:
    """Read every input file; yields one batch and report per file, in file order.

    A file that cannot be read at all (corrupt workbook, unknown encoding, no
    recognisable header) does not stop the run: it yields an empty batch and a
    report whose one reject says why (``row`` is None), so the other files still load.
    Big inputs are read with a helper process (:mod:`ingest.ahead`); the results are the same.
    """
    files = expand(paths)
    big = chosen(files)
    if big is not None:
        yield from read_ahead(files, big, kind, mapping, on_file)
        return
    for i, path in enumerate(files, 1):
        if on_file:
            on_file(path, i, len(files))
        yield read_one(path, kind, mapping)


def read_one(path: Path, kind: str | None = None, mapping: Path | None = None) -> tuple[GraphBatch, FileReport]:
    """One file's batch and report; an unreadable file gives an empty batch and a report saying why."""
    try:
        return _read(path, kind, mapping)
    except InputError as exc:
        report = FileReport(source=path.name, kind="unreadable")
        report.rejects.append(Reject(path.name, None, exc.message, ""))
        return GraphBatch(), report


def _read(path: Path, kind: str | None, mapping: Path | None) -> tuple[GraphBatch, FileReport]:
    suffix = path.suffix.lower()
    if suffix in NOTICE_SUFFIXES and kind is None:
        from ingest.notices.graph import read_notice_file

        return read_notice_file(path)
    if suffix in ROSTER_SUFFIXES:
        from ingest.rosters import read_roster

        return read_roster(path, kind=kind, mapping=mapping)
    raise InputError("cannot read this kind of file (notices: .txt .jsonl; rosters: .csv .xlsx .xls)",
                     file=str(path))
