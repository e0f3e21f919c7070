"""Findings as the Findings page and ``qinyou detect`` filter them: by rule, place, severity,
certainty, ``declared`` and triage status, one page at a time, masked as asked.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qinyou.detect import detect
from qinyou.explore.triage import Decision
from qinyou.graph.privacy import Masking
from qinyou.graph.store import GraphStore

SEVERITIES = ("high", "medium", "low")
CERTAINTIES = ("certain", "ambiguous")


@dataclass
class Filters:
    """What to keep; ``None`` or empty keeps everything."""

    rules: list[str] | None = None
    place: str | None = None
    severity: list[str] | None = None
    certainty: list[str] | None = None
    declared: bool | None = None
    status: list[str] | None = None
    scope: str = "dibao"

    def keeps(self, finding: Mapping[str, Any], status: str) -> bool:
        if self.severity and finding["severity"] not in self.severity:
            return False
        if self.certainty and finding["certainty"] not in self.certainty:
            return False
        if self.declared is not None and finding.get("declared") is not self.declared:
            return False
        return not self.status or status in self.status


@dataclass
class FindingPage:
    findings: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    offset: int = 0


def all_findings(store: GraphStore, filters: Filters) -> list[dict[str, Any]]:
    """Every finding the rules produce under ``filters``' rules, place and scope (unmasked dicts)."""
    return [f.as_dict(reveal=True) for f in detect(store, filters.rules, filters.place or None, filters.scope)]


def narrow(stored: Iterable[dict[str, Any]], filters: Filters) -> list[dict[str, Any]]:
    """The snapshot's findings of ``filters``' rules and place (what detection would have been asked for).

    The place matches a village, town or county name on the place paths the snapshot
    stores with each finding (those of its people, households and cases).
    """
    rules = set(filters.rules or ())
    place = (filters.place or "").strip()
    return [f for f in stored if (not rules or f["rule"] in rules)
            and (not place or any(place in str(p).split("/") for p in f.get("places") or ()))]


def mask_finding(finding: Mapping[str, Any], masking: Masking) -> dict[str, Any]:
    """A copy with people's names and ID numbers masked as ``masking`` says (path names too)."""
    out = {k: v for k, v in finding.items() if k != "places"}
    people = []
    for p in finding["people"]:
        entry = {k: v for k, v in p.items() if k != "idno"}
        entry["name"] = masking.name(p.get("name"), personal=bool(p.get("idno") or p.get("idno_masked")))
        if masking.reveal and p.get("idno"):
            entry["idno"] = p["idno"]
        people.append(entry)
    out["people"] = people
    if finding.get("path"):
        out["path"] = [masking.name(step) if i % 2 == 0 and "(" not in step else step
                       for i, step in enumerate(finding["path"])]
    return out


def select(findings: Iterable[Mapping[str, Any]], filters: Filters, triage: Mapping[str, Decision],
           masking: Masking, offset: int = 0, limit: int = 50) -> FindingPage:
    """One page of the findings ``filters`` keep, each with its triage ``status`` and ``note``."""
    kept = []
    for f in findings:
        decision = triage.get(f["id"])
        status = decision.status if decision else "open"
        if filters.keeps(f, status):
            kept.append((f, status, decision.note if decision else ""))
    offset = max(0, int(offset))
    page = [{**mask_finding(f, masking), "status": s, "note": n} for f, s, n in kept[offset: offset + limit]]
    return FindingPage(page, len(kept), offset)
