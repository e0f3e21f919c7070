"""Candidates between the relatives notices name and roster persons who are not cadres.

A notice says 违规将其弟杨某某纳入农村低保. Once its official is known to be a
roster cadre (a judgement in force, or an automatic one), the rosters often say
who that is: the household register or the 近亲属备案 makes someone the cadre's
弟弟. So each named relative is compared with

- the cadre's relatives in the rosters (KIN from households and 备案), and
- the beneficiaries of the official's village (or town) whose name fits,

never with the whole county. Features, in log-odds over the prior of
:data:`qinyou.identity.profile.PRIOR`:

| feature | agrees | disagrees |
|---|---|---|
| name | as for cadres (a masked mention never matches a name it contradicts) | — |
| kin | the rosters make them the cadre's relative in the notice's relation +6 | another relation −1.5; the cadre's one spouse is someone else −3 |
| sex | the relation's sex is theirs +0.3 | −5 |
| village / town / county (the official's: a relative's home is inferred) | +1.5 / +1 / +0.3 | −3 / −3 / −6 |
| benefit | receives a programme the item names +1.5 | receives none of them −1 |
| dates | that benefit ran in the item's period +0.5 | |

Without the rosters' kin link a candidate cannot reach the automatic threshold:
a same full name in the same village on the named programme is 0.96 at most.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from qinyou.graph.kinship.chain import Chain
from qinyou.graph.kinship.table import terms
from qinyou.graph.kinship.vocabulary import readings
from qinyou.graph.store import GraphStore
from qinyou.identity.candidates import FLOOR, Candidate
from qinyou.identity.kinreading import (NoticeRelative, RosterPerson, Tables, beneficiaries_in, kin_of,
                                        notice_relatives, place_ids, roster_persons)
from qinyou.identity.names import NamePattern
from qinyou.identity.profile import Comparison, Feature, Profile, name_feature

PLACE_WEIGHTS = (("village", 1.5, -3.0), ("town", 1.0, -3.0), ("county", 0.3, -6.0))
SPOUSES = frozenset({"妻子", "丈夫"})


def _chains(word: str) -> frozenset[Chain]:
    """The readings of a standard relation word from the kinship table (no calculator is started)."""
    found = terms().get(word) or (readings(word) if word in _OWN_WORDS else None)
    return found or frozenset()


_OWN_WORDS = frozenset({"弟弟", "哥哥", "姐姐", "妹妹", "妻子", "丈夫", "儿子", "女儿", "父亲", "母亲"})


def relation_fits(notice_word: str, roster_word: str) -> bool:
    """Whether a roster relation (perhaps several readings, 堂弟或弟弟) can be the notice's word.

    Both words are standardised by one vocabulary at ingest, so a reading written the same fits.

    >>> relation_fits("弟弟", "堂弟或弟弟"), relation_fits("弟弟", "哥哥"), relation_fits("妻子", "妻子或嫂子或弟媳")
    (True, False, True)
    """
    return notice_word in roster_word.split("或")


def sex_of_relation(word: str) -> str | None:
    """男 / 女 when every reading of the word ends on a person of that sex (弟弟 男, 妻子 女)."""
    sexes = {chain[-1].sex for chain in _chains(word) if chain}
    sex = sexes.pop() if len(sexes) == 1 else None
    return {"M": "男", "F": "女"}.get(sex) if sex else None


def _levels(path: str | None) -> dict[str, str]:
    parts = (path or "").split("/")
    return dict(zip(("county", "town", "village"), parts)) if path else {}


def compare_relative(n: NoticeRelative, r: RosterPerson, cadre: str | None,
                     cadre_kin: list[tuple[str, str, str]]) -> Comparison | None:
    """The features of a notice relative and a roster person (None when the names contradict)."""
    mine, theirs = NamePattern.parse(n.name), NamePattern.parse(r.name)
    if not r.name or not mine.matches(theirs):
        return None
    out = [name_feature(mine, theirs)]
    words = [(word, basis) for rid, word, basis in cadre_kin if rid == r.id]
    if words:
        fitting = [(w, b) for w, b in words if relation_fits(n.relation, w)]
        w, b = (fitting or words)[0]
        out.append(Feature("kin", 6.0, f"rosters ({b}): the cadre's {w}") if fitting else
                   Feature("kin", -1.5, f"rosters ({b}): the cadre's {w}, the notice says {n.relation}"))
    elif cadre and n.relation in SPOUSES and any(w == n.relation for _, w, _ in cadre_kin):
        out.append(Feature("kin", -3.0, f"the rosters give the cadre another {n.relation}"))
    want = sex_of_relation(n.relation)
    if want and r.gender:
        out.append(Feature("sex", 0.3, f"{n.relation}: {r.gender}") if want == r.gender else
                   Feature("sex", -5.0, f"the notice's {n.relation} is {want}, the roster says {r.gender}"))
    here = _levels(n.place)
    homes = [_levels(p) for p in sorted(r.places)]
    for level, agree, differ in PLACE_WEIGHTS:
        theirs_at = {h[level] for h in homes if level in h}
        if level in here and theirs_at:
            out.append(Feature(level, agree, f"{level} {here[level]}") if here[level] in theirs_at else
                       Feature(level, differ, f"{level} {here[level]} ≠ {'/'.join(sorted(theirs_at))}"))
    if n.programmes:
        named = [(k, s, e) for k, s, e in r.benefits if k in n.programmes]
        if named:
            out.append(Feature("benefit", 1.5, f"receives {named[0][0]} as the notice says"))
            if n.years and any((s is None or s.year <= max(n.years)) and (e is None or e.year >= min(n.years))
                               for _, s, e in named):
                out.append(Feature("dates", 0.5, "the benefit ran in the item's period"))
        elif not r.benefits:
            out.append(Feature("benefit", -1.0, f"not on the {'/'.join(sorted(n.programmes))} rosters"))
    a, b = sorted((n.id, r.id))
    return Comparison(a, b, tuple(out))


def _notice_profile(n: NoticeRelative) -> Profile:
    here = _levels(n.place)
    return Profile(n.id, "notice", NamePattern.parse(n.name), doc=n.doc,
                   places=tuple(sorted((k, v) for k, v in here.items())), years=n.years, role="relative")


def _roster_profile(r: RosterPerson) -> Profile:
    homes = sorted(r.places)
    here = _levels(homes[0]) if homes else {}
    return Profile(r.id, "roster", NamePattern.parse(r.name), places=tuple(sorted(here.items())),
                   evidence=r.sources)


def relative_candidates(store: GraphStore, cadre_of: dict[str, set[str]],
                        floor: float = FLOOR, tables: Tables | None = None) -> list[Candidate]:
    """Candidates between notice relatives and non-cadre roster persons, best first.

    ``cadre_of``: notice person → the roster cadres the judgements (with the automatic ones)
    make them; a relative of such an official is compared with those cadres' roster relatives.
    ``tables``: a reader of whole tables the caller keeps (:data:`qinyou.identity.kinreading.Tables`).
    """
    relatives = notice_relatives(store)
    if not relatives:
        return []
    cadres = {c for r in relatives for c in cadre_of.get(r.official, ())}
    kin = kin_of(store, cadres)
    ids_by_path = place_ids(store)
    paid = beneficiaries_in(store, {pid for r in relatives if r.place for pid in ids_by_path.get(r.place, ())})
    by_surname: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pid, name in paid:
        by_surname[NamePattern.parse(name).surname].append((pid, name))
    block: dict[tuple[str, str], set[str]] = {}  # (relative, official) → roster persons whose name fits
    for r in relatives:
        pattern = NamePattern.parse(r.name)
        near = [(rid, name) for c in cadre_of.get(r.official, ()) for rid, name, _, _ in kin.get(c, ())]
        near += by_surname.get(pattern.surname, [])
        block[(r.id, r.official)] = {rid for rid, name in near if pattern.matches(NamePattern.parse(name))}
    people = roster_persons(store, set().union(*block.values()), tables)
    out: dict[tuple[str, str], Candidate] = {}
    for r in relatives:
        official_cadres = sorted(cadre_of.get(r.official, ()))
        cadre = official_cadres[0] if len(official_cadres) == 1 else None
        cadre_kin = [(rid, word, basis) for rid, _, word, basis in kin.get(cadre, [])] if cadre else []
        for pid in sorted(block[(r.id, r.official)]):
            person = people.get(pid)
            if person is None or person.holds_post:
                continue
            found = compare_relative(r, person, cadre, cadre_kin)
            if found is None or found.score < floor:
                continue
            a, b = sorted((_notice_profile(r), _roster_profile(person)), key=lambda p: p.id)
            cand = Candidate(a, b, found)
            if cand.pair not in out or cand.score > out[cand.pair].score:
                out[cand.pair] = cand
    return sorted(out.values(), key=lambda c: (-c.score, c.pair))


def roster_members(clusters: Iterable[set[str]], rosters: set[str]) -> dict[str, set[str]]:
    """Person → the roster persons of their cluster (a roster person's own cluster includes themselves)."""
    out: dict[str, set[str]] = {}
    for cluster in clusters:
        members = {x for x in cluster if x in rosters}
        out.update({x: members for x in cluster})
    return out

