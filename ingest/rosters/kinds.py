"""Roster rows → graph, one builder per kind.

Each builder gets the parsed values of the loaded rows (RangeIndex), their
provenance strings and the unmapped columns, and adds frames to the batch.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from qinyou.graph.batch import GraphBatch
from qinyou.graph.kinship import standard
from qinyou.graph.folding import as_lists, fold
from qinyou.ingest.rosters.frames import obj_frame, household_kin, located_in, persons, places
from qinyou.graph.column_ids import node_ids, rel_ids
from qinyou.graph.idkey import IdKey

Builder = Callable[[GraphBatch, pd.DataFrame, pd.Series, pd.Series, pd.Series | None, IdKey], None]
_TITLE_PREFIX = re.compile(r"^(原|时任|曾任|现任|前任)")
_PARTY = re.compile(r"书记|支书|党支部|党委|党总支")
_VILLAGE_UNIT = re.compile(r"(?:村|社区|居委会|村委会)$")


def _col(values: pd.DataFrame, key: str) -> pd.Series:
    return values[key] if key in values.columns else pd.Series([None] * len(values), index=values.index, dtype=object)


def _empty_none(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna() & (series.astype(object) != ""), None)


def _ints(series: pd.Series) -> np.ndarray:
    """Whole numbers as Python ints, missing ones as None (an object column).

    >>> _ints(pd.Series([2, None, 3.0], dtype=object)).tolist()
    [2, None, 3]
    """
    numbers = pd.to_numeric(series, errors="coerce").round().astype("Int64")
    return numbers.astype(object).where(numbers.notna(), None).to_numpy(dtype=object)


def _with_extras(frame: pd.DataFrame, extras: pd.Series) -> pd.DataFrame:
    if any(len(e) for e in extras.tolist()):
        frame["raw"] = extras.to_numpy()
    return frame


def _rels(batch: GraphBatch, rtype: str, a: str, b: str, frm: pd.Series, to: pd.Series,
          src: pd.Series, **props: pd.Series) -> None:
    frame = obj_frame({"from": frm.to_numpy(), "to": to.to_numpy(), "sources": as_lists(src),
                          **{k: v.to_numpy() for k, v in props.items()}})
    frame["id"] = rel_ids(rtype, frame["from"], frame["to"],
                          {k: frame[k] for k in props}).to_numpy()
    batch.add_rels(rtype, a, b, fold(frame), unique=True)


def beneficiaries(batch: GraphBatch, v: pd.DataFrame, src: pd.Series, extras: pd.Series,
                  raw_idno: pd.Series | None, key: IdKey) -> None:
    person = persons(batch, key, v["idno"], _col(v, "name").fillna(""), src, raw_idno)
    place = places(batch, v[[c for c in ("county", "town", "village") if c in v.columns]], src)
    head_idno = _col(v, "head_idno").fillna("")
    is_head = _col(v, "relation").fillna("").isin(["户主", "本人"])
    # a head's own row names the household when the head columns are missing
    head_idno = head_idno.where(head_idno != "", v["idno"].where(is_head, ""))
    has_hh = (head_idno != "").to_numpy()
    holder = person.copy()
    if has_hh.any():
        head_name = _col(v, "head_name").fillna("")
        head_name = head_name.where(head_name != "", _col(v, "name").where(is_head, ""))
        hh = pd.Series(None, index=v.index, dtype=object)
        head = pd.Series(key.person_ids(head_idno[has_hh].tolist()), index=head_idno[has_hh].index, dtype=object)
        hh[has_hh] = node_ids("Household", {"head": head}).to_numpy()
        sub = obj_frame({"id": hh[has_hh].to_numpy(), "head": head.to_numpy(),
                            "head_name": _empty_none(head_name[has_hh]).to_numpy(),
                            "sources": as_lists(src[has_hh])})
        if key.store_idno:
            sub["head_idno"] = head_idno[has_hh].to_numpy(dtype=object)
        batch.add_nodes("Household", fold(sub), unique=True)
        heads = has_hh & (_col(v, "head_name").fillna("") != "").to_numpy() & (head_idno != v["idno"]).to_numpy()
        if heads.any():  # the head as a person, from the head columns of members' rows
            persons(batch, key, head_idno[heads], _col(v, "head_name")[heads], src[heads])
        _rels(batch, "MEMBER_OF", "Person", "Household", person[has_hh], hh[has_hh], src[has_hh],
              relation_to_head=_empty_none(_col(v, "relation"))[has_hh])
        located_in(batch, "Household", hh, place, src)
        household_kin(batch, person[has_hh], hh[has_hh], _col(v, "relation")[has_hh], src[has_hh],
                      v["idno"][has_hh])
        holder[has_hh] = hh[has_hh]
    benefit = obj_frame({"holder": holder.to_numpy(), "programme": v["programme"].to_numpy(),
                            "start_date": _col(v, "start_date").to_numpy(),
                            "end_date": _col(v, "end_date").to_numpy(),
                            "monthly_yuan": pd.to_numeric(_col(v, "monthly_yuan")).astype(float).to_numpy(),
                            "persons_covered": _ints(_col(v, "persons_covered")),
                            "sources": as_lists(src)})
    benefit.insert(0, "id", node_ids("Benefit", {c: benefit[c] for c in ("holder", "programme", "start_date")}))
    batch.add_nodes("Benefit", fold(_with_extras(benefit, extras)), unique=True)
    for label, mask in (("Household", has_hh), ("Person", ~has_hh)):
        if mask.any():
            _rels(batch, "RECEIVES", label, "Benefit", holder[mask], benefit["id"][mask], src[mask])


def households(batch: GraphBatch, v: pd.DataFrame, src: pd.Series, extras: pd.Series,
               raw_idno: pd.Series | None, key: IdKey) -> None:
    person = persons(batch, key, v["idno"], v["name"], src, raw_idno)
    place = places(batch, v[[c for c in ("county", "town", "village") if c in v.columns]], src)
    hh = node_ids("Household", {"hh_no": v["hh_no"]})
    is_head = v["relation"].isin(["户主", "本人"])
    size = v.groupby("hh_no")["idno"].transform("nunique")
    frame = obj_frame({"id": hh.to_numpy(), "hh_no": v["hh_no"].to_numpy(),
                          "head_name": v["name"].where(is_head, None).to_numpy(),
                          "head": person.where(is_head, None).to_numpy(),
                          "size": size.astype("int64").to_numpy(), "sources": as_lists(src)})
    if key.store_idno:
        frame["head_idno"] = v["idno"].where(is_head, None).to_numpy()
    frame = _with_extras(frame, extras)
    # heads first so "first non-null" takes the head's name and number
    order = np.argsort(~is_head.to_numpy(), kind="stable")
    batch.add_nodes("Household", fold(frame.iloc[order]), unique=True)
    _rels(batch, "MEMBER_OF", "Person", "Household", person, hh, src,
          relation_to_head=_empty_none(v["relation"]))
    located_in(batch, "Household", hh, place, src)
    household_kin(batch, person, hh, v["relation"], src, v["idno"])


def _org(v: pd.DataFrame) -> pd.DataFrame:
    """Org name, type and post level per cadre row, and the place columns the org sits in."""
    title = v["title"].str.replace(_TITLE_PREFIX, "", regex=True)
    unit = _col(v, "village").fillna("").astype(str)
    town = _col(v, "town").fillna("").astype(str)
    village_level = unit.str.contains(_VILLAGE_UNIT.pattern, regex=True).to_numpy()
    party = title.str.contains(_PARTY.pattern, regex=True).to_numpy()
    village_org = np.where(party, unit + "党支部", unit + "村民委员会")
    town_unit = np.where(unit == "", town + "人民政府",
                         np.where(unit.str.startswith(tuple(t for t in town.unique() if t)) if town.ne("").any()
                                  else np.zeros(len(unit), dtype=bool), unit, town + unit))
    out = pd.DataFrame({"title": title.to_numpy(),
                        "org": np.where(village_level, village_org, town_unit),
                        "org_type": np.where(village_level, "village", "town"),
                        "level": np.where(village_level, "village", "town")}, index=v.index)
    places = pd.DataFrame(index=v.index)
    for c in ("county", "town"):
        if c in v.columns:
            places[c] = v[c]
    places["village"] = unit.where(village_level, "")
    return out.assign(**{f"p_{c}": places[c] for c in places.columns})


def cadres(batch: GraphBatch, v: pd.DataFrame, src: pd.Series, extras: pd.Series,
           raw_idno: pd.Series | None, key: IdKey) -> None:
    person = persons(batch, key, v["idno"], v["name"], src, raw_idno)
    org = _org(v)
    place_cols = org[[c for c in org.columns if c.startswith("p_")]].rename(columns=lambda c: c[2:])
    place = places(batch, place_cols, src)
    lv = [c for c in ("county", "town", "village") if c in place_cols.columns]
    place_path = place_cols[lv].apply(lambda r: "/".join(x for x in r if x), axis=1) if lv else ""
    orgs = obj_frame({"name": org["org"].to_numpy(), "org_type": org["org_type"].to_numpy(),
                         "place_path": pd.Series(place_path, index=v.index).astype(object).to_numpy(),
                         "sources": as_lists(src)})
    orgs.insert(0, "id", node_ids("Org", {"name": orgs["name"], "place_path": orgs["place_path"]}).to_numpy())
    orgs["place_path"] = orgs["place_path"].where(orgs["place_path"] != "", None)
    first_rows = orgs.drop_duplicates("id")
    batch.add_nodes("Org", first_rows, unique=True)
    located_in(batch, "Org", orgs["id"].drop_duplicates(), place[first_rows.index], src[first_rows.index])
    post = obj_frame({"holder": person.to_numpy(), "title": org["title"].to_numpy(),
                         "org": orgs["name"].to_numpy(), "start_date": v["start_date"].to_numpy(),
                         "end_date": _col(v, "end_date").to_numpy(), "level": org["level"].to_numpy(),
                         "sources": as_lists(src)})
    post.insert(0, "id", node_ids("Post", {c: post[c] for c in ("holder", "title", "org", "start_date")}))
    raw_titles = [[t] if t != n else [] for t, n in zip(v["title"].tolist(), org["title"].tolist())]
    post["raw"] = [a + list(b) for a, b in zip(raw_titles, extras.tolist())]
    batch.add_nodes("Post", fold(post), unique=True)
    _rels(batch, "HOLDS", "Person", "Post", person, post["id"], src)
    _rels(batch, "IN_ORG", "Post", "Org", post["id"], orgs["id"], src)


def relatives(batch: GraphBatch, v: pd.DataFrame, src: pd.Series, extras: pd.Series,
              raw_idno: pd.Series | None, key: IdKey) -> None:
    cadre = persons(batch, key, v["cadre_idno"], _col(v, "cadre_name").fillna(""), src)
    kin = persons(batch, key, v["kin_idno"], _col(v, "kin_name").fillna(""), src)
    terms = {w: standard(w) for w in set(v["relation"].tolist())}
    _rels(batch, "KIN", "Person", "Person", cadre, kin, src,
          relation=pd.Series([terms[w][0] for w in v["relation"].tolist()], dtype=object),
          relation_raw=v["relation"].astype(object),
          legal_scope=pd.Series([terms[w][1] for w in v["relation"].tolist()], dtype=object),
          basis=pd.Series(["declared"] * len(v), dtype=object),
          declared_on=_col(v, "declared_on").astype(object))


def deaths(batch: GraphBatch, v: pd.DataFrame, src: pd.Series, extras: pd.Series,
           raw_idno: pd.Series | None, key: IdKey) -> None:
    person = persons(batch, key, v["idno"], v["name"], src, raw_idno)
    death = obj_frame({"id": node_ids("Death", {"person": person}).to_numpy(), "person": person.to_numpy(),
                          "date": v["date"].to_numpy(), "sources": as_lists(src)})
    batch.add_nodes("Death", fold(_with_extras(death, extras)), unique=True)
    _rels(batch, "DEATH_OF", "Death", "Person", death["id"], person, src)


def payments(batch: GraphBatch, v: pd.DataFrame, src: pd.Series, extras: pd.Series,
             raw_idno: pd.Series | None, key: IdKey) -> None:
    person = persons(batch, key, v["idno"], v["name"], src, raw_idno)
    pay = obj_frame({"payee": person.to_numpy(), "programme": v["programme"].to_numpy(),
                        "amount_yuan": v["amount"].astype(float).to_numpy(), "date": v["date"].to_numpy(),
                        "sources": as_lists(src)})
    pay.insert(0, "id", node_ids("Payment", {c: pay[c] for c in ("payee", "programme", "date", "amount_yuan")}))
    batch.add_nodes("Payment", fold(_with_extras(pay, extras)), unique=True)
    _rels(batch, "PAID_TO", "Payment", "Person", pay["id"], person, src)


BUILDERS: dict[str, Builder] = {
    "beneficiaries": beneficiaries, "households": households, "cadres": cadres,
    "relatives": relatives, "deaths": deaths, "payments": payments,
}
