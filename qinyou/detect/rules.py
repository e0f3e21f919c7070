"""The six rules of findings.md."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from qinyou.detect import facts as q
from qinyou.detect.facts import Facts, rows_for, text
from qinyou.detect.offenders import post_after_punishment, repeat_offender
from qinyou.detect.finding import Finding, Person
from qinyou.detect.kin import KinGraph
from qinyou.detect.scope import gather
from qinyou.errors import QinyouError
from qinyou.graph.kinship import Node, scope as get_scope, word
from qinyou.graph.kinship.sex import sex_of
from qinyou.graph.store import GraphStore

DIBAO, TEKUN = "低保", "特困"


def _overlap(a0: str | None, a1: str | None, b0: str | None, b1: str | None) -> bool:
    return (a1 is None or b0 is None or b0 <= a1) and (b1 is None or a0 is None or a0 <= b1)


def _first(sources: list[str] | None) -> list[str]:
    return sorted(sources or [])[:1]


def _in_place(post: dict[str, Any], path: str | None, place: str | None) -> bool:
    """A village post covers its village; a town post every village of the town."""
    op = post["path"] or ""
    if not path or not op:
        return False
    if path == op or (post["level"] != "village" and path.startswith(op + "/")):
        return not place or place in path.split("/")
    return False


def _posts(f: Facts) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in f.rows(q.POSTS):
        out[p["person"]].append(dict(p, start=text(p["since"]), end=text(p["until"])))
    for posts in out.values():
        posts.sort(key=lambda p: (sorted(p["sources"] or [""])[0], p["post"]))
    return out


def _person(people: dict[str, dict[str, Any]], pid: str, role: str) -> Person:
    p = people.get(pid, {})
    return Person(role, p.get("name"), p.get("idno"))


def kin_benefit(f: Facts, place: str | None, scope_name: str | None, depth: int = 3) -> list[Finding]:
    sc = get_scope(scope_name)
    posts_of = _posts(f)
    hood = gather(f, set(posts_of), depth)
    people = hood.people
    nodes = {pid: Node(pid, sex_of(None, p.get("gender")), text(p.get("birth"))) for pid, p in people.items()}
    graph = KinGraph(nodes)
    graph.households(hood.members, hood.head_of)
    declared: set[tuple[str, str]] = set()
    for d in hood.declared:
        for src in _first(d["sources"]):
            graph.add(d["a"], d["b"], str(d["word"] or ""), src, "declared")
        declared |= {(d["a"], d["b"]), (d["b"], d["a"])}
    benefits, places, covered = hood.benefits, hood.places, hood.covered
    out = []
    for cadre, posts in posts_of.items():
        reach = graph.paths_from(cadre, depth)
        for target, paths in reach.items():
            if target == cadre or target not in covered:
                continue
            hits = []
            for bid, row in covered[target]:
                b = benefits[bid]
                hh_paths = places.get(target, set())
                post = next((p for p in posts if _overlap(p["start"], p["end"], b["start"], b["end"])
                             and any(_in_place(p, path, place) for path in hh_paths)), None)
                if post is not None:
                    hits.append((bid, row, post))
            if not hits:
                continue
            rel = graph.relation(cadre, paths)
            if rel is None:
                continue
            inside = [r for r in rel.readings if sc.contains(r)]
            if not inside:
                continue
            ego, tgt = nodes.get(cadre), nodes.get(target)
            older = None if not (ego and tgt and ego.birth and tgt.birth and ego.birth != tgt.birth) \
                else tgt.birth < ego.birth
            words = sorted({word(r, older) for r in rel.readings})
            certain = len(rel.readings) == 1
            path_text = _path_text(people, cadre, rel.path)
            for bid, row, post in hits:
                fnd = Finding("kin_benefit", (cadre, target, bid),
                              [_person(people, cadre, "cadre"), _person(people, target, "beneficiary")],
                              _first(post["sources"]) + [fa.source for fa, _ in rel.path] + [row],
                              certainty="certain" if certain else "ambiguous",
                              relation=words[0] if certain else "或".join(words),
                              declared=(cadre, target) in declared, path=path_text,
                              readings=[] if certain else [{"relation": word(r, older), "in_scope": sc.contains(r)}
                                                           for r in sorted(rel.readings)],
                              detail={"programme": benefits[bid]["programme"], "post": post["title"],
                                      "scope": sc.name})
                out.append(fnd)
    return out


def _path_text(people: dict[str, dict[str, Any]], start: str, path: list[tuple[Any, bool]]) -> list[str]:
    def name(pid: str) -> str:
        return str(people.get(pid, {}).get("name") or ("户主(未列)" if pid.startswith("head-of:") else pid))
    out = [name(start)]
    for fact, forward in path:
        household = not fact.source or "备案" not in fact.source
        if household:
            label = f"{fact.word}←户主" if forward else f"户主→{fact.word}"
        else:
            label = f"备案→{fact.word}" if forward else f"{fact.word}←备案"
        out += [label, name(fact.b.id if forward else fact.a.id)]
    return out


def self_benefit(f: Facts, place: str | None, scope_name: str | None) -> list[Finding]:
    posts = _posts(f)
    hood = gather(f, set(posts), 3)  # the same reads as kin_benefit (kept)
    people, benefits, out = hood.people, hood.benefits, []
    hh_place = {r["household"]: r["path"] for r in f.rows(q.HOUSEHOLD_PLACES)} if place else {}
    for pid in sorted(posts):
        for bid, row in hood.covered.get(pid, ()):
            b = benefits[bid]
            if b["kind"] != "household":
                continue
            post = next((p for p in posts[pid] if _overlap(p["start"], p["end"], b["start"], b["end"])
                         and (not place or place in (p["path"] or "").split("/")
                              or place in (hh_place.get(b["holder"]) or "").split("/"))), None)
            if post is not None:
                out.append(Finding("self_benefit", (pid, bid), [_person(people, pid, "cadre")],
                                   _first(post["sources"]) + [row],
                                   detail={"programme": b["programme"], "post": post["title"]}))
    return out


def deceased_paid(f: Facts, place: str | None, scope_name: str | None) -> list[Finding]:
    out: list[Finding] = []
    late_of: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in f.rows(q.LATE_PAYMENTS):  # joined in the store: payments dated after the payee's death
        late_of[(r["person"], r["death"])].append(r)
    persons = {p for p, _ in late_of}
    people = {r["id"]: r for r in rows_for(f, q.PERSONS_BY_ID, persons)}
    places: dict[str, set[str]] = defaultdict(set)
    if place:
        for r in rows_for(f, q.PLACES_OF, persons):
            places[r["person"]].add(r["path"] or "")
    for (pid, death), rows in sorted(late_of.items()):
        if place and not any(place in pth.split("/") for pth in places.get(pid, ())):
            continue
        late = sorted(rows, key=lambda p: (text(p["date"]), p["payment"]))
        out.append(Finding("deceased_paid", (pid, death), [_person(people, pid, "payee")],
                           _first(late[0]["death_sources"]) + [s for p in late for s in _first(p["sources"])],
                           detail={"died": text(late[0]["died"]), "payments": len(late),
                                   "total_yuan": round(sum(float(p["amount"] or 0) for p in late), 2)}))
    return out


def duplicate_benefit(f: Facts, place: str | None, scope_name: str | None) -> list[Finding]:
    out: list[Finding] = []
    candidates = {r["id"] for r in f.rows(q.MULTI_COVERED)}  # two or more benefits: read only those people
    hood = gather(f, candidates, 0)
    people, benefits = hood.people, hood.benefits
    for pid in sorted(hood.covered):
        got = sorted((bid, row) for bid, row in hood.covered[pid] if benefits[bid]["kind"] == "household")
        if place and not any(place in pth.split("/") for pth in hood.places.get(pid, ())):
            continue
        for i, (b1, r1) in enumerate(got):
            for b2, r2 in got[i + 1:]:
                x, y = benefits[b1], benefits[b2]
                if not _overlap(x["start"], x["end"], y["start"], y["end"]):
                    continue
                progs = {x["programme"] or "", y["programme"] or ""}
                exclusive = any(DIBAO in p for p in progs) and any(TEKUN in p for p in progs)
                if x["holder"] != y["holder"] or exclusive:
                    out.append(Finding("duplicate_benefit", (pid, *sorted((b1, b2))), [_person(people, pid, "person")],
                                       sorted([r1, r2]),
                                       detail={"programmes": sorted(progs), "two_households": x["holder"] != y["holder"]}))
    return out


Rule = Callable[[Facts, str | None, str | None], list[Finding]]
RULES: dict[str, Rule] = {"kin_benefit": kin_benefit, "self_benefit": self_benefit, "deceased_paid": deceased_paid,
                          "duplicate_benefit": duplicate_benefit, "repeat_offender": repeat_offender,
                          "post_after_punishment": post_after_punishment}


def detect(store: GraphStore, rules: Iterable[str] | None = None, place: str | None = None,
           scope: str | None = None) -> list[Finding]:
    """Findings of the named rules (all by default), certain before ambiguous, in a stable order."""
    names = list(rules or RULES)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise QinyouError(f"unknown rule {unknown[0]!r}; rules: {', '.join(RULES)}")
    get_scope(scope)  # an unknown scope fails before any work
    f = Facts(store)
    found: list[Finding] = []
    for name in names:
        found.extend(RULES[name](f, place, scope))
    found.sort(key=lambda x: (list(RULES).index(x.rule), x.certainty != "certain", x.id))
    return found
