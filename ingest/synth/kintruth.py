"""The expected ``kin_benefit`` pairs, from the generator's true family links (not from the detector).

Independent of :mod:`qinyou.graph.kinship` and :mod:`qinyou.detect` by design.

* **Relation.** From the true links of :mod:`.family` (father, mother, spouse,
  sibling group) every relative of a cadre is found by definition — spouse (S),
  parent (P), child (C), sibling (G) and their two-step compositions — and named
  with the word the cadre would use by :data:`WORDS` below, written from the
  dictionary definitions (岳父 is a man's wife's father, 妻弟 a wife's younger
  brother, 伯父 a father's older brother …; older and younger from birth dates).
* **Scope.** The 低保 备案 list of findings.md as kinds (:data:`DIBAO`); 嫂子,
  弟媳 (G,S) and 侄子, 外甥 (G,C) are kin but outside it.
* **Reach.** A relation is only findable when the rosters link the two people:
  a 户籍 or 低保 row links the head and the member, a 备案 row the cadre and the
  relative. Pairs not joined by a chain of at most :data:`DEPTH` such rows are
  left out (counted as ``unreachable``).
* **Certainty**, decided from what the rosters write, not from the true link:
  one row pins the relation between its two people (a 户籍/低保 row: head and
  member; a 备案 row: cadre and relative). Two people one record-holder names
  (two members of a household, or a member and a relative the head declared)
  are pinned by their two words unless both reach down through a child of the
  same sex (:func:`unpinned`: a head's 子 and 儿媳 are spouses, or in-laws if the
  head has another son; a 子 and a 孙子 father and son, or uncle and nephew; two
  孙 siblings or cousins). A pair is ``certain`` when some chain of rows
  between them has no unpinned step, else ``ambiguous``.
* ``declared``: a 备案 row (of either person) names the other.
* In office and in place: a village cadre's own village, a town official's town,
  the post's term overlapping the benefit's.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

DEPTH = 3
#: the 低保 备案 list (findings.md) as kinds
DIBAO = frozenset({"S", "P", "C", "G", "S,P", "S,G", "C,S", "P,P", "C,C", "P,G"})
#: kin outside the scope the truth also names (to check they are left out)
OUTSIDE = frozenset({"G,S", "G,C"})
#: words that reach a person through one child of the head (or of the declarer), and that child's sex
_VIA_CHILD = {"子": "M", "儿子": "M", "儿媳": "M", "孙子": "M", "孙女": "M",
              "女": "F", "女儿": "F", "女婿": "F", "外孙": "F", "外孙女": "F"}
_THE_CHILD = {"子", "儿子", "女", "女儿"}


def unpinned(w1: str, w2: str) -> bool:
    """Whether two people one record names w1 and w2 may stand in several relations to each other.

    Both reach down through a child of the same sex (the head may have several sons, or several
    daughters): a 子 and a 儿媳 are husband and wife or in-laws, a 子 and a 孙子 father and son or
    uncle and nephew, two 孙 siblings or cousins. Two children themselves are siblings (pinned), and
    a 女 and a 儿媳 are always sisters-in-law (pinned).
    """
    a, b = _VIA_CHILD.get(w1), _VIA_CHILD.get(w2)
    return a is not None and a == b and not (w1 in _THE_CHILD and w2 in _THE_CHILD)


#: (kinds, sex of the relative, a detail) → word. Details: ego's sex (S,P; S: spouse's word),
#: the intermediate parent's or child's sex (P,P; C,C; P,G), older/younger (G; S,G; G,S; P,G).
WORDS: dict[tuple[str, str, str], str] = {
    ("S", "M", ""): "丈夫", ("S", "F", ""): "妻子",
    ("P", "M", ""): "父亲", ("P", "F", ""): "母亲",
    ("C", "M", ""): "儿子", ("C", "F", ""): "女儿",
    ("G", "M", "older"): "哥哥", ("G", "M", "younger"): "弟弟",
    ("G", "F", "older"): "姐姐", ("G", "F", "younger"): "妹妹",
    ("S,P", "M", "ego M"): "岳父", ("S,P", "F", "ego M"): "岳母",
    ("S,P", "M", "ego F"): "公公", ("S,P", "F", "ego F"): "婆婆",
    ("S,G", "M", "ego M older"): "妻兄", ("S,G", "M", "ego M younger"): "妻弟",
    ("S,G", "F", "ego M older"): "妻姐", ("S,G", "F", "ego M younger"): "妻妹",
    ("S,G", "M", "ego F older"): "夫兄", ("S,G", "M", "ego F younger"): "夫弟",
    ("S,G", "F", "ego F older"): "夫姐", ("S,G", "F", "ego F younger"): "夫妹",
    ("C,S", "F", ""): "儿媳", ("C,S", "M", ""): "女婿",
    ("P,P", "M", "via M"): "祖父", ("P,P", "F", "via M"): "祖母",
    ("P,P", "M", "via F"): "外祖父", ("P,P", "F", "via F"): "外祖母",
    ("C,C", "M", "via M"): "孙子", ("C,C", "F", "via M"): "孙女",
    ("C,C", "M", "via F"): "外孙", ("C,C", "F", "via F"): "外孙女",
    ("P,G", "M", "via M older"): "伯父", ("P,G", "M", "via M younger"): "叔父",
    ("P,G", "F", "via M older"): "姑母", ("P,G", "F", "via M younger"): "姑母",
    ("P,G", "M", "via F older"): "舅父", ("P,G", "M", "via F younger"): "舅父",
    ("P,G", "F", "via F older"): "姨母", ("P,G", "F", "via F younger"): "姨母",
    ("G,S", "F", "via M older"): "嫂子", ("G,S", "F", "via M younger"): "弟媳",
    ("G,S", "M", "via F older"): "姐夫", ("G,S", "M", "via F younger"): "妹夫",
    ("G,C", "M", "via M"): "侄子", ("G,C", "F", "via M"): "侄女",
    ("G,C", "M", "via F"): "外甥", ("G,C", "F", "via F"): "外甥女",
}


def _edges(p: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One-step true relations (a, b): b is a's S, P, C or G."""
    pid = p["pid"].to_numpy()
    spouse = p[p["spouse"] >= 0]
    parents = pd.concat([pd.DataFrame({"a": p["pid"], "b": p[c]}) for c in ("father", "mother")])
    parents = parents[parents["b"] >= 0]
    sib = pd.concat([pd.DataFrame({"g": p["sibgroup"].to_numpy(), "a": pid}),
                     parents.rename(columns={"b": "g"}).assign(g=lambda d: -1 - d["g"])])
    sib = sib.merge(sib, on="g", suffixes=("", "_b")).rename(columns={"a_b": "b"})
    sib = sib[sib["a"] != sib["b"]][["a", "b"]].drop_duplicates()
    return {"S": pd.DataFrame({"a": spouse["pid"], "b": spouse["spouse"]}), "P": parents,
            "C": parents.rename(columns={"a": "b", "b": "a"})[["a", "b"]], "G": sib}


def true_relatives(p: pd.DataFrame, egos: Iterable[int]) -> pd.DataFrame:
    """(ego, kin, kinds, via) for every relative of the egos up to two steps, by definition."""
    e = _edges(p)
    ego = pd.DataFrame({"a": sorted(set(egos))})
    first = {k: ego.merge(v, on="a") for k, v in e.items()}
    out = [f.assign(kinds=k, via=-1) for k, f in first.items()]
    for k1 in ("S", "P", "C", "G"):
        for k2 in ("P", "G", "S", "C"):
            kinds = f"{k1},{k2}"
            if kinds not in DIBAO | OUTSIDE:
                continue
            two = first[k1].rename(columns={"b": "via"}).merge(e[k2].rename(columns={"a": "via"}), on="via")
            out.append(two.assign(kinds=kinds))
    rel = pd.concat(out, ignore_index=True).rename(columns={"a": "ego", "b": "kin"})
    rel = rel[rel["ego"] != rel["kin"]]
    rel["steps"] = rel["kinds"].str.len()
    return rel.sort_values(["ego", "kin", "steps", "kinds"]).drop_duplicates(["ego", "kin"])


def word(p: pd.DataFrame, ego: int, kin: int, kinds: str, via: int) -> str:
    male = p["male"].to_numpy()
    birth = p["birth"].to_numpy()
    sex = "M" if male[kin] else "F"
    detail = ""
    if kinds == "G":
        detail = "older" if birth[kin] < birth[ego] else "younger"
    elif kinds == "S,P":
        detail = "ego " + ("M" if male[ego] else "F")
    elif kinds == "S,G":
        detail = "ego " + ("M" if male[ego] else "F") + (" older" if birth[kin] < birth[via] else " younger")
    elif kinds in ("P,P", "C,C", "G,C"):
        detail = "via " + ("M" if male[via] else "F")
    elif kinds == "P,G":  # the parent's sibling, older or younger than the parent
        detail = "via " + ("M" if male[via] else "F") + (" older" if birth[kin] < birth[via] else " younger")
    elif kinds == "G,S":  # the sibling's spouse, by the sibling's sex and age against ego
        detail = "via " + ("M" if male[via] else "F") + (" older" if birth[via] < birth[ego] else " younger")
    return WORDS[(kinds, sex, detail)]


def record_links(p: pd.DataFrame, dibao: pd.DataFrame, relatives: pd.DataFrame) -> dict[int, list[tuple[int, str, str]]]:
    """Person → (other person, kind of row, the member's word) for every row that joins two people.

    Kind ``head`` (the person names the other: a head its member, a cadre the
    declared relative) or ``member`` (the reverse), with the word of the row.
    """
    head_of = p[p["relation"] == "户主"].set_index("hh")["pid"]
    hukou = pd.DataFrame({"head": head_of.reindex(p["hh"]).to_numpy(), "member": p["pid"].to_numpy(),
                          "word": p["relation"].to_numpy()})
    benefit = pd.DataFrame({"head": dibao["head"].to_numpy(), "member": dibao["pid"].to_numpy(),
                            "word": dibao["relation"].to_numpy()})
    rows = pd.concat([hukou, benefit]).dropna().drop_duplicates()
    rows = rows[rows["head"] != rows["member"]]
    links: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for h, m, w in zip(rows["head"].astype(int), rows["member"].astype(int), rows["word"]):
        links[h].append((m, "head", w))
        links[m].append((h, "member", w))
    for c, k, w in zip(relatives["cadre"].astype(int), relatives["kin"].astype(int), relatives["word"]):
        links[c].append((k, "head", str(w)))   # a 备案 row names the relative as a register row does
        links[k].append((c, "member", str(w)))
    return links


def reach(links: dict[int, list[tuple[int, str, str]]], start: int) -> dict[int, bool]:
    """Everyone within :data:`DEPTH` rows of ``start``: True when some chain is pinned throughout."""
    out: dict[int, bool] = {}
    stack: list[tuple[int, int, bool, str, frozenset[int]]] = [(start, 0, True, "", frozenset({start}))]
    while stack:
        at, depth, pinned, came_as, seen = stack.pop()
        for other, kind, w in links.get(at, ()):
            if other in seen:
                continue
            # member → head → member: the two words decide
            ok = pinned and not (kind == "head" and came_as and unpinned(came_as, w))
            out[other] = out.get(other, False) or ok
            if depth + 1 < DEPTH:
                stack.append((other, depth + 1, ok, w if kind == "member" else "", seen | {other}))
    return out


def kin_pairs(p: pd.DataFrame, cadres: pd.DataFrame, benef: pd.DataFrame, dibao: pd.DataFrame,
              relatives: pd.DataFrame, town_of_village: np.ndarray) -> dict[str, Any]:
    """The truth of ``kin_benefit``: pairs to find, and kin that must not be reported (out of scope or office)."""
    idno = p["idno"].to_numpy()
    rel = true_relatives(p, cadres["pid"].tolist())
    links = record_links(p, dibao, relatives)
    declared = set(zip(relatives["cadre"].astype(int), relatives["kin"].astype(int)))
    declared |= {(b, a) for a, b in declared}
    rel = rel[rel["kin"].isin(set(benef["pid"].tolist()))]
    posts = cadres.rename(columns={"pid": "ego"})[["ego", "level", "village", "town", "start", "end"]]
    benef = benef[["pid", "village", "programme", "start"]]
    hits = rel.merge(posts, on="ego").merge(benef.rename(columns={"pid": "kin"}), on="kin",
                                            suffixes=("_c", "_b"))
    same = np.where(hits["level"] == "village", hits["village_c"] == hits["village_b"],
                    hits["town"] == town_of_village[hits["village_b"]])
    hits = hits[same]
    in_office = (hits["end"].isna() | (hits["start_b"] <= hits["end"])).to_numpy()
    out: dict[str, list[dict[str, Any]]] = {"pairs": [], "out_of_scope": [], "out_of_office": [],
                                            "unreachable": []}
    reached: dict[int, dict[int, bool]] = {}
    office = pd.Series(in_office, index=hits.index).groupby([hits["ego"], hits["kin"]]).any()
    for (ego, kin), grp in hits.groupby(["ego", "kin"], sort=True):
        r = grp.iloc[0]
        if ego not in reached:
            reached[ego] = reach(links, int(ego))
        entry = {"cadre": idno[ego], "beneficiary": idno[kin], "kinds": r["kinds"],
                 "relation": word(p, int(ego), int(kin), r["kinds"], int(r["via"])),
                 "declared": (int(ego), int(kin)) in declared,
                 "programme": sorted(set(grp["programme"]))[0]}
        if kin not in reached[ego]:
            out["unreachable"].append(entry)
            continue
        entry["certainty"] = "certain" if reached[ego][kin] else "ambiguous"
        if r["kinds"] not in DIBAO:
            out["out_of_scope"].append(entry)
        elif not office[(ego, kin)]:
            out["out_of_office"].append(entry)
        else:
            out["pairs"].append(entry)
    return out
