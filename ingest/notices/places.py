"""The place layer: 省 → 市 → 县 → 乡镇 → 村 mentions found by suffix, chained in the item.

A name before a suffix starts right after the previous place of a chain, or at a
word boundary of the project tokenizer (so 拨付昆寨乡 gives 昆寨乡). Places are
never loaded into jieba.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from qinyou.ingest.notices.lexicon import alternation, lexicon, tokenizer
from qinyou.ingest.notices.posts import place_continues

LEVELS = ("province", "city", "county", "town", "village")

_SUFFIXES = [("经济开发区", "town"), ("工业园区", "town"), ("开发区", "town"), ("自治区", "province"), ("省", "province"), ("自治州", "city"), ("地区", "city"),
             ("盟", "city"), ("州", "city"), ("市", "city"), ("自治县", "county"), ("县", "county"),
             ("区", "county"), ("旗", "county"), ("街道", "town"), ("街", "town"), ("乡", "town"), ("镇", "town"),
             ("社区", "village"), ("村", "village")]
_SUFFIX_RE = re.compile("|".join(s for s, _ in _SUFFIXES))
_SUFFIX_LEVEL = dict(_SUFFIXES)
# a suffix followed by these is a word, not a place (县城, 市场, 区域 ...)
_NOT_AFTER = {"县": "城长", "市": "场民值长", "区": "域别分长", "乡": "村亲下镇长市县区", "镇": "长压县",
              "村": "庄落长级干务集镇乡", "州": "长", "省": "长钱", "旗": "帜下镇乡村街社", "盟": "员", "街": "道上头面坊巷区口"}
# names that are words, not places
_BAD_NAMES = {"农", "乡", "该", "本", "全", "各", "行政", "贫困", "这个", "每", "邻", "外", "山", "渔", "城",
              "矿", "塌陷", "重点", "贫困县", "城乡", "辖", "景", "园", "社", "小", "地", "市", "县", "整",
              "两", "一", "多", "个", "同", "进", "入", "到", "州", "省", "区", "乡", "镇", "附近", "周边", "我们", "他们", "所在", "相关", "涉及", "下辖", "城市", "部分",
              "农村", "乡村", "村村", "示范", "试点", "老", "新", "此", "上", "下", "前", "后", "其", "所"}
# 南安县城关镇 / 城郊乡: a town name beginning with 城 right after a county, not 县城
_TOWN_NAMED_CITY = re.compile(r"城[^\W\d_乡镇村县区市]{1,2}?(?:镇|乡|街道)(?![长])")
_STOP_CHARS = set("兼办的在到从对向给予将和与及了是为由经被往赴至驻原及、，,。；;：:！？!?“”\"'（）()《》『』「」【】 \n\t")
# common words ending in a suffix character: not places unless chained
_WORDS = {"农村", "乡村", "山区", "城区", "辖区", "老区", "矿区", "园区", "景区", "乡镇", "城镇", "村镇",
          "社区", "新区", "市区", "郊区", "灾区", "牧区", "林区", "片区", "小区", "街道", "城市"}
# one-character names that are words alone but names inside a chain (岐岭乡新村)
_CHAIN_NAMES = set("新老上下东西南北中大小")
_REF_HEADS = ("该", "本", "这个", "此", "这")
# 原 / 时任 / 曾任 before a place or a level character: a tenure prefix, never part of the name
_TENURE_RE = re.compile(alternation(list(lexicon().post_prefixes)))
_DROP_TAGS = ("v", "p", "d", "c", "u", "r")


def _strip_leading_words(text: str, begin: int, k: int) -> int:
    """Move ``begin`` past leading verbs, prepositions and the like (召开村 → nothing)."""
    from qinyou.ingest.notices.lexicon import word_tags
    tags = word_tags()
    while begin < k:
        for n in (4, 3, 2):
            w = text[begin:begin + n]
            if begin + n <= k and len(w) == n and tags.get(w, "").startswith(_DROP_TAGS) \
                    and not (n == 1 and w in "新老东西南北中上下大小"):
                if w.startswith(_REF_HEADS):
                    return begin
                begin += n
                break
        else:
            return begin
    return begin


@dataclass
class PlaceMention:
    name: str            # as in the simplified text
    level: str
    start: int
    end: int
    parent: PlaceMention | None = None
    ref: bool = False

    def chain(self) -> dict[str, PlaceMention]:
        out: dict[str, PlaceMention] = {}
        node: PlaceMention | None = self
        while node is not None:
            out.setdefault(node.level, node)
            node = node.parent
        return out


@dataclass
class PlaceIndex:
    mentions: list[PlaceMention] = field(default_factory=list)

    def before(self, pos: int, level: str | None = None) -> PlaceMention | None:
        """The last mention ending at or before ``pos`` (optionally of one level)."""
        best = None
        for m in self.mentions:
            if m.end <= pos and (level is None or m.level == level):
                best = m
        return best

    def ending_at(self, pos: int) -> PlaceMention | None:
        for m in self.mentions:
            if m.end == pos:
                return m
        return None


def _token_starts(text: str) -> set[int]:
    starts, pos = set(), 0
    for w in tokenizer().lcut(text, HMM=True):
        starts.add(pos)
        pos += len(w)
    starts.add(pos)
    return starts


_PROVINCE_RE = re.compile(alternation(list(lexicon().provinces)))


def find_places(text: str) -> PlaceIndex:
    """All place mentions of ``text`` (simplified), chained where contiguous."""
    index = PlaceIndex()
    taken_end = -1
    provinces = {m.start(): m for m in _PROVINCE_RE.finditer(text)}
    mentions: list[PlaceMention] = []
    for m in _SUFFIX_RE.finditer(text):
        suffix = m.group(0)
        k, end = m.start(), m.end()
        nxt = text[end:end + 1]
        if nxt and nxt in _NOT_AFTER.get(suffix, "") and not (nxt == "长" and place_continues(text, end)) \
                and not (suffix in ("县", "市", "区") and _TOWN_NAMED_CITY.match(text, end)):
            continue
        prev = mentions[-1] if mentions else None
        if prev is not None and prev.end > k:
            continue
        # leftmost possible start: after a stop char or the previous place, at most 8 back
        lo, floor = k, max(taken_end, 0)
        while lo > floor and k - lo < 8:
            c = text[lo - 1]
            if c in _STOP_CHARS or not "\u4e00" <= c <= "\u9fff":
                break
            lo -= 1
        lo = _soft_stop_name(text, lo, k, floor, prev)
        province_at = next((p for s, p in provinces.items() if lo <= s and p.end() < k - 1), None)
        if prev is not None and prev.end == lo and k - lo <= 5:
            begin = lo
        elif province_at is not None and k - province_at.end() <= 5:
            _add_province(mentions, province_at, text)
            prev = mentions[-1]
            begin = province_at.end()
        else:
            # targeted tokenisation of the few characters before the suffix only
            window = sorted((lo + b for b in _token_starts(text[lo:end])), reverse=True)
            cands = [b for b in window if lo <= b <= k - 2]
            begin = cands[0] if cands else lo
            if k - lo <= 3 and lo > floor and text[lo - 1] in _STOP_CHARS:
                begin = lo  # 对湖谷头村: a short stretch after a stop character is the whole name
        inner_word = text[k - 1:end] in ("村镇", "村乡") and k - 1 - begin == 1 \
            and text[begin:k - 1] in _CHAIN_NAMES  # 新村镇 / 中村乡: a town named after a village word
        if text[k - 1:end] in _WORDS and not inner_word and (not (prev is not None and prev.end == begin)
                                          or text[end:end + 1] in ("办", "委", "局", "站", "所")):
            continue  # 山区 / 老区办 (an office for old revolutionary areas): words, not places
        after_place = prev is not None and prev.end == begin  # 龙岩市永定区: a name inside a chain
        tenure = _TENURE_RE.match(text, lo, k)  # at the start of the stretch (时任新村, ，曾任镇…)
        if tenure is not None:
            after_place = True  # what follows the prefix is a name, even a short one
            begin = tenure.end()  # 时任新村村主任: 新村; 时任镇国土分局: the town named before
        elif not after_place and not _known_place(text[begin:end]):  # 安化县: a known place is not a verb
            begin = _strip_leading_words(text, begin, k)
        if tenure is not None and begin == tenure.end():
            if begin == k:
                target = next((mm for mm in reversed(mentions) if mm.level == _SUFFIX_LEVEL[suffix]), None)
                if target is not None:
                    pm = PlaceMention(target.name, target.level, begin, end, target.parent, ref=True)
                    mentions.append(pm)
                    taken_end = end
                continue
        for head in ("该", "这个"):  # 给予该村: a verb tail glued before a reference word
            at = text.find(head, begin, k)
            if 0 < at - begin <= 2 and k - at <= 3:
                begin = at
                break
        # 石桥镇原上坪村: a tenure prefix between two places keeps the chain
        chained = prev is not None and (prev.end == begin or (text[prev.end:begin] == "的" and
                                                              prev.level != "village")
                                        or _TENURE_RE.fullmatch(text, prev.end, begin) is not None)
        ref = text[begin:k].startswith(_REF_HEADS)
        if ref:
            level = _SUFFIX_LEVEL[suffix]
            target = next((mm for mm in reversed(mentions) if mm.level == level and not mm.name.startswith(_REF_HEADS)), None)
            if target is None or len(text[begin:k]) > 5:
                continue
            pm = PlaceMention(target.name, level, begin, end)
            pm.parent = target.parent
            pm.ref = True
            mentions.append(pm)
            taken_end = end
            continue
        name = text[begin:k]
        if name.startswith("第") or (suffix == "村" and text[end:end + 1] == "民" and not _VILLAGE_UNIT.match(text, end)):
            continue  # 第三村民小组 is a group of the village before; 村民 after a word is villagers
        if not name or (name in _BAD_NAMES and not (after_place and name in _CHAIN_NAMES)) or "某" in name or len(name) > 7 or len(name) < 1:
            continue
        if len(name) == 1 and not chained and not after_place and suffix not in ("县", "区", "旗"):
            continue
        nxt_suffix = _SUFFIX_RE.match(text, end)
        if len(name) == 1 and nxt_suffix is not None and text[end:end + 2] not in _WORDS \
                and LEVELS.index(_SUFFIX_LEVEL[nxt_suffix.group(0)]) >= LEVELS.index(_SUFFIX_LEVEL[suffix]) \
                and suffix in ("县", "市") and nxt_suffix.group(0) != "村":
            continue  # 梅县区 / 樟市镇: a one-character name and its level character inside a longer name
        if suffix == "街" and not (chained and prev is not None and prev.level in ("city", "county")):
            continue  # 台江区瀛洲街: a one-character street suffix only right after a city or county
        level = _SUFFIX_LEVEL[suffix]
        if name + suffix in lexicon().provinces:
            level = "province"
        pm = PlaceMention(text[begin:end], level, begin, end)
        if chained and prev is not None and LEVELS.index(prev.level) < LEVELS.index(level):
            pm.parent = prev
        mentions.append(pm)
        taken_end = end
    # bare provinces (short forms such as 广西 / 山西 followed by a place)
    for s, p in provinces.items():
        if any(mm.start <= s < mm.end for mm in mentions):
            continue
        full = lexicon().provinces[p.group(0)]
        follower = next((mm for mm in mentions if mm.start == p.end()), None)
        if p.group(0) == full or follower is not None:
            pm = PlaceMention(p.group(0), "province", p.start(), p.end())
            if follower is not None and follower.parent is None:
                follower.parent = pm
            mentions.append(pm)
    mentions.sort(key=lambda x: x.start)
    _village_groups(text, mentions)
    _fix_city_levels(mentions)
    index.mentions = mentions
    return index


def _known_place(word: str) -> bool:
    """The tokenizer's dictionary knows ``word`` as a place name (安化县, 兴山县)."""
    from qinyou.ingest.notices.lexicon import word_freq, word_tags
    return word_freq(word) > 0 and word_tags().get(word, "").startswith("ns")


# stop characters that also begin or end place names (永和县, 和平村, 向阳村, 从江县)
_SOFT_STOPS = set("和向与在从对为至将")


def _soft_stop_name(text: str, lo: int, k: int, floor: int, prev: PlaceMention | None) -> int:
    """Move ``lo`` left over a soft stop character when the name it cuts is a place word:
    right after the previous place of a chain (红旗镇向阳村), or a two-character dictionary
    word that is not a verb or function word (、永和县, 在和平村)."""
    from qinyou.ingest.notices.lexicon import word_freq, word_tags
    if lo <= floor or text[lo - 1] not in _SOFT_STOPS or k - lo > 2:
        return lo
    at = lo - 1
    if prev is not None and prev.end == at:
        return at
    if text[at] == "和" and (at == 0 or text[at - 1] in _STOP_CHARS or not "\u4e00" <= text[at - 1] <= "\u9fff") \
            and 2 <= k - at <= 3:
        return at  # 和峰村 at the start of a clause: 和 begins the name, it joins nothing
    for start in (at - 1, at):
        name = text[start:start + 2]
        after_level = text[start - 1:start] in ("省", "市", "州", "县", "区", "旗", "盟")  # 四川省乐至县
        if start >= max(floor, 0) and start + 2 <= k and _SOFT_STOPS & set(name) and (after_level or (
                word_freq(name) >= 30 and not word_tags().get(name, "").startswith(_DROP_TAGS))):
            if start + 2 == k or k - (start + 2) <= 1:
                return start
    return lo


def _add_province(mentions: list[PlaceMention], m: re.Match[str], text: str) -> None:
    mentions.append(PlaceMention(m.group(0), "province", m.start(), m.end()))


_VILLAGE_UNIT = re.compile(r"民(?:委员会|委会|小组|兵|组)")  # 上坪村民委员会 / 上坪村民兵营长
_GROUP_RE = re.compile(r"第?[\d一二三四五六七八九十]+(?:村民小组|小组|组)")


def _village_groups(text: str, mentions: list[PlaceMention]) -> None:
    """A village directly followed by a group number (增花村6组) becomes that group."""
    for pm in mentions:
        if pm.level == "village":
            g = _GROUP_RE.match(text, pm.end)
            if g:
                pm.name += g.group(0)
                pm.end = g.end()


def _fix_city_levels(mentions: list[PlaceMention]) -> None:
    """A 市 with no county under it in the item is a county-level city; municipalities are provinces."""
    has_county = any(m.level == "county" for m in mentions)
    for m in mentions:
        if m.name in lexicon().provinces:
            m.level = "province"
            continue
        if m.level == "city" and m.name.endswith("市"):
            child = any(c.parent is m and c.level == "county" for c in mentions)
            parent_city = m.parent is not None and m.parent.level == "city"
            town_child = any(c.parent is m and c.level == "town" for c in mentions)  # 宣威市龙潭镇
            if parent_city or (not child and (not has_county or town_child)):
                m.level = "county"
