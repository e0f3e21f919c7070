"""Small hand-written worlds for the readings records allow (shared by the detector and truth tests).

Each case plants one way a pair of people can be linked by rows whose readings
a careless composer gets wrong; the expected answers are written here from the
definitions of the words, not computed.
"""
from __future__ import annotations

from qinyou.ingest.rosters.idno import check_digit


def idno(birth: str, seq: int) -> str:
    """An ID number of 东岭县 born on ``birth`` (YYYYMMDD); an odd ``seq`` is a man, an even one a woman."""
    body = f"452731{birth}{seq:03d}"
    return body + check_digit(body)


#: name → (ID number, household, 与户主关系); a household's 户主 is its first row
PEOPLE = {
    # 1. a brother's 备案 姐夫, the cadre being his elder sister: her husband or her sister's
    "汪父": (idno("19480101", 11), "001", "户主"), "汪彩": (idno("19750101", 22), "001", "女"),
    "汪明": (idno("19780101", 31), "001", "子"), "朱进明": (idno("19740101", 41), "002", "户主"),
    # 1b. the same with the cadre his younger sister: only another (elder) sister's husband (out of scope)
    "林父": (idno("19480202", 51), "003", "户主"), "林小": (idno("19820202", 62), "003", "女"),
    "林强": (idno("19760202", 71), "003", "子"), "高峰": (idno("19730202", 81), "004", "户主"),
    # 2. a head's 儿媳 and a 子's 备案 侄女: her niece, or her daughter if she married his brother
    "张父": (idno("19450303", 91), "005", "户主"), "张军": (idno("19700303", 111), "005", "子"),
    "张彩瑶": (idno("19720303", 122), "005", "儿媳"), "罗怡": (idno("20000303", 132), "006", "户主"),
    # 3. a wife and her brother born the same day: 妻兄弟, seniority unknown
    "赵涛峰": (idno("19700404", 141), "007", "户主"), "许老": (idno("19480404", 151), "008", "户主"),
    "许丽": (idno("19750404", 162), "008", "女"), "许斌文": (idno("19750404", 171), "008", "子"),
    # 4. a head's 儿媳 and the head's 女: her husband's sister, which one older unknown
    "张老": (idno("19460505", 181), "009", "户主"), "许姣": (idno("19730505", 192), "009", "儿媳"),
    "张巧萍": (idno("19760505", 202), "009", "女"),
}
CADRES = ["汪彩", "汪明", "林小", "林强", "张军", "张彩瑶", "赵涛峰", "许姣"]
#: (cadre, relative, word) 备案 rows
DECLARED = [("汪明", "朱进明", "姐夫"), ("林强", "高峰", "姐夫"), ("张军", "罗怡", "侄女"),
            ("赵涛峰", "许丽", "妻子")]
#: households on 低保 (every member)
DIBAO_HOUSEHOLDS = ["002", "004", "006", "008", "009"]

#: (cadre, beneficiary) → (certainty, the readings' words, each in the 低保 scope or not); pairs not
#: listed must not be reported (every reading outside the scope)
EXPECTED = {
    ("汪彩", "朱进明"): ("ambiguous", {("丈夫", True), ("姐夫或妹夫", False)}),
    ("张彩瑶", "罗怡"): ("ambiguous", {("女儿", True), ("侄女", False)}),
    ("赵涛峰", "许斌文"): ("certain", {("妻兄弟", True)}),
    ("赵涛峰", "许丽"): ("certain", {("妻子", True)}),
    ("赵涛峰", "许老"): ("certain", {("岳父", True)}),
    ("许姣", "张巧萍"): ("certain", {("夫姐妹", True)}),
    ("许姣", "张老"): ("certain", {("公公", True)}),
}
#: pairs the records join whose every reading lies outside the scope
OUTSIDE = {("林小", "高峰"): "姐夫", ("汪明", "朱进明"): "姐夫", ("林强", "高峰"): "姐夫", ("张军", "罗怡"): "侄女"}


def households_csv() -> str:
    lines = ["户号,姓名,身份证号,与户主关系,村(社区),乡镇(街道),县(市、区)"]
    lines += [f"{hh},{name},{no},{rel},柳溪村,青石镇,东岭县" for name, (no, hh, rel) in PEOPLE.items()]
    return "\n".join(lines) + "\n"


def dibao_csv() -> str:
    lines = ["县区,乡镇,村(居),户主姓名,户主身份证号,成员姓名,公民身份号码,与户主关系,保障类别,保障人数,月保障金额,享受起始时间"]
    for hh in DIBAO_HOUSEHOLDS:
        rows = [(n, no, rel) for n, (no, h, rel) in PEOPLE.items() if h == hh]
        head, head_no, _ = rows[0]
        lines += [f"东岭县,青石镇,柳溪村,{head},{head_no},{n},{no},{rel},农村低保,{len(rows)},{300 * len(rows)},2022-01"
                  for n, no, rel in rows]
    return "\n".join(lines) + "\n"


def cadres_csv() -> str:
    lines = ["姓名,身份证号,职务,单位,乡镇(街道),县(市、区),任职时间"]
    lines += [f"{n},{PEOPLE[n][0]},村委委员,柳溪村,青石镇,东岭县,2018-01-01" for n in CADRES]
    return "\n".join(lines) + "\n"


def relatives_csv() -> str:
    lines = ["干部姓名,干部身份证号,亲属姓名,亲属身份证号,关系"]
    lines += [f"{c},{PEOPLE[c][0]},{k},{PEOPLE[k][0]},{w}" for c, k, w in DECLARED]
    return "\n".join(lines) + "\n"
