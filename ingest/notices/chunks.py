"""Long documents: split at sentence ends into chunks, extract each, merge the records.

Notice items are short; whole reports (or pasted pages) can be long, and a few
per-item rules compare mentions pairwise. Chunking keeps the cost linear.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

CHUNK = 8000
_ENDS = "\n。；;！!？?"
_ROLE_RANK = {"subject": 3, "relative": 2, "accomplice": 1, "other": 0}


def split(text: str, size: int = CHUNK) -> list[tuple[int, str]]:
    """(offset, chunk) pairs covering ``text``, cut after a sentence end where possible."""
    out = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = max(text.rfind(c, pos + size // 2, end) for c in _ENDS)
            if cut > pos:
                end = cut + 1
        out.append((pos, text[pos:end]))
        pos = end
    return out


def _shift(span: list[int] | None, off: int) -> list[int] | None:
    return [span[0] + off, span[1] + off] if span else span


def extract_long(doc_id: str, text: str, one: Callable[[str, str], dict[str, Any]]) -> dict[str, Any]:
    """Extract chunk by chunk with ``one(doc_id, chunk)`` and merge into one record."""
    merged: dict[str, Any] = {"id": doc_id, "script": None, "persons": [], "kin": [], "violations": [],
                              "amounts": [], "punishments": [], "recovered": None, "period": None,
                              "period_span": None}
    persons: dict[str, dict[str, Any]] = {}
    seen_kin: set[tuple[Any, ...]] = set()
    seen_amount: set[str] = set()
    seen_pun: set[tuple[Any, ...]] = set()
    for off, chunk in split(text):
        rec = one(doc_id, chunk)
        merged["script"] = merged["script"] or rec.get("script")
        for p in rec.get("persons", []):
            spans = [_shift(s, off) for s in p["spans"]]
            for q in p["posts"]:
                q["span"] = _shift(q.get("span"), off)
            have = persons.get(p["name"])
            if have is None:
                persons[p["name"]] = dict(p, spans=spans)
                continue
            have["spans"] += spans
            have["posts"] += [q for q in p["posts"] if q["title"] not in {x["title"] for x in have["posts"]}]
            if _ROLE_RANK[p["role"]] > _ROLE_RANK[have["role"]]:
                have["role"] = p["role"]
            if not any(have["place"].values()):
                have["place"] = p["place"]
        for k in rec.get("kin", []):
            key = (k["official"], k["relation"], k["relative"])
            if key not in seen_kin:
                seen_kin.add(key)
                merged["kin"].append(dict(k, span=_shift(k.get("span"), off)))
        merged["violations"] += [v for v in rec.get("violations", []) if v not in merged["violations"]]
        for a in rec.get("amounts", []):
            if a["text"] not in seen_amount:
                seen_amount.add(a["text"])
                merged["amounts"].append(dict(a, span=_shift(a.get("span"), off)))
        for pun in rec.get("punishments", []):
            pkey = (pun["person"], pun["penalty"])
            if pkey not in seen_pun:
                seen_pun.add(pkey)
                merged["punishments"].append(dict(pun, span=_shift(pun.get("span"), off)))
        merged["recovered"] = merged["recovered"] or rec.get("recovered")
        if merged["period"] is None and rec.get("period"):
            merged["period"] = rec["period"]
            merged["period_span"] = _shift(rec.get("period_span"), off)
    merged["persons"] = list(persons.values())
    merged["script"] = merged["script"] or "simplified"
    return merged
