"""``truth.json``: what a correct reader and correct rules must find, computed from the data.

The patterns are recomputed from the generated rows (not copied from what
was planted), with the semantics of ``spec/findings.md``:

* ``kin_benefit``: (cadre, beneficiary) pairs one KIN link apart (same 户籍 or
  benefit household with a legal-scope relation through the head, or a
  近亲属备案 row), the beneficiary's benefit in the cadre's village (village
  cadres) or town (town officials); ``declared`` when a 备案 row covers the pair;
* ``self_benefit``: cadres listed in a beneficiary household;
* ``deceased_paid``: payments dated after the payee's death;
* ``duplicate_benefit``: persons in two benefit households, or in 低保 and 特困供养.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from qinyou.ingest.kinship import HEAD_RELATIONS, household_relation, normalise
from qinyou.ingest.synth import chars
from qinyou.ingest.synth.plant import Plan
from qinyou.ingest.synth.world import World


def _household_pairs(members: pd.DataFrame, cadre_pids: set[int]) -> pd.DataFrame:
    """(cadre, kin, relation) for members of the same household, legal scope only."""
    cad = members[members["pid"].isin(cadre_pids)]
    pairs = cad.merge(members, on="key", suffixes=("_c", "_k"))
    pairs = pairs[pairs["pid_c"] != pairs["pid_k"]]
    out = []
    for c, k, rc, rk in zip(pairs["pid_c"], pairs["pid_k"], pairs["relation_c"], pairs["relation_k"]):
        a, b = HEAD_RELATIONS.get(rc), HEAD_RELATIONS.get(rk)
        term = household_relation(a[0], b[0]) if a and b else None
        if term is not None and term.legal:
            out.append((int(c), int(k), term.canonical))
    return pd.DataFrame(out, columns=["cadre", "kin", "relation"])


def patterns(w: World, plan: Plan) -> dict[str, Any]:
    p = w.persons
    idno = p["idno"].to_numpy()
    town_of_village = w.villages["town"].to_numpy()
    cadres = plan.cadres
    cadre_pids = set(cadres["pid"].tolist())

    benef = pd.concat([
        plan.dibao.assign(programme=chars.BENEFIT_DIBAO, key=plan.dibao["head"])[["pid", "village", "programme", "key"]],
        plan.tekun.assign(programme=chars.BENEFIT_TEKUN, key=plan.tekun["pid"])[["pid", "village", "programme", "key"]],
        plan.disabled.assign(programme=chars.BENEFIT_DISABLED, key=-1)[["pid", "village", "programme", "key"]],
    ], ignore_index=True)
    benef["town"] = town_of_village[benef["village"]]

    # kin pairs: 户籍 households, benefit households, declarations
    hukou = p[["pid", "relation"]].assign(key=p["hh"])
    bhh = plan.dibao[["pid", "relation"]].assign(key=plan.dibao["head"] + 10 ** 9)
    kin = pd.concat([_household_pairs(hukou, cadre_pids), _household_pairs(bhh, cadre_pids)])
    decl = plan.relatives.copy()
    terms = [normalise(x) for x in decl["word"]]
    decl = decl.assign(relation=[t.canonical if t else "" for t in terms],
                       legal=[bool(t and t.legal) for t in terms])
    kin = pd.concat([kin, decl[decl["legal"]].rename(columns={"kin": "kin"})[["cadre", "kin", "relation"]]])
    declared = set(zip(decl["cadre"].tolist(), decl["kin"].tolist()))

    scope = cadres[["pid", "level", "village", "town"]].rename(columns={"pid": "cadre"})
    hits = kin.merge(scope, on="cadre").merge(benef, left_on="kin", right_on="pid", suffixes=("_c", "_b"))
    same = np.where(hits["level"] == "village", hits["village_c"] == hits["village_b"],
                    hits["town_c"] == hits["town_b"])
    hits = hits[same & (hits["cadre"] != hits["kin"])].drop_duplicates(["cadre", "kin"])
    kin_pairs = [{"cadre": idno[c], "beneficiary": idno[k], "relation": r, "declared": (c, k) in declared,
                  "programme": prog}
                 for c, k, r, prog in zip(hits["cadre"], hits["kin"], hits["relation"], hits["programme"])]

    self_b = sorted(set(benef[(benef["key"] >= 0) & benef["pid"].isin(cadre_pids)]["pid"].tolist()))

    deaths = plan.deaths.drop_duplicates("pid").set_index("pid")["date"]
    pay = plan.payments
    after = pay[pay["date"] > pay["pid"].map(deaths)]
    dead_paid = sorted(set(after["pid"].tolist()))

    household_b = benef[benef["key"] >= 0]
    n_hh = household_b.groupby("pid")["key"].nunique()
    two_hh = sorted(n_hh[n_hh >= 2].index.tolist())
    progs = household_b.groupby("pid")["programme"].agg(set)
    both = sorted(progs[progs.map(lambda s: {chars.BENEFIT_DIBAO, chars.BENEFIT_TEKUN} <= s)].index.tolist())

    return {
        "kin_benefit": {"count": len(kin_pairs), "declared": sum(x["declared"] for x in kin_pairs),
                        "undeclared": sum(not x["declared"] for x in kin_pairs), "pairs": kin_pairs},
        "self_benefit": {"count": len(self_b), "idnos": [idno[x] for x in self_b]},
        "deceased_paid": {"count": len(dead_paid), "payments": int(len(after)),
                          "idnos": [idno[x] for x in dead_paid]},
        "duplicate_benefit": {"count": len(set(two_hh) | set(both)),
                              "two_households": [idno[x] for x in two_hh],
                              "dibao_and_tekun": [idno[x] for x in both]},
    }


def planted(w: World, plan: Plan) -> dict[str, list[str]]:
    """The ID numbers each planting step chose (a subset of what :func:`patterns` finds)."""
    idno = w.persons["idno"].to_numpy()
    return {k: [idno[x] for x in v] for k, v in plan.planted.items()}
