"""Case notices into the graph: ``read_notice_file(path) -> (GraphBatch, FileReport)``.

Each document becomes a Document and one Case; persons (identified by document
and name), posts, orgs, places, kinship, involvement and penalties hang off it,
every element with the character span it was read from.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from graph.batch import GraphBatch
from graph.provenance import span_source
from ingest.kinship import normalise
from ingest.notices.extractor import extract
from ingest.notices.penalties import is_severe, penalty_class
from ingest.notices.places import LEVELS
from ingest.notices.reader import read_path
from ingest.notices.script import to_simplified
from ingest.report import FileReport, Reject

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")


def parse_date(text: str | None) -> dt.date | None:
    """A date from 2020年5月(12日); None without year and month."""
    m = _DATE.search(text or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _span(doc: str, span: list[int] | None) -> str:
    return span_source(doc, span[0], span[1]) if span else span_source(doc, 0, 0)


def _place_nodes(batch: GraphBatch, doc: str, place: dict[str, Any], src: str) -> str | None:
    """Place chain nodes (PART_OF links); returns the finest place id."""
    path: list[str] = []
    prev_id = None
    for level in LEVELS:
        name = place.get(level)
        if not name:
            continue
        path.append(name)
        pid = batch.node("Place", src, name=name, level=level, path="/".join(path))
        if prev_id is not None:
            batch.rel("PART_OF", "Place", pid, "Place", prev_id, src)
        batch.rel("MENTIONED_IN", "Place", pid, "Document", doc_node(batch, doc), src, text=name)
        prev_id = pid
    return prev_id


def doc_node(batch: GraphBatch, doc: str) -> str:
    return batch.node("Document", span_source(doc, 0, 0), name=doc)


def add_record(batch: GraphBatch, rec: dict[str, Any], text: str) -> None:
    """Add one extracted record (the spec's object with spans) to ``batch``."""
    doc = str(rec["id"])
    d_src = span_source(doc, 0, len(text))
    d_id = batch.node("Document", d_src, name=doc, doc_kind="notice", text=text,
                      script=rec.get("script") or "simplified")
    c_id = batch.node("Case", d_src, doc=doc, item="1", title=text.strip().split("\n")[0][:60],
                      violations=list(rec.get("violations") or []),
                      amounts_yuan=[float(a["value_yuan"]) for a in rec.get("amounts") or []],
                      period=rec.get("period"), recovered=rec.get("recovered"))
    person_ids: dict[str, str] = {}
    for p in rec.get("persons") or []:
        spans = p.get("spans") or [[0, 0]]
        src = [span_source(doc, s, e) for s, e in spans]
        pid = batch.node("Person", src, raw=[p["name"]], name=p["name"], scope=doc, masked=bool(p.get("masked")))
        person_ids[p["name"]] = pid
        batch.rel("INVOLVED_IN", "Person", pid, "Case", c_id, src, role=p.get("role") or "other")
        batch.rel("MENTIONED_IN", "Person", pid, "Document", d_id, src,
                  spans=[f"{s}-{e}" for s, e in spans], text=p["name"])
        place_id = _place_nodes(batch, doc, p.get("place") or {}, src[0])
        if place_id:
            batch.rel("LOCATED_IN", "Person", pid, "Place", place_id, src[0])
            batch.rel("LOCATED_IN", "Case", c_id, "Place", place_id, src[0])
        for post in p.get("posts") or []:
            psrc = _span(doc, post.get("span"))
            org = post.get("org")
            post_id = batch.node("Post", psrc, raw=[post["title"]], title=post["title"], org=org,
                                 holder=pid, level=_level(post["title"]))
            batch.rel("HOLDS", "Person", pid, "Post", post_id, psrc)
            if org:
                org_path = "/".join(v for v in (p.get("place") or {}).values() if v) or doc
                oid = batch.node("Org", psrc, name=org, place_path=org_path, org_type=_level(org))
                batch.rel("IN_ORG", "Post", post_id, "Org", oid, psrc)
                batch.rel("MENTIONED_IN", "Org", oid, "Document", d_id, psrc, text=org)
    for k in rec.get("kin") or []:
        off = person_ids.get(k.get("official"))
        if off is None:
            continue
        ksrc = _span(doc, k.get("span"))
        rel_name = k.get("relative")
        if rel_name and rel_name in person_ids:
            rid = person_ids[rel_name]
        else:  # an unnamed relative is a person of this document known by the relation
            rid = batch.node("Person", ksrc, name=f"{k['official']}之{k['relation']}", scope=doc, masked=True)
        term = normalise(to_simplified(k["relation"]))
        batch.rel("KIN", "Person", off, "Person", rid, ksrc, relation=term.canonical if term else k["relation"],
                  relation_raw=k["relation"], legal_scope=term.legal if term else None, basis="notice")
    for pun in rec.get("punishments") or []:
        pid = person_ids.get(pun.get("person"))
        if pid is None:
            continue
        psrc = _span(doc, pun.get("span"))
        simp = to_simplified(pun["penalty"])
        pen_id = batch.node("Penalty", psrc, raw=[pun["penalty"]], person=pid, case_ref=c_id,
                            penalty=pun["penalty"], penalty_class=penalty_class(simp), severe=is_severe(simp),
                            date=parse_date(pun.get("date")), date_text=pun.get("date"),
                            proposed=bool(pun.get("proposed")))
        batch.rel("PENALISED", "Person", pid, "Penalty", pen_id, psrc)
        batch.rel("PENALTY_IN", "Penalty", pen_id, "Case", c_id, psrc)


def _level(title: str) -> str:
    t = to_simplified(title)
    if "村" in t or "组" in t:
        return "village"
    if any(x in t for x in ("乡", "镇", "街道")):
        return "town"
    if any(x in t for x in ("县", "区", "市")):
        return "county"
    return "other"


def read_notice_file(path: Path) -> tuple[GraphBatch, FileReport]:
    """Read a .txt or .jsonl notice file into a batch; one report row per document."""
    batch = GraphBatch()
    report = FileReport(source=path.name, kind="notice")
    for doc in read_path(path):
        report.read += 1
        if doc.text is None:
            report.rejects.append(Reject(path.name, report.read, doc.error or "no text", ""))
            continue
        rec = extract(doc.id, doc.text)
        if "error" in rec:
            report.rejects.append(Reject(path.name, report.read, str(rec["error"]), doc.id))
            continue
        add_record(batch, rec, doc.text)
        if rec.get("persons") or rec.get("violations") or rec.get("amounts"):
            report.loaded += 1
        else:
            report.notes.append(f"{doc.id}: no facts found")
    return batch, report
