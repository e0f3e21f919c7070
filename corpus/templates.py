"""Notice templates for the demo corpus, written for this project.

The demo county, its people and its cases are fictional. ``build.py`` fills
these templates with cadres, relatives and payees drawn from the synthetic
rosters, so the notices and the rosters tell one consistent story.
"""
from __future__ import annotations

NOTICE_2024 = """{county}纪委监委关于2024年第一批侵害群众利益不正之风和腐败问题典型案例的通报

一、{town_a}{village_a}党支部书记{cadre_a}优亲厚友问题。2022年3月至2023年12月，{cadre_a}在{village_a}农村低保评议中，隐瞒与申请人的亲属关系，未按规定回避，违规将其{kin_word_a}{relative_a}一户纳入农村低保，致其违规领取低保金{amount_a}元。2024年3月，{cadre_a}受到党内警告处分，违规资金已全部追缴。

二、{town_b}{village_b}{title_b}{cadre_b}虚报冒领低保金问题。{death_b}至2023年12月，{cadre_b}在负责本村低保动态管理期间，明知村民{payee_b}已于{death_b}去世，未及时申报停保，并以其名义继续冒领低保金{amount_b}元用于个人开支。2024年4月，{cadre_b}受到撤销党内职务、政务撤职处分，违纪资金已收缴。

三、{town_b}民政办副主任赵某某失职失责问题。赵某某作为{town_b}低保工作具体经办人，在低保对象年度复核中把关不严，未入户核实，导致{village_b}已故人员低保金长期未停发。2024年4月，赵某某受到诫勉谈话处理。
"""

NOTICE_2025 = """{county}纪委监委通报三起群众身边不正之风和腐败问题

一、{town_b}{village_b}{cadre_b}吃拿卡要问题。2024年6月至2025年1月，{cadre_b}在为村民办理临时救助申报过程中，先后3次收受群众所送现金共计4600元。2025年3月，{cadre_b}受到开除党籍处分，违纪所得已收缴。

二、{town_a}扶贫工作站站长{official_c}挪用资金问题。2024年，{official_c}擅自将产业扶贫项目资金2.6万元挪用于站内日常开支。2025年4月，{official_c}受到政务记过处分。

三、{town_a}{village_a}报账员{clerk_d}截留私分问题。2023年至2024年，{clerk_d}伙同他人截留{village_a}危房改造补助资金1.8万余元私分。2025年5月，{clerk_d}受到党内严重警告处分，资金已全部清退。
"""

NOTICE_2024_TRADITIONAL = """{county_t}紀委監委關於一起違規享受低保問題的通報

{town_c_t}{village_c_t}村委會委員{cadre_e}違規享受低保問題。2020年至2023年，{cadre_e}隱瞞家庭收入情況，其本人所在家庭違規享受農村低保，共領取低保金1.2萬餘元。2024年9月，{cadre_e}受到黨內嚴重警告處分，違規資金已全部退繳。
"""
