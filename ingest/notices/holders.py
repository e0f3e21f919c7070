"""Post holders: which named person holds which post, in which unit and place, and in what role
(subject, relative, accomplice, other), decided from the mentions around each name.

Input: the simplified text, its title, place and name mentions (each found by its own
recogniser); output: one ``Person`` per distinct name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from qinyou.ingest.notices.clauses import SENT_END
from qinyou.ingest.notices.lexicon import alternation, lexicon
from qinyou.ingest.notices.names import NameMention
from qinyou.ingest.notices.places import LEVELS, PlaceIndex, PlaceMention
from qinyou.ingest.notices.posts import TitleMention, clean_title, is_discipline, unit_named

_LEX = lexicon()
_BENEFICIARY = re.compile(f"({alternation(list(_LEX.roles['beneficiary']))}|\\d+岁的)$")
# 伙同村民田某: a non-official who helped the misconduct
_ACCOMPLICE = re.compile(r"伙同(?:村民|居民|群众|农户|商人|老板|个体户|社会人员|施工方|承包人|包工头)?$")
_CADRE = re.compile(f"({alternation(list(_LEX.roles['cadre']))})$")
_AGENT_AFTER = re.compile(alternation(list(_LEX.roles["actor"])))
# the last unit word of a long unit name (合作联合社, 服务中心) before the post head
_UNIT_END = re.compile(r"(?:合作社|联合社|中心|公司|社|院|站|所)(?=[^社院站所]*$)")


@dataclass
class Person:
    name: str
    mentions: list[NameMention] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    post_spans: list[tuple[int, int]] = field(default_factory=list)
    place: PlaceMention | None = None
    role: str = "other"
    masked: bool = False
    place_guessed: bool = False  # the item's only county, not a place written for this person


def orig(text: str, start: int, end: int, drop: re.Pattern[str] | None = None, simp: str = "") -> str:
    if drop is None:
        return text[start:end]
    keep = [True] * (end - start)
    for m in drop.finditer(simp, start, end):
        for i in range(m.start(), m.end()):
            keep[i - start] = False
    return "".join(ch for ch, k in zip(text[start:end], keep) if k)


_PREFIX_DROP = re.compile(alternation(list(_LEX.post_prefixes)))


def _title_chain(s: str, titles: list[TitleMention], places: PlaceIndex, pos: int) -> list[tuple[TitleMention, int]]:
    """Titles directly before a name at ``pos`` (with 、/兼 coordination): (title, title start)."""
    by_end = {t.end: t for t in titles}
    t = by_end.get(pos) or (by_end.get(pos - 1) if s[pos - 1:pos] == "的" else None)
    chain = []
    while t is not None:
        start = t.start
        inside = next((p for p in places.mentions if p.start < t.start + 1 <= p.end and p.end > start), None)
        if inside is not None and not (inside.end == t.start + 1 and s[t.start:t.start + 2] in _PARTY_COMMITTEES):
            start = inside.end
            if _shared_village_char(s, start - 1):
                start -= 1  # 下河村委会主任: the village's 村 is also the committee's (村委会主任)
        elif inside is None and places.ending_at(start) is None:
            start = _unit_words_before(s, start, places)
        chain.append((t, start))
        t = by_end.get(t.start - 1) if s[t.start - 1:t.start] in ("、", "兼") else None
    return chain


# 分管民政工作的 / 负责低保审核的: a modifier between a place and its post
_MODIFIER = re.compile(r"(?:分管|主管|负责|协管|联系)[^，,。；;、]{1,12}的$")
# 东山县委书记: the party committee of a place (省委 … 区委, from the post units)
_PARTY_COMMITTEES = tuple(u for u in _LEX.post_units if len(u) == 2 and u[1] == "委" and u[0] in "省市州县区")
_GAP_STOP = set("的在到从对向给将和与及了是为由经被往赴至驻兼、，,。；;：:！？!?“”\"'（）()《》 \n\t原任某")


def _unit_words_before(s: str, start: int, places: PlaceIndex) -> int:
    """梧村街道街政办工作人员: a place 1-4 unit characters before a title starts the title (the
    characters between are the unnamed office of that place, 街政办 / 社区建设办公室)."""
    for back in range(1, 5):
        at = start - back
        if at <= 0 or s[at] in _GAP_STOP or not "\u4e00" <= s[at] <= "\u9fff":
            return start
        p = places.ending_at(at)
        if p is not None and p.level in ("county", "town", "village", "city"):
            return at
    return start


def _org_for(s: str, t: TitleMention, start: int, places: PlaceIndex, chain_start: int) -> PlaceMention | None:
    for at in (start, chain_start):
        if s[at - 1:at] == "的" and (mod := _MODIFIER.search(s, max(0, at - 16), at)) is not None \
                and (p := places.ending_at(mod.start())) is not None:
            return p  # 朱昌镇分管民政工作的副镇长: the place before the 分管… modifier
        if s[at:at + 2] in _PARTY_COMMITTEES and (p := places.ending_at(at + 1)) is not None:
            return p  # 东山县委书记: the county's party committee
        p = places.ending_at(at) or (places.ending_at(at - 1) if s[at - 1:at] == "的" else None) \
            or (places.ending_at(at + 1) if _shared_village_char(s, at) else None)
        for prefix in _LEX.post_prefixes:  # 石坡村原主任: the place before the tenure prefix
            if p is None and s[at - len(prefix):at] == prefix:
                p = places.ending_at(at - len(prefix))
        if p is not None:
            return p
    head = clean_title(s[start:t.end])[:1]
    level = {"村": "village", "乡": "town", "镇": "town", "县": "county", "区": "county"}.get(head)
    if level:
        return places.before(start, level)
    return None


def _shared_village_char(s: str, at: int) -> bool:
    """下河村委会: the 村 at ``at`` ends the village's name and begins the committee's."""
    return s[at:at + 1] == "村" and s.startswith(("委会", "委员会", "民委员会", "两委"), at + 1)


def full_place(p: PlaceMention, places: PlaceIndex) -> dict[str, str | None]:
    chain = {lvl: m.name for lvl, m in p.chain().items()}
    top = min(LEVELS.index(lvl) for lvl in chain)
    for lvl in ("county", "city", "province"):
        if lvl in chain or LEVELS.index(lvl) >= LEVELS.index(p.level):
            continue
        if LEVELS.index(lvl) > top:
            continue  # 山西省河曲县: no city between levels the chain itself names
        names = {m.name for m in places.mentions if m.level == lvl}
        if len(names) == 1 and not (lvl == "county" and p.level == "village" and "town" not in chain):
            chain[lvl] = names.pop()
    return {lvl: chain.get(lvl) for lvl in LEVELS}


def orig_name(text: str, s: str, name: str, places: PlaceIndex) -> str:
    for m in places.mentions:
        if m.name == name and s[m.start:m.end] == name:
            return text[m.start:m.end]
    i = s.find(name)
    return text[i:i + len(name)] if i >= 0 else name


def is_discipline_person(p: Person) -> bool:
    return any(is_discipline(q["_simp"]) for q in p.posts)


def find_persons(s: str, text: str, titles: list[TitleMention], places: PlaceIndex,
             mentions: list[NameMention]) -> dict[str, Person]:
    persons: dict[str, Person] = {}
    for m in mentions:
        p = persons.setdefault(m.name, Person(m.name, masked=m.masked))
        p.mentions.append(m)
    for p in persons.values():
        official = beneficiary = cadre = agent = helper = False
        for m in p.mentions:
            chain = _title_chain(s, titles, places, m.start)
            chain_start = chain[-1][1] if chain else m.start
            for t, start in reversed(chain):
                org = _org_for(s, t, start, places, chain_start)
                title = clean_title(s[start:t.end])
                entry = {"title": orig(text, start, t.end, _PREFIX_DROP, s), "_simp": s[start:t.end],
                         "org": orig_name(text, s, org.name, places) if org else None,
                         "span": [start, t.end]}
                if title and not any(e["title"] == entry["title"] for e in p.posts):
                    p.posts.append(entry)
                if org is not None and (p.place is None or LEVELS.index(org.level) > LEVELS.index(p.place.level)):
                    p.place = org
                official = True
            paren = re.match(r"[(（]([^()（）]{2,16})[)）]", s[m.end:m.end + 18])
            if paren:
                for t in titles:
                    if t.start >= m.end + 1 and t.end == m.end + 1 + len(paren.group(1)):
                        start = t.start  # 李四（石桥镇民政办主任）: a place opening the brackets is the org
                        inside = next((pl for pl in places.mentions if pl.start < start + 1 <= pl.end), None)
                        if inside is not None:
                            start = inside.end
                        if start != m.end + 1 and places.ending_at(start) is None:
                            continue
                        org = places.ending_at(start)
                        p.posts.append({"title": orig(text, start, t.end, _PREFIX_DROP, s), "_simp": s[start:t.end],
                                        "org": orig_name(text, s, org.name, places) if org else
                                        (p.posts[0]["org"] if p.posts else None), "span": [start, t.end]})
                        if org is not None and p.place is None:
                            p.place = org
                        official = True
            before = s[max(0, m.start - 8):m.start]
            glued = places.ending_at(m.start)  # 石坡村刘颖: a place written right before the name
            if glued is not None and p.place is None and not chain:
                p.place = glued
            if (bm := _BENEFICIARY.search(before)) is not None:
                beneficiary = True
                pl = places.ending_at(m.start - len(bm.group(0)))
                if pl is not None and p.place is None:
                    p.place = pl
            if (cm := _CADRE.search(before)) is not None:
                cadre = True
                pl = places.ending_at(m.start - len(cm.group(0)))
                if pl is not None and p.place is None:
                    p.place = pl
            if _AGENT_AFTER.match(s, m.end):
                agent = True
            if _ACCOMPLICE.search(before):
                helper = True
        _posts_after(s, text, titles, places, p)
        if p.posts:
            official = True
        if is_discipline_person(p):
            p.role = "other"
        elif helper and not official and not cadre:
            p.role = "accomplice"
        elif official or cadre or (agent and not beneficiary):
            p.role = "subject"
        if p.role == "subject" and p.place is None:
            p.place = _only_place(places)
            p.place_guessed = p.place is not None
    _coordinated_posts(s, persons)
    _coordinated_staff(s, persons)
    return persons


def _only_place(places: PlaceIndex) -> PlaceMention | None:
    """The item's one place for a subject with none of their own: its only village (else its only
    town) when every other place of the item lies on that chain or above it, else its only county."""
    real = [m for m in places.mentions if not m.ref]
    for level in ("village", "town"):  # the finest place that every place of the item leads to
        names = {m.name for m in real if m.level == level}
        if len(names) == 1:
            v = next(m for m in real if m.level == level)
            chain = {m.name for m in v.chain().values()}
            if all(m.name in chain or LEVELS.index(m.level) < LEVELS.index(level) and _upper_ok(m, v)
                   for m in real):
                return v
    counties = {m.name for m in real if m.level == "county"}
    if len(counties) == 1:
        return next(m for m in real if m.level == "county")
    return None


def _upper_ok(m: PlaceMention, v: PlaceMention) -> bool:
    """An upper place not chained to ``v`` is fine when ``v``'s chain has no place of its level
    (旌阳区纪委 … 双东镇党委: the county of a handling body above a town named alone)."""
    return m.level not in v.chain()


def _coordinated_posts(s: str, persons: dict[str, Person]) -> None:
    """Coordination after a post holder: 村委会原主任甲、报账员乙 (乙's post shares 甲's unit);
    村干部甲、乙、丙三人 (乙 and 丙, named without a post of their own, hold 甲's post)."""
    by_end = {m.end: (p, m) for p in persons.values() for m in p.mentions}
    for p in persons.values():
        for q in p.posts:
            a = q["span"][0]
            if q["org"] is None and not unit_named(q["_simp"]) and s[a - 1:a] in ("、", "和", "及", "与") \
                    and (lead := by_end.get(a - 1)) is not None \
                    and lead[0] is not p and (orgs := [x for x in lead[0].posts if x["org"]]):
                q["org"] = orgs[-1]["org"]
                if lead[0].place is not None and (p.place is None or p.place_guessed):
                    p.place, p.place_guessed = lead[0].place, False
    for p in persons.values():
        m = p.mentions[0]
        if p.posts or m.cue != "coord":
            continue
        at = m.start
        while s[at - 1:at] == "、" and (lead := by_end.get(at - 1)) is not None:
            holder, holder_m = lead
            if holder.posts and holder_m.cue == "post":
                p.posts = [dict(x) for x in holder.posts[-1:]]
                p.place, p.role = holder.place, holder.role
                break
            at = holder_m.start


def _coordinated_staff(s: str, persons: dict[str, Person]) -> None:
    """纪检组组长甲和工作人员乙: an org-less post coordinated right after a discipline official
    belongs to the same discipline body, so the second person is not a subject either."""
    by_end = {m.end: p for p in persons.values() for m in p.mentions}
    for p in persons.values():
        if p.role != "subject" or not p.posts or any(q["org"] for q in p.posts) or is_discipline_person(p):
            continue
        for q in p.posts:
            a = q["span"][0]
            if s[a - 1:a] in ("和", "与", "及", "、") and (lead := by_end.get(a - 1)) is not None \
                    and lead is not p and is_discipline_person(lead):
                p.role = "other"
                break


# verbs that put a post after the name; ，男， / ，女， opens an apposition (a profile) instead
_POST_VERB = re.compile(r"担任|兼任|身为|作为|(?<![时现曾前])任|系|是|^[，,](?:男|女)[，,](?:[^，,。；;]{1,12}[，,]){0,2}")


def _posts_after(s: str, text: str, titles: list[TitleMention], places: PlaceIndex, p: Person) -> None:
    """任/担任/兼任/系/身为 + place + title later in the name's sentence; also a title in
    apposition after 张三，男，中共党员，… ."""
    m = p.mentions[0]
    end_m = SENT_END.search(s, m.end)
    limit = end_m.start() if end_m else len(s)
    for verb in _POST_VERB.finditer(s[m.end:limit]):
        at = m.end + verb.end()
        if p.posts and verb.group(0) in ("任", "系", "作为", "是"):
            continue
        if verb.group(0) in ("系", "作为", "是") and verb.start() > 0:
            continue  # only right after the name: 王五系某村主任 (not 系统, 关系)
        for t in titles:
            if at <= t.start <= at + 14 and t.end <= limit:
                inside = next((pl for pl in places.mentions if pl.start < t.start < pl.end), None)
                start = inside.end if inside is not None else t.start
                gap = s[at:start]
                org = places.ending_at(start)
                unit = _UNIT_END.search(s, at, t.end)
                if org is None and unit is not None and start < unit.end() and "某" not in s[at:unit.end()] \
                        and clean_title(s[unit.end():t.end]) in _LEX.post_heads:
                    # 兼任某村股份经济合作联合社法定代表人: the named unit is the org, the rest the title
                    start = unit.end()
                    p.posts.append({"title": orig(text, start, t.end, _PREFIX_DROP, s), "_simp": s[start:t.end],
                                    "org": text[at:start], "span": [start, t.end]})
                    return
                if org is None and p.posts and re.search(r"(社|院|站|所|中心|公司)$", gap):
                    p.posts.append({"title": orig(text, start, t.end, _PREFIX_DROP, s), "_simp": s[start:t.end],
                                    "org": text[at:start], "span": [start, t.end]})
                    return
                if gap and org is None and "某" not in gap:
                    continue
                if "某" in gap:
                    org = None
                p.posts.append({"title": orig(text, start, t.end, _PREFIX_DROP, s), "_simp": s[start:t.end],
                                "org": orig_name(text, s, org.name, places) if org else None,
                                "span": [start, t.end]})
                if org is not None:
                    p.place = org
                return
