"""The formats towns keep: GB18030/UTF-8(-BOM) CSV, .xlsx with merged headers and numeric IDs, .xls."""
from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from qinyou.ingest.rosters import read_roster
from qinyou.ingest.rosters.idno import check_digit
from qinyou.ingest.rosters.mapping import load_mapping
from qinyou.errors import InputError, MappingError
from idkeys import TEST_KEY


def idno(body: str) -> str:
    return body + check_digit(body)


A, B, C = idno("45273119800101001"), idno("45273119820305002"), idno("45273120050607003")
NO_X = next(idno(f"452731199001010{s:02d}") for s in range(100) if not idno(f"452731199001010{s:02d}").endswith("X"))
HEADER = "序号,县区,乡镇,村(居),户主姓名,户主身份证号,成员姓名,公民身份号码,与户主关系,保障类别,保障人数,月保障金额,享受起始时间"


def dibao_rows() -> list[str]:
    return [
        "东岭县青石镇2023年农村低保对象花名册,,,,,,,,,,,,",
        HEADER,
        f"1,东岭县,青石镇,柳溪村（居）,王建国,{A},王 建国,{A},户主,农村低保,3,1230.5,2019年3月",
        f"2,东岭县,青石镇,柳溪村,王建国,{A},李秀英,{B},配偶,农村低保,3,1230.5,2019.03",
        f"3,东岭县,青石镇,柳溪村,王建国,{A},王小明,{C.lower()},子,农村低保,3,1230.5,43525",
        f"3,东岭县,青石镇,柳溪村,王建国,{A},王小明,{C.lower()},子,农村低保,3,1230.5,43525",
        ",,,,,,,,,,,,",
        f"4,东岭县,青石镇,柳溪村,王建国,{A},王二,{C[:-1] + ('0' if C[-1] != '0' else '1')},子,农村低保,3,1230.5,2019-03-01",
        f"5,东岭县,青石镇,柳溪村,王建国,{A},王三,3.50102E+17,子,农村低保,3,1230.5,2019-03-01",
        f"6,东岭县,青石镇,柳溪村,王建国,{A},,{B},配偶,农村低保,3,1230.5,2019-03-01",
        f"7,东岭县,青石镇,柳溪村,王建国,{A},李秀英,{B},配偶,农村低保,3,1230.5,去年",
        "合计,,,,,,,,,,,3690,",
    ]


def reasons(report) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {r.row: r.reason.split(":")[0] for r in report.rejects}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_encodings_and_bad_rows(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "dibao.csv"
    path.write_bytes("\n".join(dibao_rows()).encode(encoding))
    batch, report = read_roster(path, key=TEST_KEY)
    assert report.kind == "beneficiaries"
    assert (report.read, report.loaded, report.rejected) == (9, 3, 6)
    assert report.summary() == "dibao.csv: read 9 rows: loaded 3, rejected 6"
    assert reasons(report) == {6: "duplicate", 8: "idno_check", 9: "idno_excel", 10: "missing_value",
                               11: "bad_date", 12: "total_row"}
    assert "row 5" in next(r.reason for r in report.rejects if r.row == 6)
    assert all(A not in r.raw for r in report.rejects)  # ID numbers are masked in rejects
    nodes = batch.node_frames()
    people = nodes["Person"].set_index("idno")
    assert people.loc[A, "name"] == "王建国" and people.loc[C, "gender"] == "男"
    assert sorted(people.loc[A, "sources"]) == ["dibao.csv#r3", "dibao.csv#r4", "dibao.csv#r5"]
    assert set(nodes["Place"]["path"]) == {"东岭县", "东岭县/青石镇", "东岭县/青石镇/柳溪村"}
    assert nodes["Benefit"]["start_date"].tolist() == ["2019-03-01"]
    member = batch.rel_frames()[("MEMBER_OF", "Person", "Household")]
    assert sorted(member["relation_to_head"]) == ["子", "户主", "配偶"]


def test_gb18030_is_detected_not_assumed(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("\n".join(dibao_rows()).encode("gb18030"))
    assert "gb18030" in read_roster(path, key=TEST_KEY)[1].notes[0]


def _xlsx_with_merged_header(path: Path, ids: list[object]) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["东岭县青石镇村两委干部花名册"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "基本信息", None, "任职情况", None, None, None])
    ws.append([None, "姓名", "身份证号", "职务", "单位", "乡镇(街道)", "任职时间"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:G2")
    for i, value in enumerate(ids, 1):
        ws.append([i, f"张{i}", value, "村委会主任" if i % 2 else "原党支部书记", "柳溪村", "青石镇", "2019年3月"])
    book.save(path)


def _digits_in_full(path: Path, marker: str, digits: str) -> None:
    """Rewrite one text cell as a number cell holding all 18 digits (as non-Excel tools write them)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                start = text.index(f"<t>{marker}</t>")
                cell = text.rindex("<c ", 0, start)
                end = text.index("</c>", start) + 4
                ref = text[cell:end].split('r="')[1].split('"')[0]
                text = text[:cell] + f'<c r="{ref}" t="n"><v>{digits}</v></c>' + text[end:]
                data = text.encode()
            dst.writestr(item, data)
    tmp.replace(path)


def test_xlsx_merged_header_and_numeric_ids(tmp_path: Path) -> None:
    path = tmp_path / "cadres.xlsx"
    _xlsx_with_merged_header(path, [A, float(NO_X), "FULL", f"{B} "])
    _digits_in_full(path, "FULL", NO_X)
    batch, report = read_roster(path, key=TEST_KEY)
    assert report.kind == "cadres"
    assert (report.loaded, report.rejected) == (3, 1)
    assert reasons(report) == {5: "idno_excel"}  # a float ID: 16 significant digits at most
    people = batch.node_frames()["Person"]
    assert set(people["idno"]) == {A, NO_X, B}
    sources = sorted(s for row in people["sources"].tolist() for s in row)
    assert sources == ["cadres.xlsx#r4", "cadres.xlsx#r6", "cadres.xlsx#r7"]
    posts = batch.node_frames()["Post"]
    assert set(posts["title"]) == {"村委会主任", "党支部书记"}
    assert set(posts["level"]) == {"village"}
    orgs = batch.node_frames()["Org"]
    assert set(orgs["name"]) == {"柳溪村村民委员会", "柳溪村党支部"}
    assert set(orgs["place_path"]) == {"东岭县/青石镇/柳溪村"}  # county from the title row
    assert any("county=东岭县" in n for n in report.notes)


def test_xls(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    ws = book.add_sheet("死亡")
    ws.write_merge(0, 0, 0, 2, "2023年火化登记")
    for c, h in enumerate(["姓名", "公民身份号码", "火化日期"]):
        ws.write(1, c, h)
    ws.write(2, 0, "王建国"); ws.write(2, 1, A); ws.write(2, 2, "2023.03.05")
    ws.write(3, 0, "李秀英"); ws.write(3, 1, float(int(NO_X))); ws.write(3, 2, 44990.0)
    ws.write(4, 0, "王小明"); ws.write(4, 1, C); ws.write(4, 2, 44990.0)
    path = tmp_path / "deaths.xls"
    book.save(str(path))
    batch, report = read_roster(path, key=TEST_KEY)
    assert report.kind == "deaths" and report.loaded == 2 and reasons(report) == {4: "idno_excel"}
    deaths = batch.node_frames()["Death"]
    assert sorted(deaths["date"]) == ["2023-03-05", "2023-03-05"]


def test_kind_option_and_unknown_header(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_roster(path, key=TEST_KEY)
    path.write_text(f"姓名,身份证号,死亡日期\n王,{A},2020-01-01\n", encoding="utf-8")
    assert read_roster(path, kind="deaths", key=TEST_KEY)[1].loaded == 1
    with pytest.raises(InputError):
        read_roster(path, kind="payments", key=TEST_KEY)


def test_user_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("""
kind: deaths
required: [name, idno, date]
fields:
  name: {header: 逝者, target: Person.name, parse: name}
  idno: {header: 证件号, target: Person.idno, parse: idno}
  date: {header: 注销户口日期, target: Death.date, parse: date}
""", encoding="utf-8")
    path = tmp_path / "x.csv"
    path.write_text(f"逝者,证件号,注销户口日期\n王,{A},2020年1月2日\n", encoding="utf-8")
    batch, report = read_roster(path, mapping=mapping, key=TEST_KEY)
    assert report.loaded == 1 and batch.node_frames()["Death"]["date"].tolist() == ["2020-01-02"]


@pytest.mark.parametrize("body, message", [
    ("kind: nope\nfields: {a: {header: x, target: Person.name}}\nrequired: [a]", "kind"),
    ("kind: deaths\nfields: {name: {header: x, target: Person.nickname}}\nrequired: [name]", "no property"),
    ("kind: deaths\nfields: {name: {header: x, target: Pet.name}}\nrequired: [name]", "no type"),
    ("kind: deaths\nfields: {name: {header: x, target: Person.name, parse: magic}}\nrequired: [name]", "parse"),
    ("kind: deaths\nfields: {name: {header: x, target: Person.name}}\nrequired: [idno]", "unknown fields"),
])
def test_mapping_errors(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        load_mapping(path)


def test_an_old_15_digit_number_is_kept_as_written(tmp_path: Path) -> None:
    """The person gets the 18-character number as identity and keeps the 15 digits it was written with."""
    path = tmp_path / "户籍.csv"
    new = idno("11010519800101002")
    path.write_text("户号,姓名,身份证号,与户主关系\nH1,王甲,110105491231002,户主\nH1,王乙," + new + ",子\n",
                    encoding="utf-8")
    batch, report = read_roster(path, key=TEST_KEY)
    assert report.rejected == 0
    people = batch.node_frames()["Person"].set_index("idno")
    assert list(people.loc["11010519491231002X", "raw"]) == ["110105491231002"]
    assert list(people.loc[new, "raw"]) == []
