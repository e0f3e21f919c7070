"""Saved queries: ``queries/*.cypher``, one per file, described by a header.

::

    // name: kin_benefit
    // title: 村干部近亲属享受低保
    // description: ...
    // params: village: string = "", limit: int = 200
    // returns: table
    MATCH ...            <- the Neo4j text
    // variant: ladybug
    MATCH ...            <- the embedded store's text, where its dialect differs

The CLI's ``--param`` options and the app's forms are generated from the
header; user input reaches Cypher only as parameters.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qinyou.errors import QueryError
from qinyou.resources import data_path

QUERY_DIR = data_path("qinyou.queries")
PARAM_TYPES = ("string", "int", "float", "bool", "date")
HEADER_KEYS = ("name", "title", "description", "params", "returns")
#: optional header keys: ``// private:`` names result columns that hold ordinary people's names
OPTIONAL_KEYS = ("private",)
_PARAM_RE = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*:\s*([a-z]+)\s*(?:=\s*(.*?))?\s*$")
_PLACEHOLDER_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_VARIANT_RE = re.compile(r"^//\s*variant:\s*([a-z0-9_]+)\s*$", re.M)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any

    def coerce(self, value: Any, query: str) -> Any:
        """Turn a user's value (often a string from the CLI or a form) into this type."""
        if value is None:
            return self.default
        try:
            if self.type == "string":
                return str(value)
            if self.type == "int":
                return int(str(value).strip())
            if self.type == "float":
                return float(str(value).strip())
            if self.type == "bool":
                if isinstance(value, bool):
                    return value
                text = str(value).strip().lower()
                if text in ("1", "true", "yes", "y", "是"):
                    return True
                if text in ("0", "false", "no", "n", "否"):
                    return False
                raise ValueError(text)
            if self.type == "date":
                if isinstance(value, dt.date):
                    return value
                return dt.date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise QueryError(f"parameter {self.name} must be a {self.type}, not {value!r}",
                             query=query) from exc
        raise QueryError(f"unknown parameter type {self.type}", query=query)


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    returns: str
    texts: dict[str, str]  # dialect → Cypher; "neo4j" always present
    path: Path
    private: tuple[str, ...] = ()

    def text_for(self, dialect: str) -> str:
        """The Cypher for a store dialect (the Neo4j text unless a variant exists)."""
        return self.texts.get(dialect, self.texts["neo4j"])

    def bind(self, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """Every declared parameter, from ``values`` or its default; unknown names fail."""
        values = dict(values or {})
        known = {p.name for p in self.params}
        unknown = sorted(set(values) - known)
        if unknown:
            raise QueryError(f"unknown parameter(s) {', '.join(unknown)}; this query takes "
                             f"{', '.join(sorted(known)) or 'none'}", query=self.name)
        return {p.name: p.coerce(values.get(p.name), self.name) for p in self.params}

    def placeholders(self, dialect: str = "neo4j") -> set[str]:
        return set(_PLACEHOLDER_RE.findall(_strip_comments(self.text_for(dialect))))


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


def _default(raw: str | None, ptype: str, where: str) -> Any:
    if raw is None or raw == "":
        return None
    raw = raw.strip()
    if ptype == "string":
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            return raw[1:-1]
        return raw
    try:
        return Param("default", ptype, None).coerce(raw, where)
    except QueryError as exc:
        raise QueryError(f"bad default {raw!r}", file=where) from exc


def _split_params(spec: str) -> list[str]:
    parts, buf, quote = [], "", ""
    for ch in spec:
        if quote:
            buf += ch
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            buf += ch
        elif ch == ",":
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    if buf.strip():
        parts.append(buf)
    return [p for p in parts if p.strip()]


def parse_query(path: Path) -> SavedQuery:
    """Read one ``.cypher`` file; a malformed header is a QueryError naming the file."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    body_start = 0
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^//\s*([a-z]+):\s?(.*)$", line)
        if not m or m.group(1) not in HEADER_KEYS + OPTIONAL_KEYS:
            body_start = i
            break
        header[m.group(1)] = m.group(2).strip()
    else:
        body_start = len(lines)
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing:
        raise QueryError(f"header lacks {', '.join(missing)}", file=path.name)
    if header["name"] != path.stem:
        raise QueryError("// name: must equal the file name", file=path.name)
    if header["returns"] not in ("table", "graph"):
        raise QueryError("// returns: must be table or graph", file=path.name)
    params = []
    spec = header["params"].strip()
    if spec and spec not in ("-", "none"):
        for part in _split_params(spec):
            m = _PARAM_RE.match(part)
            if not m or m.group(2) not in PARAM_TYPES:
                raise QueryError(f"bad param {part.strip()!r} (name: type = default; types "
                                 f"{', '.join(PARAM_TYPES)})", file=path.name)
            params.append(Param(m.group(1), m.group(2), _default(m.group(3), m.group(2), path.name)))
    body = "\n".join(lines[body_start:])
    pieces = _VARIANT_RE.split(body)
    texts = {"neo4j": pieces[0].strip()}
    for dialect, variant in zip(pieces[1::2], pieces[2::2]):
        texts[dialect] = variant.strip()
    if not texts["neo4j"]:
        raise QueryError("no Cypher after the header", file=path.name)
    private = tuple(c.strip() for c in header.get("private", "").split(",") if c.strip())
    return SavedQuery(header["name"], header["title"], header["description"], tuple(params),
                      header["returns"], texts, path, private)


@functools.cache
def load_queries(directory: Path = QUERY_DIR) -> dict[str, SavedQuery]:
    """Every saved query, by name."""
    out = {}
    for path in sorted(directory.glob("*.cypher")):
        query = parse_query(path)
        out[query.name] = query
    return out


def get_query(name: str) -> SavedQuery:
    queries = load_queries()
    if name not in queries:
        raise QueryError(f"no saved query named {name!r}; `qinyou queries` lists them")
    return queries[name]


_WRITE_RE = re.compile(r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|COPY|ALTER|LOAD|INSTALL|ATTACH|"
                       r"FOREACH|IMPORT|EXPORT|CHECKPOINT)\b", re.I)


def looks_like_write(cypher: str) -> bool:
    """A cheap first check (strings and comments removed); the stores enforce read-only for real."""
    text = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", "''", cypher)
    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text, flags=re.S)
    return bool(_WRITE_RE.search(text))


def queries_markdown() -> str:
    """Documentation of every saved query, generated from the headers."""
    out = ["# Saved queries", "",
           "Generated from the headers of `queries/*.cypher` by `qinyou docs`; do not edit by hand.",
           "Run one with `qinyou query NAME -p key=value`; all run read-only.", ""]
    for q in load_queries().values():
        out += [f"## `{q.name}` — {q.title}", "", q.description, "",
                f"Returns: {q.returns}. Dialect variants: {', '.join(sorted(q.texts))}.", ""]
        if q.params:
            out += ["| param | type | default |", "|---|---|---|"]
            out += [f"| `{p.name}` | {p.type} | {p.default!r} |" for p in q.params]
            out.append("")
        if q.private:
            out += [f"Masked unless revealed: {', '.join(q.private)} and every `*idno` column.", ""]
    return "\n".join(out) + "\n"
