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
             "RETURN h.hh_no, h.head_name, q.id, q.name, coalesce(q.idno, q.idno_masked), n.relation_to_head, n.sources, h.id")
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


def person_card(store: GraphStore, person_id: str, masking: Masking | None = None) -> Card:
    """The card of the person with this id; raises :class:`QueryError` if there is none."""
    m = masking or Masking()
    rows = store.read(PERSON, {"id": person_id}, name="card").rows
    if not rows:
        raise QueryError(f"no person with id {person_id}")
    name, idno, gender, _birth, sources, _scope, stored = rows[0]
    card = Card(person_id, m.name(name, personal=bool(idno)), m.idno(idno) if idno else "",
                str(gender or ""), _list(sources))
    if m.reveal and idno and not stored:
        card.idno_note = NOT_STORED
    ask = {"id": person_id}
    for title, org, start, end, src in store.read(POSTS, ask, name="card posts").rows:
        what = str(title or "") + (f"（{org}）" if org else "")
        card.facts.append(Fact("post", what, _date(start), _list(src), {"离任": _date(end)}))
    for hh_no, head, qid, qname, qidno, rel, src, _hid in store.read(HOUSEHOLD, ask, name="card household").rows:
        who = "本人" if qid == person_id else m.name(qname, personal=bool(qidno))
        card.facts.append(Fact("member", who, "", _list(src),
                               {"户号": hh_no or "", "户主": m.name(head), "与户主关系": rel or "",
                                "身份证号": m.idno(qidno) if qidno else "", "id": qid}))
    for query, direction in ((KIN_OUT, "out"), (KIN_IN, "in")):
        for qid, qname, qidno, rel, scope, basis, src in store.read(query, ask, name="card kin").rows:
            who = m.name(qname, personal=bool(qidno))
            what = f"{who} 是本人的{rel}" if direction == "out" else f"本人是 {who} 的{rel}"
            card.facts.append(Fact("relative", what, "", _list(src),
                                   {"关系": rel or "", "近亲属范围": "是" if scope else "否",
                                    "依据": {"household": "户籍推导", "declared": "备案",
                                           "notice": "通报", "judgement": "认定"}.get(str(basis), str(basis or "")),
                                    "id": qid}))
    for query, whose in ((BENEFITS, "本人"), (HOUSEHOLD_BENEFITS, "本户")):
        for prog, monthly, covered, start, end, src in store.read(query, ask, name="card benefits").rows:
            card.facts.append(Fact("benefit", f"{whose}享受{prog or ''}", _date(start), _list(src),
                                   {"月保障金额": _yuan(monthly), "保障人数": covered or "",
                                    "终止": _date(end)}))
    payments = store.read(PAYMENTS, ask, name="card payments").rows
    card.payments_total = len(payments)
    for prog, amount, date, src in payments[:PAYMENTS_SHOWN]:
        card.facts.append(Fact("payment", f"{prog or ''} {_yuan(amount)}", _date(date), _list(src)))
    for date, src in store.read(DEATHS, ask, name="card deaths").rows:
        card.facts.append(Fact("death", "死亡/火化登记", _date(date), _list(src)))
    for title, period, violations, amounts, role, src, _cid in store.read(CASES, ask, name="card cases").rows:
        card.facts.append(Fact("case", m.text(str(title or ""), [name or ""]), "", _list(src),
                               {"角色": role or "", "问题时间": period or "",
                                "违纪类型": "、".join(_list(violations)),
                                "金额": "、".join(_yuan(a) for a in (amounts or []))}))
    for penalty, date, date_text, src in store.read(PENALTIES, ask, name="card penalties").rows:
        card.facts.append(Fact("penalty", str(penalty or ""), _date(date), _list(src),
                               {"日期原文": date_text or ""}))
    return card


def card_rows(card: Card, kind: str) -> list[dict[str, Any]]:
    """Table rows of one section, without internal ids."""
    return [{k: v for k, v in f.row().items() if k != "id"} for f in card.section(kind)]


