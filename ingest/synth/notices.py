"""Case notices about the synthetic county's own cadres, with the truth of every mention.

``write_notices(out, world, plan, rng)`` writes a few 典型问题通报 as text files:
numbered items of place + post + name + violation, a period, a relative, an
amount and a dated penalty. Names are in full or masked (王某某, 王某); a few
notices are in traditional characters. Traps, so identity can be measured:

- ``same_name``: two cadres who share a full name in different villages are both
  written about, each with its village;
- ``town_only``: a masked name given with its town only, which fits several cadres
  of that town — it must wait for review;
- ``full_then_masked``: one cadre written in full in one notice and masked (with the
  village) in another;
- ``repeat``: one cadre in two notices (repeat offender); ``severe``: a cadre punished
  severely and still in post (带病上岗);
- ``joint``: two cadres of one village punished in one item (co-offenders); one such pair
  offends again in a later notice;
- relatives (:mod:`.notice_kin`): an item names a true relative of its cadre (a beneficiary when
  there is one), masked or in full; ``relative_same_name``: written in full, and someone in
  another village has that name; ``relative_masked``: masked, and others in the relative's village
  fit the mask. A relative mention's truth is the person, or every person the text allows.

The truth is computed here from the world, never from the project's extractor or
identity code: for each mention, the roster ID number it stands for, or the
ID numbers it could stand for when the text leaves it ambiguous.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import opencc
import pandas as pd

from qinyou.ingest.synth import chars
from qinyou.ingest.synth.notice_kin import WRITTEN, Families
from qinyou.ingest.synth.plant import Plan
from qinyou.ingest.synth.world import World

NUMERALS = "一二三四五六七八九十"
VIOLATIONS = (("优亲厚友", "违规将其{rel}{kin}纳入农村低保，骗取低保金{amount}元"),
              ("虚报冒领", "虚报冒领其{rel}{kin}的残疾人补贴{amount}元"),
              ("截留私分", "截留本村低保户低保金{amount}元，与其{rel}{kin}私分"))
LIGHT = ("党内警告", "党内严重警告", "政务记过", "诫勉谈话")
SEVERE = ("撤销党内职务", "留党察看一年", "政务撤职")


@dataclass
class Mention:
    doc: str
    item: int
    written: str                  # the name as the notice writes it
    idno: str | None              # the roster person it is, when the text allows one reading
    fits: list[str] = field(default_factory=list)  # every roster person it could be (masked, town only)
    trap: str = ""
    severe: bool = False
    penalty_date: str = ""
    in_post_after: bool = False   # the cadre still held the post after the penalty date
    role: str = "subject"         # or "relative": named as the cadre's relative (其弟杨某某)
    of: str | None = None         # a relative's cadre (ID number), when the item names one cadre
    relation: str = ""            # a relative's relation to the cadre (弟弟, 妻子 ...)


def _masked(name: str, rng: np.random.Generator) -> str:
    surname = name[:2] if name[:2] in chars.SURNAMES else name[0]
    given = name[len(surname):]
    if len(given) == 2 and rng.random() < 0.3:
        return surname + "某" + given[1]   # 黄某聪
    return surname + ("某某" if len(given) == 2 else "某")


def _fits(written: str, name: str) -> bool:
    """Whether a roster name can be written so (the masking convention, from the definition)."""
    surname = name[:2] if name[:2] in chars.SURNAMES else name[0]
    if not written.startswith(surname):
        return False
    rest, given = written[len(surname):], name[len(surname):]
    if rest == "某":
        return True
    return len(rest) == len(given) and all(r == "某" or r == g for r, g in zip(rest, given))


def _cadre_frame(world: World, plan: Plan) -> pd.DataFrame:
    c = plan.cadres[plan.cadres["level"] == "village"].drop_duplicates("pid").copy()
    p = world.persons
    c["name"] = p["name"].to_numpy()[c["pid"]]
    c["idno"] = p["idno"].to_numpy()[c["pid"]]
    c["village_name"] = world.villages["name"].to_numpy()[c["village"]]
    c["town_name"] = world.towns["name"].to_numpy()[c["town"]]
    c["title"] = c["title"].str.removeprefix("原")
    c["ended"] = pd.to_datetime(c["end"])
    return c.reset_index(drop=True)


def _item(n: int, town: str, village: str | None, title: str, written: str, rng: np.random.Generator,
          penalty: str, date: tuple[int, int], relative: tuple[str, str, str] | None = None) -> str:
    """One item; ``relative`` is (relation as written after 其, name as written, programme or "")."""
    if relative is None:  # the cadre has no relative in the county: the item names none
        label, deed, rel, kin = "截留私分", "截留本村低保户低保金{amount}元私分", "", ""
    else:
        rel, kin, programme = relative
        label, deed = VIOLATIONS[{"低保": 0, "残疾人补贴": 1}.get(programme, 2)]
    amount = int(rng.integers(20, 400)) * 100
    year, month = date
    where = f"{chars.COUNTY}{town}{village or ''}"
    unit = ("" if title.startswith("村") else "村") if village else f"{town}某村"
    return (f"{NUMERALS[n - 1]}、{where}{title}{written}{label}问题。{year - 2}年至{year - 1}年，{written}在担任"
            f"{unit}{title}期间，{deed.format(rel=rel, kin=kin, amount=amount)}。{year}年{month}月，"
            f"{written}受到{penalty}处分，违纪资金已全部追缴。\n")


def _joint_item(n: int, town: str, village: str, people: list[tuple[str, str]], rng: np.random.Generator,
                penalties: list[str], date: tuple[int, int]) -> str:
    """Two cadres of one village acting together (村两委 截留私分), punished 分别."""
    amount = int(rng.integers(50, 600)) * 100
    year, month = date
    (t1, w1), (t2, w2) = people
    return (f"{NUMERALS[n - 1]}、{chars.COUNTY}{town}{village}{t1}{w1}、{t2}{w2}截留私分问题。{year - 2}年至{year - 1}年，"
            f"{w1}、{w2}在担任村干部期间，截留本村低保户低保金{amount}元私分。{year}年{month}月，"
            f"{w1}、{w2}分别受到{penalties[0]}、{penalties[1]}处分，违纪资金已全部追缴。\n")


def write_notices(out: Path, world: World, plan: Plan, rng: np.random.Generator, docs: int = 6) -> dict[str, Any]:
    """Write ``docs`` notices into ``out`` (created); returns their truth (mentions and traps)."""
    out.mkdir(parents=True, exist_ok=True)
    cadres = _cadre_frame(world, plan)
    if cadres.empty:
        return {"notices": [], "mentions": [], "co_offenders": []}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(cadres["name"]):
        by_name[name].append(i)
    items: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)  # doc → (cadre row, how, severe)
    mentions_meta: dict[tuple[int, int], str] = {}
    order = [int(x) for x in rng.permutation(len(cadres))]

    def take() -> int:
        return int(order.pop()) if order else int(rng.integers(0, len(cadres)))

    twins = [rows for rows in by_name.values() if len({cadres.at[r, "village"] for r in rows}) > 1]
    if twins:
        a, b = twins[0][:2]
        items[0].append((a, "full", False))
        items[min(1, docs - 1)].append((b, "full", False))
        mentions_meta[(0, a)] = mentions_meta[(min(1, docs - 1), b)] = "same_name"
    for town, group in cadres.groupby("town"):
        masks = defaultdict(list)
        for r in group.index:
            masks[_masked_key(cadres.at[r, "name"])].append(r)
        several = [rows for rows in masks.values() if len(rows) > 1]
        if several:
            items[min(2, docs - 1)].append((several[0][0], "town_only", False))
            mentions_meta[(min(2, docs - 1), several[0][0])] = "town_only"
            break

    def nth(k: int) -> int:
        return k % docs

    for k in range(max(1, docs // 3)):  # one cadre in full in one notice, masked in a later one
        person = take()
        items[nth(k)].append((person, "full", False))
        items[nth(k + 2)].append((person, "masked", False))
        mentions_meta[(nth(k), person)] = mentions_meta[(nth(k + 2), person)] = "full_then_masked"
    serving = [r for r in order if pd.isna(cadres.at[r, "ended"])]
    gone = [r for r in order if not pd.isna(cadres.at[r, "ended"])]
    for k in range(max(1, docs // 2)):  # punished severely: most still in post, one gone before
        pool = gone if k == 0 and gone else serving
        if not pool:
            break
        severe = int(pool.pop())
        order.remove(severe)
        items[nth(k + 1)].append((severe, "full" if k % 3 else "masked", True))
        mentions_meta[(nth(k + 1), severe)] = "severe"
    for k in range(max(1, docs // 2)):  # the same cadre in two notices
        repeat = take()
        items[nth(k + 2)].append((repeat, "full", False))
        items[nth(k + 4)].append((repeat, "full" if k % 2 else "masked", False))
        mentions_meta[(nth(k + 2), repeat)] = mentions_meta[(nth(k + 4), repeat)] = "repeat"
    joint: dict[int, list[tuple[int, int]]] = defaultdict(list)  # two cadres of one village in one item
    pairs = [(int(g.index[0]), int(g.index[1])) for _, g in cadres.groupby("village")
             if len(g) >= 2 and g["name"].iloc[0] != g["name"].iloc[1]]
    for k, pair in enumerate(pairs[: max(1, docs // 4)]):
        joint[nth(k + 1)].append(pair)
        if k == 0:
            joint[nth(k + 5)].append(pair)  # a group that offends again
    for d in range(docs):
        while len(items[d]) < 3:
            items[d].append((take(), "full" if rng.random() < 0.6 else "masked", False))

    t2s = opencc.OpenCC("s2t")
    families = Families(world, plan)
    idno_row = {str(x): int(pid) for x, pid in zip(cadres["idno"], cadres["pid"])}
    notices, mentions = [], []
    co_offenders: list[list[str]] = []
    for d in range(docs):
        doc = f"synth_notice_{d + 1:02d}"
        year = 2022 + d % 3
        lines = [f"{chars.COUNTY}纪委监委关于{year}年群众身边不正之风和腐败问题典型案例的通报\n"]
        writtens = [cadres.at[row, "name"] if how == "full" else _masked(cadres.at[row, "name"], rng)
                    for row, how, _ in items[d]]
        used = set(writtens) | {cadres.at[r, "name"] for pair in joint[d] for r in pair}
        for n, ((row, how, is_severe), written) in enumerate(zip(items[d], writtens), 1):
            c = cadres.loc[row]
            village = None if how == "town_only" else c["village_name"]
            penalty = SEVERE[int(rng.integers(0, len(SEVERE)))] if is_severe else LIGHT[int(rng.integers(0, len(LIGHT)))]
            month = int(rng.integers(1, 12))
            where = cadres["town"] == c["town"] if village is None else cadres["village"] == c["village"]
            fits = sorted(idno for idno, name, title, here in zip(cadres["idno"], cadres["name"], cadres["title"], where)
                          if here and title == c["title"] and _fits(written, name))  # what the item writes: place, post, name
            relative = _relative(families, int(c["pid"]), fits, idno_row, used, rng)
            lines.append(_item(n, c["town_name"], village, c["title"], written, rng, penalty, (year, month),
                               relative[0] if relative else None))
            punished = pd.Timestamp(year, month, 1)
            in_post = bool(pd.isna(c["ended"]) or c["ended"] > punished)
            mentions.append(Mention(doc, n, written, c["idno"] if len(fits) == 1 else None, fits,
                                    mentions_meta.get((d, row), ""), is_severe, f"{year}-{month:02d}-01", in_post))
            if relative:
                (shown, kin_written, _), (word, kin_fits, trap) = relative
                mentions.append(Mention(doc, n, kin_written, kin_fits[0] if len(kin_fits) == 1 else None, kin_fits,
                                        trap, False, f"{year}-{month:02d}-01", False, "relative",
                                        c["idno"] if len(fits) == 1 else None, word))
        for pair in joint[d]:
            n = len(lines)
            rows = [cadres.loc[r] for r in pair]
            penalties = [LIGHT[int(rng.integers(0, len(LIGHT)))] for _ in rows]
            month = int(rng.integers(1, 12))
            lines.append(_joint_item(n, rows[0]["town_name"], rows[0]["village_name"],
                                     [(c["title"], c["name"]) for c in rows], rng, penalties, (year, month)))
            for c in rows:
                mentions.append(Mention(doc, n, c["name"], c["idno"], [c["idno"]], "joint", False,
                                        f"{year}-{month:02d}-01", True))
            co_offenders.append(sorted(c["idno"] for c in rows))
        text = "".join(lines)
        traditional = d == docs - 1
        (out / f"{doc}.txt").write_text(t2s.convert(text) if traditional else text, encoding="utf-8")
        notices.append({"doc": doc, "items": len(items[d]), "traditional": traditional})
    return {"notices": notices, "mentions": [m.__dict__ for m in mentions], "co_offenders": co_offenders}


def _relative(families: Families, cadre: int, fits: list[str], idno_row: dict[str, int], used: set[str],
              rng: np.random.Generator) -> tuple[tuple[str, str, str], tuple[str, list[str], str]] | None:
    """The relative an item names: ((relation written, name written, programme), (word, truth fits, trap)).

    The name is masked mostly, in full sometimes (more often when someone in another village shares
    it: the same-name trap); never written as another person of the notice is. The truth lists every
    relative of every cadre the item may mean, in that relation, whose name fits what is written.
    """
    picked = families.pick(cadre, rng)
    if picked is None:
        return None
    word, q = picked
    name = str(families.names[q])
    shared = families.shared_elsewhere(q)
    forms = [name] if rng.random() < (0.6 if shared else 0.2) else []
    forms += [_masked(name, rng), surname_of(name) + "某" * len(name[len(surname_of(name)):]), surname_of(name) + "某"]
    written = next((f for f in forms if f not in used), None)
    if written is None:
        return None
    used.add(written)
    kin_fits = sorted({str(families.idnos[x]) for c in fits
                       for x in families.fitting(idno_row[c], word, written, _fits)})
    village = families.village[q]
    if written == name:
        trap = "relative_same_name" if shared else ""
    else:
        others = sum(1 for i in np.flatnonzero(families.village == village)
                     if i != q and _fits(written, str(families.names[i])))
        trap = "relative_masked" if others else ""
    return (WRITTEN[word], written, families.benefit.get(q, "")), (word, kin_fits, trap)


def surname_of(name: str) -> str:
    return name[:2] if name[:2] in chars.SURNAMES else name[0]


def _masked_key(name: str) -> str:
    surname = name[:2] if name[:2] in chars.SURNAMES else name[0]
    return surname + "某" * len(name[len(surname):])
