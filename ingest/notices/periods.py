"""The misconduct period: a span (2013年10月至2016年1月, 2011年至今) or the earliest dated
misconduct. Programme starts, appointments, inspections and decisions are skipped.
"""
from __future__ import annotations

import re

# a year in digits or in Chinese numerals (二〇一六年), a month (5月 / 5月份 / 五月), a day, and
# the parts of a year notices use (初 / 底 / 上半年 / 春季 ...)
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年"
_MONTH = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])月份?"
_DATE = (rf"{_YEAR}(?:度(?![\d工考])|{_MONTH}(?:\d{{1,2}}日)?)?"
         r"(?:初|底|末|上半年|下半年|年初|年底|年末|[春夏秋冬](?:季|天)?(?![节耕播收种])|第[一二三四]季度)?")
_RANGE_RE = re.compile(rf"(?:{_DATE})(?:至|到|—|-|~)(?:今|{_DATE}|\d{{1,2}}月(?:\d{{1,2}}日)?)(?:底|初|末)?"
                       # 2014至2016年 / 2014、2015年 / 2014年、2015年和2016年: years written once or in a list
                       rf"|\d{{4}}(?:至|到|—|-|~)\d{{4}}年|\d{{4}}(?:、\d{{4}})+年|{_DATE}(?:、{_DATE})+(?:和{_DATE})?"
                       rf"|{_DATE}和{_DATE}|{_DATE}(?:开始|起)(?:持续|一直)?(?:至今|到现在)"
                       # an open start: 2018年3月以来 / 2015年起 (not 起任 / 以来的工作)
                       rf"|{_DATE}以来(?=[，,]|先后|多次|陆续|一直|连续|共|累计|利用|采取|通过|违规|擅自)"
                       rf"|{_DATE}起(?=[，,]|至今|先后|多次|陆续|一直|连续|利用|违规|擅自)")
_DATE_RE = re.compile(_DATE)
# a date said relative to the notice (今年3月, 去年): used only when no written year is a period
_REL_RE = re.compile(rf"(?:今年|去年|前年|同年)(?:{_MONTH}(?:\d{{1,2}}日)?)?(?:初|底|末|上半年|下半年|以来)?")
# a date whose sentence says one of these is not a misconduct date
_SKIP_SENTENCE = re.compile(r"处分|处理|给予|受到|判处|立案|巡察|审计|线索|移送|移交|通报|警示|说起|约谈|调查组|组织调查"
                            r"|专项治理工作|召开|问责|查处|据悉|据统计"
                            # how the case came to light: a complaint, a tour of inspection, a check
                            r"|巡视|举报|信访|督查|暗访|(?:检查|核查|排查|走访|抽查)中(?:发现|了解|查明)|追溯|接到|初核|调查核实|审查调查|立案调查|开展调查|进行调查"
                            # a range of records looked through is not a period
                            r"|查阅|调取|调阅|翻阅")
_SKIP_AFTER = re.compile(r"^(?:[起,，]?(?:任|担任|当选|以来|起任|开始实施|推行)|以来|第\d+期|[第度]?(?:工作|考核|年度))")
_SKIP_BEFORE = re.compile(r"(?:自|从)$")
_SENT_END = re.compile(r"[。;；!！?？\n]")


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in "。;；!！?？\n") + 1
    right_m = _SENT_END.search(text, end)
    return text[left:right_m.start() if right_m else len(text)]


_CLAUSE_END = re.compile(r"[，,。;；!！?？\n]")


def _clauses(text: str, start: int, end: int) -> str:
    """The date's clause and the next one."""
    left = max(text.rfind(c, 0, start) for c in "，,。;；!！?？\n") + 1
    ends = []
    for m in _CLAUSE_END.finditer(text, end):
        ends.append(m.start())
        if len(ends) == 2:
            break
    right = ends[-1] if len(ends) == 2 and text[end:end + 1] in "，," else (ends[0] if ends else len(text))
    return text[left:right]


# a date of a meeting or of a document being issued is not a misconduct date
_SKIP_EVENT = re.compile(r"下发|印发|出台|实施方案|工作方案|例会|推进会|电视电话会|工作会议|动员会|部署会")


def _ok(text: str, start: int, end: int) -> bool:
    sent = _clauses(text, start, end)
    if _SKIP_SENTENCE.search(sent) or _SKIP_EVENT.search(_sentence(text, start, end)):
        return False
    after = text[end:end + 6]
    if _SKIP_AFTER.search(after) or "以来" in text[end:end + 25].split("，")[0].split(",")[0]:
        return False
    if re.search(r"推行|试点", sent):
        return False
    return True


def find_period(text: str) -> tuple[int, int] | None:
    """Span of the misconduct period in ``text`` (simplified), or None."""
    for m in _RANGE_RE.finditer(text):
        if _ok(text, m.start(), m.end()):
            return m.start(), m.end()
    for m in _DATE_RE.finditer(text):
        if re.match(r"(?:至|到)", text[m.end():m.end() + 1]):
            continue
        if _ok(text, m.start(), m.end()) and not _SKIP_BEFORE.search(text[max(0, m.start() - 1):m.start()]) \
                or (_ok(text, m.start(), m.end()) and re.match(r"开始", text[m.end():m.end() + 2])):
            return m.start(), m.end()
    for m in _REL_RE.finditer(text):
        if _ok(text, m.start(), m.end()) and not _SKIP_BEFORE.search(text[max(0, m.start() - 1):m.start()]):
            return m.start(), m.end()
    return None
