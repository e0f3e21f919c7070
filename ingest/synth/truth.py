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

from qinyou.ingest.synth import chars
from qinyou.ingest.synth.plant import Plan
from qinyou.ingest.synth.world import World


#: how member b truly stands to member a in the generator's family templates (world.TEMPLATES),
#: as kinds (P parent, C child, S spouse, G sibling): one family per household, the 儿媳 is the 子's
#: wife and the grandchildren are theirs. Written from the templates, not from the kinship code.
_TRUE: dict[tuple[str, str], str] = {
    ("户主", "配偶"): "S", ("户主", "子"): "C", ("户主", "女"): "C", ("户主", "儿媳"): "C,S",
    ("户主", "孙子"): "C,C", ("户主", "孙女"): "C,C", ("户主", "父亲"): "P", ("户主", "母亲"): "P", ("户主", "弟"): "G",
    ("配偶", "户主"): "S", ("配偶", "子"): "C", ("配偶", "女"): "C", ("配偶", "儿媳"): "C,S",
    ("配偶", "孙子"): "C,C", ("配偶", "孙女"): "C,C", ("配偶", "父亲"): "S,P", ("配偶", "母亲"): "S,P",
    ("配偶", "弟"): "S,G",
    ("子", "户主"): "P", ("子", "配偶"): "P", ("子", "女"): "G", ("子", "儿媳"): "S", ("子", "孙子"): "C",
    ("子", "孙女"): "C", ("子", "父亲"): "P,P", ("子", "母亲"): "P,P", ("子", "弟"): "P,G",
    ("女", "户主"): "P", ("女", "配偶"): "P", ("女", "子"): "G", ("女", "母亲"): "P,P",
    ("儿媳", "户主"): "S,P", ("儿媳", "配偶"): "S,P", ("儿媳", "子"): "S", ("儿媳", "孙子"): "C", ("儿媳", "孙女"): "C",
    ("孙子", "户主"): "P,P", ("孙子", "配偶"): "P,P", ("孙子", "子"): "P", ("孙子", "儿媳"): "P", ("孙子", "孙女"): "G",
    ("孙女", "户主"): "P,P", ("孙女", "配偶"): "P,P", ("孙女", "子"): "P", ("孙女", "儿媳"): "P", ("孙女", "孙子"): "G",
    ("父亲", "户主"): "C", ("父亲", "配偶"): "C,S", ("父亲", "母亲"): "S", ("父亲", "子"): "C,C",
    ("母亲", "户主"): "C", ("母亲", "配偶"): "C,S", ("母亲", "父亲"): "S", ("母亲", "子"): "C,C", ("母亲", "女"): "C,C",
    ("弟", "户主"): "G", ("弟", "配偶"): "G,S", ("弟", "子"): "G,C",
}
#: the 低保 备案 list (findings.md), as kinds: spouse, parents, children, siblings, the spouse's parents
#: and siblings, children's spouses, grandparents, grandchildren, parents' siblings
_DIBAO = {"S", "P", "C", "G", "S,P", "S,G", "C,S", "P,P", "C,C", "P,G"}
#: 备案 words the generator writes, as kinds
_DECLARED = {"妻子": "S", "丈夫": "S", "儿子": "C", "女儿": "C", "哥哥": "G", "弟弟": "G", "姐姐": "G", "妹妹": "G"}


def _household_pairs(members: pd.DataFrame, cadre_pids: set[int]) -> pd.DataFrame:
    """(cadre, kin, kinds) for members of the same household, 低保 scope only."""
    cad = members[members["pid"].isin(cadre_pids)]
    pairs = cad.merge(members, on="key", suffixes=("_c", "_k"))
    pairs = pairs[pairs["pid_c"] != pairs["pid_k"]]
    out = []
    for c, k, rc, rk in zip(pairs["pid_c"], pairs["pid_k"], pairs["relation_c"], pairs["relation_k"]):
        kinds = _TRUE.get((rc, rk))
        if kinds in _DIBAO:
            out.append((int(c), int(k), kinds))
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
    decl = decl.assign(relation=[_DECLARED.get(x, "") for x in decl["word"]],
                       legal=[_DECLARED.get(x, "") in _DIBAO for x in decl["word"]])
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
