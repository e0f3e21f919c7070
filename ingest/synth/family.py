"""The generator's true family links: who is whose father, mother, spouse and sibling.

The rosters only say how each member stands to the household head; the
generator knows more. Every person gets ``father``, ``mother`` and ``spouse``
(person ids, -1 when that person is not in the county) and ``sibgroup`` (people
with the same value are siblings, also when their parents are not in the
county). Within a household the templates of :mod:`.world` fix the links: the
head's 配偶 is the head's spouse, 子/女 are the children of the head and the
配偶, 儿媳 is the 子's wife, 孙子/孙女 are their children, 父亲/母亲 are the
head's parents (married to each other), 弟 is the head's brother. Plantings
(:mod:`.kinplant`) add links across households.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

LINK_COLUMNS = ("father", "mother", "spouse", "sibgroup")


def add_links(persons: pd.DataFrame) -> None:
    """Add the columns of :data:`LINK_COLUMNS` to ``persons`` (in place), from the household templates."""
    n = len(persons)
    role = persons.pivot(index="hh", columns="relation", values="pid")
    male = persons["male"].to_numpy()

    def col(name: str) -> pd.Series:
        return role[name] if name in role else pd.Series(np.nan, index=role.index)

    head, spouse, son, dil = col("户主"), col("配偶"), col("子"), col("儿媳")
    father_rel, mother_rel = col("父亲"), col("母亲")
    head_male = pd.Series(male[head.to_numpy().astype(int)], index=role.index)
    # the head's children are the head's and the 配偶's
    dad = head.where(head_male, spouse)
    mum = spouse.where(head_male, head)
    father = np.full(n, -1, dtype=np.int64)
    mother = np.full(n, -1, dtype=np.int64)
    spouse_of = np.full(n, -1, dtype=np.int64)
    sibgroup = np.arange(n, dtype=np.int64)

    def set_for(members: pd.Series, values: pd.Series, target: np.ndarray) -> None:
        ok = members.notna() & values.notna()
        target[members[ok].astype(int).to_numpy()] = values[ok].astype(int).to_numpy()

    for child in ("子", "女"):
        set_for(col(child), dad, father)
        set_for(col(child), mum, mother)
    for grandchild in ("孙子", "孙女"):
        set_for(col(grandchild), son, father)
        set_for(col(grandchild), dil, mother)
    for member in ("户主", "弟"):
        set_for(col(member), father_rel, father)
        set_for(col(member), mother_rel, mother)
    for a, b in ((head, spouse), (son, dil), (father_rel, mother_rel)):
        set_for(a, b, spouse_of)
        set_for(b, a, spouse_of)
    # siblings: the head's children, the grandchildren, the head and the 弟 (a group id per household)
    hh_index = pd.Series(np.arange(len(role)), index=role.index)
    for members, k in ((("子", "女"), 0), (("孙子", "孙女"), 1), (("户主", "弟"), 2)):
        for m in members:
            who = col(m)
            ok = who.notna()
            sibgroup[who[ok].astype(int).to_numpy()] = n + 3 * hh_index[ok].to_numpy() + k
    persons["father"], persons["mother"] = father, mother
    persons["spouse"], persons["sibgroup"] = spouse_of, sibgroup


def join_siblings(p: pd.DataFrame, a: int, b: int, check_only: bool = False) -> bool:
    """Make ``a`` and everyone of a's sibling group siblings of ``b`` (same parents).

    False, and nothing changed, when both groups already have recorded parents
    (they would then have two fathers or two mothers) or are already one group.
    """
    ga, gb = p.at[a, "sibgroup"], p.at[b, "sibgroup"]
    if ga == gb:
        return False
    rows_a = p.index[p["sibgroup"] == ga]
    rows_b = p.index[p["sibgroup"] == gb]
    has_a = (p.loc[rows_a, ["father", "mother"]] >= 0).to_numpy().any()
    has_b = (p.loc[rows_b, ["father", "mother"]] >= 0).to_numpy().any()
    if has_a and has_b:
        return False
    if check_only:
        return True
    if has_a:
        p.loc[rows_b, "father"] = p.at[a, "father"]
        p.loc[rows_b, "mother"] = p.at[a, "mother"]
    else:
        p.loc[rows_a, "father"] = p.at[b, "father"]
        p.loc[rows_a, "mother"] = p.at[b, "mother"]
    p.loc[rows_a, "sibgroup"] = gb
    return True
