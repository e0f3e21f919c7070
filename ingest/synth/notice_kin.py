"""The relatives a synthetic notice names: true relatives of the cadre, from the generator's family links.

A notice item says 违规将其弟杨某某纳入农村低保: the relative is a real person of
the county (every person is in the household register), so identity can be
measured on relatives too. :class:`Families` indexes the generator's true links
(``father``, ``mother``, ``spouse``, ``sibgroup`` of :mod:`.family`) once; a
cadre's relatives are read from them by definition — spouse, children, younger
brothers, brothers' sons — never from the project's kinship code.

The truth of a relative mention is computed from what the item writes: the
relation to the cadre and the name (in full or masked). It names one person
when exactly one relative of the cadre in that relation fits the written
name; otherwise it lists every one that fits (the mention is ambiguous).
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from qinyou.ingest.synth.plant import Plan
from qinyou.ingest.synth.world import World

#: relation word (as rosters and notices normalise it) → the word the notice writes after 其
WRITTEN = {"弟弟": "弟", "妻子": "妻子", "丈夫": "丈夫", "儿子": "儿子", "女儿": "女儿", "侄子": "侄子"}


class Families:
    """The true relatives of any person, and who receives which benefit."""

    def __init__(self, world: World, plan: Plan) -> None:
        p = world.persons
        self.names = p["name"].to_numpy()
        self.idnos = p["idno"].to_numpy()
        self.male = p["male"].to_numpy().astype(bool)
        self.birth = p["birth"].to_numpy()
        self.spouse = p["spouse"].to_numpy()
        self.father = p["father"].to_numpy()
        self.village = p["village"].to_numpy()
        self.sibgroup = p["sibgroup"].to_numpy()
        self.children: dict[int, list[int]] = defaultdict(list)
        for col in ("father", "mother"):
            for child, parent in enumerate(p[col].to_numpy()):
                if parent >= 0:
                    self.children[int(parent)].append(child)
        self.siblings: dict[int, list[int]] = defaultdict(list)
        for pid, group in enumerate(self.sibgroup):
            self.siblings[int(group)].append(pid)
        self.benefit: dict[int, str] = {}
        for frame, programme in ((plan.disabled, "残疾人补贴"), (plan.dibao, "低保")):
            for pid in frame["pid"].to_numpy():
                self.benefit[int(pid)] = programme
        self.by_name: dict[str, list[int]] = defaultdict(list)

    def relatives(self, pid: int) -> list[tuple[str, int]]:
        """(relation word, person) for the cadre's spouse, children, younger brothers and brothers' sons."""
        out: list[tuple[str, int]] = []
        if self.spouse[pid] >= 0:
            out.append(("妻子" if self.male[pid] else "丈夫", int(self.spouse[pid])))
        out += [("儿子" if self.male[c] else "女儿", c) for c in sorted(set(self.children.get(pid, [])))]
        brothers = [s for s in self.siblings.get(int(self.sibgroup[pid]), []) if s != pid and self.male[s]]
        out += [("弟弟", s) for s in brothers if self.birth[s] > self.birth[pid]]
        for b in brothers:
            out += [("侄子", c) for c in sorted(set(self.children.get(b, []))) if self.male[c]]
        return out

    def fitting(self, cadre: int, word: str, written: str, fits: object) -> list[int]:
        """The cadre's relatives in relation ``word`` whose name can be written as ``written``."""
        return [q for w, q in self.relatives(cadre) if w == word and fits(written, self.names[q])]  # type: ignore[operator]

    def shared_elsewhere(self, q: int) -> bool:
        """Whether someone in another village has the same full name (a same-name trap if written in full)."""
        if not self.by_name:
            for i, name in enumerate(self.names):
                self.by_name[str(name)].append(i)
        return any(self.village[o] != self.village[q] for o in self.by_name[str(self.names[q])])

    def pick(self, cadre: int, rng: np.random.Generator) -> tuple[str, int] | None:
        """A relative to name in the item: a beneficiary when the cadre has one (优亲厚友), else any."""
        kin = self.relatives(cadre)
        if not kin:
            return None
        paid = [k for k in kin if k[1] in self.benefit]
        pool = paid if paid and rng.random() < 0.8 else kin
        return pool[int(rng.integers(0, len(pool)))]
