"""The Ingest page and the findings snapshot through AppTest, over stores built here:
upload (GB18030 CSV, UTF-8 CSV, .xlsx) → per-file counts → rejected rows with reasons; the same
upload twice changes nothing; the Findings page reads the snapshot, says when it is missing or
stale and runs detection on request; the card shows one household with both registers and follows
"same" judgements."""
from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from qinyou import api
from qinyou.app.common import release_store
from qinyou.cli import main
from qinyou.explore.snapshot import generation, snapshot_path
from qinyou.explore.uploads import uploads_dir
from qinyou.settings import load
from test_app import APP, page_text, sign_in
from test_app_pages import build_county, open_page, settled
from test_detect import BROTHER, CADRE, CADRES, DIBAO, FATHER, HOUSEHOLDS, RELATIVES

BAD_ID = BROTHER[:-1] + ("0" if BROTHER[-1] != "0" else "1")  # a wrong check digit
DIBAO_WITH_BAD_ROW = [*DIBAO, DIBAO[2].replace(BROTHER, BAD_ID).replace("王建民", "王错号")]


def cadres_xlsx() -> bytes:
    book = openpyxl.Workbook()
    for line in CADRES:
        book.active.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


UPLOADS = [("低保.csv", ("\n".join(DIBAO_WITH_BAD_ROW) + "\n").encode("gb18030"), "text/csv"),
           ("户籍.csv", ("\n".join(HOUSEHOLDS) + "\n").encode("utf-8"), "text/csv"),
           ("近亲属备案.csv", ("\n".join(RELATIVES) + "\n").encode("utf-8"), "text/csv"),
           ("干部.xlsx", cadres_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]


@pytest.fixture()
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An app over a store not built yet."""
    monkeypatch.setenv("QINYOU_DB", str(tmp_path / "db"))
    monkeypatch.setenv("QINYOU_STORE", "embedded")
    monkeypatch.setenv("QINYOU_TRIAGE", str(tmp_path / "triage.jsonl"))
    monkeypatch.delenv("QINYOU_TRAINER", raising=False)
    sign_in(monkeypatch, tmp_path)
    return tmp_path / "db"


def upload(at: AppTest) -> AppTest:
    at.file_uploader(key="i_files").set_value(UPLOADS)
    next(b for b in at.button if "导入" in b.label).click().run()
    settled(at)
    return at


def test_upload_counts_rejects_kept_files_and_twice_changes_nothing(fresh: Path) -> None:
    at = open_page(AppTest.from_file(str(APP), default_timeout=120).run(), "ingest")
    settled(at)
    upload(at)
    files = at.dataframe[0].value.set_index("文件 / file")
    assert files.loc["低保.csv", "载入 / loaded"] == 5 and files.loc["低保.csv", "拒绝 / rejected"] == 1
    assert files.loc["户籍.csv", "载入 / loaded"] == 10 and files.loc["户籍.csv", "拒绝 / rejected"] == 0
    assert files.loc["干部.xlsx", "类型 / kind"] == "cadres" and files.loc["干部.xlsx", "载入 / loaded"] == 2
    rejects = at.dataframe[1].value
    assert rejects["文件 / file"].tolist() == ["低保.csv"] and rejects["行 / row"].tolist() == [7]
    assert rejects["原因 / reason"].iloc[0]  # a reason is given
    assert rejects["原始内容 / raw"].tolist() == ["***"]  # raw cells are personal data: hidden
    assert any("graph" in s.value and "created" in s.value for s in at.success)
    settings = load(db_path=fresh)
    kept = sorted(uploads_dir(settings).glob("*/*"))
    assert sorted(p.name for p in kept) == sorted(name for name, _, _ in UPLOADS)
    assert (next(p for p in kept if p.name == "低保.csv").read_bytes() == UPLOADS[0][1])
    # evidence points at the kept file's name and row
    card_sources = api.person_card(api.search(FATHER, settings)[0].id, settings).all_sources()
    assert "低保.csv#r2" in card_sources and "户籍.csv#r2" in card_sources
    snap = api.findings_snapshot(settings)
    assert snap.current and any(f["rule"] == "kin_benefit" for f in snap.findings)
    before = (api.stats(settings), generation(settings), snapshot_path(settings).read_bytes())

    upload(at)  # the same files again
    assert any("nothing changed" in i.value for i in at.info)
    assert (api.stats(settings), generation(settings), snapshot_path(settings).read_bytes()) == before
    assert len(list(uploads_dir(settings).glob("*/*"))) == len(UPLOADS)


def test_a_hostile_upload_name_stays_inside_the_uploads_folder(fresh: Path) -> None:
    settings = load(db_path=fresh)
    kept = api.keep_uploads([("../../evil.csv", b"a,b\n")], settings)
    assert kept[0].parent.parent == uploads_dir(settings) and kept[0].name == "evil.csv"


def test_findings_missing_then_run_then_stale_after_a_judgement(fresh: Path) -> None:
    settings = load(db_path=fresh)
    inputs = fresh.parent / "in"
    inputs.mkdir()
    for name, content, _ in UPLOADS:
        (inputs / name).write_bytes(content)
    api.ingest([inputs], settings)  # no snapshot yet
    at = open_page(AppTest.from_file(str(APP), default_timeout=120).run(), "findings")
    settled(at)
    assert any("no findings snapshot" in w.value for w in at.warning) and not at.dataframe
    next(b for b in at.button if "运行检测" in b.label).click().run()
    settled(at)
    table = at.dataframe[0].value
    assert "村干部近亲属享受低保" in set(table["问题类型"])
    assert any("current" in c.value for c in at.caption)

    # the store changes (a judgement): the snapshot is stale, and not shown as current
    a, b = (api.search(x, settings)[0].id for x in (FATHER, CADRE))
    release_store()  # the app's read handle keeps writers out (as it would keep `qinyou judge` out)
    api.judge(a, b, "different", "测试员", settings)
    at2 = open_page(AppTest.from_file(str(APP), default_timeout=120).run(), "findings")
    settled_warnings = [e.value for e in at2.error]
    assert any("stale" in e for e in settled_warnings) and not at2.dataframe
    at2.checkbox(key="f_stale").check().run()
    assert any("STALE" in w.value for w in at2.warning) and at2.dataframe
    next(b for b in at2.button if "运行检测" in b.label).click().run()
    assert not at2.error and any("current" in c.value for c in at2.caption)


def test_detect_cli_writes_the_snapshot_the_page_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = build_county(tmp_path)
    snapshot_path(load(db_path=db)).unlink()
    assert main(["--db", str(db), "detect", "--out", str(tmp_path / "f.jsonl")]) == 0
    printed = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    snap = api.findings_snapshot(load(db_path=db))
    assert snap.current and [f["id"] for f in snap.findings] == [f["id"] for f in printed]
    assert all("places" not in f and all("idno" not in p for p in f["people"]) for f in printed)
    assert all(f["places"] == ["东岭县/青石镇/柳溪村"] for f in snap.findings if f["rule"] == "kin_benefit")


def test_card_shows_a_household_once_with_both_registers_and_follows_same_judgements(tmp_path: Path) -> None:
    db = build_county(tmp_path)
    settings = load(db_path=db)
    father = api.search(FATHER, settings)[0].id
    members = api.person_card(father, settings).section("member")
    ids = [f.detail["id"] for f in members]
    assert len(ids) == len(set(ids)) == 5  # the 户籍 household's five, not 5 + the 低保 household's 3
    brother = next(f for f in members if f.detail["与户主关系"] == "子")
    assert {s.split("#")[0] for s in brother.sources} == {"低保.csv", "户籍.csv"}
    assert brother.detail["登记 / registers"] == "低保.csv、户籍.csv"

    roster = api.search(CADRE, settings)[0].id
    notice = next(n.id for n in api.search("王建国", settings) if n.id != roster and not n.props.get("idno"))
    assert not api.person_card(notice, settings).section("member")  # a notice names no household
    assert not api.person_card(roster, settings).section("case")  # a roster names no case
    api.judge(notice, roster, "same", "测试员", settings)
    seen_from_notice = api.person_card(notice, settings)
    posts = seen_from_notice.section("post")
    assert any("干部.csv#r2" in p.sources and "认定同一人" in p.detail["经由 / via"] for p in posts)
    assert {f.what for f in seen_from_notice.section("member")} >= {"陈*"}  # the roster person's wife 陈美
    assert seen_from_notice.same_as and seen_from_notice.same_as[0][0] == roster
    seen_from_roster = api.person_card(roster, settings)
    assert any(c.detail.get("经由 / via") for c in seen_from_roster.section("case"))
    api.undo_judgement(notice, roster, settings)
    assert not api.person_card(notice, settings).section("member")
