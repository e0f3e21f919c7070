"""``extract(doc_id, text)``: one case-notice item → the spec's JSON object (never raises;
``extract_facts`` is the same and raises).

The pipeline: recognisers find mentions on their own (titles ``posts``, places ``places``, names
``mentions``, amounts ``money``, penalties ``penalties``, dates ``periods``); ``holders`` decides
who holds which post where; ``relations`` decides kinship and punishments over sentences and
clauses (``clauses``); ``violations`` labels the item.
"""
from __future__ import annotations

import re
from typing import Any

from qinyou.ingest.notices.chunks import extract_long
from qinyou.ingest.notices.holders import find_persons, full_place, is_discipline_person, orig, orig_name
from qinyou.ingest.notices.mentions import find_mentions
from qinyou.ingest.notices.money import find_amounts
from qinyou.ingest.notices.penalties import find_penalties, penalty_class
from qinyou.ingest.notices.periods import find_period
from qinyou.ingest.notices.places import LEVELS, find_places
from qinyou.ingest.notices.posts import find_titles
from qinyou.ingest.notices.relations import find_kin, find_punishments
from qinyou.ingest.notices.script import is_traditional, to_simplified
from qinyou.ingest.notices.violations import classify

LONG = 20000  # longer texts are extracted in sentence-aligned chunks
_RECOVERED = re.compile(r"归还|退缴|追缴|收缴|退还|退赔|清退|返还|如数退|退回|上缴国库|追回")
_CASE_PENALTIES = ("party", "administrative", "criminal", "organisational")


def extract(doc_id: str, text: str) -> dict[str, Any]:
    """The spec's object for one item; ``{"id", "error"}`` on any failure (ingest never stops on a notice)."""
    try:
        return extract_facts(doc_id, text)
    except Exception as exc:  # noqa: BLE001 - the contract: never raise; the error record says what failed
        return {"id": str(doc_id), "error": f"{type(exc).__name__}: {exc}"[:300]}


def extract_facts(doc_id: str, text: str) -> dict[str, Any]:
    """The spec's object for one item; raises what goes wrong (tests and callers that must see it)."""
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    if len(text) > LONG:
        return extract_long(str(doc_id), text, _extract)
    return _extract(str(doc_id), text)


def _extract(doc_id: str, text: str) -> dict[str, Any]:
    trad = is_traditional(text)
    s = to_simplified(text) if trad else text
    if len(s) != len(text):
        s = text
    titles = find_titles(s)
    places = find_places(s)
    mentions = find_mentions(s, titles)
    named = {pos for m in mentions for pos in range(m.start, m.end)}
    places.mentions = [p for p in places.mentions if not any(pos in named for pos in range(p.start, p.end))]
    persons = find_persons(s, text, titles, places, mentions)
    kin, kin_spans, relatives = find_kin(s, text, persons, mentions, titles)
    for name in relatives:
        if name in persons:
            persons[name].role = "relative"
            if persons[name].place_guessed:
                persons[name].place = None
    punishments = find_punishments(s, text, persons, mentions)
    for pun in punishments:
        p = persons.get(pun["_key"])
        if p is not None and p.role == "other" and (not is_discipline_person(p) or
                                                    penalty_class(to_simplified(pun["penalty"])) in _CASE_PENALTIES):
            p.role = "subject"
    period = find_period(s)
    recovered = any(not re.search(r"应|需|要|未|没有|不(?!久)|按程序", s[max(0, m.start() - 6):m.start()])
                    for m in _RECOVERED.finditer(s))
    amounts = find_amounts(s)
    violations = classify(s, kin_spans)
    if not persons and not amounts and not any(penalty_class(x.text) in _CASE_PENALTIES for x in find_penalties(s)):
        # no person, no money, no penalty: a policy text or work report that names violation
        # types (贪污侵占、截留私分…) as categories, not a case; its dates are not misconduct
        violations, period = [], None
    out_persons = []
    for p in persons.values():
        place: dict[str, str | None] = {lvl: None for lvl in LEVELS}
        if p.place is not None:
            full = full_place(p.place, places)
            place = {lvl: (orig_name(text, s, v, places) if v else None) for lvl, v in full.items()}
        out_persons.append({
            "name": orig(text, p.mentions[0].start, p.mentions[0].end), "role": p.role, "posts": p.posts,
            "place": place, "spans": [[m.start, m.end] for m in p.mentions], "masked": p.masked})
        for q in p.posts:
            q.pop("_simp", None)
    return {
        "id": doc_id,
        "script": "traditional" if trad else "simplified",
        "persons": out_persons,
        "kin": kin,
        "violations": violations,
        "amounts": [{"value_yuan": a.value_yuan, "text": text[a.start:a.end], "span": [a.start, a.end]}
                    for a in amounts],
        "punishments": [{k: v for k, v in pun.items() if k != "_key"} for pun in punishments],
        "recovered": True if recovered else None,
        "period": text[period[0]:period[1]] if period else None,
        "period_span": list(period) if period else None,
    }
