"""The notice rules over resolved identities: 屡查屡犯 (repeat_offender) and 带病上岗 (post_after_punishment).

Who is who comes from :func:`qinyou.identity.resolution.identities`: stored judgements
plus the automatic ones (read-only). A person no judgement joins is only themselves, so
two notices naming 王某某 are never one offender unless identity says so.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from qinyou.detect import facts as q
from qinyou.detect.facts import Facts, text
from qinyou.detect.finding import Finding, Person
from qinyou.identity.resolution import identities

#: one id at a time (UNWIND): ``p.id IN $ids`` is a scan of every person in LadybugDB
ROSTER_NAMES = ("UNWIND $ids AS x MATCH (p:Person {id: x}) WHERE p.idno_masked IS NOT NULL "
                "RETURN p.id AS id, p.name AS name, coalesce(p.idno, p.idno_masked) AS idno")


def _who(f: Facts) -> dict[str, str]:
    if "identities" not in f.extra:
        f.extra["identities"] = identities(f.store, tables=f.table)
    return f.extra["identities"]


def _in_place(place: str | None, *paths: str | None) -> bool:
    return not place or any(place in (p or "").split("/") for p in paths)


def _roster(f: Facts, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    return {r["id"]: r for r in f.store.read(ROSTER_NAMES, {"ids": sorted(set(ids))}, name="detect").records()}


def repeat_offender(f: Facts, place: str | None, scope_name: str | None) -> list[Finding]:
    """One person (a cluster of judged-same persons) in two or more case notice items."""
    notice_people = f.rows(q.NOTICE_PEOPLE)
    if not notice_people:  # no notices: nobody to resolve
        return []
    who = _who(f)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in notice_people:
        if r["person"] in who and r["role"] != "relative":  # a relative named in two items offended in neither
            groups[who[r["person"]]].append(r)
    roster = _roster(f, list(groups))
    out = []
    for key, rows in sorted(groups.items()):
        cases = sorted({r["case_id"] for r in rows})
        if len(cases) < 2 or not _in_place(place, *(r["path"] or r["case_path"] for r in rows)):
            continue
        cadre = roster.get(key)
        name = cadre["name"] if cadre else min(r["name"] for r in rows if r["name"])
        spans = sorted({s for r in rows for s in (r["sources"] or r["person_sources"] or [])})
        out.append(Finding("repeat_offender", (key, *cases),
                           [Person("offender", name, cadre["idno"] if cadre else None)], spans,
                           detail={"cases": len(cases), "notices": sorted({r["doc"] for r in rows}),
                                   "written": sorted({r["name"] for r in rows})}))
    return out


def post_after_punishment(f: Facts, place: str | None, scope_name: str | None) -> list[Finding]:
    """A person punished severely who holds a post after the penalty's date, as the rosters show:
    one finding per person and post, dated by the earliest such penalty."""
    penalties = f.rows(q.PENALTIES)
    if not penalties:  # nobody punished severely: nothing to resolve or compare
        return []
    who = _who(f)
    posts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in f.rows(q.POST_NAMES):
        if p["idno"]:
            posts[p["person"]].append(p)
    earliest: dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any]]] = {}
    for pen in penalties:
        date, key = text(pen["date"]), who.get(pen["person"])
        if key is None or date is None:
            continue
        for post in posts.get(key, ()):
            end = text(post["until"])
            if (end is not None and end <= date) or not _in_place(place, pen["path"], post["path"]):
                continue
            seen = earliest.get((key, post["post"]))
            if seen is None or (date, pen["penalty"]) < (seen[0], seen[1]["penalty"]):
                earliest[(key, post["post"])] = (date, pen, post)
    out = []
    for (key, _), (date, pen, post) in sorted(earliest.items()):
        out.append(Finding("post_after_punishment", (key, post["post"]),
                           [Person("punished", pen["name"], None), Person("cadre", post["name"], post["idno"])],
                           sorted(pen["sources"] or [])[:1] + sorted(post["sources"] or [])[:1],
                           detail={"penalty": pen["what"], "punished_on": date, "post": post["title"],
                                   "post_until": text(post["until"])}))
    return out
