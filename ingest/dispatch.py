"""Route input paths to the right reader and gather one batch for one load.

``.txt`` and ``.jsonl`` are case notices; ``.csv``, ``.xlsx`` and ``.xls`` are
rosters. Directories are walked (sorted, so runs are reproducible). Reading
everything first and loading once lets the store fold a person who appears in
several files into one node at bulk speed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from qinyou.graph.batch import GraphBatch
from qinyou.graph.idkey import IdKey
from qinyou.errors import InputError
from qinyou.ingest.ahead import chosen, read_ahead
from qinyou.ingest.reader import NOTICE_SUFFIXES, ROSTER_SUFFIXES, read_one
from qinyou.ingest.report import FileReport

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
                on_file: Callable[[Path, int, int], None] | None = None, read_ahead_setting: str = "auto",
                *, key: IdKey) -> Iterator[tuple[GraphBatch, FileReport]]:
    """Read every input file; yields one batch and report per file, in file order.

    A file that cannot be read at all (corrupt workbook, unknown encoding, no
    recognisable header) does not stop the run: it yields an empty batch and a
    report whose one reject says why (``row`` is None), so the other files still load.
    Big inputs are read with a helper process (:mod:`qinyou.ingest.ahead`; ``read_ahead_setting``
    is :attr:`qinyou.settings.Settings.read_ahead`); the results are the same. ``key`` makes
    roster persons' ids (:class:`qinyou.graph.idkey.IdKey`).
    """
    files = expand(paths)
    big = chosen(files, read_ahead_setting)
    if big is not None:
        yield from read_ahead(files, big, kind, mapping, key, on_file)
        return
    for i, path in enumerate(files, 1):
        if on_file:
            on_file(path, i, len(files))
        yield read_one(path, kind, mapping, key=key)
