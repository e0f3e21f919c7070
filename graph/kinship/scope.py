"""Legal 近亲属 scopes as data (``scopes.yaml``), each naming its basis.

>>> from qinyou.graph.kinship.chain import parse_ids
>>> dibao = scope("dibao")
>>> dibao.contains(parse_ids("m,xb")), dibao.contains(parse_ids("xb,s")), dibao.contains(parse_ids("ob,w"))
(True, False, False)
>>> scope("civil_service").contains(parse_ids("xb,s"))
True
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml

from qinyou.errors import QinyouError
from qinyou.graph.kinship.chain import Chain, kinds
from qinyou.resources import data_path

DEFAULT = "dibao"


@dataclass(frozen=True)
class Scope:
    name: str
    title: str
    basis: str
    kinds: frozenset[str]

    def contains(self, chain: Chain) -> bool:
        """Whether a reading lies in this scope."""
        return kinds(chain) in self.kinds


@functools.cache
def scopes() -> dict[str, Scope]:
    """Every preset, by name."""
    path = data_path("qinyou.graph", "kinship", "scopes.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {name: Scope(name, d["title"], " ".join(str(d["basis"]).split()), frozenset(d["kinds"]))
            for name, d in raw.items()}


def scope(name: str | None = None) -> Scope:
    """One preset (the 低保 备案 list by default)."""
    found = scopes().get(name or DEFAULT)
    if found is None:
        raise QinyouError(f"unknown scope {name!r}; known: {', '.join(scopes())}")
    return found
