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
* **Readings**, decided from what the rosters write, not from the true link
  (:mod:`.kinread`, the truth's own reading of the words): every chain of at
  most :data:`DEPTH` rows from the cadre to the beneficiary gives the
  relations it allows; the pair's readings are those every chain allows. One
  reading: ``certain``; several: ``ambiguous`` (a head's 子 and 儿媳 are
  spouses or in-laws; a brother's 姐夫 is her husband or her sister's). A pair
  is to be found when any reading lies in the scope, whatever the true link
  (``true_relation`` keeps the generator's word, when within two steps;
  ``one_link`` says whether one recorded link joins them: one row, or two
  members of one household — what the saved query ``kin_benefit`` reaches).
  Readings that differ only in seniority are one certain reading with a
  seniority-neutral word (妻兄弟, 夫姐妹): docs/rules.md.
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

from qinyou.ingest.synth.kinread import SELF, WORD_CHAIN, People, Reading, combine, path_readings

DEPTH = 3
#: the 低保 备案 list (findings.md) as kinds
DIBAO = frozenset({"S", "P", "C", "G", "S,P", "S,G", "C,S", "P,P", "C,C", "P,G"})
#: kin outside the scope the truth also names (to check they are left out)
OUTSIDE = frozenset({"G,S", "G,C"})
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
    # seniority the records do not give (one reading, docs/rules.md)
    ("G", "M", "either"): "兄弟", ("G", "F", "either"): "姐妹",
    ("S,G", "M", "ego M either"): "妻兄弟", ("S,G", "F", "ego M either"): "妻姐妹",
    ("S,G", "M", "ego F either"): "夫兄弟", ("S,G", "F", "ego F either"): "夫姐妹",
    ("P,G", "M", "via M either"): "伯父或叔父", ("P,G", "F", "via M either"): "姑母",
    ("P,G", "M", "via F either"): "舅父", ("P,G", "F", "via F either"): "姨母",
    ("G,S", "F", "via M either"): "嫂子或弟媳", ("G,S", "M", "via F either"): "姐夫或妹夫",
    ("S,G,C", "M", "ego F via M"): "侄子", ("S,G,C", "F", "ego F via M"): "侄女",
    ("S,G,C", "M", "ego F via F"): "外甥", ("S,G,C", "F", "ego F via F"): "外甥女",
    ("S,G,C", "M", "ego M via M"): "内侄", ("S,G,C", "F", "ego M via M"): "内侄女",
    ("S,G,C", "M", "ego M via F"): "外甥", ("S,G,C", "F", "ego M via F"): "外甥女",
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




_AGE = {1: "older", -1: "younger", 0: "either"}


def reading_word(r: Reading, ego_male: bool) -> str:
    """The cadre's word for a reading (the same table as the true relation; spelt out past it)."""
    kinds = ",".join(k for k, _, _ in r)
    sex = r[-1][1] or "?"
    detail = ""
    if kinds == "G":
        detail = _AGE[r[0][2]]
    elif kinds == "S,P":
        detail = "ego " + ("M" if ego_male else "F")
    elif kinds == "S,G":
        detail = "ego " + ("M" if ego_male else "F") + " " + _AGE[r[1][2]]
    elif kinds in ("P,P", "C,C", "G,C"):
        detail = f"via {r[0][1]}"
    elif kinds == "P,G":
        detail = f"via {r[0][1]} {_AGE[r[1][2]]}"
    elif kinds == "G,S":
        detail = f"via {r[0][1]} {_AGE[r[0][2]]}"
    if kinds == "S,G,C":  # a spouse's sibling's child: 侄 for the husband's brother's, 内侄 for the wife's
        detail = ("ego M" if ego_male else "ego F") + f" via {r[1][1]}"
    found = WORDS.get((kinds, sex, detail))
    if found is None and detail.endswith(("older", "younger")):  # 姑母, 舅父, 姨母 whatever the age
        found = WORDS.get((kinds, sex, detail.rsplit(" ", 1)[0] + " either"))
    return found or "的".join(f"{k}{s or ''}{'+' if a > 0 else '-' if a < 0 else ''}" for k, s, a in r)


#: word, holder, member, walked forward, the person it reaches, whether a 备案 row
Row = tuple[str, int, int, bool, int, bool]


def record_rows(p: pd.DataFrame, dibao: pd.DataFrame, relatives: pd.DataFrame) -> dict[int, list[Row]]:
    """Person → every row that joins them to someone else, as it is walked from them.

    A 户籍 or 低保 row joins the head and the member with the member's word; a
    备案 row the cadre and the relative with the relative's word.
    """
    head_of = p[p["relation"].isin(SELF)].set_index("hh")["pid"]
    hukou = pd.DataFrame({"head": head_of.reindex(p["hh"]).to_numpy(), "member": p["pid"].to_numpy(),
                          "word": p["relation"].to_numpy()})
    benefit = pd.DataFrame({"head": dibao["head"].to_numpy(), "member": dibao["pid"].to_numpy(),
                            "word": dibao["relation"].to_numpy()})
    declared = pd.DataFrame({"head": relatives["cadre"].to_numpy(), "member": relatives["kin"].to_numpy(),
                             "word": relatives["word"].astype(str).to_numpy()})
    rows = pd.concat([hukou.assign(decl=False), benefit.assign(decl=False), declared.assign(decl=True)])
    rows = rows.dropna().drop_duplicates(["head", "member", "word"])
    rows = rows[(rows["head"] != rows["member"]) & ~rows["word"].isin(SELF)]
    links: dict[int, list[Row]] = defaultdict(list)
    for h, m, w, d in zip(rows["head"].astype(int), rows["member"].astype(int), rows["word"], rows["decl"]):
        if w not in WORD_CHAIN:
            raise KeyError(f"the truth has no definition of the word {w!r} the generator wrote")
        links[h].append((w, h, m, True, m, bool(d)))
        links[m].append((w, h, m, False, h, bool(d)))
    return links


def paths_from(links: dict[int, list[Row]], start: int, wanted: set[int]) -> dict[int, list[list[Row]]]:
    """Every simple path of at most :data:`DEPTH` rows from ``start`` to a wanted person."""
    out: dict[int, list[list[Row]]] = defaultdict(list)
    stack: list[tuple[int, list[Row], frozenset[int]]] = [(start, [], frozenset({start}))]
    while stack:
        at, path, seen = stack.pop()
        for row in links.get(at, ()):
            nxt = row[4]
            if nxt in seen:
                continue
            longer = path + [row]
            if nxt in wanted:
                out[nxt].append(longer)
            if len(longer) < DEPTH:
                stack.append((nxt, longer, seen | {nxt}))
    return out


def kin_pairs(p: pd.DataFrame, cadres: pd.DataFrame, benef: pd.DataFrame, dibao: pd.DataFrame,
              relatives: pd.DataFrame, town_of_village: np.ndarray) -> dict[str, Any]:
    """The truth of ``kin_benefit``: pairs to find, and kin that must not be reported (out of scope or office)."""
    idno, male = p["idno"].to_numpy(), p["male"].to_numpy().astype(bool)
    people = People(male, p["birth"].to_numpy())
    links = record_rows(p, dibao, relatives)
    declared = set(zip(relatives["cadre"].astype(int), relatives["kin"].astype(int)))
    declared |= {(b, a) for a, b in declared}
    true = true_relatives(p, cadres["pid"].tolist())
    true = {(int(e), int(k)): (kd, int(v)) for e, k, kd, v in zip(true["ego"], true["kin"], true["kinds"], true["via"])}
    by_kin: dict[int, list[tuple[int, str, Any]]] = defaultdict(list)
    for pid, village, programme, start in zip(benef["pid"].astype(int), benef["village"].astype(int),
                                              benef["programme"], benef["start"]):
        by_kin[pid].append((village, programme, start))
    posts: dict[int, list[tuple[str, int, int, Any]]] = defaultdict(list)
    for pid, level, village, town, end in zip(cadres["pid"].astype(int), cadres["level"], cadres["village"],
                                              cadres["town"], cadres["end"]):
        posts[pid].append((str(level), int(village) if level == "village" else -1, int(town), end))
    out: dict[str, list[dict[str, Any]]] = {"pairs": [], "out_of_scope": [], "out_of_office": [],
                                            "unreachable": []}
    wanted = set(by_kin)
    true_of: dict[int, set[int]] = defaultdict(set)
    for e, k in true:
        true_of[e].add(k)
    for ego in sorted(posts):
        reached = paths_from(links, ego, wanted)
        placed = _placed(posts[ego], by_kin, town_of_village, set(reached) | (true_of[ego] & wanted))
        for kin in sorted(placed):
            entry = _entry(p, ego, kin, true.get((ego, kin)), idno, placed[kin][0])
            entry["declared"] = (ego, kin) in declared
            entry["one_link"] = any(_one_link(path) for path in reached.get(kin, []))
            readings = combine([path_readings(ego, [r[:4] for r in path], people) for path in reached.get(kin, [])])
            if not readings:
                if entry["kinds"] in DIBAO and (ego, kin) in true:
                    out["unreachable"].append(entry)
                continue
            _name(entry, readings, bool(male[ego]))
            if not any(r["in_scope"] for r in entry["readings"]):
                out["out_of_scope"].append(entry)
            elif not placed[kin][1]:
                out["out_of_office"].append(entry)
            else:
                out["pairs"].append(entry)
    return out


def _one_link(path: list[Row]) -> bool:
    """One recorded link: a single row, or two members of one household (two register or benefit rows
    through its head) — what a household KIN link or a 备案 row of the store joins, without composing."""
    return len(path) == 1 or (len(path) == 2 and not path[0][5] and not path[1][5]
                              and not path[0][3] and path[1][3])


def _entry(p: pd.DataFrame, ego: int, kin: int, true: tuple[str, int] | None, idno: np.ndarray,
           programme: str) -> dict[str, Any]:
    kinds, via = true if true is not None else ("", -1)
    return {"cadre": idno[ego], "beneficiary": idno[kin], "kinds": kinds,
            "true_relation": word(p, ego, kin, kinds, via) if true is not None else None,
            "programme": programme}


def _name(entry: dict[str, Any], readings: frozenset[Reading], ego_male: bool) -> None:
    """The pair's certainty, word and readings (each with its word and whether it lies in the scope)."""
    named = sorted((reading_word(r, ego_male), ",".join(k for k, _, _ in r) in DIBAO) for r in readings)
    entry["certainty"] = "certain" if len(named) == 1 else "ambiguous"
    entry["relation"] = "或".join(w for w, _ in named)
    entry["readings"] = [{"relation": w, "in_scope": inside} for w, inside in named]
    if not entry["kinds"]:
        entry["kinds"] = next((",".join(k for k, _, _ in r) for r in sorted(readings)), "")


def _placed(posts: list[tuple[str, int, int, Any]], by_kin: dict[int, list[tuple[int, str, Any]]],
            town_of_village: np.ndarray, candidates: set[int]) -> dict[int, tuple[str, bool]]:
    """Beneficiaries in the cadre's place → (programme, whether a benefit there began while that post was held)."""
    out: dict[int, tuple[str, bool]] = {}
    for kin in candidates:
        for village, programme, start in by_kin[kin]:
            for level, post_village, town, end in posts:
                here = village == post_village if level == "village" else int(town_of_village[village]) == town
                if not here:
                    continue
                office = bool(pd.isna(end) or start <= end)
                prog, was = out.get(kin, (programme, False))
                out[kin] = (min(prog, programme), was or office)
    return out
