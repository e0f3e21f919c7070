"""Roster mappings: which header names a kind of roster uses, read from YAML.

One file per kind in ``ingest/mappings/``; a user adds a layout by writing a
mapping (``--mapping FILE``), no code. A mapping names, for each field, its
canonical header, its aliases, how the value is parsed and the schema property
it fills (``Label.property``); the targets are checked against
``graph/schema``, so a mapping can never write a property the graph lacks.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from qinyou.graph.model import Schema, schema as default_schema
from qinyou.errors import InputError, MappingError
from qinyou.resources import data_path

MAPPING_DIR = data_path("qinyou.ingest", "mappings")
KINDS = ("beneficiaries", "cadres", "relatives", "households", "deaths", "payments")
PARSERS = ("text", "name", "place", "idno", "date", "float", "int")

#: the fields each kind's graph builder reads (a mapping may add fields that target its main node)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "beneficiaries": ("county", "town", "village", "head_name", "head_idno", "name", "idno", "relation",
                      "programme", "persons_covered", "monthly_yuan", "start_date", "end_date"),
    "cadres": ("name", "idno", "title", "village", "town", "county", "start_date", "end_date"),
    "relatives": ("cadre_name", "cadre_idno", "cadre_title", "kin_name", "kin_idno", "relation",
                  "declared_on", "village", "town", "county"),
    "households": ("hh_no", "name", "idno", "relation", "village", "town", "county"),
    "deaths": ("name", "idno", "date"),
    "payments": ("name", "idno", "programme", "amount", "date", "village", "town", "county"),
}
#: the node every row of a kind makes; extra mapped fields and unmapped columns land on it
MAIN_NODE: dict[str, str] = {"beneficiaries": "Benefit", "cadres": "Post", "relatives": "Person",
                             "households": "Household", "deaths": "Death", "payments": "Payment"}


def norm_header(text: Any) -> str:
    """A header cell as compared: NFKC, no spaces, no ``*`` marks, ``（）`` → ``()``.

    >>> norm_header(" 县（市、区）* ")
    '县(市、区)'
    """
    if text is None:
        return ""
    out = "".join(unicodedata.normalize("NFKC", str(text)).split())
    return re.sub(r"[*※]", "", out)


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    aliases: tuple[str, ...]
    target: str
    parse: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(norm_header(n) for n in (self.header, *self.aliases))


@dataclass(frozen=True)
class Mapping:
    kind: str
    label_zh: str
    fields: dict[str, Field]
    required: tuple[str, ...]
    detect: tuple[str, ...]
    source: str

    def match(self, header: list[str]) -> dict[str, int]:
        """Field key → column index, for the header cells this mapping knows (first match wins)."""
        cells = [norm_header(h) for h in header]
        out: dict[str, int] = {}
        taken: set[int] = set()
        for key, fld in self.fields.items():
            for name in fld.names:  # canonical header first, then aliases in order
                hits = [i for i, c in enumerate(cells) if c == name and i not in taken]
                if hits:
                    out[key] = hits[0]
                    taken.add(hits[0])
                    break
        return out

    def known_headers(self) -> set[str]:
        return {n for f in self.fields.values() for n in f.names}


def _fail(message: str, source: str, **context: Any) -> MappingError:
    return MappingError(message, file=source, **context)


def parse_mapping(doc: Any, source: str, sch: Schema | None = None) -> Mapping:
    """Check a mapping document against the schema and the kind's builder."""
    sch = sch or default_schema()
    if not isinstance(doc, dict):
        raise _fail("a mapping file holds one YAML mapping", source)
    kind = doc.get("kind")
    if kind not in KINDS:
        raise _fail(f"kind must be one of {list(KINDS)}", source, kind=kind)
    raw_fields = doc.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        raise _fail("a mapping needs `fields`", source)
    fields: dict[str, Field] = {}
    for key, spec in raw_fields.items():
        if not isinstance(spec, dict) or not spec.get("header"):
            raise _fail("a field needs a `header`", source, field=key)
        target = str(spec.get("target", ""))
        label, _, prop = target.partition(".")
        if label in sch.nodes:
            props = sch.nodes[label].props
        elif label in sch.rels:
            props = sch.rels[label].props
        else:
            raise _fail(f"target {target!r} names no type of graph/schema", source, field=key)
        if prop not in props:
            raise _fail(f"target {target!r}: {label} has no property {prop!r}", source, field=key)
        if key not in KIND_FIELDS[kind] and label != MAIN_NODE[kind]:
            raise _fail(f"field {key!r} is not read by {kind} rosters; extra fields must target "
                        f"{MAIN_NODE[kind]}", source, field=key)
        parse = spec.get("parse", "text")
        if parse not in PARSERS:
            raise _fail(f"parse must be one of {list(PARSERS)}", source, field=key)
        aliases = spec.get("aliases") or []
        if not isinstance(aliases, list):
            raise _fail("aliases must be a list", source, field=key)
        fields[key] = Field(key, str(spec["header"]), tuple(str(a) for a in aliases), target, parse)
    required = tuple(doc.get("required") or ())
    detect = tuple(doc.get("detect") or ())
    for name, keys in (("required", required), ("detect", detect)):
        unknown = [k for k in keys if k not in fields]
        if unknown:
            raise _fail(f"{name} names unknown fields {unknown}", source)
    if not required:
        raise _fail("a mapping needs `required` fields", source)
    return Mapping(kind, str(doc.get("label_zh", kind)), fields, required, detect, source)


def load_mapping(path: Path, sch: Schema | None = None) -> Mapping:
    """Read and check one mapping file."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"cannot read mapping: {exc}", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise MappingError(f"invalid YAML: {exc}", file=Path(path).name) from exc
    return parse_mapping(doc, Path(path).name, sch)


@functools.cache
def builtin_mappings() -> dict[str, Mapping]:
    """The project's mappings, one per kind."""
    out = {}
    for kind in KINDS:
        out[kind] = load_mapping(MAPPING_DIR / f"{kind}.yaml")
    return out


def recognise(header: list[str], mappings: list[Mapping]) -> Mapping | None:
    """The mapping a header row belongs to: all required columns, one detect column, most matches.

    Returns None when no mapping fits; raises when two fit equally well.
    """
    scored = []
    for mp in mappings:
        found = mp.match(header)
        if all(k in found for k in mp.required) and (not mp.detect or any(k in found for k in mp.detect)):
            scored.append((len(found), mp))
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0] and scored[0][1].kind != scored[1][1].kind:
        raise InputError(f"the header fits both {scored[0][1].kind} and {scored[1][1].kind}; "
                         "name the kind with --kind")
    return scored[0][1]
