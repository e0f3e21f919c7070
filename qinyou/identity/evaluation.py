"""How well identity did on a synthetic county: its judgements against the truth of ``qinyou synth --notices``.

The truth names, for each notice mention (document and name as written), the
roster ID number it stands for (or none, when the text allows several); the
number is turned into the roster person's id with the store's ID key. A
notice person of the store is matched to its mention by document and name; a
notice person no mention describes (a relative, or a name the extractor got
wrong) makes every "same" around it a false one.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qinyou.graph.idkey import IdKey
from qinyou.graph.judgements import Verdicts
from qinyou.graph.store import GraphStore
from qinyou.identity.resolution import AUTO_BY, Resolution, stored_judgements
from qinyou.ingest.notices.script import to_simplified

PEOPLE = ("MATCH (p:Person) WHERE p.scope IS NOT NULL OR p.idno_masked IS NOT NULL "
          "RETURN p.id, p.scope, p.name, p.idno_masked")


@dataclass
class Score:
    auto: int            # automatic "same" judgements
    auto_right: int
    linkable: int        # officials' mentions the text ties to one roster person
    linked: int          # of those, joined to that person by the judgements (transitively)
    wrong_links: list[str]
    pending: int
    trap_links: int      # judgements in force that join a trap mention to a wrong person
    rel_auto: int = 0    # of the automatic judgements, those about a relative's mention
    rel_auto_right: int = 0
    rel_linkable: int = 0
    rel_linked: int = 0
    rel_pending: int = 0  # pending candidates about a relative's mention
    rel_ambiguous_linked: int = 0  # relatives' mentions the text leaves ambiguous, yet joined to a roster person

    @property
    def precision(self) -> float:
        return self.auto_right / self.auto if self.auto else 1.0

    @property
    def recall(self) -> float:
        return self.linked / self.linkable if self.linkable else 1.0

    @property
    def rel_precision(self) -> float:
        return self.rel_auto_right / self.rel_auto if self.rel_auto else 1.0

    @property
    def rel_recall(self) -> float:
        return self.rel_linked / self.rel_linkable if self.rel_linkable else 1.0


TRAPS = ("same_name", "town_only", "relative_same_name", "relative_masked")


def evaluate(store: GraphStore, truth: dict[str, Any], resolution: Resolution, key: IdKey) -> Score:
    mentions = {(m["doc"], to_simplified(m["written"])): m for m in truth["notices"]["mentions"]}
    notice_truth: dict[str, str | None] = {}  # notice person → the roster person id the truth names
    relative: set[str] = set()                # notice persons that are a relative's mention
    ambiguous: set[str] = set()
    roster: set[str] = set()
    rows = store.read(PEOPLE, name="evaluate").rows
    for pid, scope, name, masked in rows:
        if masked:
            roster.add(pid)
        else:
            m = mentions.get((scope, to_simplified(name or "")))
            notice_truth[pid] = key.person_id(m["idno"]) if m and m["idno"] else None
            if m and m.get("role") == "relative":
                relative.add(pid)
                if not m["idno"] and len(m["fits"]) > 1:
                    ambiguous.add(pid)

    def who(pid: str) -> str | None:
        return pid if pid in roster else notice_truth.get(pid)

    judgements = stored_judgements(store)
    auto = [j for j in judgements if j.judged_by == AUTO_BY and j.verdict == "same"]
    wrong = [f"{j.a}={j.b}" for j in auto if who(j.a) is None or who(j.a) != who(j.b)]
    verdicts = Verdicts(judgements)

    def linked(pids: list[str]) -> list[str]:
        return [pid for pid in pids if notice_truth[pid] in roster
                and verdicts.between(pid, str(notice_truth[pid])) == "same"]

    linkable = [pid for pid, idno in notice_truth.items() if idno and pid not in relative]
    rel_linkable = [pid for pid, idno in notice_truth.items() if idno and pid in relative]
    traps = {(m["doc"], to_simplified(m["written"])) for m in truth["notices"]["mentions"] if m["trap"] in TRAPS}
    trap_ids = {pid for pid, scope, name, idno in rows if (scope, to_simplified(name or "")) in traps}
    trap_links = sum(1 for j in judgements if j.verdict == "same" and (j.a in trap_ids or j.b in trap_ids)
                     and who(j.a) != who(j.b))
    rel_auto = [j for j in auto if j.a in relative or j.b in relative]
    rel_wrong = [j for j in rel_auto if who(j.a) is None or who(j.a) != who(j.b)]
    return Score(len(auto), len(auto) - len(wrong), len(linkable), len(linked(linkable)), wrong,
                 len(resolution.pending), trap_links, len(rel_auto), len(rel_auto) - len(rel_wrong),
                 len(rel_linkable), len(linked(rel_linkable)),
                 sum(1 for c in resolution.pending if c.a.id in relative or c.b.id in relative),
                 sum(1 for pid in ambiguous if any(verdicts.between(pid, r) == "same" for r in roster)))
