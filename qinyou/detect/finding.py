"""A finding in the schema of findings.md, with a stable id."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from qinyou.graph.privacy import mask_idno
from qinyou.graph.provenance import parse_source

TITLES = {
    "kin_benefit": ("村干部近亲属享受低保", "high"),
    "self_benefit": ("村干部本人家庭享受低保", "high"),
    "deceased_paid": ("死亡仍领取", "high"),
    "duplicate_benefit": ("重复享受", "medium"),
    "repeat_offender": ("屡查屡犯", "medium"),
    "post_after_punishment": ("带病上岗", "high"),
}


def finding_id(rule: str, *identities: str) -> str:
    """``rule:`` + a digest of the rule and the identities of the facts (node ids), not of row order."""
    digest = hashlib.blake2b("\x1f".join((rule, *identities)).encode("utf-8"), digest_size=8).hexdigest()
    return f"{rule}:{digest}"


@dataclass
class Person:
    role: str
    name: str | None
    idno: str | None


@dataclass
class Finding:
    rule: str
    identities: tuple[str, ...]
    people: list[Person]
    evidence: list[str]                       # provenance strings, in the order of findings.md
    certainty: str = "certain"
    relation: str | None = None
    declared: bool | None = None
    path: list[str] | None = None
    readings: list[dict[str, Any]] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return finding_id(self.rule, *self.identities)

    def as_dict(self, reveal: bool = False) -> dict[str, Any]:
        title, severity = TITLES[self.rule]
        out: dict[str, Any] = {"id": self.id, "rule": self.rule, "title": title, "severity": severity,
                               "certainty": self.certainty}
        people = []
        for p in self.people:
            entry: dict[str, Any] = {"role": p.role, "name": p.name, "idno_masked": mask_idno(p.idno) if p.idno else None}
            if reveal:
                entry["idno"] = p.idno
            people.append(entry)
        out["people"] = people
        if self.rule == "kin_benefit":
            out["relation"] = self.relation
            out["declared"] = self.declared
            out["path"] = self.path
            if self.readings:
                out["readings"] = self.readings
        out["evidence"] = [parse_source(s) for s in _unique(self.evidence)]
        if self.detail:
            out["detail"] = self.detail
        return out


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]
