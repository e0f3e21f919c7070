"""Who holds posts, who receives what, who died, who was paid, and the planted patterns.

Produces the clean rows of every roster (field keys of the mappings, values as
a careful clerk would write them); :mod:`qinyou.ingest.synth.write` adds the mess.
Planted patterns (DOMAIN.md, findings.md) and how many of each:

* self_benefit: village cadres whose whole household receives 低保;
* kin, undeclared (拆户保): a cadre's brother/parent/child in the cadre's 户籍
  household made head of a separate 低保 household, not declared;
* kin, declared: another household of the village receives 低保 and its head
  is declared in 近亲属备案 as the cadre's sibling;
* duplicate_benefit: a 低保 member also listed in a second 低保 household of
  another village; a 特困 recipient whose household also receives 低保;
* deceased_paid: 低保 payees who die in 2023 while the monthly payments go on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qinyou.ingest.synth import chars
from qinyou.ingest.synth.family import join_siblings
from qinyou.ingest.synth.kinplant import plant_kin
from qinyou.ingest.synth.world import World

YEAR = 2023


@dataclass
class Plan:
    cadres: pd.DataFrame        # pid, name, idno, title, unit, town_name, level, village, town, start, end
    dibao: pd.DataFrame         # member pid, benefit-household head pid, relation, village, start, monthly, size
    tekun: pd.DataFrame         # pid (head = self), village, start, monthly
    disabled: pd.DataFrame      # pid, village, start, monthly
    relatives: pd.DataFrame     # cadre pid, kin pid, relation word, declared_on
    deaths: pd.DataFrame        # pid, date
    payments: pd.DataFrame      # pid, programme, amount, date
    planted: dict[str, list[int]] = field(default_factory=dict)  # pattern → pids (for the truth file)


def _dates(rng: np.random.Generator, n: int, first: str, last: str, month_start: bool = False) -> np.ndarray:
    lo, hi = np.datetime64(first), np.datetime64(last)
    days = lo + rng.integers(0, int((hi - lo).astype(int)) + 1, n)
    if month_start:
        days = days.astype("datetime64[M]").astype("datetime64[D]")
    return days


def _pick_per_group(rng: np.random.Generator, candidates: np.ndarray, groups: np.ndarray,
                    counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Up to counts[g] random candidates from each group; returns (chosen, rank within group)."""
    order = rng.permutation(len(candidates))
    cand, grp = candidates[order], groups[order]
    by = np.argsort(grp, kind="stable")
    cand, grp = cand[by], grp[by]
    rank = pd.Series(grp).groupby(grp).cumcount().to_numpy()
    keep = rank < counts[grp]
    return cand[keep], rank[keep]


def _cadres(rng: np.random.Generator, w: World) -> pd.DataFrame:
    p = w.persons
    year = p["birth"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    adult = np.flatnonzero((year >= 1961) & (year <= 1995))
    n_v = len(w.villages)
    per_village = rng.integers(5, 7, n_v)
    chosen, rank = _pick_per_group(rng, adult, p["village"].to_numpy()[adult], per_village)
    title_idx = np.where(rank < 2, rank, 2 + rng.integers(0, len(chars.VILLAGE_TITLES) - 2, len(rank)))
    titles = np.array(chars.VILLAGE_TITLES)[title_idx]
    village_rows = pd.DataFrame({"pid": chosen, "title": titles, "level": "village"})
    rest = np.setdiff1d(adult, chosen)
    t_chosen, t_rank = _pick_per_group(rng, rest, p["town"].to_numpy()[rest],
                                       np.full(len(w.towns), len(chars.TOWN_TITLES)))
    town_rows = pd.DataFrame({"pid": t_chosen, "title": [chars.TOWN_TITLES[r][0] for r in t_rank],
                              "unit": [chars.TOWN_TITLES[r][1] for r in t_rank], "level": "town"})
    out = pd.concat([village_rows, town_rows], ignore_index=True)
    out["village"] = p["village"].to_numpy()[out["pid"]]
    out["town"] = p["town"].to_numpy()[out["pid"]]
    vnames = w.villages["name"].to_numpy()
    out["unit"] = np.where(out["level"] == "village", vnames[out["village"]], out["unit"].fillna(""))
    out["start"] = _dates(rng, len(out), "2016-01-01", "2021-12-31")
    ended = (rng.random(len(out)) < 0.08) & (out["level"] == "village").to_numpy()
    out["end"] = np.where(ended, _dates(rng, len(out), "2022-01-01", "2023-06-30"), np.datetime64("NaT"))
    out["title"] = np.where(ended, "原" + out["title"], out["title"])
    return out


def make_plan(w: World, rng: np.random.Generator, dibao_share: float = 0.07) -> Plan:
    p, hh = w.persons, w.households
    n_v = len(w.villages)
    cadres = _cadres(rng, w)
    cadre_hh = set(p["hh"].to_numpy()[cadres["pid"]].tolist())
    planted: dict[str, list[int]] = {}

    # -- 低保: whole households --------------------------------------------------
    eligible = np.array([h not in cadre_hh for h in range(len(hh))])
    dibao_hh = np.flatnonzero(eligible & (rng.random(len(hh)) < dibao_share))
    village_cadres = cadres[cadres["level"] == "village"]
    # self_benefit: cadres whose household receives 低保
    n_self = max(1, n_v // 60)
    self_c = village_cadres.sample(n=min(n_self, len(village_cadres)), random_state=rng.integers(1 << 31))
    self_hh = p["hh"].to_numpy()[self_c["pid"]]
    planted["self_benefit"] = self_c["pid"].tolist()
    dibao_hh = np.union1d(dibao_hh, self_hh)
    members = p[p["hh"].isin(dibao_hh)][["pid", "hh", "relation", "village"]]
    head_of = p[p["relation"] == "户主"].set_index("hh")["pid"]
    dibao = members.assign(head=head_of.reindex(members["hh"]).to_numpy())

    # 拆户保 (undeclared kin): a cadre's household relative heads their own 低保 household
    relatives_in = p[p["hh"].isin(village_cadres["pid"].map(p["hh"]).to_numpy())
                     & p["relation"].isin(["弟", "母亲", "父亲"])]
    relatives_in = relatives_in[~relatives_in["pid"].isin(cadres["pid"]) & ~relatives_in["hh"].isin(self_hh)]
    n_split = max(1, n_v // 40)
    split = relatives_in.sample(n=min(n_split, len(relatives_in)), random_state=rng.integers(1 << 31))
    dibao = pd.concat([dibao, pd.DataFrame({"pid": split["pid"], "hh": -1 - split["pid"], "relation": "户主",
                                            "village": split["village"], "head": split["pid"]})])
    planted["kin_undeclared"] = split["pid"].tolist()

    # declared kin: a head of another household of the village, declared as the cadre's sibling
    n_decl = max(2, n_v // 30)
    decl_c = village_cadres[~village_cadres["pid"].isin(self_c["pid"])]
    decl_c = decl_c.sample(n=min(n_decl, len(decl_c)), random_state=rng.integers(1 << 31))
    heads = p[(p["relation"] == "户主") & ~p["hh"].isin(list(cadre_hh)) & ~p["hh"].isin(dibao["hh"])
              & (p["spouse"] >= 0)]  # married: the spouse and children are kin outside the scope
    pairs: list[tuple[int, int]] = []
    for cpid, village in zip(decl_c["pid"], decl_c["village"]):
        pool = heads[heads["village"] == village]
        pool = pool[~pool["pid"].isin([b for _, b in pairs])]
        for pick in rng.permutation(len(pool))[:20]:  # siblings share their parents: never two mothers
            spid = int(pool["pid"].iloc[pick])
            if join_siblings(p, int(cpid), spid):
                pairs.append((int(cpid), spid))
                break
    sib_pids = [b for _, b in pairs]
    for cpid, spid in pairs:  # a sibling shares the family surname
        sur = p.at[cpid, "surname"]
        p.at[spid, "name"] = sur + p.at[spid, "name"][len(p.at[spid, "surname"]):]
        p.at[spid, "surname"] = sur
    sib_hh = p["hh"].to_numpy()[sib_pids] if sib_pids else np.array([], dtype=int)
    extra = p[p["hh"].isin(sib_hh)][["pid", "hh", "relation", "village"]]
    dibao = pd.concat([dibao, extra.assign(head=head_of.reindex(extra["hh"]).to_numpy())])
    planted["kin_declared"] = sib_pids
    # the sibling's spouse and children declared too: kin, but outside the 低保 scope
    out_scope: list[tuple[int, int, str]] = []
    for cpid, spid in pairs:
        for kin in p.index[(p["hh"] == p.at[spid, "hh"]) & (p["pid"] != spid)]:
            if p.at[kin, "pid"] == p.at[spid, "spouse"] and rng.random() < 0.7:
                older = p.at[spid, "birth"] < p.at[cpid, "birth"]
                said = ("嫂子" if older else "弟媳") if p.at[spid, "male"] else ("姐夫" if older else "妹夫")
                out_scope.append((cpid, int(kin), said))
            elif spid in (p.at[kin, "father"], p.at[kin, "mother"]) and rng.random() < 0.7:
                said = ("侄子" if p.at[kin, "male"] else "侄女") if p.at[spid, "male"] else \
                    ("外甥" if p.at[kin, "male"] else "外甥女")
                out_scope.append((cpid, int(kin), said))
    planted["kin_declared_out_of_scope"] = [k for _, k, _ in out_scope]

    # composed kinship: spouses' and children's families, parents and siblings in other households, ambiguity
    busy_hh = cadre_hh | set(dibao["hh"].tolist()) | set(sib_hh.tolist())
    busy_cadres = set(self_c["pid"].tolist()) | set(decl_c["pid"].tolist())
    kp = plant_kin(p, cadres, rng, busy_hh, busy_cadres)
    extra = p[p["hh"].isin(kp.households)][["pid", "hh", "relation", "village"]]
    dibao = pd.concat([dibao, extra.assign(head=head_of.reindex(extra["hh"]).to_numpy())])
    planted.update(kp.planted)

    # duplicate: a 低保 member listed again in a 低保 household of another village
    n_dup = max(1, n_v // 50)
    movable = dibao[(dibao["relation"].isin(["子", "女"])) & (dibao["hh"] >= 0)
                    & ~dibao["hh"].isin(list(cadre_hh | set(sib_hh.tolist()) | set(kp.households)))]
    # (neither the one listed twice nor the second household is a cadre's kin: the second listing says
    # the person is its head's 子/女, which would be false kinship)
    dup_people = movable.sample(n=min(n_dup, len(movable)), random_state=rng.integers(1 << 31))
    kin_hh = list(cadre_hh | set(sib_hh.tolist()) | set(kp.households))
    hosts = dibao[(dibao["relation"] == "户主") & (dibao["hh"] >= 0) & ~dibao["hh"].isin(kin_hh)].drop_duplicates("hh")
    dup_rows = []
    for pid, village, rel in zip(dup_people["pid"], dup_people["village"], dup_people["relation"]):
        other = hosts[hosts["village"] != village] if n_v > 1 else hosts[hosts["pid"] != pid]
        if len(other):
            host = other.iloc[rng.integers(0, len(other))]
            dup_rows.append({"pid": pid, "hh": host["hh"], "relation": rel, "village": host["village"],
                             "head": host["pid"]})
    dibao = pd.concat([dibao, pd.DataFrame(dup_rows, columns=dibao.columns)], ignore_index=True)
    planted["dup_two_households"] = [r["pid"] for r in dup_rows]

    # 特困: elderly people living alone
    year = p["birth"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    single_old = p[(hh["size"].to_numpy()[p["hh"]] == 1) & (year <= 1960) & ~p["hh"].isin(list(cadre_hh))
                   & ~p["hh"].isin(dibao["hh"])]
    tekun = single_old[rng.random(len(single_old)) < 0.5][["pid", "village"]].reset_index(drop=True)
    # 低保 + 特困 at once
    n_both = max(1, n_v // 50)
    both = tekun.sample(n=min(n_both, len(tekun)), random_state=rng.integers(1 << 31))
    dibao = pd.concat([dibao, both.assign(hh=p["hh"].to_numpy()[both["pid"]], relation="户主",
                                          head=both["pid"])], ignore_index=True)
    planted["dup_dibao_tekun"] = both["pid"].tolist()

    # per benefit household: start month, base amount, size
    dibao = dibao.reset_index(drop=True)
    bh = dibao.groupby("head").agg(size=("pid", "nunique"))
    bh["start"] = _dates(rng, len(bh), "2015-01-01", "2022-12-31", month_start=True)
    late = pd.Series({int(head_of[h]): d for h, d in kp.late.items()}, dtype="datetime64[ns]")
    late = late[late.index.isin(bh.index)]
    bh.loc[late.index, "start"] = late.to_numpy().astype("datetime64[M]").astype("datetime64[D]")
    bh["monthly"] = bh["size"] * (rng.integers(28, 46, len(bh)) * 10)
    dibao = dibao.join(bh, on="head")
    tekun["start"] = _dates(rng, len(tekun), "2014-01-01", "2022-12-31", month_start=True)
    tekun["monthly"] = rng.integers(60, 91, len(tekun)) * 10

    # 残疾人补贴: person level, not cadres
    pool = np.setdiff1d(np.union1d(np.flatnonzero(rng.random(len(p)) < 0.01), kp.disabled),
                        cadres["pid"].to_numpy())
    disabled = pd.DataFrame({"pid": pool, "village": p["village"].to_numpy()[pool],
                             "start": _dates(rng, len(pool), "2016-01-01", "2022-12-31", month_start=True),
                             "monthly": rng.integers(6, 13, len(pool)) * 10})

    # 近亲属备案: most cadres declare spouse and children in their household, plus the planted siblings
    cadre_pids = cadres["pid"].to_numpy()
    files = cadres[rng.random(len(cadres)) < 0.7]
    fam = p[p["hh"].isin(p["hh"].to_numpy()[files["pid"]])]
    fam = fam.merge(pd.DataFrame({"cadre": files["pid"].to_numpy(),
                                  "hh": p["hh"].to_numpy()[files["pid"]]}), on="hh")
    crel = p["relation"].to_numpy()[fam["cadre"]]
    fam = fam[(crel == "户主") & fam["relation"].isin(["配偶", "子", "女"]) & (fam["pid"] != fam["cadre"])]
    cmale = p["male"].to_numpy()[fam["cadre"]]
    word = np.where(fam["relation"] == "配偶", np.where(cmale, "妻子", "丈夫"),
                    np.where(fam["relation"] == "子", "儿子", "女儿"))
    rel_rows = pd.DataFrame({"cadre": fam["cadre"].to_numpy(), "kin": fam["pid"].to_numpy(), "word": word})
    if pairs:
        c, s = np.array(pairs).T
        older = p["birth"].to_numpy()[s] < p["birth"].to_numpy()[c]
        smale = p["male"].to_numpy()[s]
        sword = np.where(smale, np.where(older, "哥哥", "弟弟"), np.where(older, "姐姐", "妹妹"))
        rel_rows = pd.concat([rel_rows, pd.DataFrame({"cadre": c, "kin": s, "word": sword})], ignore_index=True)
    rel_rows = pd.concat([rel_rows, pd.DataFrame(out_scope + kp.relatives, columns=["cadre", "kin", "word"])],
                         ignore_index=True).drop_duplicates(["cadre", "kin"]).reset_index(drop=True)
    rel_rows["declared_on"] = _dates(rng, len(rel_rows), "2021-01-01", "2023-06-30")

    # payments: monthly in 2023 to 低保 heads, 特困 and 残疾 recipients
    payees = pd.concat([
        dibao.drop_duplicates("head")[["head", "start", "monthly"]].rename(columns={"head": "pid"})
        .assign(programme=chars.BENEFIT_DIBAO),
        tekun[["pid", "start", "monthly"]].assign(programme=chars.BENEFIT_TEKUN),
        disabled[["pid", "start", "monthly"]].assign(programme=chars.BENEFIT_DISABLED)], ignore_index=True)
    dibao_heads = payees[payees["programme"] == chars.BENEFIT_DIBAO]["pid"].unique()
    n_dead_paid = max(1, n_v // 30)
    dead_paid = rng.choice(dibao_heads, min(n_dead_paid, len(dibao_heads)), replace=False)
    planted["deceased_paid"] = sorted(int(x) for x in dead_paid)
    others = np.setdiff1d(dibao_heads, dead_paid)
    dead_stopped = rng.choice(others, min(max(1, n_v // 30), len(others)), replace=False)
    months = np.arange(np.datetime64(f"{YEAR}-01"), np.datetime64(f"{YEAR + 1}-01"))
    pay = payees.loc[payees.index.repeat(12)].reset_index(drop=True)
    pay["date"] = np.tile(months.astype("datetime64[D]") + 9, len(payees))
    pay = pay[pay["date"] >= pay["start"]]
    death_dead_paid = _dates(rng, len(dead_paid), f"{YEAR}-01-01", f"{YEAR}-08-31")
    death_stopped = _dates(rng, len(dead_stopped), f"{YEAR}-02-11", f"{YEAR}-11-30")
    # a payee who died (not planted) is paid up to the month of death only
    last = pd.Series(death_stopped, index=dead_stopped)
    limit = pay["pid"].map(last)
    pay = pay[limit.isna() | (pay["date"] <= limit)]
    payments = pay[["pid", "programme", "monthly", "date"]].rename(columns={"monthly": "amount"})

    # deaths: planted, stopped, and ordinary deaths of people nobody pays
    paid = set(payees["pid"].tolist()) | set(cadre_pids.tolist()) | set(dibao["pid"].tolist())
    natural = np.array([x for x in np.flatnonzero(rng.random(len(p)) < 0.006) if x not in paid], dtype=int)
    deaths = pd.DataFrame({
        "pid": np.concatenate([dead_paid, dead_stopped, natural]).astype(int),
        "date": np.concatenate([death_dead_paid, death_stopped,
                                _dates(rng, len(natural), "2020-01-01", f"{YEAR}-12-31")])})
    return Plan(cadres.reset_index(drop=True), dibao, tekun, disabled, rel_rows, deaths,
                payments.reset_index(drop=True), planted)
