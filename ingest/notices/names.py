"""Person names: full names by context (posts, kin words, role nouns, agent verbs), masked names
(王某, 唐某某, 龚某康) by pattern, non-Han-surname names (扎西多吉) after posts and kin words.

The length of a full name (2 or 3 characters after a single surname) is decided by
the document first (a prefix seen with different following characters is a
2-character name), then by the project tokenizer's dictionary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qinyou.ingest.notices.lexicon import lexicon, starts_word, word_freq, word_tags

_LEX = lexicon()
# characters that end a name: function words and common verb starts
FUNC_CHARS = set("的在于等及被将为是也却不还并所已均又从向对把让给说以因称和与同跟由就都才曾拟未没仍")
_COORD = set("和与及、")
_AFTER_MASK = frozenset(_LEX.roles["after_mask"])
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class NameMention:
    name: str        # simplified
    start: int
    end: int
    masked: bool
    cue: str = ""    # what made it a name: post, kin, role, agent, masked, reuse, coord


def is_han(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def masked_at(text: str, i: int, after_post: bool = False) -> NameMention | None:
    """A masked name starting at ``i`` (王某, 王某某, 龚某康), or None.

    ``after_post``: right after a post title any Han character before 某 is a surname
    (主任洪某虚报…), so the weak-surname check is skipped.
    """
    if i + 1 >= len(text) or text[i + 1] != "某":
        return None
    ch = text[i]
    if not (_LEX.is_surname(ch, strong=True) or (after_post and is_han(ch) and ch not in FUNC_CHARS)):
        return None
    if i > 0 and not after_post and (text[i - 1] == "某" or word_freq(text[i - 1:i + 1]) >= 100):
        return None
    end = i + 2
    if text[end:end + 1] == "某":
        end += 1
    else:
        y = text[end:end + 1]
        if is_han(y) and y not in FUNC_CHARS and y not in _AFTER_MASK and not starts_word(text, end, min_freq=20) \
                and y not in "某县乡镇村市区省人户名姓处":
            end += 1
    return NameMention(text[i:end], i, end, True, "masked")


def _surname_len(text: str, i: int) -> int:
    if text[i:i + 2] in _LEX.compound_surnames:
        return 2
    return 1


def full_name_at(text: str, i: int, strong: bool = False, counts: dict[Any, Any] | None = None) -> NameMention | None:
    """A full name starting at ``i`` (surname + 1-2 characters), or None."""
    if i >= len(text):
        return None
    sl = _surname_len(text, i)
    if sl == 1 and not _LEX.is_surname(text[i], strong=strong):
        return None
    m = masked_at(text, i)
    if m:
        return m
    if sl == 1 and text[i] in _LEX.weak_surnames and _common_word_at(text, i + 1):
        return None  # 向村民 / 对群众: a preposition and a common word, not a name
    given = []
    for j in range(i + sl, min(i + sl + 2, len(text))):
        if not is_han(text[j]):
            break
        given.append(j)
    if not given:
        return None
    if len(given) == 1:
        length = sl + 1
    else:
        length = sl + _given_len(text, i, sl, counts)
    name = text[i:i + length]
    if name[-1] in "村乡镇县区市省部员局办" or "干部" in name:
        return None
    if length == sl + 1 and word_freq(name) >= 50 and not word_tags().get(name, "").startswith("nr"):
        return None  # 谈话, 张贴: a word, not a name
    if length == sl + 2 and word_freq(name) >= 50 and not word_tags().get(name, "").startswith("nr"):
        return None
    if length == sl + 2 and verb_head(text, i, sl):
        return None  # 宣传新(开通): a verb and the start of its object, not surname + given name
    return NameMention(name, i, i + length, False)


def _common_word_at(text: str, at: int) -> bool:
    """A frequent non-name word of 2+ characters starts at ``at`` (村民, 群众, 干部)."""
    for n in (3, 2):
        w = text[at:at + n]
        if len(w) == n and word_freq(w) >= 1000 and not word_tags().get(w, "").startswith("nr"):
            return True
    return False


def verb_head(text: str, i: int, sl: int = 1) -> bool:
    """True when surname + first given character is a frequent verb (宣传, 开展, 安排) or any very
    frequent non-name word (利用, 严重)."""
    if sl != 1:
        return False
    head = text[i:i + 2]
    tag = word_tags().get(head, "")
    if tag.startswith("nr"):
        return False
    # 利用(手中) / 严重(警告): a very frequent word of any kind is not surname + given character
    return (word_freq(head) >= 500 and tag.startswith("v")) or word_freq(head) >= 3000


def _given_len(text: str, i: int, sl: int, counts: dict[Any, Any] | None) -> int:
    third = i + sl + 1
    c = text[third]
    two, three = text[i:third], text[i:third + 1]
    if counts is not None:
        n2, n3 = counts.get(two, 0), counts.get(three, 0)
        if n3 >= 2 and n3 == n2:
            return 2
        if n2 >= 2 and n3 < n2:
            key = ("followers", two)
            if key not in counts:  # computed once per prefix and document
                ends = [m.end() for m in re.finditer(re.escape(two), text)][:50]
                followers = {text[e:e + 1] for e in ends}
                counts[key] = len(followers) >= 2 and any(
                    text[e:e + 1] in FUNC_CHARS or starts_word(text, e, min_freq=30) for e in ends)
            if counts[key]:
                return 1
    if c in _COORD:
        nxt = text[third + 1:third + 2]
        # 蒋立和种植合作社负责人…: a coordinator followed by a post title ends the name
        # 赵刚与其妻子…: a coordinator followed by a pronoun ends the name too
        return 1 if (_LEX.is_surname(nxt) or nxt in "原时现其他她该本各" or _title_at(text, third + 1)) else 2
    if c in FUNC_CHARS:
        return 1
    if text[third + 1:third + 2] in FUNC_CHARS or not is_han(text[third + 1:third + 2]):
        return 2
    if starts_word(text, third, min_freq=30) and not starts_word(text, third + 1, min_freq=30):
        return 1
    return 2


def _title_at(text: str, at: int) -> bool:
    from qinyou.ingest.notices.posts import TITLE_RE
    m = TITLE_RE.match(text, at)
    return m is not None and m.end() - at >= 3


def free_name_at(text: str, i: int) -> NameMention | None:
    """A name without a known surname right after a post or kin word (扎西多吉, 阿依古丽)."""
    j = i
    while j < len(text) and j - i < 4 and is_han(text[j]) and text[j] not in FUNC_CHARS:
        if j - i >= 2 and starts_word(text, j, min_freq=200):
            break
        j += 1
    if j - i < 2 or (word_freq(text[i:i + 2]) >= 100 and not word_tags().get(text[i:i + 2], "").startswith("nr")):
        return None
    name = text[i:j]
    if name[-1] in "村乡镇县区市省部员局办" or "干部" in name:
        return None
    tag = word_tags().get(name, "")
    if word_freq(name) >= 50 and not tag.startswith("nr"):
        return None
    return NameMention(name, i, j, False, "free")
