"""Candidate pairs with their reasons, and which of them may be judged "same" without a person.

Pairs are formed within a surname (a masked name keeps its surname) between a
notice person and a cadre of the rosters, and between notice persons of two
different notices. A pair is a candidate when its names fit each other and its
score reaches :data:`FLOOR`.

A candidate is judged automatically only when it is both likely and unique:
its score reaches :data:`AUTO`, and neither side has another candidate from the
partner's source (the rosters, or the partner's notice) within :data:`MARGIN`
of it in log-odds (a rival must be at least e³ ≈ 20 times less likely). So a
王某某 that fits two cadres of one town waits for review, and so does every
pair around two cadres who share a full name: a person two cadres fit about
equally is joined to nobody automatically, not even to another notice's person
(that would choose one of the cadres by transitivity).
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from qinyou.identity.names import NamePattern
from qinyou.identity.profile import PLACE_WEIGHTS, PRIOR, Comparison, Profile, compare

FLOOR = 0.2
AUTO = 0.98
MARGIN = 3.0


@dataclass(frozen=True)
class Candidate:
    """A scored pair (ends ordered by id) with the comparison that scored it."""

    a: Profile
    b: Profile
    comparison: Comparison

    @property
    def score(self) -> float:
        return self.comparison.score

    @property
    def pair(self) -> tuple[str, str]:
        return (self.a.id, self.b.id)


def _source(p: Profile) -> str:
    return "roster" if p.kind == "roster" else f"notice:{p.doc}"


def _county_clash(a: Profile, b: Profile) -> bool:
    x, y = a.place("county"), b.place("county")
    return bool(x and y and x != y)


def _name_max(p: Profile) -> float:
    """The most the name feature can give a pair with ``p`` (see :func:`profile.name_feature`)."""
    fits = 0.8 * p.name.known_characters() + 0.5  # against a mask (or a mask against anything)
    return fits if p.name.masked else max(fits, 3.0 + 0.5 * (len(p.name.given) - 1))


def _place_weight(a: Profile, b: Profile) -> float:
    """The place features' sum, exactly as :func:`profile.compare` adds them."""
    total = 0.0
    for level, agree_w, differ_w in PLACE_WEIGHTS:
        x, y = a.place(level), b.place(level)
        if x and y:
            total += agree_w if x == y else differ_w
    return total


def _rest_max(n: Profile) -> float:
    """The most post, dates, relatives and role can add to a pair of notice person ``n`` and a cadre."""
    kin = 3.0 if any(not k.masked for k in n.kin) else 0.3 if n.kin else 0.0
    role = -3.0 if n.role == "relative" else 0.0  # named as a relative, compared with a cadre
    return (2.0 if n.posts else 0.0) + (0.7 if n.years else 0.0) + kin + role


def _roster_pairs(notices: list[Profile], rosters: list[Profile], floor: float) -> list[tuple[Profile, Profile]]:
    """The notice × roster pairs that can reach ``floor``; the others are skipped unscored.

    Exact: a pair is skipped only when an upper bound of its score (its place features, the
    most its name and the notice person's other features can give) is below the floor. A full
    name fits only the same full name, so it looks that name up; rosters are grouped by place.
    """
    need = _logit(floor) - 1e-9
    by_text: dict[NamePattern, list[Profile]] = defaultdict(list)
    masked: list[Profile] = []
    by_place: dict[tuple[tuple[str, str], ...], list[Profile]] = defaultdict(list)
    for r in rosters:
        if r.name.masked:
            masked.append(r)
        else:
            by_text[r.name].append(r)
        by_place[r.places].append(r)
    out: list[tuple[Profile, Profile]] = []
    for n in notices:
        room = PRIOR + _name_max(n) + _rest_max(n)
        if not n.name.masked:
            pool = by_text.get(n.name, []) + masked
        else:
            pool = [r for group in by_place.values() if room + _place_weight(n, group[0]) >= need for r in group]
        out += [(n, r) for r in pool if room + _place_weight(n, r) >= need]
    return out


def candidates(profiles: Iterable[Profile], floor: float = FLOOR) -> list[Candidate]:
    """Every candidate pair, best first (ties by ids, so the order is stable)."""
    by_surname: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        by_surname[p.name.surname].append(p)
    out: list[Candidate] = []
    for group in by_surname.values():
        notices = [p for p in group if p.kind == "notice"]
        rosters = [p for p in group if p.kind == "roster"]
        pairs = _roster_pairs(notices, rosters, floor)
        pairs += [(x, y) for i, x in enumerate(notices) for y in notices[i + 1:] if x.doc != y.doc]
        for x, y in pairs:
            if _county_clash(x, y):
                continue
            a, b = sorted((x, y), key=lambda p: p.id)
            found = compare(a, b)
            if found is not None and found.score >= floor:
                out.append(Candidate(a, b, found))
    return sorted(out, key=lambda c: (-c.score, c.pair))


def automatic(found: list[Candidate], auto: float = AUTO, margin: float = MARGIN) -> list[Candidate]:
    """The candidates that may be judged "same" without review (see the module's rule)."""
    best: dict[tuple[str, str], list[float]] = defaultdict(list)  # (person, partner's source) → log-odds, best first
    for c in found:
        best[(c.a.id, _source(c.b))].append(_logit(c.score))
        best[(c.b.id, _source(c.a))].append(_logit(c.score))

    def unrivalled(key: tuple[str, str], mine: float) -> bool:
        others = sorted(best[key], reverse=True)
        others.remove(mine)
        return not others or others[0] <= mine - margin

    # a person two cadres fit about equally is never joined to anyone automatically: joining it to
    # another notice's person would join that person to one of the two cadres by transitivity
    ambiguous = {person for (person, source), logits in best.items() if source == "roster" and len(logits) > 1
                 and sorted(logits, reverse=True)[1] > max(logits) - margin}
    return [c for c in found if c.score >= auto and unrivalled((c.a.id, _source(c.b)), _logit(c.score))
            and unrivalled((c.b.id, _source(c.a)), _logit(c.score))
            and c.a.id not in ambiguous and c.b.id not in ambiguous]


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))
