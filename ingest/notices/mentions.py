"""Finding person mentions in one item: the name layer applied with document context."""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from qinyou.ingest.kinship import kin_words
from qinyou.ingest.notices.lexicon import alternation, lexicon
from qinyou.ingest.notices.lexicon import starts_word, word_freq, word_tags
from qinyou.ingest.notices.names import FUNC_CHARS, NameMention, free_name_at, full_name_at, is_han, masked_at
from qinyou.ingest.notices.penalties import PENALTY_RE
from qinyou.ingest.notices.posts import TitleMention

_LEX = lexicon()
_KIN_WORDS = [w for w in kin_words() if len(w) >= 2]
KIN_RE = re.compile(rf"(?:亲)?(?:{alternation(_KIN_WORDS)})|(?<=其)(?:{alternation([w for w in kin_words() if len(w) == 1])})")
_ROLE_RE = re.compile(alternation(list(_LEX.roles["beneficiary"]) + list(_LEX.roles["cadre"])) + r"|\d+岁的")
_BYLINE_RE = re.compile(alternation(list(_LEX.roles["byline"])))
_AGENT_RE = re.compile(alternation(list(_LEX.roles["actor"]) + list(_LEX.roles["agent"])))
_LEAD_AT = re.compile(r"[，,。；;：:、“”\n\s(（]|" + alternation(list(_LEX.roles["lead"]))
                      + r"|\d{1,2}月(?:\d{1,2}日)?|\d{4}年|期间")
_LEAD_RE = re.compile(r"(?:^|(?<=[，,。；;：:、“”\n\s(（])|" + alternation(list(_LEX.roles["lead"]))
                      + r"|\d{1,2}月(?:\d{1,2}日)?|\d{4}年|期间)$")  # also right after a date: 2018年5月张某…
_SEX_RE = re.compile(r"^[，,](?:男|女)[，,]")
_GROUP_COUNT = re.compile(r"[\d一二两三四五六七八九十]+(?:人|名)")  # 甲、乙、丙三人
# words after a name that follows a post (乡长扎西一直…): the name ends there
_AFTER_NAME = re.compile(alternation(list(_LEX.roles["after_name"])))


# what follows a name written right after a post: punctuation, a verb of the case, an adverb
_NAME_FOLLOWS = re.compile(r"[，,。;；、:：（(]|" + _AGENT_RE.pattern + "|" + _AFTER_NAME.pattern)


def _word_surname_name(text: str, p: int) -> NameMention | None:
    """书记向前进违规… / 主任和平安将…: right after a post, a surname that also starts a common word
    (向, 和, 高 …) still begins a name when a case verb or punctuation follows the name."""
    if not _LEX.is_surname(text[p:p + 1], strong=True) or text[p + 1:p + 2] == "某":
        return None
    for n in (3, 2):
        name = text[p:p + n]
        if len(name) == n and all(is_han(c) and c not in FUNC_CHARS for c in name[1:]) \
                and _NAME_FOLLOWS.match(text, p + n) \
                and not (word_freq(name) >= 50 and not word_tags().get(name, "").startswith("nr")):  # 谈话
            return NameMention(name, p, p + n, False, "post")
    return None


def _counts(text: str) -> dict[Any, Any]:
    c: Counter[Any] = Counter()
    for i, ch in enumerate(text):
        if _LEX.is_surname(ch, strong=True):
            c[text[i:i + 2]] += 1
            c[text[i:i + 3]] += 1
    return c


def find_mentions(text: str, titles: list[TitleMention]) -> list[NameMention]:
    """Every person mention of ``text`` (simplified), by cue, then reused across the document."""
    counts = _counts(text)
    found: dict[int, NameMention] = {}
    title_start: dict[int, int] = {}  # character position -> start of the title covering it
    for t in titles:
        for pos in range(t.start, t.end):
            title_start[pos] = t.start
    title_starts = {t.start for t in titles}
    # a title in brackets may open with a place: 李四（石桥镇民政办主任）
    title_starts |= {t.start - k for t in titles for k in range(1, 8) if t.start - k >= 0
                     and text[t.start - k - 1:t.start - k] in "（("}

    def add(m: NameMention | None, cue: str) -> NameMention | None:
        if m is None:
            return None
        if _BYLINE_RE.search(text[max(0, m.start - 4):m.start]):
            return None
        if any(pos in title_start and not title_start[pos] >= m.start + 2 for pos in range(m.start, m.end)):
            return None
        if m.start not in found:
            m.cue = m.cue or cue
            found[m.start] = m
        return found[m.start]

    for i in range(len(text) - 1):
        if text[i + 1] == "某":
            add(masked_at(text, i), "masked")
    for t in titles:
        p = t.end + (1 if text[t.end:t.end + 1] == "的" else 0)
        m = full_name_at(text, p, strong=True, counts=counts) or masked_at(text, p, after_post=True) \
            or _word_surname_name(text, p)
        if m is None and p == t.end and is_han(text[p:p + 1]) and not _LEX.is_surname(text[p:p + 1], strong=True):
            m = free_name_at(text, p)
            if m is not None and not re.match(r"[，,。;；、:：“”（(]|$|" + _AGENT_RE.pattern, text[m.end:m.end + 3]) \
                    and not _AFTER_NAME.match(text, m.end):
                m = None
        add(m, "post")
    for k in KIN_RE.finditer(text):
        m = full_name_at(text, k.end(), strong=False, counts=counts) or None
        if m is None and is_han(text[k.end():k.end() + 1]) and not KIN_RE.match(text, k.end()):
            m = free_name_at(text, k.end())
            if m is not None and (len(m.name) < 3 or not re.match(r"[，,。;；、]", text[m.end:m.end + 1])):
                m = None
        add(m, "kin")
    for k in KIN_RE.finditer(text):  # 张某某的妻子 / 王大成妻子: a possessor right before a kin word
        a = k.start() - (1 if text[k.start() - 1:k.start()] == "的" else 0)
        for n in (3, 2):
            if a - n >= 0 and (a - n) not in found and _LEAD_RE.search(text[max(0, a - n - 4):a - n]):
                m = full_name_at(text, a - n, strong=True, counts=counts)
                if m is not None and m.end == a and not m.masked:
                    add(m, "possessor")
                    break
    for r in _ROLE_RE.finditer(text):
        add(full_name_at(text, r.end(), strong=False, counts=counts), "role")
    leads = {0} | {m.end() for m in _LEAD_AT.finditer(text)}  # positions right after a lead
    for i in sorted(leads):
        if i >= len(text) or not _LEX.is_surname(text[i], strong=True) or i in found:
            continue
        ch = text[i]
        # a surname that is also a word (谢, 向) counts when the whole name recurs in the item
        weak = not _LEX.is_surname(ch)
        m = full_name_at(text, i, strong=weak, counts=counts)
        if m is None or m.masked or (weak and (len(m.name) < 3 or counts.get(m.name, 0) < 2)):
            continue
        if _AGENT_RE.match(text, m.end) or _SEX_RE.match(text[m.end:m.end + 3]) or PENALTY_RE.match(text, m.end) \
                or (text[m.end:m.end + 1] in "（(" and m.end + 1 in title_starts):  # 李四（某镇民政办主任）
            add(m, "agent")  # 张三利用… / 张三，男， / 给予张三党内警告处分
    _coordinated(text, found, counts, add)
    _extend(text, found)
    _reuse(text, found)
    return sorted(found.values(), key=lambda m: m.start)


def _coordinated(text: str, found: dict[int, NameMention], counts: dict[str, int], add) -> None:  # type: ignore[no-untyped-def]
    changed = True
    while changed:
        changed = False
        for m in list(found.values()):
            if m.start > 2 and text[m.start - 1] in ("、", "和", "与", "及") and (m.start - 1) not in _ends(found):
                # 孙小兵、周大海被开除党籍: the name before a coordinator of a found name
                for size in (3, 2):
                    at = m.start - 1 - size
                    if at >= 0 and at not in found and _LEAD_RE.search(text[max(0, at - 4):at]):
                        prev = full_name_at(text, at, strong=True, counts=counts)
                        if prev is not None and prev.end == m.start - 1 and add(prev, "coord") is prev:
                            changed = True
                            break
            if text[m.end:m.end + 1] in ("、", "和", "与", "及") and (m.end + 1) not in found:
                strong = text[m.end] == "、"  # 甲、晋某某: a list of names takes the weak surnames too
                n = full_name_at(text, m.end + 1, strong=strong, counts=counts)
                if n is not None and (n.masked or text[n.end:n.end + 1] in "、，,。等均分已被受" or
                                      _AGENT_RE.match(text, n.end) or _GROUP_COUNT.match(text, n.end)):
                    if add(n, "coord") is n:
                        changed = True


def _ends(found: dict[int, NameMention]) -> set[int]:
    return {x.end for x in found.values()}


_DOTS = "·•・‧"


def _extend(text: str, found: dict[int, NameMention]) -> None:
    """Longer names than a Han surname suggests: 艾尔肯·买买提 (a dot-joined transliterated
    name) and 吉克阿呷 (a 4-character Yi name whose first character is a Han surname: the
    3-character prefix is always followed by the same character, twice or more)."""
    for m in list(found.values()):
        if m.masked:
            continue
        dot = next((d for d in range(m.end, min(m.end + 3, len(text))) if text[d] in _DOTS), None)
        if dot is not None and all(is_han(c) for c in text[m.end:dot]):
            j = dot + 1  # 阿布力孜·库尔班: the part before the dot may be longer than a Han given name
            while j < len(text) and j - dot <= 6 and is_han(text[j]) and text[j] not in FUNC_CHARS:
                if j - dot >= 3 and (starts_word(text, j, min_freq=200) or _AGENT_RE.match(text, j)):
                    break
                j += 1
            if j - dot >= 3:
                found[m.start] = NameMention(text[m.start:j], m.start, j, False, m.cue)
            continue
        if len(m.name) != 3 or m.cue != "post":
            continue
        nxt = text[m.end:m.end + 1]
        if not is_han(nxt) or nxt in FUNC_CHARS or starts_word(text, m.end, min_freq=30):
            continue
        follows = {text[o.end():o.end() + 1] for o in re.finditer(re.escape(m.name), text)}
        if follows == {nxt} and text.count(m.name + nxt) >= 2:
            found[m.start] = NameMention(m.name + nxt, m.start, m.end + 1, False, m.cue)


def _reuse(text: str, found: dict[int, NameMention]) -> None:
    names = {m.name for m in found.values() if len(m.name) >= 2}
    taken = {pos for x in found.values() for pos in range(x.start, x.end)}
    for name in sorted(names, key=len, reverse=True):
        for occ in re.finditer(re.escape(name), text):
            s = occ.start()
            if any(pos in taken for pos in range(s, occ.end())):
                continue
            taken.update(range(s, occ.end()))
            nxt = text[occ.end():occ.end() + 1]
            if name.endswith("某") and nxt == "某":
                continue
            found[s] = NameMention(name, s, occ.end(), "某" in name, "reuse")
