"""Planted kinship that only composed records reveal, with the true links set in the world.

Each planting changes the true family links of :mod:`.family` and writes what a
clerk would record (备案 rows, households put on 低保), never more:

* ``kin_spouse_family``: a cadre heading a household without a spouse is married
  to an unmarried 子/女 still registered in the parents' household; the cadre
  declares the spouse (妻子/丈夫); that household receives 低保 — the parents
  are the cadre's 岳父/岳母 or 公公/婆婆, the siblings 妻兄/妻妹/夫弟 …;
* ``kin_child_spouse``: a cadre's unmarried 子/女 marries a 女/子 of another
  household, declared as 儿媳/女婿, whose household receives 低保;
* ``kin_parent_elsewhere``: a cadre declares as 母亲 the 母亲 of another
  household, whose head is then the cadre's brother or sister (undeclared);
* ``kin_sibling_child``: a cadre declares as sibling the 子/女 of another
  household, whose head and 配偶 are then the cadre's parents (undeclared), with
  grandparents or an uncle where that household has them;
* ``kin_ambiguous``: a cadre who is a head's 子 with a 儿媳 in the household
  (his wife, but the records allow his brother's wife): she and the children get
  残疾人补贴; half of these cadres also declare her as 妻子, which settles it;
* ``kin_out_of_office``: some of these cadres left their post before their
  relatives' 低保 began.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qinyou.ingest.synth.family import join_siblings


@dataclass
class KinPlan:
    households: list[int] = field(default_factory=list)          # 户籍 households put on 低保 whole
    relatives: list[tuple[int, int, str]] = field(default_factory=list)  # (cadre, kin, word) 备案 rows
    disabled: list[int] = field(default_factory=list)            # persons given 残疾人补贴
    late: dict[int, np.datetime64] = field(default_factory=dict)  # household → 低保 start after the post ended
    planted: dict[str, list[int]] = field(default_factory=dict)


def sibling_word(p: pd.DataFrame, ego: int, sib: int) -> str:
    older = p.at[sib, "birth"] < p.at[ego, "birth"]
    if p.at[sib, "male"]:
        return "哥哥" if older else "弟弟"
    return "姐姐" if older else "妹妹"


class _Planter:
    def __init__(self, p: pd.DataFrame, cadres: pd.DataFrame, rng: np.random.Generator,
                 busy_hh: set[int], busy_cadres: set[int]) -> None:
        self.p, self.cadres, self.rng = p, cadres, rng
        self.busy_hh, self.busy_cadres = busy_hh, busy_cadres
        self.out = KinPlan()
        self.cadre_hh: dict[int, int] = {}
        size = p.groupby("hh")["pid"].transform("size")
        self.size = size.to_numpy()

    def cadre_pool(self, mask: pd.Series, n: int) -> list[int]:
        pool = self.cadres[mask.to_numpy() & ~self.cadres["pid"].isin(self.busy_cadres).to_numpy()]
        pool = pool.drop_duplicates("pid")
        picks = pool["pid"].to_numpy()[self.rng.permutation(len(pool))]
        return [int(x) for x in picks[: 4 * n]]

    def candidates(self, village: int, rel: tuple[str, ...], male: bool | None = None) -> pd.DataFrame:
        p = self.p
        c = p[(p["village"] == village) & p["relation"].isin(rel) & ~p["hh"].isin(self.busy_hh)]
        if male is not None:
            c = c[c["male"] == male]
        return c

    def take(self, pool: pd.DataFrame) -> int | None:
        if not len(pool):
            return None
        return int(pool["pid"].iloc[int(self.rng.integers(0, len(pool)))])

    def claim(self, cadre: int, hh: int, name: str, kin: int) -> None:
        self.busy_cadres.add(cadre)
        self.busy_hh.add(hh)
        self.cadre_hh.setdefault(cadre, hh)
        self.out.households.append(hh)
        self.out.planted.setdefault(name, []).append(kin)

    def spouse_family(self, n: int) -> None:
        p = self.p
        rel = self.cadres["pid"].map(p["relation"])
        lone = (rel == "户主") & (self.cadres["pid"].map(p["spouse"]) < 0)
        women = self.cadre_pool(lone & ~self.cadres["pid"].map(p["male"]).astype(bool), n)
        men = self.cadre_pool(lone & self.cadres["pid"].map(p["male"]).astype(bool), n)
        done = 0
        for cadre in [x for pair in zip(women, men) for x in pair] + women[len(men):] + men[len(women):]:
            if done >= n or cadre in self.busy_cadres:
                continue
            male = bool(p.at[cadre, "male"])
            kin = self.marry(cadre, int(p.at[cadre, "village"]), male, away_from=int(p.at[cadre, "hh"]))
            if kin is None:
                continue
            self.out.relatives.append((cadre, kin, "妻子" if male else "丈夫"))
            self.claim(cadre, int(p.at[kin, "hh"]), "kin_spouse_family", kin)
            done += 1

    def marry(self, person: int, village: int, male: bool, away_from: int | None = None) -> int | None:
        """An unmarried 子/女 of the other sex in ``village`` (not of household ``away_from``),
        now ``person``'s spouse; None when there is none."""
        p = self.p
        pool = self.candidates(village, ("子", "女"), not male)
        keep = pool["spouse"] < 0
        if away_from is not None:
            keep &= pool["hh"] != away_from
        kin = self.take(pool[keep])
        if kin is not None:
            p.at[person, "spouse"], p.at[kin, "spouse"] = kin, person
        return kin

    def child_spouse(self, n: int) -> None:
        p = self.p
        heads = self.cadre_pool(self.cadres["pid"].map(p["relation"]) == "户主", n)
        done = 0
        for cadre in heads:
            if done >= n:
                break
            own = p[(p["hh"] == p.at[cadre, "hh"]) & p["relation"].isin(["子", "女"]) & (p["spouse"] < 0)]
            child = self.take(own)
            if child is None:
                continue
            male = bool(p.at[child, "male"])
            kin = self.marry(child, int(p.at[cadre, "village"]), male)
            if kin is None:
                continue
            self.out.relatives.append((cadre, kin, "儿媳" if male else "女婿"))
            self.claim(cadre, int(p.at[kin, "hh"]), "kin_child_spouse", kin)
            done += 1

    def parent_elsewhere(self, n: int) -> None:
        p = self.p
        heads = self.cadre_pool(self.cadres["pid"].map(p["relation"]) == "户主", n)
        done = 0
        for cadre in heads:
            if done >= n:
                break
            pool = self.candidates(int(p.at[cadre, "village"]), ("母亲",))
            pool = pool[pool["hh"] != p.at[cadre, "hh"]]
            mother = self.take(pool)
            if mother is None:
                continue
            head = int(p[(p["hh"] == p.at[mother, "hh"]) & (p["relation"] == "户主")]["pid"].iloc[0])
            if not join_siblings(p, cadre, head):
                continue
            self.out.relatives.append((cadre, mother, "母亲"))
            self.claim(cadre, int(p.at[mother, "hh"]), "kin_parent_elsewhere", head)
            done += 1

    def sibling_child(self, n: int) -> None:
        p = self.p
        heads = self.cadre_pool(self.cadres["pid"].map(p["relation"]) == "户主", n)
        done = 0
        for cadre in heads:
            if done >= n:
                break
            pool = self.candidates(int(p.at[cadre, "village"]), ("子", "女"))
            pool = pool[(pool["spouse"] < 0) & (pool["hh"] != p.at[cadre, "hh"])]
            sib = self.take(pool)
            if sib is None or not join_siblings(p, cadre, sib):
                continue
            self.out.relatives.append((cadre, sib, sibling_word(p, cadre, sib)))
            self.claim(cadre, int(p.at[sib, "hh"]), "kin_sibling_child", sib)
            done += 1

    def ambiguous(self, n: int, cadre_pids: set[int]) -> None:
        p = self.p
        sons = self.cadre_pool((self.cadres["pid"].map(p["relation"]) == "子")
                               & (self.cadres["pid"].map(p["spouse"]) >= 0), n)
        for i, cadre in enumerate(sons[:n]):
            wife = int(p.at[cadre, "spouse"])
            kids = p[(p["father"] == cadre) | (p["mother"] == cadre)]["pid"].tolist()
            given = [x for x in [wife, *kids] if x not in cadre_pids]
            self.out.disabled.extend(given)
            self.busy_cadres.add(cadre)
            self.busy_hh.add(int(p.at[cadre, "hh"]))
            self.out.planted.setdefault("kin_ambiguous", []).extend(given)
            if i % 2:
                self.out.relatives.append((cadre, wife, "妻子"))

    def out_of_office(self, share: float) -> None:
        """Some planted cadres left the post before their relatives' 低保 began."""
        c = self.cadres
        chosen = [cad for cad in self.cadre_hh if self.rng.random() < share]
        for cad in chosen:
            idx = c.index[c["pid"] == cad]
            end = np.datetime64("2019-07-01") + int(self.rng.integers(0, 365))
            c.loc[idx, "start"] = np.minimum(c.loc[idx, "start"].to_numpy(), end - 900)
            c.loc[idx, "end"] = end
            c.loc[idx, "title"] = ["原" + t if not t.startswith("原") else t for t in c.loc[idx, "title"]]
            self.out.late[self.cadre_hh[cad]] = np.datetime64("2021-01-01") + int(self.rng.integers(0, 700))
            self.out.planted.setdefault("kin_out_of_office", []).append(cad)


def plant_kin(p: pd.DataFrame, cadres: pd.DataFrame, rng: np.random.Generator, busy_hh: set[int],
              busy_cadres: set[int]) -> KinPlan:
    """Plant every pattern of this module (changing ``p``'s links and ``cadres``' terms in place)."""
    n_v = int(p["village"].max()) + 1
    n = max(1, n_v // 20)
    planter = _Planter(p, cadres, rng, busy_hh, busy_cadres)
    planter.spouse_family(n)
    planter.child_spouse(n)
    planter.parent_elsewhere(n)
    planter.sibling_child(n)
    planter.ambiguous(max(2, n_v // 20), set(cadres["pid"].tolist()))
    planter.out_of_office(0.3)
    return planter.out
