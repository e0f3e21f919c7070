"""Reading the rosters towns keep: ``read_roster(path) -> (GraphBatch, FileReport)``.

One generic reader driven by YAML mappings (``ingest/mappings/``):

1. :mod:`~ingest.rosters.table` reads the file into text cells (encoding detected);
2. :mod:`~ingest.rosters.header` finds the header row and the roster kind;
3. :mod:`~ingest.rosters.screen` parses every data row or rejects it with a reason;
4. :mod:`~ingest.rosters.kinds` turns the loaded rows into graph frames.

Every data row ends loaded or rejected; each fact keeps ``file#rN`` provenance
with the spreadsheet row number a user sees in Excel.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from qinyou.graph.batch import GraphBatch
from qinyou.graph.batch import node_id
from qinyou.graph.idkey import IdKey
from qinyou.graph.provenance import row_source
from qinyou.ingest.report import FileReport, Reject
from qinyou.compat import object_text
from qinyou.ingest.rosters.frames import provenance
from qinyou.ingest.rosters.header import find_header, place_from_text
from qinyou.ingest.rosters.kinds import BUILDERS
from qinyou.ingest.rosters.mapping import KINDS, Mapping, builtin_mappings, load_mapping
from qinyou.ingest.rosters.screen import screen
from qinyou.ingest.rosters.table import read_grid
from qinyou.errors import InputError

__all__ = ["read_roster", "KINDS"]


def _mappings(kind: str | None, mapping: Path | None) -> list[Mapping]:
    if mapping is not None:
        user = load_mapping(mapping)
        if kind and user.kind != kind:
            raise InputError(f"--kind {kind} but the mapping is for {user.kind}", file=mapping.name)
        return [user]
    built = builtin_mappings()
    if kind is None:
        return list(built.values())
    if kind not in built:
        raise InputError(f"unknown roster kind {kind!r}; kinds: {', '.join(KINDS)}")
    return [built[kind]]


def read_roster(path: Path, kind: str | None = None, mapping: Path | None = None, *,
                key: IdKey) -> tuple[GraphBatch, FileReport]:
    """Read one roster file into a batch of graph facts and a report of its rows.

    ``key`` makes the person ids (keyed hashes of the ID numbers) and says whether
    the numbers themselves are kept (:class:`qinyou.graph.idkey.IdKey`).
    """
    with object_text():
        return _read_roster(Path(path), kind, mapping, key)


def _read_roster(path: Path, kind: str | None, mapping: Path | None, key: IdKey) -> tuple[GraphBatch, FileReport]:
    name = path.name
    grid = read_grid(path)
    header = find_header(grid.cells, _mappings(kind, mapping), name)
    mp = header.mapping
    found = mp.match(header.cells)
    named = place_from_text(*header.titles, path.stem)
    defaults = {k: v for k, v in named.items() if k in mp.fields and k not in found}
    screened = screen(grid.cells, grid.rows, header, defaults)

    report = FileReport(source=name, kind=mp.kind)
    report.read = len(screened.values) + len(screened.rejected)
    report.loaded = len(screened.values)
    report.rejects = [Reject(name, row, reason, raw) for row, reason, raw in screened.rejected]
    report.warnings = [Reject(name, row, reason, raw) for row, reason, raw in screened.warnings]
    report.notes.append(f"header at row {int(grid.rows[header.index])}, {grid.encoding}, mapping {mp.source}")
    if screened.blank:
        report.notes.append(f"skipped {screened.blank} blank rows")
    if defaults:
        report.notes.append("place from title: " + ", ".join(f"{k}={v}" for k, v in defaults.items()))

    batch = GraphBatch()
    values = screened.values.reset_index(drop=True)
    if len(values):
        src = provenance(name, screened.rows)
        extras = screened.extras.reset_index(drop=True)
        raw_idno = screened.raw_idno.reset_index(drop=True) if screened.raw_idno is not None else None
        BUILDERS[mp.kind](batch, values, src, extras, raw_idno, key)
    batch.add_nodes("Document", pd.DataFrame([{
        "id": node_id("Document", {"name": name}), "name": name, "doc_kind": "roster",
        "roster_kind": mp.kind, "rows_loaded": report.loaded, "rows_rejected": report.rejected,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "sources": [row_source(name, int(grid.rows[header.index]))]}]))
    return batch, report
