"""The person card: who a person is, and every fact about them with where it was read.

Each fact keeps its provenance strings (``file#rN`` or ``doc#cS-E``) so the
page can open the evidence. Every query selects by id and passes it as a
parameter; labels are written out, so one text runs on both stores.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from qinyou.errors import QueryError
from qinyou.graph.judgements import Judgement, resolve
from qinyou.graph.privacy import Masking
from qinyou.graph.store import GraphStore

#: what a revealed card says when the store keeps no raw ID numbers
NOT_STORED = "身份证号未存储 / the full ID number is not stored (QINYOU_STORE_IDNO is off): only the masked form"
PERSON = ("MATCH (p:Person) WHERE p.id = $id RETURN p.name, coalesce(p.idno, p.idno_masked), p.gender, "
          "p.birth_date, p.sources, p.scope, p.idno IS NOT NULL")
POSTS = ("MATCH (p:Person)-[h:HOLDS]->(x:Post) WHERE p.id = $id "
         "RETURN x.title, x.org, x.start_date, x.end_date, x.sources")
HOUSEHOLD = ("MATCH (p:Person)-[m:MEMBER_OF]->(h:Household) WHERE p.id = $id "
             "MATCH (q:Person)-[n:MEMBER_OF]->(h) "
             "RETURN h.hh_no, h.head_name, q.id, q.name, coalesce(q.idno, q.idno_masked), n.relation_to_head, n.sources, h.id, h.head_idno")
#: the judgements touching one person (followed one id at a time: ``IN $list`` scans whole tables)
JUDGED = ("MATCH (p:Person)-[j:SAME_AS]-(q:Person) WHERE p.id = $id "
          "RETURN p.id, q.id, j.verdict, j.judged_by, j.judged_at, j.score")
#: the relation words that mark a household's head
HEAD_WORDS = frozenset({"户主", "本人"})
#: most persons followed through "same" judgements from one card
SAME_MAX = 20
KIN_OUT = ("MATCH (p:Person)-[k:KIN]->(q:Person) WHERE p.id = $id "
           "RETURN q.id, q.name, coalesce(q.idno, q.idno_masked), k.relation, k.legal_scope, k.basis, k.sources")
KIN_IN = ("MATCH (q:Person)-[k:KIN]->(p:Person) WHERE p.id = $id "
          "RETURN q.id, q.name, coalesce(q.idno, q.idno_masked), k.relation, k.legal_scope, k.basis, k.sources")
BENEFITS = ("MATCH (p:Person)-[:RECEIVES]->(b:Benefit) WHERE p.id = $id "
            "RETURN b.programme, b.monthly_yuan, b.persons_covered, b.start_date, b.end_date, b.sources")
HOUSEHOLD_BENEFITS = ("MATCH (p:Person)-[:MEMBER_OF]->(h:Household)-[:RECEIVES]->(b:Benefit) WHERE p.id = $id "
                      "RETURN b.programme, b.monthly_yuan, b.persons_covered, b.start_date, b.end_date, b.sources")
PAYMENTS = ("MATCH (x:Payment)-[:PAID_TO]->(p:Person) WHERE p.id = $id "
            "RETURN x.programme, x.amount_yuan, x.date, x.sources ORDER BY x.date")
DEATHS = "MATCH (d:Death)-[:DEATH_OF]->(p:Person) WHERE p.id = $id RETURN d.date, d.sources"
CASES = ("MATCH (p:Person)-[i:INVOLVED_IN]->(c:`Case`) WHERE p.id = $id "
         "RETURN c.title, c.period, c.violations, c.amounts_yuan, i.role, i.sources, c.id")
PENALTIES = ("MATCH (p:Person)-[:PENALISED]->(x:Penalty) WHERE p.id = $id "
             "RETURN x.penalty, x.date, x.date_text, x.sources")
#: most payments shown on a card (the rest are counted)
PAYMENTS_SHOWN = 60
SECTIONS = ("post", "member", "relative", "benefit", "payment", "death", "case", "penalty")
SECTION_ZH = {"post": "职务", "member": "家庭成员", "relative": "亲属", "benefit": "救助待遇",
              "payment": "资金发放", "death": "死亡登记", "case": "案件", "penalty": "处分"}


@dataclass
class Fact:
    """One fact of a card: its kind, what it says (already masked), its date and its sources."""

    kind: str
    what: str
    date: str = ""
    sources: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        return {"日期": self.date, "内容": self.what, **self.detail, "来源": "；".join(self.sources)}


@dataclass
class Card:
    """A person card: heading fields (masked as asked) and facts by section."""

    id: str
    name: str
    idno: str
    gender: str
    sources: list[str]
    facts: list[Fact] = field(default_factory=list)
    payments_total: int = 0
    #: (id, masked name) of the persons judged the same as this one, whose facts the card also shows
    same_as: list[tuple[str, str]] = field(default_factory=list)
    #: said when the number was asked for (revealed) but the store keeps only its masked form
    idno_note: str = ""

    def section(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def timeline(self) -> list[Fact]:
        """Every dated fact, oldest first."""
        return sorted((f for f in self.facts if f.date), key=lambda f: f.date)

    def all_sources(self) -> list[str]:
        """Every source the card cites, each once, in order of appearance."""
        seen: dict[str, None] = dict.fromkeys(self.sources)
        for f in self.facts:
            seen.update(dict.fromkeys(f.sources))
        return list(seen)


def _date(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value or "")


def _list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else ([str(value)] if value else [])


def _yuan(value: Any) -> str:
    return f"{float(value):,.2f}元" if value is not None else ""


def same_persons(store: GraphStore, person_id: str) -> list[str]:
    """The other persons judged the same as ``person_id`` (transitively, judgements in force), sorted."""
    seen, frontier, found = {person_id}, [person_id], []
    while frontier and len(seen) < SAME_MAX:
        pid = frontier.pop()
        for a, b, verdict, by, at, score in store.read(JUDGED, {"id": pid}, name="card judgements").rows:
            found.append(Judgement(str(a), str(b), str(verdict), str(by or ""), str(at or ""), score))
            if str(b) not in seen:
                seen.add(str(b))
                frontier.append(str(b))
    clusters, _conflicts = resolve(found)
    mine = next((c for c in clusters if person_id in c), set())
    return sorted(mine - {person_id})


def person_card(store: GraphStore, person_id: str, masking: Masking | None = None) -> Card:
    """The card of the person with this id, with the facts of everyone judged the same person
    (each such fact says through whom); raises :class:`QueryError` if there is none."""
    m = masking or Masking()
    rows = store.read(PERSON, {"id": person_id}, name="card").rows
    if not rows:
        raise QueryError(f"no person with id {person_id}")
    name, idno, gender, _birth, sources, _scope, stored = rows[0]
    card = Card(person_id, m.name(name, personal=bool(idno)), m.idno(idno) if idno else "",
                str(gender or ""), _list(sources))
    if m.reveal and idno and not stored:
        card.idno_note = NOT_STORED
    _facts(store, person_id, m, card, name, "")
    for other in same_persons(store, person_id):
        found = store.read(PERSON, {"id": other}, name="card").rows
        if not found:
            continue
        oname, oidno = found[0][0], found[0][1]
        shown = m.name(oname, personal=bool(oidno))
        card.same_as.append((other, shown))
        _facts(store, other, m, card, oname, f"{shown}（认定同一人 / judged same）")
    return card


def _households(store: GraphStore, person_id: str, m: Masking, card: Card, via: str) -> None:
    """One entry per household and member, though the household register and a benefit roster
    each made a Household node for it (the same head): their sources are joined."""
    rows = store.read(HOUSEHOLD, {"id": person_id}, name="card household").rows
    heads: dict[str, str] = {}  # household node → its head's person id (the member recorded as 户主)
    for _no, _head, qid, _qn, _qi, rel, _src, hid, head_idno in rows:
        if str(rel or "") in HEAD_WORDS:
            heads[str(hid)] = str(qid)
        heads.setdefault(f"idno:{hid}", str(head_idno or hid))
    groups: dict[str, dict[str, Any]] = {}
    for hh_no, head, qid, qname, qidno, rel, src, hid, _head_idno in rows:
        key = heads.get(str(hid)) or heads[f"idno:{hid}"]
        group = groups.setdefault(key, {"hh_no": "", "head": head, "members": {}})
        group["hh_no"] = group["hh_no"] or hh_no or ""
        member = group["members"].setdefault(qid, {"name": qname, "idno": qidno, "rel": "", "sources": []})
        member["rel"] = member["rel"] or rel or ""
        member["sources"] += [x for x in _list(src) if x not in member["sources"]]
    for group in groups.values():
        for qid, q in group["members"].items():
            who = "本人" if qid == person_id else m.name(q["name"], personal=bool(q["idno"]))
            files = sorted({x.split("#", 1)[0] for x in q["sources"]})
            card.facts.append(Fact("member", who, "", q["sources"],
                                   {"户号": group["hh_no"], "户主": m.name(group["head"]), "与户主关系": q["rel"],
                                    "身份证号": m.idno(q["idno"]) if q["idno"] else "", "登记 / registers": "、".join(files),
                                    **({"经由 / via": via} if via else {}), "id": qid}))


def _facts(store: GraphStore, person_id: str, m: Masking, card: Card, name: Any, via: str) -> None:
    """Append the facts of ``person_id`` to ``card``; ``via`` names a person judged the same."""
    ask = {"id": person_id}
    extra = {"经由 / via": via} if via else {}
    for title, org, start, end, src in store.read(POSTS, ask, name="card posts").rows:
        what = str(title or "") + (f"（{org}）" if org else "")
        card.facts.append(Fact("post", what, _date(start), _list(src), {"离任": _date(end), **extra}))
    _households(store, person_id, m, card, via)
    for query, direction in ((KIN_OUT, "out"), (KIN_IN, "in")):
        for qid, qname, qidno, rel, scope, basis, src in store.read(query, ask, name="card kin").rows:
            who = m.name(qname, personal=bool(qidno))
            what = f"{who} 是本人的{rel}" if direction == "out" else f"本人是 {who} 的{rel}"
            card.facts.append(Fact("relative", what, "", _list(src),
                                   {"关系": rel or "", "近亲属范围": "是" if scope else "否",
                                    "依据": {"household": "户籍推导", "declared": "备案",
                                           "notice": "通报", "judgement": "认定"}.get(str(basis), str(basis or "")),
                                    **extra, "id": qid}))
    for query, whose in ((BENEFITS, "本人"), (HOUSEHOLD_BENEFITS, "本户")):
        for prog, monthly, covered, start, end, src in store.read(query, ask, name="card benefits").rows:
            card.facts.append(Fact("benefit", f"{whose}享受{prog or ''}", _date(start), _list(src),
                                   {"月保障金额": _yuan(monthly), "保障人数": covered or "",
                                    "终止": _date(end), **extra}))
    payments = store.read(PAYMENTS, ask, name="card payments").rows
    card.payments_total += len(payments)
    for prog, amount, date, src in payments[:PAYMENTS_SHOWN]:
        card.facts.append(Fact("payment", f"{prog or ''} {_yuan(amount)}", _date(date), _list(src), dict(extra)))
    for date, src in store.read(DEATHS, ask, name="card deaths").rows:
        card.facts.append(Fact("death", "死亡/火化登记", _date(date), _list(src), dict(extra)))
    for title, period, violations, amounts, role, src, _cid in store.read(CASES, ask, name="card cases").rows:
        card.facts.append(Fact("case", m.text(str(title or ""), [name or ""]), "", _list(src),
                               {"角色": role or "", "问题时间": period or "",
                                "违纪类型": "、".join(_list(violations)),
                                "金额": "、".join(_yuan(a) for a in (amounts or [])), **extra}))
    for penalty, date, date_text, src in store.read(PENALTIES, ask, name="card penalties").rows:
        card.facts.append(Fact("penalty", str(penalty or ""), _date(date), _list(src),
                               {"日期原文": date_text or "", **extra}))


def card_rows(card: Card, kind: str) -> list[dict[str, Any]]:
    """Table rows of one section, without internal ids."""
    return [{k: v for k, v in f.row().items() if k != "id"} for f in card.section(kind)]


