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
    linkable: int        # mentions the text ties to one roster person
    linked: int          # of those, joined to that person by the judgements (transitively)
    wrong_links: list[str]
    pending: int
    trap_links: int      # judgements in force that join a same-name or town-only trap to a wrong person

    @property
    def precision(self) -> float:
        return self.auto_right / self.auto if self.auto else 1.0

    @property
    def recall(self) -> float:
        return self.linked / self.linkable if self.linkable else 1.0


def evaluate(store: GraphStore, truth: dict[str, Any], resolution: Resolution, key: IdKey) -> Score:
    mentions = {(m["doc"], to_simplified(m["written"])): m for m in truth["notices"]["mentions"]}
    notice_truth: dict[str, str | None] = {}  # notice person → the roster person id the truth names
    roster: set[str] = set()
    for pid, scope, name, masked in store.read(PEOPLE, name="evaluate").rows:
        if masked:
            roster.add(pid)
        else:
            m = mentions.get((scope, to_simplified(name or "")))
            notice_truth[pid] = key.person_id(m["idno"]) if m and m["idno"] else None

    def who(pid: str) -> str | None:
        return pid if pid in roster else notice_truth.get(pid)

    judgements = stored_judgements(store)
    auto = [j for j in judgements if j.judged_by == AUTO_BY and j.verdict == "same"]
    wrong = [f"{j.a}={j.b}" for j in auto if who(j.a) is None or who(j.a) != who(j.b)]
    verdicts = Verdicts(judgements)
    linkable = [pid for pid, idno in notice_truth.items() if idno]
    linked = [pid for pid in linkable if notice_truth[pid] in roster
              and verdicts.between(pid, str(notice_truth[pid])) == "same"]
    traps = {(m["doc"], to_simplified(m["written"])) for m in truth["notices"]["mentions"]
             if m["trap"] in ("same_name", "town_only")}
    trap_ids = {pid for pid, scope, name, idno in store.read(PEOPLE, name="evaluate").rows
                if (scope, to_simplified(name or "")) in traps}
    trap_links = sum(1 for j in judgements if j.verdict == "same" and (j.a in trap_ids or j.b in trap_ids)
                     and who(j.a) != who(j.b))
    return Score(len(auto), len(auto) - len(wrong), len(linkable), len(linked), wrong,
                 len(resolution.pending), trap_links)
