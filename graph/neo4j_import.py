"""The graph as header + CSV files for ``neo4j-admin database import full``.

For loads too big for ``MERGE`` over Bolt: build the graph in the embedded
store (bulk speed), write it out with :func:`write_import`, and let Neo4j's
offline importer build a fresh database from the files. Every node type gets a
header file and a data file, every relationship (type, from label, to label)
too; ``import.args`` holds the importer's arguments (``@import.args``) and
``schema.cypher`` the constraints and indexes the Neo4j store would create.

Ids are the project's ids, unique across labels (they start with the label),
so one ID space serves all nodes and each node keeps ``id`` as a property.
Relationships get their derived ``id`` (:func:`graph.batch.rel_id`), as the
Neo4j store writes it. Every non-null value is quoted, so an empty string stays
an empty string and an unquoted empty field means "no value"; list elements are
joined with U+001F, a character no value may contain.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from itertools import repeat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from qinyou.errors import InputError
from qinyou.graph import elements
from qinyou.graph.ids import SEP
from qinyou.graph.model import Schema
from qinyou.graph.neo4j_store import constraint_ddl, index_ddl
from qinyou.graph.store import GraphStore

ARRAY_DELIMITER = SEP  # U+001F
CSV_TYPES = {"string": "string", "int": "long", "float": "double", "bool": "boolean", "date": "date",
             "string[]": "string[]", "float[]": "double[]"}


@dataclass
class ImportFiles:
    """What :func:`write_import` wrote: files and row counts, and the importer's arguments."""

    directory: Path
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    multiline: bool = False


def _text(value: Any, kind: str, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise InputError(f"{value} cannot be imported into Neo4j", element=where)
        return repr(value)
    text = str(value)
    if ARRAY_DELIMITER in text:
        raise InputError("a value holds U+001F, the list delimiter of the import files", element=where)
    return text


def field_text(value: Any, kind: str, where: str = "") -> str:
    """One CSV field: empty for no value, else quoted (quotes doubled).

    >>> field_text(None, "string"), field_text("", "string"), field_text('a"b', "string")
    ('', '""', '"a""b"')
    >>> field_text(["f#r1", "g#r2"], "string[]") == '"f#r1' + SEP + 'g#r2"'
    True
    >>> field_text(dt.date(2021, 6, 1), "date"), field_text(True, "bool"), field_text(2.5, "float")
    ('"2021-06-01"', '"true"', '"2.5"')
    """
    if value is None:
        return ""
    if type(value) is str:  # the common case, without the checks below
        if ARRAY_DELIMITER in value:
            raise InputError("a value holds U+001F, the list delimiter of the import files", element=where)
        return '"' + value.replace('"', '""') + '"'
    if kind.endswith("[]"):
        items = [_text(v, kind[:-2], where) for v in (value if isinstance(value, (list, tuple)) else [value])
                 if v is not None]
        text = ARRAY_DELIMITER.join(items)
    else:
        text = _text(value, kind, where)
    return '"' + text.replace('"', '""') + '"'


def _write(out: TextIO, rows: Iterable[list[Any]], kinds: list[str], where: str) -> tuple[int, bool]:
    n, multiline = 0, False
    for row in rows:
        line = ",".join(map(field_text, row, kinds, repeat(where)))
        multiline = multiline or "\n" in line or "\r" in line
        out.write(line + "\n")
        n += 1
    return n, multiline


def _header(path: Path, columns: list[str]) -> None:
    path.write_text(",".join(columns) + "\n", encoding="utf-8")


def write_import(store: GraphStore, directory: Path) -> ImportFiles:
    """Write every node and relationship of ``store`` into ``directory`` (created; files replaced)."""
    sch: Schema = store.schema
    directory = Path(directory).resolve()
    (directory / "nodes").mkdir(parents=True, exist_ok=True)
    (directory / "relationships").mkdir(parents=True, exist_ok=True)
    done = ImportFiles(directory)
    for label in sch.nodes:
        types = sch.node(label).all_props()
        columns = elements.node_columns(sch, label)
        header, data = directory / "nodes" / f"{label}.header.csv", directory / "nodes" / f"{label}.csv"
        _header(header, ["id:ID", *(f"{c}:{CSV_TYPES[types[c]]}" for c in columns[1:])])
        result = elements.nodes(store, label)
        with data.open("w", encoding="utf-8", newline="") as out:
            n, multi = _write(out, result.rows, [types[c] for c in columns], label)
        done.nodes[label], done.multiline = n, done.multiline or multi
        done.args.append(f"--nodes={label}={header},{data}")
    for key in elements.rel_keys(sch):
        rel_type = key[0]
        types = sch.rel(rel_type).all_props()
        columns = elements.rel_columns(sch, rel_type)
        stem = ".".join(key)
        header = directory / "relationships" / f"{stem}.header.csv"
        data = directory / "relationships" / f"{stem}.csv"
        _header(header, [":START_ID", ":END_ID", "id:string", *(f"{c}:{CSV_TYPES[types[c]]}" for c in columns)])
        rows = ([r["from_id"], r["to_id"], r["id"], *(r[c] for c in columns)]
                for r in elements.rel_records(store, key))
        with data.open("w", encoding="utf-8", newline="") as out:
            n, multi = _write(out, rows, ["string", "string", "string", *(types[c] for c in columns)], stem)
        done.relationships[stem], done.multiline = n, done.multiline or multi
        done.args.append(f"--relationships={rel_type}={header},{data}")
    done.args += [f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--id-type=string", "--strict=true",
                  "--bad-tolerance=0", f"--report-file={directory / 'import.report'}"]
    if done.multiline:
        done.args.append("--multiline-fields=true")
    (directory / "import.args").write_text("\n".join(done.args) + "\n", encoding="utf-8")
    ddl = {**constraint_ddl(sch), **index_ddl(sch)}
    (directory / "schema.cypher").write_text(";\n".join(ddl.values()) + ";\n", encoding="utf-8")
    return done
