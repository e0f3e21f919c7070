"""``truth.json``: what a correct reader and correct rules must find, computed from the data.

The patterns are recomputed from the generated rows (not copied from what
was planted), with the semantics of ``spec/findings.md``:

* ``kin_benefit``: (cadre, beneficiary) pairs from the generator's true family
  links, with word, scope, certainty and ``declared`` (:mod:`.kintruth`; no
  production kinship code);
* ``self_benefit``: cadres listed in a beneficiary household;
* ``deceased_paid``: payments dated after the payee's death;
* ``duplicate_benefit``: persons in two benefit households, or in 低保 and 特困供养.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from qinyou.ingest.synth import chars
from qinyou.ingest.synth.kintruth import kin_pairs
from qinyou.ingest.synth.plant import Plan
from qinyou.ingest.synth.world import World


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

    starts = pd.concat([plan.dibao["start"], plan.tekun["start"], plan.disabled["start"]], ignore_index=True)
    kin = kin_pairs(p, cadres, benef.assign(start=pd.to_datetime(starts).to_numpy()), plan.dibao, plan.relatives,
                    town_of_village)
    kin_list = kin["pairs"]

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
        "kin_benefit": {"count": len(kin_list), "declared": sum(x["declared"] for x in kin_list),
                        "undeclared": sum(not x["declared"] for x in kin_list),
                        "ambiguous": sum(x["certainty"] == "ambiguous" for x in kin_list), **kin},
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
