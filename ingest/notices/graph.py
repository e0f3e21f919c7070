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

from qinyou.graph.batch import GraphBatch
from qinyou.graph.provenance import span_source
from qinyou.graph.kinship import standard
from qinyou.ingest.kinship import normalise
from qinyou.ingest.notices.extractor import extract
from qinyou.ingest.notices.items import shift_record, split_items
from qinyou.ingest.notices.penalties import is_severe, penalty_class
from qinyou.ingest.notices.places import LEVELS, find_places
from qinyou.ingest.notices.reader import read_path
from qinyou.ingest.notices.script import to_simplified
from qinyou.ingest.report import FileReport, Reject

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


def add_record(batch: GraphBatch, rec: dict[str, Any], text: str, item: str = "1",
               item_span: tuple[int, int] | None = None) -> None:
    """Add one extracted item record (spans in document offsets) to ``batch``."""
    doc = str(rec["id"])
    d_src = span_source(doc, 0, len(text))
    d_id = batch.node("Document", d_src, name=doc, doc_kind="notice", text=text,
                      script=rec.get("script") or "simplified")
    lo, hi = item_span or (0, len(text))
    heading = re.split(r"[。\n]", text[lo:hi].strip(), maxsplit=1)[0][:80]
    c_id = batch.node("Case", span_source(doc, lo, hi), doc=doc, item=item, title=heading,
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
        written = to_simplified(k["relation"])
        known, in_scope = standard(written)  # one reading of relation words for rosters and notices
        term = normalise(written) if known is None else None  # 亲属, 亲戚: kin, but which is not said
        batch.rel("KIN", "Person", off, "Person", rid, ksrc,
                  relation=known or (term.canonical if term else k["relation"]), relation_raw=k["relation"],
                  legal_scope=in_scope if known else (term.legal if term else None), basis="notice")
    for pun in rec.get("punishments") or []:
        pen_holder = person_ids.get(str(pun.get("person")))
        if pen_holder is None:
            continue
        psrc = _span(doc, pun.get("span"))
        simp = to_simplified(pun["penalty"])
        pen_id = batch.node("Penalty", psrc, raw=[pun["penalty"]], person=pen_holder, case_ref=c_id,
                            penalty=pun["penalty"], penalty_class=penalty_class(simp), severe=is_severe(simp),
                            date=parse_date(pun.get("date")), date_text=pun.get("date"),
                            proposed=bool(pun.get("proposed")))
        batch.rel("PENALISED", "Person", pen_holder, "Penalty", pen_id, psrc)
        batch.rel("PENALTY_IN", "Penalty", pen_id, "Case", c_id, psrc)


def header_places(header: str) -> dict[str, str]:
    """Levels named once in a notice's heading (东岭县纪委监委关于…的通报) → name as written."""
    if not header.strip():
        return {}
    simp = to_simplified(header)
    found: dict[str, set[str]] = {}
    for m in find_places(simp).mentions:
        found.setdefault(m.level, set()).add(header[m.start:m.end])
    return {lvl: next(iter(names)) for lvl, names in found.items()
            if len(names) == 1 and lvl in ("province", "city", "county")}


def fill_places(rec: dict[str, Any], context: dict[str, str]) -> dict[str, Any]:
    """Add the heading's province/city/county to item persons placed below that level."""
    if not context:
        return rec
    for p in rec.get("persons", []):
        place = p.get("place") or {}
        if not any(place.values()):
            continue
        finest = max(LEVELS.index(lvl) for lvl, v in place.items() if v)
        for lvl, name in context.items():
            if LEVELS.index(lvl) < finest and not place.get(lvl):
                place[lvl] = name
    return rec


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
        recs = []
        items = split_items(doc.text)
        context = header_places(doc.text[:items[0][1]]) if len(items) > 1 else {}
        for item, off, item_text in items:
            rec = extract(doc.id, item_text)
            if "error" in rec:
                break
            recs.append((item, off, len(item_text), fill_places(shift_record(rec, off), context)))
        if "error" in rec:
            report.rejects.append(Reject(path.name, report.read, str(rec["error"]), doc.id))
            continue
        for item, off, length, rec in recs:
            add_record(batch, rec, doc.text, item, (off, off + length))
        if any(r.get("persons") or r.get("violations") or r.get("amounts") for *_, r in recs):
            report.loaded += 1
        else:
            report.notes.append(f"{doc.id}: no facts found")
    return batch, report
