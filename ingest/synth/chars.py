"""Character lists the synthetic county is made of, written by the project.

Surnames carry rough relative frequencies (common surnames are very common,
so a shared surname is weak evidence of kinship); given-name characters are
split by the gender they are usually given to; place names are composed from
landscape characters, so no real county or village is named.
"""
from __future__ import annotations

#: surname → relative weight
SURNAMES: dict[str, int] = {
    "王": 72, "李": 70, "张": 68, "刘": 53, "陈": 45, "杨": 34, "黄": 25, "赵": 21, "吴": 20, "周": 19,
    "徐": 15, "孙": 15, "马": 14, "朱": 13, "胡": 12, "郭": 12, "何": 11, "林": 11, "罗": 10, "高": 10,
    "郑": 9, "梁": 9, "谢": 8, "宋": 7, "唐": 7, "许": 7, "韩": 6, "冯": 6, "邓": 6, "曹": 6,
    "彭": 5, "曾": 5, "肖": 5, "田": 5, "董": 5, "潘": 4, "袁": 4, "蔡": 4, "蒋": 4, "余": 4,
    "于": 4, "杜": 4, "叶": 4, "程": 4, "魏": 3, "苏": 3, "吕": 3, "丁": 3, "任": 3, "卢": 3,
    "姚": 3, "沈": 3, "钟": 3, "姜": 3, "崔": 3, "谭": 3, "陆": 2, "范": 2, "汪": 2, "廖": 2,
    "石": 2, "金": 2, "韦": 2, "贾": 2, "夏": 2, "付": 2, "方": 2, "邹": 2, "熊": 2, "白": 2,
    "孟": 2, "秦": 2, "邱": 2, "侯": 2, "江": 2, "尹": 2, "薛": 2, "闫": 2, "段": 2, "雷": 2,
    "龙": 1, "黎": 1, "史": 1, "陶": 1, "贺": 1, "毛": 1, "郝": 1, "顾": 1, "龚": 1, "邵": 1,
    "莫": 1, "覃": 1, "蒙": 1, "欧阳": 1, "上官": 1,
}

MALE_CHARS = (
    "建国军伟强明华平刚海涛勇斌杰磊鹏超波辉春生福贵荣志新东林德成文武永忠庆宝兴发财"
    "金国家红光立宏俊峰浩宇博文昌盛玉山水清长根全义仁良广进军民胜利学友祥瑞")
FEMALE_CHARS = (
    "秀英兰芳玉梅桂珍凤霞丽娟敏静燕红艳萍琴云莲美娥翠香菊花小婷慧娜雪颖琳彩金"
    "月春秋冬丹芬巧凤姣爱淑惠芝瑶佳欣怡雨晴萱悦")

PLACE_FIRST = "东西南北上下前后大小高新石青白黄龙凤马牛杨柳松竹桃李梅兰金银铜铁平安和永太长"
PLACE_SECOND = "岭坪溪河湾坝沟冲塘山林桥田坡口岗寨洞湖源泉坑垄岩峰庄屯铺堡圩"

COUNTY = "东岭县"
#: the county's region code (fictional use) and neighbours people were born in
COUNTY_CODE = "452731"
OTHER_CODES = ("452702", "452723", "452724", "452725", "452726", "452727", "452728", "452729", "452730")

VILLAGE_TITLES = ("党支部书记", "村委会主任", "村委会副主任", "村会计", "妇女主任", "村委委员", "村务监督委员会主任")
TOWN_TITLES = (("民政助理", "民政办"), ("站长", "扶贫站"), ("党委书记", "党委"))

BENEFIT_DIBAO = "农村低保"
BENEFIT_TEKUN = "特困供养"
BENEFIT_DISABLED = "困难残疾人生活补贴"
