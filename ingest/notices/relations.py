"""Kinship of officials and penalties of persons, read off the mentions of one item."""
from __future__ import annotations

import bisect
import re
from typing import Any

from qinyou.ingest.kinship import normalise
from qinyou.ingest.notices.clauses import clause_start, sentence_bounds
from qinyou.ingest.notices.mentions import KIN_RE
from qinyou.ingest.notices.names import NameMention
from qinyou.ingest.notices.penalties import DATE_RE, find_penalties
from qinyou.ingest.notices.posts import TitleMention

_FOR = re.compile(r"(?:为|给|帮|把|将|让|替)$")
# a possessor who is not the official: a beneficiary noun, another person, a pronoun for others
_OTHER_POSSESSOR = re.compile(r"(?:低保户|五保户|贫困户|困难户|村民|群众|农户|老人|户主|居民|他人|别人|其他人|死者|逝者|本人"
                              r"|对象|夫妇|妻子|丈夫)的?$")
_COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十几]+)(?:名|户|个|位)$")


def _official_before(persons: dict[str, Any], mentions: list[NameMention], pos: int,
                     lo: int = 0) -> Any:
    best = None
    for m in mentions:
        if lo <= m.start and m.end <= pos:
            p = persons.get(m.name)
            if p is not None and p.role == "subject":
                best = p
    return best


def find_kin(s: str, text: str, persons: dict[str, Any], mentions: list[NameMention],
             titles: list[TitleMention]) -> tuple[list[dict[str, Any]], list[tuple[int, int]], set[str]]:
    """Kin entries (official, relative, relation as written), their spans, named relatives."""
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    out: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    relatives: set[str] = set()
    seen: set[tuple[str, str, str | None]] = set()
    prev_official = None
    prev_end = -1
    for k in KIN_RE.finditer(s):
        a, b = k.start(), k.end()
        word = s[a:b]
        lead = s[max(0, a - 6):a]
        official = None
        if lead.endswith("其") or lead.endswith("其亲"):
            lo, _ = sentence_bounds(s, a)
            official = _official_before(persons, mentions, a, lo) or _official_before(persons, mentions, a)
        elif lead.endswith("的") and (a - 1) in by_end:
            official = persons.get(by_end[a - 1].name)
        elif lead.endswith("的") and _COUNT.search(lead[:-0] or "") is None and (m := _name_before_count(s, a, by_end)):
            official = persons.get(m.name)
        elif _COUNT.search(lead) and (m := _name_before_count(s, a, by_end)):
            official = persons.get(m.name)
        elif _FOR.search(lead):
            lo, _ = sentence_bounds(s, a)
            official = _official_before(persons, mentions, a, lo) or _title_holder(s, a - 1, titles, persons)
        elif s[a - 1:a] in ("、", "和", "及") and prev_official is not None and prev_end == a - 1:
            official = prev_official
        elif lead.endswith("他"):
            official = _official_before(persons, mentions, a)
            if official is None:
                official = next((p for p in persons.values() if p.role == "subject"), None)
        elif not _OTHER_POSSESSOR.search(lead) and not (lead.endswith("的") and (a - 1) in by_end):
            # 违规将指标分给不符合条件的胞弟田某: no possessor written, so the relative is the
            # clause's subject official's (the last subject named before it in the sentence)
            lo, _ = sentence_bounds(s, a)
            official = _official_before(persons, mentions, a, lo)
        if official is None or official.role != "subject":
            continue
        if s[max(0, a - 3):a].endswith(("各自", "各自的")):  # 甲、乙违规将各自亲属…: one entry per official
            lo, _ = sentence_bounds(s, a)
            for other in _coordinated_subjects(s, persons, mentions, lo, a):
                if other is not official and (other.name, word) not in {(o, w) for o, w, _ in seen}:
                    seen.add((other.name, word, None))
                    out.append({"official": text[other.mentions[0].start:other.mentions[0].end], "relative": None,
                                "relation": text[a:b], "span": [a, b]})
        rel_m = by_start.get(b)
        relative = rel_m.name if rel_m is not None and rel_m.name != official.name else None
        term = normalise(word)
        canon = term.canonical if term else word
        key = (official.name, canon, relative)
        prev_official, prev_end = official, (rel_m.end if relative and rel_m is not None else b)
        spans.append((a, b))
        if key in seen or (relative is None and any(k2[:2] == key[:2] for k2 in seen)):
            continue
        seen.add(key)
        if relative:
            relatives.add(relative)
        out.append({"official": text[official.mentions[0].start:official.mentions[0].end],
                    "relative": text[rel_m.start:rel_m.end] if relative and rel_m else None,
                    "relation": text[a:b], "span": [a, b]})
    # a named relation and the same unnamed relation: keep the named one
    named = {(e["official"], e["relation"]) for e in out if e["relative"]}
    out = [e for e in out if e["relative"] or (e["official"], e["relation"]) not in named]
    return out, spans, relatives


def _coordinated_subjects(s: str, persons: dict[str, Any], mentions: list[NameMention], lo: int, hi: int) -> list[Any]:
    """The subjects named in ``s[lo:hi]`` that are joined by 、/和/与/及 (joint subjects)."""
    out: list[Any] = []
    for m in mentions:
        p = persons.get(m.name)
        if lo <= m.start and m.end <= hi and p is not None and p.role == "subject" and p not in out:
            out.append(p)
    return out


def _name_before_count(s: str, a: int, by_end: dict[int, NameMention]) -> NameMention | None:
    for back in range(1, 8):
        m = by_end.get(a - back)
        if m is not None:
            gap = s[a - back:a]
            if re.fullmatch(r"的?(?:\d+|[一二两三四五六七八九十几]+)?(?:名|户|个|位)?的?", gap):
                return m
    return None


def _title_holder(s: str, pos: int, titles: list[TitleMention], persons: dict[str, Any]) -> Any:
    for t in titles:
        if t.end == pos + 1 or t.end == pos:
            raw = s[t.start:t.end]
            for p in persons.values():
                if any(raw.endswith(q["title"]) or q["title"].endswith(raw[-4:]) for q in p.posts):
                    return p
    return None


def find_punishments(s: str, text: str, persons: dict[str, Any], mentions: list[NameMention]) -> list[dict[str, Any]]:
    """One entry per penalty per named person, with the decision date when the sentence gives one."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    starts = [m.start for m in mentions]
    pens = find_penalties(s)
    runs = _penalty_runs(s, pens)
    for k, pen in enumerate(pens):
        lo, hi = sentence_bounds(s, pen.start)
        clause_lo = clause_start(s, lo, pen.start)
        near = mentions[bisect.bisect_left(starts, clause_lo):bisect.bisect_left(starts, pen.end)]
        before = [m for m in near if m.end <= pen.start]
        inside = [m for m in near if pen.start <= m.start < pen.end]
        if inside:  # 判处冯某有期徒刑9年
            group = inside[:1]
        elif before and _OTHERS.search(s, before[-1].end, pen.start):
            continue  # 给予甲警告处分，对其他村干部进行批评教育: the second outcome is the group's
        elif before:
            group = _group(s, before, pen.start)
        elif (holder := _anaphor(s, clause_lo, pen.start, persons)) is not None:
            group = holder.mentions[:1]
        elif (_PRONOUN.search(s, clause_lo, min(pen.end, pen.start + 4))  # 其 inside: 责令其辞去…职务
              or _PLURAL.search(s, clause_lo, pen.start)) \
                and (holder := _subject_before(s, persons, mentions, clause_lo)):
            group = holder  # 发现他虚报面积…，给予其严重警告处分: 其 / 他 / 他们 is the subject named before
        elif _ZERO.match(s, clause_lo, pen.start) and not _GROUP_WORDS.search(s, clause_lo, pen.start) \
                and (holder := _subject_before(s, persons, mentions, clause_lo)):
            group = holder[-1:]  # 甲…。2020年6月，受到开除党籍处分: the subject is left unsaid
        else:
            continue
        run, j = runs[k]
        if len(group) > 1 and len(run) == len(group) and ("分别" in s[group[-1].end:pens[run[0]].start]
                                                          or "分别" in s[clause_lo:group[0].start]):
            group = [group[j]]  # 甲、乙分别受到党内严重警告、党内警告处分: one penalty each, in order
        date = None
        if group[0].start < lo:  # 他们 / 其 named in an earlier sentence: the date of this one
            dm = [d for d in DATE_RE.finditer(s, lo, pen.start) if "月" in d.group(0)]
        else:
            dm = [d for d in DATE_RE.finditer(s, lo, group[0].start) if "月" in d.group(0)]
        if not dm and group[0].start >= lo:  # 甲受到…处分，2018年11月被法院判处…: a date in the penalty's own clause
            commas = [group[-1].end + c.end() for c in re.finditer(r"[，,]", s[group[-1].end:pen.start])]
            own = commas[-1] if commas else group[-1].end
            dm = [d for d in DATE_RE.finditer(s, own, pen.start) if "月" in d.group(0)]
        if dm:
            date = text[dm[0].start():dm[0].end()]
        ptext = text[pen.start:pen.end]
        if ptext.startswith(("判處", "判处")) and not re.search(r"被$", s[max(0, pen.start - 1):pen.start]):
            ptext = ptext[2:]
        for m in group:
            key = (m.name, ptext)
            if key in seen:
                continue
            seen.add(key)
            entry: dict[str, Any] = {"person": text[m.start:m.end], "penalty": ptext, "date": date,
                                     "span": [pen.start, pen.end], "_key": m.name}
            if pen.proposed:
                entry["proposed"] = True
            out.append(entry)
    return out


_OTHERS = re.compile(r"[，,][^，,。；;]*(?:其他|其余|其它|相关责任人|有关责任人)")
# a pronoun for the punished: 给予其 / 对他 / 他们均受到 (not 其他, 其中, 他人)
_PRONOUN = re.compile(r"其(?![他余它中实次人们])|(?<![其吉])(?:他们|她们|他|她)(?!人)")
# a clause that starts (after a date) with the outcome verb: its subject is the one named before
_ZERO = re.compile(r"(?:[\d年月日初底同]*[，,]?)(?:已|均|又|还|先后|并|后|因此|随后|最终|分别)?(?:受到|被|遭)",)
_GROUP_WORDS = re.compile(r"其他|其余|其它|相关|有关|人员|干部|村民|群众|单位|[\d一二三四五六七八九十两]+名|等")
_PLURAL = re.compile(r"他们|她们|二人|两人|三人|以上\d*人|上述\d*人")


def _subject_before(s: str, persons: dict[str, Any], mentions: list[NameMention], pos: int) -> list[NameMention]:
    """The last subject named before ``pos``; for 他们 / 二人 every subject named in that sentence."""
    before = [m for m in mentions if m.end <= pos and (p := persons.get(m.name)) is not None and p.role == "subject"]
    if not before:
        return []
    if not _PLURAL.search(s, max(0, pos - 12), pos + 12):
        return [before[-1]]
    lo, _ = sentence_bounds(s, before[-1].start)
    out: list[NameMention] = []
    for m in before:
        if m.start >= lo and m.name not in {x.name for x in out}:
            out.append(m)
    return out


def _penalty_runs(s: str, pens: list[Any]) -> list[tuple[list[int], int]]:
    """For each penalty: the indices of its run of 、-coordinated penalties and its place in it."""
    out: list[tuple[list[int], int]] = []
    run: list[int] = []
    for k, pen in enumerate(pens):
        if run and not re.fullmatch(r"(?:处分|处理)?[、和及]", s[pens[run[-1]].end:pen.start]):
            run = []
        run.append(k)
        out.append((run, len(run) - 1))
    return out


def _anaphor(s: str, lo: int, hi: int, persons: dict[str, Any]) -> Any:
    """该名副主任 / 该书记: the one person holding that title."""
    m = re.search(r"该名?([\u4e00-\u9fff]{2,8}?)(?:受到|被|遭|因)", s[lo:hi])
    if not m:
        return None
    word = m.group(1)
    # 该村党支部书记 names the unit level as well: the title may end the word or the word the title
    holders = [p for p in persons.values()
               if any(q["_simp"].endswith(word) or (len(q["_simp"]) >= 2 and word.endswith(q["_simp"]))
                      for q in p.posts)]
    return holders[0] if len(holders) == 1 else None


def _group(s: str, before: list[NameMention], pen_start: int) -> list[NameMention]:
    """The nearest person before a penalty and the persons coordinated with it."""
    last = before[-1]
    group = [last]
    for m in reversed(before[:-1]):
        between = s[m.end:group[-1].start]
        if m.name == group[-1].name:
            continue
        if re.search(r"[和、与及]", between) and not re.search(r"受到|给予|处分|被|[，,。;；]", between):
            group.append(m)
        else:
            break
    return list(reversed(group))
